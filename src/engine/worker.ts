import { parentPort, workerData } from 'node:worker_threads';
import { activateBackend, type ResolvedBackend } from './backend.ts';
import { BatchRenderer, type BatchJob } from './render-batch.ts';
import type { WeightSet } from './weights/types.ts';
import type { BlockWidths } from './weights/validate.ts';

export interface WorkerInit {
  readonly backend: ResolvedBackend;
  readonly weights: WeightSet;
  readonly widths: BlockWidths;
}

export type ToWorker = { readonly type: 'job'; readonly id: number; readonly job: BatchJob };
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'done'; readonly id: number; readonly results: ReturnType<BatchRenderer['render']> }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const init = workerData as WorkerInit;
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  try {
    await activateBackend(init.backend);
  } catch (error) {
    post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const renderer = new BatchRenderer(init.weights, init.widths);
  port.on('message', (message: ToWorker) => {
    try {
      const results = renderer.render(message.job);
      post({ type: 'done', id: message.id, results }, results.map((result) => result.pixels.buffer as ArrayBuffer));
    } catch (error) {
      post({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
  post({ type: 'ready' });
}

await main();
