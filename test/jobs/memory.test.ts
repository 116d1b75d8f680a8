// The in-process queue's contract: bounded concurrency, FIFO, dedupe by id, retries with backoff,
// permanent errors, cancellation of waiting and running jobs, and a close that waits for running work.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createInProcessJobs } from '../../src/jobs/memory.js';
import {
  type JobContext,
  type JobFailure,
  type JobHandlers,
  type JobQueue,
  type JobWorker,
  PermanentJobError,
  type SegmentJob,
} from '../../src/jobs/types.js';

type SegmentFn = (p: SegmentJob, ctx: JobContext) => Promise<void>;

let open: { queue: JobQueue; worker: JobWorker }[] = [];
afterEach(async () => {
  for (const o of open) {
    await o.worker.close(100);
    await o.queue.close();
  }
  open = [];
});

function make(
  run: SegmentFn,
  extra: { concurrency?: number; attempts?: number; failures?: JobFailure[] } = {},
) {
  const handlers: JobHandlers = {
    'run-segment': run,
    'run-v1-task': async () => {},
    'render-chunk': async () => {},
  };
  const jobs = createInProcessJobs({
    handlers,
    concurrency: extra.concurrency ?? 1,
    attempts: extra.attempts,
    backoffMs: 10,
    onFailed: (f) => {
      extra.failures?.push(f);
    },
  });
  open.push(jobs);
  return jobs;
}

const seg = (segmentId: number) => ({ taskId: 1, segmentId, userId: 1 });

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

