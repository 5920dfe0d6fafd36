/**
 * Shared helpers for the reliability tests: run the real precompute CLI in a child process, and
 * check that a failure is clean (non-zero exit, one error line with a hint, no stack trace, no
 * partial output).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { MANIFEST_FILE, readManifest, type Manifest } from '../../src/atlas/manifest.ts';
import type { ConvWeights } from '../../src/engine/weights/types.ts';
import { tinyVggWeights, writeKerasHdf5 } from '../helpers/tiny-model.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO_ROOT, 'scripts', 'precompute.ts');
/**
 * Passed as --config unless a test passes its own, so the repository's atlas.config.json does not
 * leak in: both methods, the enhanced one small and short enough for tests.
 */
export const TEST_CONFIG = path.join(import.meta.dirname, '..', 'helpers', 'test.config.json');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cacheDir: string;
  /** Extra environment, e.g. ATLAS_WEIGHTS. */
  readonly env?: Readonly<Record<string, string>>;
  /** Node options before the script, e.g. ['--import', preload]. */
  readonly nodeArgs?: readonly string[];
}

export interface RunningCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  /** stderr so far. */
  stderr(): string;
}

/** Starts `npm run precompute -- ...args` as the user would, with its own cache dir and no terminal. */
export function startCli(args: readonly string[], options: CliOptions): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env, ATLAS_CACHE_DIR: options.cacheDir, ...options.env };
  if (!options.env?.['ATLAS_WEIGHTS']) delete env['ATLAS_WEIGHTS'];
  delete env['NODE_TEST_CONTEXT'];
  const config = args.some((arg) => arg === '--config' || arg.startsWith('--config=')) ? [] : ['--config', TEST_CONFIG];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...config, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).done;
}

/**
 * The CLI failed cleanly: non-zero exit (not killed), exactly one `error:` line matching `problem`,
 * a `hint:` line right after it matching `fix`, and no stack trace or "--verbose" pointer (which
 * only unexpected, non-user errors get).
 */
export function assertCleanFailure(result: CliResult, problem: RegExp, fix: RegExp): void {
  const context = `exit ${result.code}, stderr:\n${result.stderr}`;
  assert.equal(result.signal, null, context);
  assert.notEqual(result.code, 0, context);
  const lines = result.stderr.split('\n');
  const errorAt = lines.findIndex((line) => line.startsWith('error: '));
  assert.ok(errorAt >= 0, `no error line; ${context}`);
  assert.equal(lines.filter((line) => line.startsWith('error: ')).length, 1, `more than one error line; ${context}`);
  assert.match(lines[errorAt] ?? '', problem, context);
  assert.match(lines[errorAt + 1] ?? '', /^ {2}hint: /, `no hint line; ${context}`);
  assert.match(lines[errorAt + 1] ?? '', fix, context);
  assert.doesNotMatch(result.stderr, /^\s+at .+[:(]/m, `stack trace without --verbose; ${context}`);
  assert.doesNotMatch(result.stderr, /--verbose for the stack trace/, `not a user-facing error; ${context}`);
}

/** Every file below `dir` (relative, sorted); none if it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export async function tempFilesUnder(...dirs: string[]): Promise<string[]> {
  const found = await Promise.all(dirs.map(async (dir) => (await filesUnder(dir)).filter((file) => file.endsWith('.tmp')).map((file) => path.join(dir, file))));
  return found.flat();
}

/** A failed run left nothing: no files in `outDir`, none in the cache but `allowedInCache` (e.g. a set-aside download). */
export async function assertNothingWritten(outDir: string, cacheDir: string, allowedInCache: (file: string) => boolean = () => false): Promise<void> {
  assert.deepEqual(await filesUnder(outDir), [], `files left in ${outDir}`);
  assert.deepEqual((await filesUnder(cacheDir)).filter((file) => !allowedInCache(file)), [], `files left in ${cacheDir}`);
}

/** Writes tiny VGG weights (default: up to block4_conv1) as Keras HDF5 at `file`; returns `file`. */
export async function writeTinyWeights(file: string, layers: ReadonlyMap<string, ConvWeights> = tinyVggWeights({ upTo: 'block4_conv1' })): Promise<string> {
  await writeKerasHdf5(file, layers, 'legacy');
  return file;
}

/** Reads the manifest with the site's own reader and decodes every image it names. */
export async function readValidAtlas(outDir: string): Promise<Manifest> {
  const manifest = await readManifest(path.join(outDir, MANIFEST_FILE));
  for (const filter of manifest.filters) {
    for (const image of [filter.image, filter.webp]) {
      const meta = await sharp(await readFile(path.join(outDir, image))).stats();
      assert.equal(meta.channels.length, 3, `${image} decodes as RGB`);
    }
    assert.ok(filter.loss.every(Number.isFinite), `${filter.layer}:${filter.index} has a non-finite loss`);
  }
  for (const layer of manifest.layers) {
    for (const sheets of Object.values(layer.sheets)) {
      for (const image of [sheets.grid, sheets.contactSheet]) if (image) await sharp(await readFile(path.join(outDir, image))).stats();
    }
  }
  return manifest;
}

/** Every file of an atlas directory with its bytes; the manifest without `timings`, which vary run to run. */
async function atlasContents(outDir: string): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  for (const file of await filesUnder(outDir)) {
    const bytes = await readFile(path.join(outDir, file));
    if (file !== MANIFEST_FILE) contents.set(file, bytes);
    else {
      const { timings: _timings, ...rest } = JSON.parse(bytes.toString('utf8')) as Manifest;
      contents.set(file, Buffer.from(JSON.stringify(rest)));
    }
  }
  return contents;
}

/** The two atlas directories hold the same files with the same bytes (the manifest apart from `timings`). */
export async function assertSameAtlas(actualDir: string, expectedDir: string): Promise<void> {
  const [actual, expected] = await Promise.all([atlasContents(actualDir), atlasContents(expectedDir)]);
  assert.deepEqual([...actual.keys()], [...expected.keys()], 'the same files');
  const differing = [...actual].filter(([file, bytes]) => !bytes.equals(expected.get(file) ?? Buffer.alloc(0))).map(([file]) => file);
  assert.deepEqual(differing, [], 'the same bytes');
}

/** Polls until `condition` holds (or throws after `timeoutMs`, naming `what`). */
export async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Finished cache entries (an entry's JSON is written last). */
export async function cachedPatternCount(cacheDir: string): Promise<number> {
  return (await filesUnder(path.join(cacheDir, 'patterns'))).filter((file) => file.endsWith('.json')).length;
}
