/** Formatting of the bench's table and one-line summary (pure functions of the measurements). */
import { formatDuration } from '../atlas/progress.ts';
import type { MethodName } from '../engine/method/params.ts';
import { analyticFlops, filterCount, sampleFlops, type LayerSample } from './plan.ts';
import type { ExamplesResult } from './examples.ts';
import type { LabelsResult } from './labels.ts';
import type { EngineResult, GemmResult, NaiveResult, TuningResult } from './tasks.ts';

type Measured<T> = T & { readonly maxRssBytes: number };

/** One engine (a backend and a method), measured on the sample and at full batches per layer. */
export interface EngineMeasurement {
  readonly backend: string;
  readonly method: MethodName;
  /** The side of what the network sees (the image side, or more after the enhanced padding). */
  readonly inputSize: number;
  /** The method's steps in the atlas, which the projection is for. */
  readonly atlasSteps: number;
  readonly sampleSteps: number;
  readonly sample: Measured<EngineResult>;
  /** Steps of the full-batch runs. */
  readonly projectionSteps: number;
  /** One run per layer at full default batches, in layer order. */
  readonly fullBatches: readonly { readonly sample: LayerSample; readonly result: Measured<EngineResult> }[];
  /** The backend's reference rates (one thread, then each multi-thread configuration); empty when another row has them. */
  readonly references: readonly Measured<GemmResult>[];
}

export interface BenchMeasurements {
  readonly size: number;
  readonly steps: number;
  readonly sample: readonly LayerSample[];
  readonly naive: Measured<NaiveResult> | undefined;
  readonly engines: readonly EngineMeasurement[];
  /** Every layer's tuning curves on the fastest backend. */
  readonly tuning?: Measured<TuningResult> | undefined;
  /** Dataset examples through block1_conv1 … block4_conv1 on the fastest backend. */
  readonly examples?: Measured<ExamplesResult> | undefined;
  /** Labels, families and neighbours of every filter of the four atlas layers, from synthetic tuning and maxima. */
  readonly labels?: Measured<LabelsResult> | undefined;
}

/** What the engines are held to, on this 2-core class of machine. */
export const TARGETS = { labellingSeconds: 30, speedupOverWasm: 4, fractionOfMatMul: 0.75, examplesFractionOfMatMul: 0.7, standardAtlasSeconds: 300, enhancedAtlasSeconds: 2400, peakRssBytes: 2 * 1024 ** 3 } as const;

const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const row = (label: string, cells: readonly string[], labelWidth: number, cellWidth = 12): string =>
  `${label.padEnd(labelWidth)}${cells.map((cell) => cell.padStart(cellWidth)).join('')}`;
/** Wide enough for the longest thread label, "1 x 2 threads", with a space before it. */
const REFERENCE_COLUMN = 15;
const label = (engine: EngineMeasurement): string => (engine.method === 'classic' ? engine.backend : `${engine.backend} ${engine.method}`);

/** Per-layer effective rates (FLOP/s) of an engine's full-batch runs. */
export function engineLayerRates(engine: EngineMeasurement): Map<string, number> {
  return new Map(
    engine.fullBatches.map(({ sample, result }) => [sample.layer, analyticFlops(sample.layer, sample.filters.length, engine.inputSize, engine.projectionSteps) / result.seconds] as const),
  );
}

/** The method's whole atlas (every filter of the layers) at its own input size and steps, layer by layer. */
export function atlasFlops(engine: EngineMeasurement, layers: readonly string[]): Map<string, number> {
  return new Map(layers.map((layer) => [layer, analyticFlops(layer, filterCount(layer), engine.inputSize, engine.atlasSteps)] as const));
}

/** Wall time of the engine's whole atlas at its per-layer rates; undefined when a layer has no rate. */
export function projectEngine(engine: EngineMeasurement, layers: readonly string[]): number | undefined {
  const rates = engineLayerRates(engine);
  let total = 0;
  for (const [layer, flops] of atlasFlops(engine, layers)) {
    const rate = rates.get(layer);
    if (rate === undefined || !(rate > 0)) return undefined;
    total += flops / rate;
  }
  return total;
}

