/**
 * `npm run bench`: the naive port against the project's engine on one fixed sample, the engine's
 * per-layer rates at full batches, the projected standard-atlas time and a reference GEMM rate,
 * all measured in one run on this machine.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_CHOICES, type BackendChoice } from '../engine/backend.ts';
import { AtlasError } from '../errors.ts';
import { fullBatchSample, firstFilters, STANDARD_SIZE, type LayerSample } from './plan.ts';
import { formatReport, type BenchMeasurements } from './report.ts';
import { writeSyntheticVgg16 } from './synthetic.ts';
import { runInChild, type EngineResult, type Task, type TaskResult } from './tasks.ts';

export const BENCH_HELP = `Time the naive port against the engine on a synthetic VGG16 (real shapes, random weights).

usage: npm run bench -- [options]

  --filters N            sample: the first N filters of each layer (default 4)
  --steps N              ascent steps for the sample (default 4; the atlas uses 40)
  --projection-steps N   steps of the full-batch runs the projection uses (default 10)
  --workers N            engine worker threads (default: precompute's default, one per core)
  --backend B            engine backend, auto|node|node-gpu|wasm|cpu (default: precompute's, auto)
  --skip-naive           leave out the naive port (it takes most of the time)
  --write-weights FILE   only write the synthetic VGG16 .h5 to FILE (for a timed precompute run)`;

function count(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AtlasError(`${flag} must be a positive integer, got "${value}"`, { hint: 'run `npm run bench -- --help`' });
  return n;
}

export async function benchMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      filters: { type: 'string' },
      steps: { type: 'string' },
      'projection-steps': { type: 'string' },
      workers: { type: 'string' },
      backend: { type: 'string' },
      'skip-naive': { type: 'boolean' },
      'write-weights': { type: 'string' },
      help: { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  if (values['write-weights']) {
    await writeSyntheticVgg16(path.resolve(values['write-weights']));
    process.stdout.write(`wrote synthetic VGG16 weights to ${values['write-weights']}\n`);
    return 0;
  }
  if (values.backend !== undefined && !(BACKEND_CHOICES as readonly string[]).includes(values.backend)) {
    throw new AtlasError(`unknown backend "${values.backend}"`, { hint: `use one of ${BACKEND_CHOICES.join(', ')}` });
  }
  const backend = values.backend as BackendChoice | undefined;
  const workerOption = values.workers === undefined ? undefined : count(values.workers, 1, '--workers');
  const workers = workerOption ?? os.availableParallelism();
  const size = STANDARD_SIZE;
  const steps = count(values.steps, 4, '--steps');
  const projectionSteps = count(values['projection-steps'], 10, '--projection-steps');
  const sample = firstFilters(count(values.filters, 4, '--filters'));

  const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-bench-'));
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  try {
    const weights = path.join(dir, 'synthetic-vgg16.h5');
    await writeSyntheticVgg16(weights);
    let runs = 0;
    const inChild = async <T extends Task>(task: T, what: string): Promise<Extract<TaskResult, { kind: T['kind'] }>> => {
      const cwd = path.join(dir, `run-${runs++}`);
      await mkdir(cwd);
      const started = performance.now();
      const result = await runInChild(task, cwd);
      log(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return result;
    };
    const engineTask = (layers: readonly LayerSample[], taskSteps: number, runDir: string) => ({
      kind: 'engine' as const,
      weights,
      sample: layers,
      size,
      steps: taskSteps,
      dir: path.join(dir, runDir),
      ...(workerOption === undefined ? {} : { workers: workerOption }),
      ...(backend === undefined ? {} : { backend }),
    });

    const gemmBackend = backend ?? 'auto';
    const gemmOne = await inChild({ kind: 'gemm', backend: gemmBackend, threads: 1, seconds: 3 }, 'reference GEMM, 1 thread');
    const gemmAll = await inChild({ kind: 'gemm', backend: gemmBackend, threads: workers, seconds: 3 }, `reference GEMM, ${workers} threads`);
    const naive = values['skip-naive'] ? undefined : await inChild({ kind: 'naive', weights, sample, size, steps }, '(a) naive port on the sample');
    const engine = await inChild(engineTask(sample, steps, 'engine-sample'), '(b) engine on the sample');
    const fullBatches: { sample: LayerSample; result: EngineResult & { maxRssBytes: number } }[] = [];
    for (const layerSample of fullBatchSample(engine.workers, size, sample.map((entry) => entry.layer))) {
      const result = await inChild(engineTask([layerSample], projectionSteps, `engine-${layerSample.layer}`), `(b) engine, ${layerSample.layer} at full batches`);
      fullBatches.push({ sample: layerSample, result });
    }
    const measurements: BenchMeasurements = { size, steps, sample, naive, engine, projectionSteps, fullBatches, gemmOne, gemmAll };
    const { table, summary } = formatReport(measurements);
    process.stdout.write(`\nnpm run bench: synthetic VGG16 (real shapes, random weights), ${os.availableParallelism()} cores, node ${process.version}\n\n`);
    process.stdout.write(`${table}\n\n${summary}\n`);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
