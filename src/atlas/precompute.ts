import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ENGINE_VERSION, PatternCache, TuningCache, outcomeFields, type CachedPattern } from '../engine/cache.ts';
import { BatchFailedError, WorkerPool } from '../engine/pool.ts';
import type { RenderedFilter } from '../engine/render-batch.ts';
import { protocolFor, tuningFlops } from '../engine/tuning/job.ts';
import type { TuningEntry } from '../engine/tuning/tuning-entry.ts';
import { BROWSER_MODEL_DTYPE, writeBrowserModel } from '../engine/browser-model/export.ts';
import { describeMethod } from '../engine/method/describe.ts';
import type { MethodName } from '../engine/method/params.ts';
import { resolveBackend, threadsPerWorker } from '../engine/runtime/select.ts';
import { vgg16Layers, type LayerSpec } from '../engine/vgg16.ts';
import { resolveWeights, type ResolveWeightsOptions } from '../engine/weights/source.ts';
import { validateWeights } from '../engine/weights/validate.ts';
import { AtlasError } from '../errors.ts';
import { removeStaleTemps } from '../lib/atomic-write.ts';
import { lockDirectory } from '../lib/dir-lock.ts';
import { writeAtlas, type FinishedFilter } from './assemble.ts';
import type { AtlasConfig } from './config.ts';
import { selectFilters } from './filter-selection.ts';
import { encodePng, encodeWebp } from './images.ts';
import { MANIFEST_FILE, type Manifest } from './manifest.ts';
import { publicWeightsSource } from './public-source.ts';
import type { Progress } from './progress.ts';
import { planWork } from './work-plan.ts';
import { resolveExamplesSet, runExamples, type ExamplesOutcome } from './examples/run.ts';
import { shardSelection } from './examples/shard-selection.ts';
import { writeConnections } from './connections/run.ts';
import { labelAtlas } from './labels/label-atlas.ts';

export interface PrecomputeRun {
  readonly config: AtlasConfig;
  readonly progress?: Progress;
  readonly log?: (line: string) => void;
  /** Aborting stops the workers; what finished is still written, and the summary says interrupted. */
  readonly signal?: AbortSignal;
  readonly workerUrl?: URL;
  readonly weightsOptions?: Omit<ResolveWeightsOptions, 'cacheDir' | 'log' | 'signal'>;
}

export interface PrecomputeSummary {
  readonly manifest: Manifest;
  readonly manifestPath: string;
  readonly rendered: number;
  readonly cached: number;
  /** One line per batch that could not be rendered (worker crash or error). */
  readonly failures: readonly string[];
  /** What to do about those failures, where the worker knew (each hint once). */
  readonly failureHints: readonly string[];
  readonly interrupted: boolean;
  readonly wallSeconds: number;
  /** Analytic FLOPs of what was rendered in this run (see flopsPerStep). */
  readonly renderedFlops: number;
  /** Layers whose tuning this run measured, and found in the cache. */
  readonly tuningMeasured: number;
  readonly tuningCached: number;
  /** Set when --backend auto could not use ONNX Runtime: the warning printed at the start, for the summary. */
  readonly backendNotice?: string;
  /** Dataset examples, when the config names a set. */
  readonly examples: ExamplesOutcome | undefined;
}

