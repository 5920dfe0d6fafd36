import { createHash } from 'node:crypto';
import { KeyedJsonCache } from '../keyed-json-cache.ts';
import { CONNECTIONS_TOP, CONNECTIONS_VERSION, ConnectionPairFile } from './contract.ts';

/** The key of a pair's connections: they depend on the weights and the two layers only. */
export function connectionsKey(weightsSha256: string, from: string, to: string): string {
  const canonical = JSON.stringify({ connections: CONNECTIONS_VERSION, top: CONNECTIONS_TOP, weights: weightsSha256, from, to });
  return createHash('sha256').update(canonical).digest('hex');
}

/** A pair's connections under <cacheDir>/connections/<key>.json, written temp-then-rename. */
export class ConnectionsCache extends KeyedJsonCache<'pair', ConnectionPairFile> {
  constructor(cacheDir: string) {
    super(cacheDir, 'connections', 'pair', ConnectionPairFile);
  }
}
