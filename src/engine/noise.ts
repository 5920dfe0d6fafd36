import { createHash } from 'node:crypto';

/** Mean and spread of the starting image: uniform[0,1) * 20 + 128, "gray with a little noise". */
export const NOISE_BASE = 128;
export const NOISE_RANGE = 20;

/**
 * xoshiro128** seeded from sha256(seed/layer/filter): each filter's starting noise depends on
 * nothing but those three values, so it is the same whatever batch, worker or shard renders it.
 */
function filterRandom(seed: number, layer: string, filter: number): () => number {
  const digest = createHash('sha256').update(`${seed}/${layer}/${filter}`).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  if ((a | b | c | d) === 0) a = 1;
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    // 24 random bits: exactly representable, uniform on [0, 1).
    return (result >>> 8) / 0x1000000;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The starting image of one filter, HWC float32, `size`×`size`×3. */
export function startingNoise(seed: number, layer: string, filter: number, size: number): Float32Array {
  const next = filterRandom(seed, layer, filter);
  const image = new Float32Array(size * size * 3);
  for (let i = 0; i < image.length; i++) image[i] = next() * NOISE_RANGE + NOISE_BASE;
  return image;
}
