import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/engine/noise.ts';
import { randomScaleRotate, scaleRotateDraw } from '../../../src/engine/transform/affine.ts';
import { caffe, caffeBackward, caffeForward } from '../../../src/engine/transform/caffe.ts';
import { cropDraw, jitter } from '../../../src/engine/transform/jitter.ts';
import { pad, padDraw } from '../../../src/engine/transform/pad.ts';
import { TransformPipeline } from '../../../src/engine/transform/pipeline.ts';
import { rollDraw } from '../../../src/engine/transform/roll.ts';
import { LUCID_DEGREES, LUCID_SCALES, standardTransformAmounts, standardTransforms, transformSet } from '../../../src/engine/transform/standard.ts';
import { shapeLength, type ImageShape, type TransformDraw } from '../../../src/engine/transform/types.ts';
import { assertAdjoint, assertClose, randomVector } from './helpers.ts';

const shape = (height: number, width = height, channels = 3): ImageShape => ({ height, width, channels });

function run(draw: TransformDraw, input: Float32Array): Float32Array {
  const out = new Float32Array(shapeLength(draw.output));
  draw.forward(input, out);
  return out;
}

function back(draw: TransformDraw, gradient: Float32Array): Float32Array {
  const out = new Float32Array(shapeLength(draw.input));
  draw.backward(gradient, out);
  return out;
}

/** Adjoint identity of an affine draw's linear part, x ↦ T(x) − T(0). */
function assertDrawAdjoint(draw: TransformDraw, label: string): void {
  const offset = run(draw, new Float32Array(shapeLength(draw.input)));
  const linear = (x: Float32Array): Float32Array => run(draw, x).map((v, i) => v - offset[i]!);
  assertAdjoint(linear, (y) => back(draw, y), shapeLength(draw.input), shapeLength(draw.output), label);
}

describe('pad and crop', () => {
  it('pad adds a constant border; its adjoint crops it', () => {
    const draw = padDraw(shape(2, 3, 1), 1, 0.5);
    assert.deepEqual(draw.output, shape(4, 5, 1));
    const out = run(draw, Float32Array.from([1, 2, 3, 4, 5, 6]));
    assert.deepEqual([...out], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 2, 3, 0.5, 0.5, 4, 5, 6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual([...back(draw, Float32Array.from({ length: 20 }, (_, i) => i))], [6, 7, 8, 11, 12, 13]);
    assertDrawAdjoint(padDraw(shape(7, 6), 3, 0.5), 'pad');
  });

  it('crop copies a window; its adjoint zero-pads', () => {
    const draw = cropDraw(shape(3, 3, 1), 1, 0, 2, 2);
    assert.deepEqual([...run(draw, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))], [4, 5, 7, 8]);
    assert.deepEqual([...back(draw, Float32Array.from([1, 2, 3, 4]))], [0, 0, 0, 1, 2, 0, 3, 4, 0]);
    assertDrawAdjoint(cropDraw(shape(9, 8), 2, 1, 5, 6), 'crop');
    assert.throws(() => cropDraw(shape(4), 1, 0, 4, 4), RangeError);
  });

  it('an integer shift (pad, then an offset crop) moves every pixel exactly', () => {
    const S = 6;
    const image = randomVector(S * S * 3, 'shift');
    const padded = run(padDraw(shape(S), 3, 0.5), image);
    // Window at (1, 5) of side S + 1: output (y, x) shows padded (y + 1, x + 5) = image (y − 2, x + 2).
    const out = run(cropDraw(shape(S + 6), 1, 5, S + 1, S + 1), padded);
    for (let y = 0; y < S + 1; y++) {
      for (let x = 0; x < S + 1; x++) {
        for (let c = 0; c < 3; c++) {
          const sy = y - 2;
          const sx = x + 2;
          const expected = sy >= 0 && sy < S && sx >= 0 && sx < S ? image[(sy * S + sx) * 3 + c]! : 0.5;
          assert.equal(out[(y * (S + 1) + x) * 3 + c], expected, `(${y}, ${x}, ${c})`);
        }
      }
    }
  });

  it('jitter d draws offsets 0…d−1 in each axis, all of them, and is d pixels smaller', () => {
    const transform = jitter(4);
    assert.deepEqual(transform.outputShape(shape(20)), shape(16));
    const random = seededRandom('jitter-offsets');
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const { top, left } = transform.draw(shape(20), random).description;
      assert.ok(typeof top === 'number' && typeof left === 'number' && top >= 0 && top < 4 && left >= 0 && left < 4);
      seen.add(`${top},${left}`);
    }
    assert.equal(seen.size, 16);
  });
});

