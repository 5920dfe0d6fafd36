/**
 * The site's Korean web font: Noto Sans KR, cut down at build time to the characters the site can
 * show. The site's Korean is known then (the sources, the prose, the manifest, Korean dates: about
 * 360 characters), so instead of the ~20-30 unicode-range subsets of a general-purpose Korean web
 * font a page would fetch, each weight is one small woff2 made with HarfBuzz (subset-font) from
 * the full Noto Sans KR (from @expo-google-fonts/noto-sans-kr, the Google Fonts build):
 *
 * - the language switch's "한국어", which every English page shows, is a face of its own, so an
 *   English page fetches about 2 KB; no face claims basic Latin, so Latin text keeps the system
 *   stack, on Korean pages too, and nothing is fetched just for a space's line metrics;
 * - everything else is the second face (about 25 KB a weight), which every Korean page shares.
 *
 * Korean pages preload the faces (BaseLayout), so the text is drawn with the web font
 * from the first frame instead of swapping in later and reflowing the page (Hangul from the
 * fallback fonts is narrower). After the build every page is checked: a Hangul or Han character
 * that the declared faces do not cover fails the build, rather than showing as a box where no
 * Korean font is installed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import fg from 'fast-glob';
import opentype from 'opentype.js';
import subsetFont from 'subset-font';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { ui } from './i18n.ts';
import { formatDate } from './parameters.ts';

export const KOREAN_FONT_FAMILY = 'Noto Sans KR';
/** Body text and bold (headings, the site title, buttons: 600 resolves to 700). */
export const KOREAN_FONT_WEIGHTS = [400, 700] as const;
export type KoreanFontWeight = (typeof KOREAN_FONT_WEIGHTS)[number];
/** The layout imports this id to get the @font-face rules. */
export const KOREAN_FONT_CSS = 'virtual:atlas/korean-font.css';
/** …and this one for the URLs of the faces a Korean page preloads. */
export const KOREAN_FONT_PRELOADS = 'virtual:atlas/korean-font-preloads';
const SOURCE_FONTS: Readonly<Record<KoreanFontWeight, string>> = {
  400: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  700: '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
};
/** Where the cut-down fonts are kept between builds, relative to the project root (Vite reads them from there). */
const CACHE_DIR = 'node_modules/.cache/atlas-korean-font';
/** Bump when the subsetting changes in a way the file names do not capture. */
const SUBSET_VERSION = 1;
/** Where the site's own text comes from, relative to the project root. */
const TEXT_SOURCES = ['src/**/*.{ts,astro}', 'content/**/*.md'];

/** What English pages show in Korean: the language switch's name for Korean. */
export const LANGUAGE_SWITCH_TEXT = ui('ko').languageName;

export interface FontFace {
  readonly weight: KoreanFontWeight;
  /** "switch" (the English pages' "한국어") or "site" (everything else). */
  readonly group: 'switch' | 'site';
  /** The code points the face holds; its unicode-range says exactly these. */
  readonly codePoints: readonly number[];
  /** The woff2, relative to the project root. */
  readonly file: string;
  readonly bytes: number;
}

/** "U+ac00-ac01,U+b0b4": consecutive code points become ranges. */
export function formatUnicodeRange(codePoints: readonly number[]): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const codePoint of sorted) {
    const last = ranges.at(-1);
    if (last && codePoint === last[1] + 1) last[1] = codePoint;
    else ranges.push([codePoint, codePoint]);
  }
  const hex = (codePoint: number): string => codePoint.toString(16);
  return ranges.map(([low, high]) => (low === high ? `U+${hex(low)}` : `U+${hex(low)}-${hex(high)}`)).join(',');
}

function codePointsOf(text: string): Set<number> {
  return new Set([...text].map((character) => character.codePointAt(0) ?? 0).filter((codePoint) => codePoint > 0x7f));
}

/** Korean dates as the parameter lists print them: every month, morning and afternoon. */
function koreanDateSamples(): string {
  return Array.from({ length: 24 }, (_, sample) => formatDate(new Date(Date.UTC(2024, sample % 12, 1, sample < 12 ? 1 : 13)).toISOString(), 'ko')).join(' ');
}

/**
 * Every non-ASCII character the site can show: its sources and prose, the manifest (labels and
 * families included), Korean dates, and the Markdown below `textDirs` (the family notes, which may
 * live outside content/).
 */
export function siteCharacters(projectRoot: string, manifestPath: string, textDirs: readonly string[] = []): Set<number> {
  const files = [
    ...fg.sync(TEXT_SOURCES, { cwd: projectRoot, absolute: true }),
    ...textDirs.flatMap((dir) => fg.sync('**/*.md', { cwd: dir, absolute: true })),
  ];
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  try {
    texts.push(readFileSync(manifestPath, 'utf8'));
  } catch {
    // No manifest yet (the site build reports that itself).
  }
  return codePointsOf([...texts, koreanDateSamples()].join('\n'));
}

function sourceFont(weight: KoreanFontWeight): string {
  return fileURLToPath(import.meta.resolve(SOURCE_FONTS[weight]));
}

