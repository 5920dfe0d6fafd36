import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fromRow,
  groupFilters,
  hueSector,
  matchesQuery,
  orientationBin,
  paramsFromQuery,
  queryFromParams,
  selectivityBand,
  toRow,
  TUNING_VIEWS,
  type TuningSummary,
} from '../../../src/site/tuning/groups.ts';

function filter(index: number, fields: Partial<TuningSummary> = {}): TuningSummary {
  return { index, responsive: true, orientation: null, selectivity: null, hue: null, opponency: null, ...fields };
}

/** A layer with every kind of filter: tuned ones, flat curves, an unresponsive one and one without an entry. */
const LAYER: TuningSummary[] = [
  filter(0, { orientation: 46.2, selectivity: 0.86, hue: 307.4, opponency: 0.05 }),
  filter(1, { orientation: null, selectivity: 0.0001, hue: 199.5, opponency: 0.98 }),
  filter(2, { orientation: 179.9, selectivity: 0.3, hue: 29.9, opponency: 0.5 }),
  filter(3, { orientation: 0.4, selectivity: 0.42, hue: 30, opponency: 0.2 }),
  filter(4, { orientation: 90.3, selectivity: 1, hue: null, opponency: null }),
  filter(5, { responsive: false }),
  filter(6, { responsive: undefined }),
  filter(7, { orientation: 11.25, selectivity: 0.75, hue: 345, opponency: 0.75 }),
];

describe('tuning groups', () => {
  it('bins orientations by 22.5° around 0°, 22.5°, … 157.5°, wrapping at 180°', () => {
    assert.equal(orientationBin(0), 0);
    assert.equal(orientationBin(11.2), 0);
    assert.equal(orientationBin(11.25), 1, 'a bin holds its lower edge');
    assert.equal(orientationBin(179.9), 0, '179.9° is next to 0°');
    assert.equal(orientationBin(90.3), 4);
    assert.equal(orientationBin(146.2), 6);
    assert.equal(orientationBin(146.25), 7);
    assert.equal(orientationBin(-10), 0);
    assert.equal(orientationBin(5.7, 16), 1, '16 bins of 11.25° for the roses');
    assert.equal(orientationBin(174.4, 16), 0);
  });

  it('bands selectivity and names hue sectors of 60°', () => {
    assert.deepEqual([1, 0.75, 0.74, 0.5, 0.25, 0.1, 0].map(selectivityBand), [0, 0, 1, 1, 2, 3, 3]);
    assert.deepEqual([0, 29.9, 30, 120, 180, 240, 300, 330, 359.9].map(hueSector), ['red', 'red', 'yellow', 'green', 'cyan', 'blue', 'magenta', 'red', 'red']);
  });

  it('puts every filter in exactly one group of each view, unresponsive and unmeasured ones apart', () => {
    for (const view of TUNING_VIEWS) {
      const groups = groupFilters(view, LAYER);
      const members = groups.flatMap((group) => group.members.map((member) => member.index));
      assert.deepEqual([...members].sort((a, b) => a - b), LAYER.map((f) => f.index), view);
      assert.equal(new Set(groups.map((group) => group.id)).size, groups.length, 'distinct group ids');
      assert.ok(groups.every((group) => group.members.length > 0), 'no empty group');
      const byId = Object.fromEntries(groups.map((group) => [group.id, group.members.map((member) => member.index)]));
      assert.deepEqual(byId.unresponsive, [5]);
      assert.deepEqual(byId.unmeasured, [6]);
      assert.equal(groups.at(-1)?.id, 'unmeasured', 'the odd groups come last');
    }
    const orientation = Object.fromEntries(groupFilters('orientation', LAYER).map((group) => [group.id, group.members.map((member) => member.index)]));
    // Most selective first within a group.
    assert.deepEqual(orientation['orientation-0'], [3, 2]);
    assert.deepEqual(orientation['orientation-45'], [0]);
    assert.deepEqual(orientation['orientation-22_5'], [7]);
    assert.deepEqual(orientation['no-preference'], [1]);
    const selectivity = Object.fromEntries(groupFilters('selectivity', LAYER).map((group) => [group.id, group.members.map((member) => member.index)]));
    assert.deepEqual(selectivity['selectivity-0_75'], [4, 0, 7]);
    assert.deepEqual(selectivity['selectivity-0'], [1]);
    const colour = Object.fromEntries(groupFilters('colour', LAYER).map((group) => [group.id, group.members.map((member) => member.index)]));
    assert.deepEqual(colour['hue-red'], [7, 2], 'most opponent first');
    assert.deepEqual(colour['hue-yellow'], [3]);
    assert.deepEqual(colour['no-preference'], [4]);
    assert.deepEqual(
      groupFilters('colour', LAYER).map((group) => group.id),
      ['hue-red', 'hue-yellow', 'hue-cyan', 'hue-magenta', 'no-preference', 'unresponsive', 'unmeasured'],
    );
  });

  it('filters by every constraint of a query at once', () => {
    const pass = (query: Parameters<typeof matchesQuery>[1]) => LAYER.filter((f) => matchesQuery(f, query)).map((f) => f.index);
    assert.deepEqual(pass({}), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(pass({ orientation: 0 }), [2, 3]);
    assert.deepEqual(pass({ orientation: 'none' }), [1]);
    assert.deepEqual(pass({ selectivity: 0.5 }), [0, 4, 7]);
    assert.deepEqual(pass({ hue: 'red' }), [2, 7]);
    assert.deepEqual(pass({ hue: 'none' }), [4]);
    assert.deepEqual(pass({ opponency: 0.75 }), [1, 7]);
    assert.deepEqual(pass({ orientation: 0, hue: 'red' }), [2]);
  });

  it('keeps the filter bar state in the address, ignoring what it does not offer', () => {
    const query = { orientation: 2, selectivity: 0.5, hue: 'cyan', opponency: 0.25 } as const;
    const params = paramsFromQuery(query);
    assert.equal(params.toString(), 'o=45&s=0.5&h=cyan&c=0.25');
    assert.deepEqual(queryFromParams(params), query);
    assert.deepEqual(queryFromParams(new URLSearchParams('o=none&h=none')), { orientation: 'none', selectivity: undefined, hue: 'none', opponency: undefined });
    assert.deepEqual(queryFromParams(new URLSearchParams('o=44&s=0.3&h=purple&c=x')), { orientation: undefined, selectivity: undefined, hue: undefined, opponency: undefined });
    assert.deepEqual(queryFromParams(new URLSearchParams('o=180')).orientation, undefined);
  });

  it('packs a summary into the page as a compact row and back', () => {
    for (const summary of LAYER) assert.deepEqual(fromRow(toRow(summary)), summary);
    assert.deepEqual(toRow(LAYER[0]!), [0, 1, 46.2, 0.86, 307.4, 0.05]);
    assert.deepEqual(toRow(LAYER[5]!), [5, 0, null, null, null, null]);
    assert.deepEqual(toRow(LAYER[6]!), [6, null, null, null, null, null]);
  });
});
