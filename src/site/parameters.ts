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
  /** The value's language, where it differs from the page's. */
  readonly lang?: string | undefined;
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

/** A method's parameters, as read from its description in the manifest; `size` is the image's own. */
export function methodRows(method: MethodDescription, strings: UiStrings, size: { width: number; height: number } = { width: method.params.size, height: method.params.size }): ParameterRow[] {
  const { labels } = strings;
  const words = strings.methods;
  const { params } = method;
  const rows: ParameterRow[] = [];
  if (params.name === 'classic') {
    rows.push(
      { label: labels.method, value: `${params.name}: ${strings.methodValue(params.steps, params.step, params.size)}` },
      { label: labels.imageSize, value: strings.imageSizeValue(size.width, size.height) },
      { label: labels.steps, value: String(params.steps) },
      { label: labels.stepSize, value: String(params.step) },
    );
  } else {
    rows.push(
      { label: labels.method, value: `${params.name}: ${words.enhancedValue(params.steps, params.learningRate, params.size)}` },
      { label: labels.imageSize, value: strings.imageSizeValue(size.width, size.height) },
      { label: labels.steps, value: String(params.steps) },
      { label: words.labels.learningRate, value: `${params.learningRate}, ${words.scheduleValue[params.schedule]}` },
      { label: words.labels.transforms, value: `${params.transforms}: ${words.transformsValue[params.transforms]}` },
    );
  }
  rows.push(
    { label: labels.seed, value: String(params.seed) },
    { label: words.labels.parameterization, value: words.parameterizationValue[params.name] },
    { label: words.labels.objective, value: params.name === 'enhanced' ? words.objectiveValue(params.objective, params.preReluStart) : words.lossAxis[method.objective] },
    { label: words.labels.preprocessing, value: words.preprocessingValue[method.preprocessing] },
  );
  if (method.inputSize !== params.size) rows.push({ label: words.labels.inputSize, value: strings.imageSizeValue(method.inputSize, method.inputSize) });
  return rows;
}

/** Rows under a heading (an h3); a list's first group may have none. */
export interface ParameterGroup {
  readonly heading?: string | undefined;
  /** The heading's id, unique on the page. */
  readonly id?: string | undefined;
  /** The method the group describes, if any. */
  readonly method?: MethodDescription['params']['name'] | undefined;
  readonly rows: readonly ParameterRow[];
}

/** Model, weights provenance and run facts shared by every method, as read from the manifest. */
function sharedRows(manifest: Manifest, methods: readonly MethodDescription[], strings: UiStrings, locale: Locale): ParameterRow[] {
  const { labels } = strings;
  const { weights } = manifest.model;
  const counts = methods.map(({ params }) => strings.methods.countIn(manifest.filters.filter((filter) => filter.method === params.name).length, params.name));
  return [
    { label: labels.model, value: `${manifest.model.name} (ImageNet)` },
    { label: labels.weightsSource, value: weights.source, href: httpUrl(weights.source) },
    { label: labels.weightsFormat, value: weights.format, code: true },
    { label: labels.weightsSha256, value: weights.sha256, code: true },
    { label: labels.backend, value: manifest.backend, code: true },
    { label: labels.engine, value: manifest.engineVersion, code: true },
    { label: labels.filtersRendered, value: methods.length > 1 ? counts.join(', ') : String(manifest.filters.length) },
    { label: labels.generated, value: formatDate(manifest.timings.finishedAt, locale) },
  ];
}

function methodGroup(method: MethodDescription, rows: readonly ParameterRow[], strings: UiStrings, idPrefix: string): ParameterGroup {
  const name = method.params.name;
  return { heading: strings.methods.parametersHeading(name), id: `${idPrefix}-${name}`, method: name, rows };
}

/** The overview's list: model, weights and run, then each method's parameters. */
export function modelParameterGroups(manifest: Manifest, methods: readonly MethodDescription[], strings: UiStrings, locale: Locale): ParameterGroup[] {
  return [{ rows: sharedRows(manifest, methods, strings, locale) }, ...methods.map((method) => methodGroup(method, methodRows(method, strings), strings, 'parameters'))];
}

/** A filter page's list: the filter, the model and run, then each method's own facts for it and its parameters. */
export function filterParameterGroups(
  pictures: ReadonlyArray<{ method: MethodDescription; filter: FilterEntry }>,
  manifest: Manifest,
  strings: UiStrings,
  locale: Locale,
): ParameterGroup[] {
  const { labels } = strings;
  const [first] = pictures;
  if (!first) return [];
  const shared = sharedRows(manifest, pictures.map(({ method }) => method), strings, locale).filter((row) => row.label !== labels.filtersRendered);
  const own: ParameterRow[] = [
    { label: labels.layer, value: first.filter.layer, code: true },
    { label: labels.index, value: String(first.filter.index) },
  ];
  const groups = pictures.map(({ method, filter }) => {
    const last = filter.loss.at(-1);
    const facts: ParameterRow[] = [{ label: labels.status, value: strings.status[filter.status] }];
    if (last !== undefined) facts.push({ label: labels.finalLoss, value: formatLoss(last) });
    return methodGroup(method, [...facts, ...methodRows(method, strings, filter)], strings, 'parameters');
  });
  return [{ rows: [...own, ...shared] }, ...groups];
}