describe('scale and rotation', () => {
  it('scale 1, angle 0 is the identity, exactly, both ways', () => {
    const draw = scaleRotateDraw(shape(9, 7), 1, 0, 0.5);
    const x = randomVector(9 * 7 * 3, 'affine-identity');
    assert.deepEqual(run(draw, x), x);
    assert.deepEqual(back(draw, x), x);
  });

  it('reproduces a linear ramp at the rotated, scaled coordinates (bilinear is exact on planes)', () => {
    const N = 21;
    const c = (N - 1) / 2;
    const ramp = new Float32Array(N * N * 3);
    const plane = (ch: number, x: number, y: number): number => [0.03, -0.02, 0.01][ch]! * x + [0.01, 0.04, -0.03][ch]! * y + 0.5;
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) for (let ch = 0; ch < 3; ch++) ramp[(y * N + x) * 3 + ch] = plane(ch, x, y);
    for (const [scale, degrees] of [[1.1, 10], [0.9, -7], [1.04, 0]] as const) {
      const out = run(scaleRotateDraw(shape(N), scale, degrees, 0.5), ramp);
      const t = (degrees * Math.PI) / 180;
      // Away from the border every tap is inside: output (i, j) = plane at c + R(−θ)(p − c)/s.
      for (let i = 4; i < N - 4; i++) {
        for (let j = 4; j < N - 4; j++) {
          const sx = c + (Math.cos(t) * (j - c) - Math.sin(t) * (i - c)) / scale;
          const sy = c + (Math.sin(t) * (j - c) + Math.cos(t) * (i - c)) / scale;
          for (let ch = 0; ch < 3; ch++) assert.ok(Math.abs(out[(i * N + j) * 3 + ch]! - plane(ch, sx, sy)) < 1e-5, `s ${scale} θ ${degrees} (${i}, ${j})`);
        }
      }
    }
  });

  it('rotates counter-clockwise on screen and zooms in for scale > 1', () => {
    const N = 5;
    const image = new Float32Array(N * N);
    image[2 * N + 4] = 1; // right of the centre
    const turned = run(scaleRotateDraw(shape(N, N, 1), 1, 90, 0), image);
    assert.ok(Math.abs(turned[0 * N + 2]! - 1) < 1e-12, 'now above the centre');
    assert.ok(Math.abs(turned.reduce((s, v) => s + v, 0) - 1) < 1e-12);
    const ring = new Float32Array(N * N);
    ring[2 * N + 3] = 1; // one right of the centre
    const zoomed = run(scaleRotateDraw(shape(N, N, 1), 2, 0, 0), ring);
    assert.equal(zoomed[2 * N + 4], 1, 'scale 2 moves it twice as far out');
  });

  it('reads the fill value outside the canvas, which gets no gradient', () => {
    const draw = scaleRotateDraw(shape(5, 5, 1), 0.5, 0, 0.5);
    const out = run(draw, new Float32Array(25).fill(1));
    assert.equal(out[0], 0.5, 'the corner samples (−2, −2): all fill');
    assert.equal(out[2 * 5 + 2], 1, 'the centre samples the centre');
    const gradient = back(draw, new Float32Array(25).fill(1));
    // Only in-canvas taps receive gradient, and never more than the output's total.
    assert.ok(gradient.reduce((s, v) => s + v, 0) < 25);
  });

  for (const [scale, degrees] of [[0.9, -10], [1.1, 7], [1.02, 0], [0.96, 3]] as const) {
    it(`scale ${scale}, ${degrees}°: adjoint identity`, () => assertDrawAdjoint(scaleRotateDraw(shape(23, 19), scale, degrees, 0.5), `affine ${scale} ${degrees}`));
  }

  it('draws 0° five times as often as each other angle, and every scale', () => {
    const transform = randomScaleRotate(LUCID_SCALES, LUCID_DEGREES, 0.5);
    const random = seededRandom('rotation-weights');
    const angles = new Map<number, number>();
    const scales = new Map<number, number>();
    const n = 25000;
    for (let i = 0; i < n; i++) {
      const { degrees, scale } = transform.draw(shape(8), random).description;
      assert.ok(typeof degrees === 'number' && typeof scale === 'number');
      angles.set(degrees, (angles.get(degrees) ?? 0) + 1);
      scales.set(scale, (scales.get(scale) ?? 0) + 1);
    }
    assert.deepEqual([...angles.keys()].sort((a, b) => a - b), Array.from({ length: 21 }, (_, i) => i - 10));
    const zeroShare = angles.get(0)! / n;
    assert.ok(Math.abs(zeroShare - 5 / 25) < 0.01, `0° drawn ${(100 * zeroShare).toFixed(2)} % of the time, expected 20 %`);
    for (const [angle, count] of angles) if (angle !== 0) assert.ok(Math.abs(count / n - 1 / 25) < 0.005, `${angle}°: ${count}`);
    assert.equal(scales.size, 11);
    assert.ok(Math.abs(Math.min(...scales.keys()) - 0.9) < 1e-12 && Math.abs(Math.max(...scales.keys()) - 1.1) < 1e-12);
  });
});

