/**
 * Per-filter summaries of a convolution layer's pre-ReLU maps, from one forward pass: what dataset
 * examples need of every image without the full maps ever leaving the runtime.
 */

/** The heatmaps' largest side: a layer's map is max-pooled by the smallest whole factor that fits. */
export const HEATMAP_MAX_SIDE = 28;

/** The max-pooling factor and resulting side of a heatmap of a `side`×`side` map. */
export function heatmapGeometry(side: number): { readonly factor: number; readonly side: number } {
  const factor = Math.max(1, Math.ceil(side / HEATMAP_MAX_SIDE));
  return { factor, side: Math.ceil(side / factor) };
}

/** Every value is count × filterCount, image-major (heat: count × filterCount × heatSide²). */
export interface MapSummary {
  readonly layer: string;
  readonly filterCount: number;
  /** The feature map's side. */
  readonly side: number;
  /** The pre-ReLU maximum over the map, and its first position in row-major order (row × side + column). */
  readonly max: Float32Array;
  readonly argmax: Int32Array;
  /** The pre-ReLU minimum, and its first position. */
  readonly min: Float32Array;
  readonly argmin: Int32Array;
  /** The mean over the map of the post-ReLU activation. */
  readonly postReluMean: Float32Array;
  /** The pre-ReLU map max-pooled (HEATMAP_MAX_SIDE); windows past the edge take what is inside. */
  readonly heat: Float32Array;
  readonly heatSide: number;
}

/** The transferable buffers of summaries, for posting them across threads without a copy. */
export function summaryBuffers(summaries: readonly MapSummary[]): ArrayBuffer[] {
  return summaries.flatMap((summary) => [summary.max, summary.argmax, summary.min, summary.argmin, summary.postReluMean, summary.heat].map((array) => array.buffer as ArrayBuffer));
}

/** Throws unless every layer is a convolution the network passes through on the way to (or at) its target. */
export function checkSummaryLayers(layers: readonly string[], available: readonly string[], target: string): void {
  if (layers.length === 0) throw new Error('no layers to summarise');
  for (const layer of layers) {
    if (!available.includes(layer)) throw new Error(`${layer} is not a convolution on the way to ${target}`);
  }
}
