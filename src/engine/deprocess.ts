/**
 * The notebook's deprocess, in float64 like numpy: centre, scale to std 0.1, shift to 0.5,
 * clip to [0, 1], scale to 0..255, clip and truncate to uint8. The std is the population std.
 */
export function deprocess(image: Float32Array | Float64Array): Uint8Array {
  const n = image.length;
  if (n === 0) return new Uint8Array(0);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += image[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const centred = image[i]! - mean;
    squares += centred * centred;
  }
  const std = Math.sqrt(squares / n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let v = ((image[i]! - mean) / (std + 1e-5)) * 0.1 + 0.5;
    v = Math.min(Math.max(v, 0), 1) * 255;
    out[i] = Math.trunc(Math.min(Math.max(v, 0), 255));
  }
  return out;
}
