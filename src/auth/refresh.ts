// Refresh-token families: opaque random tokens (only their SHA-256 is stored), rotated on every
// use; a token presented twice means it leaked, so its whole family is revoked (reuse detection).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors.js';

export interface IssuedRefreshToken {
  /** The opaque token for the client (cookie value). Never stored. */
  token: string;
  familyId: string;
  expiresAt: Date;
}

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const invalid = (message = 'The refresh token is not valid; log in again') =>
  new AppError('invalid_refresh_token', 401, message);

/** Issues a token in `familyId` (a new family when omitted: a login). */
export async function issueRefreshToken(
  db: Queryable,
  userId: number,
  ttlSeconds: number,
  familyId: string = randomUUID(),
): Promise<IssuedRefreshToken> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db.query(
    `INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ($1, $2, $3, $4)`,
    [hashRefreshToken(token), familyId, userId, expiresAt],
  );
  return { token, familyId, expiresAt };
}

interface TokenRow {
  family_id: string;
  user_id: number;
  used_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
}

/**
 * Spends `token` and returns its successor in the same family, with the owner's id.
 * Two requests racing with the same token: the conditional UPDATE lets exactly one win; the
 * other sees a used token, which is indistinguishable from a replay and revokes the family.
 */
export async function rotateRefreshToken(
  db: Database,
  token: string,
  ttlSeconds: number,
): Promise<{ userId: number; next: IssuedRefreshToken }> {
  const tokenHash = hashRefreshToken(token);
  const outcome = await db.transaction(async (tx) => {
    const spent = await tx.query<{ family_id: string; user_id: number }>(
      `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING family_id, user_id`,
      [tokenHash],
    );
    if (spent[0]) {
      const next = await issueRefreshToken(tx, spent[0].user_id, ttlSeconds, spent[0].family_id);
      return { ok: true as const, userId: spent[0].user_id, next };
    }
    const rows = await tx.query<TokenRow>(
      `SELECT family_id, user_id, used_at, revoked_at, expires_at <= now() AS expired
         FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return { ok: false as const, error: invalid() };
    if (row.used_at && !row.revoked_at) {
      await revokeFamily(tx, row.family_id);
      return {
        ok: false as const,
        error: new AppError(
          'refresh_token_reused',
          401,
          'This refresh token was already used; its session has been revoked for safety. Log in again',
        ),
      };
    }
    if (row.revoked_at) return { ok: false as const, error: invalid('The session has ended; log in again') };
    return {
      ok: false as const,
      error: new AppError('refresh_token_expired', 401, 'The refresh token has expired; log in again'),
    };
  });
  // Thrown after the transaction so the family revocation above is committed, not rolled back.
  if (!outcome.ok) throw outcome.error;
  return { userId: outcome.userId, next: outcome.next };
}

export async function revokeFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
    familyId,
  ]);
}

/** Revokes the family of `token` (logout). Unknown tokens are ignored: logging out twice is fine. */
export async function revokeFamilyOfToken(db: Queryable, token: string): Promise<boolean> {
  const rows = await db.query<{ family_id: string }>(
    `SELECT family_id FROM refresh_tokens WHERE token_hash = $1`,
    [hashRefreshToken(token)],
  );
  if (!rows[0]) return false;
  await revokeFamily(db, rows[0].family_id);
  return true;
}

/** Ends every session of a user (account disabled, password changed). */
export async function revokeUserTokens(db: Queryable, userId: number): Promise<void> {
  await db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
    userId,
  ]);
}

/** Deletes rows that can no longer be used, so the table does not grow forever. */
export async function pruneRefreshTokens(db: Queryable): Promise<void> {
  await db.query(
    `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'
        OR revoked_at < now() - interval '1 day'`,
  );
}
