import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam } from '../../../src/engine/optimize/adam.ts';

describe('Adam (ascent)', () => {
  it('matches the first two steps worked by hand (lr 0.05, β 0.9 / 0.999, ε 1e-8)', () => {
    const params = Float32Array.from([1, -2]);
    const adam = new Adam(2);
    // Step 1, g = (0.5, −1): m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², so each moves by
    // 0.05·sign(g)·|g|/(|g| + 1e-8) ≈ ±0.05: (1.05, −2.05).
    adam.step(params, Float32Array.from([0.5, -1]));
    assert.ok(Math.abs(params[0]! - 1.05) < 1e-6 && Math.abs(params[1]! + 2.05) < 1e-6, `step 1: ${[...params]}`);
    // Step 2, g = (−0.5, 2):
    //   m = 0.9·0.05 − 0.05 = −0.005, v = 0.999·0.00025 + 0.00025 = 0.00049975;
    //   m̂ = −0.005/0.19 = −0.0263158, v̂ = 0.00049975/0.001999 = 0.25 → −0.05·0.0263158/0.5 = −0.00263158.
    //   m = −0.09 + 0.2 = 0.11, v = 0.000999 + 0.004 = 0.004999;
    //   m̂ = 0.11/0.19 = 0.578947, v̂ = 0.004999/0.001999 = 2.500750, √ = 1.581376 → +0.0183052.
    adam.step(params, Float32Array.from([-0.5, 2]));
    assert.ok(Math.abs(params[0]! - (1.05 - 0.00263158)) < 1e-6, `step 2, first: ${params[0]}`);
    assert.ok(Math.abs(params[1]! - (-2.05 + 0.0183052)) < 1e-6, `step 2, second: ${params[1]}`);
    assert.equal(adam.stepCount, 2);
  });

  it('ascends: it climbs a concave objective to its maximum', () => {
    // f(x) = −Σ (x_i − c_i)²: gradient 2(c − x), maximum at c.
    const target = [0.3, -1.2, 2.5];
    const x = new Float32Array(3);
    const f = (): number => -target.reduce((s, c, i) => s + (x[i]! - c) ** 2, 0);
    const adam = new Adam(3, { learningRate: 0.05 });
    const start = f();
    let previous = start;
    let rises = 0;
    for (let step = 0; step < 400; step++) {
      adam.step(x, Float32Array.from(target, (c, i) => 2 * (c - x[i]!)));
      const value = f();
      if (value > previous) rises++;
      previous = value;
    }
    assert.ok(rises > 50, 'the objective rose on many steps');
    assert.ok(f() > -1e-3 && f() > start, `ended at f = ${f()} from ${start}`);
  });

  it('leaves parameters with a zero gradient where they are', () => {
    const params = Float32Array.from([0.25, -0.75]);
    const adam = new Adam(2);
    for (let i = 0; i < 5; i++) adam.step(params, new Float32Array(2));
    assert.deepEqual([...params], [0.25, -0.75]);
  });

  it('is deterministic, and reset starts over', () => {
    const run = (adam: Adam): Float32Array => {
      const params = Float32Array.from([0.1, 0.2, 0.3]);
      for (let i = 0; i < 10; i++) adam.step(params, Float32Array.from([Math.sin(i), Math.cos(i), 0.5]));
      return params;
    };
    const adam = new Adam(3);
    const first = run(adam);
    adam.reset();
    assert.equal(adam.stepCount, 0);
    assert.deepEqual(run(adam), first);
    assert.deepEqual(run(new Adam(3)), first);
  });

  it('rejects arrays of another length', () => {
    assert.throws(() => new Adam(3).step(new Float32Array(3), new Float32Array(2)), RangeError);
  });
});
