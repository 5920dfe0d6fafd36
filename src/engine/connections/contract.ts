import { z } from 'zod';

/**
 * The atlas's expanded-weight connections between consecutive atlas layers (see docs/connections.md).
 * Bump CONNECTIONS_VERSION on any change that changes a number or its encoding: cached pairs of
 * another version are computed again.
 */
export const CONNECTIONS_VERSION = 1;

/** How many inputs (and outputs) each filter lists, strongest first. */
export const CONNECTIONS_TOP = 8;

/** The `from` of block1_conv1's entries: the RGB image, links 0, 1, 2 = red, green, blue. */
export const INPUT_LAYER = 'input';

/** Base64 of `side × side` signed bytes, row by row from the top-left of the receptive field; a byte b stands for b / 127 × the entry's kernelScale. */
const EncodedKernel = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const ConnectionLink = z.strictObject({
  /** The other filter (a channel of the RGB image when the other side is `input`). */
  index: z.number().int().nonnegative(),
  /** L2 norm of the expanded kernel: how strongly, in any spatial arrangement. */
  strength: z.number().nonnegative(),
  /** Sum of the expanded kernel: the net effect of a uniform activation of the lower filter. */
  sum: z.number(),
  kernel: EncodedKernel,
});
export type ConnectionLink = z.infer<typeof ConnectionLink>;

/** One upper filter and the lower filters that build it (the manifest's `connections`). */
export const ConnectionEntry = z.strictObject({
  layer: z.string(),
  index: z.number().int().nonnegative(),
  from: z.string(),
  /** Side of every kernel here, in pixels of `from`. */
  side: z.number().int().positive(),
  /** The largest |value| among this entry's kernels: the one colour scale they share. */
  kernelScale: z.number().nonnegative(),
  inputs: z.array(ConnectionLink).max(CONNECTIONS_TOP),
});
export type ConnectionEntry = z.infer<typeof ConnectionEntry>;

/** One lower filter and the upper filters it feeds most strongly. */
export const OutputEntry = z.strictObject({
  layer: z.string(),
  index: z.number().int().nonnegative(),
  to: z.string(),
  side: z.number().int().positive(),
  kernelScale: z.number().nonnegative(),
  outputs: z.array(ConnectionLink).max(CONNECTIONS_TOP),
});
export type OutputEntry = z.infer<typeof OutputEntry>;

/** Base64 of little-endian float32, `toCount × fromCount`, row j = upper filter j. */
const EncodedMatrix = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** The file beside the manifest for one layer pair: the full matrices, every filter's inputs and every lower filter's outputs. */
export const ConnectionPairFile = z.strictObject({
  version: z.literal(CONNECTIONS_VERSION),
  from: z.string(),
  to: z.string(),
  side: z.number().int().positive(),
  fromCount: z.number().int().positive(),
  toCount: z.number().int().positive(),
  strength: EncodedMatrix,
  sum: EncodedMatrix,
  inputs: z.array(ConnectionEntry),
  outputs: z.array(OutputEntry),
});
export type ConnectionPairFile = z.infer<typeof ConnectionPairFile>;

export const ConnectionPair = z.strictObject({
  from: z.string(),
  to: z.string(),
  side: z.number().int().positive(),
  /** The pair's ConnectionPairFile, relative to the manifest. */
  file: z.string(),
});
export type ConnectionPair = z.infer<typeof ConnectionPair>;

export const ConnectionsProtocol = z.strictObject({
  version: z.literal(CONNECTIONS_VERSION),
  top: z.literal(CONNECTIONS_TOP),
  /** Circuits' linearisation of the path between two layers. */
  linearisation: z.strictObject({ relu: z.literal('identity'), maxPool: z.literal('average'), bias: z.literal('dropped') }),
  /** Units of block1_conv1's kernels: its input is caffe-preprocessed, so a weight is per unit of a 0–255 channel value. */
  inputUnits: z.literal('caffe'),
  /** The pairs computed, input side first; only those whose layers and weights in between the atlas has. */
  pairs: z.array(ConnectionPair),
});
export type ConnectionsProtocol = z.infer<typeof ConnectionsProtocol>;

export function connectionsProtocol(pairs: readonly ConnectionPair[]): ConnectionsProtocol {
  return {
    version: CONNECTIONS_VERSION,
    top: CONNECTIONS_TOP,
    linearisation: { relu: 'identity', maxPool: 'average', bias: 'dropped' },
    inputUnits: 'caffe',
    pairs: [...pairs],
  };
}
