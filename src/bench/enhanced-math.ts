/**
 * Per-step cost of the enhanced method's pure-TypeScript part, without the network: for a batch of
 * B images, render (spectrum → colour → sigmoid), transform (standard set + caffe), and back
 * through both, plus the Adam update. The network's own forward/backward is not included.
 *
 *   node src/bench/enhanced-math.ts [--batch 16] [--sizes 64,96,128] [--steps 20]
 *
 * Prints milliseconds per step for the batch and per image, median over the timed steps: wall time
 * per part, and the process' CPU time for the whole step, which is steadier when other work shares
 * the cores (wall time then stretches, CPU time does not).
 */
import { parseArgs } from 'node:util';
import { seededRandom } from '../engine/noise.ts';
import { Adam } from '../engine/optimize/adam.ts';
import { rgbParameterization } from '../engine/param/color.ts';
import { SpectralBasis } from '../engine/param/spectral.ts';
import { caffe } from '../engine/transform/caffe.ts';
import { TransformPipeline, type PipelineDraw } from '../engine/transform/pipeline.ts';
import { standardTransformAmounts, standardTransforms } from '../engine/transform/standard.ts';

interface Timing {
  render: number;
  transformForward: number;
  transformBackward: number;
  paramBackward: number;
  adam: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function benchSize(size: number, batch: number, steps: number): void {
  const amounts = standardTransformAmounts(size);
  const param = rgbParameterization(new SpectralBasis(size));
  const pipeline = new TransformPipeline([...standardTransforms(amounts), caffe()], { height: size, width: size, channels: 3 });
  const T = amounts.inputSize;
  const params = Array.from({ length: batch }, (_, b) => param.init(seededRandom(0, 'bench', b)));
  const optimizers = params.map(() => new Adam(param.parameterCount));
  const images = Array.from({ length: batch }, () => new Float32Array(size * size * 3));
  const imageGradients = Array.from({ length: batch }, () => new Float32Array(size * size * 3));
  const paramGradients = Array.from({ length: batch }, () => new Float32Array(param.parameterCount));
  const networkInput = new Float32Array(batch * T * T * 3);
  // A stand-in for the network's gradient: fixed noise of the right shape.
  const fakeGradient = Float32Array.from({ length: networkInput.length }, seededRandom(1, 'bench-gradient'));
  const per = T * T * 3;
  const samples: Timing[] = [];
  const cpu: number[] = [];
  for (let step = 0; step < steps + 3; step++) {
    const cpuStart = process.cpuUsage();
    const t: Timing = { render: 0, transformForward: 0, transformBackward: 0, paramBackward: 0, adam: 0 };
    const draws: PipelineDraw[] = [];
    let t0 = performance.now();
    for (let b = 0; b < batch; b++) param.render(params[b]!, images[b]!);
    let t1 = performance.now();
    t.render = t1 - t0;
    t0 = t1;
    for (let b = 0; b < batch; b++) {
      const draw = pipeline.draw(seededRandom(0, 'bench', b, 'transform', step));
      draws.push(draw);
      pipeline.forward(draw, images[b]!, networkInput.subarray(b * per, (b + 1) * per));
    }
    t1 = performance.now();
    t.transformForward = t1 - t0;
    t0 = t1;
    for (let b = 0; b < batch; b++) pipeline.backward(draws[b]!, fakeGradient.subarray(b * per, (b + 1) * per), imageGradients[b]!);
    t1 = performance.now();
    t.transformBackward = t1 - t0;
    t0 = t1;
    for (let b = 0; b < batch; b++) param.backward(images[b]!, imageGradients[b]!, paramGradients[b]!);
    t1 = performance.now();
    t.paramBackward = t1 - t0;
    t0 = t1;
    for (let b = 0; b < batch; b++) optimizers[b]!.step(params[b]!, paramGradients[b]!);
    t.adam = performance.now() - t0;
    const cpuUsed = process.cpuUsage(cpuStart);
    if (step >= 3) {
      // The first steps warm the JIT up.
      samples.push(t);
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    }
  }
  const keys = ['render', 'transformForward', 'transformBackward', 'paramBackward', 'adam'] as const;
  const medians = Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])) as Record<(typeof keys)[number], number>;
  const total = median(samples.map((s) => keys.reduce((sum, k) => sum + s[k], 0)));
  const parts = keys.map((k) => `${k} ${medians[k].toFixed(2)}`).join(', ');
  const cpuTotal = median(cpu);
  console.log(`S=${size} T=${T} B=${batch}: wall ${total.toFixed(1)} ms/step (${(total / batch).toFixed(2)} ms/image), CPU ${cpuTotal.toFixed(1)} ms/step (${(cpuTotal / batch).toFixed(2)} ms/image); wall ${parts} ms`);
}

const { values } = parseArgs({
  options: { batch: { type: 'string', default: '16' }, sizes: { type: 'string', default: '64,80,96,112,128' }, steps: { type: 'string', default: '20' } },
});
for (const size of values.sizes.split(',').map(Number)) benchSize(size, Number(values.batch), Number(values.steps));
