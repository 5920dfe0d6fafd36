/**
 * The labels' and families' short texts, in both languages (the longer prose is
 * content/<locale>/labels.md). The labels and family names themselves come from the manifest, or
 * from a person's notes in content/families/ (see notes.ts).
 */
import type { SimilarityBasis } from '../../atlas/labels/contract.ts';
import type { Locale } from '../i18n.ts';

export interface LabelStrings {
  // the filter page
  readonly labelPrefix: string;
  readonly measuredAt: string;
  readonly familyPrefix: string;
  readonly howMade: string;
  readonly description: (label: string, layer: string, index: number) => string;
  /** The filter card's alt text, with the English label the card shows. */
  readonly cardAlt: (alt: string, englishLabel: string) => string;
  readonly similarHeading: string;
  readonly similarBasis: Readonly<Record<SimilarityBasis, (images: number | undefined) => string>>;
  readonly similarNone: string;
  readonly similarAlt: (layer: string, index: number, score: string, method: string | undefined) => string;
  readonly score: (score: string) => string;
  // the families page
  readonly viewLabel: string;
  readonly viewNote: string;
  /** The layer switch's name when it has the families tab. */
  readonly switchLabel: string;
  readonly title: (layer: string) => string;
  readonly lead: (families: number, filters: number) => string;
  readonly drawnBy: string;
  readonly share: (share: number, members: number) => string;
  readonly named: string;
  readonly generatedName: (name: string) => string;
  readonly comment: string;
  readonly memberAlt: (layer: string, index: number, label: string | undefined, method: string | undefined) => string;
  readonly summaryHeading: string;
  readonly summary: (families: number, silhouette: string, candidates: string) => string;
  readonly clusteredOn: string;
  readonly neighboursBy: (basis: SimilarityBasis) => string;
  /** What the similar filters compare, as a short phrase. */
  readonly basis: Readonly<Record<SimilarityBasis, string>>;
  readonly readMore: string;
  readonly allFilters: (layer: string) => string;
  // the /labels/ page
  readonly pageTitle: string;
  readonly pageDescription: string;
  readonly protocolHeading: string;
  readonly threshold: string;
  readonly layerColumn: string;
  readonly familiesColumn: string;
  readonly silhouetteColumn: string;
  readonly basisColumn: string;
  readonly familiesLink: (layer: string) => string;
}

function percent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share);
}

/** A correlation or silhouette with two decimals and a real minus sign: "0.71", "−0.12". */
export function formatScore(value: number): string {
  const text = Math.abs(value).toFixed(2);
  return value < 0 && text !== '0.00' ? `−${text}` : text;
}

const enBasis: Readonly<Record<SimilarityBasis, string>> = {
  'examples-maxima': 'each image’s highest pre-ReLU value over the example set',
  'tuning-responses': 'the responses to the tuning stimuli',
};
const koBasis: Readonly<Record<SimilarityBasis, string>> = {
  'examples-maxima': '예시 이미지마다의 ReLU 이전 최댓값',
  'tuning-responses': '튜닝 자극에 대한 반응',
};

const en: LabelStrings = {
  labelPrefix: 'Measured:',
  measuredAt: 'where measured:',
  familyPrefix: 'Family:',
  howMade: 'How labels are made',
  description: (label, layer, index) => `Filter ${index} of ${layer}: ${label}.`,
  cardAlt: (alt, englishLabel) => `${alt}, and its measured label: ${englishLabel}`,
  similarHeading: 'Similar filters',
  similarBasis: {
    'examples-maxima': (images) =>
      `The filters of this layer whose responses rise and fall most like this one’s, by the Pearson correlation (r) of each filter’s highest pre-ReLU value per image, over the ${images === undefined ? '' : `${images.toLocaleString('en')} `}images of the example set.`,
    'tuning-responses': () =>
      'The filters of this layer whose responses rise and fall most like this one’s, by the Pearson correlation (r) of their responses to the tuning stimuli (gratings and colour patches).',
  },
  similarNone: 'No other filter of this layer could be compared with this one: its responses do not vary.',
  similarAlt: (layer, index, score, method) => `${method ? `${method} pattern of filter` : 'Filter'} ${index} in ${layer}, correlation ${score}`,
  score: (score) => `r ${score}`,
  viewLabel: 'Families',
  viewNote: 'grouped by measurement',
  switchLabel: 'Patterns by method, dataset examples and families',
  title: (layer) => `${layer}: families of filters`,
  lead: (families, filters) => `${filters} filters in ${families} ${families === 1 ? 'family' : 'families'}`,
  drawnBy: 'Drawn by',
  share: (share, members) => `${percent(share, 'en')} of the layer · ${members} ${members === 1 ? 'filter' : 'filters'}`,
  named: 'Named by hand.',
  generatedName: (name) => `The generated name was “${name}”.`,
  comment: 'Comment',
  memberAlt: (layer, index, label, method) => `${method ? `${method} pattern of filter` : 'Filter'} ${index} in ${layer}${label ? `: ${label}` : ''}`,
  summaryHeading: 'How these families were found',
  summary: (families, silhouette, candidates) =>
    `${families} ${families === 1 ? 'family' : 'families'}, the count with the highest mean silhouette (${silhouette}) among those tried (${candidates}).`,
  clusteredOn: 'Clustering, as recorded:',
  neighboursBy: (basis) => `Similar filters compare ${enBasis[basis]}.`,
  basis: enBasis,
  readMore: 'How labels and families are made, and what they cannot claim',
  allFilters: (layer) => `All filters of ${layer}`,
  pageTitle: 'Labels and families',
  pageDescription: 'How the atlas words what each filter does and groups each layer into families, from its measurements only, and what those words cannot claim.',
  protocolHeading: 'In this atlas',
  threshold: 'Orientation named from an OSI of',
  layerColumn: 'Layer',
  familiesColumn: 'Families',
  silhouetteColumn: 'Mean silhouette',
  basisColumn: 'Similar filters by',
  familiesLink: (layer) => `Families of ${layer}`,
};

