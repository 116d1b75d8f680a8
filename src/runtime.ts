// Wires the service graph in one place: config → deployment → database (PGlite under its DATA_DIR
// lock, migrated; or PostgreSQL) → queue and bus → lifecycle and services → HTTP app and/or worker;
// close() undoes it in reverse.
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { AdminService } from './admin/service.js';
import { AuthService } from './auth/service.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { type Deployment, deploymentOf, openDatabaseAt } from './deployment.js';
import { createBus } from './events/index.js';
import { isTaskChangeFeed } from './events/task-changes.js';
import type { EventBus } from './events/types.js';
import { heartbeatsFor, keepHeartbeat } from './jobs/heartbeat.js';
import { createJobs } from './jobs/index.js';
import { type JobHandlers, type JobQueue, PermanentJobError } from './jobs/types.js';
import { type Providers, segmentSettingsOf } from './pipeline/segment.js';
import { createProviders, type ProviderOverrides, validateTaskOptions } from './providers/registry.js';
import { buildApp } from './server/app.js';
import { listenForScrapes } from './server/metrics.js';
import { RateLimits } from './server/rate-limits.js';
import { v1Routes } from './server/routes/v1/index.js';
import { openStoreMirror } from './storage/mirror.js';
import { type FolderFaults, TaskFolders } from './storage/task-folder.js';
import { createChunkJobHandler, fanOutChunks } from './tasks/chunk-jobs.js';
import { RunLifecycle } from './tasks/lifecycle.js';
import { NotificationService } from './tasks/notifications.js';
import { UserQuota } from './tasks/quota.js';
import { Reconciler, startReconciler } from './tasks/reconcile.js';
import { NotificationRepository, TaskRepository } from './tasks/repository.js';
import { startRetention, TaskRetention } from './tasks/retention.js';
import { createSegmentJobHandler } from './tasks/segment-job.js';
import { TaskService } from './tasks/service.js';
import { createV1JobHandler } from './v1/job.js';
import { startV1Sweep, V1TaskRuns } from './v1/lifecycle.js';
import { V1TaskRepository } from './v1/repository.js';
import { V1Service } from './v1/service.js';

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
  /** Replaces the seed 002 job's handler (tests). */
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
  /** The port of the METRICS_PORT listener, when there is one (METRICS_PORT=0 picks a free one). */
  readonly metricsPort?: number;
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
    // With an object store, STORAGE_DIR is this process's working copy (see TaskFolder.pull/push).
    const storage = openStoreMirror(deployment.storage);
    if (storage) cleanups.push(() => storage.store.close());
    const folders = new TaskFolders(config.storageRoot, opts.folderFaults, storage);
    const quota = new UserQuota({
      db,
      folders,
      store: storage,
      sharedMediaRoot: config.sharedMediaRoot,
      limits: { maxBytes: config.USER_QUOTA_BYTES, maxRunning: config.USER_MAX_RUNNING },
    });
    // The lifecycle chains segments through the queue, and the queue is created with the handlers
    // that call the lifecycle: the queue is handed over once it exists.
    let queueRef: JobQueue | undefined;
    const enqueue: JobQueue['enqueue'] = (name, payload, o) => queueRef!.enqueue(name, payload, o);
    const lifecycle = new RunLifecycle({
      tasks: taskRepo,
      notifications,
      queue: {
        enqueue,
        cancel: (jobId) => queueRef!.cancel(jobId),
      },
      folders,
      log,
      quota,
    });
    // Seed 002's v1 tasks: one lifecycle owns their state and notifications.
    const v1Tasks = new V1TaskRepository(db);
    const v1Runs = new V1TaskRuns({
      tasks: v1Tasks,
      queue: {
        enqueue,
        state: (jobId) => queueRef!.state(jobId),
      },
      notifications,
      log,
    });
    // Off unless asked for: a port of its own, or a token on the API port.
    const metrics =
      config.METRICS_PORT !== undefined || config.METRICS_TOKEN
        ? // Loaded only when asked for: prom-client costs memory at rest.
          new (await import('./metrics.js')).Metrics({ role })
        : undefined;
    const handlers: JobHandlers = {
      'run-segment': createSegmentJobHandler({
        lifecycle,
        folders,
        providers:
          opts.providers ??
          ((task) =>
            createProviders(
              config,
              (task.options.providers ?? {}) as ProviderOverrides,
              process.env,
              metrics?.providerObserver,
            )),
        settings: segmentSettingsOf(config),
        log,
        metrics,
        // Scaled: a video's chunks go to every free worker, the segment's job joins them.
        renderChunks:
          deployment.queue.kind === 'in-process'
            ? undefined
            : ({ taskId, userId, jobId, requestId }) =>
                fanOutChunks({
                  queue: {
                    enqueue,
                    claim: (jobId) => queueRef!.claim(jobId),
                    state: (jobId) => queueRef!.state(jobId),
                    cancel: (jobId) => queueRef!.cancel(jobId),
                  },
                  taskId,
                  userId,
                  parentJobId: jobId,
                  requestId,
                  lanes: config.VIDEO_CHUNK_CONCURRENCY,
                  ffmpegPath: config.FFMPEG_PATH,
                }),
      }),
      'render-chunk': createChunkJobHandler({ folders, settings: segmentSettingsOf(config), log }),
      'run-v1-task':
        opts.v1Handler ??
        createV1JobHandler({
          runs: v1Runs,
          config,
          log,
          observer: metrics?.providerObserver,
          store: storage,
        }),
    };

    const jobs = createJobs(deployment.queue, handlers, {
      role: role === 'worker' ? 'worker' : 'server',
      concurrency: opts.concurrency ?? config.QUEUE_CONCURRENCY,
      lockDurationMs: opts.lockDurationMs ?? config.QUEUE_LOCK_DURATION_MS,
      stalledIntervalMs: opts.stalledIntervalMs ?? config.QUEUE_STALLED_INTERVAL_MS,
      onFailed: (failure) => {
        if (failure.name === 'run-v1-task') {
          return failure.error instanceof PermanentJobError ? undefined : v1Runs.recordJobFailure(failure);
        }
        if (failure.name === 'render-chunk') {
          // Its parent, the Video segment's job, renders the chunk itself or fails with the cause.
          log.warn(
            { job_id: failure.jobId, err: failure.error, cancelled: failure.cancelled },
            'chunk job failed',
          );
          return;
        }
        return lifecycle.recordJobFailure(failure);
      },
    });
    queueRef = jobs.queue;
    metrics?.observeQueue(() => jobs.queue.counts());
    cleanups.push(() => jobs.queue.close());
    // Embedded, this process ran every job: what a crash left queued or running is gone.
    if (deployment.queue.kind === 'in-process') {
      await lifecycle.failInterrupted();
      await v1Runs.failInterrupted();
    }
    const worker = jobs.worker;
    if (worker) cleanups.push(() => worker.close(opts.graceMs));
    if (worker) {
      // `storyagent doctor` reads these to tell whether anything is running the jobs.
      const stopBeating = await keepHeartbeat(
        heartbeatsFor(deployment.queue, config.dataRoot),
        { role, concurrency: opts.concurrency ?? config.QUEUE_CONCURRENCY },
        (err) => log.warn({ err }, 'heartbeat failed'),
      );
      cleanups.push(stopBeating);
    }

    if (role === 'serve' && config.TASK_RETENTION_DAYS !== undefined) {
      const retention = new TaskRetention({
        db,
        tasks: taskRepo,
        folders,
        notifications,
        log,
        days: config.TASK_RETENTION_DAYS,
        noticeHours: config.RETENTION_NOTICE_HOURS,
      });
      cleanups.push(startRetention(retention, 3600_000, log));
    }

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
      cleanups.push(startV1Sweep(v1Runs, config.RECONCILE_INTERVAL_MS, opts.reconcileGraceMs ?? 10_000, log));
    }

    let app: FastifyInstance | undefined;
    if (role === 'serve') {
      const auth = await AuthService.create(db, config, bus);
      const limits = await RateLimits.open(deployment.limits, config);
      cleanups.push(() => limits.close());
      const admin = new AdminService({
        db,
        auth,
        tasks: taskRepo,
        folders,
        store: storage,
        sharedMediaRoot: config.sharedMediaRoot,
        stopJob: (jobId) =>
          jobs.queue.cancel(jobId).catch((err) => {
            // The rows are gone: a job that still starts finds no task and does nothing.
            log.warn({ err, jobId }, "queue did not take the cancel of a deleted user's job");
          }),
      });
      app = await buildApp({
        config,
        log,
        auth,
        admin,
        limits,
        tasks,
        notifications,
        bus,
        wsPingIntervalMs: opts.wsPingIntervalMs,
        health: {
          database: () => db.ping(),
          queue: () => jobs.queue.ping(),
          storageRoot: config.storageRoot,
          store: storage && (() => storage.store.ping()),
        },
        metrics: metrics && { metrics, token: config.METRICS_TOKEN },
        extend: async (a) => {
          await a.register(v1Routes, {
            prefix: '/api/v1',
            v1: new V1Service({ tasks: v1Tasks, runs: v1Runs, config, quota, store: storage }),
            publicUrl: config.PUBLIC_URL,
            uploadMaxBytes: config.UPLOAD_MAX_BYTES,
            limits,
          });
        },
      });
      const httpApp = app;
      cleanups.push(() => closeHttp(httpApp, HTTP_CLOSE_GRACE_MS));
    }
    let metricsPort: number | undefined;
    if (metrics && config.METRICS_PORT !== undefined) {
      const scrapes = await listenForScrapes(metrics, config.METRICS_HOST, config.METRICS_PORT);
      metricsPort = scrapes.port;
      cleanups.push(() => scrapes.close());
    }
    const workerReady = async () => {
      if (worker && 'ready' in worker && typeof worker.ready === 'function') await worker.ready();
    };
    return { config, deployment, db, bus, queue: jobs.queue, app, tasks, metricsPort, workerReady, close };
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
