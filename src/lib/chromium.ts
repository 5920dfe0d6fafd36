/**
 * Which Chromium the browser tests (and any audit script) drive, in one place.
 *
 * 1. `CHROMIUM_PATH`, when set: that binary, or an error if it is not there.
 * 2. `@sparticuz/chromium` (a devDependency, so `npm ci` brings it): a headless Chromium for
 *    Linux x64 shipped inside the npm package. It is unpacked once into
 *    node_modules/.cache/sparticuz-chromium-<version>/.
 * 3. /usr/bin/chromium (e.g. Debian's `apt-get install chromium`), when it exists.
 *
 * Nothing is downloaded. With none of these, `chromiumExecutable()` throws a one-line error
 * that says how to get a browser.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const NPM_CHROMIUM = '@sparticuz/chromium';
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const NO_CHROMIUM_MESSAGE =
  'no Chromium for the browser tests: run `npm ci` (it installs @sparticuz/chromium, Linux x64), ' +
  `or install one (e.g. apt-get install chromium) at ${SYSTEM_CHROMIUM}, or set CHROMIUM_PATH to a Chromium or Chrome binary`;

/** Flags for a headless run on a machine whose only network is loopback: no background traffic. */
const QUIET_FLAGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/**
 * Dropped from @sparticuz/chromium's serverless flags: `--single-process` (a second page in one
 * browser fails to open with it) and the two that weaken web security, so tests see what users see.
 */
const DROPPED_FLAGS = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);
const SYSTEM_ARGS: readonly string[] = ['--headless', '--no-sandbox', '--disable-gpu', ...QUIET_FLAGS];

export interface ChromiumLaunch {
  readonly executablePath: string;
  readonly args: readonly string[];
  /** Where it came from, for messages. */
  readonly origin: 'CHROMIUM_PATH' | 'npm' | 'system';
}

/** No browser to be had; its message is one line that says how to get one. */
export class NoChromiumError extends Error {
  override readonly name = 'NoChromiumError';
}

/** The installed @sparticuz/chromium's directory, or undefined when it is not installed or not for this platform. */
function npmChromiumDir(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    // Its "exports" hide package.json; the entry point is <package>/build/index.js.
    return path.resolve(path.dirname(fileURLToPath(import.meta.resolve(NPM_CHROMIUM))), '..');
  } catch {
    return undefined;
  }
}

/**
 * Unpacks the npm Chromium into a version-keyed cache directory. The package unpacks into
 * os.tmpdir(), non-atomically, so it runs in a child process whose TMPDIR is a fresh staging
 * directory, which is then renamed into place: concurrent runs and killed runs never leave a
 * half-written binary where the next run would take it.
 */
async function unpackNpmChromium(packageDir: string): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cacheRoot = path.join(PROJECT_ROOT, 'node_modules', '.cache');
  const target = path.join(cacheRoot, `sparticuz-chromium-${version}`);
  const binary = path.join(target, 'chromium');
  if (existsSync(binary)) return binary;
  await mkdir(cacheRoot, { recursive: true });
  const staging = await mkdtemp(path.join(cacheRoot, '.sparticuz-chromium-'));
  try {
    const script = `import(${JSON.stringify(NPM_CHROMIUM)}).then((m) => m.default.executablePath()).then((p) => process.stdout.write(p))`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TMPDIR: staging },
    });
    if (path.resolve(stdout.trim()) !== path.join(staging, 'chromium')) throw new Error(`unexpected path ${stdout.trim()}`);
    await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      // Another run unpacked the same version first: use theirs.
      if (!existsSync(binary)) throw error;
    });
    return binary;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function npmChromiumArgs(): Promise<string[]> {
  const module = (await import(NPM_CHROMIUM)) as { default: { args: string[] } };
  return module.default.args.filter((flag) => !DROPPED_FLAGS.has(flag));
}

export interface ChromiumSources {
  readonly env?: NodeJS.ProcessEnv;
  /** Directory of an installed @sparticuz/chromium usable here, if any. */
  readonly npmPackageDir?: string | undefined;
  readonly systemPath?: string;
}

/** Resolves the Chromium to launch (see the file comment); throws NoChromiumError when there is none. */
export async function resolveChromium(sources: ChromiumSources = {}): Promise<ChromiumLaunch> {
  const { env = process.env, systemPath = SYSTEM_CHROMIUM } = sources;
  const npmDir = 'npmPackageDir' in sources ? sources.npmPackageDir : npmChromiumDir();
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!existsSync(explicit)) throw new NoChromiumError(`CHROMIUM_PATH=${explicit} does not exist; ${NO_CHROMIUM_MESSAGE}`);
    return { executablePath: explicit, args: SYSTEM_ARGS, origin: 'CHROMIUM_PATH' };
  }
  if (npmDir) {
    return { executablePath: await unpackNpmChromium(npmDir), args: [...(await npmChromiumArgs()), ...QUIET_FLAGS], origin: 'npm' };
  }
  if (existsSync(systemPath)) return { executablePath: systemPath, args: SYSTEM_ARGS, origin: 'system' };
  throw new NoChromiumError(NO_CHROMIUM_MESSAGE);
}

/** Path of the Chromium binary, e.g. for CHROME_PATH of a Lighthouse run. */
export async function chromiumExecutable(sources: ChromiumSources = {}): Promise<string> {
  return (await resolveChromium(sources)).executablePath;
}
