/**
 * The whole differentiable chain the enhanced method runs between the optimizer and the network:
 * spectrum → image → colour → sigmoid → pad → jitter → scale/rotate → jitter → caffe. Its gradient,
 * assembled from each module's backward pass, must match central differences of a scalar function
 * of the network input (the chain is not linear: the sigmoid).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/engine/noise.ts';
import { rgbParameterization } from '../../../src/engine/param/color.ts';
import { SpectralBasis } from '../../../src/engine/param/spectral.ts';
import { randomScaleRotate } from '../../../src/engine/transform/affine.ts';
import { caffe } from '../../../src/engine/transform/caffe.ts';
import { jitter } from '../../../src/engine/transform/jitter.ts';
import { pad } from '../../../src/engine/transform/pad.ts';
import { TransformPipeline } from '../../../src/engine/transform/pipeline.ts';
import { standardTransformAmounts, standardTransforms } from '../../../src/engine/transform/standard.ts';
import { shapeLength } from '../../../src/engine/transform/types.ts';
import { dot, randomVector } from './helpers.ts';

function chain(size: number, pipeline: TransformPipeline, seed: string) {
  const param = rgbParameterization(new SpectralBasis(size));
  // Larger than the N(0, 0.01²) start, so the sigmoid is well away from linear.
  const params = param.init(seededRandom(seed)).map((v) => v * 60);
  const draw = pipeline.draw(seededRandom(seed, 'transform'));
  const weights = randomVector(shapeLength(pipeline.output), seed, 'weights');
  const loss = (p: Float32Array): number => dot(pipeline.forward(draw, param.render(p)), weights).value;
  const image = param.render(params);
  const gradient = param.backward(image, pipeline.backward(draw, weights));
  return { params, loss, gradient, image, draw };
}

describe('param → transforms → caffe: gradient against central differences', () => {
  it('every parameter, S = 12 with strong transforms', () => {
    const S = 12;
    const pipeline = new TransformPipeline([pad(3, 0.5), jitter(2), randomScaleRotate([1.08], [7], 0.5), jitter(1), caffe()], { height: S, width: S, channels: 3 });
    const { params, loss, gradient, image } = chain(S, pipeline, 'chain-12');
    const spread = Math.max(...image) - Math.min(...image);
    assert.ok(spread > 0.3, `the sigmoid is exercised (image spans ${spread.toFixed(2)})`);
    const largest = Math.max(...gradient.map(Math.abs));
    const h = 1e-3;
    let worst = 0;
    for (let i = 0; i < params.length; i++) {
      const plus = Float32Array.from(params);
      const minus = Float32Array.from(params);
      plus[i] = params[i]! + h;
      minus[i] = params[i]! - h;
      const numeric = (loss(plus) - loss(minus)) / (plus[i]! - minus[i]!);
      worst = Math.max(worst, Math.abs(numeric - gradient[i]!));
    }
    assert.ok(worst < 2e-3 * largest, `worst difference ${worst.toExponential(2)} against a largest gradient of ${largest.toExponential(2)}`);
  });

  it('along random directions, S = 64 with the standard transforms', () => {
    const S = 64;
    const pipeline = new TransformPipeline([...standardTransforms(standardTransformAmounts(S)), caffe()], { height: S, width: S, channels: 3 });
    const { params, loss, gradient, draw } = chain(S, pipeline, 'chain-64');
    assert.ok(draw.some((d) => d.description.kind === 'scale-rotate' && (d.description.scale !== 1 || d.description.degrees !== 0)), 'the draw scales or rotates');
    for (let trial = 0; trial < 3; trial++) {
      const direction = randomVector(params.length, 'direction', trial);
      const h = 1e-3;
      const plus = params.map((v, i) => v + h * direction[i]!);
      const minus = params.map((v, i) => v - h * direction[i]!);
      const numeric = (loss(plus) - loss(minus)) / (2 * h);
      const analytic = dot(gradient, direction).value;
      const error = Math.abs(numeric - analytic) / Math.abs(analytic);
      assert.ok(error < 1e-3, `direction ${trial}: numeric ${numeric}, analytic ${analytic}, relative error ${error.toExponential(2)}`);
    }
  });
});
