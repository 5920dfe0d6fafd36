/**
 * Link-preview cards (og:image), 1200 × 630 PNG, rendered with sharp at build time. A card holds
 * text (drawn as paths, see card-text.ts) and either one or two large patterns side by side,
 * each enlarged nearest-neighbour and optionally labelled, or a mosaic of small ones. The same
 * input gives the same bytes.
 */
import sharp, { type OverlayOptions } from 'sharp';
import { fitText, shapeText, wrapText, type TextRun } from './card-text.ts';
import { pixelExactSides } from './pixel-exact.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

export interface CardPattern {
  /** A PNG (or any image sharp reads) of the pattern, at its own pixel size. */
  readonly file: string;
  /** Shown under the pattern, e.g. the method ("classic"). */
  readonly label?: string | undefined;
}

export interface CardSpec {
  /** Small line above the title. */
  readonly eyebrow: string;
  readonly title: string;
  readonly subtitle?: string | undefined;
  /** A sentence under the subtitle (a filter's measured label), wrapped onto at most three lines. */
  readonly note?: string | undefined;
  /** `patterns`: one or two big patterns; `mosaic`: up to 16 small ones, 4 per row. */
  readonly art: { readonly kind: 'patterns' | 'mosaic'; readonly images: readonly CardPattern[] };
}

const COLORS = { background: '#15171a', text: '#e8eaed', muted: '#aeb4bd', accent: '#8ab4f8', frame: '#3a3f46' } as const;
const MARGIN = 56;
const GAP = 24;
const LABEL_SIZE = 28;
const NOTE_SIZE = 30;
const NOTE_LINES = 3;
const MOSAIC_COLUMNS = 4;
const MOSAIC_TILE = 128;
const MOSAIC_GAP = 8;

interface Placed {
  readonly image: CardPattern;
  readonly left: number;
  readonly top: number;
  readonly side: number;
  /** Baseline of the label under it: one line for every pattern of a row. */
  readonly labelBaseline: number;
}

/** The largest whole multiple of the pattern's size that fits `box`, so every source pixel stays square. */
function crispSide(patternSize: number, box: number): number {
  const scale = Math.floor(box / patternSize);
  return scale >= 1 ? scale * patternSize : box;
}

async function patternSize(file: string): Promise<number> {
  const { width, height } = await sharp(file).metadata();
  if (!width || !height) throw new Error(`cannot read the size of ${file}`);
  return Math.max(width, height);
}

/** Positions of the art, right-aligned and vertically centred; returns them and the art's width. */
async function placeArt(art: CardSpec['art']): Promise<{ placed: Placed[]; width: number }> {
  const sizes = await Promise.all(art.images.map((image) => patternSize(image.file)));
  const largest = Math.max(...sizes);
  if (art.kind === 'mosaic') {
    const side = crispSide(largest, MOSAIC_TILE);
    const columns = Math.min(MOSAIC_COLUMNS, art.images.length);
    const rows = Math.ceil(art.images.length / MOSAIC_COLUMNS);
    const width = columns * side + (columns - 1) * MOSAIC_GAP;
    const top = Math.round((CARD_HEIGHT - (rows * side + (rows - 1) * MOSAIC_GAP)) / 2);
    const placed = art.images.map((image, position) => ({
      image,
      side,
      left: CARD_WIDTH - MARGIN - width + (position % MOSAIC_COLUMNS) * (side + MOSAIC_GAP),
      top: top + Math.floor(position / MOSAIC_COLUMNS) * (side + MOSAIC_GAP),
      labelBaseline: 0,
    }));
    return { placed, width };
  }
  // Patterns of different sizes (a 64 px classic and a 96 px enhanced one) each get a whole-number
  // enlargement: one common side if it is not much smaller, else each its own (pixelExactSides).
  const count = art.images.length;
  const labelSpace = art.images.some((image) => image.label) ? LABEL_SIZE + 16 : 0;
  const sides = pixelExactSides(sizes, Math.min(count === 1 ? 512 : 338, CARD_HEIGHT - 2 * 40 - labelSpace));
  const row = Math.max(...sides);
  const width = sides.reduce((total, side) => total + side, 0) + (count - 1) * GAP;
  const top = Math.round((CARD_HEIGHT - row - labelSpace) / 2);
  let left = CARD_WIDTH - MARGIN - width;
  const placed = art.images.map((image, position) => {
    const side = sides[position] ?? row;
    const entry = { image, side, left, top: top + Math.round((row - side) / 2), labelBaseline: top + row + 16 + LABEL_SIZE };
    left += side + GAP;
    return entry;
  });
  return { placed, width };
}

