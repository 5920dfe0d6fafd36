import path from 'node:path';
import { fetchExamplesArchive } from '../../engine/examples/archive.ts';
import { ExamplesCache, examplesKey, type LayerExamples, type SkippedFile } from '../../engine/examples/cache.ts';
import { layerEntries, type ExampleFileSpec } from '../../engine/examples/entries.ts';
import { EXAMPLES_VERSION, type ExampleEntry, type ExamplesProtocol } from '../../engine/examples/example-entry.ts';
import { imageBatches, resolveImageSet, type ImageSet } from '../../engine/examples/image-set.ts';
import { examplesFlopsPerImage, type ExampleFile } from '../../engine/examples/job.ts';
import { INPUT_RULE, RESIZE_RULE } from '../../engine/examples/preprocess.ts';
import { CROP_RULE, receptiveField } from '../../engine/examples/receptive-field.ts';
import { LayerTracker } from '../../engine/examples/tracker.ts';
import { MaximaCollector, writeMaxima, type ImageMaxima } from '../../engine/examples/maxima.ts';
import { BatchFailedError, type WorkerPool } from '../../engine/pool.ts';
import type { LayerSpec } from '../../engine/vgg16.ts';
import { AtlasError } from '../../errors.ts';
import { writeFileAtomic } from '../../lib/atomic-write.ts';
import type { Progress } from '../progress.ts';
import { itemsOfShard, type Shard } from '../shard.ts';
import type { ExamplesConfig } from './config.ts';
import { writeExampleFiles } from './files.ts';

export const EXAMPLES_OBJECTIVE = 'per filter: the pre-ReLU maximum over the map (top, highest first) and minimum (bottom, lowest first), at most one entry per image; ties by path';
const LABEL = 'examples';

