/** One thread of the reference throughput measurement (see gemm.ts). */
import * as tf from '@tensorflow/tfjs-core';
import { parentPort, workerData } from 'node:worker_threads';
import { activateBackend } from '../engine/backend.ts';
import { GEMM_SHAPES, type FromGemmWorker, type GemmShape, type GemmWorkerInit, type ToGemmWorker } from './gemm.ts';

function runOnce(shape: GemmShape, a: tf.Tensor, b: tf.Tensor): void {
  const out = shape.op === 'matMul' ? tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D) : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same');
  out.dataSync();
  out.dispose();
}

/** GFLOP/s of `shape`, repeated for at least `seconds` after one warm-up run. */
function measure(shape: GemmShape, seconds: number): number {
  const a = tf.randomUniform([...shape.a], -1, 1);
  const b = tf.randomUniform([...shape.b], -1, 1);
  try {
    runOnce(shape, a, b);
    const started = performance.now();
    let runs = 0;
    while (runs === 0 || performance.now() - started < seconds * 1000) {
      runOnce(shape, a, b);
      runs++;
    }
    return (shape.flops * runs) / ((performance.now() - started) / 1000) / 1e9;
  } finally {
    tf.dispose([a, b]);
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('gemm-worker.ts must run in a worker thread');
  const init = workerData as GemmWorkerInit;
  const post = (message: FromGemmWorker): void => port.postMessage(message);
  try {
    const backend = await activateBackend(init.backend);
    port.once('message', (message: ToGemmWorker) => {
      if (message.type !== 'go') return;
      post({ type: 'done', gflops: GEMM_SHAPES.map((shape) => measure(shape, init.seconds)) });
    });
    post({ type: 'ready', backend });
  } catch (error) {
    post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  }
}

await main();
