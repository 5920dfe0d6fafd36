/** The labelling rules, the families and the per-image maxima file, on entries made by hand. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExampleEntry } from '../../src/engine/examples/example-entry.ts';
import { decodeMaxima, encodeMaxima, mergeMaxima, type ImageMaxima } from '../../src/engine/examples/maxima.ts';
import type { TuningEntry } from '../../src/engine/tuning/tuning-entry.ts';
import { setClasses } from '../../src/atlas/labels/classes.ts';
import { meanSilhouette, wardCuts } from '../../src/atlas/labels/clustering.ts';
import { classFact, layerTopShares } from '../../src/atlas/labels/example-facts.ts';
import { labelAtlas } from '../../src/atlas/labels/label-atlas.ts';
import { labelLayer } from '../../src/atlas/labels/label-layer.ts';
import { liveFamilyWords } from '../../src/atlas/labels/family-naming.ts';
import { BRIGHT_TRAIT, hueTrait, type Finding, type Trait } from '../../src/atlas/labels/traits.ts';

const ORIENTATIONS = Array.from({ length: 16 }, (_, k) => k * 11.25);
const HUES = Array.from({ length: 24 }, (_, k) => k * 15);
const HANGUL = /[\uac00-\ud7a3]/;

/** A responsive filter's tuning with flat curves (no preference), changed by `overrides`. */
function entry(index: number, overrides: Partial<TuningEntry> = {}): TuningEntry {
  return {
    layer: 'block1_conv1',
    index,
    responsive: true,
    maxResponse: 10,
    bestStimulus: null,
    responseByKind: { luminance: 10, redGreen: 1, blueYellow: 1, hue: 1, midGray: 1 },
    preferredFrequency: null,
    frequencyCurve: { cyclesPerSide: [2, 4, 8, 12, 18, 28], response: [10, 10, 10, 10, 10, 10] },
    preferredOrientation: null,
    orientationSelectivity: 0,
    orientationCurve: { cyclesPerSide: 8, degrees: ORIENTATIONS, response: ORIENTATIONS.map(() => 10) },
    preferredHue: null,
    hueSelectivity: 0,
    hueCurve: { hues: HUES, response: HUES.map(() => 1) },
    lightnessCurve: { lightness: [0, 0.25, 0.5, 0.75, 1], response: [1, 1, 1, 1, 1] },
    colorOpponency: 0,
    ...overrides,
  };
}

/** A filter tuned to `degrees` with orientation selectivity `osi`. */
function oriented(index: number, degrees: number, osi: number, jitter = 0): TuningEntry {
  const response = ORIENTATIONS.map((theta) => {
    const delta = ((theta - degrees) * Math.PI) / 180;
    return 5 + 5 * Math.cos(2 * delta) + jitter * Math.sin(theta + index);
  });
  return entry(index, { preferredOrientation: degrees, orientationSelectivity: osi, orientationCurve: { cyclesPerSide: 8, degrees: ORIENTATIONS, response } });
}

const labelOne = (tuning: TuningEntry) => labelLayer({ layer: 'block1_conv1', tuning: [tuning], dead: new Set() }).labels[0]!;

