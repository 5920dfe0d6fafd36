/**
 * Reference throughput of a backend the engine uses: a large matMul and convolutions of the
 * engine's block3/block4 shapes, run at once in as many worker threads (one backend each) as the
 * engine's pool uses, and summed; for ONNX Runtime also one session using several threads.
 */
import { Worker } from 'node:worker_threads';
import type { GemmRate, GemmResult, GemmTask } from './tasks.ts';

export interface GemmShape {
  readonly name: string;
  readonly op: 'matMul' | 'conv2d';
  /** matMul: [m, k] x [k, n]; conv2d: input NHWC and kernel HWIO, 'same', stride 1. */
  readonly a: readonly [number, number] | readonly [number, number, number, number];
  readonly b: readonly [number, number] | readonly [number, number, number, number];
  readonly flops: number;
}

export const GEMM_SHAPES: readonly GemmShape[] = [
  { name: 'matMul 2048x2048x2048', op: 'matMul', a: [2048, 2048], b: [2048, 2048], flops: 2 * 2048 ** 3 },
  // The same GEMM as a 1x1 convolution: tfjs-wasm runs it through XNNPACK's sgemm, unlike matMul.
  { name: 'matMul 2048^3 as a 1x1 conv2d', op: 'conv2d', a: [1, 2048, 1, 2048], b: [1, 1, 2048, 2048], flops: 2 * 2048 ** 3 },
  { name: 'conv 3x3 256->256 @16x16, batch 32 (block3_conv2)', op: 'conv2d', a: [32, 16, 16, 256], b: [3, 3, 256, 256], flops: 2 * 32 * 256 * 9 * 256 * 256 },
  { name: 'conv 3x3 256->512 @8x8, batch 32 (block4_conv1)', op: 'conv2d', a: [32, 8, 8, 256], b: [3, 3, 256, 512], flops: 2 * 32 * 64 * 9 * 256 * 512 },
];

export type ToGemmWorker = { readonly type: 'go' };
export type FromGemmWorker =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'done'; readonly gflops: readonly number[] }
  | { readonly type: 'fatal'; readonly message: string };

export interface GemmWorkerInit {
  readonly backend: GemmTask['backend'];
  readonly seconds: number;
  /** ONNX Runtime's intra-op threads per session. */
  readonly sessionThreads: number;
}

/** Starts `task.threads` workers, lets them all start at once, and sums their rates per shape. */
export async function measureGemm(task: GemmTask): Promise<Omit<GemmResult, 'maxRssBytes'>> {
  const init: GemmWorkerInit = { backend: task.backend, seconds: task.seconds, sessionThreads: task.sessionThreads ?? 1 };
  const workers = Array.from({ length: task.threads }, () => new Worker(new URL('./gemm-worker.ts', import.meta.url), { workerData: init }));
  try {
    const next = (worker: Worker): Promise<FromGemmWorker> =>
      new Promise((resolve, reject) => {
        worker.once('message', (message: FromGemmWorker) => (message.type === 'fatal' ? reject(new Error(message.message)) : resolve(message)));
        worker.once('error', reject);
      });
    const ready = await Promise.all(workers.map(next));
    const finished = workers.map(next);
    for (const worker of workers) worker.postMessage({ type: 'go' } satisfies ToGemmWorker);
    const done = await Promise.all(finished);
    const rates: GemmRate[] = GEMM_SHAPES.map((shape, i) => ({
      name: shape.name,
      gflops: done.reduce((sum, message) => sum + (message.type === 'done' ? (message.gflops[i] ?? 0) : 0), 0),
    }));
    const backend = ready[0]?.type === 'ready' ? ready[0].backend : task.backend;
    return { kind: 'gemm', backend, threads: task.threads, sessionThreads: init.sessionThreads, rates };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
