import path from 'node:path';
import { readLayerExamples } from '../../engine/examples/cache.ts';
import { layerEntries, type ExampleFileSpec } from '../../engine/examples/entries.ts';
import type { ExampleEntry, ExamplesProtocol } from '../../engine/examples/example-entry.ts';
import { receptiveField } from '../../engine/examples/receptive-field.ts';
import { mergeLayerStates } from '../../engine/examples/tracker.ts';
import { mergeMaxima, readMaxima, type ImageMaxima } from '../../engine/examples/maxima.ts';
import { AtlasError } from '../../errors.ts';
import type { Manifest } from '../manifest.ts';
import { copyExampleFiles } from './files.ts';
import { SHARD_STATE_DIR, shardMaximaFile } from './run.ts';

interface ExamplesShard {
  readonly dir: string;
  readonly manifest: Manifest;
}

/** "0-2,5" → [0, 1, 2, 5]. */
function parseRanges(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return Array.from({ length: (to ?? from!) - from! + 1 }, (_, k) => from! + k);
  });
}

/** The protocol's fields every shard must share (its counts are the shard's own). */
export function examplesIdentity(protocol: ExamplesProtocol | undefined): unknown {
  if (!protocol) return 'none';
  const { imageCount: _images, skippedCount: _skipped, ...shared } = protocol;
  return shared;
}

export interface MergedExamples {
  readonly protocol: ExamplesProtocol;
  readonly entries: ExampleEntry[];
  /** Per layer, the shards' per-image maxima as one matrix, rows in image order. */
  readonly maxima: ReadonlyMap<string, ImageMaxima>;
  /** Copies the files the entries name from the shard directories into `outDir`. */
  readonly copyFiles: (outDir: string) => Promise<void>;
}

/** The shards' tracked examples combined layer by layer: exactly what one run over all the images keeps. */
export async function mergeExamples(shards: readonly ExamplesShard[]): Promise<MergedExamples | undefined> {
  const first = shards[0]?.manifest;
  if (!first?.examplesProtocol) return undefined;
  const entries: ExampleEntry[] = [];
  const files: ExampleFileSpec[] = [];
  const maxima = new Map<string, ImageMaxima>();
  let imageCount = 0;
  let skippedCount = 0;
  for (const layer of first.layers) {
    const parts = [];
    for (const shard of shards) {
      const file = path.join(shard.dir, SHARD_STATE_DIR, `${layer.name}.json`);
      const part = await readLayerExamples(file);
      if (!part) throw new AtlasError(`${file} is missing or unreadable`, { hint: 'the shard directory is incomplete: copy it again or rerun that shard' });
      parts.push(part);
    }
    const maximaParts = [];
    for (const shard of shards) {
      const file = shardMaximaFile(shard.dir, layer.name);
      const part = await readMaxima(file);
      if (!part) throw new AtlasError(`${file} is missing or unreadable`, { hint: 'the shard directory is incomplete (or made before per-image maxima were kept): copy it again or rerun that shard' });
      maximaParts.push(part);
    }
    maxima.set(layer.name, mergeMaxima(maximaParts));
    const state = mergeLayerStates(parts.map((part) => part.state));
    const ranges = first.shard?.selection?.filters[layer.name];
    const filters = ranges ? parseRanges(ranges) : state.filters.map((_, index) => index);
    const made = layerEntries(state, filters, receptiveField(layer.name), first.examplesProtocol.imageSize);
    entries.push(...made.entries);
    files.push(...made.files);
    imageCount = state.imageCount;
    skippedCount = parts.reduce((sum, part) => sum + part.skipped.length, 0);
  }
  return {
    protocol: { ...first.examplesProtocol, imageCount, skippedCount },
    entries,
    maxima,
    copyFiles: (outDir) => copyExampleFiles(outDir, files, shards.map((shard) => shard.dir)),
  };
}
