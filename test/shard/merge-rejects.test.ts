import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Manifest } from '../../src/atlas/manifest.ts';
import { mergeShards } from '../../src/atlas/merge.ts';
import { rejectsWithAtlasError } from '../weights/support.ts';
import { precomputeInProcess, runScript, tinyFlags, useTempDir, writeTinySetup } from './support.ts';

const tempDir = useTempDir('atlas-shard-rejects-');
const at = (...parts: string[]): string => path.join(tempDir(), ...parts);
const quiet = { log: () => undefined };
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Two shards of a small run (4 filters of block1_conv1 and of block2_conv1: one batch each), plus shard 2/2 made with --steps 4. */
async function renderShards(): Promise<void> {
  const setup = await writeTinySetup(tempDir());
  const flags = (extra: string[]): string[] => tinyFlags(setup, ['--layers', 'block1_conv1,block2_conv1', '--filters', '0-3', '--no-tuning', ...extra]);
  await precomputeInProcess(flags(['--shard', '1/2', '--out', at('s1')]), at('cache'));
  await precomputeInProcess(flags(['--shard', '2/2', '--out', at('s2')]), at('cache'));
  await precomputeInProcess(flags(['--shard', '2/2', '--steps', '4', '--out', at('s2-steps4')]), at('cache'));
}
const ready = renderShards();
ready.catch(() => undefined); // each test awaits it and fails with its error

