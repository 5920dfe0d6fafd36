import { access } from 'node:fs/promises';
import path from 'node:path';
import { AtlasError } from '../errors.ts';
import { MANIFEST_FILE, readManifest, type Manifest } from '../atlas/manifest.ts';
import { publicWeightsSource } from '../atlas/public-source.ts';
import { exampleFiles } from './examples/files.ts';

/** Every file the manifest points at (relative to its directory), each once, in manifest order. */
export function referencedFiles(manifest: Manifest): string[] {
  const files = new Set<string>();
  for (const layer of manifest.layers) {
    for (const sheets of Object.values(layer.sheets)) {
      if (sheets.grid) files.add(sheets.grid);
      if (sheets.contactSheet) files.add(sheets.contactSheet);
    }
  }
  for (const filter of manifest.filters) {
    files.add(filter.image);
    files.add(filter.webp);
  }
  for (const file of exampleFiles(manifest)) files.add(file);
  for (const layer of manifest.browserModel?.layers ?? []) files.add(layer.file);
  for (const pair of manifest.connectionsProtocol?.pairs ?? []) files.add(pair.file);
  return [...files];
}

/** A manifest path must stay inside the atlas directory and use forward slashes. */
export function isSafeRelativePath(relative: string): boolean {
  if (relative === '' || relative.includes('\\') || relative.startsWith('/') || /^[a-zA-Z]:/.test(relative)) return false;
  return relative.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Checks what zod cannot: every filter belongs to a listed layer, once. */
export function checkManifestConsistency(manifest: Manifest, label: string): void {
  const layerNames = new Set(manifest.layers.map((layer) => layer.name));
  const seen = new Set<string>();
  for (const filter of manifest.filters) {
    const key = `${filter.layer}/${filter.index} (${filter.method})`;
    if (!layerNames.has(filter.layer)) {
      throw new AtlasError(`${label} lists filter ${key} of a layer that is not in "layers"`, {
        hint: 'rerun `npm run precompute` to regenerate the atlas data',
      });
    }
    if (seen.has(key)) {
      throw new AtlasError(`${label} lists filter ${key} twice`, { hint: 'rerun `npm run precompute` to regenerate the atlas data' });
    }
    seen.add(key);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Fails with the name of the first missing (or unsafe) image, and how many more are missing. */
export async function verifyAtlasFiles(dataDir: string, manifest: Manifest): Promise<void> {
  const label = path.join(dataDir, MANIFEST_FILE);
  const files = referencedFiles(manifest);
  const unsafe = files.find((file) => !isSafeRelativePath(file));
  if (unsafe !== undefined) {
    throw new AtlasError(`${label} references ${JSON.stringify(unsafe)}, which is not a relative path inside the atlas directory`);
  }
  const missing: string[] = [];
  for (const file of files) {
    if (!(await exists(path.join(dataDir, file)))) missing.push(file);
  }
  const [first] = missing;
  if (first !== undefined) {
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    throw new AtlasError(`atlas image missing: ${first}${more}, referenced by ${label}`, {
      hint: 'rerun `npm run precompute` to render the missing images',
    });
  }
}

/**
 * The manifest as the site publishes it: an atlas written before precompute made the weights
 * source public may still hold a local path there (see publicWeightsSource).
 */
export function publicManifest(manifest: Manifest): Manifest {
  const { weights } = manifest.model;
  const source = publicWeightsSource(weights.source);
  return source === weights.source ? manifest : { ...manifest, model: { ...manifest.model, weights: { ...weights, source } } };
}

/** The manifest.json text to publish: the file as it is, or with its weights source made public. */
export function publicManifestText(text: string): string {
  const json = JSON.parse(text) as { model: { weights: { source: string } } };
  const source = publicWeightsSource(json.model.weights.source);
  if (source === json.model.weights.source) return text;
  json.model.weights.source = source;
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Reads, validates and cross-checks the manifest in `dataDir`, checks its images exist, and makes it public. */
export async function loadVerifiedAtlas(dataDir: string): Promise<Manifest> {
  const manifestPath = path.join(dataDir, MANIFEST_FILE);
  const manifest = await readManifest(manifestPath);
  checkManifestConsistency(manifest, manifestPath);
  await verifyAtlasFiles(dataDir, manifest);
  return publicManifest(manifest);
}