export function naiveProjection(naive: NaiveResult, size: number, steps: number, atlasSteps: number, layers: readonly string[]): number {
  return layers.reduce((total, layer) => {
    const timing = naive.layers.find((candidate) => candidate.layer === layer);
    if (!timing) return Number.NaN;
    const rate = analyticFlops(layer, timing.filters, size, steps) / timing.seconds;
    return total + analyticFlops(layer, filterCount(layer), size, atlasSteps) / rate;
  }, 0);
}

function referenceLabel(reference: GemmResult): string {
  if (reference.threads === 1 && reference.sessionThreads === 1) return '1 thread';
  if (reference.sessionThreads > 1) return `1 x ${reference.sessionThreads} threads`;
  return `${reference.threads} workers`;
}

/** The best rate of the large matMul over the backend's thread configurations. */
export function matMulCeiling(references: readonly GemmResult[]): { gflops: number; label: string } {
  return references.reduce(
    (best, reference) => {
      const gflops = reference.rates[0]?.gflops ?? 0;
      return gflops > best.gflops ? { gflops, label: `${reference.rates[0]?.name}, ${referenceLabel(reference)}` } : best;
    },
    { gflops: 0, label: '-' },
  );
}

export function formatReport(m: BenchMeasurements): { table: string; summary: string } {
  const filters = m.sample.reduce((sum, entry) => sum + entry.filters.length, 0);
  const layers = m.sample.map((entry) => entry.layer);
  const deepest = layers.at(-1) ?? '';
  const lines: string[] = [];
  lines.push(`sample: ${m.sample.map((entry) => `${entry.layer} [${entry.filters.join(',')}]`).join('; ')}, ${filters} filters`);
  lines.push('');
  lines.push(row('', ['wall s', 'filters/s', 'GFLOP/s', 'peak RSS', 'vs (a)'], 56));
  const sideRow = (text: string, result: Measured<{ seconds: number }>, flops: number): string =>
    row(text, [fixed(result.seconds), fixed(filters / result.seconds, 3), fixed(flops / result.seconds / 1e9, 2), gb(result.maxRssBytes), m.naive ? `${fixed(m.naive.seconds / result.seconds)}x` : '-'], 56);
  const classicFlops = sampleFlops(m.sample, m.size, m.steps);
  lines.push(m.naive ? sideRow(`(a) naive port: ${m.naive.backend}, tf.grad, batch 1, ${m.size} px, ${m.steps} steps`, m.naive, classicFlops) : row('(a) naive port', ['skipped'], 56));
  m.engines.forEach((engine, i) => {
    const what = `(${String.fromCharCode(98 + i)}) engine: ${label(engine)}, ${engine.sample.workers} workers, ${engine.inputSize} px in, ${engine.sampleSteps} steps`;
    lines.push(sideRow(what, engine.sample, sampleFlops(m.sample, engine.inputSize, engine.sampleSteps)));
  });

  const rates = new Map(m.engines.map((engine) => [engine, engineLayerRates(engine)] as const));
  const wasm = m.engines.find((engine) => engine.backend === 'wasm' && engine.method === 'classic');
  lines.push('');
  lines.push('each engine at full default batches (every worker busy with two batches), one run per layer; "projected" is the whole layer at the method\'s atlas steps:');
  lines.push(row('layer', ['engine', 'steps', 'filters', 'wall s', 'filters/s', 'GFLOP/s', 'vs wasm', 'peak RSS', 'projected'], 14, 11));
  for (const layer of layers) {
    for (const engine of m.engines) {
      const run = engine.fullBatches.find((entry) => entry.sample.layer === layer);
      if (!run) continue;
      const rate = rates.get(engine)?.get(layer) ?? Number.NaN;
      const versus = engine.method === 'classic' && wasm ? `${fixed(rate / (rates.get(wasm)?.get(layer) ?? Number.NaN), 2)}x` : '';
      const cells = [label(engine), String(engine.projectionSteps), String(run.sample.filters.length), fixed(run.result.seconds), fixed(run.sample.filters.length / run.result.seconds, 2)];
      cells.push(fixed(rate / 1e9), versus, gb(run.result.maxRssBytes), formatDuration((atlasFlops(engine, [layer]).get(layer) ?? 0) / rate));
      lines.push(row(layer, cells, 14, 11));
    }
  }
  const projections = m.engines.map((engine) => ({ engine, seconds: projectEngine(engine, layers) }));
  const classicAtlas = m.naive ? naiveProjection(m.naive, m.size, m.steps, m.engines.find((e) => e.method === 'classic')?.atlasSteps ?? 40, layers) : Number.NaN;
  lines.push('whole atlas of every filter of these layers, projected at each engine\'s per-layer rates:');
  for (const { engine, seconds } of projections) {
    const total = [...atlasFlops(engine, layers).values()].reduce((sum, value) => sum + value, 0);
    lines.push(`  ${label(engine).padEnd(18)} ${formatDuration(seconds ?? Number.NaN).padStart(8)}  (${fixed(total / 1e12)} TFLOP, ${engine.atlasSteps} steps at ${engine.inputSize} px in; ${fixed(total / (seconds ?? Number.NaN) / 1e9)} GFLOP/s)`);
  }
  if (m.naive) lines.push(`  ${'naive port'.padEnd(18)} ${formatDuration(classicAtlas).padStart(8)}  (classic)`);

  lines.push('');
  lines.push('reference throughput of each backend, measured now (GFLOP/s, summed over worker threads):');
  for (const engine of m.engines.filter((candidate) => candidate.references.length > 0)) {
    lines.push(row(engine.backend, engine.references.map(referenceLabel), 52, REFERENCE_COLUMN));
    engine.references[0]?.rates.forEach((rate, i) => lines.push(row(`  ${rate.name}`, engine.references.map((reference) => fixed(reference.rates[i]?.gflops ?? Number.NaN)), 52, REFERENCE_COLUMN)));
    const ceiling = matMulCeiling(engine.references);
    const deepestRate = (rates.get(engine)?.get(deepest) ?? Number.NaN) / 1e9;
    lines.push(`  ${engine.backend} engine on ${deepest}: ${fixed(deepestRate)} GFLOP/s = ${fixed((100 * deepestRate) / ceiling.gflops, 0)}% of its best matMul (${ceiling.label}, ${fixed(ceiling.gflops)})`);
  }
  if (m.tuning) {
    const { tuning } = m;
    lines.push('');
    lines.push(`tuning curves of every filter of every layer (${tuning.stimuli} stimuli at ${m.size} px, one job per layer, ${tuning.workers} workers, ${tuning.backend}):`);
    lines.push(`  ${tuning.layers.map((entry) => `${entry.layer} ${fixed(entry.seconds)} s`).join(', ')}; all layers ${fixed(tuning.seconds)} s wall, peak RSS ${gb(tuning.maxRssBytes)}`);
  }
  if (m.examples) lines.push('', ...examplesLines(m.examples, examplesCeiling(m)));
  if (m.labels) {
    const { labels } = m;
    lines.push('', `labelling ${labels.filters} filters (synthetic full-shape tuning, per-image maxima of ${labels.images} images, no cache):`);
    lines.push(`  ${fixed(labels.seconds)} s; families ${labels.layers.map((layer) => `${layer.layer} ${layer.families}`).join(', ')}; peak RSS ${gb(labels.maxRssBytes)}`);
  }
  return { table: lines.join('\n'), summary: summarise(m, projections, rates, classicAtlas) };
}

