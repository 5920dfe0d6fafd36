/**
 * The browser model's weight files (engine/browser-model): fetched once each, with progress, by
 * their content-hashed URLs (so the browser's cache may keep them), checked against the
 * manifest's SHA-256 (integrity.ts), and cut into each convolution's kernel and bias.
 */
import { decodeFloat16 } from '../../engine/browser-model/float16.ts';
import type { ProbeConfig, ProbeLayerConfig } from '../../site/probe/page-data.ts';
import { verifySha256 } from './integrity.ts';

export interface ConvValues {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

export interface LayerWeights {
  readonly convs: ReadonlyMap<string, ConvValues>;
}

/** Bytes received so far of the files being fetched, and their total. */
export type WeightsProgress = (loaded: number, total: number) => void;

const loaded = new Map<string, Promise<LayerWeights>>();
/**
 * Files whose last download failed (its check, or the network): the next try goes past the
 * browser's cache, which may hold the bad copy under the same URL for as long as it likes.
 */
const refetch = new Set<string>();

async function download(url: string, onBytes: (count: number) => void): Promise<ArrayBuffer> {
  const response = await fetch(url, { cache: refetch.has(url) ? 'reload' : 'default' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (!response.body) return response.arrayBuffer();
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onBytes(value.byteLength);
  }
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

/** Cuts one file into its convolutions: kernel (HWIO) then bias of each, in stage order. */
export function decodeLayer(buffer: ArrayBuffer, layer: ProbeLayerConfig, dtype: ProbeConfig['dtype']): LayerWeights {
  if (buffer.byteLength !== layer.bytes) throw new Error(`${layer.name}: expected ${layer.bytes} bytes, got ${buffer.byteLength}`);
  const values = dtype === 'float16' ? decodeFloat16(new Uint16Array(buffer)) : new Float32Array(buffer);
  const convs = new Map<string, ConvValues>();
  let offset = 0;
  for (const stage of layer.stages) {
    if (stage.kind !== 'conv') continue;
    const kernelLength = 9 * stage.inChannels * stage.outChannels;
    const kernel = values.subarray(offset, offset + kernelLength);
    const bias = values.subarray(offset + kernelLength, offset + kernelLength + stage.outChannels);
    offset += kernelLength + stage.outChannels;
    convs.set(stage.name, { kernel, bias });
  }
  if (offset !== values.length) throw new Error(`${layer.name}: the file holds ${values.length} values, its stages ${offset}`);
  return { convs };
}

/** The weights of `layers` (a layer and all before it), fetching those not loaded yet. */
export async function loadWeights(layers: readonly ProbeLayerConfig[], dtype: ProbeConfig['dtype'], progress: WeightsProgress): Promise<Map<string, LayerWeights>> {
  const missing = layers.filter((layer) => !loaded.has(layer.url));
  const total = missing.reduce((sum, layer) => sum + layer.bytes, 0);
  let received = 0;
  if (total > 0) progress(0, total);
  for (const layer of missing) {
    const pending = download(layer.url, (count) => {
      received += count;
      progress(received, total);
    }).then(async (buffer) => {
      await verifySha256(buffer, layer.sha256, layer.name);
      refetch.delete(layer.url);
      return decodeLayer(buffer, layer, dtype);
    });
    // A failed download is forgotten, so the next image tries again, from the network.
    pending.catch(() => {
      loaded.delete(layer.url);
      refetch.add(layer.url);
    });
    loaded.set(layer.url, pending);
  }
  const entries = await Promise.all(layers.map(async (layer) => [layer.name, await loaded.get(layer.url)!] as const));
  return new Map(entries);
}
