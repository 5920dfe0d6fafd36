import { layersUpTo, type LayerSpec } from '../vgg16.ts';
import type { PixelBox } from './example-entry.ts';

/**
 * Where a unit of a layer looks in the input, from the topology: 3×3 'same' convolutions grow
 * the field by 2 strides, 2×2 poolings by 1 stride and double the stride. Unit column x sees
 * input columns start + x·stride … start + x·stride + size − 1 (before clipping at the edges).
 */
export interface FieldGeometry {
  readonly size: number;
  readonly stride: number;
  readonly start: number;
}

export function receptiveField(layer: string, topology?: readonly LayerSpec[]): FieldGeometry {
  let size = 1;
  let stride = 1;
  let start = 0;
  for (const spec of layersUpTo(layer, topology)) {
    if (spec.kind === 'conv') {
      size += 2 * stride;
      start -= stride;
    } else {
      size += stride;
      stride *= 2;
    }
  }
  return { size, stride, start };
}

/** The crop's side for a field: three fields, at least 48 px, at most the image. */
export function contextSide(field: number, imageSize: number): number {
  return Math.min(imageSize, Math.max(3 * field, 48));
}

export const CROP_RULE = 'a square of side max(3 × field, 48 px) (at most S) centred on the receptive field, moved inside the image at the edges; the field box is recorded, not drawn';

/** The crop around unit (x, y) in the S×S image, and the unit's field in the crop's pixels. */
export function cropAround(geometry: FieldGeometry, x: number, y: number, imageSize: number): { readonly crop: PixelBox; readonly field: PixelBox } {
  const side = contextSide(geometry.size, imageSize);
  const fieldLeft = geometry.start + x * geometry.stride;
  const fieldTop = geometry.start + y * geometry.stride;
  const place = (fieldStart: number): number => Math.min(imageSize - side, Math.max(0, Math.round(fieldStart + geometry.size / 2 - side / 2)));
  const left = place(fieldLeft);
  const top = place(fieldTop);
  return {
    crop: { left, top, width: side, height: side },
    field: { left: fieldLeft - left, top: fieldTop - top, width: geometry.size, height: geometry.size },
  };
}
