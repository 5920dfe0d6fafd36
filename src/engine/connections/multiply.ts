import os from 'node:os';
import { GraphBuilder } from '../runtime/onnx/graph-builder.ts';
import { importOnnxRuntime } from '../runtime/onnx/runtime.ts';
import { multiplyAdd, transposeTaps } from './gemm.ts';

/** A[rows × inner] · B[inner × cols], row-major, as a fresh array: the one heavy step of composing kernels. */
export type Multiply = (a: Float32Array, b: Float32Array, rows: number, inner: number, cols: number) => Promise<Float32Array>;

export interface Multiplier {
  /** 'onnx' (ONNX Runtime's MatMul) or 'js' (gemm.ts's loop). */
  readonly name: 'onnx' | 'js';
  readonly multiply: Multiply;
  dispose(): Promise<void>;
}

export const jsMultiplier: Multiplier = {
  name: 'js',
  multiply: async (a, b, rows, inner, cols) => {
    const product = new Float32Array(rows * cols);
    multiplyAdd(a, 0, transposeTaps(b, 1, inner, cols), 0, product, 0, rows, inner, cols);
    return product;
  },
  dispose: async () => undefined,
};

/**
 * ONNX Runtime's MatMul on all cores (one session per shape), measured about 30 times faster than
 * the JavaScript loop on block3→block4; the JavaScript loop where ONNX Runtime does not load.
 */
export async function fastestMultiplier(): Promise<Multiplier> {
  const imported = await importOnnxRuntime();
  if ('failure' in imported) return jsMultiplier;
  const ort = imported.module;
  ort.env.logLevel = 'fatal';
  const sessions = new Map<string, Promise<import('onnxruntime-node').InferenceSession>>();
  const session = (rows: number, inner: number, cols: number): Promise<import('onnxruntime-node').InferenceSession> => {
    const key = `${rows}x${inner}x${cols}`;
    let pending = sessions.get(key);
    if (!pending) {
      const g = new GraphBuilder();
      g.input('a', [rows, inner]);
      g.input('b', [inner, cols]);
      g.node('MatMul', ['a', 'b'], {}, 'c');
      g.output('c', [rows, cols]);
      pending = ort.InferenceSession.create(g.encode(`matmul_${key}`), { executionProviders: ['cpu'], intraOpNumThreads: os.availableParallelism(), interOpNumThreads: 1 });
      sessions.set(key, pending);
    }
    return pending;
  };
  return {
    name: 'onnx',
    multiply: async (a, b, rows, inner, cols) => {
      const outputs = await (await session(rows, inner, cols)).run({ a: new ort.Tensor('float32', a, [rows, inner]), b: new ort.Tensor('float32', b, [inner, cols]) });
      const product = outputs['c']?.data;
      if (!(product instanceof Float32Array)) throw new Error('ONNX Runtime returned no float32 product');
      return product;
    },
    dispose: async () => {
      for (const pending of sessions.values()) await (await pending).release();
      sessions.clear();
    },
  };
}
