// The Video segment on scaled workers: its chunks are jobs any free worker takes. Wall time of the
// segment (execute → completed, as a user waits for it) with two worker processes against one,
// the same story each time. Needs PostgreSQL and Redis (TEST_DATABASE_URL, TEST_REDIS_URL, as the
// tests); on one machine the workers share its cores, so the figure says what fan-out costs or gains
// here, and a fleet gains with its hosts. BENCH_QUICK=1: fewer pages.
import { availableParallelism } from 'node:os';
import { Client, type Server, startServer, uniqueName } from '../test/contract/harness.js';
import type { BenchRow } from './table.js';

export const title = 'Video on scaled workers (chunks fanned out as jobs)';

const PAGES = process.env.BENCH_QUICK === '1' ? 6 : 20;

/** Seconds from `execute/5` to the Video segment completed, for a fresh task made up to Speech. */
async function videoSeconds(user: Client): Promise<number> {
  const taskId = await user.newTask({ topic: 'a little fox who wants to sing with the geese', pages: PAGES });
  for (const segment of [1, 2, 3, 4]) {
    const res = await user.req('POST', `/api/task/${taskId}/execute/${segment}`);
    if (res.status !== 202) throw new Error(`execute ${segment}: ${res.status} ${res.text}`);
    await settled(user, taskId, segment);
  }
  const t0 = performance.now();
  const res = await user.req('POST', `/api/task/${taskId}/execute/5`);
  if (res.status !== 202) throw new Error(`execute 5: ${res.status} ${res.text}`);
  await settled(user, taskId, 5);
  return (performance.now() - t0) / 1000;
}

async function settled(user: Client, taskId: number, segment: number) {
  const p = await user.waitFor(
    taskId,
    (x) => !['queued', 'running'].includes(x.segments[segment - 1].status),
    600_000,
  );
  const s = p.segments[segment - 1];
  if (s.status !== 'completed') throw new Error(`segment ${segment} ${s.status}: ${s.error ?? ''}`);
}

export default async function bench(): Promise<BenchRow[]> {
  let server: Server;
  try {
    // One chunk at a time per parent: what a worker adds is its own queue slots.
    server = await startServer('scaled', { workers: 1, env: { VIDEO_CHUNK_CONCURRENCY: '1' } });
  } catch (err) {
    return [
      {
        name: `not measured: PostgreSQL or Redis unreachable (${(err as Error).message})`,
        value: 0,
        unit: '',
      },
    ];
  }
  try {
    const user = await new Client(server.baseUrl).login(uniqueName('bench'));
    const one = await videoSeconds(user);
    await server.startWorker();
    const two = await videoSeconds(user);
    return [
      {
        name: `${PAGES}-page Video segment, two workers (${availableParallelism()} cores on this host)`,
        value: two,
        unit: 's',
        baseline: { name: 'one worker', value: one },
        ratio: two / one,
      },
    ];
  } finally {
    await server.stop();
  }
}
