/** The bench's dataset-examples measurement: synthetic photographs through block1_conv1 … block4_conv1, as precompute runs them. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { resolveConfig } from '../atlas/config.ts';
import { precompute } from '../atlas/precompute.ts';
import { ATLAS_LAYERS } from '../engine/vgg16.ts';

export interface ExamplesTask {
  readonly kind: 'examples';
  readonly weights: string;
  readonly images: number;
  readonly size: number;
  readonly backend: 'onnx' | 'wasm';
  readonly workers: number;
  readonly dir: string;
}

export interface ExamplesResult {
  readonly kind: 'examples';
  readonly backend: string;
  readonly workers: number;
  readonly images: number;
  readonly size: number;
  /** Wall time of the forward pass over every image (decode included), and its analytic FLOPs. */
  readonly passSeconds: number;
  readonly flops: number;
  /** Worker time spent decoding and in the forward pass (summed over workers), and main-thread time writing crops and heatmaps. */
  readonly decodeSeconds: number;
  readonly forwardSeconds: number;
  readonly fileSeconds: number;
}

/** A 320×240 JPEG, different for each n: smooth colour fields and edges, like a small photograph. */
function photograph(n: number): Promise<Buffer> {
  const width = 320;
  const height = 240;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = 128 + 127 * Math.sin((x + 7 * n) / (9 + (n % 5)));
      data[i + 1] = 128 + 127 * Math.cos((y - 3 * n) / (6 + (n % 7)));
      data[i + 2] = ((x * (n % 3) + y) >> 3) % 2 ? 220 : 40;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

export async function runExamplesBench(task: ExamplesTask): Promise<ExamplesResult> {
  const images = path.join(task.dir, 'images');
  await mkdir(images, { recursive: true });
  for (let n = 0; n < task.images; n++) await writeFile(path.join(images, `photo-${String(n).padStart(5, '0')}.jpg`), await photograph(n));
  const argv = [
    ...['--weights', task.weights, '--layers', ATLAS_LAYERS.join(','), '--filters', '0', '--methods', 'classic', '--steps', '1', '--no-tuning'],
    ...['--examples', `${images}/*.jpg`, '--examples-size', String(task.size), '--out', path.join(task.dir, 'atlas'), '--force'],
    ...['--workers', String(task.workers), '--backend', task.backend],
  ];
  const config = await resolveConfig(argv, { ...process.env, ATLAS_CACHE_DIR: path.join(task.dir, 'cache') });
  const summary = await precompute({ config, log: () => undefined });
  const examples = summary.examples;
  if (!examples || summary.failures.length > 0) throw new Error(`examples run had failures: ${summary.failures.join('; ')}`);
  const { timing } = examples;
  return {
    kind: 'examples',
    backend: summary.manifest.backend,
    workers: config.workers,
    images: timing.images,
    size: task.size,
    passSeconds: timing.passSeconds,
    flops: timing.flops,
    decodeSeconds: timing.decodeSeconds,
    forwardSeconds: timing.forwardSeconds,
    fileSeconds: timing.fileSeconds,
  };
}
