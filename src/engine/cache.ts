import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Checkpoint, FilterStatus, MethodName, type MethodParams } from './method/params.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { TuningEntry } from './tuning/tuning-entry.ts';
import { KeyedJsonCache } from './keyed-json-cache.ts';

/**
 * Bump when a change to the engine can change any pattern's pixels or loss: every cached
 * pattern made by another engine version is then recomputed.
 */
export const ENGINE_VERSION = '3';

export interface PatternIdentity {
  readonly weightsSha256: string;
  readonly backend: string;
  readonly layer: string;
  readonly filter: number;
  readonly method: MethodParams;
}

/** The key of one filter's pattern: a hash of everything its pixels depend on. */
export function patternKey(identity: PatternIdentity): string {
  const { weightsSha256, backend, layer, filter, method } = identity;
  const canonical = JSON.stringify({
    engine: ENGINE_VERSION,
    weights: weightsSha256,
    backend,
    layer,
    filter,
    method: Object.fromEntries(Object.entries(method).sort(([a], [b]) => a.localeCompare(b))),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

const CachedResult = z.strictObject({
  key: z.string(),
  method: MethodName,
  layer: z.string(),
  filter: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  loss: z.array(z.number()),
  status: FilterStatus,
  failedAtStep: z.number().int().optional(),
  flatOptimum: z.literal(true).optional(),
  checkpoint: Checkpoint.optional(),
});
export type CachedResult = z.infer<typeof CachedResult>;

/** The optional outcome fields of a pattern, only those present, in the order the manifest writes them. */
export function outcomeFields(result: Pick<CachedResult, 'failedAtStep' | 'flatOptimum' | 'checkpoint'>): Pick<CachedResult, 'failedAtStep' | 'flatOptimum' | 'checkpoint'> {
  const { failedAtStep, flatOptimum, checkpoint } = result;
  return { ...(failedAtStep === undefined ? {} : { failedAtStep }), ...(flatOptimum ? { flatOptimum } : {}), ...(checkpoint ? { checkpoint } : {}) };
}

export interface CachedPattern {
  readonly result: CachedResult;
  readonly pngPath: string;
  readonly webpPath: string;
}

/**
 * Content-addressed store of rendered patterns under <cacheDir>/patterns. An entry is the PNG,
 * the WebP and, written last, the JSON: a JSON file means the entry is complete. Every file is
 * written temp-then-rename, so concurrent runs and kill -9 can at worst leave an entry missing.
 */
export class PatternCache {
  readonly root: string;

  constructor(cacheDir: string) {
    this.root = path.join(cacheDir, 'patterns');
  }

  private paths(key: string): { json: string; png: string; webp: string } {
    const base = path.join(this.root, key.slice(0, 2), key);
    return { json: `${base}.json`, png: `${base}.png`, webp: `${base}.webp` };
  }

  async get(key: string): Promise<CachedPattern | undefined> {
    const files = this.paths(key);
    let text: string;
    try {
      text = await readFile(files.json, 'utf8');
    } catch {
      return undefined;
    }
    const parsed = CachedResult.safeParse(safeJson(text));
    if (!parsed.success || parsed.data.key !== key) return undefined;
    const imagesPresent = await Promise.all([access(files.png), access(files.webp)]).then(
      () => true,
      () => false,
    );
    if (!imagesPresent) return undefined;
    return { result: parsed.data, pngPath: files.png, webpPath: files.webp };
  }

  async put(result: CachedResult, png: Uint8Array, webp: Uint8Array): Promise<CachedPattern> {
    const files = this.paths(result.key);
    await writeFileAtomic(files.png, png);
    await writeFileAtomic(files.webp, webp);
    await writeFileAtomic(files.json, `${JSON.stringify(result)}\n`);
    return { result, pngPath: files.png, webpPath: files.webp };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A layer's tuning entries under <cacheDir>/tuning/<key>.json, written temp-then-rename. */
export class TuningCache extends KeyedJsonCache<'entries', TuningEntry[]> {
  constructor(cacheDir: string) {
    super(cacheDir, 'tuning', 'entries', z.array(TuningEntry));
  }
}
