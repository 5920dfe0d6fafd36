import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../../src/atlas/manifest.ts';
import { withFixtureExamples } from './fixture-examples.ts';
import { tinyVggWeights } from './tiny-model.ts';
import { runPrecompute, TINY_LAYERS, withDeadFilter, withTempDir, writeTinyModel } from './run-atlas.ts';

/**
 * Set by `npm test`'s global setup (test/global-setup.ts) to a fixture atlas it built once for
 * the whole run; test files copy it instead of running the engine again. Unset when a test file
 * runs on its own: it then builds its own.
 */
export const SHARED_FIXTURE_ENV = 'ATLAS_TEST_SHARED_FIXTURE';

/**
 * A small but real atlas for site tests: the precompute engine run on the tiny VGG (all four
 * atlas layers, 4 + 6 + 8 + 8 filters) with both methods (classic at 32 px and 6 steps, enhanced
 * at 32 px and 3 steps, from the tests' config), with block2_conv1 filter 1 made dead, and
 * dataset examples for every filter (made in code: see fixture-examples.ts).
 */
export async function buildFixtureAtlas(outDir: string): Promise<Manifest> {
  const shared = process.env[SHARED_FIXTURE_ENV];
  if (shared) {
    await cp(shared, outDir, { recursive: true });
    return JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
  }
  return renderFixtureAtlas(outDir);
}

/** Runs the engine for the fixture atlas (what buildFixtureAtlas copies when a run shares one). */
export async function renderFixtureAtlas(outDir: string): Promise<Manifest> {
  return withTempDir('atlas-fixture-', async (dir) => {
    const weights = await writeTinyModel(dir, withDeadFilter(tinyVggWeights(), 'block2_conv1', 1));
    const flags = ['--weights', weights, '--tuning', '--layers', TINY_LAYERS, '--size', '32', '--steps', '6', '--out', outDir];
    await runPrecompute(flags, dir);
    const manifestPath = path.join(outDir, MANIFEST_FILE);
    const manifest = await withFixtureExamples(JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest, outDir);
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  });
}
