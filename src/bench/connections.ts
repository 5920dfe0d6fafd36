/**
 * `npm run bench`'s connections row: the expanded weights of the three atlas layer pairs on the
 * synthetic full-shape VGG16, timed pair by pair in this process, with the size of what the atlas
 * would write for them (the manifest's entries for every filter, pretty-printed as the manifest is,
 * and each pair's file).
 */
import { computePair, connectionPairs } from '../engine/connections/compute.ts';
import type { Multiplier } from '../engine/connections/multiply.ts';
import { ATLAS_LAYERS, vgg16Layers } from '../engine/vgg16.ts';
import { loadKerasHdf5 } from '../engine/weights/hdf5.ts';
import { VGG16_BLOCK_WIDTHS } from '../engine/weights/validate.ts';

export interface ConnectionsTiming {
  readonly multiplier: Multiplier['name'];
  readonly pairs: readonly { readonly from: string; readonly to: string; readonly side: number; readonly seconds: number; readonly fileBytes: number }[];
  readonly seconds: number;
  readonly manifestBytes: number;
}

export async function benchConnections(weightsFile: string, multiplier: Multiplier): Promise<ConnectionsTiming> {
  const weights = await loadKerasHdf5(weightsFile);
  const topology = vgg16Layers(VGG16_BLOCK_WIDTHS);
  const pairs = [];
  let manifestBytes = 0;
  for (const pair of connectionPairs(weights, ATLAS_LAYERS, topology)) {
    const started = performance.now();
    const file = await computePair(weights, pair, topology, multiplier.multiply);
    const seconds = (performance.now() - started) / 1000;
    if (!file) continue;
    manifestBytes += Buffer.byteLength(JSON.stringify(file.inputs, null, 2));
    pairs.push({ from: pair.from, to: pair.to, side: pair.side, seconds, fileBytes: Buffer.byteLength(JSON.stringify(file)) });
  }
  return { multiplier: multiplier.name, pairs, seconds: pairs.reduce((total, pair) => total + pair.seconds, 0), manifestBytes };
}

export function formatConnections(timing: ConnectionsTiming): string {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
  const rows = timing.pairs.map((pair) => `  ${pair.from} → ${pair.to}: ${pair.side}×${pair.side} kernels, ${pair.seconds.toFixed(1)} s, pair file ${kb(pair.fileBytes)}`);
  return [
    `connections (expanded weights on synthetic full-shape weights, ${timing.multiplier === 'onnx' ? 'ONNX Runtime MatMul' : 'JavaScript loop'}): ${timing.seconds.toFixed(1)} s for ${timing.pairs.length} pairs`,
    ...rows,
    `  manifest connections for every filter: ${kb(timing.manifestBytes)} (pretty-printed)`,
  ].join('\n');
}
