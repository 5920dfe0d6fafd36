import path from 'node:path';
import { ConnectionsCache, connectionsKey } from '../../engine/connections/cache.ts';
import { computePair, connectionPairs } from '../../engine/connections/compute.ts';
import { NonFiniteConnectionsError } from '../../engine/connections/summary.ts';
import { fastestMultiplier, type Multiplier } from '../../engine/connections/multiply.ts';
import { connectionsProtocol, type ConnectionEntry, type ConnectionPairFile, type ConnectionsProtocol } from '../../engine/connections/contract.ts';
import type { LayerSpec } from '../../engine/vgg16.ts';
import type { WeightSet } from '../../engine/weights/types.ts';
import { writeFileAtomic } from '../../lib/atomic-write.ts';

export const CONNECTIONS_DIR = 'connections';

export interface AtlasConnections {
  readonly connectionsProtocol: ConnectionsProtocol;
  readonly connections: ConnectionEntry[];
}

/** Where a pair's file goes, relative to the manifest. */
export function pairFilePath(from: string, to: string): string {
  return `${CONNECTIONS_DIR}/${from}--${to}.json`;
}

/**
 * The connections of every pair of consecutive atlas layers the weights cover (from the cache
 * when these weights' pair is there), each pair's file written into `outDir`; the manifest's
 * entries are those of the selected filters. Undefined when no pair can be computed.
 */
export async function writeConnections(run: {
  readonly outDir: string;
  /** Where computed pairs are cached; without it, every pair is computed. */
  readonly cacheDir?: string;
  readonly weights: WeightSet;
  readonly topology: readonly LayerSpec[];
  readonly selection: ReadonlyMap<string, readonly number[]>;
  readonly log: (line: string) => void;
}): Promise<AtlasConnections | undefined> {
  const { weights, topology, selection } = run;
  const pairs = connectionPairs(weights, [...selection.keys()], topology);
  if (pairs.length === 0) return undefined;
  const cache = run.cacheDir === undefined ? undefined : new ConnectionsCache(run.cacheDir);
  const files: ConnectionPairFile[] = [];
  let multiplier: Multiplier | undefined;
  try {
    for (const pair of pairs) {
      const key = connectionsKey(weights.sha256, pair.from, pair.to);
      let file = await cache?.get(key);
      if (!file) {
        const started = performance.now();
        multiplier ??= await fastestMultiplier();
        try {
          file = await computePair(weights, pair, topology, multiplier.multiply);
        } catch (error) {
          if (!(error instanceof NonFiniteConnectionsError)) throw error;
          run.log(`warning: ${error.message}`);
          continue;
        }
        if (!file) continue;
        await cache?.put(key, file);
        run.log(`connections ${pair.from} → ${pair.to}: ${((performance.now() - started) / 1000).toFixed(1)} s (${multiplier.name})`);
      }
      await writeFileAtomic(path.join(run.outDir, pairFilePath(pair.from, pair.to)), `${JSON.stringify(file)}\n`);
      files.push(file);
    }
  } finally {
    await multiplier?.dispose();
  }
  const connections = files.flatMap((file) => {
    const wanted = new Set(selection.get(file.to) ?? []);
    return file.inputs.filter((entry) => wanted.has(entry.index));
  });
  const pairsWritten = files.map(({ from, to, side }) => ({ from, to, side, file: pairFilePath(from, to) }));
  return { connectionsProtocol: connectionsProtocol(pairsWritten), connections };
}
