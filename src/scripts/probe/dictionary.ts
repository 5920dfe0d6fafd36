/**
 * The semantic dictionary: the image divided into DICTIONARY_CELLS² cells; pointing at one (mouse,
 * touch) or moving to it with the arrow keys lists the filters whose mean activation over that
 * cell is highest, with their patterns.
 */
import { DICTIONARY_CELLS, dictionaryCell, meanActivations, rankFilters, type ActivationMap } from '../../site/probe/analysis.ts';
import type { ProbeConfig, ProbeLayerConfig } from '../../site/probe/page-data.ts';
import { fillTemplate } from '../../site/probe/page-data.ts';
import { filterItem } from './filter-view.ts';

/** Filters listed for a cell. */
const LISTED = 5;

export interface DictionaryElements {
  /** The focusable box over the image. */
  readonly target: HTMLElement;
  readonly cursor: HTMLElement;
  readonly position: HTMLElement;
  readonly list: HTMLOListElement;
}

export class SemanticDictionary {
  private readonly elements: DictionaryElements;
  private readonly config: ProbeConfig;
  private layer: ProbeLayerConfig | undefined;
  private map: ActivationMap | undefined;
  private row = Math.floor(DICTIONARY_CELLS / 2);
  private column = Math.floor(DICTIONARY_CELLS / 2);

  constructor(config: ProbeConfig, elements: DictionaryElements) {
    this.config = config;
    this.elements = elements;
    const { target } = elements;
    const fromPointer = (event: PointerEvent): void => {
      const box = target.getBoundingClientRect();
      const cell = (offset: number, length: number): number => Math.min(DICTIONARY_CELLS - 1, Math.max(0, Math.floor((offset / length) * DICTIONARY_CELLS)));
      this.show(cell(event.clientY - box.top, box.height), cell(event.clientX - box.left, box.width));
    };
    target.addEventListener('pointermove', fromPointer);
    target.addEventListener('pointerdown', fromPointer);
    target.addEventListener('keydown', (event) => {
      const moves: Readonly<Record<string, readonly [number, number]>> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      this.show(this.row + move[0], this.column + move[1]);
    });
  }

  /** A new result: shows the cell last looked at. */
  update(layer: ProbeLayerConfig, map: ActivationMap): void {
    this.layer = layer;
    this.map = map;
    this.show(this.row, this.column);
  }

  show(row: number, column: number): void {
    this.row = Math.min(DICTIONARY_CELLS - 1, Math.max(0, row));
    this.column = Math.min(DICTIONARY_CELLS - 1, Math.max(0, column));
    const { cursor, position, list, target } = this.elements;
    const cellPercent = 100 / DICTIONARY_CELLS;
    cursor.style.top = `${this.row * cellPercent}%`;
    cursor.style.left = `${this.column * cellPercent}%`;
    cursor.style.width = cursor.style.height = `${cellPercent}%`;
    cursor.hidden = false;
    target.dataset.row = String(this.row);
    target.dataset.column = String(this.column);
    if (!this.layer || !this.map) return;
    const cell = dictionaryCell(this.map.side, this.row, this.column);
    const top = rankFilters(meanActivations(this.map, cell)).slice(0, LISTED);
    const strings = this.config.strings;
    position.textContent = fillTemplate(strings.position, { row: this.row + 1, column: this.column + 1, cells: DICTIONARY_CELLS });
    list.replaceChildren(...top.map((filter) => filterItem(this.config, this.layer!, filter)));
    list.setAttribute('aria-label', fillTemplate(strings.positionHere, { list: top.map((filter) => filter.index).join(', ') }));
  }
}

export function dictionaryElements(root: ParentNode): DictionaryElements {
  const find = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`the probe page has no ${selector}`);
    return found;
  };
  return { target: find('#probe-dictionary-target'), cursor: find('#probe-cursor'), position: find('#probe-position'), list: find('#probe-position-list') };
}
