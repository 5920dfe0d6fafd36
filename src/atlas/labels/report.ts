import type { Manifest } from '../manifest.ts';
import { ORIENTATION_SELECTIVITY_MIN } from './thresholds.ts';
import { isSpecific } from './text.ts';

/** One layer's labelling figures, as `npm run labels` prints them. */
export interface LayerLabelReport {
  readonly layer: string;
  readonly filters: number;
  readonly families: number;
  readonly silhouette: number;
  /** Share of filters whose label states a preference (not "no clear preference", not silent). */
  readonly specific: number;
  readonly similarity: string;
  /** Filters with a label text in both languages. */
  readonly bothLanguages: number;
  /** Filters with OSI at or above the threshold, and of those the ones whose label names the orientation in degrees. */
  readonly orientationSelective: number;
  readonly orientationNamed: number;
}

const DEGREES = /\d+°/;

export function labelReport(manifest: Manifest): LayerLabelReport[] {
  const protocol = manifest.labelsProtocol;
  if (!protocol || !manifest.labels) return [];
  return protocol.layers.map(({ layer, similarity, clustering }) => {
    const labels = manifest.labels!.filter((label) => label.layer === layer);
    const selective = (manifest.tuning ?? []).filter((entry) => entry.layer === layer && (entry.orientationSelectivity ?? 0) >= ORIENTATION_SELECTIVITY_MIN);
    const byIndex = new Map(labels.map((label) => [label.index, label] as const));
    return {
      layer,
      filters: labels.length,
      families: clustering.families,
      silhouette: clustering.silhouette,
      specific: labels.length === 0 ? 0 : labels.filter((label) => isSpecific(label.facts)).length / labels.length,
      similarity,
      bothLanguages: labels.filter((label) => label.text.en.trim() !== '' && /[\uac00-\ud7a3]/.test(label.text.ko)).length,
      orientationSelective: selective.length,
      orientationNamed: selective.filter((entry) => {
        const label = byIndex.get(entry.index);
        return label?.facts.some((fact) => fact.kind === 'orientation') === true && DEGREES.test(label.text.en) && DEGREES.test(label.text.ko);
      }).length,
    };
  });
}

export function formatLabelReport(rows: readonly LayerLabelReport[]): string {
  const header = ['layer', 'filters', 'families', 'silhouette', 'specific', 'en+ko', `OSI≥${ORIENTATION_SELECTIVITY_MIN} named`, 'neighbours by'];
  const lines = rows.map((row) => [
    row.layer,
    String(row.filters),
    String(row.families),
    row.silhouette.toFixed(3),
    `${(row.specific * 100).toFixed(0)}%`,
    `${row.bothLanguages}/${row.filters}`,
    `${row.orientationNamed}/${row.orientationSelective}`,
    row.similarity,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
