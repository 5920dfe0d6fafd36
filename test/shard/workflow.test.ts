import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { validateWorkflow as validate, type ValidationError, type ValidationState } from '@action-validator/core';
import { PatternCache, TuningCache } from '../../src/engine/cache.ts';
import { CANONICAL_WEIGHTS_MD5, CANONICAL_WEIGHTS_URL, cachedWeightsPath, defaultCacheDir } from '../../src/engine/weights/download.ts';
import { PROJECT_ROOT } from './support.ts';

const WORKFLOW = path.join(PROJECT_ROOT, '.github', 'workflows', 'atlas.yml');
const text = await readFile(WORKFLOW, 'utf8');
/** The workflow without comment lines: what GitHub runs. */
const active = text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');

/** action-validator, without its console warning that it does not check the `paths` globs. */
function validateWorkflow(source: string): ValidationState {
  const warn = console.warn;
  console.warn = (...args: unknown[]): void => {
    if (!/Glob validation is not yet supported/.test(String(args[0]))) warn(...args);
  };
  try {
    return validate(source);
  } finally {
    console.warn = warn;
  }
}

function describe(errors: readonly ValidationError[]): string {
  return JSON.stringify(errors, null, 1).slice(0, 2000);
}

/** The commented-out GPU job, uncommented in place (the rest of the workflow unchanged). */
function withGpuJob(): string {
  const lines = text.split('\n');
  const start = lines.indexOf('  # render-gpu:');
  assert.ok(start > 0, 'the workflow has a commented render-gpu job');
  let end = start;
  while (lines[end]?.startsWith('  #')) end++;
  return [...lines.slice(0, start), ...lines.slice(start, end).map((line) => line.replace(/^ {2}# ?/, '  ')), ...lines.slice(end)].join('\n');
}

test('atlas.yml is a valid GitHub Actions workflow (action-validator, offline), and so is its GPU variant uncommented', () => {
  const result = validateWorkflow(text);
  assert.equal(result.actionType, 'workflow');
  assert.deepEqual(result.errors, [], describe(result.errors));
  const gpu = withGpuJob();
  assert.match(gpu, /^ {2}render-gpu:\n/m);
  assert.deepEqual(validateWorkflow(gpu).errors, [], describe(validateWorkflow(gpu).errors));
});

test('the validator catches the mistakes it should (so the check above means something)', () => {
  const noRunner = text.replace(/(\n {2}render:\n(?:.*\n)*?) {4}runs-on: ubuntu-latest\n/, '$1');
  assert.notEqual(noRunner, text);
  assert.ok(validateWorkflow(noRunner).errors.length > 0, 'a job without runs-on');
  const badNeeds = text.replace('    needs: render\n', '    needs: rendering\n');
  assert.notEqual(badNeeds, text);
  assert.match(JSON.stringify(validateWorkflow(badNeeds).errors), /unresolved job rendering/);
  assert.ok(validateWorkflow(text.replace('  workflow_dispatch:\n', '  workflow_dispatched:\n')).errors.length > 0, 'an unknown trigger');
});

test('triggers: pushes to main touching the config, the engine or scripts; manual dispatch with a shard count (default 4)', () => {
  assert.match(active, /^on:\n {2}push:\n {4}branches: \[main\]\n {4}paths:\n {6}- atlas\.config\.json\n {6}- 'src\/engine\/\*\*'\n {6}- 'scripts\/\*\*'\n/m);
  for (const sitePath of ["'src/**'", "'content/**'", "'public/**'", 'astro.config.mjs', 'package-lock.json']) {
    assert.ok(active.includes(`      - ${sitePath}\n`), `a push touching ${sitePath} republishes the site`);
  }
  assert.match(active, /^ {2}workflow_dispatch:\n {4}inputs:\n {6}shards:\n(?: {8}.*\n)*? {8}default: 4\n/m);
  assert.match(active, /SHARDS: \$\{\{ inputs\.shards \|\| 4 \}\}/, 'a push (no inputs) renders 4 shards');
  assert.match(active, /^concurrency:\n {2}group: /m);
});

test('jobs: plan emits the matrix, render runs one shard each, merge-and-build merges, builds for Pages and deploys', () => {
  assert.match(active, /echo "matrix=\[\$\(seq -s, 1 "\$SHARDS"\)\]" >> "\$GITHUB_OUTPUT"/);
  assert.match(active, /shard: \$\{\{ fromJSON\(needs\.plan\.outputs\.matrix\) \}\}/);
  assert.equal(active.match(/node-version: 24\n {10}cache: npm\n/g)?.length, 2, 'Node 24 with the npm cache in render and merge-and-build');
  assert.equal(active.match(/- run: npm ci\n/g)?.length, 2);
  assert.match(active, /run: npm run precompute -- --shard \$\{\{ matrix\.shard \}\}\/\$\{\{ needs\.plan\.outputs\.count \}\} --out shard-out\n/);
  assert.match(active, /uses: actions\/upload-artifact@v4\n {8}with:\n {10}name: shard-\$\{\{ matrix\.shard \}\}\n {10}path: shard-out\n(?: {10}.*\n)* {10}overwrite: true\n/, 'a re-run replaces its artifact');
  assert.match(active, /uses: actions\/download-artifact@v4\n {8}with:\n {10}pattern: shard-\*\n {10}path: shards\n/);
  assert.match(active, /run: npm run merge -- --out atlas-out --fill-cache shards\/\*\n/);
  assert.match(active, /ATLAS_SITE: \$\{\{ steps\.pages\.outputs\.origin \}\}\n {10}ATLAS_BASE: \$\{\{ steps\.pages\.outputs\.base_path \}\}\n {10}ATLAS_DATA: atlas-out\n {8}run: npm run site\n/);
  assert.match(active, /- id: pages\n {8}uses: actions\/configure-pages@v\d+\n/);
  assert.match(active, /uses: actions\/upload-pages-artifact@v\d+\n {8}with:\n {10}path: dist\n/);
  assert.match(active, /- id: deploy\n {8}uses: actions\/deploy-pages@v\d+\n/);
  assert.match(active, /\n {2}merge-and-build:\n(?: {4}.*\n)*? {4}permissions:\n {6}contents: read\n {6}pages: write\n {6}id-token: write\n {4}environment:\n {6}name: github-pages\n/);
  assert.match(
    text,
    /^ {2}# {5}- run: npm ci\n {2}# {5}- run: node node_modules\/onnxruntime-node\/script\/install\.js\n {2}# {7}env:\n {2}# {9}ONNXRUNTIME_NODE_INSTALL: cuda12$/m,
    'the GPU variant runs the CUDA download that npm ci skips',
  );
  assert.match(text, /^ {2}# {7}run: npm run precompute -- --backend onnx-cuda .*--shard \$\{\{ matrix\.shard \}\}/m, 'and renders with --backend onnx-cuda');
});

test('every npm script the workflow runs exists in package.json', async () => {
  const scripts = (JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const used = [...text.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!);
  assert.deepEqual([...new Set(used)].sort(), ['merge', 'precompute', 'site']);
  for (const name of used) assert.ok(scripts[name], `package.json has a "${name}" script`);
  assert.equal(scripts['merge'], 'node scripts/merge.ts');
});

test('the cache paths and the weights key match what the code uses', () => {
  const cacheDir = defaultCacheDir({ HOME: '/home/runner' });
  assert.ok(cacheDir.endsWith('/.cache/vgg16-filter-atlas'), cacheDir);
  const home = (absolute: string): string => absolute.replace(/^.*\/\.cache\//, '~/.cache/');
  const weightsDir = home(path.dirname(cachedWeightsPath(cacheDir, CANONICAL_WEIGHTS_URL)));
  const patternsDir = home(new PatternCache(cacheDir).root);
  const tuningDir = home(new TuningCache(cacheDir).root);
  const weightsFile = path.posix.basename(new URL(CANONICAL_WEIGHTS_URL).pathname);
  const weightsKey = `vgg16-weights-${weightsFile}-${CANONICAL_WEIGHTS_MD5}`;
  assert.equal(active.match(new RegExp(`path: ${weightsDir}\\n {10}key: ${weightsKey.replace(/\./g, '\\.')}\\n`, 'g'))?.length, 1, 'the weights cache');

  const hash = "hashFiles('atlas.config.json', 'src/engine/**', 'package-lock.json')";
  const shardKey = `patterns-\${{ runner.os }}-shard-\${{ ${hash} }}-\${{ matrix.shard }}of\${{ needs.plan.outputs.count }}-\${{ github.run_id }}`;
  const lines = active.split('\n').map((line) => line.trim());
  assert.equal(active.match(new RegExp(`path: \\|\\n {12}${patternsDir}\\n {12}${tuningDir}\\n`, 'g'))?.length, 3, 'render restores and saves, merge saves: patterns and tuning');
  assert.equal(lines.filter((line) => line === `key: ${shardKey}-\${{ github.run_attempt }}`).length, 2, 'render restores and saves under one key per attempt');
  const restoreKeys = lines.slice(lines.indexOf('restore-keys: |') + 1, lines.indexOf('restore-keys: |') + 4);
  assert.deepEqual(restoreKeys, [`${shardKey}-`, `patterns-\${{ runner.os }}-all-\${{ ${hash} }}-`, 'patterns-${{ runner.os }}-all-']);
  assert.ok(lines.includes(`key: patterns-\${{ runner.os }}-all-\${{ ${hash} }}-\${{ github.run_id }}-\${{ github.run_attempt }}`), 'merge-and-build saves the merged patterns');
});

test("the plan job's script turns the shard count into the matrix [1..N] and refuses bad counts", async () => {
  const lines = active.split('\n');
  const start = lines.findIndex((line, k) => line === '        run: |' && lines[k - 1]?.includes('SHARDS:'));
  assert.ok(start > 0, 'the plan step has a run block');
  const script: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('          ')) break;
    script.push(line.slice(10));
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-plan-'));
  try {
    const run = (shards: string): { status: number | null; output: string } => {
      const outputFile = path.join(dir, `out-${shards || 'empty'}`);
      const result = spawnSync('bash', ['-e', '-c', script.join('\n')], { env: { PATH: '/usr/local/bin:/usr/bin:/bin', SHARDS: shards, GITHUB_OUTPUT: outputFile }, encoding: 'utf8' });
      let output = '';
      try {
        output = readFileSync(outputFile, 'utf8');
      } catch {
        // no output on refusal
      }
      return { status: result.status, output };
    };
    assert.deepEqual(run('4'), { status: 0, output: 'count=4\nmatrix=[1,2,3,4]\n' });
    assert.deepEqual(run('1'), { status: 0, output: 'count=1\nmatrix=[1]\n' });
    assert.equal(run('12').output, 'count=12\nmatrix=[1,2,3,4,5,6,7,8,9,10,11,12]\n');
    for (const bad of ['0', '65', '-1', '2.5', 'x', '', '08', '1; echo matrix=[9]']) assert.deepEqual(run(bad), { status: 1, output: '' }, `SHARDS=${bad}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
