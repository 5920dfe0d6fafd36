import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import yauzl from 'yauzl';
import { AtlasError } from '../../errors.ts';
import { tempPathFor } from '../../lib/atomic-write.ts';

export interface ArchiveOptions {
  readonly fetchImpl?: typeof fetch;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

const DONE_MARKER = '.unpacked';

/** Where an archive with this sha256 is unpacked: `<cache>/examples/<sha256>/`. */
export function unpackedArchiveDir(cacheDir: string, sha256: string): string {
  return path.join(cacheDir, 'examples', sha256);
}

/**
 * The image archive at `url`, downloaded once into the cache through a temp file, checked against
 * `sha256`, then unpacked (tar, tar.gz or zip, told by its first bytes); returns the unpacked
 * directory. A second call finds it and touches no network.
 */
export async function fetchExamplesArchive(url: string, sha256: string, cacheDir: string, options: ArchiveOptions = {}): Promise<string> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const target = unpackedArchiveDir(cacheDir, sha256);
  if (await stat(path.join(target, DONE_MARKER)).catch(() => undefined)) return target;
  const archive = `${target}.archive`;
  if (!(await stat(archive).catch(() => undefined))) await download(url, sha256, archive, options, log);
  const temp = tempPathFor(target);
  try {
    await mkdir(temp, { recursive: true });
    await unpack(archive, temp);
    await writeFile(path.join(temp, DONE_MARKER), `${url}\n`);
    await rm(target, { recursive: true, force: true });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof AtlasError) throw error;
    throw new AtlasError(`cannot unpack ${url}: ${(error as Error).message}`, { hint: 'the archive must be a tar, tar.gz or zip file', cause: error });
  }
  await rm(archive, { force: true });
  log(`unpacked ${url} into ${target}`);
  return target;
}

async function download(url: string, sha256: string, archive: string, options: ArchiveOptions, log: (line: string) => void): Promise<void> {
  const hint = `download it on a machine with network access, unpack it and pass the folder with --examples 'DIR/**/*'`;
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    throw new AtlasError(`cannot download the examples archive ${url} (${(error as Error).message})`, { hint, cause: error });
  }
  if (!response.ok || !response.body) throw new AtlasError(`cannot download the examples archive ${url} (HTTP ${response.status})`, { hint });
  log(`downloading ${url}`);
  await mkdir(path.dirname(archive), { recursive: true });
  const temp = tempPathFor(archive);
  try {
    const hash = createHash('sha256');
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
    const got = hash.digest('hex');
    if (got !== sha256) {
      throw new AtlasError(`the examples archive ${url} has sha256 ${got}, expected ${sha256}`, { hint: `the download is corrupt or the file changed upstream: check --examples-sha256, or ${hint}` });
    }
    await rename(temp, archive);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function unpack(archive: string, into: string): Promise<void> {
  const head = Buffer.alloc(262);
  const file = await open(archive, 'r');
  try {
    await file.read(head, 0, head.length, 0);
  } finally {
    await file.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return unzip(archive, into);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (!gzip && head.toString('latin1', 257, 262) !== 'ustar') throw new Error('it is neither a tar, a tar.gz nor a zip file');
  await pipeline(createReadStream(archive), tar.x({ cwd: into, strict: true, gzip }));
}

function unzip(archive: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(archive, { lazyEntries: true, strictFileNames: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = path.resolve(into, entry.fileName);
        if (!target.startsWith(path.resolve(into) + path.sep)) return reject(new Error(`entry ${entry.fileName} points outside the archive`));
        if (entry.fileName.endsWith('/')) {
          mkdir(target, { recursive: true }).then(() => zip.readEntry(), reject);
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          mkdir(path.dirname(target), { recursive: true })
            .then(() => pipeline(stream, createWriteStream(target)))
            .then(() => zip.readEntry(), reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** For tests and the bench: the SHA-256 of a file. */
export async function sha256OfFile(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}
