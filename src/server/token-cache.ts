// Remembers access tokens whose signature was already checked, until they expire: a JWT check is a
// pure function of the token and the key, and WebCrypto HMAC costs more than the rest of a cached
// progress request. The account's standing (disabled, deleted, admin) is still asked every time.
import { decodeJwt } from 'jose';
import type { AuthService } from '../auth/service.js';
import type { AccessTokenClaims } from '../auth/tokens.js';

const MAX_ENTRIES = 10_000;

/** An AuthService whose signature check answers repeated tokens from memory (everything else unchanged). */
export function withVerifiedTokenCache(auth: AuthService): AuthService {
  const verified = new Map<string, { claims: AccessTokenClaims; expiresAtMs: number }>();
  const cached = Object.create(auth) as AuthService;
  cached.verifyTokenSignature = async (token: string): Promise<AccessTokenClaims> => {
    const hit = verified.get(token);
    if (hit) {
      if (Date.now() < hit.expiresAtMs) return { ...hit.claims };
      verified.delete(token);
    }
    // Failures (expired, forged) are not cached: they go through the real check each time.
    const claims = await auth.verifyTokenSignature(token);
    const exp = decodeJwt(token).exp;
    if (typeof exp === 'number') {
      if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims: { ...claims }, expiresAtMs: exp * 1000 });
    }
    return claims;
  };
  return cached;
}
