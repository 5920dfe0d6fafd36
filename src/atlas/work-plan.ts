import { batchSizeFor, flopsPerStep, groupIntoBatches } from '../engine/batching.ts';
import { patternKey, type CachedPattern, type PatternCache, type TuningCache } from '../engine/cache.ts';
import { networkInputSize } from '../engine/method/describe.ts';
import type { MethodParams } from '../engine/method/params.ts';
import type { BatchJob } from '../engine/render-batch.ts';
import { tuningFlops, tuningKey, type TuningJob } from '../engine/tuning/job.ts';
import type { TuningEntry } from '../engine/tuning/tuning-entry.ts';
import type { LayerSpec } from '../engine/vgg16.ts';
import type { AtlasConfig } from './config.ts';
import { itemsOfShard } from './shard.ts';

/** A unit of work one shard takes whole: a batch of patterns, or one layer's tuning. */
type WorkItem = { readonly kind: 'patterns'; readonly batch: BatchJob } | { readonly kind: 'tuning'; readonly job: TuningJob };

export interface WorkPlan {
  /** This shard's pattern batches (all of them without --shard), cached filters included. */
  readonly batches: readonly BatchJob[];
  /** What is left to render: the batches' uncached filters, heaviest batches first. */
  readonly jobs: readonly BatchJob[];
  readonly cachedPatterns: readonly CachedPattern[];
  /** This shard's tuning: per layer, the cached entries, or a job to run. */
  readonly tuning: readonly { readonly job: TuningJob; readonly key: string; readonly cached: readonly TuningEntry[] | undefined }[];
  /** The cache key of a method's pattern of a filter. */
  readonly patternKey: (method: MethodParams, layer: string, filter: number) => string;
  /** Analytic FLOPs of rendering one filter of a batch. */
  readonly filterFlops: (batch: Pick<BatchJob, 'layer' | 'method'>) => number;
}

export interface PlanInputs {
  readonly config: AtlasConfig;
  readonly topology: readonly LayerSpec[];
  /** The selected filters of each layer. */
  readonly selection: ReadonlyMap<string, readonly number[]>;
  readonly weightsSha256: string;
  readonly backend: string;
  readonly patterns: PatternCache;
  readonly tunings: TuningCache;
}

/**
 * The work of a run: every method's filters in fixed batches and every layer's tuning, dealt to
 * shards by analytic cost, then what the caches already hold taken out.
 */
export async function planWork(inputs: PlanInputs): Promise<WorkPlan> {
  const { config, topology, selection, weightsSha256, backend } = inputs;
  const inputSizes = new Map(config.methods.map((method) => [method.name, networkInputSize(method)] as const));
  const filterFlops = ({ layer, method }: Pick<BatchJob, 'layer' | 'method'>): number => flopsPerStep(layer, inputSizes.get(method.name)!, topology) * method.steps;
  const items: WorkItem[] = config.methods.flatMap((method) =>
    [...selection].flatMap(([layer, filters]) =>
      groupIntoBatches(filters, batchSizeFor(layer, inputSizes.get(method.name)!, topology)).map((group): WorkItem => ({ kind: 'patterns', batch: { layer, filters: group, method } })),
    ),
  );
  if (config.tuning) for (const layer of selection.keys()) items.push({ kind: 'tuning', job: { layer, size: config.tuningSize } });
  const cost = (item: WorkItem): number => (item.kind === 'patterns' ? item.batch.filters.length * filterFlops(item.batch) : tuningFlops(item.job, topology));
  const mine = config.shard ? itemsOfShard(items, cost, config.shard) : items;

  const keyOf = (method: MethodParams, layer: string, filter: number): string => patternKey({ weightsSha256, backend, layer, filter, method });
  const batches: BatchJob[] = [];
  const jobs: BatchJob[] = [];
  const cachedPatterns: CachedPattern[] = [];
  const tuning: WorkPlan['tuning'][number][] = [];
  for (const item of mine) {
    if (item.kind === 'tuning') {
      const key = tuningKey({ weightsSha256, backend, job: item.job });
      tuning.push({ job: item.job, key, cached: config.force ? undefined : await inputs.tunings.get(key) });
      continue;
    }
    const { batch } = item;
    batches.push(batch);
    const missing: number[] = [];
    for (const filter of batch.filters) {
      const hit = config.force ? undefined : await inputs.patterns.get(keyOf(batch.method, batch.layer, filter));
      if (hit) cachedPatterns.push(hit);
      else missing.push(filter);
    }
    if (missing.length > 0) jobs.push({ ...batch, filters: missing });
  }
  // Heaviest batches first, so the last batches to finish are small ones, not a lone block4 batch.
  jobs.sort((a, b) => b.filters.length * filterFlops(b) - a.filters.length * filterFlops(a));
  return { batches, jobs, cachedPatterns, tuning, patternKey: keyOf, filterFlops };
}
