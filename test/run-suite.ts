/**
 * `npm test` after the typecheck: every test file under test/, two files at a time (node:test's
 * run(), each file in its own process), after the global setup of test/global-setup.ts (the shared
 * fixture atlas and site, passed to the files through the environment).
 *
 *   node test/run-suite.ts [--concurrency N] [--times FILE] [FILE...]
 *
 * Two at a time because most files leave a core idle: a browser waits on pages, a site build on
 * Astro, a CLI test on its child. Files may run side by side because each works in its own
 * mkdtemp folder, serves on port 0 and saves screenshots under its own names. The longest files
 * start first, so that no long file runs alone at the end; the rest follow in path order.
 * --times writes each file's duration (ms, tab, path) for the README's figures. FILEs (paths from
 * the project root) run only those, with the same setup.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import fg from 'fast-glob';
import { globalSetup, globalTeardown } from './global-setup.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The files that took 30 s or more in a whole run (2 shared cores, December 2026), longest first. */
const LONGEST_FIRST = [
  'test/site/site-browser.test.ts',
  'test/site/site-tuning-browser.test.ts',
  'test/engine/enhanced/real-quality.test.ts',
  'test/engine/examples/real-weights.test.ts',
  'test/engine/onnx-runtime.test.ts',
  'test/site/site-jump.test.ts',
  'test/site/probe/probe-browser.test.ts',
  'test/site/site-examples.test.ts',
  'test/site/site-build.test.ts',
];

/** Every test file, the longest first, then the rest in path order. */
function suiteOrder(files: readonly string[]): string[] {
  const sorted = [...files].sort();
  return [...LONGEST_FIRST.filter((file) => sorted.includes(file)), ...sorted.filter((file) => !LONGEST_FIRST.includes(file))];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { concurrency: { type: 'string', default: '2' }, times: { type: 'string' } }, allowPositionals: true });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency wants a whole number of 1 or more, got "${values.concurrency}"`);
  const files = suiteOrder(positionals.length > 0 ? positionals.map((file) => path.relative(ROOT, path.resolve(file))) : await fg('test/**/*.test.ts', { cwd: ROOT }));

  const fileTimes = new Map<string, number>();
  let success = false;
  await globalSetup();
  try {
    const stream = run({ files: files.map((file) => path.join(ROOT, file)), concurrency, cwd: ROOT });
    stream.on('test:complete', ({ file, name, details }) => {
      // Each file is one top-level test named by its path.
      if (file && path.resolve(ROOT, name) === file) fileTimes.set(path.relative(ROOT, file), details.duration_ms);
    });
    stream.on('test:summary', (summary) => {
      if (summary.file === undefined) success = summary.success;
    });
    await pipeline(stream.compose(spec), process.stdout, { end: false });
  } finally {
    await globalTeardown();
  }

  const slowest = [...fileTimes].sort((a, b) => b[1] - a[1]);
  console.log(`\nslowest files (${concurrency} at a time):`);
  for (const [file, ms] of slowest.slice(0, 8)) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`);
  if (values.times) await writeFile(values.times, slowest.map(([file, ms]) => `${Math.round(ms)}\t${file}\n`).join(''));
  if (!success) process.exitCode = 1;
}

await main();
