// Accounts, sessions and edge instances: the one place that decides who a caller is.
// Routes, the WebSocket gateway and the CLI call this; it owns the users/refresh/instance tables.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError, badInput, conflict, notFound } from '../errors.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import {
  type IssuedRefreshToken,
  issueRefreshToken,
  pruneRefreshTokens,
  revokeFamilyOfToken,
  rotateRefreshToken,
} from './refresh.js';
import { resolveJwtSecret, signAccessToken, verifyAccessTokenJwt } from './tokens.js';

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
}

export interface UserRecord {
  id: number;
  username: string;
  isAdmin: boolean;
  createdAt: Date;
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
}

interface InstanceRow {
  id: string;
  name: string;
  created_at: Date;
  key_rotated_at: Date | null;
  disabled_at: Date | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  isAdmin: r.is_admin,
  createdAt: new Date(r.created_at),
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
const badInstance = () =>
  new AppError('invalid_api_key', 401, 'Unknown or disabled edge instance, or wrong API key');

function newApiKey(): string {
  return `sk_${randomBytes(32).toString('base64url')}`;
}

const PRUNE_EVERY_MS = 3600_000;

export class AuthService {
  private lastPrune = 0;

  constructor(private readonly deps: AuthServiceDeps) {}

  /** Resolves the JWT secret (JWT_SECRET, the settings table or DATA_DIR/jwt_secret) and builds the service. */
  static async create(db: Database, config: Config): Promise<AuthService> {
    return new AuthService({ db, config, secret: await resolveJwtSecret(config, db) });
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
       RETURNING id, username, password_hash, is_admin, created_at`,
      [name, passwordHash, isAdmin],
    );
    if (!rows[0]) throw conflict(`The username "${name}" is already taken`);
    return toUser(rows[0]);
  }

  async getUser(userId: number): Promise<UserRecord | undefined> {
    const rows = await this.deps.db.query<UserRow>(
      'SELECT id, username, password_hash, is_admin, created_at FROM users WHERE id = $1',
      [userId],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /** 401 `invalid_credentials` for an unknown user or a wrong password (same message, same time). */
  async login(username: string, password: string): Promise<Session> {
    const rows = await this.deps.db.query<UserRow>(
      'SELECT id, username, password_hash, is_admin, created_at FROM users WHERE lower(username) = lower($1)',
      [username.trim().normalize('NFC')],
    );
    const row = rows[0];
    const ok = row ? await verifyPassword(row.password_hash, password) : await verifyAgainstDummy(password);
    if (!row || !ok) throw badCredentials();
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
    if (!user) throw new AppError('invalid_refresh_token', 401, 'The account no longer exists');
    return { ...(await this.accessTokenFor(user)), refresh: next, user };
  }

  /** Ends the session (the refresh token's family). Idempotent. */
  async logout(refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await revokeFamilyOfToken(this.deps.db, refreshToken);
  }

  /** The caller behind a Bearer token, without a database round trip; AppError 401 otherwise. */
  async verifyAccessToken(token: string): Promise<AuthUser> {
    const claims = await verifyAccessTokenJwt(this.deps.secret, token);
    return { id: claims.userId, username: claims.username, isAdmin: claims.isAdmin };
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

  /** 404 when the instance is not the user's (exactly as when it does not exist). Idempotent. */
  async disableInstance(userId: number, instanceId: string): Promise<EdgeInstance> {
    if (!UUID_RE.test(instanceId)) throw notFound('No such edge instance');
    const rows = await this.deps.db.query<InstanceRow>(
      `UPDATE edge_instances SET disabled_at = COALESCE(disabled_at, now())
        WHERE id = $1 AND user_id = $2
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
            WHERE i.id = $1 AND i.disabled_at IS NULL`,
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
