// The refresh-token store on both databases: tokens are kept hashed, and pruning removes only
// rows that can never be used again, keeping spent-but-live ones that reuse detection needs.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  hashRefreshToken,
  issueRefreshToken,
  pruneRefreshTokens,
  rotateRefreshToken,
} from '../../src/auth/refresh.js';
import { AuthService } from '../../src/auth/service.js';
import { DB_KINDS, type TestDatabase } from '../helpers/db.js';
import { TEST_SECRET } from './app.js';

describe.each(DB_KINDS)('refresh-token store on %s', (_kind, createDb) => {
  let tdb: TestDatabase;
  let userId: number;

  beforeAll(async () => {
    tdb = await createDb();
    const auth = new AuthService({
      db: tdb.db,
      config: { ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_SECONDS: 3600 },
      secret: TEST_SECRET,
    });
    userId = (await auth.createUser('store_user', 'correct horse', false)).id;
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  const exists = async (token: string) =>
    (await tdb.db.query('SELECT 1 FROM refresh_tokens WHERE token_hash = $1', [hashRefreshToken(token)]))
      .length === 1;

  test('only the SHA-256 of a token is stored', async () => {
    const issued = await issueRefreshToken(tdb.db, userId, 3600);
    const rows = await tdb.db.query<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens');
    expect(rows.map((r) => r.token_hash)).toContain(hashRefreshToken(issued.token));
    expect(JSON.stringify(rows)).not.toContain(issued.token);
  });

  test('an expired token is refused with refresh_token_expired', async () => {
    const stale = await issueRefreshToken(tdb.db, userId, -10);
    await expect(rotateRefreshToken(tdb.db, stale.token, 3600)).rejects.toMatchObject({
      status: 401,
      code: 'refresh_token_expired',
    });
  });

  test('pruning drops long-expired and long-revoked tokens, keeps spent ones that still guard their family', async () => {
    const longExpired = await issueRefreshToken(tdb.db, userId, -2 * 86400);
    const revoked = await issueRefreshToken(tdb.db, userId, 3600);
    await tdb.db.query(
      `UPDATE refresh_tokens SET revoked_at = now() - interval '2 days' WHERE token_hash = $1`,
      [hashRefreshToken(revoked.token)],
    );
    const spent = await issueRefreshToken(tdb.db, userId, 3600);
    const { next } = await rotateRefreshToken(tdb.db, spent.token, 3600);

    await pruneRefreshTokens(tdb.db);

    expect(await exists(longExpired.token)).toBe(false);
    expect(await exists(revoked.token)).toBe(false);
    expect(await exists(spent.token)).toBe(true);
    expect(await exists(next.token)).toBe(true);
    // The kept spent token still triggers reuse detection.
    await expect(rotateRefreshToken(tdb.db, spent.token, 3600)).rejects.toMatchObject({
      code: 'refresh_token_reused',
    });
    await expect(rotateRefreshToken(tdb.db, next.token, 3600)).rejects.toMatchObject({ status: 401 });
  });
});
