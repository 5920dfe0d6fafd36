/**
 * npm run audit [-- --dist DIR | --atlas DIR] [--layer NAME] [--filter N] [--runs N]
 *
 * Lighthouse (src/audit/lighthouse.ts) on the overview, a layer page (and its enhanced thumbnails
 * when the atlas has both methods), a filter page, the probe and the search page, in English and
 * Korean, then the site's size.
 * Exits 1 when a page misses a budget.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../lib/command-line.ts';
import { readManifest, type Manifest } from '../atlas/manifest.ts';
import { auditPages, type AuditedPage, type PageResult } from '../audit/lighthouse.ts';
import { siteSize, type SiteSize } from '../audit/site-size.ts';
import { AtlasError } from '../errors.ts';
import { SEARCH_INDEX_DIR } from '../site/search/index-site.ts';
import { QUERY_PARAM, SEARCH_PAGE_PATH } from '../site/search/query.ts';
import { normalizeBase } from '../site/site-options.ts';

const USAGE = `usage: npm run audit [-- --dist DIR | --atlas DIR] [--layer NAME] [--filter N] [--runs N]
  --dist DIR     the built site to audit (default: dist/)
  --atlas DIR    build the site from this atlas directory first (into a temp dir), then audit it
  --layer NAME   the layer page to audit (default: the layer with the most rendered filters)
  --filter N     the filter page to audit, in that layer (default: its first filter that is "ok")
  --runs N       Lighthouse runs per page; the median run is reported (default 3)
env: ATLAS_BASE (the base path the site was built for)`;

/** The part of the site the search index is (Pagefind's files, src/site/search/index-site.ts). */
export const SEARCH_INDEX_PART = `search index (${SEARCH_INDEX_DIR}/)`;
/** The search's budget: the index stays under this share of the site's bytes. */
export const SEARCH_INDEX_BUDGET = 0.1;

/** The site's size, the search index as a part of its own. */
export function auditedSiteSize(distDir: string): Promise<SiteSize> {
  return siteSize(distDir, { [SEARCH_INDEX_DIR]: SEARCH_INDEX_PART });
}

/** The search index's bytes as a share of the whole site's. */
export function searchIndexShare(size: SiteSize): number {
  const part = size.parts.find((candidate) => candidate.label === SEARCH_INDEX_PART);
  return size.bytes === 0 ? 0 : (part?.bytes ?? 0) / size.bytes;
}

/** The budgets: performance, LCP and CLS on a phone, the other three categories perfect. */
export const BUDGETS = { performance: 95, lcpMs: 2500, cls: 0.02, others: 100 } as const;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The heaviest layer page (most rendered filters), its enhanced page beside classic, a filter page in it, its families page, /probe/ and /search/. */
export function auditedPages(manifest: Manifest, layerName?: string, filterIndex?: number): AuditedPage[] {
  const counts = manifest.layers.map((layer) => ({
    name: layer.name,
    filters: manifest.filters.filter((filter) => filter.layer === layer.name),
  }));
  const layer = layerName === undefined ? [...counts].sort((a, b) => b.filters.length - a.filters.length)[0] : counts.find((c) => c.name === layerName);
  if (!layer) throw new AtlasError(layerName === undefined ? 'the atlas has no layers' : `the atlas has no layer ${layerName}`);
  const filter =
    filterIndex === undefined
      ? (layer.filters.find((candidate) => candidate.status === 'ok') ?? layer.filters[0])
      : layer.filters.find((candidate) => candidate.index === filterIndex);
  if (!filter) throw new AtlasError(`${layer.name} has no rendered filter ${filterIndex ?? ''}`.trim());
  // The site shows classic first; with both methods the enhanced thumbnails have a page of their own.
  const names = manifest.methods.map((method) => method.params.name);
  const enhancedPage = names.includes('classic') && names.includes('enhanced');
  return (['en', 'ko'] as const).flatMap((locale) => {
    const prefix = locale === 'en' ? '' : 'ko/';
    return [
      { label: `overview (${locale})`, path: prefix },
      { label: `${layer.name} (${locale})`, path: `${prefix}${layer.name}/` },
      ...(enhancedPage ? [{ label: `${layer.name}/enhanced (${locale})`, path: `${prefix}${layer.name}/enhanced/` }] : []),
      { label: `${layer.name}/${filter.index} (${locale})`, path: `${prefix}${layer.name}/${filter.index}/` },
      // The layer's families page, when the atlas has labels and families for it.
      ...(manifest.families?.some((family) => family.layer === layer.name)
        ? [{ label: `${layer.name}/families (${locale})`, path: `${prefix}${layer.name}/families/` }]
        : []),
      // The probe page, when the atlas has a browser model (its runtime and weights load only on an image).
      ...(manifest.browserModel ? [{ label: `probe (${locale})`, path: `${prefix}probe/` }] : []),
      // The search page with a query, as a shared result link opens it (the index loads on this page only).
      { label: `search (${locale})`, path: `${prefix}${SEARCH_PAGE_PATH}?${QUERY_PARAM}=${layer.name}` },
    ];
  });
}

