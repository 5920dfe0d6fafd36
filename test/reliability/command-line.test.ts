import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AtlasError } from '../../src/errors.ts';
import { parseCommandLine } from '../../src/lib/command-line.ts';

const OPTIONS = { options: { out: { type: 'string' }, force: { type: 'boolean' } } } as const;

test('a good command line parses as parseArgs would', () => {
  assert.deepEqual({ ...parseCommandLine(['--out', 'x', '--force'], OPTIONS, 'tool').values }, { out: 'x', force: true });
});

test('a bad command line is one line naming the problem, with the command\'s --help in the hint and its exit code', () => {
  assert.throws(
    () => parseCommandLine(['--outt', 'x'], OPTIONS, 'tool', 64),
    (error: unknown) => {
      assert.ok(error instanceof AtlasError);
      assert.equal(error.message, "Unknown option '--outt'");
      assert.equal(error.hint, 'run `npm run tool -- --help` for the options');
      assert.equal(error.exitCode, 64);
      return true;
    },
  );
  assert.throws(() => parseCommandLine(['stray'], OPTIONS, 'tool'), (error: unknown) => error instanceof AtlasError && error.exitCode === 2 && !error.message.includes('\n'));
});
