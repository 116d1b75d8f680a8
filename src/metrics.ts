// The Prometheus metrics of one process (prom-client, its own registry so several runtimes can share
// a test process): HTTP, queue depth, segment runs, render speed, WebSockets and provider usage and retries.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderObserver } from './providers/core/call.js';

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export class Metrics {
  readonly registry = new Registry();
  /** What a scrape answers with. */
  readonly contentType = METRICS_CONTENT_TYPE;

  readonly httpDuration = new Histogram({
    name: 'storyagent_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly segmentDuration = new Histogram({
    name: 'storyagent_segment_duration_seconds',
    help: 'Time a segment run took, by segment and outcome (completed, failed, aborted)',
    labelNames: ['segment', 'outcome'] as const,
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });

  readonly segmentFailures = new Counter({
    name: 'storyagent_segment_failures_total',
    help: 'Segment runs that failed, by segment and reason (error code or kind)',
    labelNames: ['segment', 'reason'] as const,
    registers: [this.registry],
  });

  readonly renderRatio = new Histogram({
    name: 'storyagent_render_seconds_per_video_second',
    help: 'Wall-clock seconds the Video segment took per second of video it made',
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
    registers: [this.registry],
  });

  readonly providerCalls = new Counter({
    name: 'storyagent_provider_calls_total',
    help: 'Provider calls that reported usage, by kind (story, image, speech) and provider',
    labelNames: ['kind', 'provider'] as const,
    registers: [this.registry],
  });

  readonly providerUsage = new Counter({
    name: 'storyagent_provider_usage_total',
    help: 'Provider usage by kind, provider and unit (input_tokens, output_tokens, images, audio_seconds)',
    labelNames: ['kind', 'provider', 'unit'] as const,
    registers: [this.registry],
  });

  readonly providerRetries = new Counter({
    name: 'storyagent_provider_retries_total',
    help: 'Provider calls tried again by the retry core, by provider and reason (HTTP status, timeout, network)',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  /** What the provider registry tells of each retry. */
  readonly providerObserver: ProviderObserver = {
    retried: (provider, reason) => this.providerRetries.inc({ provider, reason }),
  };

  constructor(opts: { role: 'serve' | 'worker' }) {
    this.registry.setDefaultLabels({ role: opts.role });
    collectDefaultMetrics({ register: this.registry, prefix: 'storyagent_' });
  }

  /** Queue depth by state, read at each scrape. */
  observeQueue(counts: () => Promise<Record<string, number>>): void {
    new Gauge({
      name: 'storyagent_queue_jobs',
      help: 'Jobs in the queue by state (waiting, active, delayed)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        try {
          for (const [state, n] of Object.entries(await counts())) this.set({ state }, n);
        } catch {
          // The queue is away: no sample rather than a failed scrape (doctor and health say why).
          this.reset();
        }
      },
    });
  }

  /** Open WebSocket connections, read at each scrape. */
  observeWebSockets(sockets: () => number): void {
    new Gauge({
      name: 'storyagent_websocket_connections',
      help: 'Open notification WebSockets on this server',
      registers: [this.registry],
      collect() {
        this.set(sockets());
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
