// Short-lived access tokens (JWT, HS256) and the one secret that signs them: JWT_SECRET when set,
// else generated once — into DATA_DIR/jwt_secret (embedded) or the settings table (scaled).
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';

export interface AccessTokenClaims {
  /** The user id. */
  userId: number;
  username: string;
  isAdmin: boolean;
}

export interface SignedAccessToken {
  token: string;
  /** Seconds until it expires (the `expires_in` of the login answer). */
  expiresIn: number;
}

const ISSUER = 'storyagent';

function newSecret(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * The HS256 key. Order: JWT_SECRET; else, with DATABASE_URL (several processes share one
 * database), a secret generated once into the `settings` table so every process agrees; else a
 * secret generated once into DATA_DIR/jwt_secret (mode 0600). The db must be migrated.
 */
export async function resolveJwtSecret(
  config: Pick<Config, 'JWT_SECRET' | 'DATABASE_URL' | 'dataRoot'>,
  db: Queryable,
): Promise<Uint8Array> {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  if (config.DATABASE_URL) {
    // First writer wins; everyone then reads the same row.
    await db.query(
      `INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`,
      [newSecret()],
    );
    const rows = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'jwt_secret'`);
    return new TextEncoder().encode(rows[0]!.value);
  }
  const file = join(config.dataRoot, 'jwt_secret');
  await mkdir(config.dataRoot, { recursive: true });
  try {
    // 'wx': never overwrite a secret another start already wrote (that would log everyone out).
    await writeFile(file, `${newSecret()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) {
    throw new Error(`${file} holds a secret shorter than 32 characters; delete it to generate a new one`);
  }
  await chmod(file, 0o600);
  return new TextEncoder().encode(secret);
}

export async function signAccessToken(
  secret: Uint8Array,
  claims: AccessTokenClaims,
  ttlSeconds: number,
): Promise<SignedAccessToken> {
  const token = await new SignJWT({ username: claims.username, adm: claims.isAdmin })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.userId))
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(secret);
  return { token, expiresIn: ttlSeconds };
}

/** The claims of a valid token; AppError 401 `token_expired` or `invalid_token` otherwise. */
export async function verifyAccessTokenJwt(secret: Uint8Array, token: string): Promise<AccessTokenClaims> {
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      // A token that never expires would outlive every revocation: refuse it.
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      throw new AppError('token_expired', 401, 'The access token has expired; refresh it');
    }
    throw new AppError('invalid_token', 401, 'The access token is not valid');
  }
  const userId = Number(payload.sub);
  if (!Number.isSafeInteger(userId) || userId <= 0 || typeof payload.username !== 'string') {
    throw new AppError('invalid_token', 401, 'The access token is not valid');
  }
  return { userId, username: payload.username, isAdmin: payload.adm === true };
}
