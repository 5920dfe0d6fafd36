import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../../src/atlas/manifest.ts';
import { writeExampleSet } from './example-images.ts';
import { tinyVggWeights } from './tiny-model.ts';
import { runPrecompute, TINY_LAYERS, withDeadFilter, withTempDir, writeTinyModel } from './run-atlas.ts';

/** The side the fixture's example images are drawn at and brought to (S): block4_conv1's 60 px field fits. */
const FIXTURE_EXAMPLES_SIZE = 64;
const FIXTURE_EXAMPLES_K = 3;
export const FIXTURE_ATTRIBUTION = 'Test pictures drawn in code by the atlas test suite; no rights reserved.';

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
 * dataset examples from the engine's forward pass over the tests' image set (example-images.ts:
 * gratings, colour patches, a checkerboard, noise, awkward formats and three bad files), k = 3.
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
    const images = path.join(dir, 'images');
    await writeExampleSet(images, FIXTURE_EXAMPLES_SIZE);
    const flags = [
      '--weights', weights, '--tuning', '--layers', TINY_LAYERS, '--size', '32', '--steps', '6', '--out', outDir,
      '--examples', `${images}/**/*`, '--examples-size', String(FIXTURE_EXAMPLES_SIZE), '--examples-k', String(FIXTURE_EXAMPLES_K),
      '--examples-attribution', FIXTURE_ATTRIBUTION,
    ];
    return (await runPrecompute(flags, dir)).manifest;
  });
}
