import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrecomputeSummary } from '../../src/atlas/precompute.ts';
import { runPrecompute, writeTinyModel } from '../helpers/run-atlas.ts';
import { tinyVggWeights } from '../helpers/tiny-model.ts';

export { useTempDir } from '../weights/support.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A tiny VGG16 (up to block3_conv2) whose block1 layers have 40 filters: two fixed batches of 32
 * and 8 at 16 px, so that with SHARD_TEST_LAYERS three shards split block1_conv2 between them.
 * Returns the HDF5 path and a config file (both methods, the enhanced one at 16 px and 3 steps),
 * so an atlas.config.json in the working directory never leaks in.
 */
export async function writeTinySetup(dir: string): Promise<{ weights: string; config: string }> {
  const weights = await writeTinyModel(dir, tinyVggWeights({ widths: [40, 6, 8, 8, 8], upTo: 'block3_conv2' }));
  const config = path.join(dir, 'shard-test.config.json');
  await writeFile(config, `${JSON.stringify({ enhanced: { size: 16, steps: 3 } })}\n`);
  return { weights, config };
}

export const SHARD_TEST_LAYERS = 'block1_conv1,block1_conv2,block2_conv1,block3_conv1';

/** Every flag that shapes the output, with small, fast values. */
export function tinyFlags(setup: { weights: string; config: string }, extra: readonly string[] = []): string[] {
  return [
    '--config', setup.config,
    '--weights', setup.weights,
    '--layers', SHARD_TEST_LAYERS,
    '--size', '16',
    '--steps', '3',
    '--step', '1',
    '--seed', '0',
    '--workers', '1',
    '--backend', 'auto',
    ...extra,
  ];
}

/** Runs precompute in this process with flags and ATLAS_CACHE_DIR=cacheDir. */
export function precomputeInProcess(flags: readonly string[], cacheDir: string): Promise<PrecomputeSummary> {
  return runPrecompute(flags, cacheDir);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns `node scripts/<script>.ts args` as a user would, with ATLAS_CACHE_DIR=cacheDir. */
export function runScript(script: 'precompute' | 'merge', args: readonly string[], cacheDir: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ATLAS_CACHE_DIR: cacheDir };
  delete env['ATLAS_WEIGHTS'];
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(PROJECT_ROOT, 'scripts', `${script}.ts`), ...args], { cwd: os.tmpdir(), env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Relative paths of all files below `dir`, sorted, with forward slashes. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The manifest without its run-to-run `timings`, as parsed JSON. */
export async function manifestWithoutTimings(dir: string): Promise<unknown> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  delete manifest['timings'];
  return manifest;
}

/**
 * Asserts that two atlas directories hold the same files with the same bytes, and manifests that
 * differ at most in `timings` (compared as text with the timings block blanked, so key order counts).
 */
export async function assertSameAtlas(expectedDir: string, actualDir: string): Promise<void> {
  const files = await listFiles(expectedDir);
  assert.deepEqual(await listFiles(actualDir), files, 'the same file list');
  for (const file of files) {
    const [expected, actual] = await Promise.all([readFile(path.join(expectedDir, file)), readFile(path.join(actualDir, file))]);
    if (file === 'manifest.json') {
      assert.equal(blankTimings(actual.toString('utf8')), blankTimings(expected.toString('utf8')), 'manifest.json apart from timings');
    } else {
      assert.ok(actual.equals(expected), `${file} is byte-identical`);
    }
  }
}

function blankTimings(text: string): string {
  const blanked = text.replace(/\n {2}"timings": \{[^}]*\},?\n/, '\n  "timings": …\n');
  assert.notEqual(blanked, text, 'the manifest has a timings block');
  return blanked;
}
