/**
 * Issue 5, arguments and config cases 8-12, at the CLI: every bad flag or config file makes
 * `npm run precompute` exit non-zero with one error line naming the problem and a hint naming the
 * fix, and writes nothing.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, suite, test } from 'node:test';
import { minimumSize, resolveConfig } from '../../src/atlas/config.ts';
import { parseFilterSpec, selectFilters } from '../../src/atlas/filter-selection.ts';
import { rejectsWithAtlasError, useTempDir } from '../weights/support.ts';
import { assertCleanFailure, assertNothingWritten, TEST_CONFIG, runCli, writeTinyWeights } from './support.ts';

const tempDir = useTempDir('atlas-reliability-args-');
let weights = '';
let runs = 0;

before(async () => {
  weights = await writeTinyWeights(path.join(tempDir(), 'tiny.h5'));
});

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly problem: RegExp;
  readonly fix: RegExp;
}


/** Runs the CLI with `args` (plus tiny weights, a quick method and a fresh --out) and expects a clean failure. */
async function failsCleanly({ args, problem, fix }: Case): Promise<void> {
  const dir = path.join(tempDir(), `run-${++runs}`);
  const out = path.join(dir, 'out');
  const cacheDir = path.join(dir, 'cache');
  const result = await runCli(['--weights', weights, '--layers', 'block1_conv1', '--size', '8', '--steps', '2', '--out', out, ...args], { cacheDir });
  assertCleanFailure(result, problem, fix);
  await assertNothingWritten(out, cacheDir);
}

/**
 * The same flags through resolveConfig in this process: the code path the CLI takes before any
 * output, without a process start per variant. The CLI prints exactly these message and hint.
 */
async function configRejects({ args, problem, fix }: Case): Promise<void> {
  const error = await rejectsWithAtlasError(resolveConfig(['--config', TEST_CONFIG, '--layers', 'block1_conv1', ...args], {}), problem);
  assert.match(error.message, /^[^\n]+$/, 'the message is one line');
  assert.match(error.hint ?? '', fix);
}

/** Spawns the CLI for the first `spawned` cases (a few at once) and checks the rest in process. */
function cases(name: string, list: readonly Case[], spawned = list.length): void {
  suite(name, { concurrency: 3 }, () => {
    list.forEach((item, index) => {
      if (index < spawned) test(`${item.name} (CLI)`, () => failsCleanly(item));
      else test(item.name, () => configRejects(item));
    });
  });
}

cases('8: unknown layer', [
  { name: 'a typo in --layers', args: ['--layers', 'block1_conv1,blok2_conv1'], problem: /unknown layer "blok2_conv1"/, fix: /convolution layers are block1_conv1, /i },
  { name: 'a pooling layer', args: ['--layers', 'block1_pool'], problem: /unknown layer "block1_pool"/, fix: /block1_conv1/ },
  { name: 'an empty item', args: ['--layers', 'block1_conv1,'], problem: /--layers "block1_conv1," has an empty item/, fix: /comma-separated list/ },
], 1);

test('9: filter index out of range (CLI)', () =>
  failsCleanly({ name: 'block1_conv1:64', args: ['--filters', 'block1_conv1:64'], problem: /filter block1_conv1:64 is out of range: block1_conv1 has filters 0-3/, fix: /indices below 4/ }));

test('9: ranges past the end, layers not rendered and malformed specs', () => {
  const layers = [{ name: 'block1_conv1', filterCount: 4 }];
  assert.throws(() => selectFilters(layers, parseFilterSpec('2-9')), /filter block1_conv1:9 is out of range/);
  assert.throws(() => selectFilters(layers, parseFilterSpec('block2_conv1:0')), /--filters names block2_conv1, which is not among the layers to render/);
  assert.throws(() => parseFilterSpec('0-x'), /--filters "0-x" is invalid/);
  assert.throws(() => parseFilterSpec('5-2'), /runs backwards/);
});

cases('10: size too small for the layer', [
  { name: 'block4_conv1 at 16 px', args: ['--layers', 'block4_conv1', '--size', '16'], problem: /--size 16 is too small for block4_conv1: it sees the input after 3 2× poolings/, fix: /--size 32 or more for block4_conv1/ },
  { name: 'block2_conv1 at 4 px', args: ['--layers', 'block1_conv1,block2_conv1', '--size', '4'], problem: /--size 4 is too small for block2_conv1/, fix: /--size 8 or more/ },
  { name: 'larger than the maximum', args: ['--size', '100000'], problem: /--size 100000 is larger than the maximum 512/, fix: /--size 512 or less/ },
], 1);

test('10: the documented minimum is 4·2^poolings, and it is accepted', async () => {
  assert.deepEqual(['block1_conv1', 'block2_conv1', 'block3_conv1', 'block4_conv1'].map(minimumSize), [4, 8, 16, 32]);
  const config = await resolveConfig(['--config', TEST_CONFIG, '--layers', 'block4_conv1', '--size', '32'], {});
  assert.equal(config.methods[0]?.size, 32);
});

