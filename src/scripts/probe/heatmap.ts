/** One filter's map drawn over the image: the image greyed and dimmed, the map in a warm ramp on top. */

/** Black → purple → orange → pale yellow, for 0..1. */
const RAMP: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 0],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

function ramp(value: number): readonly [number, number, number] {
  const position = Math.min(1, Math.max(0, value)) * (RAMP.length - 1);
  const low = Math.floor(position);
  const high = Math.min(RAMP.length - 1, low + 1);
  const t = position - low;
  const a = RAMP[low]!;
  const b = RAMP[high]!;
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Bilinear sample of a side×side map at image pixel (x, y) of an `out`×`out` image. */
function sample(map: Float32Array, side: number, out: number, x: number, y: number): number {
  const mx = Math.min(side - 1, Math.max(0, ((x + 0.5) * side) / out - 0.5));
  const my = Math.min(side - 1, Math.max(0, ((y + 0.5) * side) / out - 0.5));
  const x0 = Math.floor(mx);
  const y0 = Math.floor(my);
  const x1 = Math.min(side - 1, x0 + 1);
  const y1 = Math.min(side - 1, y0 + 1);
  const tx = mx - x0;
  const ty = my - y0;
  const top = map[y0 * side + x0]! * (1 - tx) + map[y0 * side + x1]! * tx;
  const bottom = map[y1 * side + x0]! * (1 - tx) + map[y1 * side + x1]! * tx;
  return top * (1 - ty) + bottom * ty;
}

/** Draws `map` (side×side) over `image` into a new canvas of the image's size, scaled to the map's own maximum. */
export function heatmapCanvas(image: HTMLCanvasElement, map: Float32Array, side: number): HTMLCanvasElement {
  const size = image.width;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  const source = image.getContext('2d', { willReadFrequently: true })?.getImageData(0, 0, size, size).data;
  if (!context || !source) return canvas;
  let max = 0;
  for (const value of map) max = Math.max(max, value);
  const out = context.createImageData(size, size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const value = max > 0 ? sample(map, side, size, x, y) / max : 0;
      const grey = 0.35 * (0.299 * source[i]! + 0.587 * source[i + 1]! + 0.114 * source[i + 2]!);
      const [r, g, b] = ramp(value);
      const alpha = Math.min(1, value * 1.2);
      out.data[i] = grey * (1 - alpha) + r * alpha;
      out.data[i + 1] = grey * (1 - alpha) + g * alpha;
      out.data[i + 2] = grey * (1 - alpha) + b * alpha;
      out.data[i + 3] = 255;
    }
  }
  context.putImageData(out, 0, 0);
  return canvas;
}
