/**
 * `npm test`'s global setup (test/run-suite.ts calls it; `node --test --test-global-setup=` takes it
 * too): builds, once for the whole run, the fixture atlas that every site test starts from and the
 * default fixture site four test files share (test/site/helpers/built-site.ts), and removes them
 * after the run. A test file run on its own (node --test FILE) finds neither and builds its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderFixtureAtlas, SHARED_FIXTURE_ENV } from './helpers/fixture-atlas.ts';
import { buildFixtureSite, SHARED_SITE_ENV, SHARED_SITE_URL } from './site/helpers/built-site.ts';

let sharedDir: string | undefined;

export async function globalSetup(): Promise<void> {
  sharedDir = await mkdtemp(path.join(os.tmpdir(), 'atlas-test-shared-'));
  const fixtureDir = path.join(sharedDir, 'fixture');
  await renderFixtureAtlas(fixtureDir);
  process.env[SHARED_FIXTURE_ENV] = fixtureDir;
  const siteDir = path.join(sharedDir, 'site');
  await buildFixtureSite(siteDir, '/', SHARED_SITE_URL);
  process.env[SHARED_SITE_ENV] = siteDir;
}

export async function globalTeardown(): Promise<void> {
  if (sharedDir) await rm(sharedDir, { recursive: true, force: true });
}
