import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { AtlasError } from '../../src/errors.ts';

/**
 * A temp dir for one test file, removed after its tests. It is made right away, not in a `before`
 * hook, because node:test does not wait for one root-level `before` hook before starting the next.
 */
export function useTempDir(prefix: string): () => string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Awaits `promise`, asserting it rejects with an AtlasError that has a hint and (if given) a matching message. */
export async function rejectsWithAtlasError(promise: Promise<unknown>, message?: RegExp): Promise<AtlasError> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof AtlasError, `expected an AtlasError, got ${String(caught)}`);
  if (message) assert.match(caught.message, message);
  assert.ok(caught.hint, 'an AtlasError carries a hint');
  return caught;
}
