import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseLayer, circularPeak, FLAT_MODULATION, modulation, type ResponseTable, vectorStrength } from '../../../src/engine/tuning/analysis.ts';
import { type Stimulus, stimulusSet } from '../../../src/engine/tuning/stimuli.ts';
import { TuningEntry, tuningProtocol, TuningProtocol } from '../../../src/engine/tuning/tuning-entry.ts';

const set = stimulusSet({ size: 64 });
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** A response table whose filter k responds `filters[k](stimulus)` (float32, as a runtime returns). */
function table(filters: readonly ((stimulus: Stimulus) => number)[]): ResponseTable {
  const values = new Float32Array(set.stimuli.length * filters.length);
  set.stimuli.forEach((stimulus, s) => filters.forEach((respond, k) => (values[s * filters.length + k] = respond(stimulus))));
  return { stimulusCount: set.stimuli.length, filterCount: filters.length, values };
}

const circular = (a: number, b: number) => Math.min(Math.abs(a - b) % 180, 180 - (Math.abs(a - b) % 180));

/** Tuned to 30° (von Mises in doubled angle) and 12 cycles, phase-dependent, tonic 1 everywhere. */
function tunedTo30(stimulus: Stimulus): number {
  if (stimulus.kind !== 'luminance') return 1;
  const orientation = Math.exp(2 * (Math.cos(2 * rad(stimulus.orientation - 30)) - 1));
  const frequency = Math.exp(-(Math.log2(stimulus.cyclesPerSide / 12) ** 2));
  const phase = 0.8 + 0.2 * Math.cos(rad(stimulus.phase - 90));
  return 1 + 100 * orientation * frequency * phase;
}
const flat = () => 5;
const dead = () => 0;
/** Likes hue 200° patches and red–green gratings; luminance gratings leave it at its mid-gray level. */
function colourFilter(stimulus: Stimulus): number {
  if (stimulus.kind === 'patch') return stimulus.hue === null ? 2 : 2 + 50 * Math.max(0, Math.cos(rad(stimulus.hue - 200)));
  return stimulus.kind === 'red-green' ? 2 + 30 * Math.abs(Math.cos(rad(stimulus.orientation))) : 2;
}
/** Tuned to 0° and 90° alike (a plus-shaped detector), silent at 45°. */
function crossTuned(stimulus: Stimulus): number {
  return stimulus.kind === 'luminance' ? 10 * Math.cos(2 * rad(stimulus.orientation)) ** 2 : 0;
}
/** Responds to the patches only. */
const patchesOnly = (stimulus: Stimulus) => (stimulus.kind === 'patch' ? 3 : 0);

const entries = analyseLayer(table([tunedTo30, flat, dead, colourFilter, crossTuned, patchesOnly]), set, 'block1_conv1');
const [tuned, untuned, unresponsive, colour, cross, patchOnly] = entries as [TuningEntry, TuningEntry, TuningEntry, TuningEntry, TuningEntry, TuningEntry];

