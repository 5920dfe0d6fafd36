import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullBatchSample, filterSpec, projectSeconds, firstFilters, standardAtlasFlops, TOPOLOGY } from '../../src/bench/plan.ts';
import { batchSizeFor } from '../../src/engine/batching.ts';
import { formatReport, type BenchMeasurements } from '../../src/bench/report.ts';
import { ATLAS_LAYERS } from '../../src/engine/vgg16.ts';

describe('bench plan', () => {
  it('the standard atlas is about 92.3 TFLOP, most of it in block4_conv1', () => {
    const flops = standardAtlasFlops();
    const total = [...flops.values()].reduce((sum, value) => sum + value, 0);
    assert.ok(Math.abs(total / 1e12 - 92.3) < 0.05, `total ${total / 1e12} TFLOP`);
    assert.ok((flops.get('block4_conv1') ?? 0) > 0.7 * total);
  });

  it('samples the first filters of each layer, so the engine batches them as it normally would', () => {
    const sample = firstFilters(4);
    assert.deepEqual(sample.map((entry) => entry.layer), [...ATLAS_LAYERS]);
    assert.ok(sample.every((entry) => entry.filters.join() === '0,1,2,3'));
    assert.equal(filterSpec(sample.slice(0, 1)), 'block1_conv1:0,block1_conv1:1,block1_conv1:2,block1_conv1:3');
  });

  it('full-batch runs give every worker two default batches, within the layer', () => {
    const sample = fullBatchSample(2, 64);
    assert.deepEqual(
      sample.map((entry) => entry.filters.length),
      ATLAS_LAYERS.map((layer) => Math.min(4 * batchSizeFor(layer, 64, TOPOLOGY), layer === 'block1_conv1' ? 64 : 512)),
    );
    assert.equal(fullBatchSample(64, 64)[0]!.filters.length, 64, 'block1_conv1 has only 64 filters');
  });

  it('projects each layer at its own rate, not at one average', () => {
    const flops = standardAtlasFlops();
    const rates = new Map(ATLAS_LAYERS.map((layer, i) => [layer, (i + 1) * 1e10] as const));
    const expected = ATLAS_LAYERS.reduce((sum, layer, i) => sum + (flops.get(layer) ?? 0) / ((i + 1) * 1e10), 0);
    assert.ok(Math.abs((projectSeconds(rates) ?? 0) - expected) < 1e-6);
    assert.equal(projectSeconds(new Map([['block1_conv1', 1e10]])), undefined, 'a layer without a rate gives no projection');
  });
});

describe('bench report', () => {
  const sample = firstFilters(2);
  const engine = { kind: 'engine', backend: 'wasm', workers: 2, seconds: 2, rendered: 8, maxRssBytes: 600e6 } as const;
  const gemm = (threads: number) =>
    ({ kind: 'gemm', backend: 'wasm', threads, rates: [{ name: 'matMul', gflops: 40 * threads }, { name: 'conv', gflops: 35 * threads }], maxRssBytes: 1e8 }) as const;
  const measurements: BenchMeasurements = {
    size: 64,
    steps: 4,
    sample,
    naive: { kind: 'naive', backend: 'cpu', seconds: 200, layers: sample.map((entry) => ({ layer: entry.layer, filters: 2, seconds: 50 })), maxRssBytes: 3e8 },
    engine,
    projectionSteps: 10,
    fullBatches: fullBatchSample(2, 64).map((entry) => ({ sample: entry, result: { ...engine, seconds: 10, rendered: 64 } })),
    gemmOne: gemm(1),
    gemmAll: gemm(2),
  };

  it('prints both sides, the ratio, the projection and a one-line summary', () => {
    const { table, summary } = formatReport(measurements);
    assert.match(table, /\(a\) naive port: cpu/);
    assert.match(table, /\(b\) engine: wasm, 2 workers/);
    assert.match(table, /b\/a\s+100\.0x/);
    assert.match(table, /standard atlas \(92\.3 TFLOP\): projected/);
    assert.match(table, /quoted, not measured/);
    assert.ok(!summary.includes('\n'));
    assert.match(summary, /^summary: engine 100\.0x the naive port/);
  });

  it('says so when the naive port was skipped', () => {
    const { table } = formatReport({ ...measurements, naive: undefined });
    assert.match(table, /\(a\) naive port\s+skipped/);
  });
});
