/** The bounded top-k tracker and the quantile sketch: order-independent, mergeable, exact. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MapSummary } from '../../../src/engine/runtime/map-summary.ts';
import { QuantileSketch, RELATIVE_ACCURACY } from '../../../src/engine/examples/sketch.ts';
import { LayerTracker, mergeLayerStates, type TrackedImage } from '../../../src/engine/examples/tracker.ts';

const FILTERS = 3;
const SIDE = 4;

/** A seeded stream of per-image values. */
function values(seed: number, count: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return ((state >>> 8) / 2 ** 24) * 20 - 8;
  });
}

/** A summary of `images` images whose filter c's max is v and min is −v/2 + c (positions from v). */
function summary(images: number, seed: number): MapSummary {
  const v = values(seed, images * FILTERS);
  return {
    layer: 'block1_conv1',
    filterCount: FILTERS,
    side: SIDE,
    max: Float32Array.from(v),
    argmax: Int32Array.from(v, (value) => Math.abs(Math.round(value * 3)) % (SIDE * SIDE)),
    min: Float32Array.from(v, (value, i) => -value / 2 + (i % FILTERS)),
    argmin: Int32Array.from(v, (value) => Math.abs(Math.round(value * 7)) % (SIDE * SIDE)),
    postReluMean: Float32Array.from(v, (value) => Math.max(0, value) / 3),
    heat: new Float32Array(images * FILTERS * SIDE * SIDE).fill(1),
    heatSide: SIDE,
  };
}

const batches = Array.from({ length: 6 }, (_, b) => ({
  images: Array.from({ length: 5 }, (_, i): TrackedImage => ({ image: `img-${String(b * 5 + i).padStart(2, '0')}.png`, sha256: `${b}${i}`.padEnd(64, '0') })),
  summary: summary(5, b + 1),
}));

function track(order: readonly number[]): LayerTracker {
  const tracker = new LayerTracker('block1_conv1', FILTERS, 4);
  for (const b of order) tracker.observe(batches[b]!.images, batches[b]!.summary);
  return tracker;
}

describe('the examples tracker', () => {
  it('keeps the k highest maxima and k lowest minima per filter, whatever order the batches come in', () => {
    const forward = track([0, 1, 2, 3, 4, 5]).state();
    assert.deepEqual(track([5, 3, 1, 0, 4, 2]).state(), forward);
    for (let c = 0; c < FILTERS; c++) {
      const all = batches.flatMap(({ images, summary: s }) => images.map((image, b) => ({ image: image.image, max: s.max[b * FILTERS + c]!, min: s.min[b * FILTERS + c]! })));
      assert.deepEqual(forward.filters[c]!.top.map((entry) => entry.value), all.map((item) => item.max).sort((a, b) => b - a).slice(0, 4));
      assert.deepEqual(forward.filters[c]!.bottom.map((entry) => entry.value), all.map((item) => item.min).sort((a, b) => a - b).slice(0, 4));
      assert.equal(forward.filters[c]!.fired, all.filter((item) => item.max > 0).length);
    }
    assert.equal(forward.imageCount, 30);
  });

  it('merging the states of disjoint parts equals tracking the whole; skipped slots are ignored', () => {
    const a = new LayerTracker('block1_conv1', FILTERS, 4);
    const b = new LayerTracker('block1_conv1', FILTERS, 4);
    batches.forEach((batch, index) => (index % 2 ? a : b).observe(batch.images, batch.summary));
    assert.deepEqual(mergeLayerStates([a.state(), b.state()]), track([0, 1, 2, 3, 4, 5]).state());
    const skipping = new LayerTracker('block1_conv1', FILTERS, 4);
    skipping.observe([undefined, ...batches[0]!.images.slice(1)], batches[0]!.summary);
    assert.equal(skipping.state().imageCount, 4);
    assert.ok(skipping.state().filters.every((filter) => filter.top.every((entry) => entry.image !== batches[0]!.images[0]!.image)));
  });
});

describe('the quantile sketch', () => {
  it('gives nearest-rank percentiles within its relative accuracy, and merges exactly', () => {
    const sample = values(7, 2000);
    const whole = new QuantileSketch();
    const left = new QuantileSketch();
    const right = new QuantileSketch();
    sample.forEach((value, i) => {
      whole.add(value);
      (i % 3 ? left : right).add(value);
    });
    left.merge(right);
    assert.deepEqual(left.entries(), whole.entries());
    const sorted = [...sample].sort((a, b) => a - b);
    for (const p of [10, 25, 50, 75, 90, 99]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
      const estimate = whole.percentile(p)!;
      assert.ok(Math.abs(estimate - exact) <= RELATIVE_ACCURACY * Math.abs(exact) + 1e-6, `p${p}: ${estimate} vs ${exact}`);
    }
    assert.equal(new QuantileSketch().percentile(50), undefined);
  });
});
