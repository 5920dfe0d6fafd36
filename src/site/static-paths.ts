import type { MethodName } from '../atlas/manifest.ts';
import { getSiteAtlas, methodView } from './site-atlas.ts';

/** getStaticPaths of the layer pages (/<layer>/), shared by every locale. */
export async function layerStaticPaths(): Promise<Array<{ params: { layer: string }; props: { layerName: string } }>> {
  const atlas = await getSiteAtlas();
  return atlas.layers.map((layer) => ({ params: { layer: layer.entry.name }, props: { layerName: layer.entry.name } }));
}

/** getStaticPaths of the filter pages (/<layer>/<index>/), one per filter in the manifest. */
export async function filterStaticPaths(): Promise<
  Array<{ params: { layer: string; index: string }; props: { layerName: string; index: number } }>
> {
  const atlas = await getSiteAtlas();
  return atlas.layers.flatMap((layer) =>
    layer.filters.map((filter) => ({
      params: { layer: filter.layer, index: String(filter.index) },
      props: { layerName: filter.layer, index: filter.index },
    })),
  );
}

/**
 * getStaticPaths of a layer's page in `method` (/<layer>/<method>/), for every layer that method
 * rendered, unless it is the atlas's primary method, whose thumbnails are the layer page itself.
 */
export async function layerMethodStaticPaths(
  method: MethodName,
): Promise<Array<{ params: { layer: string }; props: { layerName: string; method: MethodName } }>> {
  const atlas = await getSiteAtlas();
  if (method === atlas.primary.params.name) return [];
  return atlas.layers
    .filter((layer) => methodView(layer, method) !== undefined)
    .map((layer) => ({ params: { layer: layer.entry.name }, props: { layerName: layer.entry.name, method } }));
}
