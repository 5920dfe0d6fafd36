/**
 * The docs check: README.md and docs/ link only to files and #anchors that exist; docs/cli.md
 * names every option each command defines and prints in --help, and every field of
 * atlas.config.json's zod schema, and nothing else; every npm script is named somewhere.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import fg from 'fast-glob';
import { z } from 'zod';
import { ConfigFile, PRECOMPUTE_FLAGS } from '../../src/atlas/config.ts';
import { anchors, firstColumnCode, isExternal, links, sections } from './markdown.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI_PAGE = 'docs/cli.md';

async function docPages(): Promise<string[]> {
  return ['README.md', ...(await fg('docs/**/*.md', { cwd: ROOT })).sort()];
}

const read = (file: string, root = ROOT): Promise<string> => readFile(path.join(root, file), 'utf8');

/** The problems with every relative link and #anchor of `files` (paths relative to `root`). */
async function brokenLinks(files: readonly string[], root = ROOT): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    for (const { target, line } of links(await read(file, root))) {
      if (isExternal(target)) continue;
      const [pathPart = '', anchor] = target.split('#', 2) as [string, string?];
      const resolved = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
      const where = `${file}:${line}: ${target}`;
      if (resolved.startsWith('..') || !existsSync(path.join(root, resolved))) {
        problems.push(`${where}: ${resolved} does not exist`);
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      if (!resolved.endsWith('.md')) {
        problems.push(`${where}: an anchor into a file that is not Markdown`);
        continue;
      }
      if (!anchors(await read(resolved, root)).has(decodeURIComponent(anchor))) problems.push(`${where}: ${resolved} has no heading #${anchor}`);
    }
  }
  return problems;
}

test('every relative link and #anchor in README.md and docs/ resolves', async () => {
  const files = await docPages();
  assert.ok(files.length > 5, `found only ${files.join(', ')}`);
  assert.deepEqual(await brokenLinks(files), []);
});

test('the link check finds a missing file, a missing anchor and a link that leaves the repository', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-docs-'));
  try {
    await mkdir(path.join(dir, 'docs'));
    await writeFile(path.join(dir, 'docs', 'a.md'), '# A page\n\n## Its `--flag` (twice)\n\n## Its `--flag` (twice)\n\n[ok](#its---flag-twice-1) [ok](b.md#b) `[code](nowhere.md)`\n\n```\n[fenced](nowhere.md)\n```\n');
    await writeFile(path.join(dir, 'docs', 'b.md'), '# B\n\n[gone](c.md) [no anchor](a.md#its-flag) [out](../../outside.md) [web](https://example.com/x.md)\n');
    const problems = await brokenLinks(['docs/a.md', 'docs/b.md'], dir);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0]!, /c\.md does not exist/);
    assert.match(problems[1]!, /has no heading #its-flag/);
    assert.match(problems[2]!, /outside\.md does not exist/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

interface Command {
  /** The section of docs/cli.md that documents it. */
  readonly section: string;
  /** How to print its help, from the root. */
  readonly help?: readonly string[];
  /** Its parseArgs option names, from the code. */
  readonly defined: () => Promise<string[]>;
}

/** Option names of the parseArgs tables in a source file (`name: { type: 'string' | 'boolean' … }`). */
async function optionsInSource(file: string): Promise<string[]> {
  const names = [...(await read(file)).matchAll(/['"]?([a-z][a-z0-9-]*)['"]?\s*:\s*\{\s*type:\s*'(?:string|boolean)'/g)].map((match) => match[1]!);
  assert.ok(names.length > 0, `${file} defines no parseArgs option that the docs check can read`);
  return names;
}

const COMMANDS: Record<string, Command> = {
  precompute: { section: 'npm run precompute', help: ['scripts/precompute.ts', '--help'], defined: async () => Object.keys(PRECOMPUTE_FLAGS) },
  // npm run atlas takes precompute's flags and prints its help.
  atlas: { section: 'npm run precompute', help: ['scripts/atlas.ts', '--help'], defined: async () => Object.keys(PRECOMPUTE_FLAGS) },
  site: { section: 'npm run site', help: ['scripts/site.ts', '--help'], defined: () => optionsInSource('scripts/site.ts') },
  merge: { section: 'npm run merge', help: ['scripts/merge.ts', '--help'], defined: () => optionsInSource('src/cli/merge.ts') },
  bench: { section: 'npm run bench', help: ['scripts/bench.ts', '--help'], defined: () => optionsInSource('src/bench/main.ts') },
  quality: { section: 'npm run quality', help: ['scripts/quality.ts', '--help'], defined: () => optionsInSource('src/cli/quality.ts') },
  labels: { section: 'npm run labels', help: ['scripts/labels.ts', '--help'], defined: () => optionsInSource('src/cli/labels.ts') },
  'csp-headers': { section: 'npm run csp-headers', help: ['scripts/csp-headers.ts', '--help'], defined: () => optionsInSource('src/cli/csp-headers.ts') },
  audit: { section: 'npm run audit', help: ['scripts/audit.ts', '--help'], defined: () => optionsInSource('src/cli/audit.ts') },
  'synthetic-atlas': { section: 'npm run synthetic-atlas', help: ['scripts/synthetic-atlas.ts', '--help'], defined: () => optionsInSource('scripts/synthetic-atlas.ts') },
  'measure-web-images': { section: 'Other scripts', defined: () => optionsInSource('scripts/measure-web-images.ts') },
};

const FLAG = /(?<![\w-])--[a-z][a-z0-9-]*/g;

/** The flags a section's tables document, `--no-x` included as written. */
function documentedFlags(section: string): Set<string> {
  return new Set(firstColumnCode(section).flatMap((code) => code.match(FLAG) ?? []));
}

async function cliSections(): Promise<Map<string, string>> {
  return sections(await read(CLI_PAGE), 2);
}

function sectionOf(all: Map<string, string>, name: string): string {
  const body = all.get(name);
  assert.ok(body !== undefined, `${CLI_PAGE} has no "## ${name}" section (it has: ${[...all.keys()].join('; ')})`);
  return body;
}

const execFileAsync = promisify(execFile);

/** Every command's --help output, printed by all the commands at once (each is a Node start-up). */
let helps: Promise<Map<string, string>> | undefined;
function helpOutput(name: string): Promise<string | undefined> {
  helps ??= Promise.all(
    Object.entries(COMMANDS).map(async ([command, { help }]) => [command, help ? (await execFileAsync(process.execPath, help, { cwd: ROOT })).stdout : ''] as const),
  ).then((entries) => new Map(entries));
  return helps.then((outputs) => outputs.get(name));
}

for (const [name, command] of Object.entries(COMMANDS)) {
  test(`${CLI_PAGE} documents every option of ${name}, as its code defines them and its --help prints them`, async () => {
    const documented = documentedFlags(sectionOf(await cliSections(), command.section));
    const defined = (await command.defined()).map((option) => `--${option}`);
    const missing = defined.filter((flag) => !documented.has(flag));
    assert.deepEqual(missing, [], `defined in the code, not in the tables of "## ${command.section}"`);
    if (command.help) {
      const stdout = (await helpOutput(name)) ?? '';
      // Its usage and option lines: the prose around them may name another command's flags.
      const optionLines = stdout.split('\n').filter((line) => /^\s*(--|usage:)/.test(line));
      const printed = [...new Set(optionLines.join('\n').match(FLAG) ?? [])];
      assert.ok(printed.length > 0, `${name} --help printed no option:\n${stdout}`);
      assert.deepEqual(printed.filter((flag) => !documented.has(flag)), [], `printed by ${name} --help, not in the tables of "## ${command.section}"`);
    }
  });
}

test(`every flag in the tables of ${CLI_PAGE} exists in its command's code`, async () => {
  const all = await cliSections();
  const stale: string[] = [];
  for (const command of Object.values(COMMANDS)) {
    const defined = new Set(await command.defined());
    for (const flag of documentedFlags(sectionOf(all, command.section))) {
      const option = flag.slice(2);
      if (!defined.has(option) && !(option.startsWith('no-') && defined.has(option.slice(3)))) stale.push(`${command.section}: ${flag}`);
    }
  }
  assert.deepEqual(stale, []);
});

/** Every field path of a zod schema: `enhanced`, `enhanced.size`, …; unions contribute each object branch's fields. */
function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  if (schema instanceof z.ZodOptional) return schemaPaths(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodUnion) return [...new Set((schema.options as z.ZodType[]).flatMap((option) => schemaPaths(option, prefix)))];
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, value]) => {
      const field = prefix === '' ? key : `${prefix}.${key}`;
      return [field, ...schemaPaths(value, field)];
    });
  }
  return [];
}

