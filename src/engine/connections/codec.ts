/** The encodings of the connections contract: int8 kernels on a shared scale, float32 matrices, both base64. */

const BYTE_RANGE = 127;

/** The largest |value| in any of the kernels: the scale they are encoded on together. */
export function sharedScale(kernels: readonly Float32Array[]): number {
  let largest = 0;
  for (const kernel of kernels) for (const value of kernel) largest = Math.max(largest, Math.abs(value));
  return largest;
}

export function encodeKernel(kernel: Float32Array, scale: number): string {
  const bytes = Int8Array.from(kernel, (value) => (scale > 0 ? Math.round((value / scale) * BYTE_RANGE) : 0));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The kernel's values (as encoded, so within scale / 254 of the computed ones), row by row. */
export function decodeKernel(encoded: string, scale: number): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from(signed, (value) => (value / BYTE_RANGE) * scale);
}

export function encodeMatrix(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, k) => bytes.writeFloatLE(value, k * 4));
  return bytes.toString('base64');
}

export function decodeMatrix(encoded: string, length: number): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== length * 4) throw new Error(`matrix holds ${bytes.length / 4} values, expected ${length}`);
  return Float32Array.from({ length }, (_, k) => bytes.readFloatLE(k * 4));
}
