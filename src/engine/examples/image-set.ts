import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import pLimit from 'p-limit';
import { AtlasError } from '../../errors.ts';
import type { ExampleFile } from './job.ts';
import { EXAMPLES_BATCH } from './job.ts';
import { IMAGE_EXTENSIONS } from './preprocess.ts';

/** The images of a run: sorted by their path relative to `root`, each with its content hash. */
export interface ImageSet {
  /** Absolute; never written to the atlas. */
  readonly root: string;
  readonly files: readonly ExampleFile[];
  /** SHA-256 over the sorted "relative path TAB content sha256" lines: the set's cache key. */
  readonly sha256: string;
  /** Matched files whose extension is not an image's, left out. */
  readonly ignored: number;
}

const EXTENSION = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');
const GLOB_HINT = "quote the glob so the shell does not expand it, e.g. --examples 'photos/**/*'; extensions read: " + IMAGE_EXTENSIONS.join(', ');

/** The deepest directory that holds every glob's static base. */
function commonRoot(globs: readonly string[], cwd: string): string {
  const bases = fg.generateTasks([...globs], { cwd }).map((task) => path.resolve(cwd, task.base));
  const split = bases.map((base) => base.split(path.sep));
  const shared: string[] = [];
  for (let i = 0; ; i++) {
    const part = split[0]?.[i];
    if (part === undefined || split.some((parts) => parts[i] !== part)) break;
    shared.push(part);
  }
  return shared.join(path.sep) || path.sep;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads `globs` (fast-glob: recursive, case-insensitive image extensions) into an ImageSet. */
export async function resolveImageSet(globs: readonly string[], cwd: string = process.cwd()): Promise<ImageSet> {
  const matched = await fg([...globs], { cwd, absolute: true, onlyFiles: true, followSymbolicLinks: true, unique: true, suppressErrors: true });
  const images = matched.filter((file) => EXTENSION.test(file));
  if (images.length === 0) {
    const what = matched.length === 0 ? 'no files' : `${matched.length} file(s), none with an image extension`;
    throw new AtlasError(`--examples ${globs.join(' ')} matched ${what}`, { hint: GLOB_HINT });
  }
  const root = commonRoot(globs, cwd);
  const limit = pLimit(8);
  const files = await Promise.all(
    images.map((file) => limit(async (): Promise<ExampleFile> => ({ path: file, image: path.relative(root, file).split(path.sep).join('/'), sha256: await sha256Of(file) }))),
  );
  files.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
  const digest = createHash('sha256');
  for (const file of files) digest.update(`${file.image}\t${file.sha256}\n`);
  return { root, files, sha256: digest.digest('hex'), ignored: matched.length - images.length };
}

/** The set in fixed batches of EXAMPLES_BATCH, in path order: batch b is the same whatever the shard or worker. */
export function imageBatches(files: readonly ExampleFile[]): ExampleFile[][] {
  const batches: ExampleFile[][] = [];
  for (let start = 0; start < files.length; start += EXAMPLES_BATCH) batches.push(files.slice(start, start + EXAMPLES_BATCH));
  return batches;
}
