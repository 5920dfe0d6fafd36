import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { AtlasError } from '../../errors.ts';
import { CANONICAL_WEIGHTS_MD5, CANONICAL_WEIGHTS_URL, cachedWeightsPath, defaultCacheDir, downloadWeights, md5OfFile } from './download.ts';
import { loadKerasHdf5 } from './hdf5.ts';
import { loadTfjsLayersModel } from './tfjs.ts';
import type { WeightSet } from './types.ts';

export interface ResolveWeightsOptions {
  /** Default: `defaultCacheDir()` (ATLAS_CACHE_DIR, XDG_CACHE_HOME or ~/.cache). */
  cacheDir?: string;
  fetchImpl?: typeof fetch;
  /** Stands in for the canonical Keras URL (tests serve a file from 127.0.0.1). */
  canonicalUrl?: string;
  /** The md5 the canonical file must have; default the Keras md5. */
  canonicalMd5?: string;
  /** Where download progress and cache repairs are reported; default stderr. */
  log?: (line: string) => void;
  /** Stops a download in progress. */
  signal?: AbortSignal;
}

const PASS_WEIGHTS_HINT = 'pass a Keras .h5 weights file, a TF.js model.json (or its directory), or an http(s) URL with --weights or ATLAS_WEIGHTS';

/**
 * Loads the weights named by `--weights` / `ATLAS_WEIGHTS`: a Keras .h5/.hdf5 file, a TF.js
 * model.json or a directory holding one, an http(s) URL (downloaded into the cache once), or,
 * when `spec` is undefined or empty, the canonical keras-applications VGG16 notop file.
 */
export async function resolveWeights(spec: string | undefined, options: ResolveWeightsOptions = {}): Promise<WeightSet> {
  const trimmed = spec?.trim();
  if (!trimmed) return loadFromUrl(options.canonicalUrl ?? CANONICAL_WEIGHTS_URL, options);
  if (/^https?:\/\//i.test(trimmed)) return loadFromUrl(trimmed, options);
  return loadLocal(trimmed);
}

async function loadLocal(spec: string): Promise<WeightSet> {
  const info = await stat(spec).catch(() => undefined);
  if (!info) throw new AtlasError(`weights file ${spec} does not exist`, { hint: PASS_WEIGHTS_HINT });
  if (info.isDirectory()) {
    const modelJson = path.join(spec, 'model.json');
    if (!(await isFile(modelJson))) {
      throw new AtlasError(`weights directory ${spec} has no model.json`, { hint: PASS_WEIGHTS_HINT });
    }
    return { ...(await loadTfjsLayersModel(modelJson)), source: spec };
  }
  const extension = path.extname(spec).toLowerCase();
  if (extension === '.json') return loadTfjsLayersModel(spec);
  if (extension === '.keras') {
    throw new AtlasError(`${spec} is a Keras 3 .keras archive, which is not supported`, {
      hint: 'save the weights as HDF5 (model.save_weights("vgg16.h5") in Keras 2, or use the keras-applications notop .h5 file) and pass that',
    });
  }
  return loadKerasHdf5(spec);
}

async function loadFromUrl(url: string, options: ResolveWeightsOptions): Promise<WeightSet> {
  if (/\.json$/i.test(new URL(url).pathname)) {
    throw new AtlasError(`cannot load a TF.js model from the URL ${url}`, { hint: 'download model.json and its shards, then pass the local model.json with --weights PATH' });
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const canonicalUrl = options.canonicalUrl ?? CANONICAL_WEIGHTS_URL;
  const target = cachedWeightsPath(options.cacheDir ?? defaultCacheDir(), url);
  // The canonical file name is verified whichever URL it came from (e.g. the old GitHub mirror).
  const expectedMd5 = path.basename(target) === path.posix.basename(new URL(canonicalUrl).pathname) ? (options.canonicalMd5 ?? CANONICAL_WEIGHTS_MD5) : null;

  if (expectedMd5 && (await isFile(target))) {
    const md5 = await md5OfFile(target);
    if (md5 !== expectedMd5) await setAside(target, `has md5 ${md5}, expected ${expectedMd5}`, log);
  }
  if (!(await isFile(target))) {
    await downloadWeights(url, target, { fetchImpl: options.fetchImpl, expectedMd5, log, ...(options.signal ? { signal: options.signal } : {}) });
  }
  try {
    return { ...(await loadKerasHdf5(target)), source: url };
  } catch (error) {
    // A cached file that cannot be read would fail every later run the same way.
    if (error instanceof AtlasError) await setAside(target, 'cannot be read', log);
    throw error;
  }
}

async function setAside(target: string, problem: string, log: (line: string) => void): Promise<void> {
  const corrupt = `${target}.corrupt`;
  await rename(target, corrupt);
  log(`cached weights ${target} ${problem}: moved it to ${corrupt} and will not use it`);
}

async function isFile(filePath: string): Promise<boolean> {
  return (await stat(filePath).catch(() => undefined))?.isFile() === true;
}
