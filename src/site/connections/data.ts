import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeKernel } from '../../engine/connections/codec.ts';
import { ConnectionPairFile, type ConnectionLink } from '../../atlas/manifest.ts';
import { INPUT_LAYER } from '../../engine/connections/contract.ts';
import type { FilterEntry } from '../../atlas/manifest.ts';
import { filterByMethod, findLayer, type SiteAtlas } from '../site-atlas.ts';

/** One linked filter as a page shows it: its numbers, its kernel and, when the atlas rendered it, its pattern per method. */
export interface LinkView {
  readonly layer: string;
  readonly index: number;
  readonly strength: number;
  readonly sum: number;
  /** side × side, row by row. */
  readonly kernel: Float32Array;
  /** The linked filter's entry per method (primary first); empty when the atlas did not render it. */
  readonly patterns: readonly FilterEntry[];
}

export interface LinkList {
  /** The layer on the other side: the lower one for inputs, the upper one for outputs. */
  readonly layer: string;
  readonly side: number;
  /** The one colour scale of the list's kernels: ±scale is full red or blue. */
  readonly scale: number;
  readonly links: readonly LinkView[];
}

export interface FilterConnections {
  /** The filters of the layer below that build this one, strongest first; absent for a layer with no atlas layer below. */
  readonly inputs?: LinkList;
  /** block1_conv1: its own kernel, links 0..2 = red, green, blue. */
  readonly ownKernel?: LinkList;
  /** The filters of the layer above that this one feeds most strongly; absent when no atlas layer is above. */
  readonly outputs?: LinkList;
}

const pairFiles = new Map<string, Promise<ConnectionPairFile>>();

async function readPairFile(atlas: SiteAtlas, file: string): Promise<ConnectionPairFile> {
  const full = path.join(atlas.dataDir, file);
  let pending = pairFiles.get(full);
  if (!pending) {
    pending = readFile(full, 'utf8').then((text) => ConnectionPairFile.parse(JSON.parse(text)));
    pairFiles.set(full, pending);
  }
  return pending;
}

/** Whether the atlas computed connections at all (an atlas made before them has none). */
export function hasConnections(atlas: SiteAtlas): boolean {
  return atlas.manifest.connectionsProtocol !== undefined;
}

function patternsOf(atlas: SiteAtlas, layer: string, index: number): FilterEntry[] {
  return filterByMethod(findLayer(atlas, layer), index).map(({ filter }) => filter);
}

function linkList(atlas: SiteAtlas, layer: string, side: number, scale: number, links: readonly ConnectionLink[]): LinkList {
  return {
    layer,
    side,
    scale,
    links: links.map((link) => ({
      layer,
      index: link.index,
      strength: link.strength,
      sum: link.sum,
      kernel: decodeKernel(link.kernel, scale),
      patterns: layer === INPUT_LAYER ? [] : patternsOf(atlas, layer, link.index),
    })),
  };
}

/** A filter's inputs (from the manifest) and outputs (from the pair file's matrices-derived top 8). */
export async function filterConnections(atlas: SiteAtlas, layer: string, index: number): Promise<FilterConnections> {
  const protocol = atlas.manifest.connectionsProtocol;
  if (!protocol) return {};
  const entry = atlas.manifest.connections?.find((candidate) => candidate.layer === layer && candidate.index === index);
  const below = entry && linkList(atlas, entry.from, entry.side, entry.kernelScale, entry.inputs);
  const upward = protocol.pairs.find((pair) => pair.from === layer);
  const outputEntry = upward && (await readPairFile(atlas, upward.file)).outputs.find((candidate) => candidate.index === index);
  return {
    ...(below && entry.from !== INPUT_LAYER ? { inputs: below } : {}),
    ...(below && entry.from === INPUT_LAYER ? { ownKernel: below } : {}),
    ...(outputEntry ? { outputs: linkList(atlas, outputEntry.to, outputEntry.side, outputEntry.kernelScale, outputEntry.outputs) } : {}),
  };
}