describe('label rules', () => {
  it('an OSI of at least 0.3 names the orientation in degrees; below it, none', () => {
    const at = labelOne(oriented(0, 45, 0.3));
    assert.equal(at.text.en, 'Edge at 45°');
    assert.equal(at.text.ko, '45° 방향 가장자리');
    assert.equal(at.facts[0]!.section, 'orientation');
    const sharp = labelOne(oriented(0, 135.4, 0.8));
    assert.equal(sharp.text.en, 'Sharp edge at 135°');
    const below = labelOne(oriented(0, 45, 0.29));
    assert.ok(!below.facts.some((fact) => fact.kind === 'orientation'), below.text.en);
  });

  it('a filter whose measurements single out nothing says "no clear preference" plainly, in both languages', () => {
    const label = labelOne(entry(0));
    assert.deepEqual(label.facts.map((fact) => fact.kind), ['noPreference']);
    assert.equal(label.text.en, 'No clear preference');
    assert.equal(label.text.ko, '뚜렷한 선호 없음');
  });

  it('an unresponsive filter says so, and nothing else', () => {
    const label = labelOne(entry(0, { responsive: false, maxResponse: 0 }));
    assert.deepEqual(label.facts.map((fact) => fact.kind), ['unresponsive']);
    assert.ok(HANGUL.test(label.text.ko));
  });

  it('a hue preference is named in natural Korean ("파란색을 선호")', () => {
    const label = labelOne(entry(0, { preferredHue: 235, hueSelectivity: 0.8, responseByKind: { luminance: 1, redGreen: 1, blueYellow: 1, hue: 10, midGray: 1 } }));
    assert.equal(label.text.en, 'Prefers blue');
    assert.equal(label.text.ko, '파란색을 선호');
  });

  it('a class is named when it dominates the top examples ("church: 5 of its top 9"), not when it is there by chance', () => {
    const images = Object.keys({ n01440764: 0, n02102040: 0, n02979186: 0, n03000684: 0, n03028079: 0, n03394916: 0, n03417042: 0, n03425413: 0, n03445777: 0, n03888605: 0 }).flatMap((wnid) => Array.from({ length: 10 }, (_, k) => `train/${wnid}/${k}.JPEG`));
    const classes = setClasses(images);
    const top = (folders: string[]): ExampleEntry =>
      ({ layer: 'block1_conv1', index: 0, top: folders.map((folder, k) => ({ image: `train/${folder}/${k}.JPEG` })), bottom: [], stats: { fireRate: 1, meanPostReluMean: 1, maxPercentiles: [] } }) as unknown as ExampleEntry;
    const church = classFact(top(['n03028079', 'n03028079', 'n03028079', 'n03028079', 'n03028079', 'n01440764', 'n02102040', 'n02979186', 'n03000684']), classes);
    assert.deepEqual(church?.fact.text, { en: 'church: 5 of its top 9', ko: '상위 9장 중 5장이 교회' });
    assert.equal(classFact(top(['n03028079', 'n03028079', 'n01440764', 'n02102040', 'n02979186', 'n03000684', 'n03394916', 'n03417042', 'n03425413']), classes), undefined);
    assert.equal(setClasses(['a.png', 'b/c.png']), undefined, 'an image outside a class folder: no classes');
  });

  it('a class that fills the whole layer\'s top examples is not named for each filter; one over-represented beside it is', () => {
    const images = ['noise', 'gratings', 'shapes', 'colour-fields'].flatMap((folder) => Array.from({ length: 40 }, (_, k) => `${folder}/${k}.png`));
    const classes = setClasses(images);
    const top = (folders: string[]): ExampleEntry =>
      ({ layer: 'block2_conv1', index: 0, top: folders.map((folder, k) => ({ image: `${folder}/${k}.png` })), bottom: [], stats: { fireRate: 1, meanPostReluMean: 1, maxPercentiles: [] } }) as unknown as ExampleEntry;
    const allNoise = top(Array.from({ length: 9 }, () => 'noise'));
    const someGratings = top([...Array.from({ length: 4 }, () => 'noise'), ...Array.from({ length: 5 }, () => 'gratings')]);
    // Against the set alone (a quarter each), 9 of 9 noise images is 4× chance.
    assert.deepEqual(classFact(allNoise, classes)?.fact.text.en, 'noise: 9 of its top 9');
    // In a layer where noise holds 90% of every filter's top, it is not this filter's own preference…
    const layer = layerTopShares([...Array.from({ length: 9 }, () => allNoise), someGratings]);
    assert.ok((layer.get('noise') ?? 0) > 0.9);
    assert.equal(classFact(allNoise, classes, layer), undefined);
    // …while 5 gratings, more than twice a quarter and far above the layer's 6%, is.
    assert.deepEqual(classFact(someGratings, classes, layer)?.fact.text, { en: 'gratings: 5 of its top 9', ko: '상위 9장 중 5장이 gratings' });
    // The class most over-represented is named, not the most common: in a set that is mostly noise,
    // 5 noise and 4 gratings of 9 name the gratings (4/9 against an eighth of the set).
    const mostlyNoise = setClasses([...images, ...Array.from({ length: 200 }, (_, k) => `noise/more-${k}.png`)]);
    const mixed = top([...Array.from({ length: 5 }, () => 'noise'), ...Array.from({ length: 4 }, () => 'gratings')]);
    assert.deepEqual(classFact(mixed, mostlyNoise, layer)?.fact.text.en, 'gratings: 4 of its top 9');
  });
});

