import type { ExampleEntry } from '../../engine/examples/example-entry.ts';
import { filterMaxima, type ImageMaxima } from '../../engine/examples/maxima.ts';
import type { TuningEntry } from '../../engine/tuning/tuning-entry.ts';
import type { Family, FilterLabel, LabelsLayer, SimilarityBasis } from './contract.ts';
import { correlationMatrix, nearest, standardize, varies } from './correlation.ts';
import { classFact, fireRateFact, sparsityFact } from './example-facts.ts';
import { families } from './families.ts';
import { DEAD, UNRESPONSIVE, labelFacts, labelText } from './text.ts';
import { SIMILAR_COUNT } from './thresholds.ts';
import type { Finding } from './traits.ts';
import { tuningFacts } from './tuning-facts.ts';

/** What one layer's labels are made from: its filters' tuning, and its examples when the atlas has them. */
export interface LayerEvidence {
  readonly layer: string;
  /** One per labelled filter, by index. */
  readonly tuning: readonly TuningEntry[];
  /** By index, the same filters as `tuning`, when the atlas has examples. */
  readonly examples?: readonly ExampleEntry[] | undefined;
  /** The layer's per-image maxima over the example set. */
  readonly maxima?: ImageMaxima | undefined;
  /** Filters whose every pattern has status dead. */
  readonly dead: ReadonlySet<number>;
  /** Images per class folder, when the set has classes. */
  readonly classes?: ReadonlyMap<string, number> | undefined;
}

export interface LayerLabels {
  readonly labels: FilterLabel[];
  readonly families: Family[];
  readonly protocol: LabelsLayer;
}

/**
 * The tuning response vector the families and (without examples) the neighbours are measured on:
 * the frequency, orientation, hue and lightness curves and the largest response per stimulus family.
 */
export function tuningVector(entry: TuningEntry, orientationBins: number): number[] {
  const { luminance, redGreen, blueYellow, hue, midGray } = entry.responseByKind;
  return [
    ...entry.frequencyCurve.response,
    ...(entry.orientationCurve?.response ?? new Array<number>(orientationBins).fill(0)),
    ...entry.hueCurve.response,
    ...entry.lightnessCurve.response,
    luminance,
    redGreen,
    blueYellow,
    hue,
    midGray,
  ];
}

function findingsOf(entry: TuningEntry, example: ExampleEntry | undefined, maxima: Float32Array | undefined, evidence: LayerEvidence): Finding[] {
  const dead = evidence.dead.has(entry.index) ? [{ fact: DEAD }] : [];
  const unresponsive = !entry.responsive && (example === undefined || example.stats.fireRate === 0);
  if (unresponsive) return [{ fact: UNRESPONSIVE }, ...dead];
  const fromExamples = example ? [classFact(example, evidence.classes), fireRateFact(example), sparsityFact(maxima)] : [];
  return [...tuningFacts(entry), ...fromExamples.filter((finding) => finding !== undefined), ...dead];
}

/** Labels, families and neighbours of one layer's filters. */
export function labelLayer(evidence: LayerEvidence): LayerLabels {
  const { layer, tuning, examples } = evidence;
  const indices = tuning.map((entry) => entry.index);
  const orientationBins = Math.max(0, ...tuning.map((entry) => entry.orientationCurve?.degrees.length ?? 0));
  const columns = evidence.maxima && evidence.maxima.images.length >= 3 ? indices.map((index) => filterMaxima(evidence.maxima!, index)) : undefined;
  const findings = tuning.map((entry, i) => findingsOf(entry, examples?.[i], columns?.[i], evidence));

  const tuningRows = standardize(tuning.map((entry) => tuningVector(entry, orientationBins)));
  const tuningMatrix = correlationMatrix(tuningRows);
  const maximaRows = columns && standardize(columns);
  const maximaMatrix = maximaRows && correlationMatrix(maximaRows);
  const similarity: SimilarityBasis = maximaMatrix ? 'examples-maxima' : 'tuning-responses';
  const basis = maximaMatrix ?? tuningMatrix;
  const basisLive = (maximaRows ?? tuningRows).map(varies);

  // A dead ascent alone does not make a filter silent: many such filters still answer to stimuli and images.
  const silent = findings.map((list, i) => list.some(({ fact }) => fact.kind === 'unresponsive') || !(varies(tuningRows[i]!) || (maximaRows !== undefined && varies(maximaRows[i]!))));
  const grouped = families({ layer, indices, findings, silent, matrices: maximaMatrix ? [tuningMatrix, maximaMatrix] : [tuningMatrix] });
  const familyOf = new Map(grouped.families.flatMap((family) => family.members.map((index) => [index, family.id] as const)));

  const labels = tuning.map((entry, i): FilterLabel => {
    const facts = labelFacts(findings[i]!.map(({ fact }) => fact));
    return { layer, index: entry.index, text: labelText(facts), facts, family: familyOf.get(entry.index)!, similar: nearest(basis, indices, basisLive, i, SIMILAR_COUNT) };
  });
  return {
    labels,
    families: grouped.families,
    protocol: {
      layer,
      similarity,
      clustering: {
        method: 'agglomerative, Ward linkage on the Euclidean distance between unit profiles; the family count with the highest mean silhouette',
        features: maximaMatrix
          ? 'each filter’s tuning response vector and its per-image pre-ReLU maxima over the example set, each centred and scaled to unit length, concatenated with equal weight'
          : 'each filter’s tuning response vector (frequency, orientation, hue and lightness curves, largest response per stimulus family), centred and scaled to unit length',
        candidates: grouped.candidates,
        families: grouped.families.length,
        silhouette: grouped.silhouette,
      },
    },
  };
}
