import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TuningEntry, TuningProtocol } from '../../../src/engine/tuning/tuning-entry.ts';
import { runPrecompute, writeTinyModel } from '../../helpers/run-atlas.ts';
import { useTempDir } from '../../weights/support.ts';

const tempDir = useTempDir('atlas-tuning-precompute-');

describe('tuning curves in precompute', () => {
  let weights = '';
  const run = (extra: string[]) =>
    runPrecompute(['--weights', weights, '--layers', 'block1_conv1,block2_conv1', '--methods', 'classic', '--size', '32', '--steps', '2', '--out', path.join(tempDir(), 'out'), ...extra], path.join(tempDir(), 'cache'));

  before(async () => {
    weights = await writeTinyModel(tempDir());
  });

  it('--tuning measures every layer once and records an entry per rendered filter, with its protocol', async () => {
    const summary = await run(['--tuning', '--filters', 'block1_conv1:0-3,block2_conv1:1,3']);
    assert.equal(summary.tuningMeasured, 2);
    const { tuning, tuningProtocol } = summary.manifest;
    assert.ok(tuning && tuningProtocol);
    TuningProtocol.parse(tuningProtocol);
    assert.equal(tuningProtocol.size, 32, 'the stimuli have the classic size');
    assert.deepEqual(
      tuning.map((entry) => `${entry.layer}:${entry.index}`),
      ['block1_conv1:0', 'block1_conv1:1', 'block1_conv1:2', 'block1_conv1:3', 'block2_conv1:1', 'block2_conv1:3'],
    );
    for (const entry of tuning) TuningEntry.parse(entry);
  });

  it('a rerun takes each layer from the cache, whatever filters it selects', async () => {
    const summary = await run(['--tuning']);
    assert.deepEqual([summary.tuningMeasured, summary.tuningCached], [0, 2]);
    assert.equal(summary.manifest.tuning?.length, 4 + 6);
  });

  it('--no-tuning leaves tuning out of the manifest', async () => {
    const summary = await run(['--no-tuning']);
    assert.equal(summary.manifest.tuning, undefined);
    assert.equal(summary.manifest.tuningProtocol, undefined);
  });
});