export function budgetMisses(result: PageResult): string[] {
  const misses: string[] = [];
  if (result.scores.performance < BUDGETS.performance) misses.push(`performance ${result.scores.performance} < ${BUDGETS.performance}`);
  if (result.lcp > BUDGETS.lcpMs) misses.push(`LCP ${(result.lcp / 1000).toFixed(1)} s > ${BUDGETS.lcpMs / 1000} s`);
  if (result.cls > BUDGETS.cls) misses.push(`CLS ${result.cls.toFixed(3)} > ${BUDGETS.cls}`);
  for (const category of ['accessibility', 'best-practices', 'seo'] as const) {
    if (result.scores[category] < BUDGETS.others) misses.push(`${category} ${result.scores[category]} < ${BUDGETS.others}`);
  }
  return misses;
}

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export function formatReport(results: readonly PageResult[], size: SiteSize): string {
  const header = ['page', 'perf', 'a11y', 'best', 'SEO', 'LCP', 'FCP', 'TBT', 'CLS', 'transfer', 'perf per run'];
  const rows = results.map((result) => [
    result.label,
    String(result.scores.performance),
    String(result.scores.accessibility),
    String(result.scores['best-practices']),
    String(result.scores.seo),
    `${(result.lcp / 1000).toFixed(1)} s`,
    `${(result.fcp / 1000).toFixed(1)} s`,
    `${Math.round(result.tbt)} ms`,
    result.cls.toFixed(3),
    kilobytes(result.transferBytes),
    result.performanceRuns.join(' '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const lcpLines = results.map((result) => `  ${result.label}: ${result.lcpElement ?? '?'}`);
  const parts = size.parts.map((part) => `  ${part.label.padEnd(40)} ${megabytes(part.bytes).padStart(9)}  ${String(part.files).padStart(6)} files`);
  return [
    line(header),
    ...rows.map(line),
    '',
    'LCP element:',
    ...lcpLines,
    '',
    `site: ${megabytes(size.bytes)} in ${size.files} files, ${size.pages} pages (their HTML ${megabytes(size.htmlGzipBytes)} gzipped)`,
    ...parts,
    `search index: ${(searchIndexShare(size) * 100).toFixed(1)} % of the site's bytes (budget < ${SEARCH_INDEX_BUDGET * 100} %)`,
  ].join('\n');
}

function buildSite(atlasDir: string, distDir: string): void {
  const site = path.join(projectRoot, 'scripts', 'site.ts');
  const build = spawnSync(process.execPath, [site, '--out', atlasDir, '--dist', distDir, '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) throw new AtlasError(`the site build from ${atlasDir} failed (exit ${build.status ?? 'signal'})`);
}

export async function auditMain(argv: readonly string[]): Promise<number> {
  const args = parseCommandLine(
    argv,
    {
      options: {
        dist: { type: 'string' },
        atlas: { type: 'string' },
        layer: { type: 'string' },
        filter: { type: 'string' },
        runs: { type: 'string', default: '3' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    },
    'audit',
    64,
  ).values;
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.dist !== undefined && args.atlas !== undefined) throw new AtlasError('give --dist or --atlas, not both', { hint: USAGE, exitCode: 64 });
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new AtlasError(`--runs must be a whole number ≥ 1, got "${args.runs}"`, { exitCode: 64 });
  const filterIndex = args.filter === undefined ? undefined : Number(args.filter);
  if (filterIndex !== undefined && !Number.isInteger(filterIndex)) throw new AtlasError(`--filter must be a filter number, got "${args.filter}"`, { exitCode: 64 });

  const temp = args.atlas === undefined ? undefined : await mkdtemp(path.join(os.tmpdir(), 'atlas-audit-'));
  try {
    const distDir = temp ? path.join(temp, 'dist') : path.resolve(args.dist ?? path.join(projectRoot, 'dist'));
    if (temp && args.atlas) buildSite(path.resolve(args.atlas), distDir);
    const manifestPath = path.join(distDir, 'data', 'manifest.json');
    const manifest = await readManifest(manifestPath).catch((error: unknown) => {
      throw new AtlasError(`no built site at ${distDir}: ${(error as Error).message}`, { hint: 'run `npm run site` first, or pass --dist or --atlas' });
    });
    const pages = auditedPages(manifest, args.layer, filterIndex);
    const base = normalizeBase(process.env.ATLAS_BASE);
    console.log(`audit: Lighthouse, mobile profile, ${runs} run(s) per page, ${distDir} served at ${base} as GitHub Pages serves it`);
    const results = await auditPages({ distDir, base, pages, runs, log: (line) => console.log(line) });
    const size = await auditedSiteSize(distDir);
    console.log(`\n${formatReport(results, size)}\n`);
    const misses = results.flatMap((result) => budgetMisses(result).map((miss) => `${result.label}: ${miss}`));
    const indexShare = searchIndexShare(size);
    if (indexShare >= SEARCH_INDEX_BUDGET) misses.push(`search index: ${(indexShare * 100).toFixed(1)} % of the site ≥ ${SEARCH_INDEX_BUDGET * 100} %`);
    if (misses.length === 0) {
      console.log(`budgets met: performance ≥ ${BUDGETS.performance}, LCP ≤ ${BUDGETS.lcpMs / 1000} s, CLS ≤ ${BUDGETS.cls}, accessibility, best practices and SEO ${BUDGETS.others}`);
      return 0;
    }
    console.log(`budgets missed:\n${misses.map((miss) => `  ${miss}`).join('\n')}`);
    return 1;
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}
