import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../../../src/lib/static-server.ts';
import { probeStrings } from '../../../src/site/probe/i18n.ts';
import { buildAndServeSite, makeTempDir, type BuiltSite } from '../helpers/built-site.ts';
import { VIEWPORTS, assertAccessible, launchChromium, saveScreenshot } from '../helpers/browser.ts';
import { testPicturePng } from '../probe/probe-fixture.ts';

let site: BuiltSite;
let browser: Browser;
/** A copy of the site whose weight file the tests alter, served with GitHub Pages' caching headers (max-age=600). */
let copyDir: string;
let server: StaticServer;

before(async () => {
  browser = await launchChromium();
  site = await buildAndServeSite('/');
  copyDir = await makeTempDir('atlas-integrity');
  await cp(site.distDir, copyDir, { recursive: true });
  server = await startStaticServer({ githubPages: true });
  server.serve(copyDir, '/');
});

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.dispose();
  if (copyDir) await rm(copyDir, { recursive: true, force: true });
});

function modelLayers(): Array<{ name: string; file: string }> {
  const layers = site.manifest.browserModel?.layers ?? [];
  assert.ok(layers.length >= 2, 'the fixture has a browser model of two layers or more');
  return layers;
}

/** Flips every byte of the layer's file in the served copy (same length, so only the hash can tell); returns a restorer. */
async function tamper(file: string): Promise<() => Promise<void>> {
  const target = path.join(copyDir, 'data', file);
  const original = await readFile(target);
  await writeFile(target, original.map((byte) => byte ^ 0xff));
  return () => writeFile(target, original);
}

/**
 * Runs the probe up to `layer`, started as a visitor would: by choosing the test picture ('image'),
 * or by picking another layer for the picture already shown ('layer', which runs at once; choosing
 * the picture again would start a second run beside it). Resolves with the status text and whether
 * a result is shown.
 */
async function runProbe(page: Page, layer: string, start: 'image' | 'layer' = 'image'): Promise<{ status: string; problem: boolean; result: boolean }> {
  await page.evaluate(() => {
    document.getElementById('probe-result')?.removeAttribute('data-seconds');
    const status = document.getElementById('probe-status');
    status?.classList.remove('probe-problem');
    if (status) status.textContent = '';
  });
  if (start === 'layer') {
    assert.notEqual(await page.inputValue('#probe-layer'), layer, 'another layer is picked');
    await page.selectOption('#probe-layer', layer);
  } else {
    // With no picture yet, or the same layer, picking it starts nothing.
    await page.selectOption('#probe-layer', layer);
    await page.setInputFiles('#probe-file', { name: 'picture.png', mimeType: 'image/png', buffer: await testPicturePng() });
  }
  await page.waitForFunction(
    () => document.getElementById('probe-result')?.dataset.seconds !== undefined || document.getElementById('probe-status')?.classList.contains('probe-problem'),
    undefined,
    { timeout: 60_000 },
  );
  return {
    status: (await page.textContent('#probe-status')) ?? '',
    problem: (await page.locator('#probe-status.probe-problem').count()) === 1,
    result: await page.isVisible('#probe-result'),
  };
}

/**
 * With the layer's file tampered on the server, the probe refuses it with the message in `locale`
 * and shows no result; with the file restored, the next try (past the browser's cache, which
 * holds the tampered copy for ten minutes) gives a result.
 */
async function assertRefusedThenRetried(page: Page, layer: { name: string; file: string }, locale: 'en' | 'ko', start: 'image' | 'layer'): Promise<void> {
  const restore = await tamper(layer.file);
  try {
    const refused = await runProbe(page, layer.name, start);
    assert.deepEqual(refused, { status: probeStrings(locale).client.integrityFailed.replace('{layer}', layer.name), problem: true, result: false });
    assert.equal(await page.getAttribute('#probe-status', 'aria-live'), 'polite');
    await assertAccessible(page);
    await saveScreenshot(page, `probe-integrity-refused-${locale}`);
  } finally {
    await restore();
  }
  const retried = await runProbe(page, layer.name);
  assert.deepEqual({ problem: retried.problem, result: retried.result }, { problem: false, result: true }, retried.status);
}

describe('the probe checks the weights it downloads (Chromium)', () => {
  it('refuses a tampered weight file with a message (en), hides the earlier result, and downloads it afresh on the next try', async () => {
    const [first, second] = modelLayers();
    assert.ok(first && second);
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(`${server.origin}/probe/`);
    const untouched = await runProbe(page, first.name);
    assert.deepEqual({ problem: untouched.problem, result: untouched.result }, { problem: false, result: true }, 'the untouched first layer');
    await assertRefusedThenRetried(page, second, 'en', 'layer');
    await context.close();
  });

  it('refuses a tampered weight file with a message (ko) on the first try, and the next try downloads it afresh', async () => {
    const [first] = modelLayers();
    assert.ok(first);
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(`${server.origin}/ko/probe/`);
    await assertRefusedThenRetried(page, first, 'ko', 'image');
    await context.close();
  });

  it('runs nothing, and says why, where the browser offers no Web Crypto (a page not on https)', async () => {
    const [first] = modelLayers();
    assert.ok(first);
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(crypto, 'subtle', { value: undefined }));
    const page = await context.newPage();
    await page.goto(`${server.origin}/probe/`);
    assert.deepEqual(await runProbe(page, first.name), { status: probeStrings('en').client.integrityUnavailable, problem: true, result: false });
    await context.close();
  });
});
