import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../../src/atlas/manifest.ts';
import { withFixtureExamples } from './fixture-examples.ts';
import { tinyVggWeights } from './tiny-model.ts';
import { runPrecompute, TINY_LAYERS, withDeadFilter, withTempDir, writeTinyModel } from './run-atlas.ts';

/**
 * A small but real atlas for site tests: the precompute engine run on the tiny VGG (all four
 * atlas layers, 4 + 6 + 8 + 8 filters) with both methods (classic at 32 px and 6 steps, enhanced
 * at 32 px and 3 steps, from the tests' config), with block2_conv1 filter 1 made dead, and
 * dataset examples for every filter (made in code: see fixture-examples.ts).
 */
export async function buildFixtureAtlas(outDir: string): Promise<Manifest> {
  await withTempDir('atlas-fixture-', async (dir) => {
    const weights = await writeTinyModel(dir, withDeadFilter(tinyVggWeights(), 'block2_conv1', 1));
    const flags = ['--weights', weights, '--tuning', '--layers', TINY_LAYERS, '--size', '32', '--steps', '6', '--out', outDir];
    await runPrecompute(flags, dir);
  });
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  const written = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  const manifest = await withFixtureExamples(written, outDir);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