const ko: LabelStrings = {
  labelPrefix: '측정 결과:',
  measuredAt: '측정한 곳:',
  familyPrefix: '계열:',
  howMade: '이름표를 만드는 방법',
  description: (label, layer, index) => `${layer} ${index}번 필터: ${label}.`,
  cardAlt: (alt, englishLabel) => `${alt}. 측정한 이름표를 영어로 적음: ${englishLabel}`,
  similarHeading: '비슷한 필터',
  similarBasis: {
    'examples-maxima': (images) =>
      `이 층에서 반응의 오르내림이 이 필터와 가장 닮은 필터들입니다. 예시 이미지${images === undefined ? '' : ` ${images.toLocaleString('ko')}장`} 각각에서 구한 ReLU 이전 최댓값의 피어슨 상관(r)으로 비교했습니다.`,
    'tuning-responses': () =>
      '이 층에서 반응의 오르내림이 이 필터와 가장 닮은 필터들입니다. 튜닝 자극(줄무늬와 색 패치)에 대한 반응의 피어슨 상관(r)으로 비교했습니다.',
  },
  similarNone: '이 필터는 반응이 변하지 않아 이 층의 다른 필터와 비교할 수 없습니다.',
  similarAlt: (layer, index, score, method) => `${layer} ${index}번 필터${method ? `의 ${method} 패턴` : ''}, 상관 ${score}`,
  score: (score) => `r ${score}`,
  viewLabel: '필터 계열',
  viewNote: '측정으로 묶음',
  switchLabel: '방법별 패턴, 데이터셋 예시, 필터 계열',
  title: (layer) => `${layer}의 필터 계열`,
  lead: (families, filters) => `필터 ${filters}개, ${families}개 계열`,
  drawnBy: '패턴:',
  share: (share, members) => `층의 ${percent(share, 'ko')} · 필터 ${members}개`,
  named: '사람이 붙인 이름입니다.',
  generatedName: (name) => `자동으로 만든 이름은 ‘${name}’입니다.`,
  comment: '덧붙이는 말',
  memberAlt: (layer, index, label, method) => `${layer} ${index}번 필터${method ? `의 ${method} 패턴` : ''}${label ? `: ${label}` : ''}`,
  summaryHeading: '계열을 나눈 방법',
  summary: (families, silhouette, candidates) => `시도한 계열 수(${candidates}) 가운데 평균 실루엣 점수(${silhouette})가 가장 높은 ${families}개를 골랐습니다.`,
  clusteredOn: '기록된 군집화 방법(영어):',
  neighboursBy: (basis) => `비슷한 필터는 ${koBasis[basis]}으로 비교했습니다.`,
  basis: koBasis,
  readMore: '이름표와 계열을 만드는 방법, 그리고 그 한계',
  allFilters: (layer) => `${layer}의 모든 필터`,
  pageTitle: '이름표와 필터 계열',
  pageDescription: '아틀라스가 측정한 값만으로 필터마다 하는 일을 말로 적고, 층마다 필터를 계열로 묶는 방법과 그 말이 주장할 수 없는 것.',
  protocolHeading: '이 아틀라스에서는',
  threshold: '방향을 이름에 넣는 OSI 기준',
  layerColumn: '층',
  familiesColumn: '계열 수',
  silhouetteColumn: '평균 실루엣',
  basisColumn: '비슷한 필터 비교 기준',
  familiesLink: (layer) => `${layer}의 필터 계열`,
};

const STRINGS: Readonly<Record<Locale, LabelStrings>> = { en, ko };

export function labelStrings(locale: Locale): LabelStrings {
  return STRINGS[locale];
}
