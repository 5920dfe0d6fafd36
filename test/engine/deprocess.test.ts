import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deprocess } from '../../src/engine/deprocess.ts';
import { startingNoise } from '../../src/engine/noise.ts';

describe('deprocess', () => {
  it('matches hand-computed values: centre, std 0.1, +0.5, clip, ×255, truncate', () => {
    // mean 2.5, population std sqrt(1.25) = 1.118034; (x - 2.5) / (1.118034 + 1e-5) * 0.1 + 0.5:
    // 1 → 0.365836 → 93.288 → 93;  2 → 0.455279 → 116.096 → 116;  3 → 0.544721 → 138.904 → 138;  4 → 0.634164 → 161.712 → 161
    assert.deepEqual([...deprocess(Float32Array.from([1, 2, 3, 4]))], [93, 116, 138, 161]);
  });

  it('clips outliers to 0 and 255', () => {
    // Nine zeros and one 100: mean 10, std 30. The 1e-5 makes the divisor 30.00001, which pulls both
    // towards 0.5: the zeros land just above 0.46667 (×255 = 119.000003 → 119) and the 100 just
    // under 0.8 (203.99993 → 203, where truncation, not rounding, shows).
    assert.deepEqual([...deprocess(Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 100]))], [119, 119, 119, 119, 119, 119, 119, 119, 119, 203]);
    const spike = new Float32Array(400);
    spike[0] = 1000;
    spike[1] = -1000;
    const out = deprocess(spike);
    assert.equal(out[0], 255);
    assert.equal(out[1], 0);
    assert.equal(out[2], 127, 'zeros sit at 0.5 → 127.5 → 127');
  });

  it('maps a constant image to mid-gray without dividing by zero', () => {
    assert.deepEqual([...deprocess(new Float32Array(6).fill(42))], [127, 127, 127, 127, 127, 127]);
  });
});

describe('starting noise', () => {
  it('is uniform gray noise in [128, 148), the same for the same (seed, layer, filter)', () => {
    const a = startingNoise(0, 'block1_conv1', 3, 16);
    assert.equal(a.length, 16 * 16 * 3);
    assert.ok(a.every((v) => v >= 128 && v < 148));
    const mean = a.reduce((sum, v) => sum + v, 0) / a.length;
    assert.ok(Math.abs(mean - 138) < 1.5, `mean ${mean} is near 138`);
    assert.deepEqual(startingNoise(0, 'block1_conv1', 3, 16), a);
  });

  it('differs between filters, layers and seeds', () => {
    const base = startingNoise(0, 'block1_conv1', 3, 8);
    assert.notDeepEqual(startingNoise(0, 'block1_conv1', 4, 8), base);
    assert.notDeepEqual(startingNoise(0, 'block2_conv1', 3, 8), base);
    assert.notDeepEqual(startingNoise(1, 'block1_conv1', 3, 8), base);
  });
});
