import { layersUpTo, VGG16_LAYERS, type LayerSpec } from '../vgg16.ts';

/**
 * The receptive field of one feature-map pixel of a layer, in input pixels: feature pixel i
 * (along either axis) depends on input pixels i·jump + first … i·jump + last of an unbounded
 * image. 3×3 'same' convolutions (stride 1) and 2×2/2 'valid' poolings, as in VGG16.
 */
export interface ReceptiveField {
  /** Input pixels one feature-map step spans (2^poolings). */
  readonly jump: number;
  /** Offset of the field's first input pixel from i·jump (negative: it reaches before it). */
  readonly first: number;
  /** Offset of the field's last input pixel from i·jump. */
  readonly last: number;
  /** Side of the field in input pixels (last − first + 1). */
  readonly size: number;
  /** Side of the layer's feature map for an input of side T. */
  readonly mapSize: number;
}

export function receptiveField(layer: string, size: number, topology: readonly LayerSpec[] = VGG16_LAYERS): ReceptiveField {
  let jump = 1;
  let first = 0;
  let last = 0;
  let mapSize = size;
  for (const spec of layersUpTo(layer, topology)) {
    if (spec.kind === 'conv') {
      first -= jump;
      last += jump;
    } else {
      last += jump;
      jump *= 2;
      mapSize = Math.floor(mapSize / 2);
    }
  }
  return { jump, first, last, size: last - first + 1, mapSize };
}

/** A rectangle of a feature map, in feature-map pixels (what the runtime averages each filter over). */
export interface FeatureRegion {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
  /** Side of the whole feature map. */
  readonly mapSize: number;
  /**
   * True when no pixel of the region has a receptive field reaching past the image, so zero
   * padding cannot touch its value (at any layer of the stack).
   */
  readonly paddingFree: boolean;
}

/**
 * The central region the tuning responses average over, per layer, from the topology alone.
 *
 * Rule: the pixels whose whole receptive field lies inside the image (so no 'same' padding at
 * any layer below reaches them), as long as that span covers at least half the map's side;
 * otherwise (deep layers at small sizes, e.g. block4_conv1 at 64 px, whose 60 px field cannot fit
 * anywhere in an 8×8 map's 64 px image) the central half of the map, rounded up to an integer
 * number of pixels, centred: the most central pixels, still touched by padding (then
 * `paddingFree` is false; a larger --size avoids it). The region is square.
 */
export function centralRegion(layer: string, size: number, topology: readonly LayerSpec[] = VGG16_LAYERS): FeatureRegion {
  const field = receptiveField(layer, size, topology);
  const { mapSize, jump, first, last } = field;
  if (mapSize < 1) throw new RangeError(`an input of ${size} px leaves no ${layer} feature map`);
  // Feature pixel i is padding-free when i·jump + first ≥ 0 and i·jump + last ≤ size − 1.
  const lo = Math.max(0, Math.ceil(-first / jump));
  const hi = Math.min(mapSize - 1, Math.floor((size - 1 - last) / jump));
  const freeSpan = hi - lo + 1;
  const halfSpan = Math.ceil(mapSize / 2);
  if (freeSpan >= halfSpan) return { top: lo, left: lo, height: freeSpan, width: freeSpan, mapSize, paddingFree: true };
  // Centre an interval of halfSpan pixels (same parity as mapSize, so it is exactly centred).
  const span = halfSpan + ((mapSize - halfSpan) % 2);
  const start = (mapSize - span) / 2;
  return { top: start, left: start, height: span, width: span, mapSize, paddingFree: false };
}
