import { z } from 'zod';

/**
 * The manifest's dataset examples: one `ExampleEntry` per (layer, filter), and the
 * `ExamplesProtocol` that says which images and rules produced them. Paths are relative to the
 * atlas directory (forward slashes); `image` is relative to the examples root, never absolute.
 */

/** Bump on any change to the preprocessing, the tracking or the crops that changes a figure. */
export const EXAMPLES_VERSION = 1;

/** A box in the pixels of the image it belongs to: left, top, width, height. */
export const PixelBox = z.strictObject({
  left: z.number().int(),
  top: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type PixelBox = z.infer<typeof PixelBox>;

export const ExampleCrop = z.strictObject({
  /** The crop, centred on the receptive field (WebP). */
  file: z.string(),
  /** The crop's side in pixels of the preprocessed S×S image (before any display scaling). */
  side: z.number().int().positive(),
  /** The receptive field of the chosen position, in the crop's pixels; may reach past the crop where the field is clipped by the image edge. */
  field: PixelBox,
});
export type ExampleCrop = z.infer<typeof ExampleCrop>;

export const Example = z.strictObject({
  /** The source image, relative to the examples root (folder or unpacked archive). */
  image: z.string(),
  /** The pre-ReLU activation at (x, y): the filter's maximum over the map (top) or minimum (bottom). */
  value: z.number(),
  /** Column and row of the chosen position in the layer's feature map. */
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  crop: ExampleCrop,
  /** The preprocessed S×S image as shown (WebP), shared by every filter that picks it. */
  whole: z.string(),
  /** The filter's pre-ReLU map over the whole image as a small heatmap (PNG/WebP); top examples only. */
  heatmap: z.string().optional(),
});
export type Example = z.infer<typeof Example>;

const Percentile = z.strictObject({ p: z.number().min(0).max(100), value: z.number() });

export const ExampleStats = z.strictObject({
  /** Images whose pre-ReLU maximum is > 0 anywhere, as a share of the set. */
  fireRate: z.number().min(0).max(1),
  /** The mean over images of the filter's post-ReLU mean over the map (the notebook's objective). */
  meanPostReluMean: z.number().nonnegative(),
  /** Percentiles of the per-image pre-ReLU maxima, ascending by p. */
  maxPercentiles: z.array(Percentile),
});
export type ExampleStats = z.infer<typeof ExampleStats>;

export const ExampleEntry = z.strictObject({
  layer: z.string(),
  index: z.number().int().nonnegative(),
  /** Up to k images with the highest pre-ReLU maxima, highest first; at most one entry per image. */
  top: z.array(Example),
  /** Up to k images with the lowest pre-ReLU minima, lowest first; at most one entry per image. */
  bottom: z.array(Example),
  stats: ExampleStats,
});
export type ExampleEntry = z.infer<typeof ExampleEntry>;

export const ExamplesSource = z.discriminatedUnion('kind', [
  /** Globs as given (relative to the working directory, never absolute in the manifest). */
  z.strictObject({ kind: z.literal('folder'), globs: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal('url'), url: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type ExamplesSource = z.infer<typeof ExamplesSource>;

export const ExamplesProtocol = z.strictObject({
  version: z.literal(EXAMPLES_VERSION),
  /** S: every image is resized so its shorter side is S, then centre-cropped to S×S. */
  imageSize: z.number().int().positive(),
  resize: z.string(),
  /** The network input: caffe (×255, BGR, minus the ImageNet BGR mean), as the enhanced method feeds it. */
  input: z.string(),
  k: z.number().int().positive(),
  objective: z.string(),
  /** Receptive field side per layer, in input pixels, and the crop's context rule. */
  receptiveField: z.record(z.string(), z.number().int().positive()),
  cropRule: z.string(),
  imageCount: z.number().int().nonnegative(),
  skippedCount: z.number().int().nonnegative(),
  /** SHA-256 over the sorted (relative path, content hash) list: the cache key of the set. */
  setSha256: z.string().regex(/^[0-9a-f]{64}$/),
  source: ExamplesSource,
  /** Who made the images and under which terms; shown on every page with crops. */
  attribution: z.string(),
});
export type ExamplesProtocol = z.infer<typeof ExamplesProtocol>;
