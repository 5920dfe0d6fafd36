/**
 * Keras VGG16's "caffe" preprocessing (`keras.applications.vgg16.preprocess_input`): the ImageNet
 * weights were trained on 0–255 BGR images minus the BGR channel means, so that is what the network
 * must see for its filters to mean what they learned. RGB in [0, 1] → ×255 → BGR → − mean.
 * Per pixel: out = (255·b − 103.939, 255·g − 116.779, 255·r − 123.68). Affine; the adjoint of its
 * linear part sends (gB, gG, gR) back to 255·(gR, gG, gB).
 */
import type { Uniform } from '../noise.ts';
import { checkShape, type ImageShape, type Transform, type TransformDraw } from './types.ts';

/** The BGR means subtracted, as in Keras. */
export const CAFFE_BGR_MEAN: readonly [number, number, number] = [103.939, 116.779, 123.68];
/** [0, 1] → [0, 255]. */
export const CAFFE_SCALE = 255;

/** RGB [0, 1] → caffe BGR, HWC with 3 channels. `out` must not alias `rgb`. */
export function caffeForward(rgb: Float32Array, out: Float32Array): void {
  const [mb, mg, mr] = CAFFE_BGR_MEAN;
  for (let i = 0; i < rgb.length; i += 3) {
    out[i] = CAFFE_SCALE * rgb[i + 2]! - mb;
    out[i + 1] = CAFFE_SCALE * rgb[i + 1]! - mg;
    out[i + 2] = CAFFE_SCALE * rgb[i]! - mr;
  }
}

/** ∂loss/∂rgb from ∂loss/∂bgr. `out` must not alias `bgrGradient`. */
export function caffeBackward(bgrGradient: Float32Array, out: Float32Array): void {
  for (let i = 0; i < bgrGradient.length; i += 3) {
    out[i] = CAFFE_SCALE * bgrGradient[i + 2]!;
    out[i + 1] = CAFFE_SCALE * bgrGradient[i + 1]!;
    out[i + 2] = CAFFE_SCALE * bgrGradient[i]!;
  }
}

/** The caffe preprocessing as a (non-random) pipeline stage; the last one before the network. */
export function caffe(): Transform {
  return {
    description: { kind: 'caffe', scale: CAFFE_SCALE, order: 'bgr', mean: [...CAFFE_BGR_MEAN] },
    outputShape: (input) => input,
    draw(input: ImageShape, _random: Uniform): TransformDraw {
      if (input.channels !== 3) throw new RangeError(`caffe preprocessing needs 3 channels, got ${input.channels}`);
      return {
        input,
        output: input,
        description: { kind: 'caffe' },
        forward(rgb, out) {
          checkShape(rgb, input, 'caffe input');
          checkShape(out, input, 'caffe output');
          caffeForward(rgb, out);
        },
        backward(outputGradient, inputGradient) {
          checkShape(outputGradient, input, 'caffe output gradient');
          checkShape(inputGradient, input, 'caffe input gradient');
          caffeBackward(outputGradient, inputGradient);
        },
      };
    },
  };
}
