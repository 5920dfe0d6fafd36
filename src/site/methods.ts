/**
 * The site's side of several methods (classic, enhanced): where each method's layer thumbnails
 * live, and which filters the page that compares them shows.
 */
import type { MethodName } from '../atlas/manifest.ts';
import { filterByMethod, type LayerView, type SiteAtlas } from './site-atlas.ts';
import { layerMethodPagePath, layerPagePath } from './urls.ts';

/** The method that reproduces the notebook. */
export const NOTEBOOK_METHOD: MethodName = 'classic';

/**
 * Locale-free path of a layer's thumbnails in one method: the primary method's are the layer page
 * itself (its URL never changes), every other method's are below it ("block2_conv1/enhanced/").
 */
export function layerMethodPath(atlas: SiteAtlas, layer: string, method: MethodName): string {
  return method === atlas.primary.params.name ? layerPagePath(layer) : layerMethodPagePath(layer, method);
}

export interface ComparisonExample {
  readonly layer: LayerView;
  readonly index: number;
}

/**
 * Up to `count` filters for the page that compares the methods: the first filters of the deepest
 * layer that every method rendered, each live ("ok") in every method. None with a single method.
 */
export function comparisonExamples(atlas: SiteAtlas, count: number): ComparisonExample[] {
  if (atlas.methods.length < 2) return [];
  for (const layer of [...atlas.layers].reverse()) {
    if (layer.methods.length < atlas.methods.length) continue;
    const live = layer.filters.filter(({ index }) => {
      const pictures = filterByMethod(layer, index);
      return pictures.length === atlas.methods.length && pictures.every(({ filter }) => filter.status === 'ok');
    });
    if (live.length > 0) return live.slice(0, count).map(({ index }) => ({ layer, index }));
  }
  return [];
}