const numeric: Case[] = [];
for (const value of ['abc', '-1', '0', 'NaN', '']) {
  for (const flag of ['--steps', '--size', '--step']) {
    const problem = new RegExp(`^${flag} must be a (whole|positive) number.*, got "${value}"$`);
    numeric.push({ name: `${flag} "${value}"`, args: [flag, value], problem, fix: new RegExp(`e\\.g\\. ${flag} \\d`) });
  }
}
cases('11: non-numeric, negative, zero or NaN steps, size and step', [
  // A negative number after a space looks like an option to the parser; it still gets the numeric message.
  { name: '--size -8', args: ['--size', '-8'], problem: /--size must be a whole number ≥ 1, got "-8"/, fix: /e\.g\. --size/ },
  { name: '--steps abc', args: ['--steps', 'abc'], problem: /--steps must be a whole number ≥ 1, got "abc"/, fix: /e\.g\. --steps/ },
  { name: '--step NaN', args: ['--step', 'NaN'], problem: /--step must be a positive number, got "NaN"/, fix: /e\.g\. --step 1/ },
  { name: '--size 0', args: ['--size', '0'], problem: /--size must be a whole number ≥ 1, got "0"/, fix: /e\.g\. --size/ },
  ...numeric,
  { name: '--steps=-1', args: ['--steps=-1'], problem: /--steps must be a whole number ≥ 1, got "-1"/, fix: /e\.g\. --steps/ },
  { name: '--steps 2.5', args: ['--steps', '2.5'], problem: /--steps must be a whole number ≥ 1, got "2\.5"/, fix: /e\.g\. --steps/ },
  { name: '--step Infinity', args: ['--step', 'Infinity'], problem: /--step must be a positive number, got "Infinity"/, fix: /e\.g\. --step 1/ },
  { name: '--step -0.5', args: ['--step', '-0.5'], problem: /--step must be a positive number, got "-0\.5"/, fix: /e\.g\. --step 1/ },
  { name: '--size with no value', args: ['--size'], problem: /--size/, fix: /--help/ },
  { name: '--size followed by a flag', args: ['--size', '--steps', '3'], problem: /^Option '--size' argument is ambiguous\.$/, fix: /--help/ },
  { name: 'an unknown flag', args: ['--steps-per-filter', '3'], problem: /Unknown option '--steps-per-filter'/, fix: /--help/ },
], 4);

cases('11: bad --shard', [
  { name: '--shard 3/2', args: ['--shard', '3/2'], problem: /--shard "3\/2" is invalid/, fix: /1 ≤ i ≤ n/ },
  { name: '--shard 0/0', args: ['--shard', '0/0'], problem: /--shard "0\/0" is invalid/, fix: /1 ≤ i ≤ n/ },
  { name: '--shard half', args: ['--shard', 'half'], problem: /--shard "half" is invalid/, fix: /--shard 1\/4/ },
], 2);

test('11: an unwritable --out (under a regular file, or a file itself) (CLI)', async () => {
  const file = path.join(tempDir(), 'a-file');
  await writeFile(file, 'not a directory\n');
  await Promise.all([
    failsCleanly({ name: 'under a file', args: ['--out', path.join(file, 'atlas')], problem: new RegExp(`cannot write to --out ${file}/atlas: part of the path is a file`), fix: /--out DIR/ }),
    failsCleanly({ name: 'a file', args: ['--out', file], problem: new RegExp(`cannot write to --out ${file}: it is a file`), fix: /--out DIR/ }),
  ]);
});

test('11: an unwritable ATLAS_CACHE_DIR (under a regular file) (CLI)', async () => {
  const file = path.join(tempDir(), 'cache-is-a-file');
  await writeFile(file, 'not a directory\n');
  const out = path.join(tempDir(), 'cache-case-out');
  const cacheDir = path.join(file, 'cache');
  const result = await runCli(['--weights', weights, '--layers', 'block1_conv1', '--size', '8', '--steps', '2', '--out', out], { cacheDir });
  assertCleanFailure(result, new RegExp(`cannot write to the cache directory ${cacheDir}: part of the path is a file`), /ATLAS_CACHE_DIR/);
  await assertNothingWritten(out, cacheDir);
});

test('12: a config file that is not JSON, or has unknown or mistyped fields, is named with the JSON path (CLI)', async () => {
  const write = async (name: string, text: string): Promise<string> => {
    const file = path.join(tempDir(), name);
    await writeFile(file, text);
    return file;
  };
  const broken = await write('broken.json', '{ "size": 32,\n  "steps": }\n');
  const unknown = await write('unknown.json', JSON.stringify({ size: 32, stpes: 10 }));
  const mistyped = await write('mistyped.json', JSON.stringify({ layers: ['block1_conv1', 7] }));
  const negative = await write('negative.json', JSON.stringify({ step: -1 }));
  await Promise.all([
    failsCleanly({ name: 'syntax', args: ['--config', broken], problem: new RegExp(`config file ${broken} is not valid JSON: \\S`), fix: /fix the JSON syntax/ }),
    failsCleanly({ name: 'unknown field', args: ['--config', unknown], problem: new RegExp(`config file ${unknown}: .*unknown field.*stpes`), fix: /allowed fields: .*steps/ }),
    failsCleanly({ name: 'mistyped', args: ['--config', mistyped], problem: new RegExp(`config file ${mistyped}: layers\\.1: .*expected string`), fix: /allowed fields/ }),
  ]);
  await configRejects({ name: 'negative', args: ['--config', negative], problem: new RegExp(`config file ${negative}: step: `), fix: /allowed fields/ });
  await configRejects({ name: 'missing', args: ['--config', path.join(tempDir(), 'nope.json')], problem: /config file \S+nope\.json cannot be read/, fix: /--config path/ });
});
