/**
 * TEST FIXTURE, not the labelling pipeline: writes contract-valid `labelsProtocol`, `labels` and
 * `families` (src/atlas/labels/contract.ts) into a copy of the fixture manifest, so the site's
 * labels, similar filters and families pages can be built and tested before the real pipeline
 * lands. Every word is true of the fixture: each fact is read from the filter's own tuning entry
 * (orientation with OSI ≥ 0.3, hue, brightness) or examples entry (fire rate), the neighbours are
 * the Pearson correlations of the tuning response vectors, and a filter's family is its first
 * fact's kind. The lead replaces this with the real pipeline's output at merge.
 */
import type { Family, FilterLabel, LabelFact, LabelsProtocol, Manifest, TuningEntry } from '../../../src/atlas/manifest.ts';
import { LABELS_VERSION } from '../../../src/atlas/labels/contract.ts';

const OSI_THRESHOLD = 0.3;
const HUE_SELECTIVITY = 0.8;

function fact(kind: LabelFact['kind'], section: LabelFact['section'], value: number | null, en: string, ko: string): LabelFact {
  return { kind, section, value, text: { en, ko } };
}

function round(value: number): number {
  return Math.round(value);
}

/** The facts the fixture can honestly say of one filter, most telling first. */
export function fixtureFacts(manifest: Manifest, tuning: TuningEntry | undefined, layer: string, index: number): LabelFact[] {
  const filter = manifest.filters.find((candidate) => candidate.layer === layer && candidate.index === index);
  if (!tuning?.responsive) {
    return filter?.status === 'dead'
      ? [fact('dead', 'pattern', null, 'silent: no stimulus and no ascent moves it', '무반응: 어떤 자극에도, 경사 상승에도 반응하지 않음')]
      : [fact('unresponsive', 'orientation', null, 'responds to no test stimulus', '어떤 시험 자극에도 반응하지 않음')];
  }
  const facts: LabelFact[] = [];
  const osi = tuning.orientationSelectivity ?? 0;
  if (tuning.preferredOrientation !== null && osi >= OSI_THRESHOLD) {
    const degrees = round(tuning.preferredOrientation);
    facts.push(fact('orientation', 'orientation', degrees, `edge at ${degrees}°`, `${degrees}° 방향의 경계`));
  }
  if (tuning.preferredHue !== null && (tuning.hueSelectivity ?? 0) >= HUE_SELECTIVITY) {
    const hue = round(tuning.preferredHue);
    facts.push(fact('hue', 'hue', hue, `hue ${hue}°`, `색상 ${hue}°`));
  }
  const lightness = tuning.lightnessCurve.response;
  const brightest = lightness.at(-1) ?? 0;
  if (brightest > 0 && brightest > 2 * (lightness[0] ?? 0)) {
    facts.push(fact('brightness', 'lightness', null, 'stronger on light gray', '밝은 회색일수록 강하게 반응'));
  }
  const examples = manifest.examples?.find((entry) => entry.layer === layer && entry.index === index);
  if (examples && manifest.examplesProtocol) {
    const percent = round(examples.stats.fireRate * 100);
    facts.push(fact('fireRate', 'examples-stats', examples.stats.fireRate, `fires on ${percent}% of the images`, `이미지의 ${percent}%에서 반응`));
  }
  return facts.length > 0 ? facts : [fact('noPreference', 'orientation', null, 'no clear preference', '뚜렷한 선호 없음')];
}

/** The tuning response vector the fixture compares filters by. */
function responseVector(entry: TuningEntry | undefined): number[] {
  if (!entry) return [];
  return [...entry.frequencyCurve.response, ...(entry.orientationCurve?.response ?? []), ...entry.hueCurve.response, ...entry.lightnessCurve.response];
}

function pearson(a: readonly number[], b: readonly number[]): number | undefined {
  if (a.length === 0 || a.length !== b.length) return undefined;
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((value, k) => {
    const x = value - ma;
    const y = (b[k] ?? 0) - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  });
  if (aa === 0 || bb === 0) return undefined;
  return Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb)));
}

const FAMILY_WORDS: Readonly<Record<string, { name: Family['name']; description: Family['description'] }>> = {
  orientation: {
    name: { en: 'Oriented edges', ko: '방향이 있는 경계' },
    description: { en: 'Each responds most to a grating at one orientation (OSI at least 0.3).', ko: '모두 한 방향의 줄무늬에 가장 강하게 반응합니다(OSI 0.3 이상).' },
  },
  hue: {
    name: { en: 'One hue', ko: '한 가지 색상' },
    description: { en: 'Each prefers one hue of the colour patches and no orientation.', ko: '방향은 가리지 않고 색 패치 가운데 한 색상을 좋아합니다.' },
  },
  brightness: {
    name: { en: 'Light gray', ko: '밝은 회색' },
    description: { en: 'Each responds more to light gray than to dark gray, and singles out nothing else.', ko: '어두운 회색보다 밝은 회색에 더 강하게 반응하고, 그 밖에 두드러진 점은 없습니다.' },
  },
  fireRate: {
    name: { en: 'Widely firing', ko: '널리 반응' },
    description: { en: 'No tuning figure singles them out; they fire on many of the example images.', ko: '튜닝 수치로는 두드러진 점이 없고, 예시 이미지 여럿에서 반응합니다.' },
  },
  silent: {
    name: { en: 'Silent', ko: '무반응' },
    description: { en: 'No stimulus and no example image makes them respond.', ko: '어떤 자극이나 예시 이미지에도 반응하지 않습니다.' },
  },
};

