import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { AtlasError } from '../../errors.ts';
import { tempPathFor } from '../../lib/atomic-write.ts';

export const CANONICAL_WEIGHTS_URL =
  'https://storage.googleapis.com/tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
/** The md5 Keras' `get_file` checks for the canonical notop file. */
export const CANONICAL_WEIGHTS_MD5 = '6d6bbae143d832006294945121d1f1fc';

const MEGABYTE = 1024 * 1024;

export interface DownloadOptions {
  fetchImpl?: typeof fetch;
  /** Checked before the file is kept. Default: the Keras md5 when the URL names the canonical file, else none; null: never. */
  expectedMd5?: string | null;
  log?: (line: string) => void;
  /** Default: a cli-progress bar when stderr is a terminal, else occasional log lines. */
  progressBar?: boolean;
  /** Abort when no bytes arrive for this long. */
  stallTimeoutMs?: number;
  /** Aborting (e.g. Ctrl-C) stops the download; the partial file is removed. */
  signal?: AbortSignal;
}

/** `ATLAS_CACHE_DIR`, else `$XDG_CACHE_HOME/vgg16-filter-atlas`, else `~/.cache/vgg16-filter-atlas`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['ATLAS_CACHE_DIR']) return path.resolve(env['ATLAS_CACHE_DIR']);
  const xdgCache = env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(xdgCache, 'vgg16-filter-atlas');
}

/** Where a downloaded weights file lives: `<cache>/weights/<basename of the URL path>`. */
export function cachedWeightsPath(cacheDir: string, url: string): string {
  const basename = path.posix.basename(new URL(url).pathname);
  if (!basename || basename === '.' || basename === '..') {
    throw new AtlasError(`weights URL ${url} does not end in a file name`, { hint: 'pass a URL of a .h5 file, or a local file with --weights PATH' });
  }
  return path.join(cacheDir, 'weights', basename);
}

export async function md5OfFile(filePath: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function offlineHint(url: string): string {
  return `download ${path.posix.basename(new URL(url).pathname)} on a machine with network access and pass it with --weights PATH or ATLAS_WEIGHTS=PATH`;
}

/**
 * Streams `url` into a temp file beside `target`, checks its length and md5, then renames it into
 * place, so an interrupted or corrupt download never leaves a file at `target`.
 */
export async function downloadWeights(url: string, target: string, options: DownloadOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const expectedMd5 =
    options.expectedMd5 === undefined ? (path.basename(target) === path.basename(CANONICAL_WEIGHTS_URL) ? CANONICAL_WEIGHTS_MD5 : null) : options.expectedMd5;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
  let stallTimer = setTimeout(() => controller.abort(), stallTimeoutMs);
  const resetStallTimer = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => controller.abort(), stallTimeoutMs);
  };

  try {
    let response: Response;
    try {
      response = await (options.fetchImpl ?? fetch)(url, { signal: controller.signal });
    } catch (error) {
      throw new AtlasError(`cannot download VGG16 weights from ${url} (${networkReason(error)})`, { hint: offlineHint(url), cause: error });
    }
    if (!response.ok || !response.body) {
      throw new AtlasError(`cannot download VGG16 weights from ${url} (HTTP ${response.status} ${response.statusText})`, { hint: offlineHint(url) });
    }
    const lengthHeader = response.headers.get('content-length');
    const expectedBytes = lengthHeader === null ? undefined : Number(lengthHeader);
    log(`downloading ${url}${expectedBytes ? ` (${(expectedBytes / MEGABYTE).toFixed(1)} MB)` : ''} to ${target}`);

    await mkdir(path.dirname(target), { recursive: true });
    const temp = tempPathFor(target);
    try {
      const { bytes, md5 } = await streamToFile(response.body, temp, {
        url,
        expectedBytes,
        onChunk: resetStallTimer,
        progress: createProgress(expectedBytes, options.progressBar ?? process.stderr.isTTY === true, log),
      });
      if (expectedBytes !== undefined && bytes !== expectedBytes) {
        throw new AtlasError(`download of ${url} is incomplete: got ${bytes} of ${expectedBytes} bytes`, { hint: `run again to retry, or ${offlineHint(url)}` });
      }
      if (expectedMd5 && md5 !== expectedMd5) {
        throw new AtlasError(`downloaded ${url} has md5 ${md5}, expected ${expectedMd5}`, {
          hint: `the download is corrupt or the file changed upstream: run again to retry, or ${offlineHint(url)}`,
        });
      }
      await rename(temp, target);
      log(`saved ${target}`);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  } finally {
    clearTimeout(stallTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

interface Progress {
  update(bytes: number): void;
  stop(): void;
}

async function streamToFile(
  body: ReadableStream<Uint8Array>,
  temp: string,
  context: { url: string; expectedBytes: number | undefined; onChunk: () => void; progress: Progress },
): Promise<{ bytes: number; md5: string }> {
  const hash = createHash('md5');
  let bytes = 0;
  const file = await open(temp, 'wx');
  const reader = body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        const of = context.expectedBytes === undefined ? '' : ` of ${context.expectedBytes}`;
        throw new AtlasError(`download of ${context.url} was interrupted after ${bytes}${of} bytes (${networkReason(error)})`, {
          hint: `run again to retry, or ${offlineHint(context.url)}`,
          cause: error,
        });
      }
      if (chunk.done) break;
      context.onChunk();
      await file.write(chunk.value);
      hash.update(chunk.value);
      bytes += chunk.value.length;
      context.progress.update(bytes);
    }
  } finally {
    context.progress.stop();
    reader.releaseLock();
    await file.close();
  }
  return { bytes, md5: hash.digest('hex') };
}

function createProgress(totalBytes: number | undefined, useBar: boolean, log: (line: string) => void): Progress {
  if (useBar && totalBytes) {
    const bar = new cliProgress.SingleBar(
      { format: 'weights [{bar}] {percentage}% | {value}/{total} MB | ETA {eta_formatted}', stream: process.stderr, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.ceil(totalBytes / MEGABYTE), 0);
    return { update: (bytes) => bar.update(Math.floor(bytes / MEGABYTE)), stop: () => bar.stop() };
  }
  // Without a terminal: a line per 10% (or per 10 MB when the length is unknown).
  const step = totalBytes ? totalBytes / 10 : 10 * MEGABYTE;
  let nextReport = step;
  return {
    update(bytes) {
      if (bytes < nextReport) return;
      while (nextReport <= bytes) nextReport += step;
      const percent = totalBytes ? ` (${Math.floor((bytes / totalBytes) * 100)}%)` : '';
      log(`  downloaded ${(bytes / MEGABYTE).toFixed(1)} MB${percent}`);
    },
    stop() {},
  };
}

/** fetch hides the useful part ("ECONNREFUSED", "ENOTFOUND") in `cause`. */
function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'AbortError') return 'no data arrived for too long';
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}