test(`${CLI_PAGE} documents every field of atlas.config.json's zod schema, and no other`, async () => {
  const paths = schemaPaths(ConfigFile);
  assert.ok(paths.includes('enhanced.learningRate') && paths.includes('examples.sha256'), `schema walk found ${paths.join(', ')}`);
  const documented = new Set(firstColumnCode(sectionOf(await cliSections(), 'atlas.config.json')));
  assert.deepEqual(paths.filter((field) => !documented.has(field)), [], 'in the schema, not in the table');
  assert.deepEqual([...documented].filter((field) => !paths.includes(field)), [], 'in the table, not in the schema');
});

test('every npm script in package.json is named in README.md or docs/', async () => {
  const { scripts } = JSON.parse(await read('package.json')) as { scripts: Record<string, string> };
  const text = (await Promise.all((await docPages()).map((file) => read(file)))).join('\n');
  const unnamed = Object.keys(scripts).filter((script) => {
    const spelled = script === 'test' ? /npm (run )?test\b/ : new RegExp(`npm run ${script.replace(/[-]/g, '\\-')}(?![\\w-])`);
    return !spelled.test(text);
  });
  assert.ok(Object.keys(scripts).length > 5);
  assert.deepEqual(unnamed, []);
});

test('README.md is short, with the set-up commands in its first 40 lines and the main job near the top', async () => {
  const lines = (await read('README.md')).split('\n');
  assert.ok(lines.length <= 220, `README.md has ${lines.length} lines; the reference belongs in docs/`);
  const head = lines.slice(0, 40).join('\n');
  assert.match(head, /^npm ci$/m);
  assert.match(head, /^npm test$/m);
  assert.match(lines.slice(0, 60).join('\n'), /^npm run atlas$/m);
});

test('every page in docs/ opens with one line saying who it is for', async () => {
  const pages = (await docPages()).filter((file) => file.startsWith('docs/'));
  const without: string[] = [];
  for (const file of pages) {
    const [title, ...rest] = (await read(file)).split('\n').filter((line) => line.trim() !== '');
    if (!/^# /.test(title ?? '') || !/^\*For [^*]+\.\*$/.test(rest[0] ?? '')) without.push(file);
  }
  assert.deepEqual(without, [], 'a page must start with "# Title" and then "*For …*"');
});
