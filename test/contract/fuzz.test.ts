// Generated bad input against every route of the OpenAPI document, in both modes: inputs are drawn
// from each route's own schemas (path, query, body) and bent (wrong types, control characters, lone
// surrogates, huge and deeply nested values, unknown fields, other spellings of ids, missing,
// malformed and repeated bodies). No answer may be a 5xx; every 4xx has the error shape.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Server, sampleScript, startServer, uniqueName } from './harness.js';
import { MODES } from './modes.js';

/** Runs per route; FUZZ_RUNS raises it for a longer local hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
}

interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: string; schema?: JsonSchema }>;
  body?: JsonSchema;
}

/** Characters that break naive code: controls, NUL, lone surrogates, RTL marks, quotes, slashes. */
const nasty = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\u202e',
  '\ufeff',
  '"',
  "'",
  '\\',
  '/',
  '..',
  '%',
  '%00',
  '\n',
  '\t',
  '😀',
  '中',
);
const nastyString = fc
  .array(fc.oneof(fc.string({ maxLength: 8 }), nasty), { maxLength: 12 })
  .map((parts) => parts.join(''));
const hugeString = fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n));
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 31, 2 ** 53 + 1, -0),
  nastyString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

/** Values drawn from a schema, and near misses of it. */
function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return junk;
  const variants: fc.Arbitrary<unknown>[] = [junk];
  if (schema.enum) variants.push(fc.constantFrom(...schema.enum));
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    variants.push(fromSchema(sub, depth + 1));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  for (const type of types) {
    if (type === 'string') {
      variants.push(
        fc.string({ maxLength: schema.maxLength ?? 40 }),
        nastyString,
        hugeString,
        fc.integer({ min: 1, max: 10 }).map((n) => 'a'.repeat((schema.maxLength ?? 100) + n)),
      );
    } else if (type === 'integer' || type === 'number') {
      const min = Math.ceil(schema.minimum ?? -1e6);
      const max = Math.floor(schema.maximum ?? 1e6);
      variants.push(fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }));
      variants.push(fc.constantFrom(min - 1, max + 1, 0.5, Number.MAX_SAFE_INTEGER));
    } else if (type === 'boolean') variants.push(fc.boolean());
    else if (type === 'array')
      variants.push(fc.array(fromSchema(schema.items, depth + 1), { maxLength: 25 }));
    else if (type === 'object') {
      const props = Object.entries(schema.properties ?? {});
      const record = fc.record(Object.fromEntries(props.map(([k, s]) => [k, fromSchema(s, depth + 1)])), {
        requiredKeys: [],
      });
      variants.push(record, record, record);
      variants.push(fc.tuple(record, nastyString, junk).map(([r, k, v]) => ({ ...(r as object), [k]: v })));
    }
  }
  return fc.oneof(...variants);
}

/** Percent-encoded; a lone surrogate becomes the (invalid UTF-8) bytes of one. */
const enc = (s: string) =>
  s
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

/** Script settings, in range and out (seed is an int4 in the task row). */
const settings = fc.oneof(
  fc.constant(undefined),
  junk,
  fc.record(
    {
      aspect: fc.oneof(fc.constantFrom('16:9', '9:16', '1:1', '4:3'), junk),
      seed: fc.oneof(fc.integer(), fc.constantFrom(-1, 2 ** 31, 1e15, 0.5), junk),
    },
    { requiredKeys: [] },
  ),
);

/** A valid story script with its texts and settings bent. */
const scriptBodies: fc.Arbitrary<unknown> = fc
  .tuple(nastyString, fc.integer({ min: 0, max: 25 }), fc.oneof(fc.constant(undefined), junk), settings)
  .map(([text, pages, extra, settings]) => {
    const script = sampleScript() as Record<string, unknown>;
    if (settings !== undefined) script.settings = settings;
    const base = sampleScript().pages[0]!;
    script.pages = Array.from({ length: pages }, (_, i) => ({
      ...base,
      page: i + 1,
      text: `${base.text}${text}`,
    }));
    if (extra !== undefined) script.extra = extra;
    return script;
  });

