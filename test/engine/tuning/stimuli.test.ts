import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CAFFE_BGR_MEAN,
  defaultFrequencies,
  type GratingKind,
  type GratingStimulus,
  HUE_CHROMA,
  patchColor,
  renderStimulusRgb,
  stimulusBatches,
  stimulusSet,
  toCaffeInput,
} from '../../../src/engine/tuning/stimuli.ts';

const T = 64;

function grating(orientation: number, cyclesPerSide = 8, phase = 0, kind: GratingKind = 'luminance'): GratingStimulus {
  return { kind, orientation, cyclesPerSide, phase };
}

/** Red channel of an RGB HWC image at column x, row y (rows go down). */
function red(image: Float32Array, x: number, y: number, size = T): number {
  return image[(y * size + x) * 3]!;
}

/** Mean |I(x, y) − I(x + dx, y + dy)| over the pixels where both are inside. */
function meanStep(image: Float32Array, dx: number, dy: number, size = T): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, -dy); y < size - Math.max(0, dy); y++) {
    for (let x = Math.max(0, -dx); x < size - Math.max(0, dx); x++) {
      sum += Math.abs(red(image, x, y, size) - red(image, x + dx, y + dy, size));
      count++;
    }
  }
  return sum / count;
}

describe('tuning stimuli: orientation convention (stripe angle, counter-clockwise on screen, rows down)', () => {
  const cases: { orientation: number; along: [number, number]; across: [number, number]; name: string }[] = [
    { orientation: 0, along: [1, 0], across: [0, 1], name: 'horizontal stripes: constant along a row, varying down a column' },
    { orientation: 45, along: [1, -1], across: [1, 1], name: 'stripes rise to the right (↗): constant one step right and one row UP' },
    { orientation: 90, along: [0, 1], across: [1, 0], name: 'vertical stripes: constant down a column, varying along a row' },
    { orientation: 135, along: [1, 1], across: [1, -1], name: 'stripes fall to the right (↘): constant one step right and one row DOWN' },
  ];
  for (const { orientation, along, across, name } of cases) {
    it(`${orientation}°: ${name}`, () => {
      const image = renderStimulusRgb(grating(orientation), T, 1);
      const alongStep = meanStep(image, along[0], along[1]);
      const acrossStep = meanStep(image, across[0], across[1]);
      assert.ok(alongStep < 1e-6, `along the stripes the image is constant (mean step ${alongStep})`);
      assert.ok(acrossStep > 0.1, `across the stripes it changes (mean step ${acrossStep})`);
    });
  }

  it('45° and 135° are mirror images top to bottom (so the sign of the angle is not lost)', () => {
    const a = renderStimulusRgb(grating(45), T, 1);
    const b = renderStimulusRgb(grating(135), T, 1);
    for (const [x, y] of [[0, 0], [10, 3], [40, 60], [63, 17]] as const) {
      assert.ok(Math.abs(red(a, x, y) - red(b, x, T - 1 - y)) < 1e-6, `45° at (${x}, ${y}) = 135° at (${x}, ${T - 1 - y})`);
    }
    assert.ok(meanStep(a, 1, 1) > 0.1, '45° is not constant along ↘');
  });
});

