/** Formatting of the bench's table and one-line summary (pure functions of the measurements). */
import { formatDuration } from '../atlas/progress.ts';
import { analyticFlops, projectSeconds, QUOTED_SGEMM_GFLOPS, sampleFlops, standardAtlasFlops, type LayerSample } from './plan.ts';
import type { EngineResult, GemmResult, NaiveResult, TaskResult } from './tasks.ts';

type Measured<T> = T & { readonly maxRssBytes: number };

export interface BenchMeasurements {
  readonly size: number;
  readonly steps: number;
  readonly sample: readonly LayerSample[];
  readonly naive: Measured<NaiveResult> | undefined;
  readonly engine: Measured<EngineResult>;
  readonly projectionSteps: number;
  /** One engine run per layer at full default batches, in layer order. */
  readonly fullBatches: readonly { readonly sample: LayerSample; readonly result: Measured<EngineResult> }[];
  readonly gemmOne: Measured<GemmResult>;
  readonly gemmAll: Measured<GemmResult>;
}

const pad = (text: string, width: number): string => text.padStart(width);
const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function row(label: string, cells: readonly string[], labelWidth: number): string {
  return `${label.padEnd(labelWidth)}${cells.map((cell) => pad(cell, 12)).join('')}`;
}

/** Per-layer effective rates (FLOP/s) of the engine's full-batch runs. */
export function engineLayerRates(m: Pick<BenchMeasurements, 'fullBatches' | 'size' | 'projectionSteps'>): Map<string, number> {
  return new Map(m.fullBatches.map(({ sample, result }) => [sample.layer, analyticFlops(sample.layer, sample.filters.length, m.size, m.projectionSteps) / result.seconds] as const));
}

export function naiveLayerRates(naive: NaiveResult, size: number, steps: number): Map<string, number> {
  return new Map(naive.layers.map((timing) => [timing.layer, analyticFlops(timing.layer, timing.filters, size, steps) / timing.seconds] as const));
}

export function formatReport(m: BenchMeasurements): { table: string; summary: string } {
  const flops = sampleFlops(m.sample, m.size, m.steps);
  const filters = m.sample.reduce((sum, entry) => sum + entry.filters.length, 0);
  const rate = (result: { seconds: number }): number => flops / result.seconds / 1e9;
  const lines: string[] = [];
  const w = 44;
  lines.push(`sample: ${m.sample.map((entry) => `${entry.layer} [${entry.filters.join(',')}]`).join('; ')}`);
  lines.push(`        ${filters} filters, ${m.size} px, ${m.steps} steps each: ${fixed(flops / 1e9)} GFLOP analytic`);
  lines.push('');
  lines.push(row('', ['wall s', 'filters/s', 'GFLOP/s', 'peak RSS'], w));
  const sideRow = (label: string, result: Measured<{ seconds: number }>): string =>
    row(label, [fixed(result.seconds), fixed(filters / result.seconds, 3), fixed(rate(result), 2), gb(result.maxRssBytes)], w);
  if (m.naive) lines.push(sideRow(`(a) naive port: ${m.naive.backend}, tf.grad, batch 1`, m.naive));
  else lines.push(row('(a) naive port', ['skipped'], w));
  lines.push(sideRow(`(b) engine: ${m.engine.backend}, ${m.engine.workers} workers, defaults`, m.engine));
  const ratio = m.naive ? m.naive.seconds / m.engine.seconds : Number.NaN;
  lines.push(row('b/a', [`${fixed(ratio)}x`], w));

  const rates = engineLayerRates(m);
  const standard = standardAtlasFlops(m.sample.map((entry) => entry.layer));
  lines.push('');
  lines.push(`(b) at full default batches (${m.engine.workers} workers x two batches each, ${m.projectionSteps} steps), one run per layer:`);
  lines.push(row('layer', ['filters', 'wall s', 'filters/s', 'GFLOP/s', 'peak RSS', 'atlas TFLOP', 'projected'], 16));
  for (const { sample, result } of m.fullBatches) {
    const layerRate = rates.get(sample.layer) ?? Number.NaN;
    const share = standard.get(sample.layer) ?? 0;
    lines.push(
      row(sample.layer, [
        String(sample.filters.length),
        fixed(result.seconds),
        fixed(sample.filters.length / result.seconds, 2),
        fixed(layerRate / 1e9),
        gb(result.maxRssBytes),
        fixed(share / 1e12, 2),
        formatDuration(share / layerRate),
      ], 16),
    );
  }
  const projected = projectSeconds(rates, [...standard.keys()]);
  const standardTotal = [...standard.values()].reduce((sum, value) => sum + value, 0);
  const overall = projected === undefined ? Number.NaN : standardTotal / projected / 1e9;
  const naiveProjected = m.naive ? projectSeconds(naiveLayerRates(m.naive, m.size, m.steps), [...standard.keys()]) : undefined;
  lines.push(
    `standard atlas (${fixed(standardTotal / 1e12)} TFLOP): projected ${formatDuration(projected ?? Number.NaN)} at (b)'s per-layer rates ` +
      `(${fixed(overall)} GFLOP/s overall); naive port: ${formatDuration(naiveProjected ?? Number.NaN)}`,
  );

  lines.push('');
  lines.push(`reference throughput, measured now on ${m.gemmAll.backend} (summed over threads, one backend each):`);
  lines.push(row('', ['1 thread', `${m.gemmAll.threads} thread${m.gemmAll.threads === 1 ? '' : 's'}`], 56));
  m.gemmAll.rates.forEach((all, i) => {
    lines.push(row(all.name, [`${fixed(m.gemmOne.rates[i]?.gflops ?? Number.NaN)}`, fixed(all.gflops)], 56));
  });
  const best = m.gemmAll.rates.reduce<{ name: string; gflops: number }>((top, rate) => (rate.gflops > top.gflops ? rate : top), { name: '-', gflops: 0 });
  const matMul = m.gemmAll.rates[0]?.gflops ?? Number.NaN;
  lines.push(
    `(b) overall ${fixed(overall)} GFLOP/s = ${fixed((100 * overall) / matMul, 0)}% of the measured ${m.gemmAll.threads}-thread matMul, ` +
      `${fixed((100 * overall) / best.gflops, 0)}% of the best reference (${best.name}, ${fixed(best.gflops)} GFLOP/s)`,
  );
  lines.push(`    and ${fixed((100 * overall) / QUOTED_SGEMM_GFLOPS, 0)}% of the OpenBLAS sgemm figure quoted in issue 4 (${QUOTED_SGEMM_GFLOPS} GFLOP/s on 2 cores: quoted, not measured)`);
  const peak = Math.max(m.engine.maxRssBytes, ...m.fullBatches.map(({ result }) => result.maxRssBytes));
  const steadyRatio = naiveProjected === undefined || projected === undefined ? Number.NaN : naiveProjected / projected;
  const summary =
    `summary: engine ${fixed(ratio)}x the naive port on the sample (${fixed(m.naive ? rate(m.naive) : Number.NaN, 2)} -> ${fixed(rate(m.engine), 1)} GFLOP/s), ` +
    `${fixed(steadyRatio, 0)}x at full batches; standard atlas projected ${formatDuration(projected ?? Number.NaN)} ` +
    `(${fixed(overall)} GFLOP/s, ${fixed((100 * overall) / best.gflops, 0)}% of the best measured reference); ` +
    `engine peak RSS ${gb(peak)}; backend ${m.engine.backend}, ${m.engine.workers} workers`;
  return { table: lines.join('\n'), summary };
}

export type { TaskResult };