describe('families', () => {
  /** 4 filters each tuned to 0°, 60° and 120°, with a little per-filter variation. */
  const groups = [0, 60, 120];
  const tuning = groups.flatMap((degrees, g) => Array.from({ length: 4 }, (_, k) => oriented(g * 4 + k, degrees, 0.9, 0.3)));

  it('recover groups of filters tuned alike, with a positive silhouette, a family per group', async () => {
    const result = (await labelAtlas({ tuning, patterns: [] }))!;
    const layer = result.labelsProtocol.layers[0]!;
    assert.equal(layer.similarity, 'tuning-responses');
    assert.equal(layer.clustering.families, 3);
    assert.ok(layer.clustering.silhouette > 0.5, `silhouette ${layer.clustering.silhouette}`);
    assert.deepEqual(layer.clustering.candidates.map((candidate) => candidate.families), [3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const memberSets = result.families.map((family) => [...family.members].sort((a, b) => a - b).join(','));
    assert.deepEqual(memberSets.sort(), ['0,1,2,3', '4,5,6,7', '8,9,10,11']);
    for (const family of result.families) {
      assert.equal(family.share, 0.3333, "a third of the layer, to 4 decimals");
      assert.match(family.id, /^orientation-(0|45|135|90)-f\d+$/);
      assert.ok(HANGUL.test(family.name.ko) && HANGUL.test(family.description.ko));
    }
  });

  it('give the same ids whatever order the entries come in', async () => {
    const forward = (await labelAtlas({ tuning, patterns: [] }))!;
    const shuffled = (await labelAtlas({ tuning: [...tuning].reverse().sort((a, b) => (a.index * 7) % 5 - (b.index * 7) % 5), patterns: [] }))!;
    assert.deepEqual(shuffled.families, forward.families);
    assert.deepEqual(shuffled.labels, forward.labels);
  });

  it('Ward cuts and silhouette: two far blobs are two clusters, scoring near 1', () => {
    const points = [0, 0.1, 0.2, 10, 10.1, 10.2];
    const n = points.length;
    const squared = new Float64Array(n * n);
    const distance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (squared[i * n + j] = (points[i]! - points[j]!) ** 2), (distance[i * n + j] = Math.abs(points[i]! - points[j]!));
    const cut = wardCuts(squared, n, [2]).get(2)!;
    assert.deepEqual([...cut], [0, 0, 0, 1, 1, 1]);
    assert.ok(meanSilhouette(distance, n, cut) > 0.95);
    assert.ok(meanSilhouette(distance, n, Int32Array.from([0, 1, 0, 1, 0, 1])) < 0, 'a wrong split scores below 0');
  });
});

describe('per-image maxima', () => {
  const whole: ImageMaxima = { layer: 'block1_conv1', filterCount: 2, images: ['a/1.png', 'a/2.png', 'b/3.png'], values: Float32Array.from([1, -2, 3.5, 4, -5, 6]) };

  it('round-trip through their file, and a truncated file reads as none', () => {
    const bytes = encodeMaxima(whole);
    assert.deepEqual(decodeMaxima(bytes), whole);
    assert.equal(decodeMaxima(bytes.subarray(0, bytes.length - 1)), undefined);
  });

  it('merge shards in image order, whatever order the parts come in', () => {
    const part = (rows: number[]): ImageMaxima => ({ ...whole, images: rows.map((r) => whole.images[r]!), values: Float32Array.from(rows.flatMap((r) => [...whole.values.subarray(r * 2, r * 2 + 2)])) });
    assert.deepEqual(mergeMaxima([part([2]), part([1, 0])]), whole);
    assert.throws(() => mergeMaxima([part([0]), part([0, 1])]), /two parts/);
  });
});

describe('family descriptions', () => {
  const finding = (trait: Trait): Finding => ({ fact: { kind: 'brightness', section: 'lightness', value: null, text: { en: 'x', ko: 'x' } }, trait });
  const yellow = hueTrait('yellow', { en: 'yellow', ko: '노란색' });

  it('agree in number: one filter "prefers", one of several "prefers", several "prefer"', () => {
    const alone = liveFamilyWords([[finding(yellow), finding(BRIGHT_TRAIT)]], [[finding(yellow), finding(BRIGHT_TRAIT)], []], 3);
    assert.equal(alone.description.en, 'Its one filter prefers bright areas and prefers yellow.');
    assert.equal(alone.description.ko, '이 필터는 밝은 영역을 선호하고, 노란색을 선호합니다.');
    const pair = liveFamilyWords([[finding(yellow), finding(BRIGHT_TRAIT)], [finding(yellow)]], [[finding(yellow), finding(BRIGHT_TRAIT)], [finding(yellow)], [], []], 0);
    assert.equal(pair.description.en, 'Of its 2 filters, 2 prefer yellow and 1 prefers bright areas.');
    assert.equal(pair.description.ko, '필터 2개 중 2개는 노란색을 선호하고, 1개는 밝은 영역을 선호합니다.');
  });
});
