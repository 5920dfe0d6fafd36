/**
 * Image-quality figures for feature-visualization patterns, as `npm run quality` reports them:
 * frames at the border, pixel-level noise, and how specific each pattern is to its own filter.
 */

/** An RGB image, HWC, any numeric scale. */
export interface RgbImage {
  readonly pixels: ArrayLike<number>;
  readonly size: number;
}

/**
 * Per-pixel high-frequency energy: the squared difference between the image and its 3×3 box
 * blur, summed over the channels. The blur repeats edge pixels, so the image's own edge is not
 * counted as high frequency; only what the pattern draws there is.
 */
export function highFrequencyEnergy({ pixels, size }: RgbImage): Float64Array {
  const energy = new Float64Array(size * size);
  const at = (y: number, x: number, c: number): number => pixels[(Math.min(size - 1, Math.max(0, y)) * size + Math.min(size - 1, Math.max(0, x))) * 3 + c]!;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let c = 0; c < 3; c++) {
        let blur = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) blur += at(y + dy, x + dx, c);
        const detail = at(y, x, c) - blur / 9;
        sum += detail * detail;
      }
      energy[y * size + x] = sum;
    }
  }
  return energy;
}

/** Width of the "thin border band": 1/16 of the side, at least 2 px (4 px at 64 px, 6 at 96). */
export function borderBand(size: number): number {
  return Math.max(2, Math.round(size / 16));
}

/** High-frequency energy per pixel in the border band and in the interior. */
function bandEnergies(image: RgbImage): { border: number; interior: number } {
  const energy = highFrequencyEnergy(image);
  const band = borderBand(image.size);
  let border = 0;
  let borderCount = 0;
  let interior = 0;
  let interiorCount = 0;
  for (let y = 0; y < image.size; y++) {
    for (let x = 0; x < image.size; x++) {
      const inBand = y < band || x < band || y >= image.size - band || x >= image.size - band;
      if (inBand) {
        border += energy[y * image.size + x]!;
        borderCount++;
      } else {
        interior += energy[y * image.size + x]!;
        interiorCount++;
      }
    }
  }
  return { border: border / borderCount, interior: interior / interiorCount };
}

/**
 * High-frequency energy per pixel in the border band over that in the interior. About 1 when the
 * border looks like the rest; well above 1 for a frame drawn along the border.
 */
export function borderRatio(image: RgbImage): number {
  const { border, interior } = bandEnergies(image);
  return border / interior;
}

/**
 * The same ratio over a set of images, their energies pooled: images with more detail weigh more,
 * so a nearly flat image's ratio of two tiny numbers cannot swing the figure.
 */
export function pooledBorderRatio(images: readonly RgbImage[]): number {
  let border = 0;
  let interior = 0;
  for (const image of images) {
    const energies = bandEnergies(image);
    border += energies.border;
    interior += energies.interior;
  }
  return border / interior;
}

/** The share of the image's variance that is pixel-level detail (high-frequency energy / total). */
export function highFrequencyShare(image: RgbImage): number {
  const { pixels } = image;
  let mean = 0;
  for (let i = 0; i < pixels.length; i++) mean += pixels[i]!;
  mean /= pixels.length;
  let variance = 0;
  for (let i = 0; i < pixels.length; i++) variance += (pixels[i]! - mean) ** 2;
  const detail = highFrequencyEnergy(image).reduce((sum, value) => sum + value, 0);
  return variance === 0 ? 0 : detail / variance;
}

/**
 * Which filters are excited most by their own image: `responses[i * n + j]` is filter j's
 * response to filter i's image (n images, n filters). Filter j is specific when no other image
 * excites it as much as its own. Returns a flag per filter.
 */
export function ownImageWins(responses: Float32Array | Float64Array, n: number): boolean[] {
  return Array.from({ length: n }, (_, j) => {
    const own = responses[j * n + j]!;
    for (let i = 0; i < n; i++) if (i !== j && responses[i * n + j]! >= own) return false;
    return true;
  });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