export interface ExamplesRunInputs {
  readonly config: ExamplesConfig;
  /** The images (resolveExamplesSet), found before any other work so that a bad glob fails at once. */
  readonly set: ImageSet;
  readonly shard: Shard | undefined;
  readonly force: boolean;
  readonly cacheDir: string;
  readonly outDir: string;
  readonly topology: readonly LayerSpec[];
  readonly selection: ReadonlyMap<string, readonly number[]>;
  readonly weightsSha256: string;
  readonly backend: string;
  /** A ready pool for `jobs` jobs; the caller's, closed by the caller. */
  readonly pool: (jobs: number) => Promise<WorkerPool>;
  readonly log: (line: string) => void;
  readonly progress?: Progress | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface ExamplesOutcome {
  readonly protocol: ExamplesProtocol;
  readonly entries: ExampleEntry[];
  /** Per layer, every image's pre-ReLU maximum for every filter (for labels and families). */
  readonly maxima: ReadonlyMap<string, ImageMaxima>;
  readonly skipped: readonly SkippedFile[];
  /** Indices of the set's fixed batches this run covered (all of them without --shard). */
  readonly batches: readonly number[];
  readonly measuredLayers: readonly string[];
  readonly cachedLayers: readonly string[];
  readonly failures: readonly string[];
  readonly interrupted: boolean;
  /** The forward pass of this run: images through it, wall seconds, analytic FLOPs; decode and crop seconds (summed over workers for decode). */
  readonly timing: { readonly images: number; readonly passSeconds: number; readonly flops: number; readonly decodeSeconds: number; readonly forwardSeconds: number; readonly fileSeconds: number };
}

/** The directory a shard keeps its layers' tracker states in, for merge. */
export const SHARD_STATE_DIR = 'examples/state';

/** Where a shard keeps a layer's per-image maxima, for merge. */
export function shardMaximaFile(shardDir: string, layer: string): string {
  return path.join(shardDir, SHARD_STATE_DIR, `${layer}.maxima.bin`);
}

/** The configured folder's images, or the archive's (downloaded and unpacked into the cache once). */
export async function resolveExamplesSet(config: ExamplesConfig, cacheDir: string, log: (line: string) => void, signal?: AbortSignal): Promise<ImageSet> {
  if (config.source.kind === 'folder') return resolveImageSet(config.source.globs);
  const dir = await fetchExamplesArchive(config.source.url, config.source.sha256, cacheDir, { log, ...(signal ? { signal } : {}) });
  return resolveImageSet([`${dir.split(path.sep).join('/')}/**/*`]);
}

/** Finds, tracks, crops and describes the dataset examples of the selected layers (cached per layer). */
export async function runExamples(inputs: ExamplesRunInputs): Promise<ExamplesOutcome> {
  const { config, topology, selection, set } = inputs;
  const allBatches = imageBatches(set.files).map((files, index) => ({ index, files }));
  const mine = inputs.shard ? itemsOfShard(allBatches, () => 1, inputs.shard) : allBatches;
  const layers = [...selection.keys()];
  const cache = new ExamplesCache(inputs.cacheDir);
  const keyOf = (layer: string): string =>
    examplesKey({ weightsSha256: inputs.weightsSha256, backend: inputs.backend, setSha256: set.sha256, size: config.size, k: config.k, layer, ...(inputs.shard ? { shard: `${inputs.shard.index}/${inputs.shard.count}` } : {}) });
  const done = new Map<string, LayerExamples>();
  const maxima = new Map<string, ImageMaxima>();
  for (const layer of layers) {
    const hit = inputs.force ? undefined : await cache.get(keyOf(layer));
    // An entry cached before the maxima were kept is measured again.
    const hitMaxima = hit && (await cache.getMaxima(keyOf(layer)));
    if (hit && hitMaxima) {
      done.set(layer, hit);
      maxima.set(layer, hitMaxima);
    }
  }
  const missing = layers.filter((layer) => !done.has(layer));
  const pass = missing.length > 0 && mine.length > 0 ? await trackLayers(inputs, missing, mine) : undefined;
  if (pass && pass.failures.length === 0 && !pass.interrupted) {
    for (const [layer, examples] of pass.layers) {
      await cache.put(keyOf(layer), examples);
      await cache.putMaxima(keyOf(layer), pass.maxima.get(layer)!);
    }
  }
  if (pass) {
    for (const [layer, examples] of pass.layers) done.set(layer, examples);
    for (const [layer, layerMaxima] of pass.maxima) maxima.set(layer, layerMaxima);
  } else {
    // Nothing to run (all cached, or a shard with no batches): an empty state for what is missing.
    for (const layer of missing) {
      const filterCount = filterCountOf(topology, layer);
      done.set(layer, { state: new LayerTracker(layer, filterCount, config.k).state(), skipped: [] });
      maxima.set(layer, new MaximaCollector(layer, filterCount).result());
    }
  }

  const skipped = done.get(layers[0]!)?.skipped ?? [];
  const imageCount = done.get(layers[0]!)?.state.imageCount ?? 0;
  if (imageCount === 0 && mine.length > 0 && !pass?.interrupted && (pass?.failures.length ?? 0) === 0) {
    const first = skipped.slice(0, 3).map((file) => `${file.image} (${file.reason})`).join(', ');
    throw new AtlasError(`every one of the ${skipped.length} image file(s) of the examples set was skipped: ${first}${skipped.length > 3 ? ', …' : ''}`, {
      hint: 'point --examples at JPEG, PNG, WebP, AVIF, GIF or TIFF photographs of at least 16 px a side',
    });
  }
  const entries: ExampleEntry[] = [];
  const files: ExampleFileSpec[] = [];
  for (const layer of layers) {
    const made = layerEntries(done.get(layer)!.state, selection.get(layer)!, receptiveField(layer, topology), config.size);
    entries.push(...made.entries);
    files.push(...made.files);
  }
  const sources = new Map(set.files.map((file) => [file.image, file.path] as const));
  const written = await writeExampleFiles(inputs.outDir, files, (image) => sources.get(image)!, config.size);
  if (inputs.shard) {
    for (const layer of layers) {
      await writeFileAtomic(path.join(inputs.outDir, SHARD_STATE_DIR, `${layer}.json`), `${JSON.stringify(done.get(layer))}\n`);
      await writeMaxima(shardMaximaFile(inputs.outDir, layer), maxima.get(layer)!);
    }
  }
  return {
    protocol: protocolOf(config, topology, layers, { sha256: set.sha256, root: set.root }, imageCount, skipped.length),
    entries,
    maxima,
    skipped,
    batches: mine.map((batch) => batch.index),
    measuredLayers: pass ? missing : [],
    cachedLayers: layers.filter((layer) => !missing.includes(layer)),
    failures: pass?.failures ?? [],
    interrupted: pass?.interrupted ?? false,
    timing: {
      images: pass ? mine.reduce((sum, batch) => sum + batch.files.length, 0) : 0,
      passSeconds: pass?.seconds ?? 0,
      flops: pass ? mine.reduce((sum, batch) => sum + batch.files.length, 0) * examplesFlopsPerImage(missing, config.size, topology) : 0,
      decodeSeconds: pass?.decodeSeconds ?? 0,
      forwardSeconds: pass?.forwardSeconds ?? 0,
      fileSeconds: written.seconds,
    },
  };
}

export function protocolOf(config: ExamplesConfig, topology: readonly LayerSpec[], layers: readonly string[], set: { readonly sha256: string; readonly root: string }, imageCount: number, skippedCount: number): ExamplesProtocol {
  return {
    version: EXAMPLES_VERSION,
    imageSize: config.size,
    resize: RESIZE_RULE,
    input: INPUT_RULE,
    k: config.k,
    objective: EXAMPLES_OBJECTIVE,
    receptiveField: Object.fromEntries(layers.map((layer) => [layer, receptiveField(layer, topology).size])),
    cropRule: CROP_RULE,
    imageCount,
    skippedCount,
    setSha256: set.sha256,
    source: config.source.kind === 'folder' ? { kind: 'folder', globs: config.source.globs.map((glob) => publicGlob(glob, set.root)) } : { ...config.source },
    attribution: config.attribution,
  };
}

/** A glob as the manifest shows it: as given when relative, else from the set's root folder's name, never an absolute local path. */
function publicGlob(glob: string, root: string): string {
  if (!path.isAbsolute(glob)) return glob;
  const inside = path.relative(root, glob).split(path.sep).join('/');
  return inside.startsWith('..') ? path.basename(glob) : `${path.basename(root)}/${inside}`;
}

function filterCountOf(topology: readonly LayerSpec[], layer: string): number {
  const spec = topology.find((candidate) => candidate.name === layer);
  if (spec?.kind !== 'conv') throw new Error(`${layer} is not a convolution layer`);
  return spec.outChannels;
}

interface Pass {
  readonly layers: Map<string, LayerExamples>;
  readonly maxima: Map<string, ImageMaxima>;
  readonly failures: string[];
  readonly interrupted: boolean;
  readonly seconds: number;
  readonly decodeSeconds: number;
  readonly forwardSeconds: number;
}

/** One forward pass of this run's batches through the deepest missing layer, every missing layer tracked. */
async function trackLayers(inputs: ExamplesRunInputs, layers: readonly string[], batches: readonly { index: number; files: readonly ExampleFile[] }[]): Promise<Pass> {
  const { config, topology } = inputs;
  const ordered = [...layers].sort((a, b) => topology.findIndex((spec) => spec.name === a) - topology.findIndex((spec) => spec.name === b));
  const trackers = new Map(ordered.map((layer) => [layer, new LayerTracker(layer, filterCountOf(topology, layer), config.k)] as const));
  const collectors = new Map(ordered.map((layer) => [layer, new MaximaCollector(layer, filterCountOf(topology, layer))] as const));
  const skipped: SkippedFile[] = [];
  const failures: string[] = [];
  let decodeSeconds = 0;
  let forwardSeconds = 0;
  let interrupted = inputs.signal?.aborted ?? false;
  const start = performance.now();
  inputs.progress?.layer(LABEL, batches.length, 0, 'batches');
  if (!interrupted) {
    const pool = await inputs.pool(batches.length);
    const stop = (): void => {
      interrupted = true;
      void pool.close();
    };
    inputs.signal?.addEventListener('abort', stop, { once: true });
    try {
      await Promise.all(
        batches.map(async ({ index, files }) => {
          try {
            const result = await pool.examples({ index, files, size: config.size, layers: ordered });
            const images = files.map((file, b) => (result.skipped[b] === undefined ? { image: file.image, sha256: file.sha256 } : undefined));
            files.forEach((file, b) => {
              const reason = result.skipped[b];
              if (reason !== undefined) skipped.push({ image: file.image, reason });
            });
            for (const summary of result.summaries) {
              trackers.get(summary.layer)!.observe(images, summary);
              collectors.get(summary.layer)!.observe(images, summary);
            }
            decodeSeconds += result.decodeSeconds;
            forwardSeconds += result.forwardSeconds;
            inputs.progress?.advance(LABEL, 1);
          } catch (error) {
            if (interrupted) return;
            if (!(error instanceof BatchFailedError)) throw error;
            failures.push(error.message);
          }
        }),
      );
    } finally {
      inputs.signal?.removeEventListener('abort', stop);
    }
  }
  skipped.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
  return {
    layers: new Map(ordered.map((layer) => [layer, { state: trackers.get(layer)!.state(), skipped }] as const)),
    maxima: new Map(ordered.map((layer) => [layer, collectors.get(layer)!.result()] as const)),
    failures,
    interrupted,
    seconds: (performance.now() - start) / 1000,
    decodeSeconds,
    forwardSeconds,
  };
}
