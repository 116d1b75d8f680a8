// What the seed's operators do by hand, tested without a Docker engine: .env.example names every
// setting; deploy.sh runs pull → db + redis → wait → migrate → admin → up, in that order; and
// Debian's real nginx, configured from deploy/nginx.template.conf, passes HTTP, a large upload and
// a WebSocket through to a real `serve`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config.js';
import { Client, Listener, REPO_ROOT, type Server, startServer, uniqueName } from '../contract/harness.js';
import { bearer, call, upload, waitTask } from '../contract/v1-helpers.js';
import { freePort } from '../helpers/ports.js';

describe('.env.example', () => {
  it('names every setting the service reads, and what compose and deploy.sh need', async () => {
    const text = await readFile(join(REPO_ROOT, '.env.example'), 'utf8');
    const named = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const key of [
      ...Object.keys(ConfigSchema.shape),
      'SERVER_DOMAIN',
      'POSTGRES_PASSWORD',
      'OPENAI_API_KEY',
    ])
      expect(named, key).toContain(key);
  });
});

describe('deploy.sh', () => {
  let dir: string;
  const run = (env: Record<string, string>, args: string[] = [], input = '') =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('bash', [join(dir, 'deploy.sh'), ...args], {
        env: {
          PATH: process.env.PATH!,
          COMPOSE: `bash ${join(dir, 'fake-compose')}`,
          DB_WAIT_INTERVAL: '0.1',
          ...env,
        },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      // deploy.sh may exit before it reads stdin (a refused start): that is not an error here.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
      child.on('close', (code) => resolve({ code, out }));
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sa-deploy-'));
    await copyFile(join(REPO_ROOT, 'deploy.sh'), join(dir, 'deploy.sh'));
    // A stand-in for `docker compose`: records each call (and stdin for user create); the
    // database answers pg_isready on the third try.
    await writeFile(
      join(dir, 'fake-compose'),
      `echo "$*" >> "${dir}/calls"
case "$*" in
  *pg_isready*) n=$(cat "${dir}/tries" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${dir}/tries"; [ $n -ge 3 ] ;;
  *"user create"*) cat > "${dir}/stdin" ;;
esac
`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses to start without .env or with a weak JWT_SECRET, in one line', async () => {
    const none = await run({});
    expect(none.code).toBe(1);
    expect(none.out.trim()).toBe('deploy.sh: .env is missing: copy .env.example to .env and fill it in');
    await writeFile(join(dir, '.env'), 'SERVER_DOMAIN=x.example\nPOSTGRES_PASSWORD=p\nJWT_SECRET=short\n');
    const weak = await run({});
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/JWT_SECRET in \.env must be at least 32 characters/);
  });

  it('pulls, starts db and redis, waits for the database, migrates, creates the admin, starts all', async () => {
    await writeFile(
      join(dir, '.env'),
      `SERVER_DOMAIN=cloud.example.com\nPOSTGRES_PASSWORD=pw\nJWT_SECRET=${'s'.repeat(40)}\n`,
    );
    await rm(join(dir, 'calls'), { force: true });
    const res = await run({ ADMIN_PASSWORD: 'correct horse battery' }, ['--admin', 'boss']);
    expect(res.code, res.out).toBe(0);
    const calls = (await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n');
    const f = '-f docker-compose.prod.yml';
    expect(calls).toEqual([
      `${f} pull`,
      `${f} up -d db redis`,
      `${f} exec -T db pg_isready -U storyagent -d storyagent`,
      `${f} exec -T db pg_isready -U storyagent -d storyagent`,
      `${f} exec -T db pg_isready -U storyagent -d storyagent`,
      `${f} run --rm --no-deps -T web storyagent migrate`,
      `${f} run --rm --no-deps -T web storyagent user create --username boss --admin --password-stdin`,
      `${f} up -d`,
    ]);
    expect(await readFile(join(dir, 'stdin'), 'utf8')).toBe('correct horse battery\n');
    // The shared_media volume is ready for reference voices.
    expect(execFileSync('ls', [join(dir, 'shared_media/resources')], { encoding: 'utf8' }).trim()).toBe(
      'tts_references',
    );
  });
});

const NGINX = '/usr/sbin/nginx';

/** The template as deploy.sh renders it: only $SERVER_DOMAIN (in braces) is substituted. */
const renderTemplate = (text: string, domain: string) => text.replace(/\$\{SERVER_DOMAIN\}/g, domain);

describe.skipIf(!existsSync(NGINX))('nginx from deploy/nginx.template.conf', () => {
  let server: Server;
  let prefix: string;
  let nginx: ChildProcess;
  let base: string;

  beforeAll(async () => {
    server = await startServer('embedded', { env: { UPLOAD_MAX_BYTES: String(32 * 1024 * 1024) } });
    prefix = await mkdtemp(join(tmpdir(), 'sa-nginx-'));
    await chmod(prefix, 0o755);
    for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      await mkdir(join(prefix, 'tmp', d), { recursive: true });
      await chmod(join(prefix, 'tmp', d), 0o777);
    }
    const port = await freePort();
    const upstream = new URL(server.baseUrl).host;
    // The template as shipped, with the test's addresses: a free high port, the test server upstream.
    const site = renderTemplate(
      await readFile(join(REPO_ROOT, 'deploy/nginx.template.conf'), 'utf8'),
      'localhost',
    )
      .replace('server web:8000;', `server ${upstream};`)
      .replace('listen 80;', `listen 127.0.0.1:${port};`);
    expect(site).not.toContain('${');
    await writeFile(join(prefix, 'site.conf'), site);
    await writeFile(
      join(prefix, 'nginx.conf'),
      `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  include ${prefix}/site.conf;
}
`,
    );
    execFileSync(NGINX, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'pipe' });
    nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: 'ignore',
    });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await new Promise((r) => nginx.once('exit', r));
    }
    await server?.stop();
    if (prefix) await rm(prefix, { recursive: true, force: true });
  });

  it('passes HTTP, a 20 MB upload (and the 413 past the limit), and a WebSocket through', async () => {
    const user = await new Client(base).login(uniqueName('ops'));
    expect((await user.req('GET', '/api/health')).status).toBe(200);

    const cue = (i: number) =>
      `${i}\n00:00:01,000 --> 00:00:02,000\nLine ${i} of a long transcript, padded out.\n\n`;
    let big = '';
    for (let i = 1; big.length < 20 * 1024 * 1024; i++) big += cue(i);
    const up = await upload(user, bearer(user), 'long.srt', big);
    expect(up.status, up.text.slice(0, 200)).toBe(201);
    expect(up.json.size).toBe(Buffer.byteLength(big));
    // Absolute URLs point back through nginx (its port kept in Host).
    expect(up.json.full_url.startsWith(`${base}/api/v1/files/download/`)).toBe(true);
    const tooBig = await upload(user, bearer(user), 'huge.srt', big + big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('payload_too_large');

    const ws = await Listener.open(`${base.replace('http', 'ws')}/ws/notifications?token=${user.token}`);
    try {
      const small = await upload(
        user,
        bearer(user),
        'short.srt',
        cue(1) + cue(2).replace('00:00:01', '00:00:05').replace('00:00:02', '00:00:07'),
      );
      const task = await call(user, bearer(user), 'POST', '/api/v1/tasks/', {
        task_type: 'GENERATE_NARRATION',
        payload: { transcript_path: small.json.relative_path },
      });
      const done = await waitTask(user, bearer(user), task.json.id);
      expect(done.status).toBe('COMPLETED');
      const msg = await ws.waitFor(
        (m) => m.type === 'task_finished' && m.v1_task_id === task.json.id,
        30_000,
      );
      expect(msg.download_url).toBe(`${base}/api/v1/files/tasks/${task.json.id}/download/`);
    } finally {
      ws.close();
    }
  });
});
