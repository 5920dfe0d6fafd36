/**
 * A chain of transforms applied in order, with the backward pass in reverse. The pipeline fixes
 * every intermediate shape from the input shape, so its output size (the network's input size) is
 * known before anything runs, and owns one scratch buffer per intermediate, reused by every call.
 * A `PipelineDraw` (one draw per transform) is all the backward pass needs, since every transform
 * here is affine (see types.ts): draw once per image and step, run forward, and later run backward
 * with the same draw.
 */
import type { Uniform } from '../noise.ts';
import type { Description } from '../param/types.ts';
import { checkShape, sameShape, shapeLength, type ImageShape, type Transform, type TransformDraw } from './types.ts';

export type PipelineDraw = readonly TransformDraw[];

export class TransformPipeline {
  readonly input: ImageShape;
  readonly output: ImageShape;
  /** The input shape, then the shape after each transform. */
  readonly shapes: readonly ImageShape[];
  readonly description: readonly Description[];
  private readonly transforms: readonly Transform[];
  /** scratch[k]: the image (or gradient) between transform k and k + 1. */
  private readonly scratch: Float32Array[];

  constructor(transforms: readonly Transform[], input: ImageShape) {
    const shapes: ImageShape[] = [input];
    for (const transform of transforms) {
      const next = transform.outputShape(shapes[shapes.length - 1]!);
      if (next.height < 1 || next.width < 1) throw new RangeError(`transform ${JSON.stringify(transform.description)} leaves no image (${next.height}×${next.width})`);
      shapes.push(next);
    }
    this.transforms = transforms;
    this.input = input;
    this.output = shapes[shapes.length - 1]!;
    this.shapes = shapes;
    this.description = transforms.map((t) => t.description);
    this.scratch = shapes.slice(1, -1).map((shape) => new Float32Array(shapeLength(shape)));
  }

  /** One draw per transform, in order, from `random`. */
  draw(random: Uniform): PipelineDraw {
    return this.transforms.map((transform, k) => {
      const draw = transform.draw(this.shapes[k]!, random);
      if (!sameShape(draw.output, this.shapes[k + 1]!)) throw new Error(`transform ${k} drew output ${draw.output.height}×${draw.output.width}, expected ${this.shapes[k + 1]!.height}×${this.shapes[k + 1]!.width}`);
      return draw;
    });
  }

  /** out = T_n(…T_1(image)). Allocates `out` when not given. */
  forward(draw: PipelineDraw, image: Float32Array, out?: Float32Array): Float32Array {
    this.checkDraw(draw);
    checkShape(image, this.input, 'pipeline input');
    const result = out ?? new Float32Array(shapeLength(this.output));
    checkShape(result, this.output, 'pipeline output');
    if (draw.length === 0) {
      result.set(image);
      return result;
    }
    let source = image;
    for (let k = 0; k < draw.length; k++) {
      const target = k === draw.length - 1 ? result : this.scratch[k]!;
      draw[k]!.forward(source, target);
      source = target;
    }
    return result;
  }

  /** ∂loss/∂image from ∂loss/∂output: each draw's backward, last to first. Allocates `out` when not given. */
  backward(draw: PipelineDraw, outputGradient: Float32Array, out?: Float32Array): Float32Array {
    this.checkDraw(draw);
    checkShape(outputGradient, this.output, 'pipeline output gradient');
    const result = out ?? new Float32Array(shapeLength(this.input));
    checkShape(result, this.input, 'pipeline input gradient');
    if (draw.length === 0) {
      result.set(outputGradient);
      return result;
    }
    let source = outputGradient;
    for (let k = draw.length - 1; k >= 0; k--) {
      const target = k === 0 ? result : this.scratch[k - 1]!;
      draw[k]!.backward(source, target);
      source = target;
    }
    return result;
  }

  private checkDraw(draw: PipelineDraw): void {
    if (draw.length !== this.transforms.length) throw new Error(`draw has ${draw.length} transforms, the pipeline ${this.transforms.length}`);
    for (let k = 0; k < draw.length; k++) {
      if (!sameShape(draw[k]!.input, this.shapes[k]!) || !sameShape(draw[k]!.output, this.shapes[k + 1]!)) throw new Error(`draw ${k} does not belong to this pipeline (shapes differ)`);
    }
  }
}
