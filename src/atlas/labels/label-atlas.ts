import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ExampleEntry } from '../../engine/examples/example-entry.ts';
import { maximaDigest, type ImageMaxima } from '../../engine/examples/maxima.ts';
import type { FilterStatus } from '../../engine/method/params.ts';
import type { TuningEntry } from '../../engine/tuning/tuning-entry.ts';
import { KeyedJsonCache } from '../../engine/keyed-json-cache.ts';
import { VGG16_LAYERS } from '../../engine/vgg16.ts';
import { className, setClasses } from './classes.ts';
import { Family, FilterLabel, LABELS_VERSION, LabelsLayer, type LabelsProtocol } from './contract.ts';
import { labelLayer, type LayerLabels } from './label-layer.ts';
import { LABEL_THRESHOLDS, ORIENTATION_SELECTIVITY_MIN } from './thresholds.ts';

/** Everything in an atlas that its labels are made from. */
export interface AtlasEvidence {
  readonly tuning: readonly TuningEntry[];
  readonly examples?: readonly ExampleEntry[] | undefined;
  /** Per layer, the per-image maxima over the example set. */
  readonly maxima?: ReadonlyMap<string, ImageMaxima> | undefined;
  /** Every pattern's status: a filter whose patterns are all dead is called dead. */
  readonly patterns: readonly { readonly layer: string; readonly index: number; readonly status: FilterStatus }[];
}

export interface AtlasLabels {
  readonly labelsProtocol: LabelsProtocol;
  readonly labels: FilterLabel[];
  readonly families: Family[];
}

export interface LabelOptions {
  /** Where to keep each layer's labels by the hash of its inputs; no cache without it. */
  readonly cacheDir?: string | undefined;
  readonly log?: (line: string) => void;
}

const CachedLayer = z.strictObject({ labels: z.array(FilterLabel), families: z.array(Family), protocol: LabelsLayer });

function layerRank(name: string): number {
  const rank = VGG16_LAYERS.findIndex((spec) => spec.name === name);
  return rank < 0 ? Number.MAX_SAFE_INTEGER : rank;
}

/** The key of one layer's labels: the labelling's version and thresholds and every input, hashed. */
function labelsKey(layer: string, tuning: readonly TuningEntry[], examples: readonly ExampleEntry[] | undefined, maxima: ImageMaxima | undefined, dead: readonly number[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: LABELS_VERSION, thresholds: LABEL_THRESHOLDS, layer, dead, maxima: maxima ? maximaDigest(maxima) : null }));
  hash.update(JSON.stringify(tuning));
  hash.update(JSON.stringify(examples ?? null));
  return hash.digest('hex');
}


/**
 * Labels, families and neighbours of every layer that has tuning: computed once the whole layer
 * is known (at assembly and at merge, never per shard), each layer cached by the hash of its inputs.
 */
export async function labelAtlas(evidence: AtlasEvidence, options: LabelOptions = {}): Promise<AtlasLabels | undefined> {
  if (evidence.tuning.length === 0) return undefined;
  const layers = [...new Set(evidence.tuning.map((entry) => entry.layer))].sort((a, b) => layerRank(a) - layerRank(b));
  const firstMaxima = [...(evidence.maxima?.values() ?? [])][0];
  const classes = firstMaxima && setClasses(firstMaxima.images);
  const cache = options.cacheDir === undefined ? undefined : new KeyedJsonCache(options.cacheDir, 'labels', 'layer', CachedLayer);
  const results: LayerLabels[] = [];
  for (const layer of layers) {
    const tuning = evidence.tuning.filter((entry) => entry.layer === layer).sort((a, b) => a.index - b.index);
    const byIndex = new Map((evidence.examples ?? []).filter((entry) => entry.layer === layer).map((entry) => [entry.index, entry] as const));
    const examples = tuning.every((entry) => byIndex.has(entry.index)) && byIndex.size > 0 ? tuning.map((entry) => byIndex.get(entry.index)!) : undefined;
    const maxima = examples && evidence.maxima?.get(layer);
    const statuses = evidence.patterns.filter((pattern) => pattern.layer === layer);
    const dead = tuning.map((entry) => entry.index).filter((index) => {
      const own = statuses.filter((pattern) => pattern.index === index);
      return own.length > 0 && own.every((pattern) => pattern.status === 'dead');
    });
    const key = labelsKey(layer, tuning, examples, maxima, dead);
    let result = await cache?.get(key);
    if (!result) {
      const started = performance.now();
      result = labelLayer({ layer, tuning, examples, maxima, dead: new Set(dead), classes });
      options.log?.(`labels: ${layer}: ${tuning.length} filters, ${result.families.length} families in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await cache?.put(key, result);
    }
    results.push(result);
  }
  return {
    labelsProtocol: {
      version: LABELS_VERSION,
      orientationSelectivityThreshold: ORIENTATION_SELECTIVITY_MIN,
      thresholds: { ...LABEL_THRESHOLDS },
      ...(classes ? { classes: [...classes].map(([folder, images]) => ({ folder, name: className(folder), images })) } : {}),
      layers: results.map((result) => result.protocol),
    },
    labels: results.flatMap((result) => result.labels),
    families: results.flatMap((result) => result.families),
  };
}
