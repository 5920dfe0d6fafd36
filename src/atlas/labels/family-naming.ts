import type { Localized } from './contract.ts';
import type { Finding, Trait } from './traits.ts';
import { FAMILY_TRAIT_SHARE_MIN } from './thresholds.ts';

/**
 * A family's name, description and id from the traits its members share: it is named after the
 * traits at least FAMILY_TRAIT_SHARE_MIN of its members have.
 */

function traitCounts(findings: readonly (readonly Finding[])[]): Map<string, { trait: Trait; count: number }> {
  const counts = new Map<string, { trait: Trait; count: number }>();
  for (const list of findings) {
    const seen = new Set<string>();
    for (const { trait } of list) {
      if (!trait || seen.has(trait.key)) continue;
      seen.add(trait.key);
      const entry = counts.get(trait.key) ?? { trait, count: 0 };
      entry.count++;
      counts.set(trait.key, entry);
    }
  }
  return counts;
}

/**
 * The traits at least FAMILY_TRAIT_SHARE_MIN of the members have, with their counts: the ones that
 * set the family apart first (its share of members over the layer's share), then the most shared,
 * then by key. A trait nearly the whole layer has (say every filter's top examples are noise) so
 * comes after the family's own.
 */
export function sharedTraits(memberFindings: readonly (readonly Finding[])[], layerFindings: readonly (readonly Finding[])[]): { trait: Trait; count: number }[] {
  const layer = traitCounts(layerFindings);
  const n = memberFindings.length;
  const lift = (key: string, count: number): number => count / n / ((layer.get(key)?.count ?? count) / Math.max(1, layerFindings.length));
  return [...traitCounts(memberFindings).values()]
    .filter(({ count }) => count >= FAMILY_TRAIT_SHARE_MIN * n)
    .sort((a, b) => lift(b.trait.key, b.count) - lift(a.trait.key, a.count) || b.count - a.count || (a.trait.key < b.trait.key ? -1 : 1));
}

export interface FamilyWords {
  readonly id: string;
  readonly name: Localized;
  readonly description: Localized;
}

/** A live family's words: named after its two most shared traits, its id their slug and its most typical member. */
export function liveFamilyWords(memberFindings: readonly (readonly Finding[])[], layerFindings: readonly (readonly Finding[])[], typical: number): FamilyWords {
  const shared = sharedTraits(memberFindings, layerFindings);
  const n = memberFindings.length;
  const id = `${shared[0]?.trait.key ?? 'mixed'}-f${typical}`;
  if (shared.length === 0) {
    return {
      id,
      name: { en: 'Mixed responses', ko: '공통 선호 없음' },
      description: {
        en: `No measured preference is held by at least half of its ${n} filters; they were grouped because their responses vary alike.`,
        ko: `필터 ${n}개 중 절반 이상이 공유하는 측정된 선호는 없으며, 반응이 비슷하게 변해 한 묶음이 되었습니다.`,
      },
    };
  }
  const named = shared.slice(0, 2).map(({ trait }) => trait.name);
  const clauses = shared.slice(0, 3);
  const name = { en: named.map((words, k) => (k === 0 ? words.en : words.en.toLowerCase())).join(', '), ko: named.map((words) => words.ko).join(', ') };
  const koJoined = clauses.map(({ trait }, k) => `${trait.clause.ko}${k === clauses.length - 1 ? '합니다' : '하고'}`);
  if (n === 1) {
    return { id, name, description: { en: `Its one filter ${listed(clauses.map(({ trait }) => singular(trait.clause.en)))}.`, ko: `이 필터는 ${koJoined.join(', ')}.` } };
  }
  const en = clauses.map(({ trait, count }) => (count === 1 ? `1 ${singular(trait.clause.en)}` : `${count} ${trait.clause.en}`));
  const ko = clauses.map(({ count }, k) => `${count}개는 ${koJoined[k]!}`);
  return { id, name, description: { en: `Of its ${n} filters, ${listed(en)}.`, ko: `필터 ${n}개 중 ${ko.join(', ')}.` } };
}

/** "a", "a and b", "a, b and c". */
function listed(parts: readonly string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}` : parts[0]!;
}

/** A clause's leading verb for one filter: every trait's English clause starts with a regular verb ("prefer", "respond", "fire"). */
function singular(clause: string): string {
  return clause.replace(/^(\w+)/, '$1s');
}

export const SILENT_FAMILY_ID = 'silent';

export function silentFamilyWords(count: number): FamilyWords {
  return {
    id: SILENT_FAMILY_ID,
    name: { en: 'Silent filters', ko: '반응하지 않는 필터' },
    description: {
      en: `${count === 1 ? 'This filter responds' : `These ${count} filters respond`} to no tuning stimulus and no example image.`,
      ko: `${count === 1 ? '이 필터는' : `이 필터 ${count}개는`} 어떤 튜닝 자극이나 예시 이미지에도 반응하지 않습니다.`,
    },
  };
}
