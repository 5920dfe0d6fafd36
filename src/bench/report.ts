/** Formatting of the bench's table and one-line summary (pure functions of the measurements). */
import { formatDuration } from '../atlas/progress.ts';
import { analyticFlops, projectSeconds, sampleFlops, standardAtlasFlops, type LayerSample } from './plan.ts';
import type { EngineResult, GemmResult, NaiveResult } from './tasks.ts';

type Measured<T> = T & { readonly maxRssBytes: number };

/** One engine backend, measured on the sample, at full batches per layer, and its backend's reference rates. */
export interface EngineMeasurement {
  readonly backend: string;
  readonly sample: Measured<EngineResult>;
  /** One run per layer at full default batches, in layer order. */
  readonly fullBatches: readonly { readonly sample: LayerSample; readonly result: Measured<EngineResult> }[];
  /** The backend's reference rates: one thread, then each multi-thread configuration. */
  readonly references: readonly Measured<GemmResult>[];
}

export interface BenchMeasurements {
  readonly size: number;
  readonly steps: number;
  readonly sample: readonly LayerSample[];
  readonly naive: Measured<NaiveResult> | undefined;
  readonly projectionSteps: number;
  readonly engines: readonly EngineMeasurement[];
}

/** What the native engine is held to, on this 2-core class of machine. */
export const TARGETS = { speedupOverWasm: 4, fractionOfMatMul: 0.75, standardAtlasSeconds: 300, peakRssBytes: 2 * 1024 ** 3 } as const;

const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const row = (label: string, cells: readonly string[], labelWidth: number, cellWidth = 12): string =>
  `${label.padEnd(labelWidth)}${cells.map((cell) => cell.padStart(cellWidth)).join('')}`;

/** Per-layer effective rates (FLOP/s) of an engine's full-batch runs. */
export function engineLayerRates(engine: Pick<EngineMeasurement, 'fullBatches'>, size: number, steps: number): Map<string, number> {
  return new Map(engine.fullBatches.map(({ sample, result }) => [sample.layer, analyticFlops(sample.layer, sample.filters.length, size, steps) / result.seconds] as const));
}

export function naiveLayerRates(naive: NaiveResult, size: number, steps: number): Map<string, number> {
  return new Map(naive.layers.map((timing) => [timing.layer, analyticFlops(timing.layer, timing.filters, size, steps) / timing.seconds] as const));
}

function referenceLabel(reference: GemmResult): string {
  if (reference.threads === 1 && reference.sessionThreads === 1) return '1 thread';
  if (reference.sessionThreads > 1) return `1 x ${reference.sessionThreads} threads`;
  return `${reference.threads} workers`;
}

/** The best rate of the large matMul over the backend's thread configurations. */
export function matMulCeiling(engine: EngineMeasurement): { gflops: number; label: string } {
  return engine.references.reduce(
    (best, reference) => {
      const gflops = reference.rates[0]?.gflops ?? 0;
      return gflops > best.gflops ? { gflops, label: `${reference.rates[0]?.name}, ${referenceLabel(reference)}` } : best;
    },
    { gflops: 0, label: '-' },
  );
}