describe('caffe preprocessing', () => {
  it('maps RGB [0, 1] to 0–255 BGR minus the BGR mean', () => {
    const out = new Float32Array(6);
    caffeForward(Float32Array.from([1, 0.5, 0, 0, 0, 0]), out);
    // R = 1, G = 0.5, B = 0 → (0 − 103.939, 127.5 − 116.779, 255 − 123.68).
    assertClose(out, [-103.939, 10.721, 131.32, -103.939, -116.779, -123.68], 1e-4, 'caffe');
    const gradient = new Float32Array(3);
    caffeBackward(Float32Array.from([1, 2, 3]), gradient);
    assert.deepEqual([...gradient], [765, 510, 255]);
    assertDrawAdjoint(caffe().draw(shape(4), seededRandom('unused')), 'caffe');
  });
});

describe('standard transforms', () => {
  it('scales Lucid’s pixel amounts by S/128, rounded; T = S + 2·pad − jitters', () => {
    // By hand: 12·S/128, 8·S/128, 4·S/128 rounded half up.
    const expected: Record<number, [pad: number, first: number, second: number, T: number]> = {
      64: [6, 4, 2, 70],
      80: [8, 5, 3, 88], // 7.5 → 8, 2.5 → 3
      96: [9, 6, 3, 105],
      112: [11, 7, 4, 123], // 10.5 → 11, 3.5 → 4
      128: [12, 8, 4, 140],
      224: [21, 14, 7, 245],
    };
    for (const [size, [padding, first, second, T]] of Object.entries(expected)) {
      const amounts = standardTransformAmounts(Number(size));
      assert.deepEqual([amounts.pad, amounts.firstJitter, amounts.secondJitter, amounts.inputSize], [padding, first, second, T], `S = ${size}`);
      const pipeline = new TransformPipeline([...standardTransforms(amounts), caffe()], shape(Number(size)));
      assert.deepEqual(pipeline.output, shape(T));
    }
  });

  it('lists the scales 0.9 … 1.1 and the angles −10 … 10 plus four extra zeros', () => {
    assertClose(LUCID_SCALES, [0.9, 0.92, 0.94, 0.96, 0.98, 1, 1.02, 1.04, 1.06, 1.08, 1.1], 1e-12, 'scales');
    assert.equal(LUCID_DEGREES.length, 25);
    assert.equal(LUCID_DEGREES.filter((d) => d === 0).length, 5);
  });
});

