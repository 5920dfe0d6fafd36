import os from 'node:os';
import { resolveConfig } from '../atlas/config.ts';
import { describeError } from '../errors.ts';
import type { ExamplesOutcome } from '../atlas/examples/run.ts';
import type { FilterEntry } from '../atlas/manifest.ts';
import { precompute } from '../atlas/precompute.ts';
import { formatDuration, lineProgress, terminalProgress } from '../atlas/progress.ts';

export const PRECOMPUTE_HELP = `Render gradient-ascent patterns for VGG16 filters into an atlas directory.

usage: npm run precompute -- [options]

  --config FILE      JSON config (default: atlas.config.json if present); flags override it
  --layers a,b       layers to render (default: block1_conv1,block2_conv1,block3_conv1,block4_conv1)
  --filters SPEC     e.g. 0-7,12 or block1_conv1:0-7,block2_conv1:3 (default: all filters)
  --methods a,b      classic,enhanced (default: both)
  --size N           classic's image side in pixels, and the tuning stimuli's (default 64; the notebook's single image is 150)
  --steps N          classic's gradient-ascent steps (default 40)
  --step X           classic's step size (default 1)
  --seed N           seed of both methods (default 0)
  --enhanced-size N  the enhanced image's side (default 96)
  --enhanced-steps N the enhanced method's Adam steps (default 80)
  --enhanced-lr X    Adam's learning rate at the first step (default 0.1)
  --enhanced-transforms T   periodic|lucid (default periodic)
  --enhanced-objective O    post-relu|pre-relu: the activation maximised in the end (default post-relu)
  --no-enhanced-pre-relu-start  maximise the objective from the first step (default: each filter starts on
                     its pre-ReLU mean and moves on once the filter fires on its image)
  --enhanced-weight-decay X AdamW weight decay on the spectrum (default 0)
  --enhanced-schedule S     cosine|constant learning rate (default cosine)
  --tuning, --no-tuning     measure each layer's tuning curves (default on)
  --weights P        Keras .h5, TF.js model.json or dir, or URL (default: ATLAS_WEIGHTS, else the Keras notop file)
  --out DIR          atlas directory (default atlas-out)
  --workers N        worker threads (default: one per core, ${os.availableParallelism()} here)
  --backend B        auto|onnx|onnx-cuda|node|node-gpu|wasm|cpu (default auto: ONNX Runtime, else tfjs-node, else wasm, else cpu)
  --examples GLOB    dataset examples from a local image folder (fast-glob, quoted; repeatable), e.g. 'photos/**/*'
  --examples-url URL --examples-sha256 HEX   or from a tar, tar.gz or zip archive, downloaded once into the cache
  --examples-size S  side the images are brought to (shorter side to S, centre crop; default 224)
  --examples-k K     top and bottom images kept per filter (default 9)
  --examples-attribution TEXT   who made the images and under which terms (shown beside the crops)
  --shard i/n        render only shard i of n (1-based; the examples' images are split too); combine with npm run merge
  --force            recompute even what is cached
  --allow-failed     exit 0 even if some filter's ascent failed (NaN or Inf); by default the run
                     writes everything else, then exits 1 naming those filters
  --verbose          stack traces on errors

Environment: ATLAS_WEIGHTS, ATLAS_CACHE_DIR (weights and pattern cache).`;

