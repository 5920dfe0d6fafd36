/**
 * Lighthouse against the built site, as a new visitor's phone would load it: Lighthouse's default
 * mobile profile (Moto G Power screen, simulated slow 4G: 150 ms RTT, 1.6 Mbit/s, 4× CPU slowdown),
 * a cold cache for every run, the site served locally the way GitHub Pages serves it (gzip, max-age
 * 600; src/lib/static-server.ts). The browser is the npm-shipped Chromium (src/lib/chromium.ts),
 * given to Lighthouse through CHROME_PATH: nothing is downloaded.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { resolveChromium } from '../lib/chromium.ts';
import { startStaticServer } from '../lib/static-server.ts';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface AuditedPage {
  /** What the table calls it, e.g. "overview (en)". */
  readonly label: string;
  /** Path below the site's base, e.g. "ko/block4_conv1/". */
  readonly path: string;
}

export interface PageResult {
  readonly label: string;
  readonly url: string;
  /** 0-100 per category. */
  readonly scores: Readonly<Record<Category, number>>;
  /** Milliseconds (simulated). */
  readonly lcp: number;
  readonly fcp: number;
  readonly tbt: number;
  readonly cls: number;
  /** Bytes transferred, as Lighthouse counts them (total-byte-weight). */
  readonly transferBytes: number;
  /** What the LCP element was, as Lighthouse describes it. */
  readonly lcpElement: string | undefined;
  /** Every run's performance score, when there were several (the result is their median run). */
  readonly performanceRuns: readonly number[];
}

/** Lighthouse's headless flags for the npm Chromium: its own flags, with the headless mode Lighthouse expects. */
async function chromeFlags(): Promise<{ chromePath: string; flags: string[] }> {
  const { executablePath, args } = await resolveChromium();
  // @sparticuz/chromium is a headless-shell build: plain --headless, never --headless=new.
  const flags = [...args.filter((flag) => !flag.startsWith('--headless')), '--headless', '--no-sandbox', '--disable-gpu'];
  return { chromePath: executablePath, flags: [...new Set(flags)] };
}

interface LighthouseAudit {
  readonly numericValue?: number;
  readonly details?: unknown;
}

function numeric(audits: Record<string, LighthouseAudit | undefined>, id: string): number {
  const value = audits[id]?.numericValue;
  if (value === undefined) throw new Error(`Lighthouse returned no ${id}`);
  return value;
}

/** The LCP element's label from the lcp-breakdown insight, if Lighthouse found one. */
function lcpElement(audits: Record<string, LighthouseAudit | undefined>): string | undefined {
  const details = audits['lcp-breakdown-insight']?.details as { items?: Array<{ type?: string; nodeLabel?: string; snippet?: string }> } | undefined;
  const node = details?.items?.find((item) => item.type === 'node');
  return node ? `${node.snippet ?? ''} ${node.nodeLabel ?? ''}`.trim().slice(0, 90) : undefined;
}

function median<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) throw new Error('no runs');
  return middle;
}

/**
 * Serves `distDir` at `base` and runs Lighthouse `runs` times on each page; each page's result is
 * its median run by performance score (Lighthouse's advice for noisy machines).
 */
export async function auditPages(options: {
  distDir: string;
  base: string;
  pages: readonly AuditedPage[];
  runs: number;
  log?: (line: string) => void;
}): Promise<PageResult[]> {
  const { distDir, base, pages, runs, log = () => undefined } = options;
  const server = await startStaticServer({ githubPages: true });
  server.serve(distDir, base);
  const { chromePath, flags } = await chromeFlags();
  process.env.CHROME_PATH = chromePath;
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: flags, logLevel: 'silent' });
  try {
    const results: PageResult[] = [];
    for (const page of pages) {
      const url = `${server.origin}${base.replace(/\/+$/, '')}/${page.path}`;
      const runResults: PageResult[] = [];
      for (let run = 0; run < runs; run += 1) {
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const audits = lhr.audits as Record<string, LighthouseAudit | undefined>;
        const scores = Object.fromEntries(
          CATEGORIES.map((category) => [category, Math.round((lhr.categories[category]?.score ?? 0) * 100)]),
        ) as Record<Category, number>;
        runResults.push({
          label: page.label,
          url,
          scores,
          lcp: numeric(audits, 'largest-contentful-paint'),
          fcp: numeric(audits, 'first-contentful-paint'),
          tbt: numeric(audits, 'total-blocking-time'),
          cls: numeric(audits, 'cumulative-layout-shift'),
          transferBytes: numeric(audits, 'total-byte-weight'),
          lcpElement: lcpElement(audits),
          performanceRuns: [],
        });
        log(`audit: ${page.label} run ${run + 1}/${runs}: performance ${scores.performance}, LCP ${((runResults.at(-1)?.lcp ?? 0) / 1000).toFixed(2)} s`);
      }
      const chosen = median(runResults, (result) => result.scores.performance * 1e6 - result.lcp);
      results.push({ ...chosen, performanceRuns: runResults.map((result) => result.scores.performance) });
    }
    return results;
  } finally {
    chrome.kill();
    await server.close();
  }
}
