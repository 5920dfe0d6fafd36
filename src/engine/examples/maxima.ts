import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../../lib/atomic-write.ts';
import type { MapSummary } from '../runtime/map-summary.ts';

/**
 * Every image's pre-ReLU maximum for every filter of one layer: the matrix (images × filters,
 * float32) that lets the atlas correlate filters over the example set. Rows are in image order
 * (the set's sorted relative paths), so shards combine into exactly what one run keeps.
 */
export interface ImageMaxima {
  readonly layer: string;
  readonly filterCount: number;
  /** Relative to the examples root, sorted; row r of `values` is images[r]. */
  readonly images: readonly string[];
  /** images.length × filterCount, image-major. */
  readonly values: Float32Array;
}

const Header = z.strictObject({ layer: z.string(), filterCount: z.number().int().positive(), images: z.array(z.string()) });
const MAGIC = 'MAXIMA1\n';

/** The class of an image of a set with class folders: its parent folder's name; undefined at the root. */
export function imageClass(image: string): string | undefined {
  const parts = image.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/** Collects one layer's per-image maxima as the forward pass summarises its batches. */
export class MaximaCollector {
  private readonly rows = new Map<string, Float32Array>();
  readonly layer: string;
  readonly filterCount: number;

  constructor(layer: string, filterCount: number) {
    this.layer = layer;
    this.filterCount = filterCount;
  }

  /** Row b of `summary` is images[b]; an undefined image (a skipped file's slot) is ignored. */
  observe(images: readonly ({ readonly image: string } | undefined)[], summary: MapSummary): void {
    if (summary.layer !== this.layer || summary.filterCount !== this.filterCount) throw new Error(`a ${summary.layer} summary given to the ${this.layer} maxima`);
    images.forEach((image, b) => {
      if (image) this.rows.set(image.image, summary.max.slice(b * this.filterCount, (b + 1) * this.filterCount));
    });
  }

  result(): ImageMaxima {
    return fromRows(this.layer, this.filterCount, this.rows);
  }
}

function fromRows(layer: string, filterCount: number, rows: ReadonlyMap<string, Float32Array>): ImageMaxima {
  const images = [...rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const values = new Float32Array(images.length * filterCount);
  images.forEach((image, r) => values.set(rows.get(image)!, r * filterCount));
  return { layer, filterCount, images, values };
}

/** The parts of disjoint image sets (shards) as one matrix, rows in image order. */
export function mergeMaxima(parts: readonly ImageMaxima[]): ImageMaxima {
  const [first] = parts;
  if (!first) throw new Error('no maxima to merge');
  const rows = new Map<string, Float32Array>();
  for (const part of parts) {
    if (part.layer !== first.layer || part.filterCount !== first.filterCount) throw new Error(`maxima of ${first.layer} do not match`);
    part.images.forEach((image, r) => {
      if (rows.has(image)) throw new Error(`image ${image} is in two parts of the ${first.layer} maxima`);
      rows.set(image, part.values.subarray(r * part.filterCount, (r + 1) * part.filterCount));
    });
  }
  return fromRows(first.layer, first.filterCount, rows);
}

/** Filter `index`'s maxima over the images (a column of the matrix). */
export function filterMaxima(maxima: ImageMaxima, index: number): Float32Array {
  const column = new Float32Array(maxima.images.length);
  for (let r = 0; r < column.length; r++) column[r] = maxima.values[r * maxima.filterCount + index]!;
  return column;
}

/** The file: MAGIC, the header's byte length (uint32 LE), the JSON header, padding to 4 bytes, then the float32 LE values. */
export function encodeMaxima(maxima: ImageMaxima): Buffer {
  const header = Buffer.from(JSON.stringify({ layer: maxima.layer, filterCount: maxima.filterCount, images: maxima.images }), 'utf8');
  const lead = MAGIC.length + 4 + header.length;
  const padding = (4 - (lead % 4)) % 4;
  const out = Buffer.alloc(lead + padding + maxima.values.length * 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, MAGIC.length + 4);
  const body = lead + padding;
  for (let i = 0; i < maxima.values.length; i++) out.writeFloatLE(maxima.values[i]!, body + i * 4);
  return out;
}

/** The matrix in `bytes`, or undefined when they are not a whole maxima file. */
export function decodeMaxima(bytes: Buffer): ImageMaxima | undefined {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const lead = MAGIC.length + 4 + headerLength;
  if (lead > bytes.length) return undefined;
  let header: z.infer<typeof Header>;
  try {
    const parsed = Header.safeParse(JSON.parse(bytes.toString('utf8', MAGIC.length + 4, lead)));
    if (!parsed.success) return undefined;
    header = parsed.data;
  } catch {
    return undefined;
  }
  const body = lead + ((4 - (lead % 4)) % 4);
  const count = header.images.length * header.filterCount;
  if (bytes.length !== body + count * 4) return undefined;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = bytes.readFloatLE(body + i * 4);
  return { ...header, values };
}

export async function readMaxima(file: string): Promise<ImageMaxima | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  return bytes && decodeMaxima(bytes);
}

export async function writeMaxima(file: string, maxima: ImageMaxima): Promise<void> {
  await writeFileAtomic(file, encodeMaxima(maxima));
}

/** SHA-256 of the encoded matrix: what derived data (labels, families) is cached by. */
export function maximaDigest(maxima: ImageMaxima): string {
  return createHash('sha256').update(encodeMaxima(maxima)).digest('hex');
}
