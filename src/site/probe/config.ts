/**
 * The probe page (/probe/) as the build sees it: whether the atlas has a browser model, the
 * links to the page, and the JSON the page's script reads (model files, thumbnails, texts).
 * An atlas without `browserModel` has no probe page and no links to it.
 */
import type { BrowserModel } from '../../engine/browser-model/model-entry.ts';
import type { Locale } from '../i18n.ts';
import { getSiteAtlas, type SiteAtlas } from '../site-atlas.ts';
import { dataUrl } from '../urls.ts';
import { probeStrings } from './i18n.ts';
import { filterLabel } from '../labels/data.ts';
import type { ProbeConfig, ProbeLayerConfig } from './page-data.ts';

export { PROBE_CONFIG_ID, type ProbeConfig, type ProbeLayerConfig } from './page-data.ts';

export const PROBE_PAGE_PATH = 'probe/';

export function browserModelOf(atlas: SiteAtlas): BrowserModel | undefined {
  return atlas.manifest.browserModel;
}

/** Whether the probe page can run `layer` (any layer, without one). */
export function probeHasLayer(atlas: SiteAtlas, layer?: string): boolean {
  const model = browserModelOf(atlas);
  return model !== undefined && (layer === undefined || model.layers.some((entry) => entry.name === layer));
}

/** The query that preselects a layer and filter on the probe page: "?layer=block2_conv1&filter=6" (or ""). */
export function probeQuery(layer?: string, filter?: number): string {
  const query = new URLSearchParams();
  if (layer !== undefined) query.set('layer', layer);
  if (filter !== undefined) query.set('filter', String(filter));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export function probeConfig(atlas: SiteAtlas, base: string, locale: Locale, pageRoot: string): ProbeConfig {
  const model = browserModelOf(atlas);
  if (!model) throw new Error('the probe page needs an atlas with a browser model');
  const layers = model.layers.map((entry): ProbeLayerConfig => {
    const view = atlas.layers.find((layer) => layer.entry.name === entry.name);
    const target = entry.stages.at(-1);
    if (target?.kind !== 'conv') throw new Error(`the browser model's ${entry.name} does not end in a convolution`);
    return {
      name: entry.name,
      url: dataUrl(base, entry.file),
      bytes: entry.bytes,
      sha256: entry.sha256,
      stages: entry.stages,
      filterCount: target.outChannels,
      thumbs: Object.fromEntries((view?.filters ?? []).map((filter) => [String(filter.index), dataUrl(base, filter.webp)])),
      labels: Object.fromEntries(
        (view?.filters ?? []).flatMap((filter) => {
          const label = filterLabel(atlas, entry.name, filter.index);
          return label ? [[String(filter.index), label.text[locale]]] : [];
        }),
      ),
    };
  });
  const grid = atlas.layers.map((layer) => layer.sheets.grid ?? layer.sheets.contactSheet).find((file) => file !== undefined);
  return {
    locale,
    dtype: model.dtype,
    side: model.input.side,
    layers,
    pageRoot,
    ...(grid ? { atlasSample: dataUrl(base, grid) } : {}),
    strings: probeStrings(locale).client,
  };
}

/** getStaticPaths of /probe/ (a rest parameter, so the page is not built without a browser model). */
export async function probeStaticPaths(): Promise<Array<{ params: { page: undefined } }>> {
  return probeHasLayer(await getSiteAtlas()) ? [{ params: { page: undefined } }] : [];
}