export async function precompute(run: PrecomputeRun): Promise<PrecomputeSummary> {
  const { config, progress, signal } = run;
  const log = run.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date();
  const outDir = path.resolve(config.out);
  const release = await lockDirectory(outDir, (pid) => log(`waiting for another precompute (pid ${pid}) writing to ${outDir}`)).catch(
    (error: unknown) => {
      throw unwritableDirectory(`--out ${outDir}`, 'pass a directory you can create and write to with --out DIR', error);
    },
  );
  try {
    await mkdir(config.cacheDir, { recursive: true }).catch((error: unknown) => {
      throw unwritableDirectory(`the cache directory ${config.cacheDir}`, 'set ATLAS_CACHE_DIR to a directory you can create and write to', error);
    });
    // Temp files of a run killed mid-write (kill -9): --out is ours now, and the cache's are by dead pids only.
    for (const dir of [outDir, config.cacheDir]) for (const file of await removeStaleTemps(dir)) log(`removed ${file}, left by an interrupted run`);
    const weights = await resolveWeights(config.weights, { ...run.weightsOptions, cacheDir: config.cacheDir, log, ...(signal ? { signal } : {}) });
    const widths = validateWeights(weights, config.layers);
    const topology = vgg16Layers(widths);
    const filterCounts = new Map(config.layers.map((layer) => [layer, outChannels(topology, layer)] as const));
    const selection = selectFilters([...filterCounts].map(([name, filterCount]) => ({ name, filterCount })), config.filters);
    const { backend, notice: backendNotice } = await resolveBackend(config.backend);
    if (backendNotice) log(backendNotice);
    const examplesSet = config.examples && (await resolveExamplesSet(config.examples, config.cacheDir, log, signal));

    const patterns = new PatternCache(config.cacheDir);
    const tunings = new TuningCache(config.cacheDir);
    const plan = await planWork({ config, topology, selection, weightsSha256: weights.sha256, backend, patterns, tunings });
    const finished: FinishedFilter[] = plan.cachedPatterns.map(finishedFrom);
    const cached = finished.length;
    const tuning = new Map(plan.tuning.flatMap(({ job, cached: entries }) => (entries ? [[job.layer, entries] as const] : [])));
    for (const method of config.methods) {
      for (const layer of selection.keys()) {
        const mine = plan.batches.filter((batch) => batch.layer === layer && batch.method.name === method.name);
        if (mine.length === 0) continue;
        const total = mine.reduce((sum, batch) => sum + batch.filters.length, 0);
        progress?.layer(progressLabel(method.name, layer), total, finished.filter((item) => item.entry.layer === layer && item.entry.method === method.name).length);
      }
    }
    if (plan.tuning.length > 0) progress?.layer(TUNING_LABEL, plan.tuning.length, tuning.size, 'layers');
    const tuningJobs = plan.tuning.filter(({ cached: entries }) => !entries);

    const failures: string[] = [];
    const failureHints = new Set<string>();
    let renderedFlops = 0;
    let interrupted = signal?.aborted ?? false;
    const { jobs } = plan;
    const makePool = (jobCount: number): WorkerPool => {
      const workers = Math.min(config.workers, jobCount);
      const threads = threadsPerWorker(workers, os.availableParallelism());
      return new WorkerPool({ workers, threads, backend, weights, widths, ...(run.workerUrl ? { workerUrl: run.workerUrl } : {}) });
    };
    if (jobs.length + tuningJobs.length > 0 && !interrupted) {
      const pool = makePool(jobs.length + tuningJobs.length);
      const stop = (): void => {
        interrupted = true;
        void pool.close();
      };
      signal?.addEventListener('abort', stop, { once: true });
      try {
        await pool.ready();
        const failed = (error: unknown): void => {
          if (interrupted) return;
          if (!(error instanceof BatchFailedError)) throw error;
          failures.push(error.message);
          if (error.hint) failureHints.add(error.hint);
        };
        await Promise.all([
          ...jobs.map(async (job) => {
            try {
              const results = await pool.run(job);
              for (const result of results) {
                finished.push(finishedFrom(await storeResult(patterns, plan.patternKey(job.method, result.layer, result.filter), result)));
              }
              renderedFlops += results.length * plan.filterFlops(job);
              progress?.advance(progressLabel(job.method.name, job.layer), results.length);
            } catch (error) {
              failed(error);
            }
          }),
          ...tuningJobs.map(async ({ job, key }) => {
            try {
              const entries = await pool.tune(job);
              await tunings.put(key, entries);
              tuning.set(job.layer, entries);
              renderedFlops += tuningFlops(job, topology);
              progress?.advance(TUNING_LABEL, 1);
            } catch (error) {
              failed(error);
            }
          }),
        ]);
      } finally {
        signal?.removeEventListener('abort', stop);
        await pool.close();
      }
    }
    let examples: ExamplesOutcome | undefined;
    if (config.examples && examplesSet && !interrupted) {
      let examplesPool: WorkerPool | undefined;
      try {
        examples = await runExamples({
          config: config.examples,
          set: examplesSet,
          shard: config.shard,
          force: config.force,
          cacheDir: config.cacheDir,
          outDir,
          topology,
          selection,
          weightsSha256: weights.sha256,
          backend,
          pool: async (jobCount) => {
            examplesPool = makePool(jobCount);
            await examplesPool.ready();
            return examplesPool;
          },
          log,
          progress,
          signal,
        });
      } finally {
        await examplesPool?.close();
      }
      interrupted ||= examples.interrupted;
      failures.push(...examples.failures.map((failure) => `examples: ${failure}`));
    }
    progress?.stop();

    const atlasTuning = config.tuning ? selectedTuning(tuning, selection) : undefined;
    // Labels need whole layers: a shard leaves them to merge.
    const labelled =
      atlasTuning && !config.shard
        ? await labelAtlas({ tuning: atlasTuning, examples: examples?.entries, maxima: examples?.maxima, patterns: finished.map(({ entry }) => entry) }, { cacheDir: config.cacheDir, log })
        : undefined;
    const atlasLayers = [...filterCounts.keys()].filter((layer) => selection.has(layer));
    const browserModel = await writeBrowserModel(outDir, weights, atlasLayers, BROWSER_MODEL_DTYPE, topology);
    const connections = interrupted ? undefined : await writeConnections({ outDir, cacheDir: config.cacheDir, weights, topology, selection, log });
    const finishedAt = new Date();
    const manifest = await writeAtlas(
      outDir,
      {
        engineVersion: ENGINE_VERSION,
        model: { name: 'VGG16', weights: { source: publicWeightsSource(weights.source), sha256: weights.sha256, format: weights.format } },
        methods: config.methods.map(describeMethod),
        ...(config.tuning ? { tuningProtocol: protocolFor(config.tuningSize) } : {}),
        ...(examples ? { examplesProtocol: examples.protocol } : {}),
        backend,
        ...(config.shard ? { shard: { ...config.shard, selection: shardSelection(selection, examples?.batches), finished: !interrupted && failures.length === 0 } } : {}),
        ...(examples ? { examples: examples.entries } : {}),
        ...labelled,
        browserModel,
        ...connections,
        timings: {
          startedAt: startedAt.toISOString(),
          finishedAt: finishedAt.toISOString(),
          wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
          rendered: finished.length - cached,
          cached,
          workers: config.workers,
        },
      },
      new Map(atlasLayers.map((layer) => [layer, filterCounts.get(layer)!] as const)),
      finished,
      atlasTuning,
    );
    return {
      manifest,
      manifestPath: path.join(outDir, MANIFEST_FILE),
      rendered: finished.length - cached,
      cached,
      failures,
      failureHints: [...failureHints],
      interrupted,
      // The whole run, writing the atlas included (the manifest's own timings end before it).
      wallSeconds: (Date.now() - startedAt.getTime()) / 1000,
      renderedFlops,
      tuningMeasured: tuning.size - (plan.tuning.length - tuningJobs.length),
      tuningCached: plan.tuning.length - tuningJobs.length,
      ...(backendNotice ? { backendNotice } : {}),
      examples,
    };
  } finally {
    await release();
  }
}

