/** The done-when conditions on the real block1_conv1 weights (skipped without ../shared). */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { labelReport } from '../../src/atlas/labels/report.ts';
import { writeClassExampleSet } from '../helpers/class-example-set.ts';
import { runPrecompute } from '../helpers/run-atlas.ts';

const REAL_WEIGHTS = path.resolve(import.meta.dirname, '../../../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5');

test('real block1_conv1: every filter labelled in both languages, every OSI ≥ 0.3 filter named in degrees, 3 to 16 families with a positive silhouette', { skip: !existsSync(REAL_WEIGHTS) && 'no ../shared weights' }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-labels-real-'));
  try {
    await writeClassExampleSet(path.join(dir, 'images'), 6, 48);
    const { manifest } = await runPrecompute(
      [
        ...['--weights', REAL_WEIGHTS, '--layers', 'block1_conv1', '--methods', 'classic', '--size', '64', '--steps', '2', '--tuning'],
        ...['--examples', `${path.join(dir, 'images')}/**/*`, '--examples-size', '48', '--out', path.join(dir, 'out')],
      ],
      path.join(dir, 'cache'),
    );
    const [report] = labelReport(manifest);
    assert.ok(report);
    assert.equal(report.filters, 64);
    assert.equal(report.bothLanguages, 64);
    assert.ok(report.orientationSelective > 20, `${report.orientationSelective} filters with OSI ≥ 0.3`);
    assert.equal(report.orientationNamed, report.orientationSelective);
    assert.ok(report.families >= 3 && report.families <= 16, `${report.families} families`);
    assert.ok(report.silhouette > 0, `silhouette ${report.silhouette}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