export function formatReport(m: BenchMeasurements): { table: string; summary: string } {
  const flops = sampleFlops(m.sample, m.size, m.steps);
  const filters = m.sample.reduce((sum, entry) => sum + entry.filters.length, 0);
  const layers = m.sample.map((entry) => entry.layer);
  const standard = standardAtlasFlops(layers);
  const standardTotal = [...standard.values()].reduce((sum, value) => sum + value, 0);
  const lines: string[] = [];
  lines.push(`sample: ${m.sample.map((entry) => `${entry.layer} [${entry.filters.join(',')}]`).join('; ')}`);
  lines.push(`        ${filters} filters, ${m.size} px, ${m.steps} steps each: ${fixed(flops / 1e9)} GFLOP analytic`);
  lines.push('');
  lines.push(row('', ['wall s', 'filters/s', 'GFLOP/s', 'peak RSS', 'vs (a)'], 44));
  const sideRow = (label: string, result: Measured<{ seconds: number }>): string =>
    row(label, [fixed(result.seconds), fixed(filters / result.seconds, 3), fixed(flops / result.seconds / 1e9, 2), gb(result.maxRssBytes), m.naive ? `${fixed(m.naive.seconds / result.seconds)}x` : '-'], 44);
  lines.push(m.naive ? sideRow(`(a) naive port: ${m.naive.backend}, tf.grad, batch 1`, m.naive) : row('(a) naive port', ['skipped'], 44));
  m.engines.forEach((engine, i) => lines.push(sideRow(`(${String.fromCharCode(98 + i)}) engine: ${engine.backend}, ${engine.sample.workers} workers, defaults`, engine.sample)));

  const rates = new Map(m.engines.map((engine) => [engine.backend, engineLayerRates(engine, m.size, m.projectionSteps)] as const));
  const baseline = m.engines.find((engine) => engine.backend === 'wasm');
  lines.push('');
  lines.push(`each engine at full default batches (every worker busy with two batches, ${m.projectionSteps} steps), one run per layer:`);
  lines.push(row('layer', ['engine', 'filters', 'wall s', 'filters/s', 'GFLOP/s', 'vs wasm', 'peak RSS', 'projected'], 14, 11));
  for (const layer of layers) {
    for (const engine of m.engines) {
      const run = engine.fullBatches.find((entry) => entry.sample.layer === layer);
      if (!run) continue;
      const rate = rates.get(engine.backend)?.get(layer) ?? Number.NaN;
      const wasmRate = baseline ? (rates.get('wasm')?.get(layer) ?? Number.NaN) : Number.NaN;
      const cells = [engine.backend, String(run.sample.filters.length), fixed(run.result.seconds), fixed(run.sample.filters.length / run.result.seconds, 2)];
      cells.push(fixed(rate / 1e9), `${fixed(rate / wasmRate, 2)}x`, gb(run.result.maxRssBytes), formatDuration((standard.get(layer) ?? 0) / rate));
      lines.push(row(layer, cells, 14, 11));
    }
  }
  const projections = m.engines.map((engine) => {
    const seconds = projectSeconds(rates.get(engine.backend) ?? new Map(), layers);
    return { backend: engine.backend, seconds, gflops: seconds === undefined ? Number.NaN : standardTotal / seconds / 1e9 };
  });
  const naiveProjected = m.naive ? projectSeconds(naiveLayerRates(m.naive, m.size, m.steps), layers) : undefined;
  lines.push(
    `standard atlas (${fixed(standardTotal / 1e12)} TFLOP), projected at each engine's per-layer rates: ` +
      projections.map((p) => `${p.backend} ${formatDuration(p.seconds ?? Number.NaN)} (${fixed(p.gflops)} GFLOP/s)`).join(', ') +
      `; naive port ${formatDuration(naiveProjected ?? Number.NaN)}`,
  );

  lines.push('');
  lines.push('reference throughput of each backend, measured now (GFLOP/s, summed over worker threads):');
  for (const engine of m.engines) {
    lines.push(row(`${engine.backend}`, engine.references.map(referenceLabel), 52));
    engine.references[0]?.rates.forEach((rate, i) => lines.push(row(`  ${rate.name}`, engine.references.map((reference) => fixed(reference.rates[i]?.gflops ?? Number.NaN)), 52)));
    const ceiling = matMulCeiling(engine);
    const deepest = layers.at(-1) ?? '';
    const deepestRate = (rates.get(engine.backend)?.get(deepest) ?? Number.NaN) / 1e9;
    lines.push(`  ${engine.backend} engine on ${deepest}: ${fixed(deepestRate)} GFLOP/s = ${fixed((100 * deepestRate) / ceiling.gflops, 0)}% of its best matMul (${ceiling.label}, ${fixed(ceiling.gflops)})`);
  }

  const onnx = m.engines.find((engine) => engine.backend === 'onnx');
  const peak = Math.max(...m.engines.flatMap((engine) => [engine.sample.maxRssBytes, ...engine.fullBatches.map(({ result }) => result.maxRssBytes)]));
  const fastest = projections.reduce((best, p) => ((p.seconds ?? Infinity) < (best.seconds ?? Infinity) ? p : best), projections[0]!);
  const parts = [`standard atlas projected ${formatDuration(fastest?.seconds ?? Number.NaN)} on ${fastest?.backend} (target <= ${formatDuration(TARGETS.standardAtlasSeconds)})`];
  if (onnx && baseline) {
    const speedups = layers.filter((layer) => layer !== 'block1_conv1' && layer !== 'block2_conv1');
    const onnxRates = rates.get('onnx')!;
    const wasmRates = rates.get('wasm')!;
    parts.push(`onnx/wasm ${speedups.map((layer) => `${layer} ${fixed((onnxRates.get(layer) ?? Number.NaN) / (wasmRates.get(layer) ?? Number.NaN))}x`).join(', ')} (target >= ${TARGETS.speedupOverWasm}x)`);
  }
  if (onnx) {
    const deepest = layers.at(-1) ?? '';
    const fraction = (rates.get('onnx')?.get(deepest) ?? Number.NaN) / 1e9 / matMulCeiling(onnx).gflops;
    parts.push(`onnx ${deepest} at ${fixed(100 * fraction, 0)}% of ONNX Runtime's matMul (target >= ${100 * TARGETS.fractionOfMatMul}%)`);
  }
  parts.push(`peak RSS ${gb(peak)} (target <= ${gb(TARGETS.peakRssBytes)})`);
  if (m.naive && fastest?.seconds !== undefined && naiveProjected !== undefined) parts.push(`${fixed(naiveProjected / fastest.seconds, 0)}x the naive port at full batches`);
  return { table: lines.join('\n'), summary: `summary: ${parts.join('; ')}` };
}
