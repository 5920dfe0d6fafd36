import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PatternCache, TuningCache, outcomeFields } from '../engine/cache.ts';
import { protocolFor, tuningKey } from '../engine/tuning/job.ts';
import { AtlasError } from '../errors.ts';
import { lockDirectory } from '../lib/dir-lock.ts';
import { writeAtlas, type AtlasHeader, type FinishedFilter } from './assemble.ts';
import { MANIFEST_FILE, readManifest, type FilterEntry, type Manifest, type TuningEntry } from './manifest.ts';
import { publicWeightsSource } from './public-source.ts';
import { examplesIdentity, mergeExamples } from './examples/merge.ts';
import { labelAtlas } from './labels/label-atlas.ts';

export interface MergeOptions {
  /** Also store every merged filter in this pattern cache, so the next run with the same parameters renders nothing. */
  readonly fillCacheDir?: string;
  /** Merge even when shards are missing or did not finish (the result is partial, and the log says so). */
  readonly allowPartial?: boolean;
  readonly log?: (line: string) => void;
}

export interface MergeSummary {
  readonly manifest: Manifest;
  readonly manifestPath: string;
  readonly shardCount: number;
  /** Filters newly stored in the pattern cache by `fillCacheDir` (0 without it). */
  readonly cacheFilled: number;
}

interface ShardInput {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly shard: { readonly index: number; readonly count: number };
}

const SHARD_HINT = 'merge the --out directories of one set of `npm run precompute -- --shard i/n` runs, i = 1..n, all with the same parameters, weights and backend';

/**
 * Combines the partial atlases of `npm run precompute -- --shard i/n` (i = 1..n) into one atlas
 * in `outDir`, written with writeAtlas exactly as an unsharded run would write it: the same
 * images, grids, contact sheets and manifest, except `timings`, which sum or span the shards'.
 * Refuses shards that were made differently, a missing or repeated shard, and overlapping filters.
 */
export async function mergeShards(outDir: string, shardDirs: readonly string[], options: MergeOptions = {}): Promise<MergeSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (shardDirs.length === 0) throw new AtlasError('no shard directories to merge', { hint: 'usage: npm run merge -- --out DIR SHARD_DIR...' });
  const out = path.resolve(outDir);
  const shards: ShardInput[] = [];
  for (const dir of shardDirs) {
    if (path.resolve(dir) === out) {
      throw new AtlasError(`the output directory ${outDir} is also a shard directory`, { hint: 'merge into a new directory, e.g. --out atlas-out' });
    }
    shards.push(await readShard(dir));
  }
  checkSameRun(shards);
  checkShardSet(shards, options.allowPartial === true, log);
  const finished = collectFilters(shards);
  const tuning = collectTuning(shards);
  for (const item of finished) await mustExist(item.pngPath, item.webpPath);

  const first = shards[0]!;
  const examples = await mergeExamples([...shards].sort((a, b) => a.shard.index - b.shard.index));
  if (shards.some((input) => input.manifest.model.weights.source !== first.manifest.model.weights.source)) {
    log(`merge: the shards name their weights differently (same sha256); the merged manifest uses ${first.manifest.model.weights.source}`);
  }
  const labelled = tuning && (await labelAtlas({ tuning, examples: examples?.entries, maxima: examples?.maxima, patterns: finished.map(({ entry }) => entry) }, { cacheDir: options.fillCacheDir, log }));
  const header: AtlasHeader = {
    engineVersion: first.manifest.engineVersion,
    // Shards written before sources were made public may still hold a local path.
    model: { name: 'VGG16', weights: { ...first.manifest.model.weights, source: publicWeightsSource(first.manifest.model.weights.source) } },
    methods: first.manifest.methods,
    ...(first.manifest.tuningProtocol ? { tuningProtocol: first.manifest.tuningProtocol } : {}),
    ...(examples ? { examplesProtocol: examples.protocol } : {}),
    backend: first.manifest.backend,
    // Every shard wrote the same browser model (same weights and layers): the first one's is copied.
    ...(first.manifest.browserModel ? { browserModel: first.manifest.browserModel } : {}),
    ...(examples ? { examples: examples.entries } : {}),
    // Connections depend on the weights and layers only, which every shard shares: the first one's are copied.
    ...(first.manifest.connectionsProtocol ? { connectionsProtocol: first.manifest.connectionsProtocol, connections: first.manifest.connections ?? [] } : {}),
    ...labelled,
    timings: combineTimings(shards.map((input) => input.manifest.timings)),
  };
  const layerFilterCounts = new Map(first.manifest.layers.map((layer) => [layer.name, layer.filterCount] as const));

  const release = await lockDirectory(out, (pid) => log(`waiting for another process (pid ${pid}) writing to ${out}`));
  let manifest: Manifest;
  try {
    const sharedFiles = [...(first.manifest.browserModel?.layers ?? []), ...(first.manifest.connectionsProtocol?.pairs ?? [])].map((item) => item.file);
    for (const file of sharedFiles) {
      await mkdir(path.dirname(path.join(out, file)), { recursive: true });
      await copyFile(path.join(first.dir, file), path.join(out, file));
    }
    await examples?.copyFiles(out);
    manifest = await writeAtlas(out, header, layerFilterCounts, finished, tuning);
  } finally {
    await release();
  }
  let cacheFilled = 0;
  if (options.fillCacheDir !== undefined) {
    cacheFilled = await fillPatternCache(options.fillCacheDir, out, manifest);
    await fillTuningCache(options.fillCacheDir, manifest);
  }
  return { manifest, manifestPath: path.join(out, MANIFEST_FILE), shardCount: shards.length, cacheFilled };
}

