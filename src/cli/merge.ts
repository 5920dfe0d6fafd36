import { DEFAULT_OUT_DIR } from '../atlas/config.ts';
import { mergeShards } from '../atlas/merge.ts';
import { defaultCacheDir } from '../engine/weights/download.ts';
import { AtlasError } from '../errors.ts';
import { parseCommandLine } from '../lib/command-line.ts';

export const MERGE_HELP = `Merge the partial atlases of \`npm run precompute -- --shard i/n\` (i = 1..n) into one atlas.

usage: npm run merge -- [--out DIR] [--fill-cache] [--allow-partial] SHARD_DIR...

  --out DIR       merged atlas directory (default ${DEFAULT_OUT_DIR}); the same files an unsharded run writes
  --fill-cache    also store every merged pattern in the pattern cache, so the next run
                  with the same parameters reuses them whichever shard renders them
  --allow-partial merge even when a shard is missing or did not finish (says so; the atlas is partial)
  --verbose       stack traces on errors

The shards must come from one set of runs: the same parameters, weights, backend and
shard count, each index 1..n exactly once. Environment: ATLAS_CACHE_DIR (for --fill-cache).`;

export async function mergeMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    { options: { out: { type: 'string' }, 'fill-cache': { type: 'boolean' }, 'allow-partial': { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true },
    'merge',
  );
  if (values.help) {
    process.stdout.write(`${MERGE_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    throw new AtlasError('no shard directories given', { hint: 'usage: npm run merge -- --out DIR SHARD_DIR... (e.g. shards/*)' });
  }
  const summary = await mergeShards(values.out ?? DEFAULT_OUT_DIR, positionals, {
    ...(values['fill-cache'] ? { fillCacheDir: defaultCacheDir(env) } : {}),
    allowPartial: values['allow-partial'] === true,
  });
  const { timings, filters, layers } = summary.manifest;
  process.stdout.write(
    [
      `atlas: ${summary.manifestPath}`,
      `merged ${summary.shardCount} shard(s): ${filters.length} filters in ${layers.length} layer(s); ` +
        `${timings.rendered} rendered, ${timings.cached} cached; slowest shard ${timings.wallSeconds.toFixed(1)} s`,
      ...(values['fill-cache'] ? [`pattern cache: ${summary.cacheFilled} pattern(s) added`] : []),
    ].join('\n') + '\n',
  );
  return 0;
}
