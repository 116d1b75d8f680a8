// Picks the notification bus from the configuration: Redis pub/sub with REDIS_URL, else in-process.
import type { Config } from '../config.js';
import { InProcessBus } from './memory.js';
import { RedisBus } from './redis.js';
import type { EventBus } from './types.js';

export { InProcessBus } from './memory.js';
export { RedisBus, type RedisBusState } from './redis.js';
export * from './task-changes.js';
export * from './types.js';

export function createBus(
  config: Pick<Config, 'REDIS_URL'> & Partial<Pick<Config, 'QUEUE_PREFIX'>>,
): EventBus {
  return config.REDIS_URL
    ? new RedisBus(config.REDIS_URL, { channelPrefix: config.QUEUE_PREFIX })
    : new InProcessBus();
}
