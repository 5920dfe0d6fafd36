import { readFile } from 'node:fs/promises';
import { AtlasError } from '../errors.ts';
import { z } from 'zod';
import { Checkpoint, FilterStatus, MethodDescription, MethodName } from '../engine/method/params.ts';
import { TuningEntry, TuningProtocol } from '../engine/tuning/tuning-entry.ts';
import { ExampleEntry, ExamplesProtocol } from '../engine/examples/example-entry.ts';
import { BrowserModel } from '../engine/browser-model/model-entry.ts';
import { Family, FilterLabel, LabelsProtocol } from './labels/contract.ts';
import { ConnectionEntry, ConnectionsProtocol } from '../engine/connections/contract.ts';

/**
 * The atlas manifest: the one contract between the precompute engine and the site.
 * Paths are relative to the directory that holds manifest.json, with forward slashes.
 * Bump MANIFEST_SCHEMA_VERSION on any change a reader could misread.
 * Version 2: several methods (`methods`, each filter entry's `method`, per-method layer sheets).
 */
export const MANIFEST_SCHEMA_VERSION = 2;
export const MANIFEST_FILE = 'manifest.json';

export { FilterStatus, MethodDescription, MethodName, MethodParams } from '../engine/method/params.ts';
export { TuningEntry, TuningProtocol } from '../engine/tuning/tuning-entry.ts';
export { Example, ExampleEntry, ExamplesProtocol } from '../engine/examples/example-entry.ts';
export { BrowserModel, BrowserModelLayer } from '../engine/browser-model/model-entry.ts';
export { Family, FilterLabel, LabelFact, LabelsProtocol, SimilarFilter } from './labels/contract.ts';
export { ConnectionEntry, ConnectionLink, ConnectionPair, ConnectionPairFile, ConnectionsProtocol, OutputEntry } from '../engine/connections/contract.ts';

