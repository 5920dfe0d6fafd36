/** Small DOM pieces of the results: a filter's thumbnail (linked to its page), its label and value. */
import { formatActivation, type RankedFilter } from '../../site/probe/analysis.ts';
import type { ProbeConfig, ProbeLayerConfig } from '../../site/probe/page-data.ts';
import { fillTemplate } from '../../site/probe/page-data.ts';

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function filterPageUrl(config: ProbeConfig, layer: string, index: number): string {
  return `${config.pageRoot}${encodeURIComponent(layer)}/${index}/`;
}

/** The filter's pattern from the atlas, or a blank square where the atlas has none. */
export function thumbnail(config: ProbeConfig, layer: ProbeLayerConfig, index: number): HTMLElement {
  const url = layer.thumbs[String(index)];
  if (!url) {
    const blank = element('span', 'probe-thumb probe-thumb-missing');
    blank.title = config.strings.noPattern;
    return blank;
  }
  const image = element('img', 'probe-thumb');
  image.src = url;
  image.width = 48;
  image.height = 48;
  image.loading = 'lazy';
  image.decoding = 'async';
  image.alt = fillTemplate(config.strings.thumbAlt, { layer: layer.name, index });
  return image;
}

/** A list item: thumbnail, "Filter N" (a link when the atlas has its page), its value and its label. */
export function filterItem(config: ProbeConfig, layer: ProbeLayerConfig, filter: RankedFilter): HTMLLIElement {
  const item = element('li', 'probe-filter');
  item.dataset.filter = String(filter.index);
  item.dataset.value = String(filter.value);
  const label = fillTemplate(config.strings.filter, { index: filter.index });
  const name: HTMLElement = layer.thumbs[String(filter.index)] ? element('a', 'probe-filter-name', label) : element('span', 'probe-filter-name', label);
  if (name instanceof HTMLAnchorElement) name.href = filterPageUrl(config, layer.name, filter.index);
  item.append(thumbnail(config, layer, filter.index), name, element('span', 'probe-filter-value', formatActivation(filter.value)));
  // The filter's measured label, when the atlas has one: what the rank means in words.
  const measured = layer.labels[String(filter.index)];
  if (measured) item.append(element('span', 'probe-filter-label', measured));
  return item;
}
