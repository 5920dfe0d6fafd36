/**
 * The committed atlas.config.json is what `npm run atlas` and the workflow render: its enhanced
 * block must be the method's defaults, whose quality and time docs/methods.md reports. (It once kept
 * 96 steps after the defaults moved to 80.)
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigFile, DEFAULT_CONFIG_FILE, ENHANCED_DEFAULTS } from '../../src/atlas/config.ts';

test('the committed atlas.config.json renders the enhanced method at its defaults', async () => {
  const file = ConfigFile.parse(JSON.parse(await readFile(path.resolve(import.meta.dirname, '../..', DEFAULT_CONFIG_FILE), 'utf8')));
  assert.deepEqual({ ...ENHANCED_DEFAULTS, ...file.enhanced }, { ...ENHANCED_DEFAULTS });
});
