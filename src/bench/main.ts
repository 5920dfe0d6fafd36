/**
 * `npm run bench`: the naive port against the engine on each backend (ONNX Runtime and tfjs-wasm)
 * on one fixed sample, each engine's per-layer rates at full batches, the projected standard-atlas
 * times and each backend's reference matMul rate, all measured in one run on this machine.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine } from '../lib/command-line.ts';
import { onnxFallbackNotice } from '../engine/runtime/fallback-notice.ts';
import { importOnnxRuntime } from '../engine/runtime/onnx/runtime.ts';
import { AtlasError } from '../errors.ts';
import { ENHANCED_DEFAULTS } from '../atlas/config.ts';
import { transformSet } from '../engine/transform/standard.ts';
import type { MethodName } from '../engine/method/params.ts';
import { fullBatchSample, firstFilters, STANDARD_SIZE, STANDARD_STEPS, type LayerSample } from './plan.ts';
import { formatReport, type EngineMeasurement } from './report.ts';
import { benchProbe } from './probe.ts';
import { writeSyntheticVgg16 } from './synthetic.ts';
import { benchConnections, formatConnections } from './connections.ts';
import { fastestMultiplier, jsMultiplier, type Multiplier } from '../engine/connections/multiply.ts';
import { runInChild, type GemmTask, type Task, type TaskResult } from './tasks.ts';

export const BENCH_HELP = `Time the naive port against the engine, on ONNX Runtime and on tfjs-wasm, with a synthetic
VGG16 (real shapes, random weights).

usage: npm run bench -- [options]

  --filters N            sample: the first N filters of each layer (default 4)
  --steps N              ascent steps for the sample (default 4; the atlas uses 40)
  --projection-steps N   steps of the classic full-batch runs the projection uses (default 40, as the atlas)
  --enhanced-steps N     steps of the enhanced full-batch runs (default 16; projected to its default ${ENHANCED_DEFAULTS.steps})
  --workers N            engine worker threads (default: precompute's default, one per core)
  --backend B            measure only this engine backend: onnx or wasm (default: both, where they load)
  --skip-naive           leave out the naive port (it takes most of the time)
  --examples-images N    synthetic 320×240 photographs for the dataset-examples row (default 64; 0 leaves it out)
  --connections-only     only time the expanded weights of the three layer pairs (ONNX Runtime, then the JavaScript loop)
  --labels-images N      images of the synthetic per-image maxima for the labelling row: labels, families and
                         neighbours of all 960 filters of block1_conv1 … block4_conv1 (default 5000; 0 leaves it out)
  --write-weights FILE   only write the synthetic VGG16 .h5 to FILE (for a timed precompute run)
  --probe DIST           only time the probe page (/probe/) of the site built in DIST, per layer, in headless Chromium`;

const ENGINE_BACKENDS = ['onnx', 'wasm'] as const;
type EngineBackend = (typeof ENGINE_BACKENDS)[number];

function count(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AtlasError(`${flag} must be a positive integer, got "${value}"`, { hint: 'run `npm run bench -- --help`' });
  return n;
}

/** The engines to measure, and, when ONNX Runtime does not load, the warning that says so (as precompute's). */
async function engineBackends(choice: string | undefined): Promise<{ backends: EngineBackend[]; notice?: string }> {
  if (choice !== undefined) {
    if (!(ENGINE_BACKENDS as readonly string[]).includes(choice)) {
      throw new AtlasError(`the bench compares the onnx and wasm engines, not "${choice}"`, { hint: `use --backend ${ENGINE_BACKENDS.join(' or --backend ')}, or leave it out for both` });
    }
    return { backends: [choice as EngineBackend] };
  }
  const onnx = await importOnnxRuntime();
  if (!('failure' in onnx)) return { backends: [...ENGINE_BACKENDS] };
  const notice = onnxFallbackNotice(onnx.failure, 'wasm');
  process.stderr.write(`${notice}\n`);
  return { backends: ['wasm'], notice };
}

async function withMultiplier<T>(multiplier: Multiplier, body: (multiplier: Multiplier) => Promise<T>): Promise<T> {
  try {
    return await body(multiplier);
  } finally {
    await multiplier.dispose();
  }
}

