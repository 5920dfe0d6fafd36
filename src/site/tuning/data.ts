/**
 * The manifest's tuning data as the pages read it: a filter's entry, a layer's summaries, which
 * layers have tuning, and the static paths of the tuning views. A manifest without `tuning` (made
 * with --no-tuning) gives no entries, so no tuning UI and no tuning routes.
 */
import type { TuningEntry, TuningProtocol } from '../../atlas/manifest.ts';
import { patchColor } from '../../engine/tuning/stimuli.ts';
import type { LayerView, SiteAtlas } from '../site-atlas.ts';
import { getSiteAtlas } from '../site-atlas.ts';
import { TUNING_VIEWS, type TuningSummary, type TuningView } from './groups.ts';

const indexes = new WeakMap<SiteAtlas, ReadonlyMap<string, TuningEntry>>();

function key(layer: string, index: number): string {
  return `${layer}/${index}`;
}

function entries(atlas: SiteAtlas): ReadonlyMap<string, TuningEntry> {
  let index = indexes.get(atlas);
  if (!index) {
    index = new Map((atlas.manifest.tuning ?? []).map((entry) => [key(entry.layer, entry.index), entry]));
    indexes.set(atlas, index);
  }
  return index;
}

/** The protocol, when the atlas has tuning data at all. */
export function tuningProtocolOf(atlas: SiteAtlas): TuningProtocol | undefined {
  return (atlas.manifest.tuning?.length ?? 0) > 0 ? atlas.manifest.tuningProtocol : undefined;
}

export function tuningEntry(atlas: SiteAtlas, layer: string, index: number): TuningEntry | undefined {
  return tuningProtocolOf(atlas) ? entries(atlas).get(key(layer, index)) : undefined;
}

/** Whether any rendered filter of the layer has a tuning entry (then it gets the tuning views). */
export function layerHasTuning(atlas: SiteAtlas, layer: LayerView): boolean {
  return layer.filters.some((filter) => tuningEntry(atlas, filter.layer, filter.index) !== undefined);
}

export function summarise(entry: TuningEntry | undefined, index: number): TuningSummary {
  return {
    index,
    responsive: entry?.responsive,
    orientation: entry?.preferredOrientation ?? null,
    selectivity: entry?.orientationSelectivity ?? null,
    hue: entry?.preferredHue ?? null,
    opponency: entry?.colorOpponency ?? null,
  };
}

/** One summary per rendered filter of the layer, by index (a filter without an entry is "not measured"). */
export function layerSummaries(atlas: SiteAtlas, layer: LayerView): TuningSummary[] {
  return layer.filters.map((filter) => summarise(tuningEntry(atlas, filter.layer, filter.index), filter.index));
}

/** getStaticPaths of the tuning views (/<layer>/by/<view>/), for every layer with tuning data. */
export async function tuningViewStaticPaths(): Promise<
  Array<{ params: { layer: string; view: TuningView }; props: { layerName: string; view: TuningView } }>
> {
  const atlas = await getSiteAtlas();
  return atlas.layers
    .filter((layer) => layerHasTuning(atlas, layer))
    .flatMap((layer) => TUNING_VIEWS.map((view) => ({ params: { layer: layer.entry.name, view }, props: { layerName: layer.entry.name, view } })));
}

/** getStaticPaths of the tuning explainer (/tuning/): the page exists only when the atlas has tuning data. */
export async function tuningPageStaticPaths(): Promise<Array<{ params: { page: undefined } }>> {
  const atlas = await getSiteAtlas();
  return tuningProtocolOf(atlas) ? [{ params: { page: undefined } }] : [];
}

/** Locale-free page paths of the tuning pages. */
export function tuningViewPath(layer: string, view: TuningView): string {
  return `${encodeURIComponent(layer)}/by/${view}/`;
}

export const TUNING_PAGE_PATH = 'tuning/';

/** The CSS colour of the stimuli's hue `hue` (the patch the filter saw: mid-gray lightness, the protocol's chroma). */
export function hueColour(hue: number, chroma: number): string {
  const rgb = patchColor({ kind: 'patch', hue, chroma, lightness: 0.5 });
  return `#${rgb.map((channel) => Math.round(Math.min(1, Math.max(0, channel)) * 255).toString(16).padStart(2, '0')).join('')}`;
}
