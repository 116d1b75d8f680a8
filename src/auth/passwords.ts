// Password hashing with argon2id (OWASP's recommended parameters), and a verify that costs the
// same whether or not the account exists, so login timing does not reveal which usernames are taken.
import { hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which isolatedModules cannot read; 2 is Argon2id.
const ARGON2ID = 2;

/** OWASP 2023: m = 19 MiB, t = 2, p = 1 — about 20–40 ms per hash here. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS as Parameters<typeof hash>[1]);
}

/** False for a wrong password or a malformed stored hash; never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A hash this code did not write (corrupt row): treat as "does not match".
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Burns one verify's worth of time for an unknown username; always false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('storyagent-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}
