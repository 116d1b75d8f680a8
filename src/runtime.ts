// Wires the service graph in one place: config → deployment → database (PGlite under its DATA_DIR
// lock, migrated; or PostgreSQL) → queue and bus → lifecycle and services → HTTP app and/or worker;
// close() undoes it in reverse.
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { AuthService } from './auth/service.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { type Deployment, deploymentOf, openDatabaseAt } from './deployment.js';
import { createBus } from './events/index.js';
import { isTaskChangeFeed } from './events/task-changes.js';
import type { EventBus } from './events/types.js';
import { createJobs } from './jobs/index.js';
import { type JobHandlers, type JobQueue, PermanentJobError } from './jobs/types.js';
import { type Providers, segmentSettingsOf } from './pipeline/segment.js';
import { createProviders, type ProviderOverrides, validateTaskOptions } from './providers/registry.js';
import { buildApp } from './server/app.js';
import { type FolderFaults, TaskFolders } from './storage/task-folder.js';
import { RunLifecycle } from './tasks/lifecycle.js';
import { NotificationService } from './tasks/notifications.js';
import { Reconciler, startReconciler } from './tasks/reconcile.js';
import { NotificationRepository, TaskRepository } from './tasks/repository.js';
import { createSegmentJobHandler } from './tasks/segment-job.js';
import { TaskService } from './tasks/service.js';

export type RuntimeRole = 'serve' | 'worker';

export interface RuntimeOptions {
  config: Config;
  role: RuntimeRole;
  /** Jobs run at once by this process's worker (default QUEUE_CONCURRENCY). */
  concurrency?: number;
  /** Milliseconds a closing worker lets running segments finish before it aborts them. */
  graceMs?: number;
  /** Default: pino at LOG_LEVEL on stderr. */
  log?: Logger;
  /** Providers per task; default: the registry (server settings + the task's options.providers). */
  providers?: (task: { options: Record<string, unknown> }) => Providers;
  /** WebSocket keepalive: ping this often, drop sockets that missed the last pong (default 30 s). */
  wsPingIntervalMs?: number;
  /** BullMQ worker timing: how soon a job of a killed worker is taken over (see BullWorkerOptions). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** The seed 002 job; until it is wired, v1 jobs fail permanently with a clear reason. */
  v1Handler?: JobHandlers['run-v1-task'];
  /** Scaled server: how long a segment's job must be seen gone before the sweep fails it (default 10 s). */
  reconcileGraceMs?: number;
  /** Failure injection into task-folder changes, for tests of what a failed change leaves behind. */
  folderFaults?: FolderFaults;
}

export interface Runtime {
  readonly config: Config;
  readonly deployment: Deployment;
  readonly db: Database;
  readonly bus: EventBus;
  readonly queue: JobQueue;
  /** The HTTP app (role serve), not yet listening. */
  readonly app?: FastifyInstance;
  readonly tasks: TaskService;
  /** Resolves when this process's worker (if any) takes jobs. */
  workerReady(): Promise<void>;
  /** Idempotent: HTTP → workers → queues → Redis → database → DATA_DIR lock. */
  close(): Promise<void>;
}

const NOTIFICATION_RETENTION_DAYS = 30;

