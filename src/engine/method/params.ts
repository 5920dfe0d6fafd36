import { z } from 'zod';

/**
 * How a filter's ascent ended: "ok"; "dead" when the image never moved (a zero gradient
 * throughout, e.g. a filter silent on its starting image); "failed" when its loss or gradient
 * turned NaN or infinite, which froze that image.
 */
export const FilterStatus = z.enum(['ok', 'dead', 'failed']);
export type FilterStatus = z.infer<typeof FilterStatus>;

/**
 * Enhanced: the objective of the image itself, untransformed, after `update` updates (the start of
 * the last tenth of the steps); with the final image's, it tells whether the ascent was still
 * climbing (method/convergence.ts).
 */
export const Checkpoint = z.strictObject({ update: z.number().int().nonnegative(), loss: z.number() });
export type Checkpoint = z.infer<typeof Checkpoint>;

export const METHOD_NAMES = ['classic', 'enhanced'] as const;
export const MethodName = z.enum(METHOD_NAMES);
export type MethodName = z.infer<typeof MethodName>;

/** The notebook's method, reproduced exactly. */
export const ClassicParams = z.strictObject({
  name: z.literal('classic'),
  size: z.number().int().positive(),
  steps: z.number().int().positive(),
  step: z.number().positive(),
  seed: z.number().int().nonnegative(),
});
export type ClassicParams = z.infer<typeof ClassicParams>;

/** Lucid-style feature visualization (see method/enhanced.ts); `size` is the image side S. */
export const EnhancedParams = z.strictObject({
  name: z.literal('enhanced'),
  size: z.number().int().positive(),
  steps: z.number().int().positive(),
  learningRate: z.number().positive(),
  seed: z.number().int().nonnegative(),
  /** The transformation-robustness set (transform/standard.ts). */
  transforms: z.enum(['periodic', 'lucid']),
  /** Which activation the loss averages at the end: after the ReLU (the default, as classic) or before it (as Lucid). */
  objective: z.enum(['pre-relu', 'post-relu']),
  /**
   * Each filter first maximises its pre-ReLU mean, until that mean is positive, before `objective`
   * takes over: a filter silent on the near-gray start has no post-ReLU gradient, and the pre-ReLU one wakes it.
   */
  preReluStart: z.boolean(),
  /** Adam's learning rate over the steps: constant, or a half cosine from `learningRate` down to 0. */
  schedule: z.enum(['constant', 'cosine']),
  /**
   * AdamW's decoupled weight decay on the spectrum: gives every coefficient a finite optimum, so the
   * ascent converges instead of creeping towards the sigmoid's saturation, and pulls back the
   * coefficients the objective does not care about (pixel-level noise). 0 turns it off.
   */
  weightDecay: z.number().min(0),
});
export type EnhancedParams = z.infer<typeof EnhancedParams>;

/** Everything a method's patterns depend on besides the weights, the layer and the filter. */
export const MethodParams = z.discriminatedUnion('name', [ClassicParams, EnhancedParams]);
export type MethodParams = z.infer<typeof MethodParams>;

const Json: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.array(Json), z.record(z.string(), Json)]));

/** A method as the manifest records it: its parameters and everything else that defines its images. */
export const MethodDescription = z.strictObject({
  params: MethodParams,
  /** Which activation the loss averages. */
  objective: z.enum(['post-relu', 'pre-relu']),
  /** How images are fed to the network: as they are, or as Keras VGG16's "caffe" input. */
  preprocessing: z.enum(['raw', 'caffe']),
  /** Side of what the network sees at each step (the image side, or larger after padding). */
  inputSize: z.number().int().positive(),
  /** The parameterization, transforms, optimizer and output conversion, in the engine's terms. */
  recipe: z.record(z.string(), Json),
});
export type MethodDescription = z.infer<typeof MethodDescription>;
