import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { AtlasError } from '../errors.ts';
import type { ResolvedBackend } from './runtime/select.ts';
import type { BatchJob, RenderedFilter } from './render-batch.ts';
import type { ExamplesBatchJob, ExamplesBatchResult } from './examples/job.ts';
import type { TuningJob } from './tuning/job.ts';
import type { TuningEntry } from './tuning/tuning-entry.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker.ts';
import type { WeightSet } from './weights/types.ts';
import type { BlockWidths } from './weights/validate.ts';

export interface PoolOptions {
  readonly workers: number;
  readonly backend: ResolvedBackend;
  /** Intra-op threads of each worker's runtime. */
  readonly threads: number;
  readonly weights: WeightSet;
  readonly widths: BlockWidths;
  /** The worker entry point; tests substitute their own. */
  readonly workerUrl?: URL;
}

/** What a worker is asked to do: a batch of patterns, one layer's tuning curves, or a batch of dataset images. */
export type WorkerJob =
  | { readonly kind: 'patterns'; readonly batch: BatchJob }
  | { readonly kind: 'tuning'; readonly tuning: TuningJob }
  | { readonly kind: 'examples'; readonly examples: ExamplesBatchJob };
type WorkerResult<J extends WorkerJob> = J extends { kind: 'patterns' } ? RenderedFilter[] : J extends { kind: 'tuning' } ? TuningEntry[] : ExamplesBatchResult;

function describeJob(job: WorkerJob): string {
  if (job.kind === 'tuning') return `${job.tuning.layer} tuning`;
  if (job.kind === 'examples') return `examples batch ${job.examples.index} (${job.examples.files[0]?.image ?? 'empty'}…)`;
  const { layer, filters, method } = job.batch;
  return `${layer} filters ${filters.join(',')}${method.name === 'classic' ? '' : ` (${method.name})`}`;
}

/** Raised for a job whose worker threw or died; names the layer and filters. */
export class BatchFailedError extends Error {
  readonly job: WorkerJob;
  /** What to do about it, when the worker knew (e.g. a session ONNX Runtime could not build). */
  readonly hint: string | undefined;
  constructor(job: WorkerJob, reason: string, hint?: string) {
    super(`${describeJob(job)}: ${reason}`);
    this.name = 'BatchFailedError';
    this.job = job;
    this.hint = hint;
  }
}

/** How long a stopping worker may take to finish its current step before its thread is ended anyway. */
const STOP_TIMEOUT_MS = 60_000;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
}

/**
 * One runtime per worker thread, each rendering one batch at a time. A batch that throws
 * fails alone; a worker that dies is replaced, so the rest of the work goes on.
 */
export class WorkerPool {
  private readonly options: PoolOptions;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Slot>();
  private nextJobId = 0;
  private closed = false;

  constructor(options: PoolOptions) {
    this.options = options;
    // Queued batches must settle when the pool closes, or whoever awaits them would hang.
    this.limit = pLimit({ concurrency: options.workers, rejectOnClear: true });
    for (let i = 0; i < options.workers; i++) this.idle.push(this.spawn());
  }

  get size(): number {
    return this.options.workers;
  }

  /** Resolves once every worker has its backend up; rejects with the first failure. */
  async ready(): Promise<void> {
    await Promise.all([...this.all].map((slot) => slot.ready));
  }

  run(batch: BatchJob): Promise<RenderedFilter[]> {
    return this.submit({ kind: 'patterns', batch });
  }

  tune(tuning: TuningJob): Promise<TuningEntry[]> {
    return this.submit({ kind: 'tuning', tuning });
  }

  examples(examples: ExamplesBatchJob): Promise<ExamplesBatchResult> {
    return this.submit({ kind: 'examples', examples });
  }

  private submit<J extends WorkerJob>(job: J): Promise<WorkerResult<J>> {
    return this.limit(async () => {
      if (this.closed) throw new BatchFailedError(job, 'the pool was stopped');
      const slot = this.idle.pop();
      if (!slot) throw new Error('worker pool invariant broken: no idle worker under the concurrency limit');
      try {
        await slot.ready;
        return await this.runOn(slot, job);
      } finally {
        if (!this.closed) this.idle.push(this.all.has(slot) ? slot : this.spawn());
      }
    });
  }

  /** Stops every worker, each after its current step; batches in flight fail with "the pool was stopped". */
  async close(): Promise<void> {
    this.closed = true;
    this.limit.clearQueue();
    await Promise.all([...this.all].map((slot) => this.stop(slot.worker)));
    this.all.clear();
    this.idle.length = 0;
  }

  /**
   * Asks a worker to stop and ends its thread once it has: terminating a thread while a native
   * runtime call (an ONNX Runtime session run) is in flight aborts the whole process.
   */
  private async stop(worker: Worker): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let cleanup = (): void => undefined;
    const stopped = new Promise<void>((resolve) => {
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'stopped') resolve();
      };
      worker.on('message', onMessage);
      worker.once('exit', () => resolve());
      timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      cleanup = () => {
        worker.off('message', onMessage);
        clearTimeout(timer);
      };
    });
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    await stopped;
    cleanup();
    await worker.terminate();
  }

  private spawn(): Slot {
    const { backend, threads, weights, widths } = this.options;
    const init: WorkerInit = { backend, threads, weights, widths };
    const worker = new Worker(this.options.workerUrl ?? new URL('./worker.ts', import.meta.url), { workerData: init });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'fatal') reject(new AtlasError(message.message, message.hint === undefined ? {} : { hint: message.hint }));
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} while starting`)));
    });
    ready.catch(() => undefined);
    const slot: Slot = { worker, ready };
    this.all.add(slot);
    worker.once('exit', () => this.all.delete(slot));
    return slot;
  }

  private runOn<J extends WorkerJob>(slot: Slot, job: J): Promise<WorkerResult<J>> {
    const id = this.nextJobId++;
    const { worker } = slot;
    return new Promise<WorkerResult<J>>((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'done' && message.id === id) resolve(message.results as WorkerResult<J>);
        else if (message.type === 'error' && message.id === id) reject(new BatchFailedError(job, message.message, message.hint));
        else return;
        cleanup();
      };
      const onError = (error: Error): void => {
        cleanup();
        this.all.delete(slot);
        reject(new BatchFailedError(job, `worker crashed: ${error.message}`));
      };
      const onExit = (code: number): void => {
        cleanup();
        this.all.delete(slot);
        reject(new BatchFailedError(job, this.closed ? 'the pool was stopped' : `worker exited with code ${code}`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const message: ToWorker = { type: 'job', id, job };
      worker.postMessage(message);
    });
  }
}
