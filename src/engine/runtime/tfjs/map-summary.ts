import * as tf from '@tensorflow/tfjs-core';
import { heatmapGeometry, type MapSummary } from '../map-summary.ts';
import type { Network } from './network.ts';

const LOWEST_FLOAT32 = -3.4028234663852886e38;

interface LayerTensors {
  readonly layer: string;
  readonly side: number;
  readonly channels: number;
  readonly tensors: readonly tf.Tensor[];
}

/** The tfjs twin of the ONNX map-summary graph: one forward pass, reductions on the backend. */
export async function summarizeOnTfjs(network: Network, images: tf.Tensor4D, layers: readonly string[]): Promise<MapSummary[]> {
  const count = images.shape[0];
  const pending: LayerTensors[] = [];
  tf.tidy(() => {
    const summarize = (layer: string, preRelu: tf.Tensor4D): void => {
      const [, side, , channels] = preRelu.shape;
      const flat = tf.transpose(tf.reshape(preRelu, [count, side * side, channels]), [0, 2, 1]);
      const heat = heatmapGeometry(side);
      // ONNX's ceil_mode: the last window is cut at the edge (tfjs' 'same' would centre the padding instead).
      const extra = heat.side * heat.factor - side;
      const padded = extra === 0 ? preRelu : tf.pad(preRelu, [[0, 0], [0, extra], [0, extra], [0, 0]], LOWEST_FLOAT32);
      const pooled = heat.factor === 1 ? preRelu : tf.maxPool(padded, heat.factor, heat.factor, 'valid');
      const tensors = [tf.max(flat, 2), tf.argMax(flat, 2), tf.min(flat, 2), tf.argMin(flat, 2), tf.mean(tf.relu(preRelu), [1, 2]), tf.transpose(pooled, [0, 3, 1, 2])];
      tensors.forEach((tensor) => tf.keep(tensor));
      pending.push({ layer, side, channels, tensors });
    };
    let activation: tf.Tensor4D = images;
    for (const stage of network.stages) {
      if (stage.kind === 'pool') {
        activation = tf.maxPool(activation, 2, 2, 'valid');
        continue;
      }
      const preRelu = tf.conv2d(activation, stage.kernel, 1, 'same').add(stage.bias) as tf.Tensor4D;
      if (layers.includes(stage.name)) summarize(stage.name, preRelu);
      activation = tf.relu(preRelu);
    }
    summarize(network.target, tf.conv2d(activation, network.targetKernel, 1, 'same').add(network.targetBias) as tf.Tensor4D);
  });
  try {
    const byLayer = new Map<string, MapSummary>();
    for (const { layer, side, channels, tensors } of pending) {
      const [max, argmax, min, argmin, mean, heat] = await Promise.all(tensors.map((tensor) => tensor.data()));
      byLayer.set(layer, {
        layer,
        filterCount: channels,
        side,
        max: Float32Array.from(max!),
        argmax: Int32Array.from(argmax!),
        min: Float32Array.from(min!),
        argmin: Int32Array.from(argmin!),
        postReluMean: Float32Array.from(mean!),
        heat: Float32Array.from(heat!),
        heatSide: heatmapGeometry(side).side,
      });
    }
    return layers.map((layer) => byLayer.get(layer)!);
  } finally {
    tf.dispose(pending.flatMap((item) => item.tensors));
  }
}
