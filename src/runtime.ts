// Wires the service graph in one place: config → DATA_DIR lock (embedded) → database → migrations
// (embedded) → queue and bus → services → HTTP app and/or worker; close() undoes it in reverse.
import type { FastifyInstance } from 'fastify';
import { AuthService } from './auth/service.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { type DirLock, lockDataDir } from './db/lock.js';
import { migrate } from './db/migrate.js';
import { createBus, isTaskChangeFeed } from './events/index.js';
import type { EventBus } from './events/types.js';
import { createJobs, type JobsRole } from './jobs/index.js';
import { type JobFailure, type JobHandlers, type JobQueue, PermanentJobError } from './jobs/types.js';
import type { Providers } from './pipeline/segment.js';
import { createProviders, type ProviderOverrides, validateProviderOverrides } from './providers/registry.js';
import { buildApp } from './server/app.js';
import { failRun } from './tasks/fail-run.js';
import { type Logger, NotificationService } from './tasks/notifications.js';
import { Reconciler, startReconciler } from './tasks/reconcile.js';
import { NotificationRepository, TaskRepository } from './tasks/repository.js';
import { createSegmentJobHandler, errorLine } from './tasks/segment-job.js';
import { TaskService } from './tasks/service.js';

export type RuntimeRole = 'serve' | 'worker';

export interface RuntimeOptions {
  config: Config;
  role: RuntimeRole;
  /** Jobs run at once by this process's worker (default QUEUE_CONCURRENCY). */
  concurrency?: number;
  /** Milliseconds a closing worker lets running segments finish before it aborts them. */
  graceMs?: number;
  log?: Logger & { info(obj: object, msg?: string): void };
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
}

export interface Runtime {
  readonly config: Config;
  readonly mode: 'embedded' | 'scaled';
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

export const INTERRUPTED = 'interrupted; execute again';
export const NOTIFICATION_RETENTION_DAYS = 30;

/** Plain stderr logger for processes without an HTTP app (the worker). */
export function consoleLogger(level: Config['LOG_LEVEL']): NonNullable<RuntimeOptions['log']> {
  const quiet = level === 'silent' || level === 'fatal';
  const line = (kind: string, obj: object, msg?: string) => {
    const err = (obj as { err?: unknown }).err;
    const why = err instanceof Error ? `: ${err.message}` : '';
    console.error(`[${new Date().toISOString()}] ${kind} ${msg ?? ''}${why}`);
  };
  return {
    info: (obj, msg) => {
      if (!quiet && level !== 'error' && level !== 'warn') line('info', obj, msg);
    },
    warn: (obj, msg) => {
      if (!quiet && level !== 'error') line('warn', obj, msg);
    },
    error: (obj, msg) => {
      if (!quiet) line('error', obj, msg);
    },
  };
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config, role } = opts;
  const log = opts.log ?? consoleLogger(config.LOG_LEVEL);
  const embeddedDb = !config.DATABASE_URL;
  const mode = embeddedDb || !config.REDIS_URL ? 'embedded' : 'scaled';
  // PGlite cannot be shared with worker processes: with it, this process runs the jobs itself.
  const jobsRole: JobsRole = role === 'worker' ? 'worker' : embeddedDb ? 'embedded' : 'server';
  if (role === 'worker' && mode === 'embedded') {
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
    let lock: DirLock | undefined;
    if (embeddedDb) {
      lock = await lockDataDir(config.dataRoot);
      cleanups.push(() => lock!.release());
    }
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataRoot });
    cleanups.push(() => db.close());
    if (embeddedDb) await migrate(db);
    else await assertMigrated(db);

    const bus = createBus(config);
    cleanups.push(() => bus.close());
    // Scaled mode: every process announces its task writes on the bus, and servers cache snapshots
    // that those announcements keep exact (see TaskRepository).
    const taskRepo = new TaskRepository(db, { changes: isTaskChangeFeed(bus) ? bus : undefined, log });
    // The segment handler enqueues the next segment of a chain; the queue is created with the handlers.
    let queueRef: JobQueue | undefined;
    const chainQueue: Pick<JobQueue, 'enqueue'> = {
      enqueue: (name, payload, o) => queueRef!.enqueue(name, payload, o),
    };
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
    const notifications = new NotificationService({
      notifications: notificationRepo,
      bus,
      log,
    });
    const handlers: JobHandlers = {
      'run-segment': createSegmentJobHandler({
        tasks: taskRepo,
        notifications,
        queue: chainQueue,
        storageRoot: config.storageRoot,
        providers:
          opts.providers ??
          ((task) => createProviders(config, (task.options.providers ?? {}) as ProviderOverrides)),
        log,
      }),
      'run-v1-task':
        opts.v1Handler ??
        (async () => {
          throw new PermanentJobError('dubbing tasks are not enabled in this build');
        }),
    };
    const concurrency = opts.concurrency ?? config.QUEUE_CONCURRENCY;

    const jobs = createJobs(config, handlers, {
      role: jobsRole,
      concurrency,
      lockDurationMs: opts.lockDurationMs,
      stalledIntervalMs: opts.stalledIntervalMs,
      onFailed: (failure) => recordJobFailure(taskRepo, notifications, failure),
    });
    queueRef = jobs.queue;
    cleanups.push(() => jobs.queue.close());
    if (jobs.kind === 'in-process') {
      // Jobs lived in this process's memory: what a crash left queued or running is gone.
      for (const seg of await taskRepo.failInterrupted(INTERRUPTED)) {
        const task = await taskRepo.findById(seg.task_id);
        if (task) {
          await notifications.send(task.user_id, {
            type: 'segment_failed',
            task_id: seg.task_id,
            segment_id: seg.segment_id,
            status: 'failed',
            error: INTERRUPTED,
          });
        }
      }
    }
    const worker = jobs.worker;
    if (worker) cleanups.push(() => worker.close(opts.graceMs));

    const tasks = new TaskService({
      tasks: taskRepo,
      validateProviders: (input) => validateProviderOverrides(config, input) as Record<string, string>,
      queue: jobs.queue,
      notifications,
      storageRoot: config.storageRoot,
      log,
    });

    if (role === 'serve' && mode === 'scaled') {
      // Jobs Redis lost, or BullMQ failed after too many stalls, never reach recordJobFailure.
      const reconciler = new Reconciler({
        tasks: taskRepo,
        queue: jobs.queue,
        notifications,
        log,
        message: INTERRUPTED,
        graceMs: opts.reconcileGraceMs,
      });
      cleanups.push(startReconciler(reconciler, config.RECONCILE_INTERVAL_MS, log));
    }

    let app: FastifyInstance | undefined;
    if (role === 'serve') {
      const auth = await AuthService.create(db, config);
      app = await buildApp({
        config,
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
    return { config, mode, db, bus, queue: jobs.queue, app, tasks, workerReady, close };
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

/**
 * A segment job that failed for good without recording it (an infrastructure error on its last
 * try: the database or Redis away) would stay `running` for ever: record it failed, then tell the user.
 */
async function recordJobFailure(
  tasks: TaskRepository,
  notifications: NotificationService,
  failure: JobFailure,
): Promise<void> {
  if (failure.name !== 'run-segment' || failure.cancelled || failure.error instanceof PermanentJobError)
    return;
  const payload = failure.payload as { taskId?: number; segmentId?: number; userId?: number };
  if (!payload.taskId || !payload.segmentId || !payload.userId) return;
  await failRun(
    { tasks, notifications },
    {
      userId: payload.userId,
      taskId: payload.taskId,
      segmentId: payload.segmentId,
      jobId: failure.jobId,
      error: errorLine(failure.error),
    },
  );
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