const DIRECTORY_PROBLEMS: Readonly<Record<string, string>> = {
  ENOTDIR: 'part of the path is a file, not a directory',
  EEXIST: 'it is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
};

/** A failure to create or lock a directory we write to, as a user-facing error naming it. */
function unwritableDirectory(what: string, hint: string, error: unknown): unknown {
  const problem = DIRECTORY_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  if (!problem) return error;
  return new AtlasError(`cannot write to ${what}: ${problem}`, { hint, cause: error });
}

function outChannels(topology: readonly LayerSpec[], layer: string): number {
  const spec = topology.find((candidate) => candidate.name === layer);
  if (spec?.kind !== 'conv') throw new Error(`${layer} is not a convolution layer`);
  return spec.outChannels;
}

const TUNING_LABEL = 'tuning';

/** The tuning entries of the selected filters of each layer that has its tuning. */
function selectedTuning(tuning: ReadonlyMap<string, readonly TuningEntry[]>, selection: ReadonlyMap<string, readonly number[]>): TuningEntry[] {
  return [...tuning].flatMap(([layer, entries]) => {
    const wanted = new Set(selection.get(layer) ?? []);
    return entries.filter((entry) => wanted.has(entry.index));
  });
}

/** How progress names a (method, layer): the layer alone for classic, as before. */
function progressLabel(method: MethodName, layer: string): string {
  return method === 'classic' ? layer : `${layer} ${method}`;
}

async function storeResult(cache: PatternCache, key: string, result: RenderedFilter): Promise<CachedPattern> {
  const png = await encodePng(result.pixels, result.size);
  const webp = await encodeWebp(png);
  const { method, layer, filter, size, loss, status } = result;
  return cache.put({ key, method, layer, filter, width: size, height: size, loss, status, ...outcomeFields(result) }, png, webp);
}

function finishedFrom({ result, pngPath, webpPath }: CachedPattern): FinishedFilter {
  const { key, method, layer, filter, width, height, loss, status } = result;
  return {
    entry: { method, layer, index: filter, width, height, loss, status, cacheKey: key, ...outcomeFields(result) },
    pngPath,
    webpPath,
  };
}

