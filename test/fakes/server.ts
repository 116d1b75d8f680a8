// A tiny local HTTP server for speaking a remote AI API's wire format in tests, with scripted
// faults (status codes with Retry-After, hangs, garbage bodies) queued per route.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeReply {
  status?: number;
  json?: unknown;
  body?: Buffer | Uint8Array | string;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering (for concurrency and timeout tests). */
  delayMs?: number;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Never answers (the client's timeout must fire). */
  | { kind: 'hang' }
  /** 200 with a body that is not what the API promises. */
  | { kind: 'garbage'; body: string };

type Handler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: Array<{ pattern: RegExp; fault: Fault }> = [];
  private server: Server | undefined;
  private inFlight = 0;
  /** Highest number of requests handled at once. */
  maxInFlight = 0;
  url = '';

  route(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** Queues a fault for the next request whose path matches `pattern` (FIFO). */
  fault(pattern: RegExp, ...faults: Fault[]): this {
    for (const fault of faults) this.faults.push({ pattern, fault });
    return this;
  }

  /** Requests whose path matches `pattern`. */
  calls(pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => pattern.test(r.path));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://fake');
        const rec: RecordedRequest = {
          method: req.method ?? 'GET',
          path: u.pathname,
          query: u.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        this.requests.push(rec);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        let done = false;
        const finish = () => {
          if (!done) {
            done = true;
            this.inFlight--;
          }
        };
        res.on('close', finish);
        void this.answer(rec)
          .then(async (reply) => {
            if (reply === 'hang') return;
            if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
            if (res.destroyed) return;
            const headers: Record<string, string> = { ...reply.headers };
            let body: Buffer;
            if (reply.json !== undefined) {
              headers['content-type'] ??= 'application/json';
              body = Buffer.from(JSON.stringify(reply.json));
            } else {
              body = Buffer.from(reply.body ?? '');
            }
            res.writeHead(reply.status ?? 200, headers);
            res.end(body);
          })
          .catch((err: unknown) => {
            if (process.env.FAKE_DEBUG) console.error(err);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(`fake server handler failed: ${err instanceof Error ? err.message : String(err)}`);
          });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  private async answer(rec: RecordedRequest): Promise<FakeReply | 'hang'> {
    const fi = this.faults.findIndex((f) => f.pattern.test(rec.path));
    if (fi >= 0) {
      const { fault } = this.faults.splice(fi, 1)[0]!;
      if (fault.kind === 'hang') return 'hang';
      if (fault.kind === 'garbage')
        return { status: 200, body: fault.body, headers: { 'content-type': 'application/json' } };
      return {
        status: fault.status,
        headers: {
          'content-type': 'application/json',
          ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        },
        body: fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}`, type: 'fake' } }),
      };
    }
    const route = this.routes.find((r) => r.method === rec.method && r.pattern.test(rec.path));
    if (!route)
      return { status: 404, json: { error: { message: `no fake route for ${rec.method} ${rec.path}` } } };
    return route.handler(rec);
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function jsonBody<T = Record<string, unknown>>(req: RecordedRequest): T {
  return JSON.parse(req.body.toString('utf8')) as T;
}
