/**
 * `npm run quality`: the quality figures of an atlas' patterns, per layer and method, from its
 * manifest and images and the weights that made them.
 */
import path from 'node:path';
import sharp from 'sharp';
import { readManifest, type FilterEntry, type Manifest, type MethodName } from '../atlas/manifest.ts';
import { isFlat, stillClimbing } from '../engine/method/convergence.ts';
import { methodObjective } from '../engine/method/describe.ts';
import type { MethodParams } from '../engine/method/params.ts';
import { resolveBackend } from '../engine/runtime/select.ts';
import { createRuntime } from '../engine/runtime/select.ts';
import type { ActivationSite, Runtime } from '../engine/runtime/types.ts';
import { networkStages } from '../engine/stages.ts';
import { caffeForward } from '../engine/transform/caffe.ts';
import { vgg16Layers } from '../engine/vgg16.ts';
import type { WeightSet } from '../engine/weights/types.ts';
import { validateWeights } from '../engine/weights/validate.ts';
import { borderRatio, highFrequencyShare, median, ownImageWins, pooledBorderRatio, type RgbImage } from './quality.ts';

export interface MethodQuality {
  readonly layer: string;
  readonly method: MethodName;
  readonly filters: number;
  readonly dead: number;
  /** The border band's high-frequency energy per pixel over the interior's, pooled over the live filters' images. */
  readonly borderRatio: number;
  /** Live filters whose own image has a border ratio above 2: a frame. */
  readonly framed: number;
  /** Median share of an image's variance that is pixel-level detail. */
  readonly highFrequencyShare: number;
  /** Live filters excited more by their own image than by any other image of the layer and method, on the method's own objective. */
  readonly specific: number;
  /** Which activation `specific` reads: the one the method maximises. */
  readonly ownObjective: ActivationSite;
  /** The same count on the mean post-ReLU activation, the notebook's objective and what "the filter fires" means. */
  readonly specificPostRelu: number;
  /** Live filters whose image is flat (pixel spread < 12 of 255) and was not recorded as a converged flat optimum. */
  readonly flat: number;
  /** Live filters recorded as having converged to a flat optimum. */
  readonly flatOptimum: number;
  /** Live filters whose objective still rose by more than 1 % of its range over the last tenth of their steps. */
  readonly climbing: number;
  readonly live: number;
}

const CHUNK = 32;

async function readImage(dir: string, filter: FilterEntry): Promise<RgbImage> {
  const { data, info } = await sharp(path.join(dir, filter.image)).raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== info.height) throw new Error(`${filter.image} is not a square RGB image`);
  return { pixels: data, size: info.width };
}

/** The image as the method feeds its network: classic's raw values, enhanced's caffe input. */
function networkInput(method: MethodParams, image: RgbImage): Float32Array {
  const values = Float32Array.from(image.pixels);
  if (method.name === 'classic') return values;
  const rgb = values.map((value) => value / 255);
  const out = new Float32Array(rgb.length);
  caffeForward(rgb, out);
  return out;
}