/** The logger of a process without one of its own: pino's JSON lines on stderr. */
export function processLogger(level: Config['LOG_LEVEL']): Logger {
  return pino({ level }, pino.destination(2));
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config, role } = opts;
  const log = opts.log ?? processLogger(config.LOG_LEVEL);
  const deployment = deploymentOf(config);
  if (role === 'worker' && deployment.mode === 'embedded') {
    throw new Error(
      'storyagent worker needs DATABASE_URL and REDIS_URL; without them `storyagent serve` runs the jobs itself',
    );
  }

  const cleanups: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          log.error({ err }, 'error while closing');
        }
      }
    })();
    return closing;
  };

  try {
    const db = await openDatabaseAt(deployment.database);
    cleanups.push(() => db.close());
    if (deployment.mode === 'embedded') await migrate(db);
    else await assertMigrated(db);

    const bus = createBus(deployment.bus);
    cleanups.push(() => bus.close());
    // Scaled mode: every process announces its task writes on the bus, and servers cache snapshots
    // that those announcements keep exact (see TaskRepository).
    const taskRepo = new TaskRepository(db, { changes: isTaskChangeFeed(bus) ? bus : undefined, log });
    const notificationRepo = new NotificationRepository(db);
    if (role === 'serve') {
      // Stored notifications serve catching up, not history: keep NOTIFICATION_RETENTION_DAYS.
      const prune = () =>
        notificationRepo
          .prune(NOTIFICATION_RETENTION_DAYS)
          .catch((err) => log.warn({ err }, 'pruning failed'));
      await prune();
      const timer = setInterval(prune, 6 * 3600_000);
      timer.unref();
      cleanups.push(async () => clearInterval(timer));
    }
    const notifications = new NotificationService({ notifications: notificationRepo, bus, log });
    const folders = new TaskFolders(config.storageRoot, opts.folderFaults);
    // The lifecycle chains segments through the queue, and the queue is created with the handlers
    // that call the lifecycle: the queue is handed over once it exists.
    let queueRef: JobQueue | undefined;
    const lifecycle = new RunLifecycle({
      tasks: taskRepo,
      notifications,
      queue: {
        enqueue: (name, payload, o) => queueRef!.enqueue(name, payload, o),
        cancel: (jobId) => queueRef!.cancel(jobId),
      },
      folders,
      log,
    });
    const handlers: JobHandlers = {
      'run-segment': createSegmentJobHandler({
        lifecycle,
        folders,
        providers:
          opts.providers ??
          ((task) => createProviders(config, (task.options.providers ?? {}) as ProviderOverrides)),
        settings: segmentSettingsOf(config),
        log,
      }),
      'run-v1-task':
        opts.v1Handler ??
        (async () => {
          throw new PermanentJobError('dubbing tasks are not enabled in this build');
        }),
    };

    const jobs = createJobs(deployment.queue, handlers, {
      role: role === 'worker' ? 'worker' : 'server',
      concurrency: opts.concurrency ?? config.QUEUE_CONCURRENCY,
      lockDurationMs: opts.lockDurationMs ?? config.QUEUE_LOCK_DURATION_MS,
      stalledIntervalMs: opts.stalledIntervalMs ?? config.QUEUE_STALLED_INTERVAL_MS,
      onFailed: (failure) => lifecycle.recordJobFailure(failure),
    });
    queueRef = jobs.queue;
    cleanups.push(() => jobs.queue.close());
    // Embedded, this process ran every job: what a crash left queued or running is gone.
    if (deployment.queue.kind === 'in-process') await lifecycle.failInterrupted();
    const worker = jobs.worker;
    if (worker) cleanups.push(() => worker.close(opts.graceMs));

    const tasks = new TaskService({
      tasks: taskRepo,
      lifecycle,
      folders,
      checkOptions: (options) => validateTaskOptions(config, options),
    });

    if (role === 'serve' && deployment.mode === 'scaled') {
      // Jobs Redis lost, or BullMQ failed after too many stalls, never reach recordJobFailure.
      const reconciler = new Reconciler({
        lifecycle,
        queue: jobs.queue,
        log,
        graceMs: opts.reconcileGraceMs,
      });
      cleanups.push(startReconciler(reconciler, config.RECONCILE_INTERVAL_MS, log));
    }

    let app: FastifyInstance | undefined;
    if (role === 'serve') {
      const auth = await AuthService.create(db, config);
      app = await buildApp({
        config,
        log,
        auth,
        tasks,
        notifications,
        bus,
        wsPingIntervalMs: opts.wsPingIntervalMs,
        health: {
          database: () => db.ping(),
          queue: () => jobs.queue.ping(),
          storageRoot: config.storageRoot,
        },
      });
      const httpApp = app;
      cleanups.push(() => closeHttp(httpApp, HTTP_CLOSE_GRACE_MS));
    }
    const workerReady = async () => {
      if (worker && 'ready' in worker && typeof worker.ready === 'function') await worker.ready();
    };
    return { config, deployment, db, bus, queue: jobs.queue, app, tasks, workerReady, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function assertMigrated(db: Database): Promise<void> {
  const [row] = await db.query<{ t: string | null }>(`SELECT to_regclass('task_segments')::text AS t`);
  if (!row?.t) {
    throw new Error('The database has no StoryAgent tables yet: run `storyagent migrate` first');
  }
}

/** How long in-flight requests may take to finish once the server is asked to stop. */
const HTTP_CLOSE_GRACE_MS = 5_000;

/**
 * Stops accepting, lets in-flight requests finish, then cuts what is left: a connection that never
 * sent a request (or a stalled client) would otherwise keep SIGTERM waiting until the client hangs up.
 */
async function closeHttp(
  app: { close(): Promise<unknown>; server: { closeAllConnections(): void } },
  graceMs: number,
) {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  cut.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
