import { getSiteAtlas } from './site-atlas.ts';

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
