import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { NoChromiumError, resolveChromium } from '../../../src/lib/chromium.ts';
import { buildAndServeSite, PROJECT_ROOT, type BuiltSite } from './built-site.ts';

export { chromiumExecutable } from '../../../src/lib/chromium.ts';
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results');

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

/**
 * Launches the Chromium that src/lib/chromium.ts resolves (npm's @sparticuz/chromium after
 * `npm ci`; otherwise CHROMIUM_PATH or a system Chromium). Never downloads one. With none, the
 * error is the one line that says how to get one, without a stack trace.
 */
export async function launchChromium(): Promise<Browser> {
  try {
    const { executablePath, args } = await resolveChromium();
    return await chromium.launch({ executablePath, args: [...args] });
  } catch (error) {
    if (error instanceof NoChromiumError) error.stack = `${error.name}: ${error.message}`;
    throw error;
  }
}

/** The browser first (without one, a test file fails at once), then the fixture site served at `base`. */
export async function openBrowserAndSite(base: string): Promise<{ browser: Browser; site: BuiltSite }> {
  const browser = await launchChromium();
  try {
    return { browser, site: await buildAndServeSite(base) };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export async function closeBrowserAndSite(browser: Browser | undefined, site: BuiltSite | undefined): Promise<void> {
  await browser?.close();
  await site?.dispose();
}

export interface AxeProblem {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly targets: readonly string[];
}

/** axe-core violations of serious or critical impact on the current page (or only inside `include`, a selector). */
export async function seriousAxeViolations(page: Page, include?: string): Promise<AxeProblem[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include === undefined ? builder : builder.include(include)).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Fails on axe-core violations of serious or critical impact on the current page (or only inside `include`). */
export async function assertAccessible(page: Page, include?: string): Promise<void> {
  const problems = await seriousAxeViolations(page, include);
  assert.deepEqual(problems, [], `axe: serious/critical violations on ${page.url()}${include === undefined ? '' : ` in ${include}`}`);
}

export async function waitForPath(page: Page, pathname: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === pathname, { timeout: 10_000 });
}

/** Cumulative layout shift so far (Chromium's layout-shift entries, ignoring those after input). */
export function cumulativeLayoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value?: number; hadRecentInput?: boolean }>) {
            if (!entry.hadRecentInput) total += entry.value ?? 0;
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 300);
      }),
  );
}

/**
 * Scrolls through the page so lazy images load, waits for every rendered image, and returns to the top.
 * A lazy image the first pass scrolled by too fast (a busy machine) is scrolled to again until it loads.
 */
export async function loadAllImages(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await pause(30);
    }
    // Images that are not rendered (inside display: none, such as a closed example viewer) are never fetched.
    const pending = () => [...document.images].filter((image) => !image.complete && image.getClientRects().length > 0);
    const deadline = performance.now() + 20_000;
    for (let left = pending(); left.length > 0 && performance.now() < deadline; left = pending()) {
      left[0]!.scrollIntoView({ block: 'center' });
      await pause(50);
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() => [...document.images].every((image) => image.complete || image.getClientRects().length === 0), undefined, {
    timeout: 10_000,
  });
}

export interface UsedFont {
  readonly familyName: string;
  readonly isCustomFont: boolean;
  readonly glyphCount: number;
}

/** The fonts Chromium drew the text of the first element matching `selector` with (DevTools protocol). */
export async function fontsUsedFor(page: Page, selector: string): Promise<UsedFont[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map(({ familyName, isCustomFont, glyphCount }) => ({ familyName, isCustomFont, glyphCount }));
  } finally {
    await cdp.detach();
  }
}

/** A full-page PNG under test-results/, with every image and web font loaded. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await loadAllImages(page);
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export interface Look {
  readonly name: string;
  readonly viewportName: keyof typeof VIEWPORTS;
  readonly colorScheme: 'light' | 'dark';
}

/**
 * Loads every page at each viewport in light and dark, lets `check` test it, then saves the
 * screenshot `<prefix>-<name>-<viewport>-<scheme>`.
 */
export async function screenshotEveryLook(
  browser: Browser,
  pages: Readonly<Record<string, string>>,
  prefix: string,
  check: (page: Page, look: Look) => Promise<void>,
): Promise<void> {
  for (const [viewportName, viewport] of Object.entries(VIEWPORTS) as [keyof typeof VIEWPORTS, (typeof VIEWPORTS)[keyof typeof VIEWPORTS]][]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      for (const [name, url] of Object.entries(pages)) {
        await page.goto(url, { waitUntil: 'load' });
        await check(page, { name, viewportName, colorScheme });
        await saveScreenshot(page, `${prefix}-${name}-${viewportName}-${colorScheme}`);
      }
      await context.close();
    }
  }
}