describe('tuning stimuli: frequency, phase, contrast', () => {
  it('frequency is cycles per side: a column of a 0° grating has 2f sign changes around mid-gray and its DFT peaks at f', () => {
    for (const f of defaultFrequencies(T)) {
      const image = renderStimulusRgb(grating(0, f, 45), T, 1);
      const column = Array.from({ length: T }, (_, y) => red(image, 5, y) - 0.5);
      let crossings = 0;
      for (let y = 0; y < T; y++) if (Math.sign(column[y]!) !== Math.sign(column[(y + 1) % T]!)) crossings++;
      if (Number.isInteger(f)) assert.equal(crossings, 2 * f, `${f} cycles: ${crossings} sign changes round the (periodic) column`);
      const power = (k: number) => Math.hypot(...[Math.cos, Math.sin].map((fn) => column.reduce((sum, v, y) => sum + v * fn((2 * Math.PI * k * y) / T), 0)));
      const peak = Array.from({ length: T / 2 + 1 }, (_, k) => k).reduce((best, k) => (power(k) > power(best) ? k : best), 0);
      assert.equal(peak, Math.round(f), `${f} cycles: DFT peak`);
    }
  });

  it('frequency counts along the normal: a 45° grating has f·sin 45° cycles along a row', () => {
    const image = renderStimulusRgb(grating(45, 16), T, 1);
    let crossings = 0;
    for (let x = 0; x + 1 < T; x++) if (Math.sign(red(image, x, 20) - 0.5) !== Math.sign(red(image, x + 1, 20) - 0.5)) crossings++;
    const expected = 2 * 16 * Math.SQRT1_2;
    assert.ok(Math.abs(crossings - expected) <= 1.5, `${crossings} sign changes along a row, expected ≈ ${expected.toFixed(1)}`);
  });

  it('phase is the phase at the centre: +180° inverts, +90° moves the stripes a quarter period towards −n', () => {
    const base = renderStimulusRgb(grating(90, 8, 0), T, 1);
    const inverted = renderStimulusRgb(grating(90, 8, 180), T, 1);
    const quarter = renderStimulusRgb(grating(90, 8, 90), T, 1);
    for (let x = 0; x < T; x++) {
      assert.ok(Math.abs(red(inverted, x, 9) - (1 - red(base, x, 9))) < 1e-6, `x=${x} inverted`);
      // 8 cycles per 64 px: a period of 8 px, a quarter period of 2 px; n points right at 90°.
      if (x + 2 < T) assert.ok(Math.abs(red(quarter, x, 9) - red(base, x + 2, 9)) < 1e-6, `x=${x} shifted left by 2 px`);
    }
    const centre = renderStimulusRgb(grating(0, 3, 0), 65, 1);
    assert.ok(Math.abs(red(centre, 32, 32, 65) - 1) < 1e-9, 'phase 0: a crest at the centre');
  });

  it('contrast: a luminance grating spans [0.5 − c/2, 0.5 + c/2] in every channel; the opponent gratings keep the channel sum', () => {
    for (const contrast of [1, 0.4]) {
      const image = renderStimulusRgb(grating(30, 12), T, contrast);
      const values = [...image];
      assert.ok(Math.abs(Math.min(...values) - (0.5 - contrast / 2)) < 0.01 && Math.abs(Math.max(...values) - (0.5 + contrast / 2)) < 0.01);
      for (let p = 0; p < T * T; p++) assert.ok(image[3 * p] === image[3 * p + 1] && image[3 * p] === image[3 * p + 2], 'gray');
    }
    const rg = renderStimulusRgb(grating(0, 2, 0, 'red-green'), T, 1);
    const by = renderStimulusRgb(grating(0, 2, 0, 'blue-yellow'), T, 1);
    for (let p = 0; p < T * T; p++) {
      assert.ok(Math.abs(rg[3 * p]! + rg[3 * p + 1]! - 1) < 1e-6 && rg[3 * p + 2] === 0.5, 'red–green: R + G = 1, B = 0.5');
      assert.ok(Math.abs(by[3 * p]! + by[3 * p + 1]! + by[3 * p + 2]! - 1.5) < 1e-6 && by[3 * p] === by[3 * p + 1], 'blue–yellow: R = G, sum 1.5');
    }
    // Phase 0 at 0° and 2 cycles: a crest on the centre rows (red for red–green, blue for blue–yellow).
    assert.ok(red(rg, 0, 32) > 0.95 && rg[(32 * T) * 3 + 1]! < 0.05, 'the red–green crest is red');
    assert.ok(by[(32 * T) * 3 + 2]! > 0.95 && red(by, 0, 32) < 0.3, 'the blue–yellow crest is blue');
  });
});

describe('tuning stimuli: hue circle and gray patches', () => {
  it('hue 0 is red, 60 yellow, 120 green, 180 cyan, 240 blue, 300 magenta; every hue has the mid-gray channel sum', () => {
    const colour = (hue: number) => patchColor({ kind: 'patch', hue, chroma: HUE_CHROMA, lightness: 0.5 });
    const close = (a: readonly number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-9);
    assert.ok(close(colour(0), [1, 0.25, 0.25]), `red ${colour(0)}`);
    assert.ok(close(colour(60), [0.75, 0.75, 0]), `yellow ${colour(60)}`);
    assert.ok(close(colour(120), [0.25, 1, 0.25]), `green ${colour(120)}`);
    assert.ok(close(colour(180), [0, 0.75, 0.75]), `cyan ${colour(180)}`);
    assert.ok(close(colour(240), [0.25, 0.25, 1]), `blue ${colour(240)}`);
    assert.ok(close(colour(300), [0.75, 0, 0.75]), `magenta ${colour(300)}`);
    for (const hue of stimulusSet({ size: T }).hues) {
      const rgb = colour(hue);
      assert.ok(Math.abs(rgb[0] + rgb[1] + rgb[2] - 1.5) < 1e-9, `hue ${hue}: channel sum 1.5`);
      assert.ok(rgb.every((v) => v >= -1e-12 && v <= 1 + 1e-12), `hue ${hue} is inside the RGB cube: ${rgb}`);
      assert.ok(Math.abs(Math.hypot(rgb[0] - 0.5, rgb[1] - 0.5, rgb[2] - 0.5) - HUE_CHROMA) < 1e-9, `hue ${hue}: chroma`);
    }
  });

  it('a patch is uniform; grays are equal in all channels', () => {
    const image = renderStimulusRgb({ kind: 'patch', hue: 200, chroma: HUE_CHROMA, lightness: 0.5 }, 16, 1);
    const first = [...image.subarray(0, 3)];
    for (let p = 0; p < 256; p++) assert.deepEqual([...image.subarray(3 * p, 3 * p + 3)], first);
    assert.deepEqual(patchColor({ kind: 'patch', hue: null, chroma: 0, lightness: 0.25 }), [0.25, 0.25, 0.25]);
  });
});

