import type { Manifest } from '../../src/atlas/manifest.ts';
import { tinyVggWeights } from './tiny-model.ts';
import { runPrecompute, TINY_LAYERS, withDeadFilter, withTempDir, writeTinyModel } from './run-atlas.ts';

/**
 * A small but real atlas for site tests: the precompute engine run on the tiny VGG (all four
 * atlas layers, 4 + 6 + 8 + 8 filters) with both methods (classic at 32 px and 6 steps, enhanced
 * at 32 px and 3 steps, from the tests' config), with block2_conv1 filter 1 made dead.
 */
export async function buildFixtureAtlas(outDir: string): Promise<Manifest> {
  return withTempDir('atlas-fixture-', async (dir) => {
    const weights = await writeTinyModel(dir, withDeadFilter(tinyVggWeights(), 'block2_conv1', 1));
    const flags = ['--weights', weights, '--tuning', '--layers', TINY_LAYERS, '--size', '32', '--steps', '6', '--out', outDir];
    const summary = await runPrecompute(flags, dir);
    return summary.manifest;
  });
}
