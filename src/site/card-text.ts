/**
 * Text for the preview cards, drawn as SVG paths from a font file shipped in an npm package
 * (Noto Sans KR's Latin subset, from @fontsource/noto-sans-kr). sharp renders SVG <text> through
 * fontconfig, so a machine without system fonts would draw nothing, or boxes; paths need no font
 * at render time and come out the same everywhere.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import opentype, { type Font, type PathCommand } from 'opentype.js';

export type CardWeight = 400 | 700;

const fonts = new Map<CardWeight, Promise<Font>>();

function fontFile(weight: CardWeight): string {
  return fileURLToPath(import.meta.resolve(`@fontsource/noto-sans-kr/files/noto-sans-kr-latin-${weight}-normal.woff`));
}

/** The card font of a weight, parsed once per process. */
export function cardFont(weight: CardWeight): Promise<Font> {
  let font = fonts.get(weight);
  if (!font) {
    font = readFile(fontFile(weight)).then((bytes) => opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
    fonts.set(weight, font);
  }
  return font;
}

export interface TextRun {
  readonly text: string;
  readonly size: number;
  readonly weight: CardWeight;
}

export interface ShapedText {
  /** SVG path data, with the baseline's start at (x, y) as given to shapeText. */
  readonly d: string;
  readonly width: number;
}

function coordinate(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * SVG path data with one decimal. Written here rather than with opentype.js's toPathData, whose
 * rounding prints NaN for coordinates a hair off a whole number (e.g. 104 + 1e-14).
 */
export function pathData(commands: readonly PathCommand[]): string {
  const parts: string[] = [];
  let last = '';
  for (const command of commands) {
    if (command.type === 'Z') {
      parts.push('Z');
      continue;
    }
    const end = `${coordinate(command.x)} ${coordinate(command.y)}`;
    if (command.type === 'M') parts.push(`M${end}`);
    // opentype.js emits zero-length lines where contours close; they draw nothing.
    else if (command.type === 'L' && end !== last) parts.push(`L${end}`);
    else if (command.type === 'Q') parts.push(`Q${coordinate(command.x1)} ${coordinate(command.y1)} ${end}`);
    else if (command.type === 'C') {
      parts.push(`C${coordinate(command.x1)} ${coordinate(command.y1)} ${coordinate(command.x2)} ${coordinate(command.y2)} ${end}`);
    }
    last = end;
  }
  return parts.join('');
}

/** Lays a run out as an SVG path; throws on a character the font lacks instead of drawing a box. */
export async function shapeText(run: TextRun, x: number, y: number): Promise<ShapedText> {
  const font = await cardFont(run.weight);
  const missing = [...run.text].find((character) => !/\s/.test(character) && !font.hasChar(character));
  if (missing !== undefined) throw new Error(`the card font has no glyph for ${JSON.stringify(missing)} (in ${JSON.stringify(run.text)})`);
  return {
    d: pathData(font.getPath(run.text, x, y, run.size).commands),
    width: font.getAdvanceWidth(run.text, run.size),
  };
}

/** The largest size ≤ `size` at which the run fits in `maxWidth`. */
export async function fitText(run: TextRun, maxWidth: number): Promise<TextRun> {
  const font = await cardFont(run.weight);
  const width = font.getAdvanceWidth(run.text, run.size);
  return width <= maxWidth ? run : { ...run, size: Math.floor((run.size * maxWidth) / width) };
}

/** Characters the card font lacks that a label may hold, and what the card draws instead. */
const CARD_SUBSTITUTES: Readonly<Record<string, string>> = { '≥': '>=', '≤': '<=', '→': '->' };

/** `text` with what the card font cannot draw replaced (CARD_SUBSTITUTES) or, failing that, left out. */
export async function cardSafeText(text: string, weight: CardWeight): Promise<string> {
  const font = await cardFont(weight);
  return [...text]
    .map((character) => (/\s/.test(character) || font.hasChar(character) ? character : (CARD_SUBSTITUTES[character] ?? '')))
    .join('');
}

/**
 * The run broken at spaces into lines that fit `maxWidth`, at most `maxLines` of them; a text that
 * does not fit ends its last line with an ellipsis. Characters the font lacks are replaced first.
 */
export async function wrapText(run: TextRun, maxWidth: number, maxLines: number): Promise<TextRun[]> {
  const font = await cardFont(run.weight);
  const width = (text: string) => font.getAdvanceWidth(text, run.size);
  const words = (await cardSafeText(run.text, run.weight)).split(/\s+/).filter((word) => word !== '');
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && width(`${last} ${word}`) <= maxWidth) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length > maxLines) {
    lines.length = maxLines;
    let last = lines[maxLines - 1] ?? '';
    while (last.includes(' ') && width(`${last}…`) > maxWidth) last = last.slice(0, last.lastIndexOf(' '));
    lines[maxLines - 1] = `${last}…`;
  }
  return Promise.all(lines.map((text) => fitText({ ...run, text }, maxWidth)));
}