describe('pipeline', () => {
  const S = 16;
  const pipeline = new TransformPipeline([pad(3, 0.5), jitter(2), randomScaleRotate([0.94, 1.08], [-7, 9], 0.5), jitter(1), caffe()], shape(S));

  it('draws the same transforms for the same seed and gives the same output', () => {
    const image = randomVector(S * S * 3, 'pipeline-image').map((v) => 0.5 + v / 2);
    const a = pipeline.draw(seededRandom(0, 'block1_conv1', 4, 'transform', 17));
    const b = pipeline.draw(seededRandom(0, 'block1_conv1', 4, 'transform', 17));
    assert.deepEqual(a.map((d) => d.description), b.map((d) => d.description));
    assert.deepEqual(pipeline.forward(a, image), pipeline.forward(b, image));
    const others = Array.from({ length: 8 }, (_, step) => JSON.stringify(pipeline.draw(seededRandom(0, 'block1_conv1', 4, 'transform', step)).map((d) => d.description)));
    assert.ok(new Set(others).size > 1, 'other steps draw other transforms');
  });

  it('a fixed draw satisfies the adjoint identity end to end (linear part)', () => {
    for (let trial = 0; trial < 4; trial++) {
      const draw = pipeline.draw(seededRandom('pipeline-adjoint', trial));
      const offset = pipeline.forward(draw, new Float32Array(S * S * 3));
      assertAdjoint((x) => pipeline.forward(draw, x).map((v, i) => v - offset[i]!), (y) => pipeline.backward(draw, y), S * S * 3, shapeLength(pipeline.output), `pipeline ${trial}`);
    }
  });

  it('with nothing drawn to move (pad 0, jitter 0, scale 1, angle 0) it is the identity, exactly', () => {
    const identity = new TransformPipeline([pad(0, 0.5), jitter(0), randomScaleRotate([1], [0], 0.5), jitter(0)], shape(S));
    const draw = identity.draw(seededRandom('identity'));
    const x = randomVector(S * S * 3, 'identity-x');
    assert.deepEqual(identity.forward(draw, x), x);
    assert.deepEqual(identity.backward(draw, x), x);
    const empty = new TransformPipeline([], shape(S));
    assert.deepEqual(empty.forward(empty.draw(seededRandom('e')), x), x);
  });

  it('refuses a draw of another pipeline', () => {
    const other = new TransformPipeline([pad(2, 0.5)], shape(S));
    assert.throws(() => pipeline.forward(other.draw(seededRandom('x')), new Float32Array(S * S * 3)));
  });
});

describe('the periodic set: roll and wrapped resampling', () => {
  it('roll shifts every pixel circularly; its adjoint rolls back', () => {
    const draw = rollDraw(shape(2, 3, 1), 1, 2);
    // out[y][x] = in[(y + 1) mod 2][(x + 2) mod 3]
    assert.deepEqual([...run(draw, Float32Array.from([1, 2, 3, 4, 5, 6]))], [6, 4, 5, 3, 1, 2]);
    const image = randomVector(7 * 5 * 3, 'roll');
    const bigger = rollDraw(shape(7, 5), 3, 4);
    assert.deepEqual([...back(bigger, run(bigger, image))], [...image], 'a permutation: the adjoint undoes it');
    assertDrawAdjoint(rollDraw(shape(7, 6), -2, 9), 'roll');
  });

  it('wrapped scale-rotate reads one period away instead of a fill, and keeps the adjoint exact', () => {
    for (const [scale, degrees] of [[0.9, 10], [1.1, -7], [1, 0]] as const) assertDrawAdjoint(scaleRotateDraw(shape(9, 8), scale, degrees, 'wrap'), `wrap ${scale} ${degrees}`);
    // Zooming out reads past the edge: with wrap, a constant image stays constant (no fill shows).
    const flat = new Float32Array(8 * 8 * 3).fill(0.3);
    assertClose(run(scaleRotateDraw(shape(8), 0.9, 10, 'wrap'), flat), flat, 1e-6, 'constant stays constant');
    const identity = randomVector(8 * 8 * 3, 'identity');
    assertClose(run(scaleRotateDraw(shape(8), 1, 0, 'wrap'), identity), identity, 0, 'scale 1, angle 0 is the identity');
  });

  it('the periodic set keeps the side (T = S) and draws the same transforms for the same seed', () => {
    const { transforms, inputSize } = transformSet('periodic', 24);
    assert.equal(inputSize, 24);
    const pipeline = new TransformPipeline(transforms, shape(24));
    const image = randomVector(24 * 24 * 3, 'periodic');
    const a = pipeline.forward(pipeline.draw(seededRandom(1, 'x', 3)), image);
    const b = pipeline.forward(pipeline.draw(seededRandom(1, 'x', 3)), image);
    assert.deepEqual([...a], [...b]);
    assert.equal(transformSet('lucid', 96).inputSize, 105, 'the lucid set pads: T = 96 + 18 − 6 − 3');
  });

  it('wrap padding continues the image periodically; its adjoint adds the copies back', () => {
    const draw = padDraw(shape(2, 2, 1), 1, 'wrap');
    assert.deepEqual([...run(draw, Float32Array.from([1, 2, 3, 4]))], [4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1]);
    assertDrawAdjoint(padDraw(shape(5, 4), 3, 'wrap'), 'wrap pad');
  });
});