describe('tuning stimuli: the set, its batches and the caffe input', () => {
  it('the default set at 64 px: 3 kinds × 6 frequencies × 16 orientations × 4 phases, 24 hues, 5 grays', () => {
    const set = stimulusSet({ size: T });
    assert.deepEqual(set.cyclesPerSide, [2, 4, 8, 12, 18, 28]);
    assert.deepEqual(set.orientations, Array.from({ length: 16 }, (_, i) => i * 11.25));
    assert.deepEqual(set.phases, [0, 90, 180, 270]);
    assert.deepEqual(set.hues, Array.from({ length: 24 }, (_, i) => i * 15));
    assert.deepEqual(set.grayLevels, [0, 0.25, 0.5, 0.75, 1]);
    assert.equal(set.stimuli.length, 3 * 6 * 16 * 4 + 24 + 5);
    assert.equal(set.contrast, 1);
  });

  it('works at other sizes (frequencies scale with the side) and rejects bad options', () => {
    assert.deepEqual(stimulusSet({ size: 150 }).cyclesPerSide, [4.6875, 9.375, 18.75, 28.125, 42.1875, 65.625]);
    const small = stimulusSet({ size: 16, grayLevels: [0.1] });
    assert.deepEqual(small.grayLevels, [0.1, 0.5], 'mid-gray, the baseline, is always there');
    assert.equal([...stimulusBatches(small, 2000)][0]!.images.length, small.stimuli.length * 16 * 16 * 3);
    assert.throws(() => stimulusSet({ size: 64, orientationCount: 15 }), /even/);
    assert.throws(() => stimulusSet({ size: 64, cyclesPerSide: [40] }), /Nyquist/);
    assert.throws(() => stimulusSet({ size: 64, contrast: 1.5 }), /contrast/);
  });

  it('batches cover the set in order, hold caffe input, and are the same every time', () => {
    const set = stimulusSet({ size: 16 });
    const batches = [...stimulusBatches(set, 50)];
    assert.deepEqual(batches.map((b) => b.start), Array.from({ length: Math.ceil(set.stimuli.length / 50) }, (_, i) => i * 50));
    assert.deepEqual(batches.flatMap((b) => b.stimuli), set.stimuli);
    const image = 16 * 16 * 3;
    const k = 77;
    const direct = toCaffeInput(renderStimulusRgb(set.stimuli[k]!, 16, set.contrast));
    const batch = batches[1]!;
    assert.deepEqual(batch.images.subarray((k - 50) * image, (k - 49) * image), direct);
    const again = [...stimulusBatches(set, 50)];
    batches.forEach((b, i) => assert.ok(Buffer.from(b.images.buffer).equals(Buffer.from(again[i]!.images.buffer)), `batch ${i} bit-identical`));
  });

  it('caffe input: ×255, RGB → BGR, minus the BGR means (103.939, 116.779, 123.68)', () => {
    assert.deepEqual(CAFFE_BGR_MEAN, [103.939, 116.779, 123.68]);
    const out = toCaffeInput(Float32Array.of(1, 0.5, 0, 0.5, 0.5, 0.5));
    const expected = [0 - 103.939, 127.5 - 116.779, 255 - 123.68, 127.5 - 103.939, 127.5 - 116.779, 127.5 - 123.68];
    expected.forEach((value, i) => assert.ok(Math.abs(out[i]! - value) < 1e-4, `value ${i}: ${out[i]} vs ${value}`));
    assert.throws(() => toCaffeInput(new Float32Array(4)), /triples/);
  });
});
