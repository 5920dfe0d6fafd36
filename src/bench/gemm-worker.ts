/** One thread of the reference throughput measurement (see gemm.ts): tfjs or ONNX Runtime. */
import * as tf from '@tensorflow/tfjs-core';
import { parentPort, workerData } from 'node:worker_threads';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { GraphBuilder } from '../engine/runtime/onnx/graph-builder.ts';
import { importOnnxRuntime } from '../engine/runtime/onnx/runtime.ts';
import { activateBackend } from '../engine/runtime/tfjs/backend.ts';
import { GEMM_SHAPES, type FromGemmWorker, type GemmShape, type GemmWorkerInit, type ToGemmWorker } from './gemm.ts';

/** Runs one operation of `shape` (synchronously done when the promise settles). */
type Operation = () => Promise<void>;

/** GFLOP/s of `run`, repeated for at least `seconds` after one warm-up run. */
async function measure(shape: GemmShape, run: Operation, seconds: number): Promise<number> {
  await run();
  const started = performance.now();
  let runs = 0;
  while (runs === 0 || performance.now() - started < seconds * 1000) {
    await run();
    runs++;
  }
  return (shape.flops * runs) / ((performance.now() - started) / 1000) / 1e9;
}

function tfjsOperation(shape: GemmShape): { run: Operation; dispose: () => void } {
  const a = tf.randomUniform([...shape.a], -1, 1);
  const b = tf.randomUniform([...shape.b], -1, 1);
  return {
    run: async () => {
      const out = shape.op === 'matMul' ? tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D) : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same');
      out.dataSync();
      out.dispose();
    },
    dispose: () => tf.dispose([a, b]),
  };
}

function random(length: number): Float32Array {
  return Float32Array.from({ length }, () => Math.random() * 2 - 1);
}

/** The same operation as an ONNX graph: NCHW/OIHW layouts, the second operand a weight. */
async function onnxOperation(ort: typeof import('onnxruntime-node'), shape: GemmShape, threads: number): Promise<{ run: Operation; dispose: () => Promise<void> }> {
  const g = new GraphBuilder();
  let input: readonly number[];
  if (shape.op === 'matMul') {
    input = shape.a;
    g.input('a', input);
    g.node('MatMul', ['a', g.weight('b', random(shape.b[0]! * shape.b[1]!), shape.b)], {}, 'y');
  } else {
    const [n, h, w, c] = shape.a as readonly [number, number, number, number];
    const [kh, kw, ci, co] = shape.b as readonly [number, number, number, number];
    input = [n, c, h, w];
    g.input('a', input);
    const pad = (kh - 1) / 2;
    g.node('Conv', ['a', g.weight('b', random(kh * kw * ci * co), [co, ci, kh, kw])], { kernel_shape: [kh, kw], pads: [pad, pad, pad, pad] }, 'y');
  }
  g.output('y', []);
  const session: InferenceSession = await ort.InferenceSession.create(g.encode(shape.name), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const feeds: Record<string, Tensor> = { a: new ort.Tensor('float32', random(input.reduce((x, y) => x * y, 1)), [...input]) };
  return { run: async () => void (await session.run(feeds)), dispose: () => session.release() };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('gemm-worker.ts must run in a worker thread');
  const init = workerData as GemmWorkerInit;
  const post = (message: FromGemmWorker): void => port.postMessage(message);
  try {
    let operation: (shape: GemmShape) => Promise<{ run: Operation; dispose: () => unknown }>;
    let backend: string;
    if (init.backend === 'onnx') {
      const imported = await importOnnxRuntime();
      if ('failure' in imported) throw new Error(`onnxruntime-node: ${imported.failure.reason}`);
      operation = (shape) => onnxOperation(imported.module, shape, init.sessionThreads);
      backend = 'onnx';
    } else {
      backend = await activateBackend(init.backend);
      operation = async (shape) => tfjsOperation(shape);
    }
    port.once('message', async (message: ToGemmWorker) => {
      if (message.type !== 'go') return;
      const gflops: number[] = [];
      for (const shape of GEMM_SHAPES) {
        const { run, dispose } = await operation(shape);
        gflops.push(await measure(shape, run, init.seconds));
        await dispose();
      }
      post({ type: 'done', gflops });
    });
    post({ type: 'ready', backend });
  } catch (error) {
    post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  }
}

await main();