/** The code points among `wanted` that the font has a glyph for (read from a subset, which is quick to parse). */
async function coveredBy(font: Buffer, wanted: readonly number[]): Promise<number[]> {
  const text = String.fromCodePoint(...wanted);
  const subset = await subsetFont(font, text, { targetFormat: 'truetype' });
  const parsed = opentype.parse(subset.buffer.slice(subset.byteOffset, subset.byteOffset + subset.byteLength) as ArrayBuffer);
  return wanted.filter((codePoint) => parsed.hasChar(String.fromCodePoint(codePoint)));
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * The faces for these characters: per weight, one for the language switch's characters and one
 * for the rest that the font covers. Each woff2 is made once and kept in CACHE_DIR, named by a
 * hash of its source font, its characters and the subsetter's version.
 */
export async function koreanFontFaces(projectRoot: string, characters: ReadonlySet<number>): Promise<FontFace[]> {
  const switchPoints = [...codePointsOf(LANGUAGE_SWITCH_TEXT)].sort((a, b) => a - b);
  const others = [...characters].filter((codePoint) => !switchPoints.includes(codePoint)).sort((a, b) => a - b);
  const subsetter = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('subset-font/package.json')), 'utf8')) as { version: string };
  await mkdir(path.join(projectRoot, CACHE_DIR), { recursive: true });
  const faces: FontFace[] = [];
  for (const weight of KOREAN_FONT_WEIGHTS) {
    const source = sourceFont(weight);
    const font = await readFile(source);
    const fontHash = createHash('sha256').update(font).digest('hex');
    const groups = [
      { group: 'switch' as const, codePoints: switchPoints },
      { group: 'site' as const, codePoints: await coveredBy(font, others) },
    ];
    for (const { group, codePoints } of groups) {
      if (codePoints.length === 0) continue;
      const key = createHash('sha256')
        .update(JSON.stringify({ version: SUBSET_VERSION, font: fontHash, codePoints, subsetter: subsetter.version }))
        .digest('hex')
        .slice(0, 16);
      const file = `${CACHE_DIR}/noto-sans-kr-${weight}-${group}-${key}.woff2`;
      const absolute = path.join(projectRoot, file);
      if (!(await isFile(absolute))) {
        await writeFileAtomic(absolute, await subsetFont(font, String.fromCodePoint(...codePoints), { targetFormat: 'woff2' }));
      }
      faces.push({ weight, group, codePoints, file, bytes: (await stat(absolute)).size });
    }
  }
  return faces;
}

/** The @font-face rule of a face; its URL is root-relative, so Vite copies and fingerprints the file. */
export function fontFaceRule(face: FontFace): string {
  return [
    '@font-face {',
    `  font-family: '${KOREAN_FONT_FAMILY}';`,
    '  font-style: normal;',
    '  font-display: swap;',
    `  font-weight: ${face.weight};`,
    `  src: url(/${face.file}) format('woff2');`,
    `  unicode-range: ${formatUnicodeRange(face.codePoints)};`,
    '}',
  ].join('\n');
}

/**
 * Hangul and Han characters of a built page that no declared face covers: the ones a machine
 * without a Korean font would draw as boxes (symbols fall back to its Latin fonts).
 */
export function uncovered(text: string, faces: readonly FontFace[]): number[] {
  const covered = new Set(faces.flatMap((face) => face.codePoints));
  return [...codePointsOf(text)].filter(
    (codePoint) => /[\p{Script=Hangul}\p{Script=Han}]/u.test(String.fromCodePoint(codePoint)) && !covered.has(codePoint),
  );
}

/** Serves KOREAN_FONT_CSS and KOREAN_FONT_PRELOADS to the build and checks the built pages against them. */
export function koreanFontIntegration(options: { projectRoot: string; manifestPath: string; textDirs?: readonly string[] }): AstroIntegration {
  let faces: FontFace[] = [];
  const css = `\0${KOREAN_FONT_CSS}`;
  const preloads = `\0${KOREAN_FONT_PRELOADS}`;
  return {
    name: 'atlas-korean-font',
    hooks: {
      'astro:config:setup': async ({ updateConfig }) => {
        faces = await koreanFontFaces(options.projectRoot, siteCharacters(options.projectRoot, options.manifestPath, options.textDirs));
        // A Korean page needs every face: the switch's characters are common Hangul syllables too.
        const preloaded = faces;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'atlas-korean-font',
                resolveId: (id: string) => (id === KOREAN_FONT_CSS ? css : id === KOREAN_FONT_PRELOADS ? preloads : undefined),
                load: (id: string) => {
                  if (id === css) return faces.map(fontFaceRule).join('\n');
                  if (id !== preloads) return undefined;
                  // Importing each file gives its final URL, the same file the stylesheet's url() gets.
                  const imports = preloaded.map((face, k) => `import font${k} from '/${face.file}?url';`);
                  // Vite inlines a file this small into the stylesheet (a data: URL): nothing to preload then.
                  const urls = `[${preloaded.map((_, k) => `font${k}`).join(', ')}]`;
                  return `${imports.join('\n')}\nexport default ${urls}.filter((url) => !url.startsWith('data:'));\n`;
                },
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const pages = await fg('**/*.html', { cwd: outDir });
        for (const page of pages) {
          const missing = uncovered(await readFile(path.join(outDir, page), 'utf8'), faces);
          if (missing.length > 0) {
            const characters = missing.map((codePoint) => String.fromCodePoint(codePoint)).join('');
            throw new Error(`${page} shows ${characters}, which the ${KOREAN_FONT_FAMILY} faces made for this site do not cover (see src/site/korean-font.ts)`);
          }
        }
        const summary = faces.map((face) => `${face.weight} ${face.group} ${face.codePoints.length} characters ${face.bytes} B`).join('; ');
        logger.info(`${KOREAN_FONT_FAMILY}: ${summary}`);
      },
    },
  };
}
