/**
 * Every kind of page the site builds, one row each, as the security tests visit them (in both
 * languages). A new kind of page gets a row here: its locale-free path in the fixture atlas.
 */
import type { Manifest } from '../../../src/atlas/manifest.ts';
import { INPUT_LAYER } from '../../../src/engine/connections/contract.ts';
import { familiesPagePath, LABELS_PAGE_PATH } from '../../../src/site/labels/data.ts';

export interface PageType {
  readonly name: string;
  /** The page's locale-free path for this atlas ("" is the overview). */
  readonly path: (manifest: Manifest) => string;
  /** Served with 404 (the not-found page): its console's "404" is expected. */
  readonly notFound?: boolean;
  /** The page compiles WebAssembly, so its policy (and only its) allows 'wasm-unsafe-eval'. */
  readonly webAssembly?: boolean;
  /** A selector the page must show: the part of it the row is there to cover. */
  readonly shows?: string;
}

function firstLayer(manifest: Manifest): string {
  const layer = manifest.layers[0]?.name;
  if (!layer) throw new Error('the atlas has no layer');
  return layer;
}

function firstFilter(manifest: Manifest): string {
  const filter = manifest.filters[0];
  if (!filter) throw new Error('the atlas has no filter');
  return `${filter.layer}/${filter.index}/`;
}

function layerWith(entries: ReadonlyArray<{ readonly layer: string }> | undefined, what: string): string {
  const layer = entries?.[0]?.layer;
  if (!layer) throw new Error(`the atlas has no ${what}`);
  return layer;
}

/** A filter whose Connections section lists filters of an atlas layer below it (their patterns and inline SVG kernels). */
function filterWithConnections(manifest: Manifest): string {
  const entry = manifest.connections?.find((candidate) => candidate.from !== INPUT_LAYER);
  if (!entry) throw new Error('the atlas has no connections between atlas layers');
  return `${entry.layer}/${entry.index}/`;
}

function otherMethod(manifest: Manifest): Manifest['methods'][number]['params']['name'] {
  const method = manifest.methods[1]?.params.name;
  if (!method) throw new Error('the atlas has one method');
  return method;
}

export const PAGE_TYPES: readonly PageType[] = [
  { name: 'overview', path: () => '' },
  { name: 'layer', path: (manifest) => `${firstLayer(manifest)}/` },
  { name: 'enhanced', path: (manifest) => `${firstLayer(manifest)}/enhanced/` },
  { name: 'examples view', path: (manifest) => `${layerWith(manifest.examples, 'dataset examples')}/examples/` },
  { name: 'examples explained', path: () => 'examples/' },
  { name: 'tuning view', path: (manifest) => `${layerWith(manifest.tuning, 'tuning')}/by/orientation/` },
  { name: 'filter', path: firstFilter },
  { name: 'filter with connections', path: filterWithConnections, shows: 'section.connections a[data-connection-link] ~ svg.connections-kernel' },
  { name: 'tuning', path: () => 'tuning/' },
  { name: 'methods', path: () => 'methods/' },
  { name: 'probe', path: () => 'probe/', webAssembly: true },
  { name: 'jump (go)', path: () => 'go/' },
  { name: '404', path: () => 'no-such-page/', notFound: true },
  { name: 'search', path: () => 'search/', webAssembly: true },
  { name: 'families', path: (manifest) => familiesPagePath(layerWith(manifest.families, 'families')), shows: '[id^="family-"]' },
  { name: 'families (other method)', path: (manifest) => familiesPagePath(layerWith(manifest.families, 'families'), otherMethod(manifest)), shows: '[id^="family-"]' },
  { name: 'labels', path: () => LABELS_PAGE_PATH },
];
