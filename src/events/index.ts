// Opens the notification bus the deployment names: Redis pub/sub (scaled) or in-process (embedded).
import type { BusTarget } from '../deployment.js';
import { InProcessBus } from './memory.js';
import { RedisBus } from './redis.js';
import type { EventBus } from './types.js';

export function createBus(target: BusTarget): EventBus {
  return target.kind === 'redis'
    ? new RedisBus(target.redisUrl, { channelPrefix: target.channelPrefix })
    : new InProcessBus();
}