async function readShard(dir: string): Promise<ShardInput> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new AtlasError(`shard directory ${dir} does not exist`, { hint: SHARD_HINT });
  if (!info.isDirectory()) throw new AtlasError(`shard ${dir} is not a directory`, { hint: SHARD_HINT });
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!(await stat(manifestPath).catch(() => undefined))) {
    throw new AtlasError(`shard directory ${dir} has no ${MANIFEST_FILE}`, { hint: `is it a --out directory of \`npm run precompute -- --shard i/n\`? ${SHARD_HINT}` });
  }
  const manifest = await readManifest(manifestPath);
  if (!manifest.shard) {
    throw new AtlasError(`${dir} holds a whole atlas, not a shard (its manifest has no "shard" field)`, { hint: SHARD_HINT });
  }
  return { dir, manifest, shard: manifest.shard };
}

/** What must be the same in every shard, as [name, value] pairs; the first difference is reported. */
function runIdentity(manifest: Manifest): [string, unknown][] {
  return [
    ['engine version', manifest.engineVersion],
    ['weights sha256', manifest.model.weights.sha256],
    ['weights format', manifest.model.weights.format],
    ['methods', manifest.methods.map((method) => method.params.name).join(',')],
    ...manifest.methods.flatMap(({ params }) =>
      Object.entries(params)
        .filter(([key]) => key !== 'name')
        .map(([key, value]): [string, unknown] => [`${params.name} ${key}`, value]),
    ),
    ['tuning protocol', manifest.tuningProtocol ?? 'none'],
    ['examples protocol', examplesIdentity(manifest.examplesProtocol)],
    ['backend', manifest.backend],
    ['shard count', manifest.shard?.count],
    ['layers', manifest.layers.map((layer) => `${layer.name}(${layer.filterCount})`).join(',')],
    ['filter selection', manifest.shard?.selection?.filters ?? 'unrecorded'],
  ];
}

function checkSameRun(shards: readonly ShardInput[]): void {
  const first = shards[0]!;
  const reference = new Map(runIdentity(first.manifest));
  for (const input of shards.slice(1)) {
    for (const [name, value] of runIdentity(input.manifest)) {
      const expected = reference.get(name);
      if (JSON.stringify(value) !== JSON.stringify(expected)) {
        throw new AtlasError(
          `shard ${input.dir} differs in ${name}: ${show(value)} there, ${show(expected)} in ${first.dir}`,
          { hint: `${SHARD_HINT}; rerun the odd shard with the others' parameters` },
        );
      }
    }
  }
}

