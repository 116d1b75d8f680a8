// Accounts, sessions and edge instances: the one place that decides who a caller is.
// Routes, the WebSocket gateway and the CLI call this; it owns the users/refresh/instance tables.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { AppError, badInput, conflict, notFound } from '../errors.js';
import type { AccountChange, AccountChangeFeed } from '../events/account-changes.js';
import { AccountStandings } from './account-status.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import {
  type IssuedRefreshToken,
  issueRefreshToken,
  pruneRefreshTokens,
  revokeFamilyOfToken,
  revokeUserTokens,
  rotateRefreshToken,
} from './refresh.js';
import { type AccessTokenClaims, resolveJwtSecret, signAccessToken, verifyAccessTokenJwt } from './tokens.js';

export const UsernameSchema = z
  .string()
  .trim()
  .normalize('NFC')
  .min(3, 'must be 3 to 32 characters')
  .max(32, 'must be 3 to 32 characters')
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'may hold only letters, digits, "_", "." and "-"');
export const PasswordSchema = z
  .string()
  .min(8, 'must be 8 to 128 characters')
  .max(128, 'must be 8 to 128 characters');
export const InstanceNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/** Who a caller is: a user, or an edge instance acting for its owner. */
export interface AuthUser {
  id: number;
  username: string;
  isAdmin: boolean;
  /** Set when the call came from an edge instance (X-Instance-ID + X-Api-Key). */
  instanceId?: string;
}

export type AuthConfig = Pick<Config, 'ACCESS_TOKEN_TTL_SECONDS' | 'REFRESH_TOKEN_TTL_SECONDS'>;

export interface AuthServiceDeps {
  db: Database;
  config: AuthConfig;
  /** The HS256 key (see resolveJwtSecret). */
  secret: Uint8Array;
  /**
   * The bus's account announcements: changes made here are announced on it, and every process's
   * cached account standings follow it. Without one (CLI, unit tests) nothing is cached.
   */
  accounts?: AccountChangeFeed;
}

export interface UserRecord {
  id: number;
  username: string;
  isAdmin: boolean;
  createdAt: Date;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
}

export interface Session {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refresh: IssuedRefreshToken;
  user: UserRecord;
}

export interface EdgeInstance {
  instanceId: string;
  name: string;
  createdAt: Date;
  keyRotatedAt: Date | null;
  disabledAt: Date | null;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  is_admin: boolean;
  created_at: Date;
  disabled_at: Date | null;
  last_login_at: Date | null;
}

const USER_COLUMNS = 'id, username, password_hash, is_admin, created_at, disabled_at, last_login_at';

