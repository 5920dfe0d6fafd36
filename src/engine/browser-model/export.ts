import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../lib/atomic-write.ts';
import { layersUpTo, VGG16_LAYERS, type LayerSpec } from '../vgg16.ts';
import type { WeightSet } from '../weights/types.ts';
import { encodeFloat16 } from './float16.ts';
import { BROWSER_MODEL_DIR, BROWSER_MODEL_FORMAT, type BrowserModel, type BrowserModelLayer, type BrowserStage } from './model-entry.ts';

/** The input side the probe page runs at: the network's ImageNet size, as the atlas' examples use. */
export const BROWSER_MODEL_INPUT_SIDE = 224;

/** Hex digits of the sha256 in each file name. */
const HASH_DIGITS = 12;

export type BrowserModelDtype = BrowserModel['dtype'];

/**
 * float16 halves the download; measured against float32 weights on ONNX Runtime (224 px images
 * made in code), the top 20 filters' mean activations moved by at most 0.022 % (real block1/block2
 * weights) and 0.061 % (random full-width block3/block4), with the same top 5: see docs/probe.md.
 */
export const BROWSER_MODEL_DTYPE: BrowserModelDtype = 'float16';

export interface BrowserModelFile {
  readonly entry: BrowserModelLayer;
  readonly bytes: Uint8Array;
}

/** The stages each target adds beyond the one before it (targets in network order). */
export function stagesByTarget(targets: readonly string[], topology: readonly LayerSpec[] = VGG16_LAYERS): Array<{ target: string; stages: LayerSpec[] }> {
  const ordered = [...targets].sort((a, b) => topology.findIndex((spec) => spec.name === a) - topology.findIndex((spec) => spec.name === b));
  let done = 0;
  return ordered.map((target) => {
    const upTo = layersUpTo(target, topology);
    const stages = upTo.slice(done);
    done = upTo.length;
    return { target, stages };
  });
}

/** Kernel (HWIO) then bias of each convolution of `stages`, in order. */
function layerValues(weights: WeightSet, stages: readonly LayerSpec[]): Float32Array {
  const parts = stages.flatMap((stage) => {
    if (stage.kind !== 'conv') return [];
    const conv = weights.layers.get(stage.name);
    if (!conv) throw new Error(`the weights have no ${stage.name}; validate them before exporting the browser model`);
    return [conv.kernel, conv.bias];
  });
  const values = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    values.set(part, offset);
    offset += part.length;
  }
  return values;
}

function encode(values: Float32Array, dtype: BrowserModelDtype): Uint8Array {
  const typed = dtype === 'float16' ? encodeFloat16(values) : values;
  // Little-endian on every platform Node and browsers run on.
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** The browser model's files for `targets` (atlas layers), with their manifest entries. */
export function browserModelFiles(weights: WeightSet, targets: readonly string[], dtype: BrowserModelDtype, topology: readonly LayerSpec[] = VGG16_LAYERS): BrowserModelFile[] {
  return stagesByTarget(targets, topology).map(({ target, stages }) => {
    const bytes = encode(layerValues(weights, stages), dtype);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const entry: BrowserModelLayer = {
      name: target,
      file: `${BROWSER_MODEL_DIR}/${target}.${sha256.slice(0, HASH_DIGITS)}.bin`,
      bytes: bytes.byteLength,
      sha256,
      stages: stages.map((stage): BrowserStage => (stage.kind === 'conv' ? { ...stage } : { kind: 'pool', name: stage.name })),
    };
    return { entry, bytes };
  });
}

/**
 * Writes the browser model into the atlas directory and returns the manifest's `browserModel`.
 * Files of an earlier model (other hashes) are removed; an unchanged file is rewritten atomically.
 */
export async function writeBrowserModel(outDir: string, weights: WeightSet, targets: readonly string[], dtype: BrowserModelDtype, topology?: readonly LayerSpec[]): Promise<BrowserModel> {
  const files = browserModelFiles(weights, targets, dtype, topology);
  for (const { entry, bytes } of files) await writeFileAtomic(path.join(outDir, entry.file), bytes);
  const keep = new Set(files.map(({ entry }) => path.basename(entry.file)));
  const dir = path.join(outDir, BROWSER_MODEL_DIR);
  for (const name of await readdir(dir)) if (name.endsWith('.bin') && !keep.has(name)) await rm(path.join(dir, name), { force: true });
  return { format: BROWSER_MODEL_FORMAT, dtype, input: { side: BROWSER_MODEL_INPUT_SIDE, preprocessing: 'caffe' }, layers: files.map(({ entry }) => entry) };
}