export const FilterEntry = z.strictObject({
  /** Which method made this image; a filter has one entry per method. */
  method: MethodName,
  layer: z.string(),
  index: z.number().int().nonnegative(),
  /** Lossless PNG of the exact uint8 image the method made. */
  image: z.string(),
  /** WebP of the same image, for the site. */
  webp: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The objective before the first update and after each update: steps + 1 values (see the method's description). */
  loss: z.array(z.number()),
  status: FilterStatus,
  /** For status "failed": the update at which a NaN or Inf appeared. */
  failedAtStep: z.number().int().nonnegative().optional(),
  /** True when the pattern is flat (pixel spread < 12 of 255) because its objective converged there: a flat optimum, not a stopped ascent. */
  flatOptimum: z.literal(true).optional(),
  /** Enhanced: the untransformed image's objective at the start of the last tenth of the steps (see engine/method/params). */
  checkpoint: Checkpoint.optional(),
  /** Hash of everything that determines this filter's image (see engine/cache). */
  cacheKey: z.string(),
});
export type FilterEntry = z.infer<typeof FilterEntry>;

export const LayerSheets = z.strictObject({
  /** The notebook's 8x8 grid of filters 0..63 (tiles at the method's size, 5 px black margins); absent if they were not all rendered. */
  grid: z.string().optional(),
  /** All rendered filters of the layer, in index order. */
  contactSheet: z.string().optional(),
});
export type LayerSheets = z.infer<typeof LayerSheets>;

export const LayerEntry = z.strictObject({
  name: z.string(),
  /** Filters the layer has in the model. */
  filterCount: z.number().int().positive(),
  /** The layer's sheets for each method that rendered any of its filters. */
  sheets: z.partialRecord(MethodName, LayerSheets),
});
export type LayerEntry = z.infer<typeof LayerEntry>;

export const Manifest = z.strictObject({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  engineVersion: z.string(),
  model: z.strictObject({
    name: z.literal('VGG16'),
    weights: z.strictObject({
      source: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      format: z.enum(['keras-hdf5', 'tfjs-layers']),
    }),
  }),
  /** The methods in the atlas, in the order of METHOD_NAMES. */
  methods: z.array(MethodDescription).min(1),
  /** How the tuning curves were measured; present when `tuning` is. */
  tuningProtocol: TuningProtocol.optional(),
  /** How the dataset examples were found; present when `examples` is. */
  examplesProtocol: ExamplesProtocol.optional(),
  backend: z.string(),
  /** Present on a shard's partial atlas (`--shard i/n`); `npm run merge` combines them. */
  shard: z
    .strictObject({
      index: z.number().int().positive(),
      count: z.number().int().positive(),
      /** What the run was asked for: per layer the selected filters as ranges ("0-63"), and the examples set's fixed batches this shard took. */
      selection: z.strictObject({ filters: z.record(z.string(), z.string()), examplesBatches: z.array(z.number().int().nonnegative()).optional() }).optional(),
      /** False when the run was interrupted or a batch failed: merge refuses such a shard without --allow-partial. */
      finished: z.boolean().optional(),
    })
    .optional(),
  layers: z.array(LayerEntry),
  filters: z.array(FilterEntry),
  /** Tuning curves: one entry per (layer, index) of the rendered filters, layer by layer, by index. */
  tuning: z.array(TuningEntry).optional(),
  /** Dataset examples: one entry per (layer, index) of the rendered filters, layer by layer, by index. */
  examples: z.array(ExampleEntry).optional(),
  /** How `labels` and `families` were derived; present when they are. */
  labelsProtocol: LabelsProtocol.optional(),
  /** A measured label per rendered filter, layer by layer, by index (see atlas/labels/contract). */
  labels: z.array(FilterLabel).optional(),
  /** Each layer's families of filters, layer by layer, largest first. */
  families: z.array(Family).optional(),
  /** How `connections` were computed, and each layer pair's file of matrices; present when they are. */
  connectionsProtocol: ConnectionsProtocol.optional(),
  /** Each rendered filter of a layer with an atlas layer (or the image) below: its strongest inputs by expanded weights (see engine/connections). */
  connections: z.array(ConnectionEntry).optional(),
  /** The network up to each atlas layer as weight files for the probe page (/probe/); see engine/browser-model. */
  browserModel: BrowserModel.optional(),
  /** Everything here varies run to run; the rest of the manifest is deterministic. */
  timings: z.strictObject({
    startedAt: z.string(),
    finishedAt: z.string(),
    wallSeconds: z.number().nonnegative(),
    rendered: z.number().int().nonnegative(),
    cached: z.number().int().nonnegative(),
    workers: z.number().int().positive(),
  }),
});
export type Manifest = z.infer<typeof Manifest>;

export async function readManifest(manifestPath: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch {
    throw new AtlasError(`no atlas manifest at ${manifestPath}`, {
      hint: 'run `npm run precompute` first, or point ATLAS_DATA / --out at a directory that holds manifest.json',
    });
  }
  return parseManifest(text, manifestPath);
}

export function parseManifest(text: string, label: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AtlasError(`${label} is not valid JSON: ${(error as Error).message}`, {
      hint: 'rerun `npm run precompute` to rewrite it',
    });
  }
  const version = typeof json === 'object' && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version !== MANIFEST_SCHEMA_VERSION) {
    const which = typeof version === 'number' ? (version < MANIFEST_SCHEMA_VERSION ? 'older' : 'newer') : 'unknown';
    throw new AtlasError(
      `${label} has ${which} manifest schema version ${JSON.stringify(version)}; this build reads version ${MANIFEST_SCHEMA_VERSION}`,
      { hint: which === 'newer' ? 'update this checkout of the atlas' : 'rerun `npm run precompute` to regenerate the atlas data' },
    );
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new AtlasError(`${label} is not a valid atlas manifest: ${where}: ${issue?.message ?? 'invalid'}`, {
      hint: 'rerun `npm run precompute` to regenerate it',
    });
  }
  return parsed.data;
}
