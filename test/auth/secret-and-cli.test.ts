// Where the JWT secret comes from in each mode, and `storyagent user create` behind the command:
// a real DATA_DIR with PGlite on disk, and a real PostgreSQL schema.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuthService } from '../../src/auth/service.js';
import { resolveJwtSecret } from '../../src/auth/tokens.js';
import { createUserFromCli, readPasswordFromStdin } from '../../src/cli/user.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Queryable } from '../../src/db/database.js';
import { lockDataDir } from '../../src/db/lock.js';
import { createPostgresTestDb, type TestDatabase } from '../helpers/db.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storyagent-auth-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The embedded mode keeps its secret in a file; the database must not be involved.
const noDatabase: Queryable = {
  query: () => Promise.reject(new Error('the embedded secret must not touch the database')),
};

describe('JWT secret', () => {
  test('embedded: generated once into DATA_DIR/jwt_secret with mode 0600, then reused', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'secret-data') });
    const first = await resolveJwtSecret(config, noDatabase);
    const second = await resolveJwtSecret(config, noDatabase);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(first.length).toBeGreaterThanOrEqual(64);
    const file = join(config.dataRoot, 'jwt_secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(new TextDecoder().decode(first));
  });

  test('JWT_SECRET wins over anything stored', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'secret-env'), JWT_SECRET: 'e'.repeat(40) });
    expect(new TextDecoder().decode(await resolveJwtSecret(config, noDatabase))).toBe('e'.repeat(40));
  });

  test('scaled: every process gets the same generated secret from the database', async () => {
    const tdb = await createPostgresTestDb();
    const other = await openDatabase({ databaseUrl: tdb.url });
    try {
      const config = loadConfig({ DATABASE_URL: tdb.url, DATA_DIR: join(dir, 'unused') });
      const [a, b] = await Promise.all([resolveJwtSecret(config, tdb.db), resolveJwtSecret(config, other)]);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      // A token signed by one process verifies in the other.
      const authA = new AuthService({ db: tdb.db, config, secret: a });
      const authB = new AuthService({ db: other, config, secret: b });
      await authA.createUser('shared_secret_user', 'correct horse', false);
      const session = await authA.login('shared_secret_user', 'correct horse');
      await expect(authB.verifyAccessToken(session.accessToken)).resolves.toMatchObject({
        username: 'shared_secret_user',
      });
    } finally {
      await other.close();
      await tdb.drop();
    }
  });
});

describe('storyagent user create', () => {
  test('embedded: creates the user in DATA_DIR, who can then log in; a taken name fails clearly', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'cli-data') });
    const admin = await createUserFromCli(config, {
      username: 'Root',
      password: 'correct horse',
      admin: true,
    });
    expect(admin).toMatchObject({ id: expect.any(Number), username: 'Root', isAdmin: true });

    await expect(
      createUserFromCli(config, { username: 'root', password: 'other password', admin: false }),
    ).rejects.toMatchObject({ status: 409, message: 'The username "root" is already taken' });
    await expect(
      createUserFromCli(config, { username: 'bob', password: 'short', admin: false }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('password') });

    // The server would open the same folder: the user is there and the password works.
    const lock = await lockDataDir(config.dataRoot);
    const db = await openDatabase({ dataDir: config.dataRoot });
    try {
      const auth = await AuthService.create(db, config);
      const session = await auth.login('ROOT', 'correct horse');
      expect(session.user).toMatchObject({ id: admin.id, isAdmin: true });
    } finally {
      await db.close();
      await lock.release();
    }
  });

  test('embedded: refuses while another process holds DATA_DIR', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'cli-locked') });
    // A live process that is not us (our parent) holds the lock.
    await lockDataDir(config.dataRoot).then((l) => l.release());
    await writeFile(join(config.dataRoot, 'storyagent.lock'), String(process.ppid));
    await expect(
      createUserFromCli(config, { username: 'carol', password: 'correct horse', admin: false }),
    ).rejects.toThrow(/in use by another storyagent process/);
  });

  describe('scaled', () => {
    let tdb: TestDatabase;
    beforeAll(async () => {
      tdb = await createPostgresTestDb();
    });
    afterAll(async () => {
      await tdb?.drop();
    });

    test('creates the user in the DATABASE_URL database', async () => {
      const config = loadConfig({ DATABASE_URL: tdb.url, DATA_DIR: join(dir, 'cli-unused') });
      const user = await createUserFromCli(config, {
        username: 'dora',
        password: 'correct horse',
        admin: false,
      });
      const rows = await tdb.db.query<{ id: number; is_admin: boolean }>(
        'SELECT id, is_admin FROM users WHERE username = $1',
        ['dora'],
      );
      expect(rows).toEqual([{ id: user.id, is_admin: false }]);
    });
  });

  test('--password-stdin drops exactly one trailing newline', async () => {
    const input = new PassThrough();
    input.end('pass word with spaces \n');
    expect(await readPasswordFromStdin(input)).toBe('pass word with spaces ');
    const crlf = new PassThrough();
    crlf.end('secret\r\n');
    expect(await readPasswordFromStdin(crlf)).toBe('secret');
  });
});
