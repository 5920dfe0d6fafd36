import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, lineProgress } from '../../src/atlas/progress.ts';

test('plain progress lines name each bar with its own unit and end at 100 % with no ETA left', () => {
  const lines: string[] = [];
  const progress = lineProgress((line) => lines.push(line), 3600);
  progress.layer('block1_conv1', 64, 16);
  progress.layer('tuning', 2, 0, 'layers');
  progress.advance('tuning', 1);
  progress.advance('tuning', 1);
  progress.advance('block1_conv1', 48);
  assert.deepEqual(lines, [
    'block1_conv1: 16/64 filters (25%), ETA ?',
    'tuning: 0/2 layers (0%), ETA ?',
    'tuning: 2/2 layers (100%), ETA 0s',
    'block1_conv1: 64/64 filters (100%), ETA 0s',
  ]);
});

test('durations read as seconds, minutes with seconds, or hours with minutes', () => {
  assert.equal(formatDuration(59.4), '59s');
  assert.equal(formatDuration(342), '5m42s');
  assert.equal(formatDuration(160_680), '44h38m');
  assert.equal(formatDuration(Number.POSITIVE_INFINITY), '?');
});
