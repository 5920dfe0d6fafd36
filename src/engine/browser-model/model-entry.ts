import { z } from 'zod';

/**
 * The manifest's `browserModel`: VGG16 up to each atlas layer, as weight files the site's probe
 * page (/probe/) loads in the visitor's browser. One file per atlas layer, holding only the
 * convolutions it adds beyond the previous atlas layer, so block2_conv1 needs block1_conv1's file
 * and its own. Each file is the `stages`' convolutions in order, each its kernel (HWIO: 3, 3, in,
 * out) then its bias (out), little-endian, in `dtype`. Paths are relative to the atlas directory
 * and carry the first hex digits of the file's sha256, so a browser may cache them for ever.
 */

/** Bump on any change to the file layout that a reader could misread. */
export const BROWSER_MODEL_FORMAT = 'vgg16-browser-model-1';

/** Where the files go inside the atlas directory. */
export const BROWSER_MODEL_DIR = 'browser-model';

export const BrowserConvStage = z.strictObject({
  kind: z.literal('conv'),
  name: z.string(),
  inChannels: z.number().int().positive(),
  outChannels: z.number().int().positive(),
});
export type BrowserConvStage = z.infer<typeof BrowserConvStage>;

export const BrowserPoolStage = z.strictObject({ kind: z.literal('pool'), name: z.string() });

export const BrowserStage = z.discriminatedUnion('kind', [BrowserConvStage, BrowserPoolStage]);
export type BrowserStage = z.infer<typeof BrowserStage>;

export const BrowserModelLayer = z.strictObject({
  /** The atlas layer this file completes (its last stage). */
  name: z.string(),
  file: z.string(),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The stages this file adds after the previous layer's, input side first; ReLU after every convolution. */
  stages: z.array(BrowserStage).min(1),
});
export type BrowserModelLayer = z.infer<typeof BrowserModelLayer>;

export const BrowserModel = z.strictObject({
  format: z.literal(BROWSER_MODEL_FORMAT),
  dtype: z.enum(['float16', 'float32']),
  /** What the network takes: a side×side RGB image, caffe-preprocessed (×255, BGR, minus the ImageNet BGR mean). */
  input: z.strictObject({ side: z.number().int().positive(), preprocessing: z.literal('caffe') }),
  /** The atlas layers in network order. */
  layers: z.array(BrowserModelLayer).min(1),
});
export type BrowserModel = z.infer<typeof BrowserModel>;
