import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../src/atlas/config.ts';
import { precompute, type PrecomputeSummary } from '../../src/atlas/precompute.ts';
import type { ConvWeights } from '../../src/engine/weights/types.ts';
import { tinyVggWeights, writeKerasHdf5 } from './tiny-model.ts';

/** Silences everything a run would print. */
const quiet = (): void => undefined;

/** The config file tests run with: both methods, the enhanced one at 32 px and 3 steps. */
export const TEST_CONFIG = path.join(import.meta.dirname, 'test.config.json');

/**
 * Runs precompute in this process exactly as the CLI would with these flags, with its own cache
 * dir and the tests' config file, so the repository's atlas.config.json does not leak into tests.
 */
export async function runPrecompute(flags: readonly string[], cacheDir: string): Promise<PrecomputeSummary> {
  await mkdir(cacheDir, { recursive: true });
  const config = await resolveConfig(['--config', TEST_CONFIG, ...flags], { ATLAS_CACHE_DIR: cacheDir });
  return precompute({ config, log: quiet });
}

/** Kills filter `filter` of `layer`: zero kernel and a negative bias, so it never activates. */
export function withDeadFilter(layers: Map<string, ConvWeights>, layer: string, filter: number): Map<string, ConvWeights> {
  const conv = layers.get(layer);
  if (!conv) throw new Error(`no ${layer} in the model`);
  const [, , , outChannels] = conv.kernelShape;
  const kernel = conv.kernel.map((value, i) => (i % outChannels === filter ? 0 : value));
  const bias = conv.bias.map((value, i) => (i === filter ? -1 : value));
  return new Map(layers).set(layer, { ...conv, kernel, bias });
}

/** Writes the tiny VGG (real layer names, small widths) as a Keras HDF5 file in `dir`; returns its path. */
export async function writeTinyModel(dir: string, layers: Map<string, ConvWeights> = tinyVggWeights()): Promise<string> {
  const file = path.join(dir, 'tiny-vgg16.h5');
  await writeKerasHdf5(file, layers, 'legacy');
  return file;
}

/** A temp dir for the duration of `body`. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const TINY_LAYERS = 'block1_conv1,block2_conv1,block3_conv1,block4_conv1';