describe('in-process job queue', () => {
  it('claim takes a waiting job off the queue for its caller, but never a running one', async () => {
    const ran: number[] = [];
    let release!: () => void;
    const { queue } = make(async (p) => {
      ran.push(p.segmentId);
      if (p.segmentId === 1) await new Promise<void>((r) => (release = r));
    });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await until(() => ran.length === 1);
    expect(await queue.claim('seg-1-1')).toBe(false);
    expect(await queue.claim('seg-1-2')).toBe(true);
    expect(await queue.state('seg-1-2')).toBe('missing');
    release();
    await sleep(50);
    expect(ran).toEqual([1]);
  });

  it('refuses a render-chunk job whose paths leave the task folder, naming the field', async () => {
    const { queue } = make(async () => {});
    const chunk = {
      output: `video/chunks/${'a'.repeat(32)}.mp4`,
      inputs: ['image/p1.png', '../../etc/passwd'],
      args: ['-i', 'image/p1.png', `video/chunks/${'a'.repeat(32)}.mp4`],
      frames: 30,
      seconds: 1,
    };
    await expect(
      queue.enqueue('render-chunk', { taskId: 1, userId: 1, chunk }, { jobId: 'chunk-1-a' }),
    ).rejects.toThrow(/payload\.chunk\.inputs\.1/);
    await expect(
      queue.enqueue(
        'render-chunk',
        { taskId: 1, userId: 1, chunk: { ...chunk, inputs: [], output: '/tmp/x.mp4' } },
        { jobId: 'chunk-1-b' },
      ),
    ).rejects.toThrow(/payload\.chunk\.output/);
  });

  it('never runs more jobs at once than its concurrency, and starts them in FIFO order', async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const { queue } = make(
      async (p) => {
        started.push(p.segmentId);
        active++;
        peak = Math.max(peak, active);
        await sleep(20);
        active--;
      },
      { concurrency: 2 },
    );
    for (let i = 1; i <= 6; i++) await queue.enqueue('run-segment', seg(i), { jobId: `seg-1-${i}` });
    await until(() => started.length === 6 && active === 0);
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('ignores an enqueue whose id is already waiting or running, and accepts it again once done', async () => {
    let runs = 0;
    let release!: () => void;
    const { queue } = make(async () => {
      runs++;
      await new Promise<void>((r) => {
        release = r;
      });
    });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' }); // running
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' }); // waiting
    await until(() => runs === 1);
    release();
    await until(() => runs === 2);
    release();
    await sleep(20);
    expect(runs).toBe(2);
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => runs === 3);
    release();
  });

  it('rejects a payload that fails its schema, naming the field', async () => {
    const { queue } = make(async () => {});
    const bad = { taskId: 'x', segmentId: 1, userId: 1 } as unknown as SegmentJob;
    const err = await queue.enqueue('run-segment', bad, { jobId: 'seg-x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).message).toContain('payload.taskId');
    await expect(queue.enqueue('run-segment', seg(1), { jobId: 'a:b' })).rejects.toThrow(/jobId/);
  });

  it('retries a thrown error with backoff and then succeeds, counting attempts', async () => {
    const attempts: number[] = [];
    const times: number[] = [];
    const { queue } = make(
      async (_p, ctx) => {
        attempts.push(ctx.attempt);
        times.push(Date.now());
        if (ctx.attempt < 3) throw new Error('flaky');
      },
      { attempts: 3 },
    );
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => attempts.length === 3);
    expect(attempts).toEqual([1, 2, 3]);
    // backoff 10 ms then 20 ms
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(18);
  });

  it('does not retry a PermanentJobError and reports it once as failed', async () => {
    let runs = 0;
    const failures: JobFailure[] = [];
    const { queue } = make(
      async () => {
        runs++;
        throw new PermanentJobError('bad script');
      },
      { failures },
    );
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => failures.length === 1);
    await sleep(50);
    expect(runs).toBe(1);
    expect(failures[0]).toMatchObject({ jobId: 'seg-1-1', cancelled: false, attempt: 1 });
    expect(failures[0]!.error.message).toBe('bad script');
  });

  it('reports a job that keeps failing after its last attempt', async () => {
    const failures: JobFailure[] = [];
    const { queue } = make(
      async () => {
        throw new Error('always');
      },
      { attempts: 2, failures },
    );
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => failures.length === 1);
    expect(failures[0]!.attempt).toBe(2);
  });

  it('cancel removes a waiting job before it runs', async () => {
    const ran: number[] = [];
    let release!: () => void;
    const { queue } = make(async (p) => {
      ran.push(p.segmentId);
      if (p.segmentId === 1)
        await new Promise<void>((r) => {
          release = r;
        });
    });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await queue.enqueue('run-segment', seg(3), { jobId: 'seg-1-3' });
    await queue.cancel('seg-1-2');
    await until(() => ran.length === 1);
    release();
    await until(() => ran.length === 2);
    await sleep(20);
    expect(ran).toEqual([1, 3]);
  });

  it('cancel fires a running job signal; the aborted job is not retried', async () => {
    let runs = 0;
    const failures: JobFailure[] = [];
    const { queue } = make(
      async (_p, ctx) => {
        runs++;
        await new Promise<void>((_r, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
        });
      },
      { failures },
    );
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => runs === 1);
    await queue.cancel('seg-1-1');
    await until(() => failures.length === 1);
    await sleep(50);
    expect(runs).toBe(1);
    expect(failures[0]!.cancelled).toBe(true);
    expect(failures[0]!.error.name).toBe('AbortError');
  });

  it('close waits for running jobs, starts no new ones, and is idempotent', async () => {
    const finished: number[] = [];
    const { queue, worker } = make(async (p) => {
      await sleep(80);
      finished.push(p.segmentId);
    });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await sleep(10);
    await Promise.all([worker.close(5000), worker.close(5000)]);
    expect(finished).toEqual([1]);
    await sleep(120);
    expect(finished).toEqual([1]);
  });

  it('close aborts jobs still running after the grace period', async () => {
    let sawShutdown = false;
    const { queue, worker } = make(async (_p, ctx) => {
      await new Promise<void>((_r, reject) => {
        ctx.signal.addEventListener('abort', () => {
          sawShutdown = true;
          reject(ctx.signal.reason);
        });
      });
    });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await sleep(10);
    const t0 = Date.now();
    await worker.close(50);
    expect(sawShutdown).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
