/**
 * The site's Korean web font: Noto Sans KR from @fontsource/noto-sans-kr, self-hosted. Fontsource
 * splits each weight into ~120 unicode-range subsets, so a browser downloads only the subsets
 * that hold characters a page shows. Latin text keeps the system stack of global.css.
 *
 * The site's Korean is known at build time (the sources, the prose, the manifest, Korean dates),
 * so only the subsets holding one of its characters are declared and shipped: a few dozen small
 * @font-face rules instead of 240, and woff2 only (every browser that honours unicode-range
 * reads it). After the build every page is checked: a Hangul or CJK character that no kept
 * subset covers fails the build, rather than showing as a box where no Korean font is installed.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import fg from 'fast-glob';
import { formatDate } from './parameters.ts';

export const KOREAN_FONT_FAMILY = 'Noto Sans KR';
/** Body text and bold (headings, the site title, buttons: 600 resolves to 700). */
export const KOREAN_FONT_WEIGHTS = [400, 700] as const;
/** The layout imports this id to get the @font-face rules. */
export const KOREAN_FONT_CSS = 'virtual:atlas/korean-font.css';
const PACKAGE = '@fontsource/noto-sans-kr';
/** Where the site's own text comes from, relative to the project root. */
const TEXT_SOURCES = ['src/**/*.{ts,astro}', 'content/**/*.md'];

export interface FontFace {
  readonly rule: string;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

function parseUnicodeRange(value: string): Array<[number, number]> {
  return value.split(',').map((part) => {
    const [low = '', high] = part.trim().replace(/^U\+/i, '').split('-');
    return [Number.parseInt(low, 16), Number.parseInt(high ?? low, 16)];
  });
}

function formatUnicodeRange(ranges: ReadonlyArray<readonly [number, number]>): string {
  const hex = (codePoint: number): string => codePoint.toString(16);
  return ranges.map(([low, high]) => (low === high ? `U+${hex(low)}` : `U+${hex(low)}-${hex(high)}`)).join(',');
}

/**
 * The ranges without basic Latin (U+0000-007F). The most common Hangul subset also holds ASCII,
 * and the first font in a stack whose range has the space is the one a browser loads for line
 * metrics: left in, an English page would fetch it just to lay out its "한국어" link.
 */
function withoutBasicLatin(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  return ranges.filter(([, high]) => high > 0x7f).map(([low, high]) => [Math.max(low, 0x80), high]);
}

/**
 * The @font-face rules of a Fontsource weight stylesheet (e.g. 400.css) whose subset is numbered
 * ("noto-sans-kr-[12]-400-normal": Hangul and CJK; Latin, Cyrillic and Vietnamese are named), with
 * only the woff2 source (its URL pointing into the package, so the bundler copies and fingerprints
 * it) and no basic Latin: Latin text keeps the system's fonts.
 */
export function koreanFontFaces(css: string): FontFace[] {
  const rules = [...css.matchAll(/\/\* noto-sans-kr-\[\d+\]-\d+-normal \*\/\s*(@font-face\s*\{[^}]*\})/g)].map((match) => match[1] ?? '');
  return rules.map((rule) => {
    const woff2 = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(rule)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(rule)?.[1];
    if (!woff2 || !range) throw new Error(`a ${PACKAGE} @font-face rule lacks a woff2 source or a unicode-range: ${rule.slice(0, 160)}`);
    const ranges = withoutBasicLatin(parseUnicodeRange(range));
    const rewritten = rule
      .replace(/src:[^;]+;/, `src: url(${PACKAGE}/files/${woff2}) format('woff2');`)
      .replace(/unicode-range:[^;]+;/, `unicode-range: ${formatUnicodeRange(ranges)};`);
    return { rule: rewritten, ranges };
  });
}

export function covers(face: FontFace, codePoint: number): boolean {
  return face.ranges.some(([low, high]) => codePoint >= low && codePoint <= high);
}

/** The faces that hold at least one of `codePoints`. */
export function facesFor(faces: readonly FontFace[], codePoints: ReadonlySet<number>): FontFace[] {
  return faces.filter((face) => [...codePoints].some((codePoint) => covers(face, codePoint)));
}

function codePointsOf(text: string): Set<number> {
  return new Set([...text].map((character) => character.codePointAt(0) ?? 0).filter((codePoint) => codePoint > 0x7f));
}

/** Korean dates as the parameter lists print them: every month, morning and afternoon. */
function koreanDateSamples(): string {
  return Array.from({ length: 24 }, (_, sample) => formatDate(new Date(Date.UTC(2024, sample % 12, 1, sample < 12 ? 1 : 13)).toISOString(), 'ko')).join(' ');
}

/** Every non-ASCII character the site can show: its sources and prose, the manifest, Korean dates. */
export function siteCharacters(projectRoot: string, manifestPath: string): Set<number> {
  const files = fg.sync(TEXT_SOURCES, { cwd: projectRoot, absolute: true });
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  try {
    texts.push(readFileSync(manifestPath, 'utf8'));
  } catch {
    // No manifest yet (the site build reports that itself).
  }
  return codePointsOf([...texts, koreanDateSamples()].join('\n'));
}

function allFaces(): FontFace[] {
  return KOREAN_FONT_WEIGHTS.flatMap((weight) => {
    const file = fileURLToPath(import.meta.resolve(`${PACKAGE}/${weight}.css`));
    const faces = koreanFontFaces(readFileSync(file, 'utf8'));
    if (faces.length === 0) throw new Error(`${file} has no numbered ${KOREAN_FONT_FAMILY} subsets; has ${PACKAGE} changed its layout?`);
    return faces;
  });
}

/**
 * Hangul and Han characters of a built page that the font has but no declared subset covers: the
 * ones a machine without a Korean font would draw as boxes (symbols fall back to its Latin fonts).
 */
export function uncovered(text: string, all: readonly FontFace[], kept: readonly FontFace[]): number[] {
  return [...codePointsOf(text)].filter(
    (codePoint) =>
      /[\p{Script=Hangul}\p{Script=Han}]/u.test(String.fromCodePoint(codePoint)) &&
      all.some((face) => covers(face, codePoint)) &&
      !kept.some((face) => covers(face, codePoint)),
  );
}

/** Serves KOREAN_FONT_CSS to the build and checks the built pages against it. */
export function koreanFontIntegration(options: { projectRoot: string; manifestPath: string }): AstroIntegration {
  let all: FontFace[] = [];
  let kept: FontFace[] = [];
  const resolved = `\0${KOREAN_FONT_CSS}`;
  return {
    name: 'atlas-korean-font',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        all = allFaces();
        kept = facesFor(all, siteCharacters(options.projectRoot, options.manifestPath));
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'atlas-korean-font',
                resolveId: (id: string) => (id === KOREAN_FONT_CSS ? resolved : undefined),
                load: (id: string) => (id === resolved ? kept.map((face) => face.rule).join('\n') : undefined),
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const pages = await fg('**/*.html', { cwd: outDir });
        for (const page of pages) {
          const missing = uncovered(await readFile(path.join(outDir, page), 'utf8'), all, kept);
          if (missing.length > 0) {
            const characters = missing.map((codePoint) => String.fromCodePoint(codePoint)).join('');
            throw new Error(`${page} shows ${characters}, which the ${KOREAN_FONT_FAMILY} subsets declared for this site do not cover (see src/site/korean-font.ts)`);
          }
        }
        logger.info(`${KOREAN_FONT_FAMILY}: ${kept.length} of ${all.length} subsets (weights ${KOREAN_FONT_WEIGHTS.join(', ')}) cover every page`);
      },
    },
  };
}
