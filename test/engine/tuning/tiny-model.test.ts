import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRuntime } from '../../../src/engine/runtime/select.ts';
import type { Runtime } from '../../../src/engine/runtime/types.ts';
import { networkStages } from '../../../src/engine/stages.ts';
import { analyseLayer, modulation, RESPONSE_FLOOR } from '../../../src/engine/tuning/analysis.ts';
import { channelSummedKernel, predictFromKernel } from '../../../src/engine/tuning/kernel-prediction.ts';
import { measureResponses, tuneLayer } from '../../../src/engine/tuning/measure.ts';
import { centralRegion } from '../../../src/engine/tuning/region.ts';
import { stimulusSet } from '../../../src/engine/tuning/stimuli.ts';
import { TuningEntry } from '../../../src/engine/tuning/tuning-entry.ts';
import { vgg16Layers } from '../../../src/engine/vgg16.ts';
import type { WeightSet } from '../../../src/engine/weights/types.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../../helpers/tiny-model.ts';
import { plantFilter, SOBEL_VERTICAL_EDGE } from '../../helpers/tuning-kernels.ts';

const BOX = [
  [1, 1, 1],
  [1, 2, 1],
  [1, 1, 1],
] as const;

/**
 * The tiny VGG with block1_conv1 filter 0 a vertical-edge Sobel in all three channels (zero bias),
 * filter 1 colour-blind (the same box kernel in every channel, positive bias) and filter 2 the box
 * on the red input only (caffe channel 2), as a control that a hue preference is detected.
 */
function plantedWeights(): WeightSet {
  const layers = tinyVggWeights();
  const conv = layers.get('block1_conv1')!;
  plantFilter(conv, 0, SOBEL_VERTICAL_EDGE, [1, 1, 1], 0);
  plantFilter(conv, 1, BOX, [0.01, 0.01, 0.01], 1);
  plantFilter(conv, 2, BOX, [0, 0, 0.01], 0);
  return { source: 'tiny-planted', sha256: '0'.repeat(64), format: 'keras-hdf5', layers };
}

const circular = (a: number, b: number) => Math.min(Math.abs(a - b) % 180, 180 - (Math.abs(a - b) % 180));

describe('tuning on a tiny model with planted block1_conv1 kernels (ONNX Runtime)', () => {
  const weights = plantedWeights();
  const topology = vgg16Layers(TINY_WIDTHS);
  const set = stimulusSet({ size: 64 });
  const post = { activation: 'post-relu' } as const;
  let runtime: Runtime;
  let entries: TuningEntry[] = [];

  before(async () => {
    runtime = await createRuntime('onnx', 1);
    const network = runtime.layerNetwork(networkStages(weights, 'block1_conv1', topology), post);
    const table = await measureResponses(network, set, centralRegion('block1_conv1', 64, topology), { batchSize: 128 });
    entries = analyseLayer(table, set, 'block1_conv1');
  });
  after(() => runtime.dispose());

  it('the vertical-edge kernel prefers vertical stripes: 90° within one bin, fully selective, at the predicted frequency', () => {
    const sobel = entries[0]!;
    assert.ok(circular(sobel.preferredOrientation!, 90) <= 11.25, `preferred ${sobel.preferredOrientation}°`);
    assert.ok(sobel.orientationSelectivity! > 0.99, `selectivity ${sobel.orientationSelectivity}`);
    const kernel = channelSummedKernel(weights.layers.get('block1_conv1')!, 0);
    const prediction = predictFromKernel(kernel, 0, { size: 64, cyclesPerSide: set.cyclesPerSide, orientations: set.orientations });
    assert.equal(sobel.preferredFrequency, prediction.preferredFrequency);
    const patchResponse = sobel.responseByKind.hue;
    assert.ok(patchResponse < RESPONSE_FLOOR, `a zero-sum kernel with zero bias is silent on uniform patches (but for round-off): ${patchResponse}`);
    assert.equal(sobel.preferredHue, null);
  });

  it('the colour-blind kernel shows no hue preference: its hue curve varies by less than 0.1 % and it ignores opponent gratings', () => {
    const blind = entries[1]!;
    assert.ok(blind.responsive);
    const hueModulation = modulation(blind.hueCurve.response);
    assert.ok(hueModulation < 1e-3, `hue curve modulation ${hueModulation}`);
    assert.ok(blind.hueSelectivity! < 1e-3, `hue selectivity ${blind.hueSelectivity}`);
    assert.equal(blind.preferredHue, null);
    assert.ok(blind.colorOpponency !== null && blind.colorOpponency < 0.01, `opponency ${blind.colorOpponency}`);
  });

  it('control: the red-only kernel does show a hue preference, for red', () => {
    const redOnly = entries[2]!;
    assert.ok(redOnly.preferredHue !== null && Math.min(redOnly.preferredHue, 360 - redOnly.preferredHue) <= 15, `preferred hue ${redOnly.preferredHue}`);
    assert.ok(redOnly.hueSelectivity! > 0.3 && modulation(redOnly.hueCurve.response) > 0.5, `hue selectivity ${redOnly.hueSelectivity}`);
  });

  it('every entry fits the schema', () => {
    assert.equal(entries.length, TINY_WIDTHS[0]);
    for (const entry of entries) TuningEntry.parse(entry);
  });

  it('deeper layers and other sizes: block2_conv1 at 32 px gives a valid entry per filter', async () => {
    const small = stimulusSet({ size: 32 });
    const network = runtime.layerNetwork(networkStages(weights, 'block2_conv1', topology), post);
    const deeper = await tuneLayer(network, small, { batchSize: 200, topology, filters: [5, 0, 1, 2, 3, 4] });
    assert.deepEqual(deeper.map((entry) => entry.index), [5, 0, 1, 2, 3, 4]);
    for (const entry of deeper) TuningEntry.parse(entry);
    assert.ok(deeper.some((entry) => entry.responsive));
  });
});
