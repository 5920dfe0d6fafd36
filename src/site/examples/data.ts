/**
 * The manifest's dataset examples as the pages read them: a filter's entry, which layers have
 * examples, the static paths of the examples pages, and where a receptive field sits in the whole
 * image. A manifest without `examples` gives no entries, so no examples UI, no examples routes and
 * no links to them.
 */
import type { Example, ExampleEntry, ExamplesProtocol } from '../../atlas/manifest.ts';
import type { PixelBox } from '../../engine/examples/example-entry.ts';
import { receptiveField } from '../../engine/tuning/region.ts';
import type { JumpLayer } from '../jump.ts';
import type { LayerView, SiteAtlas } from '../site-atlas.ts';
import { getSiteAtlas } from '../site-atlas.ts';

export const EXAMPLES_PAGE_PATH = 'examples/';
/** The segment of a layer's examples view: /<layer>/examples/. */
export const EXAMPLES_VIEW = 'examples';

/** Locale-free path of a layer's examples view. */
export function examplesViewPath(layer: string): string {
  return `${encodeURIComponent(layer)}/${EXAMPLES_VIEW}/`;
}

const indexes = new WeakMap<SiteAtlas, ReadonlyMap<string, ExampleEntry>>();

function entries(atlas: SiteAtlas): ReadonlyMap<string, ExampleEntry> {
  let index = indexes.get(atlas);
  if (!index) {
    index = new Map((atlas.manifest.examples ?? []).map((entry) => [`${entry.layer}/${entry.index}`, entry]));
    indexes.set(atlas, index);
  }
  return index;
}

/** The protocol, when the atlas has examples at all. */
export function examplesProtocolOf(atlas: SiteAtlas): ExamplesProtocol | undefined {
  return (atlas.manifest.examples?.length ?? 0) > 0 ? atlas.manifest.examplesProtocol : undefined;
}

/** A filter's examples, when it has any (an entry with neither top nor bottom examples counts as none). */
export function exampleEntry(atlas: SiteAtlas, layer: string, index: number): ExampleEntry | undefined {
  if (!examplesProtocolOf(atlas)) return undefined;
  const entry = entries(atlas).get(`${layer}/${index}`);
  return entry && entry.top.length + entry.bottom.length > 0 ? entry : undefined;
}

/** Whether any rendered filter of the layer has examples (then it gets the examples view). */
export function layerHasExamples(atlas: SiteAtlas, layer: LayerView): boolean {
  return layer.filters.some((filter) => exampleEntry(atlas, filter.layer, filter.index) !== undefined);
}

/** The jump data's layers, each with examples given its examples view (so the 404 page can suggest /<layer>/examples/). */
export function withExamplesViews(layers: readonly JumpLayer[], atlas: SiteAtlas): JumpLayer[] {
  const withExamples = new Set(atlas.layers.filter((layer) => layerHasExamples(atlas, layer)).map((layer) => layer.entry.name));
  return layers.map((layer) => (withExamples.has(layer.name) ? { ...layer, views: [...(layer.views ?? []), EXAMPLES_VIEW] } : layer));
}

/** getStaticPaths of the examples views (/<layer>/examples/), for every layer with examples. */
export async function examplesViewStaticPaths(): Promise<Array<{ params: { layer: string }; props: { layerName: string } }>> {
  const atlas = await getSiteAtlas();
  return atlas.layers
    .filter((layer) => layerHasExamples(atlas, layer))
    .map((layer) => ({ params: { layer: layer.entry.name }, props: { layerName: layer.entry.name } }));
}

/** getStaticPaths of the examples explainer (/examples/): the page exists only when the atlas has examples. */
export async function examplesPageStaticPaths(): Promise<Array<{ params: { page: undefined } }>> {
  const atlas = await getSiteAtlas();
  return examplesProtocolOf(atlas) ? [{ params: { page: undefined } }] : [];
}

/**
 * The receptive field of the example's position in the whole S×S image, from the network's
 * topology (feature pixel i spans input pixels i·jump + first … i·jump + last), clipped to the image.
 */
export function fieldInImage(layer: string, example: Pick<Example, 'x' | 'y'>, imageSize: number): PixelBox {
  const field = receptiveField(layer, imageSize);
  const span = (position: number): [number, number] => {
    const start = Math.max(0, position * field.jump + field.first);
    const end = Math.min(imageSize - 1, position * field.jump + field.last);
    return [start, Math.max(1, end - start + 1)];
  };
  const [left, width] = span(example.x);
  const [top, height] = span(example.y);
  return { left, top, width, height };
}
