import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { AtlasError } from '../../errors.ts';
import { readWeightsFileBytes } from './read-file.ts';
import type { ConvWeights, WeightSet } from './types.ts';

const weightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.string(),
  quantization: z.object({ dtype: z.string(), scale: z.number().optional(), min: z.number().optional() }).optional(),
});
const modelJsonSchema = z.object({
  weightsManifest: z.array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(weightSpecSchema) })).min(1),
});
type WeightSpec = z.infer<typeof weightSpecSchema>;

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
const REEXPORT_HINT = 're-export the model with tensorflowjs_converter (--output_format=tfjs_layers_model), or pass a Keras .h5 file with --weights PATH';

/** Reads the convolution weights of a TF.js layers model: model.json plus its binary shards. */
export async function loadTfjsLayersModel(modelJsonPath: string): Promise<WeightSet> {
  const modelJsonBytes = await readWeightsFileBytes(modelJsonPath, 'TF.js model.json');
  const manifest = parseModelJson(modelJsonBytes, modelJsonPath);
  const hash = createHash('sha256').update(modelJsonBytes);
  const directory = path.dirname(modelJsonPath);
  const layerTensors = new Map<string, { name: string; shape: number[]; values: Float32Array }[]>();

  for (const group of manifest.weightsManifest) {
    const shardPaths = group.paths.map((shard) => path.join(directory, shard));
    const shards = await Promise.all(shardPaths.map((shard) => readWeightsFileBytes(shard, 'TF.js weights shard')));
    for (const shard of shards) hash.update(shard);
    const needed = group.weights.reduce((sum, spec) => sum + byteLength(spec, modelJsonPath), 0);
    checkShardSizes(shardPaths, shards.map((shard) => shard.length), needed);
    const groupBytes = Buffer.concat(shards);
    let offset = 0;
    for (const spec of group.weights) {
      const length = byteLength(spec, modelJsonPath);
      const layer = layerNameOf(spec.name);
      const values = decodeWeight(groupBytes.subarray(offset, offset + length), spec);
      offset += length;
      if (!values || !layer) continue;
      const tensors = layerTensors.get(layer) ?? [];
      tensors.push({ name: spec.name, shape: spec.shape, values });
      layerTensors.set(layer, tensors);
    }
  }

  const layers = new Map<string, ConvWeights>();
  for (const [layer, tensors] of layerTensors) {
    const kernel = tensors.find((tensor) => tensor.shape.length === 4);
    const bias = tensors.find((tensor) => tensor.shape.length === 1);
    const [h, w, cin, cout] = kernel?.shape ?? [];
    if (tensors.length !== 2 || !kernel || !bias || h === undefined || w === undefined || cin === undefined || cout === undefined) continue;
    layers.set(layer, { kernel: kernel.values, kernelShape: [h, w, cin, cout], bias: bias.values });
  }
  return { source: modelJsonPath, sha256: hash.digest('hex'), format: 'tfjs-layers', layers };
}

function parseModelJson(bytes: Uint8Array, modelJsonPath: string): z.infer<typeof modelJsonSchema> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new AtlasError(`TF.js model.json ${modelJsonPath} is not valid JSON`, { hint: REEXPORT_HINT, cause: error });
  }
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) {
    throw new AtlasError(`TF.js model.json ${modelJsonPath} has no usable weightsManifest`, { hint: REEXPORT_HINT, cause: parsed.error });
  }
  return parsed.data;
}

function byteLength(spec: WeightSpec, modelJsonPath: string): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytesPerElement = BYTES_PER_ELEMENT[dtype];
  if (bytesPerElement === undefined) {
    throw new AtlasError(`TF.js model.json ${modelJsonPath}: weight ${spec.name} has unsupported dtype ${dtype}`, { hint: REEXPORT_HINT });
  }
  return spec.shape.reduce((product, size) => product * size, 1) * bytesPerElement;
}

/**
 * The converter cuts the concatenated weights of a group into equal shards, the last one
 * shorter, so a shard that breaks that pattern is the one to blame when bytes are missing.
 */
function checkShardSizes(shardPaths: readonly string[], sizes: readonly number[], needed: number): void {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total === needed) return;
  const describe = `the manifest needs ${needed} bytes in ${shardPaths.map((shard) => path.basename(shard)).join(', ')}, which hold ${total}`;
  if (total > needed) {
    throw new AtlasError(`TF.js weights shards do not match their manifest: ${describe}`, { hint: REEXPORT_HINT });
  }
  const last = sizes.length - 1;
  const fullShardSize = Math.max(...sizes.slice(0, Math.max(last, 1)));
  let culprit = sizes.findIndex((size, index) => index < last && size < fullShardSize);
  if (culprit < 0) culprit = last > 0 && needed - last * fullShardSize > fullShardSize ? 0 : last;
  const shard = shardPaths[culprit] ?? shardPaths[0] ?? '';
  throw new AtlasError(`TF.js weights shard ${shard} is short (${sizes[culprit]} bytes; ${describe})`, {
    hint: 'the shard is truncated: copy or download the model again, with every shard listed in model.json',
  });
}

/** `block1_conv1/kernel`, `vgg16/block1_conv1/kernel:0` → `block1_conv1`. */
function layerNameOf(weightName: string): string | undefined {
  const parts = weightName.replace(/:\d+$/, '').split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/** Float weights as float32 (dequantizing if needed); undefined for integer/bool weights, which no conv layer has. */
function decodeWeight(bytes: Uint8Array, spec: WeightSpec): Float32Array | undefined {
  if (spec.dtype !== 'float32') return undefined;
  const copy = new Uint8Array(bytes); // a copy: aligned, and not a view into a Buffer pool
  const quantization = spec.quantization;
  if (!quantization || quantization.dtype === 'float32') return new Float32Array(copy.buffer);
  if (quantization.dtype === 'float16') return Float32Array.from(new Uint16Array(copy.buffer), float16ToFloat32);
  const scale = quantization.scale ?? 1;
  const min = quantization.min ?? 0;
  const quantized = quantization.dtype === 'uint16' ? new Uint16Array(copy.buffer) : copy;
  return Float32Array.from(quantized, (value) => value * scale + min);
}

function float16ToFloat32(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