function checkShardSet(shards: readonly ShardInput[], allowPartial: boolean, log: (line: string) => void): void {
  const count = shards[0]!.shard.count;
  const byIndex = new Map<number, string>();
  for (const input of shards) {
    const other = byIndex.get(input.shard.index);
    if (other !== undefined) {
      throw new AtlasError(`shard ${input.shard.index}/${count} is given twice: ${other} and ${input.dir}`, { hint: SHARD_HINT });
    }
    byIndex.set(input.shard.index, input.dir);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((index) => !byIndex.has(index));
  const unfinished = shards.filter((input) => input.manifest.shard?.finished === false);
  const problems = [
    ...(missing.length > 0 ? [`shard ${missing.map((index) => `${index}/${count}`).join(', ')} missing: got ${shards.length} of ${count} (${shards.map((input) => `${input.shard.index}/${count} in ${input.dir}`).join(', ')})`] : []),
    ...unfinished.map((input) => `shard ${input.shard.index}/${count} in ${input.dir} did not finish (interrupted, or a batch failed)`),
  ];
  if (problems.length === 0) return;
  if (allowPartial) {
    log(`merge: --allow-partial: ${problems.join('; ')}; the merged atlas is partial`);
    return;
  }
  const rerun = missing[0] ?? unfinished[0]!.shard.index;
  throw new AtlasError(problems.join('; '), {
    hint: `pass all ${count} finished shard directories; render shard ${rerun}/${count} again with npm run precompute -- --shard ${rerun}/${count} and the same parameters, or merge anyway with --allow-partial`,
  });
}

function collectFilters(shards: readonly ShardInput[]): FinishedFilter[] {
  const owner = new Map<string, ShardInput>();
  const finished: FinishedFilter[] = [];
  for (const input of [...shards].sort((a, b) => a.shard.index - b.shard.index)) {
    for (const filter of input.manifest.filters) {
      const id = `${filter.method}:${filter.layer}:${filter.index}`;
      const other = owner.get(id);
      if (other) {
        throw new AtlasError(
          `${filter.layer} filter ${filter.index} (${filter.method}) is in both shard ${other.shard.index}/${other.shard.count} (${other.dir}) and shard ${input.shard.index}/${input.shard.count} (${input.dir})`,
          { hint: `${SHARD_HINT}; shards of one run never overlap, so these come from different runs` },
        );
      }
      owner.set(id, input);
      finished.push({ entry: entryOf(filter), pngPath: path.join(input.dir, filter.image), webpPath: path.join(input.dir, filter.webp) });
    }
  }
  return finished;
}

/** Every shard's tuning entries (a layer's tuning is in exactly one shard); undefined when the run measured none. */
function collectTuning(shards: readonly ShardInput[]): TuningEntry[] | undefined {
  if (!shards[0]!.manifest.tuningProtocol) return undefined;
  const owner = new Map<string, ShardInput>();
  const entries: TuningEntry[] = [];
  for (const input of shards) {
    for (const entry of input.manifest.tuning ?? []) {
      const id = `${entry.layer}:${entry.index}`;
      const other = owner.get(id);
      if (other) {
        throw new AtlasError(`the tuning of ${entry.layer} filter ${entry.index} is in both ${other.dir} and ${input.dir}`, {
          hint: `${SHARD_HINT}; shards of one run never overlap, so these come from different runs`,
        });
      }
      owner.set(id, input);
      entries.push(entry);
    }
  }
  return entries;
}

/** The entry without its paths, its keys in the order precompute writes them (the manifest must match byte for byte). */
function entryOf(filter: FilterEntry): FinishedFilter['entry'] {
  const { method, layer, index, width, height, loss, status, cacheKey } = filter;
  return { method, layer, index, width, height, loss, status, cacheKey, ...outcomeFields(filter) };
}

async function mustExist(...files: string[]): Promise<void> {
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      throw new AtlasError(`${file} is listed in its shard's manifest but missing`, { hint: 'the shard directory is incomplete: copy it again or rerun that shard' });
    }
  }
}

/** Counts add up; the span runs from the earliest start to the latest finish; wallSeconds is the slowest shard's. */
export function combineTimings(all: readonly Manifest['timings'][]): Manifest['timings'] {
  const byTime = (text: string): number => new Date(text).getTime();
  const earliest = all.reduce((a, b) => (byTime(b.startedAt) < byTime(a.startedAt) ? b : a));
  const latest = all.reduce((a, b) => (byTime(b.finishedAt) > byTime(a.finishedAt) ? b : a));
  const sum = (pick: (timings: Manifest['timings']) => number): number => all.reduce((total, timings) => total + pick(timings), 0);
  return {
    startedAt: earliest.startedAt,
    finishedAt: latest.finishedAt,
    wallSeconds: Math.max(...all.map((timings) => timings.wallSeconds)),
    rendered: sum((timings) => timings.rendered),
    cached: sum((timings) => timings.cached),
    // Worker threads across all runners.
    workers: sum((timings) => timings.workers),
  };
}

/** Stores each filter of an atlas in the pattern cache, under its cacheKey; returns how many were not there yet. */
async function fillPatternCache(cacheDir: string, atlasDir: string, manifest: Manifest): Promise<number> {
  const cache = new PatternCache(cacheDir);
  let added = 0;
  for (const filter of manifest.filters) {
    if (await cache.get(filter.cacheKey)) continue;
    const { method, layer, index, width, height, loss, status, cacheKey } = filter;
    const [png, webp] = await Promise.all([readFile(path.join(atlasDir, filter.image)), readFile(path.join(atlasDir, filter.webp))]);
    await cache.put({ key: cacheKey, method, layer, filter: index, width, height, loss, status, ...outcomeFields(filter) }, png, webp);
    added++;
  }
  return added;
}

/** Stores each layer's tuning in the tuning cache, when the atlas has it for every filter of the layer. */
async function fillTuningCache(cacheDir: string, manifest: Manifest): Promise<void> {
  const protocol = manifest.tuningProtocol;
  if (!protocol || JSON.stringify(protocol) !== JSON.stringify(protocolFor(protocol.size))) return;
  const cache = new TuningCache(cacheDir);
  for (const layer of manifest.layers) {
    const entries = (manifest.tuning ?? []).filter((entry) => entry.layer === layer.name);
    if (entries.length !== layer.filterCount) continue;
    const key = tuningKey({ weightsSha256: manifest.model.weights.sha256, backend: manifest.backend, job: { layer: layer.name, size: protocol.size } });
    if (!(await cache.get(key))) await cache.put(key, entries);
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
