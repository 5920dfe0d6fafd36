import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { renderGrid } from '../../../src/atlas/images.ts';
import { writeSyntheticAtlas, type SyntheticLayer } from '../../../src/audit/synthetic-atlas.ts';
import type { Manifest } from '../../../src/atlas/manifest.ts';
import { WEB_IMAGE_CACHE_DIR } from '../../../src/site/web-image-files.ts';
import { buildFixtureAtlas } from '../../helpers/fixture-atlas.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SITE_CLI = path.join(PROJECT_ROOT, 'scripts/site.ts');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a Node script (with this Node) in the project root; never throws on a non-zero exit. */
export function runNode(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `npm run site` without npm: scripts/site.ts with the given arguments and environment. */
export function runSiteCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return runNode([SITE_CLI, ...args], env);
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
}

export interface BuiltSite {
  readonly manifest: Manifest;
  readonly dataDir: string;
  readonly distDir: string;
  readonly server: StaticServer;
  /** What the build printed (stdout and stderr; --quiet: warnings and errors only). */
  readonly buildLog: string;
  /** Absolute URL of the site root as served here, with the base and a trailing slash. */
  readonly rootUrl: string;
  /** The site root as its pages name it (canonical, sitemap): rootUrl, or the shared site's SHARED_SITE_URL. */
  readonly publicRootUrl: string;
  /** Absolute URL of a locale-free page path in a locale: pageUrl('ko', 'block1_conv1/3/'). */
  pageUrl(locale: 'en' | 'ko', pagePath: string): string;
  dispose(): Promise<void>;
}

export interface BuildOptions {
  /** Changes the fixture's manifest before the site is built from it; returns the manifest to write. */
  readonly editManifest?: (manifest: Manifest, dataDir: string) => Manifest | Promise<Manifest>;
  /**
   * Environment for the build, over the default (ATLAS_SITE: the local server, ATLAS_BASE: `base`,
   * and no GitHub Actions variables); an empty value unsets one.
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Widens the fixture to these layers with src/audit/synthetic-atlas.ts (more filters per layer, as
   * the real atlas has; no tuning) before the site is built from it.
   */
  readonly widen?: readonly SyntheticLayer[];
}

/** A fixture site on disk: its atlas data, its dist/ and what its build printed. */
export interface FixtureSiteFiles {
  readonly manifest: Manifest;
  readonly dataDir: string;
  readonly distDir: string;
  readonly buildLog: string;
}

/**
 * Set by `npm test`'s global setup (test/global-setup.ts) to the default fixture site (base "/",
 * fixture as it is) built once for the run, with SHARED_SITE_URL as its address: the test files that
 * ask for that site serve it instead of building it again. Unset when a test file runs on its own.
 */
export const SHARED_SITE_ENV = 'ATLAS_TEST_SHARED_SITE';
/** The address the shared site's pages name (canonical, og:image, sitemap): nothing follows it. */
export const SHARED_SITE_URL = 'https://atlas.test';
const BUILD_LOG = 'build.log';

