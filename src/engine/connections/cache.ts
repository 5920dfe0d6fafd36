import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../lib/atomic-write.ts';
import { CONNECTIONS_TOP, CONNECTIONS_VERSION, ConnectionPairFile } from './contract.ts';

/** The key of a pair's connections: they depend on the weights and the two layers only. */
export function connectionsKey(weightsSha256: string, from: string, to: string): string {
  const canonical = JSON.stringify({ connections: CONNECTIONS_VERSION, top: CONNECTIONS_TOP, weights: weightsSha256, from, to });
  return createHash('sha256').update(canonical).digest('hex');
}

const CachedPair = z.strictObject({ key: z.string(), pair: ConnectionPairFile });

/** A pair's connections under <cacheDir>/connections/<key>.json, written temp-then-rename. */
export class ConnectionsCache {
  readonly root: string;

  constructor(cacheDir: string) {
    this.root = path.join(cacheDir, 'connections');
  }

  private file(key: string): string {
    return path.join(this.root, `${key}.json`);
  }

  async get(key: string): Promise<ConnectionPairFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    const parsed = CachedPair.safeParse(json);
    return parsed.success && parsed.data.key === key ? parsed.data.pair : undefined;
  }

  async put(key: string, pair: ConnectionPairFile): Promise<void> {
    await writeFileAtomic(this.file(key), `${JSON.stringify({ key, pair })}\n`);
  }
}
