// Request limits by client address and account: failed logins, registrations and uploads. Counted
// in Redis in the scaled mode (so they hold across every `serve` process), in memory when embedded;
// which one comes from the deployment. The client address is Fastify's request.ip (see TRUST_PROXY).
import type { FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { LimitsTarget } from '../deployment.js';
import { quitRedis } from '../jobs/redis-connection.js';

export type RateLimitSettings = Pick<
  Config,
  | 'LOGIN_RATE_LIMIT_PER_MINUTE'
  | 'LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE'
  | 'LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE'
  | 'REGISTER_RATE_LIMIT_PER_MINUTE'
  | 'UPLOAD_RATE_LIMIT_PER_MINUTE'
>;

export interface LimitVerdict {
  allowed: boolean;
  /** Whole seconds until the blocking window ends (0 when allowed). */
  retryAfterSeconds: number;
}

const ALLOWED: LimitVerdict = { allowed: true, retryAfterSeconds: 0 };
const MINUTE_S = 60;

type Kind = 'login-account-address' | 'login-account' | 'login-address' | 'register' | 'upload';

/**
 * The limits of one server process. Login counts failures only (a correct password gives its
 * attempt back) under three keys with their own thresholds: the account from one address (the
 * tight one), the account from anywhere, and the address for any account; so one account's
 * failures never block another account's correct password from the same address (a school
 * behind one NAT) unless the address as a whole is guessing.
 */
export class RateLimits {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly limiters: Record<Kind, RateLimiterAbstract>,
    private readonly redis?: Redis,
  ) {}

  /** Opens the limits the deployment names; with Redis, waits (briefly) for its connection. */
  static async open(target: LimitsTarget, settings: RateLimitSettings): Promise<RateLimits> {
    const points: Record<Kind, number> = {
      'login-account-address': settings.LOGIN_RATE_LIMIT_PER_MINUTE,
      'login-account': settings.LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE,
      'login-address': settings.LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE,
      register: settings.REGISTER_RATE_LIMIT_PER_MINUTE,
      upload: settings.UPLOAD_RATE_LIMIT_PER_MINUTE,
    };
    const kinds = Object.keys(points) as Kind[];
    const memory = (kind: Kind) =>
      new RateLimiterMemory({ keyPrefix: kind, points: points[kind], duration: MINUTE_S });
    if (target.kind === 'memory') {
      return new RateLimits(
        Object.fromEntries(kinds.map((k) => [k, memory(k)])) as unknown as Record<Kind, RateLimiterAbstract>,
      );
    }
    // No offline queue: while Redis is away a count fails at once and the in-memory insurance
    // limiter counts instead (per process, but never unlimited).
    const redis = new Redis(target.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: 'storyagent-limits',
    });
    redis.on('error', () => {});
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, 5_000);
      redis.once('ready', done);
    });
    const limiters = Object.fromEntries(
      kinds.map((k) => [
        k,
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${target.keyPrefix}:rl:${k}`,
          points: points[k],
          duration: MINUTE_S,
          insuranceLimiter: memory(k),
        }),
      ]),
    ) as unknown as Record<Kind, RateLimiterAbstract>;
    return new RateLimits(limiters, redis);
  }

  /** One login attempt; refused (and not counted) when any of its keys is at its limit. */
  async loginAttempt(account: string, address: string): Promise<LimitVerdict> {
    const keys = loginKeys(account, address);
    const seen = await Promise.all(keys.map(([kind, key]) => this.limiters[kind].get(key)));
    const full = seen
      .map((res, i) => ({ res, limit: this.limiters[keys[i]![0]].points }))
      .filter(({ res, limit }) => res && res.consumedPoints >= limit);
    if (full.length) return refused(Math.max(...full.map(({ res }) => res!.msBeforeNext)));
    return this.consumeAll(keys);
  }

  /** The attempt succeeded: it is given back, so only failures count. */
  async loginSucceeded(account: string, address: string): Promise<void> {
    await Promise.all(loginKeys(account, address).map(([kind, key]) => this.limiters[kind].reward(key, 1)));
  }

  registration(address: string): Promise<LimitVerdict> {
    return this.consumeAll([['register', address]]);
  }

  upload(address: string): Promise<LimitVerdict> {
    return this.consumeAll([['upload', address]]);
  }

  /** Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.redis ? quitRedis(this.redis) : Promise.resolve();
    return this.closing;
  }

  private async consumeAll(keys: Array<[Kind, string]>): Promise<LimitVerdict> {
    const outcomes = await Promise.allSettled(keys.map(([kind, key]) => this.limiters[kind].consume(key)));
    let waitMs = -1;
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      // A RateLimiterRes is "over the limit"; anything else is a failure of both stores: ours.
      if (!(o.reason instanceof RateLimiterRes)) throw o.reason;
      waitMs = Math.max(waitMs, o.reason.msBeforeNext);
    }
    return waitMs < 0 ? ALLOWED : refused(waitMs);
  }
}

function loginKeys(account: string, address: string): Array<[Kind, string]> {
  const name = account.trim().normalize('NFC').toLowerCase();
  return [
    ['login-account-address', `${name}|${address}`],
    ['login-account', name],
    ['login-address', address],
  ];
}

function refused(msBeforeNext: number): LimitVerdict {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
}

/** The 429 answer, in the error shape, with Retry-After. */
export function tooManyRequests(reply: FastifyReply, verdict: LimitVerdict, what: string) {
  return reply
    .status(429)
    .header('Retry-After', String(verdict.retryAfterSeconds))
    .send({
      error: {
        code: 'rate_limited',
        message: `Too many ${what}; try again in ${verdict.retryAfterSeconds} s`,
      },
    });
}
