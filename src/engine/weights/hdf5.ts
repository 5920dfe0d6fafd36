import { createHash } from 'node:crypto';
import path from 'node:path';
import h5wasm, { type Dataset, type Group, type OutputData } from 'h5wasm/node';
import { AtlasError } from '../../errors.ts';
import { readWeightsFileBytes } from './read-file.ts';
import type { ConvWeights, WeightSet } from './types.ts';

const CORRUPT_HINT = 'the file is truncated or corrupt: download it again, or pass another Keras .h5 weights file with --weights PATH';

/**
 * Reads the convolution weights of a Keras 2 HDF5 weights file (`model.save_weights`, the
 * keras-applications notop files, or a full `model.save` file with a `model_weights` group).
 * Follows the `layer_names` / `weight_names` attributes, as Keras' own `load_weights` does.
 */
export async function loadKerasHdf5(filePath: string): Promise<WeightSet> {
  const bytes = await readWeightsFileBytes(filePath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const module = await h5wasm.ready;
  // The throwing handler turns HDF5 errors into JS exceptions instead of printing HDF5-DIAG
  // traces to stderr. It is process-global, so it is only on while this synchronous block runs.
  module.activate_throwing_error_handler();
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    file = openHdf5(filePath);
    const layers = readConvLayers(file, filePath);
    return { source: filePath, sha256, format: 'keras-hdf5', layers };
  } catch (error) {
    if (error instanceof AtlasError) throw error;
    throw new AtlasError(`${filePath} is not a readable HDF5 file (${hdf5Reason(error)})`, { hint: CORRUPT_HINT, cause: error });
  } finally {
    try {
      file?.close();
    } finally {
      module.deactivate_throwing_error_handler();
    }
  }
}

function openHdf5(filePath: string): InstanceType<typeof h5wasm.File> {
  const file = new h5wasm.File(path.resolve(filePath), 'r');
  if (file.file_id < 0n) throw new Error('could not open file');
  return file;
}

/** The last "minor:" line of an HDF5 error stack is the most specific reason ("File has been truncated"). */
function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const minors = [...text.matchAll(/minor:\s*(.+)/g)].map((match) => (match[1] ?? '').trim());
  return minors.at(-1) || text.split('\n')[0]?.trim() || 'unknown error';
}

function readConvLayers(file: Group, filePath: string): Map<string, ConvWeights> {
  const root = findKerasRoot(file);
  if (!root) {
    throw new AtlasError(`${filePath} has no Keras layer_names attribute, so it is not a Keras 2 weights file`, {
      hint: 'pass the keras-applications VGG16 notop .h5 file, or a file written by Keras 2 model.save_weights("x.h5"), with --weights PATH',
    });
  }
  const layers = new Map<string, ConvWeights>();
  for (const layerName of readStringListAttribute(root, 'layer_names')) {
    const group = root.get(layerName);
    if (!isGroup(group)) throw new AtlasError(`${filePath} lists layer ${layerName} but has no group for it`, { hint: CORRUPT_HINT });
    const weightNames = readStringListAttribute(group, 'weight_names');
    const datasets = weightNames.map((weightName) => {
      const dataset = group.get(weightName);
      if (!isDataset(dataset)) throw new AtlasError(`${filePath} has no dataset ${layerName}/${weightName}`, { hint: CORRUPT_HINT });
      return dataset;
    });
    const conv = asConvWeights(datasets, `${filePath} ${layerName}`);
    if (conv) layers.set(layerName, conv);
  }
  return layers;
}

function findKerasRoot(file: Group): Group | undefined {
  if (hasListAttribute(file, 'layer_names')) return file;
  const modelWeights = file.get('model_weights');
  if (isGroup(modelWeights) && hasListAttribute(modelWeights, 'layer_names')) return modelWeights;
  return undefined;
}

/** A conv layer holds exactly a rank-4 kernel and a rank-1 bias; anything else (dense, batch norm) is skipped. */
function asConvWeights(datasets: readonly Dataset[], where: string): ConvWeights | undefined {
  const kernelSet = datasets.find((dataset) => dataset.shape?.length === 4);
  const biasSet = datasets.find((dataset) => dataset.shape?.length === 1);
  if (datasets.length !== 2 || !kernelSet || !biasSet) return undefined;
  const [h, w, cin, cout] = kernelSet.shape ?? [];
  if (h === undefined || w === undefined || cin === undefined || cout === undefined) return undefined;
  return {
    kernel: toFloat32(kernelSet.value, `${where} kernel`),
    kernelShape: [h, w, cin, cout],
    bias: toFloat32(biasSet.value, `${where} bias`),
  };
}

function toFloat32(value: OutputData | null, where: string): Float32Array {
  if (value instanceof Float32Array) return value;
  if (value instanceof Float64Array || value instanceof Uint16Array || value instanceof Int32Array) return Float32Array.from(value);
  throw new AtlasError(`${where} is not a float array`, { hint: 'the weights must be stored as float32 (or float64) datasets' });
}

function isGroup(entity: unknown): entity is Group {
  return entity instanceof h5wasm.Group;
}

function isDataset(entity: unknown): entity is Dataset {
  return entity instanceof h5wasm.Dataset;
}

function hasListAttribute(group: Group, name: string): boolean {
  const names = Object.keys(group.attrs);
  return names.includes(name) || names.includes(`${name}0`);
}

/**
 * Reads a list-of-strings attribute, fixed-length bytes or variable-length alike. Keras splits
 * attributes over 64 KB into `name0`, `name1`, ...; empty lists are stored as empty numeric arrays.
 */
function readStringListAttribute(group: Group, name: string): string[] {
  const attrs = group.attrs;
  if (attrs[name]) return toStringList(attrs[name].value);
  const chunks: string[] = [];
  for (let index = 0; attrs[`${name}${index}`]; index++) chunks.push(...toStringList(attrs[`${name}${index}`]?.value ?? null));
  return chunks;
}

function toStringList(value: OutputData | null): string[] {
  if (value === null) return [];
  if (typeof value === 'string') return [cleanString(value)];
  if (ArrayBuffer.isView(value)) return []; // an empty numeric array: a layer without weights
  if (Array.isArray(value)) return value.flatMap((item) => toStringList(item));
  return [];
}

/** Fixed-length strings may carry padding the decoder left in place. */
function cleanString(text: string): string {
  return text.replace(/[\0 ]+$/, '');
}
