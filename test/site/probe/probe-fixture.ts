/**
 * What the probe page's tests share: the fixture site with a browser model made from the real
 * block1/block2 weights, a 224 px test image made in code, and the engine's own forward pass
 * (ONNX Runtime, float32 weights) on the same pixels, as the reference.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { Manifest } from '../../../src/atlas/manifest.ts';
import { BROWSER_MODEL_DTYPE, writeBrowserModel } from '../../../src/engine/browser-model/export.ts';
import { createRuntime } from '../../../src/engine/runtime/select.ts';
import type { MapRegion } from '../../../src/engine/runtime/types.ts';
import { networkStages } from '../../../src/engine/stages.ts';
import { caffeForward } from '../../../src/engine/transform/caffe.ts';
import { loadKerasHdf5 } from '../../../src/engine/weights/hdf5.ts';
import type { WeightSet } from '../../../src/engine/weights/types.ts';

export const REAL_WEIGHTS = path.resolve(import.meta.dirname, '../../../../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5');
export const PROBE_LAYERS = ['block1_conv1', 'block2_conv1'] as const;
export const SIDE = 224;

let weights: Promise<WeightSet> | undefined;
export function realWeights(): Promise<WeightSet> {
  weights ??= loadKerasHdf5(REAL_WEIGHTS);
  return weights;
}

/** The fixture atlas's manifest with its browser model replaced by one of the real weights. */
export async function withRealBrowserModel(manifest: Manifest, dataDir: string): Promise<Manifest> {
  const browserModel = await writeBrowserModel(dataDir, await realWeights(), PROBE_LAYERS, BROWSER_MODEL_DTYPE);
  return { ...manifest, browserModel };
}

/** RGB bytes of a 224 × 224 test picture: a colour ramp, a disc, stripes and a bright square. */
export function testPictureRgb(seed = 0): Buffer {
  const rgb = Buffer.alloc(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const i = (y * SIDE + x) * 3;
      const disc = Math.hypot(x - 140 - seed, y - 90) < 50;
      const stripes = x < 90 && y > 120 ? (Math.floor((x + y) / 6) % 2) * 200 : 0;
      const square = x > 150 && y > 150 && x < 200 && y < 200;
      rgb[i] = square ? 250 : disc ? 230 : Math.round(x * 0.8) + stripes / 4;
      rgb[i + 1] = square ? 250 : disc ? 180 : Math.round(y * 0.9);
      rgb[i + 2] = square ? 240 : disc ? 30 : Math.min(255, 60 + stripes);
    }
  }
  return rgb;
}

export function testPicturePng(seed = 0): Promise<Buffer> {
  return sharp(testPictureRgb(seed), { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toBuffer();
}

/** The engine's mean post-ReLU activations of `layer` on the picture, over `region` (default: the whole map). */
export async function engineMeans(rgb: Buffer, layer: string, region?: MapRegion): Promise<Float32Array> {
  const unit = Float32Array.from(rgb, (value) => value / 255);
  const pixels = new Float32Array(unit.length);
  caffeForward(unit, pixels);
  const runtime = await createRuntime('onnx', 1);
  try {
    const network = runtime.layerNetwork(networkStages(await realWeights(), layer), { activation: 'post-relu' });
    return await network.meanActivations({ pixels, count: 1, size: SIDE }, region);
  } finally {
    await runtime.dispose();
  }
}

export interface ListedFilter {
  readonly index: number;
  readonly value: number;
}

export interface RankingComparison {
  /** Each way the page's list breaks the rules (0.5 % on the first `count`, the same top 5). */
  readonly problems: string[];
  /** The largest relative difference from the engine among the first `count`. */
  readonly largest: number;
}

/** Checks a ranked list from the page against the engine's values. */
export function compareRanking(listed: readonly ListedFilter[], reference: Float32Array, count: number): RankingComparison {
  const problems: string[] = [];
  let largest = 0;
  const expected = [...reference.keys()].sort((a, b) => reference[b]! - reference[a]!);
  for (let k = 0; k < Math.min(count, listed.length); k++) {
    const shown = listed[k]!;
    const truth = reference[shown.index]!;
    const relative = Math.abs(shown.value - truth) / Math.max(Math.abs(truth), 1e-6);
    largest = Math.max(largest, relative);
    if (relative > 0.005) problems.push(`filter ${shown.index}: page ${shown.value}, engine ${truth} (${(relative * 100).toFixed(3)} %)`);
    const wanted = expected[k]!;
    if (k < 5 && shown.index !== wanted && Math.abs(reference[wanted]! - truth) / reference[wanted]! >= 0.005) {
      problems.push(`rank ${k + 1}: page filter ${shown.index}, engine filter ${wanted}`);
    }
  }
  return { problems, largest };
}
