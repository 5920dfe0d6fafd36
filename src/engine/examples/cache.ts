import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ENGINE_VERSION } from '../cache.ts';
import { writeFileAtomic } from '../../lib/atomic-write.ts';
import { EXAMPLES_VERSION } from './example-entry.ts';
import { readMaxima, writeMaxima, type ImageMaxima } from './maxima.ts';
import { LayerState } from './tracker.ts';

/** A skipped file of the set: its path relative to the examples root, and why. */
export const SkippedFile = z.strictObject({ image: z.string(), reason: z.string() });
export type SkippedFile = z.infer<typeof SkippedFile>;

/** A layer's tracked examples over a set of images (the whole set, or one shard's part), and the files that part skipped. */
export const LayerExamples = z.strictObject({ state: LayerState, skipped: z.array(SkippedFile) });
export type LayerExamples = z.infer<typeof LayerExamples>;

export interface ExamplesIdentity {
  readonly weightsSha256: string;
  readonly backend: string;
  readonly setSha256: string;
  readonly size: number;
  readonly k: number;
  readonly layer: string;
  /** The shard's part of the set, e.g. "2/3"; absent for the whole set. */
  readonly shard?: string;
}

/** The cache key of one layer's examples: everything its figures depend on. */
export function examplesKey(identity: ExamplesIdentity): string {
  const canonical = JSON.stringify({ engine: ENGINE_VERSION, examples: EXAMPLES_VERSION, ...identity, shard: identity.shard ?? 'all' });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * One layer's examples per key under <cacheDir>/examples-state/<key>.json, and its per-image maxima
 * beside it in <key>.maxima.bin, each written temp-then-rename.
 */
export class ExamplesCache {
  readonly root: string;

  constructor(cacheDir: string) {
    this.root = path.join(cacheDir, 'examples-state');
  }

  async get(key: string): Promise<LayerExamples | undefined> {
    return readLayerExamples(path.join(this.root, `${key}.json`));
  }

  async put(key: string, examples: LayerExamples): Promise<void> {
    await writeFileAtomic(path.join(this.root, `${key}.json`), `${JSON.stringify(examples)}\n`);
  }

  async getMaxima(key: string): Promise<ImageMaxima | undefined> {
    return readMaxima(path.join(this.root, `${key}.maxima.bin`));
  }

  async putMaxima(key: string, maxima: ImageMaxima): Promise<void> {
    await writeMaxima(path.join(this.root, `${key}.maxima.bin`), maxima);
  }
}

/** A stored LayerExamples file, or undefined when it is missing or not one. */
export async function readLayerExamples(file: string): Promise<LayerExamples | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = LayerExamples.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