function familyKey(label: LabelFact[]): string {
  const kind = label[0]?.kind ?? 'noPreference';
  return kind in FAMILY_WORDS ? kind : 'silent';
}

/** Mean silhouette of a grouping under the distance 1 − r (0 for a one-member family, as usual). */
function silhouette(groups: ReadonlyMap<string, number[]>, distance: (a: number, b: number) => number): number {
  const scores: number[] = [];
  for (const [key, members] of groups) {
    for (const member of members) {
      if (members.length < 2) {
        scores.push(0);
        continue;
      }
      const within = members.filter((other) => other !== member).reduce((sum, other) => sum + distance(member, other), 0) / (members.length - 1);
      const nearest = Math.min(
        ...[...groups].filter(([other]) => other !== key).map(([, others]) => others.reduce((sum, other) => sum + distance(member, other), 0) / others.length),
      );
      scores.push(Number.isFinite(nearest) ? (nearest - within) / Math.max(nearest, within) : 0);
    }
  }
  return scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

/** The fixture manifest with test-fixture labels, families and similar filters for every rendered filter. */
export function withFixtureLabels(manifest: Manifest): Manifest {
  const tuningOf = (layer: string, index: number) => manifest.tuning?.find((entry) => entry.layer === layer && entry.index === index);
  const labels: FilterLabel[] = [];
  const families: Family[] = [];
  const layers: LabelsProtocol['layers'] = [];
  for (const layer of manifest.layers) {
    const indices = [...new Set(manifest.filters.filter((filter) => filter.layer === layer.name).map((filter) => filter.index))].sort((a, b) => a - b);
    if (indices.length === 0) continue;
    const vectors = new Map(indices.map((index) => [index, responseVector(tuningOf(layer.name, index))]));
    const score = (a: number, b: number) => pearson(vectors.get(a) ?? [], vectors.get(b) ?? []);
    const distance = (a: number, b: number) => 1 - (score(a, b) ?? 0);
    const factsOf = new Map(indices.map((index) => [index, fixtureFacts(manifest, tuningOf(layer.name, index), layer.name, index)]));
    const groups = new Map<string, number[]>();
    for (const index of indices) {
      const key = familyKey(factsOf.get(index) ?? []);
      groups.set(key, [...(groups.get(key) ?? []), index]);
    }
    // Most typical first: the smallest mean distance to the rest of the family.
    const typicality = (members: number[], index: number) => members.reduce((sum, other) => sum + distance(index, other), 0);
    const ordered = [...groups].sort(([, a], [, b]) => b.length - a.length);
    for (const [key, members] of ordered) {
      const words = FAMILY_WORDS[key] ?? FAMILY_WORDS.silent!;
      families.push({
        layer: layer.name,
        id: key.toLowerCase(),
        ...words,
        members: [...members].sort((a, b) => typicality(members, a) - typicality(members, b) || a - b),
        share: members.length / indices.length,
      });
    }
    for (const index of indices) {
      const facts = factsOf.get(index) ?? [];
      const similar = indices
        .filter((other) => other !== index)
        .flatMap((other) => {
          const r = score(index, other);
          return r === undefined ? [] : [{ index: other, score: Number(r.toFixed(4)) }];
        })
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, 6);
      labels.push({
        layer: layer.name,
        index,
        text: { en: facts.map((one) => one.text.en).join(', '), ko: facts.map((one) => one.text.ko).join(', ') },
        facts,
        family: familyKey(facts).toLowerCase(),
        similar,
      });
    }
    const value = silhouette(groups, distance);
    layers.push({
      layer: layer.name,
      similarity: 'tuning-responses',
      clustering: {
        method: 'test fixture: grouped by each filter’s first fact',
        features: 'tuning response vectors (frequency, orientation, hue and lightness curves)',
        candidates: [{ families: groups.size, silhouette: value }],
        families: groups.size,
        silhouette: value,
      },
    });
  }
  return { ...manifest, labelsProtocol: { version: LABELS_VERSION, orientationSelectivityThreshold: OSI_THRESHOLD, layers }, labels, families };
}
