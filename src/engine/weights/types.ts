/** Weights of one 3x3 convolution, in Keras/TF layout: kernel HWIO (3, 3, in, out), bias (out). */
export interface ConvWeights {
  readonly kernel: Float32Array;
  readonly kernelShape: readonly [number, number, number, number];
  readonly bias: Float32Array;
}

export type WeightsFormat = 'keras-hdf5' | 'tfjs-layers';

/** A loaded set of VGG16 convolution weights, keyed by Keras layer name (e.g. "block1_conv1"). */
export interface WeightSet {
  /** What the user passed (path or URL) or the canonical URL for the default download. */
  readonly source: string;
  /** sha256 (hex) of the weights file bytes (for TF.js: of model.json followed by the shards in manifest order). */
  readonly sha256: string;
  readonly format: WeightsFormat;
  readonly layers: ReadonlyMap<string, ConvWeights>;
}
