/**
 * `npm test` after the typecheck: every test file under test/, two files at a time, each in its own
 * process (node:test's run()), its report printed whole when it ends.
 *
 *   node test/run-suite.ts [--concurrency N] [--times FILE] [FILE...]
 *
 * The site files (test/site/) start after the global setup of test/global-setup.ts (the shared
 * fixture atlas and site, passed to them through the environment); the other files need nothing
 * from it and start at once, beside it. A free slot takes a file of the other group than the one
 * running when there is one (test/suite/schedule.ts), the longest first: an engine test beside a
 * browser or site-build test uses both cores better than two of a kind. Files may run side by side
 * because each works in its own mkdtemp folder, serves on port 0 and names its screenshots its own
 * way. --times writes each file's wall time (ms, tab, path). FILEs run only those, set up the same.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run } from 'node:test';
import { spec, type TestEvent } from 'node:test/reporters';
import { parseArgs } from 'node:util';
import fg from 'fast-glob';
import { globalSetup, globalTeardown } from './global-setup.ts';
import { runScheduled, type ScheduledFile } from './suite/schedule.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
type Group = 'site' | 'engine';

/** The files that took 25 s or more in a whole run (2 shared cores, December 2026), longest first. */
const LONGEST_FIRST = [
  'test/engine/enhanced/real-quality.test.ts',
  'test/site/site-tuning-browser.test.ts',
  'test/site/site-browser.test.ts',
  'test/site/labels/families-site.test.ts',
  'test/site/search/search-browser.test.ts',
  'test/engine/onnx-runtime.test.ts',
  'test/engine/examples/real-weights.test.ts',
  'test/site/site-jump.test.ts',
  'test/site/probe/probe-browser.test.ts',
  'test/reliability/interruption.test.ts',
  'test/site/security/csp-browser.test.ts',
  'test/site/first-screen-browser.test.ts',
  'test/site/site-examples.test.ts',
  'test/shard/merge-equivalence.test.ts',
];

type Counts = Extract<TestEvent, { type: 'test:summary' }>['data']['counts'];
const COUNT_NAMES = ['tests', 'suites', 'passed', 'cancelled', 'skipped', 'todo'] as const;

/** Every file with its group, the longest first, then the rest in path order. */
function suiteFiles(files: readonly string[]): ScheduledFile<Group>[] {
  const sorted = [...files].sort();
  const ordered = [...LONGEST_FIRST.filter((file) => sorted.includes(file)), ...sorted.filter((file) => !LONGEST_FIRST.includes(file))];
  return ordered.map((file) => ({ file, kind: file.startsWith('test/site/') ? 'site' : 'engine' }));
}

/** The spec report of one file, without the totals it ends with (the run prints its own). */
async function runOne(file: string): Promise<{ report: string; counts: Counts | undefined; success: boolean }> {
  const stream = run({ files: [path.join(ROOT, file)], cwd: ROOT });
  let summary: { counts: Counts; success: boolean } | undefined;
  stream.on('test:summary', (data) => {
    if (data.file === undefined) summary = data;
  });
  let report = '';
  for await (const chunk of stream.compose(spec)) report += String(chunk);
  report = report.replace(/^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) .*\n/gm, '');
  return { report, counts: summary?.counts, success: summary?.success ?? false };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { concurrency: { type: 'string', default: '2' }, times: { type: 'string' } }, allowPositionals: true });
  const slots = Number(values.concurrency);
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`--concurrency wants a whole number of 1 or more, got "${values.concurrency}"`);
  const chosen = positionals.length > 0 ? positionals.map((file) => path.relative(ROOT, path.resolve(file))) : await fg('test/**/*.test.ts', { cwd: ROOT });
  const files = suiteFiles(chosen);

  const started = Date.now();
  const totals = Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as Record<(typeof COUNT_NAMES)[number], number>;
  let failedTests = 0;
  const failedFiles: string[] = [];
  const fileTimes: Array<[string, number]> = [];
  const setup = files.some(({ kind }) => kind === 'site') ? globalSetup() : Promise.resolve();
  try {
    await runScheduled({
      files,
      slots,
      ready: { site: setup },
      runFile: async ({ file }) => {
        const fileStart = Date.now();
        const { report, counts, success } = await runOne(file);
        fileTimes.push([file, Date.now() - fileStart]);
        process.stdout.write(report);
        for (const name of COUNT_NAMES) totals[name] += counts?.[name] ?? 0;
        // The rest of a file's tests failed (@types/node's counts have no "failed").
        if (counts) failedTests += counts.tests - counts.passed - counts.cancelled - counts.skipped - counts.todo;
        if (!success) failedFiles.push(file);
      },
    });
  } finally {
    await setup.catch(() => undefined);
    await globalTeardown();
  }

  fileTimes.sort((a, b) => b[1] - a[1]);
  console.log(`\nℹ ${COUNT_NAMES.map((name) => `${name} ${totals[name]}`).join(', ')}, failed ${failedTests}`);
  console.log(`ℹ ${files.length} files, ${slots} at a time, ${((Date.now() - started) / 1000).toFixed(1)} s; the slowest:`);
  for (const [file, ms] of fileTimes.slice(0, 8)) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`);
  if (values.times) await writeFile(values.times, fileTimes.map(([file, ms]) => `${ms}\t${file}\n`).join(''));
  if (failedFiles.length > 0) {
    console.log(`✖ ${failedFiles.length} file(s) failed:\n${failedFiles.map((file) => `  ${file}`).join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
