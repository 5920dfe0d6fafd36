import { normalizedGradientStep } from '../optimize/normalized-gradient.ts';
import type { FilterNetwork } from '../runtime/types.ts';
import { AscentLog, type FilterAscent } from './ascent.ts';

export interface ClassicAscentParams {
  readonly size: number;
  readonly steps: number;
  readonly step: number;
}

/**
 * The notebook's gradient ascent for a batch of filters of one layer, image b maximising
 * filters[b]: the identity parameterization (the parameters are the raw input pixels) with the
 * normalised-gradient step x += step · g / (rms(g) + 1e-5), `steps` times.
 */
export async function classicAscent(
  network: FilterNetwork,
  filters: readonly number[],
  startImages: readonly Float32Array[],
  params: ClassicAscentParams,
  signal?: AbortSignal,
): Promise<FilterAscent[]> {
  const { size, steps, step } = params;
  const count = filters.length;
  const perImage = size * size * 3;
  const pixels = new Float32Array(count * perImage);
  startImages.forEach((image, b) => pixels.set(image, b * perImage));
  const batch = { pixels, count, size };
  const log = new AscentLog(count, perImage);
  for (let update = 0; update < steps; update++) {
    signal?.throwIfAborted();
    const { loss, gradient } = await network.lossAndGradient(batch, filters);
    log.observe(update, loss, gradient).forEach((takesStep, b) => {
      if (takesStep) normalizedGradientStep(pixels, gradient, b * perImage, perImage, step);
    });
  }
  log.observeFinal(await network.loss(batch, filters));
  const images = filters.map((_, b) => pixels.slice(b * perImage, (b + 1) * perImage));
  const moved = images.map((image, b) => image.some((value, i) => value !== startImages[b]![i]));
  return log.results(filters, images, moved);
}
