import { parentPort, workerData } from 'node:worker_threads';
import { AtlasError } from '../errors.ts';
import { ExamplesRunner, type ExamplesBatchResult } from './examples/job.ts';
import type { WorkerJob } from './pool.ts';
import { summaryBuffers } from './runtime/map-summary.ts';
import { BatchRenderer, type RenderedFilter } from './render-batch.ts';
import { createRuntime, type ResolvedBackend } from './runtime/select.ts';
import type { Runtime } from './runtime/types.ts';
import { runTuningJob } from './tuning/job.ts';
import type { TuningEntry } from './tuning/tuning-entry.ts';
import { vgg16Layers } from './vgg16.ts';
import type { WeightSet } from './weights/types.ts';
import type { BlockWidths } from './weights/validate.ts';

export interface WorkerInit {
  readonly backend: ResolvedBackend;
  /** Intra-op threads of this worker's runtime. */
  readonly threads: number;
  readonly weights: WeightSet;
  readonly widths: BlockWidths;
}

export type ToWorker = { readonly type: 'job'; readonly id: number; readonly job: WorkerJob } | { readonly type: 'stop' };
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'stopped' }
  | { readonly type: 'fatal'; readonly message: string; readonly hint?: string }
  | { readonly type: 'done'; readonly id: number; readonly results: RenderedFilter[] | TuningEntry[] | ExamplesBatchResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly hint?: string };

/** An error as a message that crosses threads, keeping an AtlasError's hint. */
function described(error: unknown): { message: string; hint?: string } {
  if (error instanceof AtlasError) return { message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const init = workerData as WorkerInit;
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  let runtime: Runtime;
  try {
    runtime = await createRuntime(init.backend, init.threads);
  } catch (error) {
    post({ type: 'fatal', ...described(error) });
    return;
  }
  const renderer = new BatchRenderer(runtime, init.weights, init.widths);
  const topology = vgg16Layers(init.widths);
  const examples = new ExamplesRunner(runtime, init.weights, topology);
  const run = async (job: WorkerJob, signal: AbortSignal): Promise<{ results: RenderedFilter[] | TuningEntry[] | ExamplesBatchResult; transfer: ArrayBuffer[] }> => {
    if (job.kind === 'tuning') return { results: await runTuningJob(runtime, init.weights, topology, job.tuning), transfer: [] };
    if (job.kind === 'examples') {
      const result = await examples.run(job.examples);
      return { results: result, transfer: summaryBuffers(result.summaries) };
    }
    const results = await renderer.render(job.batch, signal);
    return { results, transfer: results.map((result) => result.pixels.buffer as ArrayBuffer) };
  };
  const stopping = new AbortController();
  let inFlight: Promise<void> = Promise.resolve();
  // One job at a time: the pool sends the next only when this one is answered.
  port.on('message', async (message: ToWorker) => {
    if (message.type === 'stop') {
      stopping.abort();
      await inFlight;
      post({ type: 'stopped' });
      return;
    }
    inFlight = run(message.job, stopping.signal).then(
      ({ results, transfer }) => post({ type: 'done', id: message.id, results }, transfer),
      (error: unknown) => post({ type: 'error', id: message.id, ...described(error) }),
    );
  });
  post({ type: 'ready' });
}

await main();
