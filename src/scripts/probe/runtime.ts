/**
 * The network in the browser: TensorFlow.js on its WebAssembly backend, one thread (GitHub Pages
 * sends no COOP/COEP headers, so there is no SharedArrayBuffer), its convolutions and poolings run
 * on the atlas's browser model (engine/browser-model). This module is imported only once the
 * visitor has chosen an image, so the page's first load carries none of it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import type { ActivationMap } from '../../site/probe/analysis.ts';
import type { ProbeLayerConfig } from '../../site/probe/page-data.ts';
import type { LayerWeights } from './weights.ts';

export interface ProbeNetwork {
  /** Post-ReLU activations of the last of `layers` on one caffe-preprocessed side×side image. */
  run(pixels: Float32Array, side: number, layers: readonly ProbeLayerConfig[], weights: ReadonlyMap<string, LayerWeights>): Promise<ActivationMap>;
}

interface ConvTensors {
  readonly kernel: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
}

export async function loadNetwork(): Promise<ProbeNetwork> {
  // Never threads: the threaded binary would need cross-origin isolation, which the site cannot have.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': simdWasm });
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend did not start');
  await tf.ready();
  const tensors = new Map<string, ConvTensors>();
  const convTensors = (name: string, weights: ReadonlyMap<string, LayerWeights>, inChannels: number, outChannels: number): ConvTensors => {
    let conv = tensors.get(name);
    if (!conv) {
      const values = [...weights.values()].map((layer) => layer.convs.get(name)).find((found) => found !== undefined);
      if (!values) throw new Error(`no weights for ${name}`);
      // Kept: made during a run's tidy, they would otherwise be freed at its end.
      conv = { kernel: tf.keep(tf.tensor4d(values.kernel, [3, 3, inChannels, outChannels])), bias: tf.keep(tf.tensor1d(values.bias)) };
      tensors.set(name, conv);
    }
    return conv;
  };
  return {
    async run(pixels, side, layers, weights) {
      const stages = layers.flatMap((layer) => layer.stages);
      const output = tf.tidy(() => {
        let x: tf.Tensor4D = tf.tensor4d(pixels, [1, side, side, 3]);
        for (const stage of stages) {
          if (stage.kind === 'pool') {
            x = tf.maxPool(x, 2, 2, 'valid');
          } else {
            const { kernel, bias } = convTensors(stage.name, weights, stage.inChannels, stage.outChannels);
            x = tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'same', bias, activation: 'relu' });
          }
        }
        return x;
      });
      const [, height, , channels] = output.shape;
      const values = (await output.data()) as Float32Array;
      output.dispose();
      return { side: height, channels, values };
    },
  };
}
