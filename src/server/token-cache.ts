// Remembers access tokens already verified, until they expire: a JWT check is a pure function of
// the token and the key, and WebCrypto HMAC costs more than the rest of a cached progress request.
import { decodeJwt } from 'jose';
import type { AuthService, AuthUser } from '../auth/service.js';

const MAX_ENTRIES = 10_000;

/** An AuthService whose verifyAccessToken answers repeated tokens from memory (everything else unchanged). */
export function withVerifiedTokenCache(auth: AuthService): AuthService {
  const verified = new Map<string, { user: AuthUser; expiresAtMs: number }>();
  const cached = Object.create(auth) as AuthService;
  cached.verifyAccessToken = async (token: string): Promise<AuthUser> => {
    const hit = verified.get(token);
    if (hit) {
      if (Date.now() < hit.expiresAtMs) return { ...hit.user };
      verified.delete(token);
    }
    // Failures (expired, forged) are not cached: they go through the real check each time.
    const user = await auth.verifyAccessToken(token);
    const exp = decodeJwt(token).exp;
    if (typeof exp === 'number') {
      if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value!);
      verified.set(token, { user: { ...user }, expiresAtMs: exp * 1000 });
    }
    return user;
  };
  return cached;
}
