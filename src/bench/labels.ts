/**
 * The bench's labelling measurement: labels, families and neighbours of every filter of
 * block1_conv1 … block4_conv1 (960) from synthetic full-shape tuning and per-image maxima, no cache.
 */
import { labelAtlas } from '../atlas/labels/label-atlas.ts';
import type { ExampleEntry } from '../engine/examples/example-entry.ts';
import type { ImageMaxima } from '../engine/examples/maxima.ts';
import { protocolFor } from '../engine/tuning/job.ts';
import type { TuningEntry } from '../engine/tuning/tuning-entry.ts';
import { ATLAS_LAYERS, VGG16_LAYERS } from '../engine/vgg16.ts';
import { mulberry32 as random } from '../engine/weights/random-vgg.ts';

export interface LabelsTask {
  readonly kind: 'labels';
  /** Images in the synthetic example set (rows of each layer's maxima). */
  readonly images: number;
}

export interface LabelsResult {
  readonly kind: 'labels';
  readonly filters: number;
  readonly images: number;
  /** Wall time of labelling every layer, and per layer (with its family count). */
  readonly seconds: number;
  readonly layers: readonly { readonly layer: string; readonly families: number; readonly silhouette: number }[];
}

const round = (value: number): number => Number(value.toPrecision(4));

/** A filter's tuning with random bell-shaped curves on the real stimulus grid (size 64). */
function syntheticTuning(layer: string, index: number, next: () => number): TuningEntry {
  const protocol = protocolFor(64);
  const bell = (axis: readonly number[], period: number, peak: number, width: number): number[] =>
    axis.map((value) => {
      const delta = Math.min(Math.abs(value - peak) % period, period - (Math.abs(value - peak) % period));
      return round(1 + 100 * Math.exp(-((delta / width) ** 2)) * next());
    });
  const orientation = next() * 180;
  const hue = next() * 360;
  const frequencyResponse = protocol.cyclesPerSide.map(() => round(100 * next()));
  const orientationResponse = bell(protocol.orientations, 180, orientation, 10 + 40 * next());
  const hueResponse = bell(protocol.hues, 360, hue, 20 + 100 * next());
  const peak = Math.max(...frequencyResponse, ...orientationResponse, ...hueResponse);
  const best = protocol.cyclesPerSide[frequencyResponse.indexOf(Math.max(...frequencyResponse))]!;
  return {
    layer,
    index,
    responsive: true,
    maxResponse: peak,
    bestStimulus: null,
    responseByKind: { luminance: Math.max(...orientationResponse), redGreen: round(50 * next()), blueYellow: round(50 * next()), hue: Math.max(...hueResponse), midGray: round(5 * next()) },
    preferredFrequency: best,
    frequencyCurve: { cyclesPerSide: [...protocol.cyclesPerSide], response: frequencyResponse },
    preferredOrientation: Math.round(orientation * 10) / 10 % 180,
    orientationSelectivity: round(next()),
    orientationCurve: { cyclesPerSide: best, degrees: [...protocol.orientations], response: orientationResponse },
    preferredHue: Math.round(hue * 10) / 10 % 360,
    hueSelectivity: round(next()),
    hueCurve: { hues: [...protocol.hues], response: hueResponse },
    lightnessCurve: { lightness: [...protocol.grayLevels], response: protocol.grayLevels.map(() => round(20 * next())) },
    colorOpponency: round(next()),
  };
}

/** Maxima with a few shared factors, so filters correlate as real ones do; images in 10 class folders. */
function syntheticMaxima(layer: string, filterCount: number, images: number, next: () => number): ImageMaxima {
  const factors = 8;
  const loadings = Float64Array.from({ length: filterCount * factors }, () => next() * 2 - 1);
  const values = new Float32Array(images * filterCount);
  for (let r = 0; r < images; r++) {
    const scores = Array.from({ length: factors }, () => next() * 2 - 1);
    for (let c = 0; c < filterCount; c++) {
      let value = next() - 0.5;
      for (let f = 0; f < factors; f++) value += loadings[c * factors + f]! * scores[f]!;
      values[r * filterCount + c] = value * 10;
    }
  }
  const names = Array.from({ length: images }, (_, r) => `class-${r % 10}/image-${String(r).padStart(5, '0')}.jpg`).sort();
  return { layer, filterCount, images: names, values };
}

function syntheticExamples(maxima: ImageMaxima, layer: string): ExampleEntry[] {
  return Array.from({ length: maxima.filterCount }, (_, index) => {
    const column = maxima.images.map((image, r) => ({ image, value: maxima.values[r * maxima.filterCount + index]! }));
    column.sort((a, b) => b.value - a.value);
    const example = ({ image, value }: { image: string; value: number }) => ({ image, value, x: 0, y: 0, crop: { file: 'c.webp', side: 1, field: { left: 0, top: 0, width: 1, height: 1 } }, whole: 'w.webp' });
    return {
      layer,
      index,
      top: column.slice(0, 9).map(example),
      bottom: column.slice(-9).reverse().map(example),
      stats: { fireRate: column.filter((item) => item.value > 0).length / column.length, meanPostReluMean: 1, maxPercentiles: [] },
    };
  });
}

export async function runLabelsBench(task: LabelsTask): Promise<LabelsResult> {
  const next = random(25);
  const tuning: TuningEntry[] = [];
  const examples: ExampleEntry[] = [];
  const maxima = new Map<string, ImageMaxima>();
  for (const layer of ATLAS_LAYERS) {
    const spec = VGG16_LAYERS.find((candidate) => candidate.name === layer);
    if (spec?.kind !== 'conv') throw new Error(`${layer} is not a convolution`);
    for (let index = 0; index < spec.outChannels; index++) tuning.push(syntheticTuning(layer, index, next));
    const layerMaxima = syntheticMaxima(layer, spec.outChannels, task.images, next);
    maxima.set(layer, layerMaxima);
    examples.push(...syntheticExamples(layerMaxima, layer));
  }
  const started = performance.now();
  const result = await labelAtlas({ tuning, examples, maxima, patterns: [] });
  const seconds = (performance.now() - started) / 1000;
  if (!result || result.labels.length !== tuning.length) throw new Error('the labelling bench did not label every filter');
  return {
    kind: 'labels',
    filters: result.labels.length,
    images: task.images,
    seconds,
    layers: result.labelsProtocol.layers.map(({ layer, clustering }) => ({ layer, families: clustering.families, silhouette: clustering.silhouette })),
  };
}
