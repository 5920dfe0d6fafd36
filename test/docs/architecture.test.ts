/**
 * docs/architecture.md's table of which module may import which, checked against every import in
 * src/: the engine imports nothing from the atlas or the site, the site only the engine's pure
 * contracts and constants (it never runs the model), and so on.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import fg from 'fast-glob';

const ROOT = path.resolve(import.meta.dirname, '../..');

const SITE = ['site', 'components', 'pages', 'layouts', 'scripts', 'styles'];
/** The engine modules the site may read: contracts and constants, nothing that runs the model. */
const ENGINE_FOR_SITE = [
  'engine/browser-model/float16.ts',
  'engine/browser-model/model-entry.ts',
  'engine/connections/codec.ts',
  'engine/connections/contract.ts',
  'engine/examples/example-entry.ts',
  'engine/transform/caffe.ts',
  'engine/tuning/region.ts',
  'engine/tuning/stimuli.ts',
  'engine/tuning/tuning-entry.ts',
  'engine/weights/download.ts',
];

/** What each module (src/<module>/…) may import inside src/; a module not listed may import anything. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  lib: ['lib', 'errors.ts'],
  engine: ['engine', 'lib', 'errors.ts'],
  atlas: ['atlas', 'engine', 'lib', 'errors.ts'],
  ...Object.fromEntries(SITE.map((module) => [module, [...SITE, 'atlas', 'lib', 'errors.ts', ...ENGINE_FOR_SITE]])),
  bench: ['bench', 'engine', 'atlas', 'lib', 'errors.ts'],
  audit: ['audit', 'engine', 'atlas', 'lib', 'errors.ts'],
};

/** The relative import specifiers of a source file (static, dynamic, side-effect and re-exports). */
function importSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1]!);
}

function allowed(module: string, target: string): boolean {
  const rules = MAY_IMPORT[module];
  if (!rules) return true;
  return rules.some((rule) => target === rule || target.startsWith(`${rule}/`));
}

/** `src/engine/x.ts` → `engine`; `src/errors.ts` → `errors.ts`. */
const moduleOf = (fromSrc: string): string => fromSrc.split('/')[0]!;

async function violations(): Promise<string[]> {
  const files = await fg('src/**/*.{ts,astro,mjs}', { cwd: ROOT });
  assert.ok(files.length > 100, `found only ${files.length} source files`);
  const found: string[] = [];
  for (const file of files) {
    const module = moduleOf(path.posix.relative('src', file));
    for (const specifier of importSpecifiers(await readFile(path.join(ROOT, file), 'utf8'))) {
      const target = path.posix.relative('src', path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
      if (target.startsWith('..')) continue;
      if (!allowed(module, target)) found.push(`${file} imports src/${target}`);
    }
  }
  return found;
}

test('every import in src/ follows the table in docs/architecture.md', async () => {
  assert.deepEqual(await violations(), []);
});

test('the import check sees static, dynamic and side-effect imports, and what each module may not import', () => {
  const source = "import { a } from '../atlas/x.ts';\nexport { b } from './y.ts';\nconst c = await import('../../site/z.ts');\nimport '../styles/s.css';\nimport fs from 'node:fs';";
  assert.deepEqual(importSpecifiers(source), ['../atlas/x.ts', './y.ts', '../../site/z.ts', '../styles/s.css']);
  assert.equal(allowed('engine', 'atlas/manifest.ts'), false);
  assert.equal(allowed('site', 'engine/runtime/onnx/network.ts'), false);
  assert.equal(allowed('site', 'engine/tuning/stimuli.ts'), true);
  assert.equal(allowed('atlas', 'site/jump.ts'), false);
  assert.equal(allowed('cli', 'site/site-options.ts'), true);
});
