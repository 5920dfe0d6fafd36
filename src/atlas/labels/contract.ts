import { z } from 'zod';

/**
 * The manifest's words for its filters: a label per filter, families per layer, and how both were
 * made. Everything here is derived from measurements already in the manifest (tuning, dataset
 * examples and, when there is an example set, each filter's per-image pre-ReLU maxima): no label
 * is written by hand, and a fact names the page section that measured it.
 */

/** Bump on any change to the rules, thresholds or texts that changes a label or a family. */
export const LABELS_VERSION = 3;

export const Localized = z.strictObject({ en: z.string().min(1), ko: z.string().min(1) });
export type Localized = z.infer<typeof Localized>;

/** Where on the filter page a fact is measured; the site turns it into an anchor. */
export const FactSection = z.enum(['orientation', 'frequency', 'hue', 'lightness', 'opponency', 'examples-stats', 'examples-top', 'pattern']);
export type FactSection = z.infer<typeof FactSection>;

export const FactKind = z.enum([
  /** The tuning's preferred orientation, given when its OSI is at least the protocol's threshold. */
  'orientation',
  'frequency',
  'hue',
  'opponency',
  'brightness',
  /** Share of the example images on which the filter's pre-ReLU maximum is above zero. */
  'fireRate',
  /** How few images carry most of the filter's response (from the example percentiles). */
  'sparsity',
  /** Classes (example-set folders) that dominate its top examples, e.g. "church: 5 of its top 9". */
  'classes',
  /** No stimulus and no example image makes it respond. */
  'unresponsive',
  /** The ascent never moved its image (status dead). */
  'dead',
  /** It responds, but no measurement singles out a preference. */
  'noPreference',
]);
export type FactKind = z.infer<typeof FactKind>;

export const LabelFact = z.strictObject({
  kind: FactKind,
  section: FactSection,
  /** The measured number behind the fact (degrees, cycles per side, a share, a count …), when it has one. */
  value: z.number().nullable(),
  /** The fact as the label says it: a short phrase in each language. */
  text: Localized,
});
export type LabelFact = z.infer<typeof LabelFact>;

export const SimilarFilter = z.strictObject({
  index: z.number().int().nonnegative(),
  /** Pearson correlation with this filter over the layer's similarity basis (see LabelsLayer.similarity). */
  score: z.number().min(-1).max(1),
});
export type SimilarFilter = z.infer<typeof SimilarFilter>;

export const FilterLabel = z.strictObject({
  layer: z.string(),
  index: z.number().int().nonnegative(),
  /** The label: its facts joined into one phrase, or a plain "no clear preference". */
  text: Localized,
  /** The facts the text is made of, most telling first; each links to where it was measured. */
  facts: z.array(LabelFact),
  /** The id of the family this filter belongs to (exactly one). */
  family: z.string(),
  /** Up to 6 nearest filters of the same layer, most similar first. */
  similar: z.array(SimilarFilter).max(6),
});
export type FilterLabel = z.infer<typeof FilterLabel>;

export const Family = z.strictObject({
  layer: z.string(),
  /** Stable: the same inputs give the same id (see the labelling rules). */
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: Localized,
  /** One sentence on what the members share, from their measurements. */
  description: Localized,
  /** Member filter indices, most typical first. */
  members: z.array(z.number().int().nonnegative()).min(1),
  /** Members as a share of the layer's labelled filters. */
  share: z.number().min(0).max(1),
});
export type Family = z.infer<typeof Family>;

export const SimilarityBasis = z.enum([
  /** The Pearson correlation of the per-image pre-ReLU maxima over the example set. */
  'examples-maxima',
  /** The Pearson correlation of the tuning response vectors. */
  'tuning-responses',
]);
export type SimilarityBasis = z.infer<typeof SimilarityBasis>;

/** How one layer's families and neighbours were found. */
export const LabelsLayer = z.strictObject({
  layer: z.string(),
  similarity: SimilarityBasis,
  /** What the families were clustered on, and how the number of families was chosen. */
  clustering: z.strictObject({
    method: z.string(),
    features: z.string(),
    /** The candidate family counts tried, with the mean silhouette of each. */
    candidates: z.array(z.strictObject({ families: z.number().int().positive(), silhouette: z.number() })),
    families: z.number().int().positive(),
    silhouette: z.number(),
  }),
});
export type LabelsLayer = z.infer<typeof LabelsLayer>;

export const LabelsProtocol = z.strictObject({
  /** The rules' version the labels were made with; an older one is still read (its words were true under its rules). */
  version: z.number().int().min(1).max(LABELS_VERSION),
  /** The OSI at or above which a label names the preferred orientation. */
  orientationSelectivityThreshold: z.number().min(0).max(1),
  /** Every named threshold the labels and family names depend on (atlas/labels/thresholds.ts), by name. */
  thresholds: z.record(z.string(), z.number()).optional(),
  /** The example set's classes (its images' parent folders) with readable names and image counts; absent without class folders. */
  classes: z.array(z.strictObject({ folder: z.string(), name: Localized, images: z.number().int().positive() })).optional(),
  layers: z.array(LabelsLayer),
});
export type LabelsProtocol = z.infer<typeof LabelsProtocol>;
