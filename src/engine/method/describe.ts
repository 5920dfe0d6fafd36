import { ADAM_DEFAULTS } from '../optimize/adam.ts';
import { GRADIENT_EPSILON } from '../optimize/normalized-gradient.ts';
import { NOISE_BASE, NOISE_RANGE } from '../noise.ts';
import type { FilterObjective } from '../runtime/types.ts';
import { transformSet } from '../transform/standard.ts';
import { EnhancedSetup, FIRING_PROBE_PERIOD } from './enhanced.ts';
import type { MethodDescription, MethodParams } from './params.ts';

/** The objective each method maximises in the end: the notebook's post-ReLU mean; the enhanced method's `objective`. */
export function methodObjective(params: MethodParams): FilterObjective {
  return { activation: params.name === 'classic' ? 'post-relu' : params.objective };
}

/** Side of the images the network sees for this method (batch sizes and costs depend on it). */
export function networkInputSize(params: MethodParams): number {
  return params.name === 'classic' ? params.size : transformSet(params.transforms, params.size).inputSize;
}

export function describeMethod(params: MethodParams): MethodDescription {
  const objective = methodObjective(params).activation;
  if (params.name === 'classic') {
    return {
      params,
      objective,
      preprocessing: 'raw',
      inputSize: params.size,
      recipe: {
        start: { kind: 'uniform noise', base: NOISE_BASE, range: NOISE_RANGE },
        parameterization: 'pixels',
        update: { kind: 'normalised gradient', epsilon: GRADIENT_EPSILON },
        output: 'notebook deprocess: centre, std 0.1, + 0.5, clip to [0, 1], x255',
      },
    };
  }
  const setup = new EnhancedSetup(params.size, params.transforms);
  return {
    params,
    objective,
    preprocessing: 'caffe',
    inputSize: setup.inputSize,
    recipe: {
      parameterization: setup.parameterization.description,
      transforms: setup.pipeline.description,
      objective: params.preReluStart ? { start: `pre-relu until the filter fires (its mean is positive, or a post-relu read every ${FIRING_PROBE_PERIOD} updates is)`, then: params.objective } : { throughout: params.objective },
      optimizer: { kind: 'adam', learningRate: params.learningRate, schedule: params.schedule, weightDecay: params.weightDecay, beta1: ADAM_DEFAULTS.beta1, beta2: ADAM_DEFAULTS.beta2, epsilon: ADAM_DEFAULTS.epsilon },
      output: 'sigmoid RGB in [0, 1], x255, rounded',
    },
  };
}
