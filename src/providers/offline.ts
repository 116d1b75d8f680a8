// PLACEHOLDER until the offline providers land: the bundle of offline providers (no network, no keys).
import type { Providers } from '../pipeline/segment.js';

export function createOfflineProviders(): Providers {
  throw new Error('offline providers are not implemented yet');
}
