import type { FilterEntry, Manifest, MethodDescription } from '../atlas/manifest.ts';
import type { Locale, UiStrings } from './i18n.ts';
import { formatLoss } from './loss-plot.ts';

export interface ParameterRow {
  readonly label: string;
  readonly value: string;
  /** External link for the value (only for http(s) sources). */
  readonly href?: string | undefined;
  /** Show the value as code (hashes, versions). */
  readonly code?: boolean;
}

function httpUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A run's timestamp as the parameter lists show it (UTC, the locale's long date). */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';
}

/** A method's parameters, as read from its description in the manifest. */
function methodRows({ params }: MethodDescription, strings: UiStrings): ParameterRow[] {
  const { labels } = strings;
  const rows: ParameterRow[] = [
    { label: labels.method, value: params.name === 'classic' ? `${params.name}: ${strings.methodValue(params.steps, params.step, params.size)}` : params.name },
    { label: labels.imageSize, value: strings.imageSizeValue(params.size, params.size) },
    { label: labels.steps, value: String(params.steps) },
  ];
  if (params.name === 'classic') rows.push({ label: labels.stepSize, value: String(params.step) });
  rows.push({ label: labels.seed, value: String(params.seed) });
  return rows;
}

/** Model, weights provenance and the primary method's parameters, as read from the manifest. */
export function modelRows(manifest: Manifest, method: MethodDescription, strings: UiStrings, locale: Locale): ParameterRow[] {
  const { labels } = strings;
  const { weights } = manifest.model;
  return [
    { label: labels.model, value: `${manifest.model.name} (ImageNet)` },
    { label: labels.weightsSource, value: weights.source, href: httpUrl(weights.source) },
    { label: labels.weightsFormat, value: weights.format, code: true },
    { label: labels.weightsSha256, value: weights.sha256, code: true },
    ...methodRows(method, strings),
    { label: labels.backend, value: manifest.backend, code: true },
    { label: labels.engine, value: manifest.engineVersion, code: true },
    { label: labels.filtersRendered, value: String(manifest.filters.length) },
    { label: labels.generated, value: formatDate(manifest.timings.finishedAt, locale) },
  ];
}

/** One filter's own facts, followed by the run's parameters and weights. */
export function filterRows(filter: FilterEntry, manifest: Manifest, method: MethodDescription, strings: UiStrings, locale: Locale): ParameterRow[] {
  const { labels } = strings;
  const last = filter.loss.at(-1);
  const own: ParameterRow[] = [
    { label: labels.layer, value: filter.layer, code: true },
    { label: labels.index, value: String(filter.index) },
    { label: labels.status, value: strings.status[filter.status] },
    { label: labels.imageSize, value: strings.imageSizeValue(filter.width, filter.height) },
  ];
  if (last !== undefined) own.push({ label: labels.finalLoss, value: formatLoss(last) });
  const shared = modelRows(manifest, method, strings, locale).filter(
    (row) => row.label !== labels.filtersRendered && row.label !== labels.imageSize,
  );
  return [...own, ...shared];
}
