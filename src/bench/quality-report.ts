/**
 * `npm run quality`: the quality figures of an atlas' patterns, per layer and method, from its
 * manifest and images and the weights that made them.
 */
import path from 'node:path';
import sharp from 'sharp';
import { readManifest, type FilterEntry, type Manifest, type MethodName } from '../atlas/manifest.ts';
import { methodObjective } from '../engine/method/describe.ts';
import type { MethodParams } from '../engine/method/params.ts';
import { resolveBackend } from '../engine/runtime/select.ts';
import { createRuntime } from '../engine/runtime/select.ts';
import type { Runtime } from '../engine/runtime/types.ts';
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
  /** Live filters excited more by their own image than by any other image of the layer and method. */
  readonly specific: number;
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
      const network = runtime.layerNetwork(networkStages(weights, layer, topology), methodObjective(params));
      const perImage = size * size * 3;
      // all[i][f]: filter f on image i, in chunks so that a deep layer's activations stay small.
      const all = new Float32Array(images.length * network.filterCount);
      for (let start = 0; start < images.length; start += CHUNK) {
        const chunk = images.slice(start, start + CHUNK);
        const pixels = new Float32Array(chunk.length * perImage);
        chunk.forEach((image, i) => pixels.set(networkInput(params, image), i * perImage));
        all.set(await network.meanActivations({ pixels, count: chunk.length, size }), start * network.filterCount);
      }
      await network.dispose();
      const n = filters.length;
      const responses = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) responses[i * n + j] = all[i * network.filterCount + filters[j]!.index]!;
      const wins = ownImageWins(responses, n);
      const live = filters.map((filter) => filter.status === 'ok');
      results.push({
        layer,
        method: params.name,
        filters: n,
        dead: filters.filter((filter) => filter.status === 'dead').length,
        borderRatio: pooledBorderRatio(images.filter((_, j) => live[j])),
        framed: images.filter((image, j) => live[j] && borderRatio(image) > 2).length,
        highFrequencyShare: median(images.map(highFrequencyShare)),
        specific: wins.filter((win, j) => win && live[j]).length,
        live: live.filter(Boolean).length,
      });
    }
  }
  return results;
}

export function formatQuality(results: readonly MethodQuality[]): string {
  const header = ['layer', 'method', 'filters', 'dead', 'border/interior', 'framed', 'HF share', 'own image wins'];
  const rows = results.map((r) => [
    r.layer,
    r.method,
    String(r.filters),
    String(r.dead),
    r.borderRatio.toFixed(2),
    `${r.framed}/${r.live}`,
    `${(100 * r.highFrequencyShare).toFixed(1)}%`,
    `${r.specific}/${r.live} (${((100 * r.specific) / Math.max(1, r.live)).toFixed(0)}%)`,
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