function summarise(
  m: BenchMeasurements,
  projections: readonly { engine: EngineMeasurement; seconds: number | undefined }[],
  rates: ReadonlyMap<EngineMeasurement, Map<string, number>>,
  naiveSeconds: number,
): string {
  const layers = m.sample.map((entry) => entry.layer);
  const deepest = layers.at(-1) ?? '';
  const fastest = (method: MethodName) =>
    projections.filter((p) => p.engine.method === method).reduce<(typeof projections)[number] | undefined>((best, p) => ((p.seconds ?? Infinity) < (best?.seconds ?? Infinity) ? p : best), undefined);
  const parts: string[] = [];
  const classic = fastest('classic');
  if (classic) parts.push(`classic atlas projected ${formatDuration(classic.seconds ?? Number.NaN)} on ${classic.engine.backend} (target <= ${formatDuration(TARGETS.standardAtlasSeconds)})`);
  const enhanced = fastest('enhanced');
  if (enhanced) parts.push(`enhanced atlas ${formatDuration(enhanced.seconds ?? Number.NaN)} on ${enhanced.engine.backend} (target <= ${formatDuration(TARGETS.enhancedAtlasSeconds)})`);
  const onnx = m.engines.find((engine) => engine.backend === 'onnx' && engine.method === 'classic');
  const wasm = m.engines.find((engine) => engine.backend === 'wasm' && engine.method === 'classic');
  if (onnx && wasm) {
    const deep = layers.filter((layer) => layer !== 'block1_conv1' && layer !== 'block2_conv1');
    const ratio = (layer: string): number => (rates.get(onnx)?.get(layer) ?? Number.NaN) / (rates.get(wasm)?.get(layer) ?? Number.NaN);
    parts.push(`onnx/wasm ${deep.map((layer) => `${layer} ${fixed(ratio(layer))}x`).join(', ')} (target >= ${TARGETS.speedupOverWasm}x)`);
  }
  if (onnx) {
    const fraction = (rates.get(onnx)?.get(deepest) ?? Number.NaN) / 1e9 / matMulCeiling(onnx.references).gflops;
    parts.push(`onnx ${deepest} at ${fixed(100 * fraction, 0)}% of ONNX Runtime's matMul (target >= ${100 * TARGETS.fractionOfMatMul}%)`);
  }
  const peak = Math.max(...m.engines.flatMap((engine) => [engine.sample.maxRssBytes, ...engine.fullBatches.map(({ result }) => result.maxRssBytes)]));
  parts.push(`peak RSS ${gb(peak)} (target <= ${gb(TARGETS.peakRssBytes)})`);
  if (m.tuning) parts.push(`tuning of all layers ${formatDuration(m.tuning.seconds)}`);
  if (m.examples) {
    const perSecond = m.examples.images / m.examples.passSeconds;
    const share = m.examples.flops / m.examples.passSeconds / 1e9 / examplesCeiling(m).gflops;
    parts.push(`examples ${fixed(perSecond)} images/s = ${fixed(100 * share, 0)}% of matMul (target >= ${100 * TARGETS.examplesFractionOfMatMul}%), 5,000 images in ${formatDuration(5000 / perSecond)}`);
  }
  if (m.labels) parts.push(`labelling ${m.labels.filters} filters ${fixed(m.labels.seconds)} s (target <= ${TARGETS.labellingSeconds} s)`);
  if (classic?.seconds !== undefined && Number.isFinite(naiveSeconds)) parts.push(`${fixed(naiveSeconds / classic.seconds, 0)}x the naive port at full batches`);
  return `summary: ${parts.join('; ')}`;
}