export async function benchMain(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    argv,
    {
      options: {
        filters: { type: 'string' },
        steps: { type: 'string' },
        'projection-steps': { type: 'string' },
        'enhanced-steps': { type: 'string' },
        workers: { type: 'string' },
        backend: { type: 'string' },
        'skip-naive': { type: 'boolean' },
        'examples-images': { type: 'string' },
        'labels-images': { type: 'string' },
        'write-weights': { type: 'string' },
        'connections-only': { type: 'boolean' },
        probe: { type: 'string' },
        help: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
    },
    'bench',
  );
  if (values.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  if (values['write-weights']) {
    await writeSyntheticVgg16(path.resolve(values['write-weights']));
    process.stdout.write(`wrote synthetic VGG16 weights to ${values['write-weights']}\n`);
    return 0;
  }
  if (values.probe) {
    process.stdout.write(`${await benchProbe(path.resolve(values.probe))}\n`);
    return 0;
  }
  if (values['connections-only']) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-bench-'));
    try {
      await writeSyntheticVgg16(path.join(dir, 'synthetic-vgg16.h5'));
      for (const multiplier of [await fastestMultiplier(), jsMultiplier].filter((item, k, all) => all.findIndex((other) => other.name === item.name) === k)) {
        process.stdout.write(`${formatConnections(await withMultiplier(multiplier, (chosen) => benchConnections(path.join(dir, 'synthetic-vgg16.h5'), chosen)))}\n`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return 0;
  }
  const { backends, notice } = await engineBackends(values.backend);
  const workerOption = values.workers === undefined ? undefined : count(values.workers, 1, '--workers');
  const workers = workerOption ?? os.availableParallelism();
  const size = STANDARD_SIZE;
  const steps = count(values.steps, 4, '--steps');
  const projectionSteps = count(values['projection-steps'], STANDARD_STEPS, '--projection-steps');
  const enhancedSteps = count(values['enhanced-steps'], 16, '--enhanced-steps');
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
    const engineTask = (backend: EngineBackend, method: MethodName, layers: readonly LayerSample[], taskSteps: number, runDir: string) => ({
      kind: 'engine' as const,
      weights,
      sample: layers,
      method,
      size: method === 'classic' ? size : ENHANCED_DEFAULTS.size,
      steps: taskSteps,
      dir: path.join(dir, runDir),
      backend,
      ...(workerOption === undefined ? {} : { workers: workerOption }),
    });

    const connections = await withMultiplier(await fastestMultiplier(), (multiplier) => benchConnections(weights, multiplier));
    log(`connections of ${connections.pairs.length} layer pairs: ${connections.seconds.toFixed(1)} s`);
    const naive = values['skip-naive'] ? undefined : await inChild({ kind: 'naive', weights, sample, size, steps }, '(a) naive port on the sample');
    const engines: EngineMeasurement[] = [];
    const measureEngine = async (backend: EngineBackend, method: MethodName, references: EngineMeasurement['references']): Promise<void> => {
      const what = method === 'classic' ? backend : `${backend} ${method}`;
      const inputSize = method === 'classic' ? size : transformSet(ENHANCED_DEFAULTS.transforms, ENHANCED_DEFAULTS.size).inputSize;
      const runSteps = method === 'classic' ? projectionSteps : enhancedSteps;
      const engineSample = await inChild(engineTask(backend, method, sample, steps, `${what}-sample`), `${what} engine on the sample`);
      const fullBatches: EngineMeasurement['fullBatches'][number][] = [];
      for (const layerSample of fullBatchSample(engineSample.workers, inputSize, sample.map((entry) => entry.layer))) {
        const result = await inChild(engineTask(backend, method, [layerSample], runSteps, `${what}-${layerSample.layer}`), `${what} engine, ${layerSample.layer} at full batches`);
        fullBatches.push({ sample: layerSample, result });
      }
      const atlasSteps = method === 'classic' ? STANDARD_STEPS : ENHANCED_DEFAULTS.steps;
      engines.push({ backend, method, inputSize, atlasSteps, sampleSteps: steps, sample: engineSample, projectionSteps: runSteps, fullBatches, references });
    };
    for (const backend of backends) {
      const configurations: Omit<GemmTask, 'kind' | 'backend' | 'seconds'>[] = [{ threads: 1 }, { threads: workers }];
      if (backend === 'onnx' && workers > 1) configurations.push({ threads: 1, sessionThreads: workers });
      const references = [];
      for (const configuration of configurations) {
        references.push(await inChild({ kind: 'gemm', backend, seconds: 3, ...configuration }, `${backend} reference, ${JSON.stringify(configuration)}`));
      }
      await measureEngine(backend, 'classic', references);
    }
    // The enhanced method and the tuning on the fastest backend only: on wasm they would take most of the bench.
    const fastest = backends[0];
    if (fastest) await measureEngine(fastest, 'enhanced', []);
    const layers = sample.map((entry) => entry.layer);
    const tuning = fastest ? await inChild({ kind: 'tuning', weights, layers, size, backend: fastest, workers }, `${fastest} tuning of ${layers.length} layers`) : undefined;
    const examplesImages = values['examples-images'] === '0' ? 0 : count(values['examples-images'], 64, '--examples-images');
    const examples =
      fastest && examplesImages > 0
        ? await inChild({ kind: 'examples', weights, images: examplesImages, size: 224, backend: fastest, workers, dir: path.join(dir, 'examples') }, `${fastest} dataset examples of ${examplesImages} images`)
        : undefined;
    const labelsImages = values['labels-images'] === '0' ? 0 : count(values['labels-images'], 5000, '--labels-images');
    const labels = labelsImages > 0 ? await inChild({ kind: 'labels', images: labelsImages }, `labelling 960 filters over ${labelsImages} images`) : undefined;
    const { table, summary } = formatReport({ size, steps, sample, naive, engines, tuning, examples, labels });
    process.stdout.write(`\nnpm run bench: synthetic VGG16 (real shapes, random weights), ${os.availableParallelism()} cores, node ${process.version}\n\n`);
    process.stdout.write(`${table}\n\n${summary}\n${formatConnections(connections)}\n${notice ? `${notice}\n` : ''}`);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
