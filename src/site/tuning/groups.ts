/**
 * How the site groups and filters a layer's filters by their tuning: the static views
 * (/<layer>/by/<view>/) and the layer page's filter bar share these rules. Pure and
 * dependency-free: it runs at build time and, for the filter bar, in the browser.
 *
 * - Orientation: 8 bins of 22.5°, centred on 0°, 22.5°, … 157.5° (bin k holds [22.5k − 11.25°,
 *   22.5k + 11.25°), wrapping at 180°), by `preferredOrientation`.
 * - Selectivity: 4 bands of `orientationSelectivity`: [0.75, 1], [0.5, 0.75), [0.25, 0.5), [0, 0.25).
 * - Colour: 6 hue sectors of 60°, centred on red 0°, yellow 60°, green 120°, cyan 180°, blue 240°
 *   and magenta 300° of the stimuli's hue circle, by `preferredHue`.
 * Within a group, filters run from the most to the least selective (orientation, selectivity) or
 * colour-opponent (colour), then by index. A filter without the figure a view groups by goes to
 * that view's "no preference" group, an unresponsive one to "responds to none", and a rendered
 * filter without any tuning entry to "not measured": each filter is in exactly one group.
 */

/** The figures of one filter that the views and the filter bar use (from its TuningEntry). */
export interface TuningSummary {
  readonly index: number;
  /** False when no stimulus got a response; undefined when the filter has no tuning entry. */
  readonly responsive: boolean | undefined;
  readonly orientation: number | null;
  readonly selectivity: number | null;
  readonly hue: number | null;
  readonly opponency: number | null;
}

export const TUNING_VIEWS = ['orientation', 'selectivity', 'colour'] as const;
export type TuningView = (typeof TUNING_VIEWS)[number];

export function isTuningView(value: string | undefined): value is TuningView {
  return (TUNING_VIEWS as readonly string[]).includes(value ?? '');
}

export const ORIENTATION_BIN_COUNT = 8;
export const ORIENTATION_BIN_WIDTH = 180 / ORIENTATION_BIN_COUNT;
/** Lower bounds of the selectivity bands, highest first. */
export const SELECTIVITY_BANDS = [0.75, 0.5, 0.25, 0] as const;
export const HUE_SECTORS = ['red', 'yellow', 'green', 'cyan', 'blue', 'magenta'] as const;
export type HueSector = (typeof HUE_SECTORS)[number];
export const HUE_SECTOR_WIDTH = 360 / HUE_SECTORS.length;

function wrap(value: number, period: number): number {
  const wrapped = value % period;
  return wrapped < 0 ? wrapped + period : wrapped;
}

/** The bin of an orientation (degrees, any value: taken modulo 180) among `count` bins centred on multiples of 180/count. */
export function orientationBin(degrees: number, count = ORIENTATION_BIN_COUNT): number {
  return Math.round(wrap(degrees, 180) / (180 / count)) % count;
}

/** Centre of orientation bin `bin` of `count`, in degrees. */
export function orientationBinCentre(bin: number, count = ORIENTATION_BIN_COUNT): number {
  return (bin * 180) / count;
}

/** Index into SELECTIVITY_BANDS of a selectivity in [0, 1]. */
export function selectivityBand(selectivity: number): number {
  const band = SELECTIVITY_BANDS.findIndex((lower) => selectivity >= lower);
  return band < 0 ? SELECTIVITY_BANDS.length - 1 : band;
}

/** The hue sector of a hue in degrees (any value: taken modulo 360). */
export function hueSector(degrees: number): HueSector {
  return HUE_SECTORS[Math.round(wrap(degrees, 360) / HUE_SECTOR_WIDTH) % HUE_SECTORS.length]!;
}

export function hueSectorCentre(sector: HueSector): number {
  return HUE_SECTORS.indexOf(sector) * HUE_SECTOR_WIDTH;
}

/** Where a filter goes in a view. */
export type GroupKey =
  | { readonly kind: 'orientation'; readonly bin: number }
  | { readonly kind: 'selectivity'; readonly band: number }
  | { readonly kind: 'hue'; readonly sector: HueSector }
  | { readonly kind: 'no-preference' }
  | { readonly kind: 'unresponsive' }
  | { readonly kind: 'unmeasured' };

export interface TuningGroup {
  /** A stable id for the group, usable in an HTML id: "orientation-45", "hue-red", "no-preference". */
  readonly id: string;
  readonly key: GroupKey;
  readonly members: readonly TuningSummary[];
}

export function groupId(key: GroupKey): string {
  switch (key.kind) {
    case 'orientation':
      return `orientation-${String(orientationBinCentre(key.bin)).replace('.', '_')}`;
    case 'selectivity':
      return `selectivity-${String(SELECTIVITY_BANDS[key.band]).replace('.', '_')}`;
    case 'hue':
      return `hue-${key.sector}`;
    default:
      return key.kind;
  }
}

/** The group of one filter in a view. */
export function groupKeyOf(view: TuningView, filter: TuningSummary): GroupKey {
  if (filter.responsive === undefined) return { kind: 'unmeasured' };
  if (!filter.responsive) return { kind: 'unresponsive' };
  switch (view) {
    case 'orientation':
      return filter.orientation === null ? { kind: 'no-preference' } : { kind: 'orientation', bin: orientationBin(filter.orientation) };
    case 'selectivity':
      return filter.selectivity === null ? { kind: 'no-preference' } : { kind: 'selectivity', band: selectivityBand(filter.selectivity) };
    case 'colour':
      return filter.hue === null ? { kind: 'no-preference' } : { kind: 'hue', sector: hueSector(filter.hue) };
  }
}

