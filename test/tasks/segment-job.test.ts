// The run-segment job handler against a real database and task folder: a stale or orphaned job
// changes nothing, a failure is stored as one line before it is announced, a success records
// its resources before segment_finished goes out and queues the next segment of a chain.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { InProcessBus } from '../../src/events/memory.js';
import { createBullQueue } from '../../src/jobs/bullmq.js';
import type { JobContext, JobPayload, JobQueue } from '../../src/jobs/types.js';
import { PermanentJobError } from '../../src/jobs/types.js';
import { segmentSettingsOf } from '../../src/pipeline/segment.js';
import { createProviders } from '../../src/providers/registry.js';
import { errorLine } from '../../src/tasks/lifecycle.js';
import type { TaskRepository } from '../../src/tasks/repository.js';
import { createSegmentJobHandler, type SegmentJobDeps } from '../../src/tasks/segment-job.js';
import type { TaskService } from '../../src/tasks/service.js';
import { NewTaskBodySchema } from '../../src/tasks/views.js';
import { sampleScript } from '../contract/harness.js';
import { startFakeEdgeTts } from '../fakes/edge-tts.js';
import { createPgliteTestDb, type TestDatabase } from '../helpers/db.js';
import { silentLog, taskServices } from '../helpers/tasks.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('run-segment handler', () => {
  let testDb: TestDatabase;
  let root: string;
  let tasks: TaskRepository;
  let service: TaskService;
  let userId: number;
  let queue: JobQueue;
  let inspect: Queue;
  /** Per published message: its type and what the database said about its segment right then. */
  const seenAtPublish: Array<Promise<{ type: string; status: string }>> = [];
  let handler: ReturnType<typeof createSegmentJobHandler>;
  let handlerDeps: Pick<SegmentJobDeps, 'lifecycle' | 'folders' | 'log'>;

  beforeAll(async () => {
    testDb = await createPgliteTestDb();
    root = join(await mkdtemp(join(tmpdir(), 'sa-job-')), 'generated_stories');
    const bus = new InProcessBus();
    // A real queue with no worker: the tests drive the handler themselves and look at what was queued.
    const prefix = `sa-job-${randomBytes(4).toString('hex')}`;
    queue = createBullQueue({ redisUrl: REDIS_URL, prefix });
    inspect = new Queue('jobs', { connection: { url: REDIS_URL }, prefix });
    const wired = taskServices({ db: testDb.db, queue, storageRoot: root, bus });
    tasks = wired.tasks;
    service = wired.service;
    const config = loadConfig({});
    handlerDeps = { lifecycle: wired.lifecycle, folders: wired.folders, log: silentLog };
    handler = createSegmentJobHandler({
      ...handlerDeps,
      providers: () => createProviders(config),
      settings: segmentSettingsOf(config),
    });
    bus.onMessage((_uid, json) => {
      const m = JSON.parse(json) as { type: string; task_id: number; segment_id: number };
      if (m.type === 'segment_progress') return;
      // PGlite answers in order: this read sees the state at the moment of publishing.
      seenAtPublish.push(
        tasks.segments(m.task_id).then((rows) => ({
          type: m.type,
          status: rows.find((r) => r.segment_id === m.segment_id)!.status,
        })),
      );
    });
    const [row] = await testDb.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash) VALUES ('jobs', 'x') RETURNING id`,
    );
    userId = row!.id;
  });
  afterAll(async () => {
    await inspect?.obliterate({ force: true }).catch(() => {});
    await inspect?.close();
    await queue?.close();
    await testDb?.drop();
    await rm(join(root, '..'), { recursive: true, force: true });
  });

  const ctx = (jobId: string): JobContext => ({ jobId, attempt: 1, signal: new AbortController().signal });
  const payload = (taskId: number, segmentId: number): JobPayload<'run-segment'> => ({
    taskId,
    segmentId,
    userId,
  });
  const statusOf = async (taskId: number, segmentId: number) =>
    (await tasks.segments(taskId)).find((s) => s.segment_id === segmentId)!;

  it('ignores a job of an older run and a job of a deleted task', async () => {
    const { task_id } = await service.create(userId, NewTaskBodySchema.parse({ topic: 't' }));
    await service.execute(userId, task_id, 1);
    await handler(payload(task_id, 1), ctx(`task-${task_id}-seg-1-run-0`));
    expect((await statusOf(task_id, 1)).status).toBe('queued');
    await service.delete(userId, task_id);
    await handler(payload(task_id, 1), ctx(`task-${task_id}-seg-1-run-1`));
    expect(await tasks.findById(task_id)).toBeUndefined();
  });

  it('stores a failure as one line before announcing it; the job is not retried', async () => {
    const { task_id } = await service.create(userId, NewTaskBodySchema.parse({ topic: 't' }));
    await service.updateScript(userId, task_id, sampleScript());
    await rm(join(root, String(task_id), 'script_data.json'));
    const { job_id } = await service.execute(userId, task_id, 2);
    seenAtPublish.length = 0;
    await expect(handler(payload(task_id, 2), ctx(job_id))).rejects.toBeInstanceOf(PermanentJobError);
    expect(await Promise.all(seenAtPublish)).toEqual([{ type: 'segment_failed', status: 'failed' }]);
    const seg = await statusOf(task_id, 2);
    expect(seg.status).toBe('failed');
    expect(seg.error).toMatch(/script_data\.json/);
    expect(seg.error).not.toContain('\n');
  });

  it('records resources and removes leftovers of a killed run; an execute-all chain moves on', async () => {
    const { task_id } = await service.create(userId, NewTaskBodySchema.parse({ topic: 't', pages: 2 }));
    await service.updateScript(userId, task_id, sampleScript());
    const dir = join(root, String(task_id));
    await writeFile(join(dir, '.script_data.json.deadbeef.tmp'), 'half');
    const all = await service.executeAll(userId, task_id);
    expect(all.queued.map((q) => q.segment_id)).toEqual([2, 3, 4, 5]);
    seenAtPublish.length = 0;
    await handler(payload(task_id, 2), ctx(all.queued[0]!.job_id));
    const seg = await statusOf(task_id, 2);
    expect(seg).toMatchObject({ status: 'completed', progress: 100 });
    expect(seg.resources).toEqual(['image/p1.png', 'image/p2.png']);
    // What the illustrator reported is summed on the task and shown by progress.
    expect((await service.progress(userId, task_id)).usage).toEqual({ image: { images: 2 } });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await Promise.all(seenAtPublish)).toEqual([{ type: 'segment_finished', status: 'completed' }]);
    // The next segment of the chain goes to the queue under the job id it was given; no further.
    const next = await inspect.getJob(all.queued[1]!.job_id);
    expect(next?.data).toEqual({ taskId: task_id, segmentId: 3, userId });
    expect(await inspect.getJob(all.queued[2]!.job_id)).toBeUndefined();
  });

  it("stores the providers' warnings with the run and shows them once each with its progress", async () => {
    const edge = await startFakeEdgeTts();
    try {
      const config = loadConfig({}, { SPEECH_PROVIDER: 'edge-tts:en-US-AvaNeural', EDGE_TTS_URL: edge.url });
      const wired = { providers: () => createProviders(config), settings: segmentSettingsOf(config) };
      const speechHandler = createSegmentJobHandler({ ...handlerDeps, ...wired });
      const { task_id } = await service.create(userId, NewTaskBodySchema.parse({ topic: 't', pages: 2 }));
      await service.updateScript(userId, task_id, sampleScript());
      for (const segment of [2, 3]) {
        const { job_id } = await service.execute(userId, task_id, segment);
        await speechHandler(payload(task_id, segment), ctx(job_id));
      }
      const speech = await service.execute(userId, task_id, 4);
      await speechHandler(payload(task_id, 4), ctx(speech.job_id));
      expect(edge.requests.length).toBeGreaterThan(1);
      const view = await service.progress(userId, task_id);
      const seg = view.segments.find((s) => s.segment_id === 4)!;
      expect(seg.status).toBe('completed');
      expect(seg.warnings).toEqual([
        'edge-tts: voice en-US-AvaNeural does not speak "zh"; used zh-CN-XiaoxiaoNeural',
      ]);
      // The offline illustrator and splitter had nothing to report.
      expect(view.segments.find((s) => s.segment_id === 3)!.warnings).toBeUndefined();
    } finally {
      await edge.close();
    }
  });

  it('turns any error into one short line', () => {
    expect(errorLine(new Error('\n  first line\nsecond\n    at stack'))).toBe('first line');
    expect(errorLine('x'.repeat(900))).toHaveLength(500);
  });
});
