/**
 * The manifest's labels, families and similar filters as the pages read them (contract:
 * src/atlas/labels/contract.ts). A manifest without `labels` gives no label, no similar filters,
 * no families pages and no links to them: the site renders as it did before labels.
 */
import type { Family, FilterLabel, LabelsProtocol, MethodName } from '../../atlas/manifest.ts';
import type { FactSection, LabelsLayer } from '../../atlas/labels/contract.ts';
import { getSiteAtlas, methodView, type LayerView, type SiteAtlas } from '../site-atlas.ts';

/** The segment of a layer's families page: /<layer>/families/ (and /<layer>/families/<method>/). */
export const FAMILIES_VIEW = 'families';

/**
 * The filter page's id for each section a fact can name. The tuning and examples panels carry
 * these ids, and the patterns are the first method's heading (MethodPair's method-<name>); a fact
 * whose section the page does not show is printed without a link.
 */
export const FACT_SECTION_IDS: Readonly<Record<Exclude<FactSection, 'pattern'>, string>> = {
  orientation: 'tuning-orientation-curve',
  frequency: 'tuning-frequency-curve',
  hue: 'tuning-hue-curve',
  lightness: 'tuning-lightness',
  opponency: 'tuning-opponency',
  'examples-stats': 'examples-stats',
  'examples-top': 'examples-top',
};

/** Id of a family's section on its families page (the filter page links to it). */
export function familyAnchor(id: string): string {
  return `family-${id}`;
}

/** Locale-free path of a layer's families page; a method other than the primary one gets its own page below it. */
export function familiesPagePath(layer: string, method?: MethodName): string {
  const page = `${encodeURIComponent(layer)}/${FAMILIES_VIEW}/`;
  return method === undefined ? page : `${page}${encodeURIComponent(method)}/`;
}

/** The families page of `method` in this atlas: the primary method's is the plain /<layer>/families/. */
export function familiesMethodPath(atlas: SiteAtlas, layer: string, method: MethodName): string {
  return familiesPagePath(layer, method === atlas.primary.params.name ? undefined : method);
}

interface LabelIndex {
  readonly labels: ReadonlyMap<string, FilterLabel>;
  readonly families: ReadonlyMap<string, readonly Family[]>;
  readonly layers: ReadonlyMap<string, LabelsLayer>;
}

const indexes = new WeakMap<SiteAtlas, LabelIndex>();

function key(layer: string, index: number): string {
  return `${layer}/${index}`;
}

function index(atlas: SiteAtlas): LabelIndex {
  let found = indexes.get(atlas);
  if (!found) {
    const { labels = [], families = [], labelsProtocol } = atlas.manifest;
    const byLayer = new Map<string, Family[]>();
    for (const family of families) byLayer.set(family.layer, [...(byLayer.get(family.layer) ?? []), family]);
    found = {
      labels: new Map(labels.map((label) => [key(label.layer, label.index), label])),
      families: byLayer,
      layers: new Map((labelsProtocol?.layers ?? []).map((layer) => [layer.layer, layer])),
    };
    indexes.set(atlas, found);
  }
  return found;
}

/** The protocol, when the atlas has labels at all. */
export function labelsProtocolOf(atlas: SiteAtlas): LabelsProtocol | undefined {
  return (atlas.manifest.labels?.length ?? 0) > 0 ? atlas.manifest.labelsProtocol : undefined;
}

/** A filter's label, when the atlas has one for it. */
export function filterLabel(atlas: SiteAtlas, layer: string, filterIndex: number): FilterLabel | undefined {
  return labelsProtocolOf(atlas) ? index(atlas).labels.get(key(layer, filterIndex)) : undefined;
}

/** A filter's name or alt text with its label after it, as the lists that name filters show it: "…: vertical edges". */
export function withLabel(name: string, label: string | undefined): string {
  return label === undefined ? name : `${name}: ${label}`;
}

/** How a layer's families and neighbours were found. */
export function labelsLayer(atlas: SiteAtlas, layer: string): LabelsLayer | undefined {
  return labelsProtocolOf(atlas) ? index(atlas).layers.get(layer) : undefined;
}

/** A layer's families, largest first (as the manifest lists them). */
export function layerFamilies(atlas: SiteAtlas, layer: string): readonly Family[] {
  return labelsProtocolOf(atlas) ? (index(atlas).families.get(layer) ?? []) : [];
}

export function findFamily(atlas: SiteAtlas, layer: string, id: string): Family | undefined {
  return layerFamilies(atlas, layer).find((family) => family.id === id);
}

/** Whether the layer gets a families page: it has families and rendered filters. */
export function layerHasFamilies(atlas: SiteAtlas, layer: LayerView): boolean {
  return layer.filters.length > 0 && layerFamilies(atlas, layer.entry.name).length > 0;
}

/** getStaticPaths of the families pages of the primary method (/<layer>/families/). */
export async function familiesStaticPaths(): Promise<Array<{ params: { layer: string }; props: { layerName: string } }>> {
  const atlas = await getSiteAtlas();
  return atlas.layers
    .filter((layer) => layerHasFamilies(atlas, layer))
    .map((layer) => ({ params: { layer: layer.entry.name }, props: { layerName: layer.entry.name } }));
}

/** getStaticPaths of the families pages drawn by each other method (/<layer>/families/<method>/). */
export async function familiesMethodStaticPaths(): Promise<
  Array<{ params: { layer: string; method: MethodName }; props: { layerName: string; method: MethodName } }>
> {
  const atlas = await getSiteAtlas();
  return atlas.layers
    .filter((layer) => layerHasFamilies(atlas, layer))
    .flatMap((layer) =>
      atlas.methods
        .filter((method) => method !== atlas.primary && methodView(layer, method.params.name) !== undefined)
        .map((method) => ({
          params: { layer: layer.entry.name, method: method.params.name },
          props: { layerName: layer.entry.name, method: method.params.name },
        })),
    );
}

/** The page on how labels and families are made (/labels/). */
export const LABELS_PAGE_PATH = 'labels/';

/** getStaticPaths of /labels/: the page exists only when the atlas has labels. */
export async function labelsPageStaticPaths(): Promise<Array<{ params: { page: undefined } }>> {
  return labelsProtocolOf(await getSiteAtlas()) ? [{ params: { page: undefined } }] : [];
}