async function readJson(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** A copy of a shard directory with its manifest edited. */
async function variant(source: string, name: string, edit: (manifest: Manifest) => void): Promise<string> {
  const dir = at('variants', name);
  await rm(dir, { recursive: true, force: true });
  await cp(source, dir, { recursive: true });
  const manifest = await readJson(dir);
  edit(manifest);
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

async function assertNotWritten(outDir: string): Promise<void> {
  assert.equal(await stat(path.join(outDir, 'manifest.json')).catch(() => undefined), undefined, `nothing was merged into ${outDir}`);
}

test('the CLI refuses shards rendered with different --steps: exit 2, one line naming the difference and both dirs, nothing written', async () => {
  await ready;
  const result = await runScript('merge', ['--out', at('out-steps'), at('s1'), at('s2-steps4')], at('cache'));
  assert.equal(result.code, 2, result.stderr);
  const [first, hint] = result.stderr.trimEnd().split('\n');
  assert.equal(first, `error: shard ${at('s2-steps4')} differs in classic steps: 4 there, 3 in ${at('s1')}`);
  assert.match(hint ?? '', /^ {2}hint: /);
  assert.equal(result.stdout, '');
  await assertNotWritten(at('out-steps'));
});

test('merge refuses a missing shard, the same shard twice, and overlapping filters', async () => {
  await ready;
  await rejectsWithAtlasError(mergeShards(at('out'), [at('s1')], quiet), /^shard 2\/2 missing: got 1 of 2 \(1\/2 in .*s1\)$/);
  await rejectsWithAtlasError(mergeShards(at('out'), [at('s2')], quiet), /^shard 1\/2 missing/);
  await rejectsWithAtlasError(
    mergeShards(at('out'), [at('s1'), at('s2'), at('s1')], quiet),
    new RegExp(`^shard 1/2 is given twice: ${escape(at('s1'))} and ${escape(at('s1'))}$`),
  );
  const copy = await variant(at('s2'), 's2-copy', () => undefined);
  await rejectsWithAtlasError(mergeShards(at('out'), [at('s2'), at('s1'), copy], quiet), new RegExp(`^shard 2/2 is given twice: ${escape(at('s2'))} and ${escape(copy)}$`));

  // A shard that also claims one of shard 1's filters (as if it came from another run).
  const stolen = (await readJson(at('s1'))).filters[0]!;
  const overlapping = await variant(at('s2'), 's2-overlap', (manifest) => manifest.filters.push(stolen));
  await mkdir(path.join(overlapping, stolen.layer), { recursive: true });
  for (const file of [stolen.image, stolen.webp]) await cp(path.join(at('s1'), file), path.join(overlapping, file));
  await rejectsWithAtlasError(
    mergeShards(at('out'), [at('s1'), overlapping], quiet),
    new RegExp(`^${stolen.layer} filter ${stolen.index} \\(${stolen.method}\\) is in both shard 1/2 \\(${escape(at('s1'))}\\) and shard 2/2 \\(${escape(overlapping)}\\)$`),
  );
  await assertNotWritten(at('out'));
});

test('merge names what differs: weights, backend, engine version, shard count, layers', async () => {
  await ready;
  const cases: [string, (manifest: Manifest) => void, RegExp][] = [
    ['sha', (m) => (m.model.weights.sha256 = 'f'.repeat(64)), /differs in weights sha256: f{64} there, [0-9a-f]{64} in /],
    ['backend', (m) => (m.backend = 'node-gpu'), /differs in backend: node-gpu there, \w+ in /],
    ['engine', (m) => (m.engineVersion = '999'), /differs in engine version: 999 there, \d+ in /],
    ['count', (m) => (m.shard = { index: 2, count: 3 }), /differs in shard count: 3 there, 2 in /],
    ['seed', (m) => (m.methods[0]!.params.seed = 7), /differs in classic seed: 7 there, 0 in /],
    ['enhanced steps', (m) => (m.methods[1]!.params.steps = 9), /differs in enhanced steps: 9 there, 3 in /],
    ['methods', (m) => (m.methods = m.methods.slice(0, 1)), /differs in methods: classic there, classic,enhanced in /],
    ['layers', (m) => (m.layers = m.layers.slice(0, 1)), /differs in layers: block1_conv1\(40\) there, block1_conv1\(40\),block2_conv1\(6\) in /],
  ];
  for (const [name, edit, message] of cases) {
    const odd = await variant(at('s2'), `s2-${name}`, edit);
    const error = await rejectsWithAtlasError(mergeShards(at('out'), [at('s1'), odd], quiet), message);
    assert.ok(error.message.startsWith(`shard ${odd} differs in `), error.message);
    assert.ok(error.message.endsWith(` in ${at('s1')}`), error.message);
  }
});

test('merge refuses bad inputs with one clear line each', async () => {
  await ready;
  await mkdir(at('empty'), { recursive: true });
  const newer = await variant(at('s1'), 'newer-schema', (manifest) => Object.assign(manifest, { schemaVersion: 99 }));
  const whole = await variant(at('s1'), 'whole', (manifest) => delete manifest.shard);
  const brokenJson = await variant(at('s1'), 'broken-json', () => undefined);
  await writeFile(path.join(brokenJson, 'manifest.json'), '{ "schemaVersion": 1,');
  const lostImage = await variant(at('s1'), 'lost-image', () => undefined);
  const firstImage = (await readJson(lostImage)).filters[0]!.image;
  await rm(path.join(lostImage, firstImage));

  await rejectsWithAtlasError(mergeShards(at('out'), [], quiet), /^no shard directories to merge$/);
  await rejectsWithAtlasError(mergeShards(at('out'), [at('nowhere'), at('s2')], quiet), /^shard directory .*nowhere does not exist$/);
  await rejectsWithAtlasError(mergeShards(at('out'), [path.join(at('s1'), 'manifest.json')], quiet), /manifest\.json is not a directory$/);
  await rejectsWithAtlasError(mergeShards(at('out'), [at('empty'), at('s2')], quiet), /^shard directory .*empty has no manifest\.json$/);
  await rejectsWithAtlasError(mergeShards(at('out'), [newer, at('s2')], quiet), /newer-schema\/manifest\.json has newer manifest schema version 99/);
  await rejectsWithAtlasError(mergeShards(at('out'), [brokenJson, at('s2')], quiet), /broken-json\/manifest\.json is not valid JSON/);
  await rejectsWithAtlasError(mergeShards(at('out'), [whole, at('s2')], quiet), /whole holds a whole atlas, not a shard/);
  await rejectsWithAtlasError(mergeShards(at('out'), [lostImage, at('s2')], quiet), new RegExp(`${escape(firstImage)} is listed in its shard's manifest but missing$`));
  await rejectsWithAtlasError(mergeShards(at('s1'), [at('s1'), at('s2')], quiet), /the output directory .*s1 is also a shard directory/);
  await assertNotWritten(at('out'));

  const usage = await runScript('merge', ['--out', at('out')], at('cache'));
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^error: no shard directories given\n {2}hint: usage: npm run merge -- --out DIR SHARD_DIR/);
});
