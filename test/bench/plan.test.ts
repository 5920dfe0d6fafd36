import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullBatchSample, filterSpec, projectSeconds, firstFilters, standardAtlasFlops, TOPOLOGY } from '../../src/bench/plan.ts';
import { batchSizeFor } from '../../src/engine/batching.ts';
import { atlasFlops, formatReport, matMulCeiling, type BenchMeasurements, type EngineMeasurement } from '../../src/bench/report.ts';
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
  const engineResult = (backend: string, seconds: number) => ({ kind: 'engine', backend, workers: 2, seconds, rendered: 8, maxRssBytes: 600e6 }) as const;
  const gemm = (backend: string, threads: number, sessionThreads: number, perThread: number) =>
    ({ kind: 'gemm', backend, threads, sessionThreads, rates: [{ name: 'matMul', gflops: perThread * threads * sessionThreads }, { name: 'conv', gflops: perThread }], maxRssBytes: 1e8 }) as const;
  const engine = (backend: string, method: 'classic' | 'enhanced', fullBatchSeconds: number, perThread: number): EngineMeasurement => ({
    backend,
    method,
    inputSize: method === 'classic' ? 64 : 105,
    atlasSteps: method === 'classic' ? 40 : 128,
    sampleSteps: 4,
    sample: engineResult(backend, fullBatchSeconds / 5),
    projectionSteps: 10,
    fullBatches: fullBatchSample(2, 64).map((entry) => ({ sample: entry, result: { ...engineResult(backend, fullBatchSeconds), rendered: entry.filters.length } })),
    references: method === 'enhanced' ? [] : [gemm(backend, 1, 1, perThread), gemm(backend, 2, 1, perThread), ...(backend === 'onnx' ? [gemm(backend, 1, 2, perThread * 1.1)] : [])],
  });
  const measurements: BenchMeasurements = {
    size: 64,
    steps: 4,
    sample,
    naive: { kind: 'naive', backend: 'cpu', seconds: 200, layers: sample.map((entry) => ({ layer: entry.layer, filters: 2, seconds: 50 })), maxRssBytes: 3e8 },
    engines: [engine('onnx', 'classic', 2, 200), engine('wasm', 'classic', 10, 40), engine('onnx', 'enhanced', 8, 200)],
    tuning: { kind: 'tuning', backend: 'onnx', workers: 2, seconds: 12.5, layers: [{ layer: 'block1_conv1', seconds: 1.5 }, { layer: 'block4_conv1', seconds: 11 }], stimuli: 1181, maxRssBytes: 5e8 },
    examples: { kind: 'examples', backend: 'onnx', workers: 2, images: 64, size: 224, passSeconds: 4, flops: 64 * 20.5e9, decodeSeconds: 0.5, forwardSeconds: 7.5, fileSeconds: 0.25, maxRssBytes: 1e9 },
    labels: { kind: 'labels', filters: 960, images: 5000, seconds: 8.4, layers: [{ layer: 'block1_conv1', families: 16, silhouette: 0.08 }], maxRssBytes: 0.4e9 },
  };

  it('prints every side, the ratios, the projections, the ceilings and a one-line summary', () => {
    const { table, summary } = formatReport(measurements);
    assert.match(table, /\(a\) naive port: cpu/);
    assert.match(table, /\(b\) engine: onnx, 2 workers, 64 px in/);
    assert.match(table, /\(c\) engine: wasm, 2 workers/);
    assert.match(table, /\(d\) engine: onnx enhanced, 2 workers, 105 px in/);
    assert.match(table, /engine: onnx, 2 workers, 64 px in, 4 steps.*500\.0x/);
    assert.match(table, /whole atlas of every filter/);
    assert.match(table, /onnx enhanced .*128 steps at 105 px in/);
    assert.match(table, /best matMul \(matMul, 1 x 2 threads, 440\.0\)/, 'the ceiling is the best configuration measured');
    assert.match(table, /\n\s*onnx\s+1 thread\s+2 workers\s+1 x 2 threads\n/, 'the reference columns are apart');
    assert.ok(!summary.includes('\n'));
    assert.match(summary, /onnx\/wasm block3_conv1 5\.0x, block4_conv1 5\.0x \(target >= 4x\)/);
    assert.match(summary, /^summary: classic atlas projected .* on onnx .*; enhanced atlas .* on onnx/);
    assert.match(table, /tuning curves of every filter of every layer \(1181 stimuli at 64 px.*\n {2}block1_conv1 1\.5 s, block4_conv1 11\.0 s; all layers 12\.5 s wall/);
    assert.match(summary, /tuning of all layers 13s/);
    assert.match(table, /dataset examples: 64 synthetic 320×240 JPEGs at 224 px .*2 workers, onnx:\n {2}16\.0 images\/s, 328\.0 GFLOP\/s effective = 75% of its best matMul \(matMul, 1 x 2 threads, 440\.0\); worker time decode 0\.5 s, forward 7\.5 s; crops and heatmaps 0\.3 s; peak RSS 0\.93 GB/);
    assert.match(summary, /examples 16\.0 images\/s = 75% of matMul \(target >= 70%\), 5,000 images in 5m13s/);
    assert.match(table, /labelling 960 filters \(synthetic full-shape tuning, per-image maxima of 5000 images, no cache\):\n {2}8\.4 s; families block1_conv1 16; peak RSS 0\.37 GB/);
    assert.match(summary, /labelling 960 filters 8\.4 s \(target <= 30 s\)/);
  });

  it('projects each engine at its own input size and steps: the enhanced atlas costs (105/64)^2 x 128/40 the classic FLOPs', () => {
    const classic = engine('onnx', 'classic', 2, 200);
    const enhanced = { ...classic, method: 'enhanced' as const, inputSize: 105, atlasSteps: 128 };
    const sum = (flops: Map<string, number>): number => [...flops.values()].reduce((a, b) => a + b, 0);
    const ratio = sum(atlasFlops(enhanced, ATLAS_LAYERS)) / sum(atlasFlops(classic, ATLAS_LAYERS));
    assert.ok(Math.abs(ratio - ((105 / 64) ** 2 * 128) / 40) / ratio < 0.05, `ratio ${ratio}`);
  });

  it('says so when the naive port was skipped', () => {
    const { table } = formatReport({ ...measurements, naive: undefined });
    assert.match(table, /\(a\) naive port\s+skipped/);
  });

  it('a matMul ceiling is the best rate over the thread configurations', () => {
    const ceiling = matMulCeiling(engine('onnx', 'classic', 2, 200).references);
    assert.equal(ceiling.label, 'matMul, 1 x 2 threads');
    assert.ok(Math.abs(ceiling.gflops - 440) < 1e-9, `ceiling ${ceiling.gflops}`);
  });
});
