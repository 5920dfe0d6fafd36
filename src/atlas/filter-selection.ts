import { AtlasError } from '../errors.ts';

/** One item of a --filters spec: an index range, for one named layer or for every requested layer. */
export interface FilterRange {
  readonly layer: string | undefined;
  readonly first: number;
  readonly last: number;
  readonly text: string;
}

const ITEM = /^(?:([A-Za-z0-9_]+):)?(\d+)(?:-(\d+))?$/;

/** Parses "0-7,12" or "block1_conv1:0-7,block2_conv1:3" (forms may be mixed). */
export function parseFilterSpec(spec: string): FilterRange[] {
  const items = spec.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw badSpec(spec, 'it has an empty item');
  return items.map((text) => {
    const match = ITEM.exec(text);
    if (!match) throw badSpec(spec, `"${text}" is not N, N-M or layer:N-M`);
    const first = Number(match[2]);
    const last = match[3] === undefined ? first : Number(match[3]);
    if (last < first) throw badSpec(spec, `"${text}" runs backwards`);
    return { layer: match[1], first, last, text };
  });
}

function badSpec(spec: string, why: string): AtlasError {
  return new AtlasError(`--filters "${spec}" is invalid: ${why}`, {
    hint: 'use indices and ranges like 0-7,12, optionally per layer like block1_conv1:0-7',
  });
}

/**
 * The filters to render for each layer: all of them without a spec, else the union of the
 * ranges that apply to it. Every index must exist in its layer.
 */
export function selectFilters(
  layers: readonly { readonly name: string; readonly filterCount: number }[],
  ranges: readonly FilterRange[] | undefined,
): Map<string, number[]> {
  const selected = new Map<string, number[]>();
  const names = new Set(layers.map((layer) => layer.name));
  for (const range of ranges ?? []) {
    if (range.layer !== undefined && !names.has(range.layer)) {
      throw new AtlasError(`--filters names ${range.layer}, which is not among the layers to render (${[...names].join(', ')})`, {
        hint: `add ${range.layer} to --layers, or drop "${range.text}"`,
      });
    }
  }
  for (const { name, filterCount } of layers) {
    if (!ranges) {
      selected.set(name, Array.from({ length: filterCount }, (_, i) => i));
      continue;
    }
    const chosen = new Set<number>();
    for (const range of ranges) {
      if (range.layer !== undefined && range.layer !== name) continue;
      if (range.last >= filterCount) {
        throw new AtlasError(`filter ${name}:${range.last} is out of range: ${name} has filters 0-${filterCount - 1}`, {
          hint: `use indices below ${filterCount} for ${name}`,
        });
      }
      for (let i = range.first; i <= range.last; i++) chosen.add(i);
    }
    if (chosen.size > 0) selected.set(name, [...chosen].sort((a, b) => a - b));
  }
  return selected;
}
