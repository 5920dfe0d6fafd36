/**
 * npm run site [-- --out DIR] [--dist DIR]
 *
 * Builds the static atlas site into dist/ from the precompute output. The data
 * directory comes from --out, else ATLAS_DATA, else atlas-out/ in the project root.
 * ATLAS_SITE and ATLAS_BASE set the host URL and base path (e.g. a GitHub Pages subpath).
 * Before building it validates the manifest and checks every image it references,
 * so bad data fails with one line (and a hint), never with broken pages. Last, it indexes the
 * built pages for the search page (Pagefind, src/site/search/index-site.ts).
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../src/lib/command-line.ts';
import { AtlasError, describeError } from '../src/errors.ts';
import { loadVerifiedAtlas } from '../src/site/atlas-files.ts';
import { writeSearchIndex } from '../src/site/search/index-site.ts';
import { resolveSiteOptions } from '../src/site/site-options.ts';
import { FAMILY_NOTES_ENV, familyNotesDir, verifyFamilyNotes } from '../src/site/labels/notes.ts';

const USAGE = `usage: npm run site [-- --out DIR] [--dist DIR] [--quiet]
  --out DIR   atlas data directory holding manifest.json (default: $ATLAS_DATA, else atlas-out/)
  --dist DIR  where to write the site (default: dist/)
  --quiet     print only warnings and errors
env: ATLAS_DATA, ATLAS_FAMILY_NOTES (names and comments for the families; default content/families/), ATLAS_SITE (e.g. https://you.github.io), ATLAS_BASE (e.g. /atlas); on GitHub Actions
     without ATLAS_SITE, the repository's Pages address (GITHUB_REPOSITORY)`;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(argv: readonly string[]): Promise<void> {
  const args = parseCommandLine(
    argv,
    {
      options: {
        out: { type: 'string' },
        dist: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    },
    'site',
    64,
  ).values;
  if (args.help) {
    console.log(USAGE);
    return;
  }

  const env = { ...process.env, ...(args.out === undefined ? {} : { ATLAS_DATA: args.out }) };
  const options = resolveSiteOptions(env, { cwd: process.cwd(), projectRoot });
  const manifest = await loadVerifiedAtlas(options.dataDir);
  const notesDir = familyNotesDir(env, { cwd: process.cwd(), projectRoot });
  verifyFamilyNotes(notesDir, manifest);
  if (!args.quiet) {
    console.log(`site: ${manifest.filters.length} filters in ${manifest.layers.length} layers from ${options.dataDir}`);
    if (options.site) console.log(`site: absolute URLs use ${options.site}${options.base === '/' ? '' : options.base}/ (from ${options.siteSource})`);
  }

  // The Astro config reads these; pin them to what was just validated.
  process.env.ATLAS_DATA = options.dataDir;
  process.env[FAMILY_NOTES_ENV] = notesDir;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  process.env.NODE_ENV ??= 'production';
  const outDir = args.dist === undefined ? undefined : path.resolve(args.dist);
  // Astro renders pages into a scratch directory, <outDir>/.prerender when outDir is inside the
  // working directory and <cwd>/.astro/.prerender otherwise: two builds from the project root into
  // outside dists (tests, the audit) would share, and break, one scratch directory. This build's
  // own working directory, inside the project so the rendered chunks still find node_modules:
  const scratch = path.join(projectRoot, 'node_modules', '.cache', 'atlas-site-build', String(process.pid));
  const workingDirectory = process.cwd();
  if (outDir && !outDir.startsWith(`${process.cwd()}${path.sep}`)) {
    await mkdir(scratch, { recursive: true });
    process.chdir(scratch);
  }
  const { build } = await import('astro');
  try {
    await build({
      root: projectRoot,
      ...(outDir === undefined ? {} : { outDir }),
      logLevel: args.quiet ? 'warn' : 'info',
    });
  } finally {
    process.chdir(workingDirectory);
    await rm(scratch, { recursive: true, force: true });
  }
  // Last: the search index reads the pages as built (src/site/search/index-site.ts).
  const search = await writeSearchIndex(outDir ?? path.join(projectRoot, 'dist'));
  if (!args.quiet) {
    const languages = Object.entries(search.languages).map(([language, pages]) => `${pages} ${language}`).join(', ');
    console.log(`site: search index of ${languages} pages, ${(search.bytes / 1e6).toFixed(2)} MB in ${search.files} files, ${search.seconds.toFixed(1)} s`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`site: error: ${describeError(error)}`);
    process.exit(error instanceof AtlasError ? error.exitCode : 1);
  },
);
