// The task services wired as the runtime wires them, over a database, a queue and a task-folder
// root the test chose (a queue with no worker keeps queued jobs still for the test to look at).
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { InProcessBus } from '../../src/events/memory.js';
import type { EventBus } from '../../src/events/types.js';
import type { JobQueue } from '../../src/jobs/types.js';
import { validateTaskOptions } from '../../src/providers/registry.js';
import { type FolderFaults, TaskFolders } from '../../src/storage/task-folder.js';
import { RunLifecycle } from '../../src/tasks/lifecycle.js';
import { NotificationService } from '../../src/tasks/notifications.js';
import { NotificationRepository, TaskRepository } from '../../src/tasks/repository.js';
import { TaskService } from '../../src/tasks/service.js';

export const silentLog = pino({ level: 'silent' });

export function taskServices(opts: {
  db: Database;
  queue: Pick<JobQueue, 'enqueue' | 'cancel'>;
  storageRoot: string;
  bus?: EventBus;
  faults?: FolderFaults;
}) {
  const tasks = new TaskRepository(opts.db);
  const notifications = new NotificationService({
    notifications: new NotificationRepository(opts.db),
    bus: opts.bus ?? new InProcessBus(),
    log: silentLog,
  });
  const folders = new TaskFolders(opts.storageRoot, opts.faults);
  const lifecycle = new RunLifecycle({ tasks, notifications, queue: opts.queue, folders, log: silentLog });
  const config = loadConfig({});
  const service = new TaskService({
    tasks,
    lifecycle,
    folders,
    checkOptions: (options) => validateTaskOptions(config, options, {}),
  });
  return { tasks, notifications, folders, lifecycle, service };
}