/** Quality figures for every (layer, method) of the atlas in `dir`. */
export async function measureQuality(dir: string, weights: WeightSet, runtime: Runtime): Promise<MethodQuality[]> {
  const manifest: Manifest = await readManifest(path.join(dir, 'manifest.json'));
  const topology = vgg16Layers(validateWeights(weights, manifest.layers.map((layer) => layer.name)));
  const results: MethodQuality[] = [];
  for (const { params } of manifest.methods) {
    for (const { name: layer } of manifest.layers) {
      const filters = manifest.filters.filter((filter) => filter.layer === layer && filter.method === params.name);
      if (filters.length === 0) continue;
      const images = await Promise.all(filters.map((filter) => readImage(dir, filter)));
      const size = images[0]!.size;
      const inputs = images.map((image) => networkInput(params, image));
      const ownObjective = methodObjective(params).activation;
      const ownWins = await winsOn(runtime, weights, layer, topology, ownObjective, filters, inputs, size);
      const postReluWins = ownObjective === 'post-relu' ? ownWins : await winsOn(runtime, weights, layer, topology, 'post-relu', filters, inputs, size);
      const live = filters.map((filter) => filter.status === 'ok');
      results.push({
        layer,
        method: params.name,
        filters: filters.length,
        dead: filters.filter((filter) => filter.status === 'dead').length,
        borderRatio: pooledBorderRatio(images.filter((_, j) => live[j])),
        framed: images.filter((image, j) => live[j] && borderRatio(image) > 2).length,
        highFrequencyShare: median(images.map(highFrequencyShare)),
        specific: ownWins.filter((win, j) => win && live[j]).length,
        ownObjective,
        specificPostRelu: postReluWins.filter((win, j) => win && live[j]).length,
        flat: images.filter((image, j) => live[j] && isFlat(image.pixels) && filters[j]!.flatOptimum !== true).length,
        flatOptimum: filters.filter((filter, j) => live[j] && filter.flatOptimum === true).length,
        climbing: filters.filter((filter, j) => live[j] && stillClimbing(filter.loss, filter.checkpoint)).length,
        live: live.filter(Boolean).length,
      });
    }
  }
  return results;
}

/** For each filter, whether its own image excites it more than every other image does, on `activation`. */
async function winsOn(
  runtime: Runtime,
  weights: WeightSet,
  layer: string,
  topology: ReturnType<typeof vgg16Layers>,
  activation: ActivationSite,
  filters: readonly FilterEntry[],
  inputs: readonly Float32Array[],
  size: number,
): Promise<boolean[]> {
  const network = runtime.layerNetwork(networkStages(weights, layer, topology), { activation });
  const perImage = size * size * 3;
  // all[i][f]: filter f on image i, in chunks so that a deep layer's activations stay small.
  const all = new Float32Array(inputs.length * network.filterCount);
  try {
    for (let start = 0; start < inputs.length; start += CHUNK) {
      const chunk = inputs.slice(start, start + CHUNK);
      const pixels = new Float32Array(chunk.length * perImage);
      chunk.forEach((input, i) => pixels.set(input, i * perImage));
      all.set(await network.meanActivations({ pixels, count: chunk.length, size }), start * network.filterCount);
    }
  } finally {
    await network.dispose();
  }
  const n = filters.length;
  const responses = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) responses[i * n + j] = all[i * network.filterCount + filters[j]!.index]!;
  return ownImageWins(responses, n);
}

export function formatQuality(results: readonly MethodQuality[]): string {
  const header = ['layer', 'method', 'filters', 'dead', 'border/interior', 'framed', 'HF share', 'own image wins (own objective)', 'own image wins (post-ReLU)', 'flat', 'flat optimum', 'climbing'];
  const share = (count: number, live: number): string => `${count}/${live} (${((100 * count) / Math.max(1, live)).toFixed(0)}%)`;
  const rows = results.map((r) => [
    r.layer,
    r.method,
    String(r.filters),
    String(r.dead),
    r.borderRatio.toFixed(2),
    `${r.framed}/${r.live}`,
    `${(100 * r.highFrequencyShare).toFixed(1)}%`,
    `${share(r.specific, r.live)} ${r.ownObjective}`,
    share(r.specificPostRelu, r.live),
    `${r.flat}/${r.live}`,
    String(r.flatOptimum),
    `${r.climbing}/${r.live}`,
  ]);
  const widths = header.map((cell, k) => Math.max(cell.length, ...rows.map((row) => row[k]!.length)));
  return [header, ...rows].map((row) => row.map((cell, k) => (k < 2 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ')).join('\n');
}

/** The fastest backend that loads, for the forward passes. */
export async function qualityRuntime(): Promise<Runtime> {
  const { backend, notice } = await resolveBackend('auto');
  if (notice) process.stderr.write(`${notice}\n`);
  return createRuntime(backend, 2);
}
