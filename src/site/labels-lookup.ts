/**
 * The manifest's measured labels and families (atlas/labels/contract.ts), looked up by filter: what
 * every list that names a filter puts beside its number, and what the search index records. An atlas
 * without labels gives undefined everywhere, so the lists read as before.
 */
import type { Family, FilterLabel, Manifest } from '../atlas/manifest.ts';
import type { Locale } from './i18n.ts';

export interface LabelsLookup {
  label(layer: string, index: number): FilterLabel | undefined;
  family(layer: string, id: string): Family | undefined;
  /** The family a filter belongs to, when the atlas has labels. */
  familyOf(layer: string, index: number): Family | undefined;
}

const key = (layer: string, index: number | string): string => `${layer}\u0000${index}`;

const cache = new WeakMap<Manifest, LabelsLookup>();

/** A lookup over the manifest's `labels` and `families` (built once per manifest). */
export function labelsLookup(manifest: Pick<Manifest, 'labels' | 'families'>): LabelsLookup {
  const cached = cache.get(manifest as Manifest);
  if (cached) return cached;
  const labels = new Map((manifest.labels ?? []).map((label) => [key(label.layer, label.index), label]));
  const families = new Map((manifest.families ?? []).map((family) => [key(family.layer, family.id), family]));
  const lookup: LabelsLookup = {
    label: (layer, index) => labels.get(key(layer, index)),
    family: (layer, id) => families.get(key(layer, id)),
    familyOf: (layer, index) => {
      const label = labels.get(key(layer, index));
      return label ? families.get(key(layer, label.family)) : undefined;
    },
  };
  cache.set(manifest as Manifest, lookup);
  return lookup;
}

/** The label's text in `locale`, or undefined when the filter has none. */
export function labelText(manifest: Pick<Manifest, 'labels' | 'families'>, layer: string, index: number, locale: Locale): string | undefined {
  return labelsLookup(manifest).label(layer, index)?.text[locale];
}

/** "Pattern of filter 3 in block1_conv1" → "Pattern of filter 3 in block1_conv1: vertical edges" when labelled. */
export function withLabel(name: string, label: string | undefined): string {
  return label === undefined ? name : `${name}: ${label}`;
}