/** Builds the fixture atlas into `<workDir>/data`, then the site from it into `<workDir>/dist`. */
export async function buildFixtureSite(workDir: string, base: string, siteUrl: string, options: BuildOptions = {}): Promise<FixtureSiteFiles> {
  const dataDir = path.join(workDir, 'data');
  const distDir = path.join(workDir, 'dist');
  let manifest = await buildFixtureAtlas(options.widen ? path.join(workDir, 'fixture') : dataDir);
  if (options.widen) {
    await writeSyntheticAtlas(path.join(workDir, 'fixture'), dataDir, options.widen);
    manifest = JSON.parse(await readFile(path.join(dataDir, 'manifest.json'), 'utf8')) as Manifest;
  }
  if (options.editManifest) {
    const manifestPath = path.join(dataDir, 'manifest.json');
    manifest = await options.editManifest(JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest, dataDir);
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  // Its own cache, so no display image comes from the user's cache; seeded with the shared site's,
  // encoded in this run (the cache is keyed by content), so only what this build changes is encoded.
  const cacheDir = path.join(workDir, 'cache');
  await seedWebImageCache(cacheDir);
  const run = await runSiteCli(['--out', dataDir, '--dist', distDir, '--quiet'], {
    ATLAS_SITE: siteUrl,
    ATLAS_BASE: base,
    GITHUB_ACTIONS: '',
    GITHUB_REPOSITORY: '',
    ATLAS_CACHE_DIR: cacheDir,
    ...options.env,
  });
  if (run.code !== 0) throw new Error(`site build failed (${run.code}):\n${run.stderr}\n${run.stdout}`);
  const buildLog = `${run.stdout}${run.stderr}`;
  await writeFile(path.join(workDir, BUILD_LOG), buildLog);
  return { manifest, dataDir, distDir, buildLog };
}

/** Copies the shared site's display-image cache (SHARED_SITE_ENV) into `cacheDir`, when this run has one. */
async function seedWebImageCache(cacheDir: string): Promise<void> {
  const shared = process.env[SHARED_SITE_ENV];
  if (!shared) return;
  const encoded = path.join(shared, 'cache', WEB_IMAGE_CACHE_DIR);
  if (existsSync(encoded)) await cp(encoded, path.join(cacheDir, WEB_IMAGE_CACHE_DIR), { recursive: true });
}

/** The shared site's files, when this run has one and the test asks for exactly that site. */
async function sharedSiteFiles(base: string, options: BuildOptions): Promise<FixtureSiteFiles | undefined> {
  const workDir = process.env[SHARED_SITE_ENV];
  if (!workDir || base !== '/' || Object.keys(options).length > 0) return undefined;
  const dataDir = path.join(workDir, 'data');
  const manifest = JSON.parse(await readFile(path.join(dataDir, 'manifest.json'), 'utf8')) as Manifest;
  return { manifest, dataDir, distDir: path.join(workDir, 'dist'), buildLog: await readFile(path.join(workDir, BUILD_LOG), 'utf8') };
}

/**
 * Builds the fixture atlas, then the site from it (ATLAS_SITE pointing at a local static server,
 * so every absolute URL in the pages can be followed), and serves it. The default site (base "/",
 * no options) is the run's shared one when there is one (SHARED_SITE_ENV): served, not rebuilt.
 */
export async function buildAndServeSite(base: string, options: BuildOptions = {}): Promise<BuiltSite> {
  const server = await startStaticServer();
  const shared = await sharedSiteFiles(base, options).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const workDir = shared ? undefined : await makeTempDir('atlas-site');
  try {
    const files = shared ?? (await buildFixtureSite(workDir ?? '', base, server.origin, options));
    server.serve(files.distDir, base);
    const rootUrl = `${server.origin}${base.replace(/\/+$/, '')}/`;
    return {
      ...files,
      server,
      rootUrl,
      publicRootUrl: shared ? `${SHARED_SITE_URL}/` : rootUrl,
      pageUrl: (locale, pagePath) => `${rootUrl}${locale === 'en' ? '' : `${locale}/`}${pagePath}`,
      dispose: async () => {
        await server.close();
        if (workDir) await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Gives the fixture's first layer a notebook grid as a full atlas has (8 × 8 tiles of 64 px, 5 px
 * margins: 547 px); the fixture renders too few filters for one. Each tile is a 2 × 2 mosaic of the
 * layer's 32 px patterns, so the grid has the entropy of real patterns (an enlarged copy would not).
 */
export async function withFixtureGrid(manifest: Manifest, dataDir: string): Promise<Manifest> {
  const [layer] = manifest.layers;
  if (!layer) throw new Error('the fixture has no layer');
  const patterns = manifest.filters.filter((filter) => filter.layer === layer.name && filter.method === 'classic');
  const side = patterns[0]?.width ?? 0;
  if (side * 2 !== 64) throw new Error(`withFixtureGrid expects 32 px patterns, got ${side} px`);
  const tiles = await Promise.all(
    Array.from({ length: 64 }, async (_, k) => {
      const quarter = async (q: number) => {
        const filter = patterns[(4 * k + q) % patterns.length];
        if (!filter) throw new Error(`no filters in ${layer.name}`);
        return { input: await readFile(path.join(dataDir, filter.image)), left: (q % 2) * side, top: Math.floor(q / 2) * side };
      };
      const canvas = sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } });
      const png = await canvas.composite(await Promise.all([0, 1, 2, 3].map(quarter))).png().toBuffer();
      return { png, size: 64 };
    }),
  );
  const grid = `${layer.name}/grid.png`;
  await writeFile(path.join(dataDir, grid), await renderGrid(tiles));
  return { ...manifest, layers: manifest.layers.map((entry) => (entry === layer ? { ...entry, sheets: { ...entry.sheets, classic: { ...entry.sheets.classic, grid } } } : entry)) };
}

/** Every built HTML page, as [path relative to dist, contents]. */
export async function readHtmlPages(distDir: string): Promise<Array<[string, string]>> {
  const entries = await readdir(distDir, { recursive: true });
  const pages = entries.filter((entry) => entry.endsWith('.html')).sort();
  return Promise.all(pages.map(async (page) => [page, await readFile(path.join(distDir, page), 'utf8')] as [string, string]));
}

/** Values of one attribute across the markup, e.g. every href. */
export function attributeValues(html: string, attribute: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${attribute}="([^"]*)"`, 'g'))].map((match) => match[1] ?? '');
}

/** The content of a <meta property|name="key"> tag. */
export function metaContent(html: string, key: string): string | undefined {
  return html.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`))?.[1];
}
