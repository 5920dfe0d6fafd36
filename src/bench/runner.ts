/**
 * One bench measurement in its own process: `node src/bench/runner.ts '<task json>'`. Prints a
 * BENCH_RESULT line with the result and this process's peak RSS (worker threads included).
 */
import path from 'node:path';
import { resolveConfig } from '../atlas/config.ts';
import { encodePng } from '../atlas/images.ts';
import { precompute } from '../atlas/precompute.ts';
import { deprocess } from '../engine/deprocess.ts';
import type { FilterAscent } from '../engine/method/ascent.ts';
import { classicAscent } from '../engine/method/classic.ts';
import { startingNoise } from '../engine/noise.ts';
import { activateBackend } from '../engine/runtime/tfjs/backend.ts';
import { TfjsFilterNetwork } from '../engine/runtime/tfjs/runtime.ts';
import { networkStages } from '../engine/stages.ts';
import { vgg16Layers } from '../engine/vgg16.ts';
import { loadKerasHdf5 } from '../engine/weights/hdf5.ts';
import { validateWeights } from '../engine/weights/validate.ts';
import os from 'node:os';
import { WorkerPool } from '../engine/pool.ts';
import { threadsPerWorker } from '../engine/runtime/select.ts';
import { protocolFor } from '../engine/tuning/job.ts';
import { runExamplesBench } from './examples.ts';
import { runLabelsBench } from './labels.ts';
import { measureGemm } from './gemm.ts';
import { filterSpec } from './plan.ts';
import { formatResultLine, type EngineResult, type EngineTask, type LayerTiming, type NaiveResult, type NaiveTask, type Task, type TaskResult, type TuningResult, type TuningTask } from './tasks.ts';

/** The naive port: tfjs-cpu, one filter at a time, the plain graph differentiated by tf.grad. */
async function runNaive(task: NaiveTask): Promise<NaiveResult> {
  const backend = await activateBackend('cpu');
  const weights = await loadKerasHdf5(task.weights);
  const layers = task.sample.map((entry) => entry.layer);
  const topology = vgg16Layers(validateWeights(weights, layers));
  const started = performance.now();
  const timings: LayerTiming[] = [];
  for (const { layer, filters } of task.sample) {
    const layerStarted = performance.now();
    const network = new TfjsFilterNetwork(networkStages(weights, layer, topology), { activation: 'post-relu' }, 'tf.grad');
    try {
      for (const filter of filters) {
        const start = startingNoise(0, layer, filter, task.size);
        const [result] = await classicAscent(network, [filter], [start], { size: task.size, steps: task.steps, step: 1 });
        await encodePng(deprocess(checked(result, layer, filter).image), task.size);
      }
    } finally {
      await network.dispose();
    }
    timings.push({ layer, filters: filters.length, seconds: (performance.now() - layerStarted) / 1000 });
  }
  return { kind: 'naive', backend, seconds: (performance.now() - started) / 1000, layers: timings };
}

function checked(result: FilterAscent | undefined, layer: string, filter: number): FilterAscent {
  if (!result) throw new Error(`no result for ${layer} filter ${filter}`);
  return result;
}

/** The project's engine exactly as `npm run precompute` runs it, with nothing cached. */
async function runEngine(task: EngineTask): Promise<EngineResult> {
  const methodFlags =
    task.method === 'classic'
      ? ['--methods', 'classic', '--no-tuning', '--size', String(task.size), '--steps', String(task.steps)]
      : ['--methods', 'enhanced', '--no-tuning', '--enhanced-size', String(task.size), '--enhanced-steps', String(task.steps)];
  const argv = [
    ...['--weights', task.weights, '--layers', task.sample.map((entry) => entry.layer).join(',')],
    ...['--filters', filterSpec(task.sample), ...methodFlags],
    ...['--out', path.join(task.dir, 'atlas'), '--force'],
    ...(task.workers === undefined ? [] : ['--workers', String(task.workers)]),
    ...(task.backend === undefined ? [] : ['--backend', task.backend]),
  ];
  const config = await resolveConfig(argv, { ...process.env, ATLAS_CACHE_DIR: path.join(task.dir, 'cache') });
  const started = performance.now();
  const summary = await precompute({ config, log: () => undefined });
  const seconds = (performance.now() - started) / 1000;
  if (summary.failures.length > 0) throw new Error(`engine run had failures: ${summary.failures.join('; ')}`);
  return { kind: 'engine', backend: summary.manifest.backend, workers: config.workers, seconds, rendered: summary.rendered };
}

/** Every layer's tuning in the worker pool, heaviest first, as precompute runs it. */
async function runTuning(task: TuningTask): Promise<TuningResult> {
  const weights = await loadKerasHdf5(task.weights);
  const widths = validateWeights(weights, task.layers);
  const pool = new WorkerPool({ workers: task.workers, threads: threadsPerWorker(task.workers, os.availableParallelism()), backend: task.backend, weights, widths });
  try {
    await pool.ready();
    const started = performance.now();
    const layers = await Promise.all(
      [...task.layers].reverse().map(async (layer) => {
        const layerStarted = performance.now();
        await pool.tune({ layer, size: task.size });
        return { layer, seconds: (performance.now() - layerStarted) / 1000 };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { kind: 'tuning', backend: task.backend, workers: task.workers, seconds, layers: layers.reverse(), stimuli: protocolFor(task.size).stimulusCount };
  } finally {
    await pool.close();
  }
}

async function run(task: Task): Promise<TaskResult> {
  const result =
    task.kind === 'naive'
      ? await runNaive(task)
      : task.kind === 'engine'
        ? await runEngine(task)
        : task.kind === 'tuning'
          ? await runTuning(task)
          : task.kind === 'examples'
            ? await runExamplesBench(task)
            : task.kind === 'labels'
              ? await runLabelsBench(task)
              : await measureGemm(task);
  // maxRSS is in kilobytes and covers every thread of this process.
  return { ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

const taskJson = process.argv[2];
if (!taskJson) throw new Error('usage: node src/bench/runner.ts <task json>');
process.stdout.write(formatResultLine(await run(JSON.parse(taskJson) as Task)));
