import assert from 'node:assert/strict';
import { cp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Manifest } from '../../src/atlas/manifest.ts';
import { buildFixtureAtlas } from '../helpers/fixture-atlas.ts';
import { githubPagesAddress, normalizeBase, normalizeSite, resolveSiteAddress, resolveSiteOptions } from '../../src/site/site-options.ts';
import { isSafeRelativePath } from '../../src/site/atlas-files.ts';
import { makeTempDir, PROJECT_ROOT, runNode, runSiteCli } from './helpers/built-site.ts';

let workDir = '';
let fixtureDir = '';
let fixture: Manifest;
let caseNumber = 0;

/** A fresh copy of the fixture atlas, changed by `edit`, and a dist path that must stay unbuilt. */
async function brokenAtlas(edit: (dataDir: string, manifest: Record<string, unknown>) => Promise<void> | void) {
  const dataDir = path.join(workDir, `case-${++caseNumber}`);
  await cp(fixtureDir, dataDir, { recursive: true });
  const manifestPath = path.join(dataDir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  await edit(dataDir, manifest);
  await writeFile(manifestPath, JSON.stringify(manifest));
  return { dataDir, manifestPath, distDir: path.join(dataDir, 'dist-should-not-exist') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function assertFailsWith(run: { code: number | null; stderr: string }, firstLine: RegExp, distDir: string) {
  assert.notEqual(run.code, 0, 'the build must fail');
  const [line] = run.stderr.trim().split('\n');
  assert.match(line ?? '', firstLine);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
  await assert.rejects(stat(distDir), 'no site was written');
}

before(async () => {
  workDir = await makeTempDir('atlas-site-errors');
  fixtureDir = path.join(workDir, 'fixture');
  fixture = await buildFixtureAtlas(fixtureDir);
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('site options', () => {
  it('normalizes the base path and the site URL', () => {
    assert.equal(normalizeBase(undefined), '/');
    assert.equal(normalizeBase(''), '/');
    assert.equal(normalizeBase('/'), '/');
    assert.equal(normalizeBase('atlas'), '/atlas');
    assert.equal(normalizeBase('/user/atlas/'), '/user/atlas');
    assert.throws(() => normalizeBase('/a/../b'), /ATLAS_BASE/);
    assert.equal(normalizeSite('https://example.github.io/'), 'https://example.github.io');
    assert.throws(() => normalizeSite('example.org'), /ATLAS_SITE is not an absolute URL/);
  });

  it('takes ATLAS_DATA from the working directory and defaults to atlas-out in the project root', () => {
    const dirs = { cwd: '/here', projectRoot: '/project' };
    assert.equal(resolveSiteOptions({}, dirs).dataDir, '/project/atlas-out');
    assert.equal(resolveSiteOptions({ ATLAS_DATA: 'out' }, dirs).dataDir, '/here/out');
    assert.equal(resolveSiteOptions({ ATLAS_DATA: '/abs' }, dirs).dataDir, '/abs');
  });

  it('takes the address from ATLAS_SITE, else from a GitHub Actions run, else has none', () => {
    const actions = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'Some-One/atlas' };
    assert.deepEqual(resolveSiteAddress({ ATLAS_SITE: 'https://atlas.example.org/', ...actions }), {
      site: 'https://atlas.example.org',
      base: '/',
      siteSource: 'ATLAS_SITE',
    });
    assert.deepEqual(resolveSiteAddress(actions), { site: 'https://some-one.github.io', base: '/atlas', siteSource: 'GitHub Actions' });
    assert.deepEqual(resolveSiteAddress({ ...actions, ATLAS_BASE: '/' }).base, '/');
    assert.deepEqual(resolveSiteAddress({ ...actions, ATLAS_BASE: '/other' }).base, '/other');
    assert.deepEqual(githubPagesAddress('Some-One/Some-One.github.io'), { site: 'https://some-one.github.io', base: '/' });
    assert.equal(githubPagesAddress('not a repository'), undefined);
    // GITHUB_REPOSITORY outside a GitHub Actions run says nothing about where the site is published.
    assert.deepEqual(resolveSiteAddress({ GITHUB_REPOSITORY: 'Some-One/atlas' }), { site: undefined, base: '/', siteSource: 'none' });
    assert.deepEqual(resolveSiteAddress({ ATLAS_BASE: 'atlas' }), { site: undefined, base: '/atlas', siteSource: 'none' });
  });

  it('only accepts manifest paths inside the atlas directory', () => {
    assert.ok(isSafeRelativePath('block1_conv1/3.png'));
    for (const bad of ['', '../x.png', '/etc/x.png', 'a//b.png', 'a/./b.png', 'a\\b.png', 'C:/x.png']) {
      assert.equal(isSafeRelativePath(bad), false, bad);
    }
  });
});

describe('site build refuses bad atlas data', () => {
  // Version 1, the single-method manifest, is refused like any other version this build does not read.
  for (const [which, version] of [['older', 1], ['newer', 3]] as const) {
    it(`fails with one line on an ${which} manifest schema version`, async () => {
      const atlas = await brokenAtlas((_dir, manifest) => {
        manifest.schemaVersion = version;
      });
      const run = await runSiteCli(['--out', atlas.dataDir, '--dist', atlas.distDir]);
      const expected = `site: error: ${atlas.manifestPath} has ${which} manifest schema version ${version}; this build reads version 2`;
      await assertFailsWith(run, new RegExp(`^${escapeRegExp(expected)}$`), atlas.distDir);
    });
  }

  it('names a missing image', async () => {
    const missing = fixture.filters.at(-1)?.webp ?? '';
    const atlas = await brokenAtlas((dir) => rm(path.join(dir, missing)));
    const run = await runSiteCli(['--dist', atlas.distDir], { ATLAS_DATA: atlas.dataDir });
    await assertFailsWith(run, new RegExp(`^site: error: atlas image missing: ${escapeRegExp(missing)}, referenced by .*manifest\\.json$`), atlas.distDir);
  });

  it('names a missing dataset example crop', async () => {
    const missing = fixture.examples?.at(-1)?.bottom.at(-1)?.crop.file ?? '';
    assert.ok(missing.startsWith('examples/'), 'the fixture has examples');
    const atlas = await brokenAtlas((dir) => rm(path.join(dir, missing)));
    const run = await runSiteCli(['--out', atlas.dataDir, '--dist', atlas.distDir]);
    await assertFailsWith(run, new RegExp(`^site: error: atlas image missing: ${escapeRegExp(missing)}, referenced by .*manifest\\.json$`), atlas.distDir);
  });

  it('fails when there is no manifest at all', async () => {
    const run = await runSiteCli(['--out', path.join(workDir, 'nothing-here')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^site: error: no atlas manifest at .*nothing-here\/manifest\.json\n {2}hint: /);
  });

  it('rejects paths that leave the atlas directory and filters of unlisted layers', async () => {
    const escaping = await brokenAtlas((_dir, manifest) => {
      const [first] = manifest.layers as Array<{ sheets: Record<string, Record<string, unknown>> }>;
      if (first?.sheets['classic']) first.sheets['classic'].grid = '../outside.png';
    });
    const run = await runSiteCli(['--out', escaping.dataDir, '--dist', escaping.distDir]);
    await assertFailsWith(run, /references "\.\.\/outside\.png", which is not a relative path inside the atlas directory$/, escaping.distDir);

    const dropped = fixture.layers.at(-1)?.name ?? '';
    const orphan = await brokenAtlas((_dir, manifest) => {
      manifest.layers = (manifest.layers as Array<{ name: string }>).filter((layer) => layer.name !== dropped);
    });
    const orphanRun = await runSiteCli(['--out', orphan.dataDir, '--dist', orphan.distDir]);
    await assertFailsWith(orphanRun, new RegExp(`lists filter ${dropped}/\\d+ \\(classic\\) of a layer that is not in "layers"$`), orphan.distDir);
  });

  it('also fails a plain `astro build` (the integration checks the data) naming the missing image', async () => {
    const [layer] = fixture.layers;
    const missing = layer?.sheets.classic?.grid ?? layer?.sheets.classic?.contactSheet ?? fixture.filters[0]?.image ?? '';
    const atlas = await brokenAtlas((dir) => rm(path.join(dir, missing)));
    const astro = path.join(PROJECT_ROOT, 'node_modules/astro/bin/astro.mjs');
    const run = await runNode([astro, 'build', '--outDir', atlas.distDir], { ATLAS_DATA: atlas.dataDir });
    assert.notEqual(run.code, 0);
    assert.match(`${run.stdout}\n${run.stderr}`, new RegExp(`atlas image missing: ${escapeRegExp(missing)}`));
    await assert.rejects(stat(atlas.distDir));
  });
});