/** Every group a view can have, in the order the page lists them (empty groups included). */
export function viewGroupKeys(view: TuningView): GroupKey[] {
  const rest: GroupKey[] = [{ kind: 'no-preference' }, { kind: 'unresponsive' }, { kind: 'unmeasured' }];
  switch (view) {
    case 'orientation':
      return [...Array.from({ length: ORIENTATION_BIN_COUNT }, (_, bin) => ({ kind: 'orientation', bin }) as const), ...rest];
    case 'selectivity':
      return [...SELECTIVITY_BANDS.map((_, band) => ({ kind: 'selectivity', band }) as const), ...rest];
    case 'colour':
      return [...HUE_SECTORS.map((sector) => ({ kind: 'hue', sector }) as const), ...rest];
  }
}

/** The figure a view orders each group by (larger first). */
function rank(view: TuningView, filter: TuningSummary): number {
  return (view === 'colour' ? filter.opponency : filter.selectivity) ?? -1;
}

/**
 * A view of a layer: its non-empty groups in page order, each filter in exactly one, ordered
 * within its group by selectivity (or opponency, for colour), then by index.
 */
export function groupFilters(view: TuningView, filters: readonly TuningSummary[]): TuningGroup[] {
  const members = new Map<string, TuningSummary[]>();
  for (const filter of filters) {
    const id = groupId(groupKeyOf(view, filter));
    const list = members.get(id) ?? [];
    list.push(filter);
    members.set(id, list);
  }
  return viewGroupKeys(view)
    .map((key) => ({ id: groupId(key), key }))
    .filter(({ id }) => members.has(id))
    .map(({ id, key }) => ({
      id,
      key,
      members: [...(members.get(id) ?? [])].sort((a, b) => rank(view, b) - rank(view, a) || a.index - b.index),
    }));
}

/** What the layer page's filter bar asks for; undefined fields mean "any". */
export interface TuningQuery {
  /** An orientation bin, or 'none' for filters without a preferred orientation. */
  readonly orientation?: number | 'none' | undefined;
  /** Lowest orientation selectivity. */
  readonly selectivity?: number | undefined;
  /** A hue sector, or 'none' for filters without a preferred hue. */
  readonly hue?: HueSector | 'none' | undefined;
  /** Lowest colour opponency. */
  readonly opponency?: number | undefined;
}

/** Whether a filter passes every constraint of the query (an empty query passes every filter). */
export function matchesQuery(filter: TuningSummary, query: TuningQuery): boolean {
  const { orientation, selectivity, hue, opponency } = query;
  if (orientation !== undefined) {
    if (orientation === 'none' ? filter.responsive !== true || filter.orientation !== null : filter.orientation === null || orientationBin(filter.orientation) !== orientation) {
      return false;
    }
  }
  if (hue !== undefined) {
    if (hue === 'none' ? filter.responsive !== true || filter.hue !== null : filter.hue === null || hueSector(filter.hue) !== hue) return false;
  }
  if (selectivity !== undefined && !(filter.selectivity !== null && filter.selectivity >= selectivity)) return false;
  if (opponency !== undefined && !(filter.opponency !== null && filter.opponency >= opponency)) return false;
  return true;
}

/** Thresholds the filter bar offers for selectivity and opponency. */
export const QUERY_THRESHOLDS = [0.25, 0.5, 0.75] as const;

/**
 * The filter bar's state as URL search parameters (o=45, s=0.5, h=red, c=0.5; "none" for no
 * preference), so a filtered layer page can be linked. Unknown or malformed values are ignored.
 */
export function queryFromParams(params: URLSearchParams): TuningQuery {
  const number = (name: string): number | undefined => {
    const value = params.get(name);
    return value !== null && (QUERY_THRESHOLDS as readonly number[]).includes(Number(value)) ? Number(value) : undefined;
  };
  const o = params.get('o');
  const h = params.get('h');
  const bin = o === null || o === '' ? undefined : Number(o);
  return {
    orientation:
      o === 'none' ? 'none' : bin !== undefined && Number.isFinite(bin) && bin === orientationBinCentre(orientationBin(bin)) && bin < 180 ? orientationBin(bin) : undefined,
    selectivity: number('s'),
    hue: h === 'none' ? 'none' : (HUE_SECTORS as readonly string[]).includes(h ?? '') ? (h as HueSector) : undefined,
    opponency: number('c'),
  };
}

export function paramsFromQuery(query: TuningQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.orientation !== undefined) params.set('o', query.orientation === 'none' ? 'none' : String(orientationBinCentre(query.orientation)));
  if (query.selectivity !== undefined) params.set('s', String(query.selectivity));
  if (query.hue !== undefined) params.set('h', query.hue);
  if (query.opponency !== undefined) params.set('c', String(query.opponency));
  return params;
}

/**
 * The compact form the layer page embeds for its filter bar: one row per rendered filter,
 * [index, responsive (1, 0, or null when not measured), orientation, selectivity, hue, opponency].
 */
export type TuningRow = [number, 0 | 1 | null, number | null, number | null, number | null, number | null];

export function toRow(filter: TuningSummary): TuningRow {
  const responsive = filter.responsive === undefined ? null : filter.responsive ? 1 : 0;
  return [filter.index, responsive, filter.orientation, filter.selectivity, filter.hue, filter.opponency];
}

export function fromRow(row: TuningRow): TuningSummary {
  const [index, responsive, orientation, selectivity, hue, opponency] = row;
  return { index, responsive: responsive === null ? undefined : responsive === 1, orientation, selectivity, hue, opponency };
}

/** Id of the <script type="application/json"> that holds a layer page's TuningRow[]. */
export const TUNING_ROWS_ID = 'atlas-tuning-rows';
