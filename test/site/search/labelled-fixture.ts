/**
 * Labels and families for the fixture atlas, in the manifest contract's shape (src/atlas/labels/contract.ts),
 * so the search tests can look a filter up by a word of its label before the labelling step (issue 25)
 * writes real ones. The words are chosen to appear nowhere else in the site: a hit can only come from
 * the label.
 */
import type { Manifest } from '../../../src/atlas/manifest.ts';

/** The labelled filter and the words only its label holds. */
export const LABELLED = { layer: 'block1_conv1', index: 3, en: 'chequerboard', ko: '바둑판' } as const;
export const FAMILY_NAMES = { en: 'Test patterns', ko: '시험 무늬' } as const;

export function withTestLabels(manifest: Manifest): Manifest {
  const layers = [...new Set(manifest.filters.map((filter) => filter.layer))];
  const indices = (layer: string) => [...new Set(manifest.filters.filter((filter) => filter.layer === layer).map((filter) => filter.index))].sort((a, b) => a - b);
  const familyId = (layer: string) => `${layer.replace(/_/g, '-')}-test`;
  const labels = layers.flatMap((layer) =>
    indices(layer).map((index) => {
      const special = layer === LABELLED.layer && index === LABELLED.index;
      return {
        layer,
        index,
        text: special ? { en: `${LABELLED.en} edges`, ko: `${LABELLED.ko} 무늬` } : { en: 'no clear preference', ko: '뚜렷한 선호 없음' },
        facts: [],
        family: familyId(layer),
        similar: [],
      };
    }),
  );
  const families = layers.map((layer) => ({
    layer,
    id: familyId(layer),
    name: FAMILY_NAMES,
    description: { en: 'Every filter of the test layer.', ko: '시험 층의 모든 필터.' },
    members: indices(layer),
    share: 1,
  }));
  const clustering = { method: 'test', features: 'none', candidates: [{ families: 1, silhouette: 0 }], families: 1, silhouette: 0 };
  const labelsProtocol = {
    version: 1 as const,
    orientationSelectivityThreshold: 0.3,
    layers: layers.map((layer) => ({ layer, similarity: 'tuning-responses' as const, clustering })),
  };
  return { ...manifest, labels, families, labelsProtocol };
}