/** The matMul ceiling of the backend the examples ran on, from the same bench run. */
function examplesCeiling(m: BenchMeasurements): { gflops: number; label: string } {
  const engine = m.engines.find((candidate) => candidate.backend === m.examples?.backend && candidate.references.length > 0);
  return engine ? matMulCeiling(engine.references) : { gflops: Number.NaN, label: '-' };
}

function examplesLines(examples: Measured<ExamplesResult>, ceiling: { gflops: number; label: string }): string[] {
  const rate = examples.flops / examples.passSeconds / 1e9;
  return [
    `dataset examples: ${examples.images} synthetic 320×240 JPEGs at ${examples.size} px through block1_conv1 … block4_conv1 in one pass, ${examples.workers} workers, ${examples.backend}:`,
    `  ${fixed(examples.images / examples.passSeconds)} images/s, ${fixed(rate)} GFLOP/s effective = ${fixed((100 * rate) / ceiling.gflops, 0)}% of its best matMul (${ceiling.label}, ${fixed(ceiling.gflops)}); ` +
      `worker time decode ${fixed(examples.decodeSeconds)} s, forward ${fixed(examples.forwardSeconds)} s; crops and heatmaps ${fixed(examples.fileSeconds)} s; peak RSS ${gb(examples.maxRssBytes)}`,
  ];
}
