import { createHash } from 'node:crypto';

/** Mean and spread of the starting image: uniform[0,1) * 20 + 128, "gray with a little noise". */
export const NOISE_BASE = 128;
export const NOISE_RANGE = 20;

/** A source of uniform numbers on [0, 1): each call returns the next one. */
export type Uniform = () => number;

/**
 * xoshiro128** seeded from sha256 of the parts joined with "/": the stream depends on nothing but
 * those values, so it is the same whatever batch, worker or shard draws from it. Each value has 24
 * random bits (exact in float32 and float64).
 *
 * `seededRandom(seed, layer, filter)` is the classic starting noise's stream; other uses add a part
 * of their own (for example `seededRandom(seed, layer, filter, 'transform', step)`) so that their
 * streams are independent of it and of each other.
 */
export function seededRandom(...parts: readonly (string | number)[]): Uniform {
  const digest = createHash('sha256').update(parts.join('/')).digest();
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
  const next = seededRandom(seed, layer, filter);
  const image = new Float32Array(size * size * 3);
  for (let i = 0; i < image.length; i++) image[i] = next() * NOISE_RANGE + NOISE_BASE;
  return image;
}

/**
 * Standard normal numbers from a uniform source, by the Box–Muller transform: each pair of
 * uniforms gives two normals, the second kept for the next call. Math.log/cos/sin are V8's own
 * (fdlibm) implementations, so the values are the same on every platform a given Node runs on.
 */
export function normalSource(random: Uniform): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    // 1 - u is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
