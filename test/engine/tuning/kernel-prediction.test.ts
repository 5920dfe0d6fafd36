import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelSummedKernel, gratingGain, predictFromKernel, predictLayerFromKernels } from '../../../src/engine/tuning/kernel-prediction.ts';
import { renderStimulusRgb, stimulusSet } from '../../../src/engine/tuning/stimuli.ts';
import type { ConvWeights } from '../../../src/engine/weights/types.ts';
import { randomConv } from '../../helpers/tiny-model.ts';
import { DIAGONAL_DOWN_RIGHT, DIAGONAL_UP_RIGHT, type Kernel3, plantFilter, SOBEL_HORIZONTAL_EDGE, SOBEL_VERTICAL_EDGE } from '../../helpers/tuning-kernels.ts';

const T = 64;
const set = stimulusSet({ size: T });
const options = { size: T, cyclesPerSide: set.cyclesPerSide, orientations: set.orientations };

function firstLayer(kernels: readonly Kernel3[]): ConvWeights {
  const conv = randomConv([3, 3, 3, kernels.length], 5);
  kernels.forEach((kernel, filter) => plantFilter(conv, filter, kernel, [1, 1, 1], 0));
  return conv;
}

const circular = (a: number, b: number) => Math.min(Math.abs(a - b) % 180, 180 - (Math.abs(a - b) % 180));

describe('kernel prediction', () => {
  it('sums a filter over its input channels, reading Keras HWIO (row, column, in, out)', () => {
    const conv = randomConv([3, 3, 3, 2], 1);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let ch = 0; ch < 3; ch++) conv.kernel[((r * 3 + c) * 3 + ch) * 2 + 1] = 10 * r + c + 100 * ch;
    assert.deepEqual([...channelSummedKernel(conv, 1).values], [300, 303, 306, 330, 333, 336, 360, 363, 366]);
    assert.throws(() => channelSummedKernel(conv, 2), /not in 0..1/);
  });

  it('edge kernels predict their stripes: vertical-edge Sobel 90°, horizontal 0°, ↘-brightening 45°, ↗-brightening 135°', () => {
    const predictions = predictLayerFromKernels(firstLayer([SOBEL_VERTICAL_EDGE, SOBEL_HORIZONTAL_EDGE, DIAGONAL_DOWN_RIGHT, DIAGONAL_UP_RIGHT]), options);
    const expected = [90, 0, 45, 135];
    predictions.forEach((prediction, filter) => {
      const best = prediction.byFrequency.find((p) => p.cyclesPerSide === prediction.preferredFrequency)!;
      const where = `filter ${filter}: ${best.orientation}° at ${prediction.preferredFrequency} cycles`;
      assert.ok(circular(best.orientation, expected[filter]!) < 0.1, `${where}, expected ${expected[filter]}°`);
    });
    // |K| of the Sobel is 8·|sin ωx| at 90° (× 3 channels): largest at a quarter of the sampling rate, 16 cycles; 18 is the nearest.
    assert.equal(predictions[0]!.preferredFrequency, 18);
    assert.ok(Math.abs(predictions[0]!.byFrequency[4]!.gain - 24 * Math.sin((2 * Math.PI * 18) / T)) < 1e-9);
  });

  it('the gain is the amplitude of the convolution of the rendered grating (same conventions as the stimuli)', () => {
    const conv = randomConv([3, 3, 3, 1], 9);
    const kernel = channelSummedKernel(conv, 0);
    for (const [orientation, cyclesPerSide] of [[0, 12], [33.75, 8], [45, 18], [135, 18], [101.25, 28], [157.5, 4]] as const) {
      const image = renderStimulusRgb({ kind: 'luminance', orientation, cyclesPerSide, phase: 30 }, T, 1);
      // Cross-correlation, as tfjs conv2d: out(y, x) = Σ k(r, c, ch) · in(y + r − 1, x + c − 1, ch), away from the border.
      const out: number[] = [];
      for (let y = 1; y < T - 1; y++) {
        for (let x = 1; x < T - 1; x++) {
          let sum = 0;
          for (let r = 0; r < 3; r++) {
            for (let c = 0; c < 3; c++) {
              for (let ch = 0; ch < 3; ch++) sum += conv.kernel[(r * 3 + c) * 3 + ch]! * image[((y + r - 1) * T + x + c - 1) * 3 + ch]!;
            }
          }
          out.push(sum);
        }
      }
      const mean = out.reduce((a, b) => a + b, 0) / out.length;
      const amplitude = Math.sqrt((2 * out.reduce((a, b) => a + (b - mean) ** 2, 0)) / out.length);
      const predicted = 0.5 * gratingGain(kernel, cyclesPerSide, orientation, T);
      const where = `${orientation}°, ${cyclesPerSide} cycles`;
      assert.ok(Math.abs(amplitude - predicted) <= 0.03 * predicted + 1e-9, `${where}: amplitude ${amplitude}, predicted ${predicted}`);
    }
  });

  it('reports the gain at each requested orientation, and the continuous peak between bins', () => {
    const prediction = predictFromKernel(channelSummedKernel(firstLayer([DIAGONAL_DOWN_RIGHT]), 0), 0, { ...options, cyclesPerSide: [12] });
    const [atTwelve] = prediction.byFrequency;
    assert.equal(atTwelve!.gains.length, 16);
    assert.ok(atTwelve!.gains[4]! > atTwelve!.gains[12]!, '45° beats 135° for the ↘-brightening kernel');
    assert.ok(atTwelve!.gain >= Math.max(...atTwelve!.gains));
  });
});