interface InstanceRow {
  id: string;
  name: string;
  created_at: Date;
  key_rotated_at: Date | null;
  disabled_at: Date | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
/** A user row (its password hash not needed) as the account the rest of the code sees. */
export const toUser = (r: Omit<UserRow, 'password_hash'>): UserRecord => ({
  id: r.id,
  username: r.username,
  isAdmin: r.is_admin,
  createdAt: new Date(r.created_at),
  disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
  lastLoginAt: r.last_login_at ? new Date(r.last_login_at) : null,
});
const toInstance = (r: InstanceRow): EdgeInstance => ({
  instanceId: r.id,
  name: r.name,
  createdAt: new Date(r.created_at),
  keyRotatedAt: r.key_rotated_at ? new Date(r.key_rotated_at) : null,
  disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
});

function parseField<T>(schema: z.ZodType<T>, field: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badInput(field, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

const badCredentials = () => new AppError('invalid_credentials', 401, 'Wrong username or password');
const accountGone = () =>
  new AppError('account_disabled', 401, 'This account is disabled or no longer exists');
const badInstance = () =>
  new AppError('invalid_api_key', 401, 'Unknown or disabled edge instance, or wrong API key');

function newApiKey(): string {
  return `sk_${randomBytes(32).toString('base64url')}`;
}

const PRUNE_EVERY_MS = 3600_000;

export class AuthService {
  private lastPrune = 0;
  private readonly standings: AccountStandings;

  constructor(private readonly deps: AuthServiceDeps) {
    this.standings = new AccountStandings(deps.db, deps.accounts);
  }

  /** Resolves the JWT secret (JWT_SECRET, the settings table or DATA_DIR/jwt_secret) and builds the service. */
  static async create(db: Database, config: Config, accounts?: AccountChangeFeed): Promise<AuthService> {
    return new AuthService({ db, config, secret: await resolveJwtSecret(config, db), accounts });
  }

  async register(username: string, password: string): Promise<UserRecord> {
    return this.createUser(username, password, false);
  }

  /** 400 naming the field for a bad username/password, 409 when the name is taken (any case). */
  async createUser(username: string, password: string, isAdmin: boolean): Promise<UserRecord> {
    const name = parseField(UsernameSchema, 'username', username);
    const pass = parseField(PasswordSchema, 'password', password);
    const passwordHash = await hashPassword(pass);
    // ON CONFLICT on the lower(username) index: no exception, and no race between check and insert.
    const rows = await this.deps.db.query<UserRow>(
      `INSERT INTO users (username, password_hash, is_admin) VALUES ($1, $2, $3)
       ON CONFLICT (lower(username)) DO NOTHING
       RETURNING ${USER_COLUMNS}`,
      [name, passwordHash, isAdmin],
    );
    if (!rows[0]) throw conflict(`The username "${name}" is already taken`);
    return toUser(rows[0]);
  }

  async getUser(userId: number): Promise<UserRecord | undefined> {
    const rows = await this.deps.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [
      userId,
    ]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /**
   * 401 `invalid_credentials` for an unknown user or a wrong password (same message, same time);
   * 403 `account_disabled` for the right password of a disabled account.
   */
  async login(username: string, password: string): Promise<Session> {
    const rows = await this.deps.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`,
      [username.trim().normalize('NFC')],
    );
    const row = rows[0];
    const ok = row ? await verifyPassword(row.password_hash, password) : await verifyAgainstDummy(password);
    if (!row || !ok) throw badCredentials();
    if (row.disabled_at) {
      throw new AppError('account_disabled', 403, 'This account is disabled; ask an administrator');
    }
    await this.deps.db.query('UPDATE users SET last_login_at = now() WHERE id = $1', [row.id]);
    const user = toUser(row);
    // Dead refresh tokens pile up with every login: sweep them now and then, not on a timer.
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneRefreshTokens(this.deps.db);
    }
    const refresh = await issueRefreshToken(
      this.deps.db,
      user.id,
      this.deps.config.REFRESH_TOKEN_TTL_SECONDS,
    );
    return { ...(await this.accessTokenFor(user)), refresh, user };
  }

  /** Rotates the refresh token; a reused one revokes its family (401 `refresh_token_reused`). */
  async refresh(refreshToken: string): Promise<Session> {
    if (!refreshToken) throw new AppError('invalid_refresh_token', 401, 'No refresh token; log in again');
    const { userId, next } = await rotateRefreshToken(
      this.deps.db,
      refreshToken,
      this.deps.config.REFRESH_TOKEN_TTL_SECONDS,
    );
    const user = await this.getUser(userId);
    if (!user || user.disabledAt) throw accountGone();
    return { ...(await this.accessTokenFor(user)), refresh: next, user };
  }

  /** Ends the session (the refresh token's family). Idempotent. */
  async logout(refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await revokeFamilyOfToken(this.deps.db, refreshToken);
  }

  /**
   * The caller behind a Bearer token; AppError 401 for a bad or expired token and for an account
   * that is disabled or gone. Admin rights come from the account now, not from the token.
   */
  async verifyAccessToken(token: string): Promise<AuthUser> {
    const claims = await this.verifyTokenSignature(token);
    const standing = await this.standings.of(claims.userId);
    if (!standing) throw accountGone();
    return { id: claims.userId, username: claims.username, isAdmin: standing.isAdmin };
  }

  /** Whether the account exists and is not disabled (from the per-process standing cache). */
  async isActive(userId: number): Promise<boolean> {
    return (await this.standings.of(userId)) !== undefined;
  }

  /** The claims of a well-signed, unexpired token (a pure function of token and key: cacheable). */
  async verifyTokenSignature(token: string): Promise<AccessTokenClaims> {
    return verifyAccessTokenJwt(this.deps.secret, token);
  }

  // ---- administration: every change is announced so that every server acts on it at once ----

  /**
   * Disables (tokens, refresh tokens, edge instances and sockets stop working at once; the data
   * stays) or enables an account. 404 for an unknown id. Idempotent.
   */
  async setDisabled(userId: number, disabled: boolean): Promise<UserRecord> {
    const rows = await this.deps.db.query<UserRow>(
      `UPDATE users SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) ELSE NULL END
        WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [userId, disabled],
    );
    if (!rows[0]) throw notFound('No such user');
    if (disabled) await revokeUserTokens(this.deps.db, userId);
    await this.announce({ userId, change: disabled ? 'disabled' : 'enabled' });
    return toUser(rows[0]);
  }

  async setAdmin(userId: number, isAdmin: boolean): Promise<UserRecord> {
    const rows = await this.deps.db.query<UserRow>(
      `UPDATE users SET is_admin = $2 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [userId, isAdmin],
    );
    if (!rows[0]) throw notFound('No such user');
    await this.announce({ userId, change: 'updated' });
    return toUser(rows[0]);
  }

  /** A new password; every session of the account ends (its refresh tokens are revoked). */
  async setPassword(userId: number, password: string): Promise<UserRecord> {
    const pass = parseField(PasswordSchema, 'password', password);
    const rows = await this.deps.db.query<UserRow>(
      `UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [userId, await hashPassword(pass)],
    );
    if (!rows[0]) throw notFound('No such user');
    await revokeUserTokens(this.deps.db, userId);
    await this.announce({ userId, change: 'updated' });
    return toUser(rows[0]);
  }

  /** The account by name (any case), for the CLI. */
  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const rows = await this.deps.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`,
      [username.trim().normalize('NFC')],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /**
   * Deletes the account row inside the caller's transaction: refresh tokens, edge instances,
   * notifications and v1 tasks go with it (ON DELETE CASCADE). Call accountDeleted after the commit.
   */
  async deleteUserRow(tx: Queryable, userId: number): Promise<boolean> {
    const rows = await tx.query('DELETE FROM users WHERE id = $1 RETURNING id', [userId]);
    return rows.length > 0;
  }

  accountDeleted(userId: number): Promise<void> {
    return this.announce({ userId, change: 'deleted' });
  }

  /** Drops this process's standing at once, then tells every process (after the commit). */
  private async announce(change: AccountChange): Promise<void> {
    this.standings.forget(change.userId);
    try {
      await this.deps.accounts?.publishAccountChanged(change);
    } catch {
      // Committed already: the other servers notice within ACCOUNT_STANDING_TTL_MS; repeating the
      // (idempotent) call announces it again.
      throw new AppError(
        'unavailable',
        503,
        'Saved, but the other servers could not be told at once (the bus is unreachable); they notice within 30 s. Repeat the call to tell them now',
      );
    }
  }

  private async accessTokenFor(user: UserRecord): Promise<{ accessToken: string; expiresIn: number }> {
    const signed = await signAccessToken(
      this.deps.secret,
      { userId: user.id, username: user.username, isAdmin: user.isAdmin },
      this.deps.config.ACCESS_TOKEN_TTL_SECONDS,
    );
    return { accessToken: signed.token, expiresIn: signed.expiresIn };
  }

  // ---- edge instances (seed 002): a machine acting with its owner's rights ----

  async createInstance(
    userId: number,
    name: string,
  ): Promise<{ instanceId: string; apiKey: string; name: string }> {
    const cleanName = parseField(InstanceNameSchema, 'name', name);
    const instanceId = randomUUID();
    const apiKey = newApiKey();
    await this.deps.db.query(
      'INSERT INTO edge_instances (id, user_id, name, api_key_hash) VALUES ($1, $2, $3, $4)',
      [instanceId, userId, cleanName, sha256(apiKey).toString('hex')],
    );
    return { instanceId, apiKey, name: cleanName };
  }

  /** The user's instances, newest first, disabled ones included (with `disabledAt`). */
  async listInstances(userId: number): Promise<EdgeInstance[]> {
    const rows = await this.deps.db.query<InstanceRow>(
      `SELECT id, name, created_at, key_rotated_at, disabled_at FROM edge_instances
        WHERE user_id = $1 ORDER BY created_at DESC, id`,
      [userId],
    );
    return rows.map(toInstance);
  }

  /**
   * 404 when the instance is not the user's (exactly as when it does not exist); `userId` null: any
   * user's (an admin). Idempotent. Each call with its key reads the database, so it stops at once.
   */
  async disableInstance(userId: number | null, instanceId: string): Promise<EdgeInstance> {
    if (!UUID_RE.test(instanceId)) throw notFound('No such edge instance');
    const rows = await this.deps.db.query<InstanceRow>(
      `UPDATE edge_instances SET disabled_at = COALESCE(disabled_at, now())
        WHERE id = $1 AND ($2::int IS NULL OR user_id = $2::int)
        RETURNING id, name, created_at, key_rotated_at, disabled_at`,
      [instanceId, userId],
    );
    if (!rows[0]) throw notFound('No such edge instance');
    return toInstance(rows[0]);
  }

  /** A new key; the old one stops working at once. 404 as above; 409 for a disabled instance. */
  async rotateInstanceKey(
    userId: number,
    instanceId: string,
  ): Promise<{ instanceId: string; apiKey: string }> {
    if (!UUID_RE.test(instanceId)) throw notFound('No such edge instance');
    const apiKey = newApiKey();
    const rows = await this.deps.db.query<{ id: string; disabled_at: Date | null }>(
      `UPDATE edge_instances SET api_key_hash = CASE WHEN disabled_at IS NULL THEN $3 ELSE api_key_hash END,
              key_rotated_at = CASE WHEN disabled_at IS NULL THEN now() ELSE key_rotated_at END
        WHERE id = $1 AND user_id = $2
        RETURNING id, disabled_at`,
      [instanceId, userId, sha256(apiKey).toString('hex')],
    );
    if (!rows[0]) throw notFound('No such edge instance');
    if (rows[0].disabled_at) throw conflict('This edge instance is disabled; create a new one');
    return { instanceId, apiKey };
  }

  /** The owner, acting through this instance; 401 for an unknown or disabled instance or a wrong key. */
  async verifyInstance(instanceId: string, apiKey: string): Promise<AuthUser> {
    const given = sha256(apiKey);
    const rows = UUID_RE.test(instanceId)
      ? await this.deps.db.query<{
          api_key_hash: string;
          user_id: number;
          username: string;
          is_admin: boolean;
        }>(
          `SELECT i.api_key_hash, u.id AS user_id, u.username, u.is_admin
             FROM edge_instances i JOIN users u ON u.id = i.user_id
            WHERE i.id = $1 AND i.disabled_at IS NULL AND u.disabled_at IS NULL`,
          [instanceId],
        )
      : [];
    const row = rows[0];
    // Compare fixed-length digests in constant time, also when there is no row to compare with.
    const stored = row ? Buffer.from(row.api_key_hash, 'hex') : sha256(randomUUID());
    const match = timingSafeEqual(stored, given);
    if (!row || !match) throw badInstance();
    return {
      id: row.user_id,
      username: row.username,
      isAdmin: row.is_admin,
      instanceId: instanceId.toLowerCase(),
    };
  }
}
