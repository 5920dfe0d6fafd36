/**
 * Random VGG16-topology weights with the real layer names, at any channel widths (tiny for tests,
 * the real ones for the benchmark), deterministic from a seed; written as Keras HDF5 (legacy or
 * Keras 2 dataset naming) or as a TF.js layers model, in the layouts the loaders read.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import h5wasm, { type Group } from 'h5wasm/node';
import { tempPathFor } from '../../lib/atomic-write.ts';
import type { ConvWeights } from './types.ts';
import type { BlockWidths } from './validate.ts';
import { layersUpTo, vgg16Layers } from '../vgg16.ts';

export const TINY_WIDTHS: BlockWidths = [4, 6, 8, 8, 8];

export type KerasNaming = 'legacy' | 'keras2';

export interface TinyModelOptions {
  seed?: number;
  widths?: BlockWidths;
  /** Last conv layer to generate (default block5_conv3). */
  upTo?: string;
}

/** Deterministic He-scaled kernels with mostly positive biases, so raw inputs around 128 do not all die in the ReLUs. */
export function tinyVggWeights(options: TinyModelOptions = {}): Map<string, ConvWeights> {
  const random = mulberry32(options.seed ?? 1);
  const layers = new Map<string, ConvWeights>();
  for (const layer of layersUpTo(options.upTo ?? 'block5_conv3', vgg16Layers(options.widths ?? TINY_WIDTHS))) {
    if (layer.kind !== 'conv') continue;
    const { inChannels, outChannels } = layer;
    const scale = Math.sqrt(2 / (9 * inChannels));
    const kernel = Float32Array.from({ length: 9 * inChannels * outChannels }, () => gaussian(random) * scale);
    const bias = Float32Array.from({ length: outChannels }, () => (random() - 0.25) * 0.4);
    layers.set(layer.name, { kernel, kernelShape: [3, 3, inChannels, outChannels], bias });
  }
  return layers;
}

/** Convolution weights with random values of any shape, e.g. to plant a wrongly shaped layer. */
export function randomConv(shape: readonly [number, number, number, number], seed = 7): ConvWeights {
  const random = mulberry32(seed);
  const [h, w, cin, cout] = shape;
  return {
    kernel: Float32Array.from({ length: h * w * cin * cout }, () => gaussian(random) * 0.1),
    kernelShape: shape,
    bias: Float32Array.from({ length: cout }, () => random() * 0.1),
  };
}

/**
 * Writes `layers` as a Keras 2 HDF5 weights file laid out like the keras-applications notop file:
 * root `layer_names` (input, convs, pools in topology order), a group per layer with a
 * `weight_names` attribute (empty for input and pool layers). `legacy` names the datasets
 * `<layer>_W_1:0`/`<layer>_b_1:0` and stores fixed-length byte-string attributes; `keras2` names
 * them `<layer>/kernel:0`/`<layer>/bias:0` and stores variable-length strings.
 */
export async function writeKerasHdf5(
  filePath: string,
  layers: ReadonlyMap<string, ConvWeights>,
  naming: KerasNaming,
  options: { underModelWeights?: boolean } = {},
): Promise<void> {
  await h5wasm.ready;
  await mkdir(path.dirname(filePath), { recursive: true });
  const temp = tempPathFor(filePath);
  const file = new h5wasm.File(temp, 'w');
  try {
    const root = options.underModelWeights ? file.create_group('model_weights') : file;
    if (options.underModelWeights) file.create_attribute('model_config', '{"class_name": "Functional"}');
    const layerNames = ['input_1', ...presentLayerNames(layers)];
    writeStringList(root, 'layer_names', layerNames, naming);
    root.create_attribute('backend', 'tensorflow');
    root.create_attribute('keras_version', naming === 'legacy' ? '2.1.5' : '2.15.0');
    for (const layerName of layerNames) {
      const group = root.create_group(layerName);
      const conv = layers.get(layerName);
      if (!conv) {
        group.create_attribute('weight_names', naming === 'legacy' ? new Float64Array(0) : new Int32Array(0), [0]);
        continue;
      }
      const [kernelName, biasName] = naming === 'legacy' ? [`${layerName}_W_1:0`, `${layerName}_b_1:0`] : [`${layerName}/kernel:0`, `${layerName}/bias:0`];
      writeStringList(group, 'weight_names', [kernelName, biasName], naming);
      const holder = naming === 'legacy' ? group : group.create_group(layerName);
      holder.create_dataset({ name: path.posix.basename(kernelName), data: conv.kernel, shape: [...conv.kernelShape], dtype: '<f4' });
      holder.create_dataset({ name: path.posix.basename(biasName), data: conv.bias, shape: [conv.bias.length], dtype: '<f4' });
    }
  } catch (error) {
    file.close();
    await rm(temp, { force: true });
    throw error;
  }
  file.close();
  await rename(temp, filePath);
}

/**
 * Writes `layers` as a TF.js layers model in `directory`: model.json and one or two shards
 * (split mid-tensor, as tensorflowjs_converter does). Returns the model.json path.
 */
export async function writeTfjsModel(directory: string, layers: ReadonlyMap<string, ConvWeights>, options: { shards?: 1 | 2 } = {}): Promise<string> {
  await mkdir(directory, { recursive: true });
  const weights: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const parts: Uint8Array[] = [];
  for (const name of presentLayerNames(layers)) {
    const conv = layers.get(name);
    if (!conv) continue;
    weights.push({ name: `${name}/kernel`, shape: [...conv.kernelShape], dtype: 'float32' });
    weights.push({ name: `${name}/bias`, shape: [conv.bias.length], dtype: 'float32' });
    parts.push(bytesOf(conv.kernel), bytesOf(conv.bias));
  }
  const all = Buffer.concat(parts);
  const shardCount = options.shards ?? 2;
  const cut = Math.ceil(all.length / shardCount);
  const shards = shardCount === 1 ? [all] : [all.subarray(0, cut), all.subarray(cut)];
  const paths = shards.map((_, index) => `group1-shard${index + 1}of${shardCount}.bin`);
  await Promise.all(shards.map((shard, index) => writeFile(path.join(directory, paths[index] ?? ''), shard)));
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'src/engine/weights/random-vgg.ts',
    convertedBy: null,
    modelTopology: { class_name: 'Functional', config: { name: 'vgg16_tiny', layers: [] } },
    weightsManifest: [{ paths, weights }],
  };
  const modelJsonPath = path.join(directory, 'model.json');
  await writeFile(modelJsonPath, JSON.stringify(modelJson, null, 2));
  return modelJsonPath;
}

/** Conv layers in `layers` plus each block's pool once the block has a conv, in topology order. */
function presentLayerNames(layers: ReadonlyMap<string, ConvWeights>): string[] {
  const names: string[] = [];
  let blockHasConv = false;
  for (const layer of vgg16Layers()) {
    if (layer.kind === 'conv' && layers.has(layer.name)) {
      names.push(layer.name);
      blockHasConv = true;
    } else if (layer.kind === 'pool') {
      if (blockHasConv) names.push(layer.name);
      blockHasConv = false;
    }
  }
  return names;
}

function writeStringList(group: Group, name: string, values: readonly string[], naming: KerasNaming): void {
  // h5py stores numpy byte strings as fixed-length strings, as old Keras did; Keras 2.x's newer writers use variable-length ones.
  const dtype = naming === 'legacy' ? `S${Math.max(1, ...values.map((value) => Buffer.byteLength(value)))}` : null;
  group.create_attribute(name, [...values], [values.length], dtype);
}

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** A deterministic generator in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