/** Raw bodies no schema draws: malformed, empty, deeply nested, duplicate keys. */
const rawBodies = fc.constantFrom(
  '',
  ' ',
  '{',
  'null',
  '[]',
  '"text"',
  '{"a":1,"a":2}',
  `{"topic":${'['.repeat(3000)}1${']'.repeat(3000)}}`,
  `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000',
);

/** Other spellings of an id, and things that are not ids. */
function idSpellings(realIds: number[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...realIds.map(String)),
    fc
      .constantFrom(...realIds)
      .chain((id) =>
        fc.constantFrom(
          `0${id}`,
          `${id}.0`,
          `${id}e0`,
          `+${id}`,
          `0x${id.toString(16)}`,
          `${id}%20`,
          `${id}%00`,
        ),
      ),
    fc.integer({ min: -5, max: 2 ** 33 }).map(String),
    fc.constantFrom(
      '0',
      '-1',
      '2147483648',
      '9'.repeat(120),
      '%zz',
      '%',
      '..',
      '%2e%2e',
      'a%2Fb',
      '%ED%A0%80',
    ),
    nastyString.map(enc),
  );
}

async function operations(app: FastifyInstance): Promise<Operation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: unknown }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
        ?.content?.['application/json']?.schema;
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body });
    }
  }
  return ops;
}

describe.each(MODES)('fuzz (%s mode)', (mode) => {
  let server: Server;
  let user: Client;
  const realIds: number[] = [];

  beforeAll(async () => {
    server = await startServer(mode);
    user = await new Client(server.baseUrl).login(uniqueName('fuzz'));
    for (let i = 0; i < 3; i++) realIds.push(await user.newTask());
    await user.req('PUT', `/api/task/${realIds[0]}/script`, { body: sampleScript() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers every generated input with no 5xx, and every 4xx in the error shape', {
    timeout: 600_000,
  }, async () => {
    const app = server.runtime.app!;
    const ops = (await operations(app)).filter((op) => op.path.startsWith('/api'));
    expect(ops.length).toBeGreaterThan(15);
    let tried = 0;
    const statuses = new Map<number, number>();
    for (const op of ops) {
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const input = fc.record({
        path: fc.tuple(...pathParams.map(() => idSpellings(realIds))),
        wildcard: fc.oneof(
          fc.constantFrom(...realIds).map((id) => `generated_stories/${id}/script_data.json`),
          nastyString.map((s) => s.split('/').map(enc).join('/')),
          fc.constantFrom('..%2f..%2fetc/passwd', 'generated_stories/%2e%2e/x', '%zz'),
        ),
        query: fc.tuple(
          fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fromSchema(p.schema)])), {
            requiredKeys: [],
          }),
          fc.dictionary(nastyString, nastyString, { maxKeys: 2 }),
        ),
        body: fc.oneof(
          fc.constant(undefined),
          op.body ? fromSchema(op.body) : junk,
          op.path.endsWith('/script') ? scriptBodies : junk,
        ),
        raw: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawBodies }),
        auth: fc.constantFrom('user', 'user', 'user', 'none', 'forged'),
        twice: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(input, async (x) => {
          let i = 0;
          let url = op.path.replace(/\{[^}]+\}/g, () => String(x.path[i++] ?? ''));
          if (url.includes('*')) url = url.replace('*', x.wildcard);
          const query = [
            ...Object.entries(x.query[0]).map(
              ([k, v]) => `${k}=${enc(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`,
            ),
            ...Object.entries(x.query[1]).map(([k, v]) => `${enc(k)}=${enc(v)}`),
          ];
          if (query.length) url += `?${query.join('&')}`;
          const headers: Record<string, string> = {};
          if (x.auth === 'user') headers.authorization = `Bearer ${user.token}`;
          if (x.auth === 'forged') headers.authorization = `Bearer ${user.token.slice(0, -3)}abc`;
          let payload: string | undefined;
          if (x.raw !== undefined) payload = x.raw;
          else if (x.body !== undefined) payload = JSON.stringify(x.body);
          if (payload !== undefined) headers['content-type'] = 'application/json';
          for (let n = 0; n < (x.twice ? 2 : 1); n++) {
            const res = await app.inject({ method: op.method as 'GET', url, headers, payload });
            tried++;
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            const where = `${op.method} ${url.slice(0, 200)} ${payload?.slice(0, 200) ?? ''}`;
            expect(res.statusCode, `${where} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
            if (res.statusCode >= 400) {
              const body = res.json() as { error?: { code?: unknown; message?: unknown } };
              expect([typeof body.error?.code, typeof body.error?.message], where).toEqual([
                'string',
                'string',
              ]);
            }
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `fuzz (${mode}): ${tried} inputs over ${ops.length} routes, seed ${SEED}; answers ${summary.join(' ')}`,
    );
  });
});
