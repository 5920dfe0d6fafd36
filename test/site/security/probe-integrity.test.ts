import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../../../src/lib/static-server.ts';
import { probeStrings } from '../../../src/site/probe/i18n.ts';
import { buildAndServeSite, makeTempDir, type BuiltSite } from '../helpers/built-site.ts';
import { launchChromium } from '../helpers/browser.ts';
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

function firstModelLayer(): { name: string; file: string } {
  const layer = site.manifest.browserModel?.layers[0];
  assert.ok(layer, 'the fixture has a browser model');
  return layer;
}

/** Flips every byte of the layer's file in the served copy (same length, so only the hash can tell); returns a restorer. */
async function tamper(file: string): Promise<() => Promise<void>> {
  const target = path.join(copyDir, 'data', file);
  const original = await readFile(target);
  await writeFile(target, original.map((byte) => byte ^ 0xff));
  return () => writeFile(target, original);
}

/** Runs the probe's first layer on the test picture; resolves with the status text and whether a result is shown. */
async function runProbe(page: Page, layer: string): Promise<{ status: string; problem: boolean; result: boolean }> {
  await page.selectOption('#probe-layer', layer);
  await page.evaluate(() => {
    const status = document.getElementById('probe-status');
    status?.classList.remove('probe-problem');
    if (status) status.textContent = '';
  });
  await page.setInputFiles('#probe-file', { name: 'picture.png', mimeType: 'image/png', buffer: await testPicturePng() });
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

describe('the probe checks the weights it downloads (Chromium)', () => {
  for (const locale of ['en', 'ko'] as const) {
    it(`refuses a tampered weight file with a message (${locale}), shows no result, and downloads it afresh on the next try`, async () => {
      const layer = firstModelLayer();
      const context = await browser.newContext();
      const page = await context.newPage();
      const restore = await tamper(layer.file);
      try {
        await page.goto(`${server.origin}/${locale === 'en' ? '' : 'ko/'}probe/`);
        const refused = await runProbe(page, layer.name);
        const expected = probeStrings(locale).client.integrityFailed.replace('{layer}', layer.name);
        assert.deepEqual(refused, { status: expected, problem: true, result: false });
        assert.equal(await page.getAttribute('#probe-status', 'aria-live'), 'polite');
      } finally {
        await restore();
      }
      // The tampered copy is in the browser's cache for ten minutes: only a fresh download can pass now.
      const retried = await runProbe(page, layer.name);
      assert.equal(retried.problem, false, retried.status);
      assert.equal(retried.result, true);
      await context.close();
    });
  }
});
