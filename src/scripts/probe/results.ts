/** Writes one result into the page: the ranked list, the table, the maps and the preselected filter. */
import { filterMap, formatActivation, rankFilters, meanActivations, type ActivationMap, type RankedFilter } from '../../site/probe/analysis.ts';
import type { ProbeConfig, ProbeLayerConfig } from '../../site/probe/page-data.ts';
import { fillTemplate, filterName } from '../../site/probe/page-data.ts';
import { element, filterItem, filterPageUrl } from './filter-view.ts';
import { heatmapCanvas } from './heatmap.ts';

/** Filters in the ranked list with thumbnails, and maps in the grid. */
const TOP = 12;
const MAPS = 8;

function find<T extends Element>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the probe page has no ${selector}`);
  return found;
}

function mapFigure(config: ProbeConfig, layer: ProbeLayerConfig, image: HTMLCanvasElement, map: ActivationMap, filter: RankedFilter): HTMLElement {
  const figure = element('figure', 'probe-map');
  figure.dataset.filter = String(filter.index);
  const canvas = heatmapCanvas(image, filterMap(map, filter.index), map.side);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', fillTemplate(config.strings.mapAlt, { layer: layer.name, index: filter.index }));
  const caption = element('figcaption');
  const label = filterName(config.strings.filter, layer, filter.index);
  if (layer.thumbs[String(filter.index)]) {
    const link = element('a', undefined, label);
    link.href = filterPageUrl(config, layer.name, filter.index);
    caption.append(link);
  } else {
    caption.append(label);
  }
  caption.append(` · ${formatActivation(filter.value)}`);
  figure.append(canvas, caption);
  return figure;
}

function tableRows(layer: ProbeLayerConfig, ranked: readonly RankedFilter[]): HTMLTableRowElement[] {
  return ranked.map((filter) => {
    const row = element('tr');
    row.dataset.filter = String(filter.index);
    row.dataset.value = String(filter.value);
    const rank = element('td', undefined, String(filter.rank));
    const label = layer.labels[String(filter.index)];
    const index = element('th', undefined, label === undefined ? String(filter.index) : `${filter.index} — ${label}`);
    index.scope = 'row';
    row.append(rank, index, element('td', undefined, formatActivation(filter.value)));
    return row;
  });
}

export interface ResultInput {
  readonly config: ProbeConfig;
  readonly layer: ProbeLayerConfig;
  readonly map: ActivationMap;
  readonly image: HTMLCanvasElement;
  readonly preselected: number | undefined;
}

/** Renders a result and returns the ranking. */
export function renderResult({ config, layer, map, image, preselected }: ResultInput): RankedFilter[] {
  const ranked = rankFilters(meanActivations(map));
  const strings = config.strings;
  find<HTMLElement>('#probe-result-heading').textContent = fillTemplate(strings.resultHeading, { layer: layer.name });
  const shown = find<HTMLCanvasElement>('#probe-image');
  shown.getContext('2d')?.drawImage(image, 0, 0, shown.width, shown.height);
  find<HTMLOListElement>('#probe-top').replaceChildren(...ranked.slice(0, TOP).map((filter) => filterItem(config, layer, filter)));
  find<HTMLElement>('#probe-maps').replaceChildren(
    ...ranked.slice(0, MAPS).map((filter) => {
      const item = element('li');
      item.append(mapFigure(config, layer, image, map, filter));
      return item;
    }),
  );
  find<HTMLTableSectionElement>('#probe-table-body').replaceChildren(...tableRows(layer, ranked));
  const chosen = find<HTMLElement>('#probe-preselected');
  chosen.hidden = preselected === undefined;
  if (preselected !== undefined) {
    const filter = ranked.find((candidate) => candidate.index === preselected);
    const text = find<HTMLElement>('#probe-preselected-text');
    const figure = find<HTMLElement>('#probe-preselected-map');
    if (filter) {
      text.textContent = fillTemplate(strings.preselected, { index: filter.index, rank: filter.rank, count: ranked.length, value: formatActivation(filter.value) });
      text.dataset.rank = String(filter.rank);
      figure.replaceChildren(mapFigure(config, layer, image, map, filter));
    } else {
      text.textContent = fillTemplate(strings.preselectedMissing, { index: preselected, layer: layer.name });
      delete text.dataset.rank;
      figure.replaceChildren();
    }
  }
  return ranked;
}