export async function precomputeMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${PRECOMPUTE_HELP}\n`);
    return 0;
  }
  const config = await resolveConfig(argv);
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(130);
    signalled = signal;
    process.stderr.write(`\n${signal}: stopping workers and writing what finished (press again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = process.stderr.isTTY ? terminalProgress() : lineProgress((line) => process.stderr.write(`${line}\n`));
  try {
    const summary = await precompute({ config, progress, signal: controller.signal }).catch((error: unknown) => {
      if (!signalled) throw error;
      // Stopped before any pattern work (e.g. during the weights download): nothing was written.
      process.stderr.write(`interrupted by ${signalled} before rendering started (${describeError(error)}); nothing was written\n`);
      return undefined;
    });
    if (!summary) return 130;
    const gflops = summary.renderedFlops / Math.max(summary.wallSeconds, 1e-9) / 1e9;
    const filtersPerSecond = summary.rendered / Math.max(summary.wallSeconds, 1e-9);
    const statusCounts = countStatuses(summary.manifest.filters.map((filter) => filter.status));
    process.stdout.write(
      [
        `atlas: ${summary.manifestPath}`,
        `filters: ${summary.rendered} rendered, ${summary.cached} cached (${statusCounts}); backend ${summary.manifest.backend}, ${config.workers} worker(s)`,
        ...(summary.backendNotice ? [summary.backendNotice] : []),
        ...(config.tuning ? [`tuning: ${summary.tuningMeasured} layer(s) measured, ${summary.tuningCached} cached`] : []),
        ...(summary.manifest.labelsProtocol
          ? [`labels: ${summary.manifest.labels?.length ?? 0} filter(s); families ${summary.manifest.labelsProtocol.layers.map((layer) => `${layer.layer} ${layer.clustering.families} (silhouette ${layer.clustering.silhouette.toFixed(2)})`).join(', ')}; more with npm run labels -- --out ${config.out}`]
          : []),
        `wall time ${formatDuration(summary.wallSeconds)} (${summary.wallSeconds.toFixed(1)} s); ` +
          `${filtersPerSecond.toFixed(2)} filters/s, ${gflops.toFixed(1)} GFLOP/s effective`,
      ].join('\n') + '\n',
    );
    if (summary.examples) process.stdout.write(examplesSummary(summary.examples));
    for (const failure of summary.failures) process.stderr.write(`error: batch failed: ${failure}\n`);
    for (const hint of summary.failureHints) process.stderr.write(`  hint: ${hint}\n`);
    if (summary.failures.length > 0 && summary.failureHints.length === 0) {
      process.stderr.write('  hint: what finished is in the manifest and the cache: rerun to retry only the failed batches; if one fails again, report the error above\n');
    }
    if (summary.interrupted) {
      process.stderr.write(`interrupted by ${signalled ?? 'abort'}: the manifest lists the ${summary.manifest.filters.length} filters that finished; rerun to complete\n`);
      return 130;
    }
    if (summary.failures.length > 0) return 1;
    const failed = failedFilters(summary.manifest.filters);
    if (failed !== undefined && !config.allowFailed) {
      process.stderr.write(`error: ${failed}\n  hint: everything else was written; rerun with --allow-failed to accept them, or change --seed or the learning rate\n`);
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function examplesSummary(outcome: ExamplesOutcome): string {
  const { protocol, skipped, timing } = outcome;
  const lines = [
    `examples: ${protocol.imageCount} image(s) used, ${protocol.skippedCount} skipped; layers ${outcome.measuredLayers.length} measured, ${outcome.cachedLayers.length} cached`,
  ];
  if (skipped.length > 0) lines.push(`  skipped: ${skipped.slice(0, 5).map((file) => `${file.image} (${file.reason})`).join('; ')}${skipped.length > 5 ? `; and ${skipped.length - 5} more` : ''}`);
  if (timing.images > 0) {
    lines.push(
      `  ${(timing.images / Math.max(timing.passSeconds, 1e-9)).toFixed(1)} images/s, ${(timing.flops / Math.max(timing.passSeconds, 1e-9) / 1e9).toFixed(1)} GFLOP/s effective over ${timing.passSeconds.toFixed(1)} s; ` +
        `worker time: decode ${timing.decodeSeconds.toFixed(1)} s, forward ${timing.forwardSeconds.toFixed(1)} s; crops and heatmaps ${timing.fileSeconds.toFixed(1)} s`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One line naming the filters whose ascent failed (non-finite loss or gradient), or undefined when none did. */
export function failedFilters(filters: readonly FilterEntry[]): string | undefined {
  const failed = filters.filter((filter) => filter.status === 'failed');
  if (failed.length === 0) return undefined;
  const names = failed.map((filter) => `${filter.layer} ${filter.index} (${filter.method}, step ${filter.failedAtStep ?? '?'})`);
  return `${failed.length} filter(s) failed with a non-finite loss or gradient: ${names.join(', ')}`;
}

function countStatuses(statuses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'none';
}
