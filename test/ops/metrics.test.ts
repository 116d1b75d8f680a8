// GET /metrics as a Prometheus scraper sees it: off by default, token-protected on the API port,
// open on its own port, valid exposition text, and counters that move when a task really runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Listener, type Server, startServer } from '../contract/harness.js';
import { startFakeSdWebUI } from '../fakes/sdwebui.js';

const TOKEN = 'metrics-token-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the text exposition format 0.0.4: every line is a comment (`# HELP`/`# TYPE`
 * with a known type) or `name{label="value",…} number`; every sample belongs to a declared family.
 */
function parsePrometheus(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const sampleRe =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9.]+(?:e[+-]?\d+)?|[Nn]a[Nn]|\+Inf|-Inf))(?: -?\d+)?$/;
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = sampleRe.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      labelRe.lastIndex = 0;
      let consumed = 0;
      for (let l = labelRe.exec(m[2]); l; l = labelRe.exec(m[2])) {
        labels[l[1]!] = l[2]!;
        consumed = labelRe.lastIndex;
      }
      if (consumed !== m[2].length) throw new Error(`bad labels: ${line}`);
    }
    const family = m[1]!.replace(/_(bucket|sum|count|total|created)$/, '');
    if (!types.has(m[1]!) && !types.has(family)) throw new Error(`sample without # TYPE: ${line}`);
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);

describe('GET /metrics', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer('embedded', { env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const scrape = async () => {
    const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  };

  it('is off without METRICS_* settings', async () => {
    const plain = await startServer('embedded');
    try {
      const res = await fetch(`${plain.baseUrl}/metrics`);
      expect(res.status).toBe(404);
      expect(plain.runtime.metricsPort).toBeUndefined();
    } finally {
      await plain.stop();
    }
  }, 60_000);

  it('wants the token on the API port, and serves the same text on its own port', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789']) {
      const res = await fetch(`${server.baseUrl}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const own = await fetch(`http://127.0.0.1:${server.runtime.metricsPort}/metrics`);
    expect(own.status).toBe(200);
    const samples = parsePrometheus(await own.text());
    expect(samples.some((s) => s.name === 'storyagent_queue_jobs' && s.labels.state === 'waiting')).toBe(
      true,
    );
    expect((await fetch(`http://127.0.0.1:${server.runtime.metricsPort}/api/health`)).status).toBe(404);
  });

  it('counts requests, segment runs, renders, sockets and provider usage after a task runs', async () => {
    const before = await scrape();
    const client = await new Client(server.baseUrl).login(`metrics${process.pid}`);
    const listener = await Listener.open(`${server.wsUrl}?token=${client.token}`);
    try {
      // The socket counts once the server has checked its token (just after the upgrade).
      const until = Date.now() + 10_000;
      while (sum(await scrape(), 'storyagent_websocket_connections') !== 1 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      expect(sum(await scrape(), 'storyagent_websocket_connections')).toBe(1);

      const taskId = await client.newTask({ pages: 1 });
      expect((await client.req('POST', `/api/task/${taskId}/execute`)).status).toBe(202);
      await client.waitFor(taskId, (p) => p.status === 'completed' || p.status === 'failed', 240_000);
      // One request that fails, with its route template (not its URL) as the label.
      expect((await client.req('POST', '/api/task/999999/execute/1')).status).toBe(404);

      const after = await scrape();
      const route = { route: '/api/task/:task_id/execute/:segmentId', status: '404' };
      expect(sum(after, 'storyagent_http_request_duration_seconds_count', route)).toBe(
        sum(before, 'storyagent_http_request_duration_seconds_count', route) + 1,
      );
      expect(
        sum(after, 'storyagent_http_request_duration_seconds_count', {
          route: '/api/task/new',
          status: '201',
        }),
      ).toBeGreaterThanOrEqual(1);
      for (const segment of ['1', '2', '3', '4', '5']) {
        expect(
          sum(after, 'storyagent_segment_duration_seconds_count', { segment, outcome: 'completed' }),
        ).toBe(1);
      }
      expect(sum(after, 'storyagent_render_seconds_per_video_second_count')).toBe(1);
      expect(sum(after, 'storyagent_render_seconds_per_video_second_sum')).toBeGreaterThan(0);
      expect(sum(after, 'storyagent_provider_calls_total')).toBeGreaterThan(
        sum(before, 'storyagent_provider_calls_total'),
      );
      expect(sum(after, 'storyagent_segment_failures_total')).toBe(0);
      expect(sum(after, 'storyagent_queue_jobs', { state: 'active' })).toBe(0);
    } finally {
      listener.close();
    }
  }, 300_000);
});

describe('provider retries in /metrics', () => {
  it('counts each retry of the retry core by provider and reason', async () => {
    const sd = await startFakeSdWebUI();
    // The first picture is refused as an overloaded server would; the retry core tries again.
    sd.fault(/^\/sdapi\/v1\/txt2img$/, { kind: 'status', status: 503, retryAfter: '0' });
    const server = await startServer('embedded', {
      env: { METRICS_TOKEN: TOKEN, IMAGE_PROVIDER: `sdwebui:${sd.url}` },
    });
    try {
      const client = await new Client(server.baseUrl).login(`retries${process.pid}`);
      const taskId = await client.newTask({ pages: 1 });
      for (const segment of [1, 2]) {
        expect((await client.req('POST', `/api/task/${taskId}/execute/${segment}`)).status).toBe(202);
        const p = await client.waitFor(
          taskId,
          (x) => !['queued', 'running'].includes(x.segments[segment - 1].status),
        );
        expect(p.segments[segment - 1].status).toBe('completed');
      }
      const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const samples = parsePrometheus(await res.text());
      expect(sum(samples, 'storyagent_provider_retries_total', { provider: 'sdwebui', reason: '503' })).toBe(
        1,
      );
      expect(sum(samples, 'storyagent_provider_retries_total')).toBe(1);
    } finally {
      await server.stop();
      await sd.close();
    }
  }, 120_000);
});