describe('tuning analysis on synthetic responses', () => {
  it('a filter tuned to 30° at 12 cycles: preferred orientation 30° within a bin (closer than the nearest bin), frequency 12', () => {
    assert.ok(tuned.responsive);
    assert.ok(circular(tuned.preferredOrientation!, 30) < 11.25, `preferred ${tuned.preferredOrientation}`);
    assert.ok(circular(tuned.preferredOrientation!, 30) < 3.75, `interpolation beats the nearest bin (33.75°): ${tuned.preferredOrientation}`);
    assert.equal(tuned.preferredFrequency, 12);
    assert.deepEqual(tuned.frequencyCurve.cyclesPerSide, [2, 4, 8, 12, 18, 28]);
    assert.equal(tuned.orientationCurve!.cyclesPerSide, 12);
    assert.deepEqual(tuned.orientationCurve!.degrees, set.orientations);
  });

  it('takes the max over phase, and selectivity is (R_pref − R_orth)/(R_pref + R_orth) at the preferred frequency', () => {
    const best = (orientation: number) => tunedTo30({ kind: 'luminance', orientation, cyclesPerSide: 12, phase: 90 });
    assert.deepEqual(tuned.orientationCurve!.response, set.orientations.map((o) => Number(Math.fround(best(o)).toPrecision(4))));
    const expected = (best(33.75) - best(123.75)) / (best(33.75) + best(123.75));
    assert.ok(Math.abs(tuned.orientationSelectivity! - expected) < 1e-4, `${tuned.orientationSelectivity} vs ${expected}`);
    assert.deepEqual(tuned.bestStimulus, { kind: 'luminance', orientation: 33.75, cyclesPerSide: 12, phase: 90 });
    assert.equal(tuned.maxResponse, Number(Math.fround(best(33.75)).toPrecision(4)));
  });

  it('an untuned flat filter has selectivity 0 and no preferred orientation, frequency or hue', () => {
    assert.ok(untuned.responsive);
    assert.equal(untuned.orientationSelectivity, 0);
    assert.equal(untuned.hueSelectivity, 0);
    assert.deepEqual([untuned.preferredOrientation, untuned.preferredFrequency, untuned.preferredHue, untuned.colorOpponency], [null, null, null, null]);
    assert.equal(untuned.orientationCurve!.cyclesPerSide, 2, 'the curve is still given, at the first frequency of the flat frequency curve');
  });

  it('an all-zero filter is unresponsive: every preferred value and the best stimulus are null, the curves are zero', () => {
    assert.equal(unresponsive.responsive, false);
    assert.equal(unresponsive.maxResponse, 0);
    const nullable = ['bestStimulus', 'preferredFrequency', 'preferredOrientation', 'orientationSelectivity', 'orientationCurve'] as const;
    for (const key of [...nullable, 'preferredHue', 'hueSelectivity', 'colorOpponency'] as const) {
      assert.equal(unresponsive[key], null, key);
    }
    assert.ok([...unresponsive.frequencyCurve.response, ...unresponsive.hueCurve.response].every((v) => v === 0));
  });

  it('colour: preferred hue from the patches, vector-strength hue selectivity, opponency from the gratings over mid-gray', () => {
    assert.ok(Math.abs(colour.preferredHue! - 200) < 7.5, `preferred hue ${colour.preferredHue}`);
    assert.ok(colour.hueSelectivity! > 0.5 && colour.hueSelectivity! < 1, `hue selectivity ${colour.hueSelectivity}`);
    assert.equal(colour.colorOpponency, 1, 'luminance gratings do not rise above mid-gray');
    assert.deepEqual(colour.responseByKind, { luminance: 2, redGreen: 32, blueYellow: 2, hue: 51.81, midGray: 2 }, 'hue: 2 + 50·cos 5° at 195°');
    assert.deepEqual(colour.bestStimulus, { kind: 'patch', hue: 195, chroma: 0.6124, lightness: 0.5 });
    assert.equal(tuned.colorOpponency, 0, 'the 30° filter: opponent gratings leave it at mid-gray');
    assert.deepEqual(colour.lightnessCurve, { lightness: [0, 0.25, 0.5, 0.75, 1], response: [2, 2, 2, 2, 2] });
  });

  it('a filter tuned to two orthogonal orientations has selectivity 0 but keeps its preferred orientation', () => {
    assert.equal(cross.orientationSelectivity, 0);
    assert.ok(cross.preferredOrientation === 0 || cross.preferredOrientation === 90, `${cross.preferredOrientation}`);
  });

  it('a filter that only patches excite has hue figures and no orientation figures', () => {
    assert.ok(patchOnly.responsive);
    assert.deepEqual([patchOnly.preferredFrequency, patchOnly.orientationSelectivity, patchOnly.orientationCurve], [null, null, null]);
    assert.equal(patchOnly.preferredHue, null, 'equal response to every hue is no preference');
  });

  it('every entry fits the TuningEntry schema, survives JSON and is deterministic; a subset gives the same entries', () => {
    for (const entry of entries) assert.deepEqual(TuningEntry.parse(JSON.parse(JSON.stringify(entry))), entry);
    const again = analyseLayer(table([tunedTo30, flat, dead, colourFilter, crossTuned, patchesOnly]), set, 'block1_conv1');
    assert.equal(JSON.stringify(again), JSON.stringify(entries));
    const subset = analyseLayer(table([tunedTo30, flat, dead, colourFilter, crossTuned, patchesOnly]), set, 'block1_conv1', [3, 0]);
    assert.deepEqual(subset, [colour, tuned]);
    assert.ok(TuningEntry.safeParse({ ...tuned, orientationSelectivity: 1.5 }).success === false, 'the schema bounds selectivity');
    const protocol = TuningProtocol.parse(tuningProtocol(set));
    assert.deepEqual([protocol.stimulusCount, protocol.flatModulation, protocol.input], [1181, FLAT_MODULATION, 'caffe']);
  });

  it('rejects a table that does not match the set', () => {
    const wrong = { stimulusCount: 10, filterCount: 1, values: new Float32Array(10) };
    assert.throws(() => analyseLayer(wrong, set, 'x'), /does not match/);
    assert.throws(() => analyseLayer(table([flat]), set, 'x', [1]), /not in the table/);
  });
});

describe('tuning analysis helpers', () => {
  it('circularPeak interpolates between bins and wraps round the circle', () => {
    assert.equal(circularPeak([0, 1, 5, 5, 1, 0, 0, 0], 180), 2.5 * 22.5);
    assert.equal(circularPeak([5, 1, 0, 0, 0, 0, 0, 5], 180), 7.5 * 22.5);
    assert.equal(circularPeak([1, 4, 1, 0], 360), 90);
  });

  it('modulation and vector strength: 0 for a flat curve, 1 for a single response', () => {
    assert.equal(modulation([3, 3, 3]), 0);
    assert.equal(modulation([0, 0, 0]), 0);
    assert.equal(modulation([0, 2, 1]), 1);
    assert.ok(vectorStrength([4, 4, 4, 4]) < 1e-12);
    assert.ok(Math.abs(vectorStrength([0, 0, 7, 0]) - 1) < 1e-12);
  });
});