async function textBlock(spec: CardSpec, columnWidth: number): Promise<string> {
  const runs: Array<{ run: TextRun; color: string; gapBefore: number }> = [
    { run: { text: spec.eyebrow, size: 30, weight: 400 }, color: COLORS.muted, gapBefore: 0 },
    { run: { text: spec.title, size: 64, weight: 700 }, color: COLORS.text, gapBefore: 22 },
  ];
  if (spec.subtitle) runs.push({ run: { text: spec.subtitle, size: 52, weight: 700 }, color: COLORS.accent, gapBefore: 18 });
  const fitted = await Promise.all(runs.map(async (line) => ({ ...line, run: await fitText(line.run, columnWidth) })));
  if (spec.note) {
    const lines = await wrapText({ text: spec.note, size: NOTE_SIZE, weight: 400 }, columnWidth, NOTE_LINES);
    fitted.push(...lines.map((run, position) => ({ run, color: COLORS.text, gapBefore: position === 0 ? 22 : 0 })));
  }
  // Each line is one line-height of 1.2 × its size; the block is centred on the card.
  const height = fitted.reduce((total, line) => total + line.gapBefore + line.run.size * 1.2, 0);
  let y = (CARD_HEIGHT - height) / 2;
  const paths: string[] = [];
  for (const line of fitted) {
    y += line.gapBefore + line.run.size * 1.2;
    const shaped = await shapeText(line.run, MARGIN, Math.round(y - line.run.size * 0.25));
    paths.push(`<path fill="${line.color}" d="${shaped.d}"/>`);
  }
  return paths.join('');
}

async function labels(placed: readonly Placed[]): Promise<string> {
  const paths = await Promise.all(
    placed
      .filter((entry) => entry.image.label)
      .map(async (entry) => {
        const run: TextRun = { text: entry.image.label ?? '', size: LABEL_SIZE, weight: 400 };
        const fitted = await fitText(run, entry.side);
        const probe = await shapeText(fitted, 0, 0);
        const x = entry.left + (entry.side - probe.width) / 2;
        const shaped = await shapeText(fitted, Math.round(x), entry.labelBaseline);
        return `<path fill="${COLORS.muted}" d="${shaped.d}"/>`;
      }),
  );
  return paths.join('');
}

async function scaled(entry: Placed): Promise<OverlayOptions> {
  const size = await patternSize(entry.image.file);
  // Raw pixels: no encode and decode between the resize and the composite.
  const { data, info } = await sharp(entry.image.file)
    .resize(entry.side, entry.side, { kernel: entry.side >= size ? 'nearest' : 'lanczos3', fit: 'contain', background: COLORS.background })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { input: data, raw: { width: info.width, height: info.height, channels: info.channels }, left: entry.left, top: entry.top };
}

/** Renders a card to PNG bytes. */
export async function renderCard(spec: CardSpec): Promise<Buffer> {
  const count = spec.art.images.length;
  if (count === 0 || (spec.art.kind === 'patterns' && count > 2) || count > 16) {
    throw new Error(`a card holds 1-2 patterns or 1-16 mosaic tiles, got ${count} (${spec.art.kind})`);
  }
  const { placed, width } = await placeArt(spec.art);
  const columnWidth = CARD_WIDTH - 2 * MARGIN - width - 48;
  const frames = placed
    .map((entry) => `<rect x="${entry.left - 1.5}" y="${entry.top - 1.5}" width="${entry.side + 3}" height="${entry.side + 3}" fill="none" stroke="${COLORS.frame}" stroke-width="3"/>`)
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">` +
    `<rect width="100%" height="100%" fill="${COLORS.background}"/>` +
    (await textBlock(spec, columnWidth)) +
    frames +
    (await labels(placed)) +
    `</svg>`;
  const overlays = await Promise.all(placed.map(scaled));
  return sharp(Buffer.from(svg)).composite(overlays).png({ compressionLevel: 8 }).toBuffer();
}
