/**
 * The Connections section's texts, in both languages (the longer explanation is the methods page's
 * "Connections" part, content/<locale>/methods.md). Kept apart from i18n.ts, as tuning's are.
 */
import type { Locale } from '../i18n.ts';
import type { KernelFacts, Region } from './kernel-image.ts';

export interface ConnectionsStrings {
  readonly heading: string;
  readonly intro: string;
  readonly howToRead: string;
  /** The id of the methods page's Connections heading (Astro makes it from the heading's text). */
  readonly methodsAnchor: string;
  readonly inputsHeading: (layer: string) => string;
  readonly inputsNote: string;
  readonly outputsHeading: (layer: string) => string;
  readonly outputsNote: string;
  readonly noOutputs: (layer: string) => string;
  readonly ownKernelHeading: string;
  readonly ownKernelNote: string;
  readonly channels: readonly [string, string, string];
  readonly rgbCaption: string;
  readonly rgbAlt: (filter: string) => string;
  readonly legend: string;
  readonly units: string;
  readonly strength: string;
  readonly sum: string;
  readonly notRendered: string;
  readonly filterLabel: (index: number) => string;
  readonly thumbsBy: string;
  readonly kernelAlt: (from: string, to: string, side: number, facts: KernelFacts) => string;
  readonly valuesCaption: string;
  readonly row: string;
}

const EN_REGIONS: Readonly<Record<Region, string>> = {
  'top-left': 'top left', top: 'top', 'top-right': 'top right', left: 'left', centre: 'centre', right: 'right',
  'bottom-left': 'bottom left', bottom: 'bottom', 'bottom-right': 'bottom right',
};
const KO_REGIONS: Readonly<Record<Region, string>> = {
  'top-left': '왼쪽 위', top: '위', 'top-right': '오른쪽 위', left: '왼쪽', centre: '가운데', right: '오른쪽',
  'bottom-left': '왼쪽 아래', bottom: '아래', 'bottom-right': '오른쪽 아래',
};

export function formatWeight(value: number): string {
  const digits = Math.abs(value) >= 1 ? 2 : 3;
  return Number(value.toPrecision(digits)).toString().replace('-', '−');
}

const EN: ConnectionsStrings = {
  heading: 'Connections',
  intro:
    'Which filters of the layer below build this one, and which filters above it feeds, read from the weights alone. ' +
    'Each kernel is an expanded weight: how a filter below adds to this one at each spot of its field, with every ReLU taken as a straight line and every max pool as an average. Red adds, blue takes away.',
  howToRead: 'How to read these kernels, and what they hide',
  methodsAnchor: 'connections-expanded-weights',
  inputsHeading: (layer) => `Inputs from ${layer}`,
  inputsNote: 'The 8 strongest, strongest first; strength is the size (L2 norm) of the kernel, the net sum its overall sign.',
  outputsHeading: (layer) => `Outputs to ${layer}`,
  outputsNote: 'The 8 filters above that this one feeds most strongly; each kernel is how this filter adds to that one.',
  noOutputs: (layer) => `${layer} is the last layer of this atlas, so it has no outputs within it.`,
  ownKernelHeading: 'Its own kernel',
  ownKernelNote: 'This layer sees the image itself, so there is no layer below: here is its 3×3 kernel on each colour channel, and all three as one colour picture.',
  channels: ['red', 'green', 'blue'],
  rgbCaption: 'all three: mid grey is 0',
  rgbAlt: (filter) => `${filter}'s 3×3 kernel as one colour picture, mid grey for 0; its values are in the table below`,
  legend: 'Colour scale of these kernels',
  units: 'weight per unit of a 0–255 channel value',
  strength: 'strength',
  sum: 'net sum',
  notRendered: 'not rendered in this atlas',
  filterLabel: (index) => `filter ${index}`,
  thumbsBy: 'Thumbnails by',
  kernelAlt: (from, to, side, facts) => {
    const where = [
      facts.positive && `red (adds) mostly ${EN_REGIONS[facts.positive]}`,
      facts.negative && `blue (takes away) mostly ${EN_REGIONS[facts.negative]}`,
    ].filter(Boolean);
    return (
      `${side}×${side} kernel from ${from} to ${to}: ${where.join(', ') || 'all zero'}; ` +
      `largest ${formatWeight(facts.max.value)} at row ${facts.max.row + 1}, column ${facts.max.column + 1}; ` +
      `smallest ${formatWeight(facts.min.value)} at row ${facts.min.row + 1}, column ${facts.min.column + 1}`
    );
  },
  valuesCaption: 'The kernel’s values, row by row',
  row: 'row',
};

const KO: ConnectionsStrings = {
  heading: '연결',
  intro:
    '아래층의 어떤 필터가 이 필터를 만들고, 이 필터가 위층의 어떤 필터로 이어지는지를 가중치만으로 읽어 낸 것입니다. ' +
    '커널 하나하나는 펼친 가중치로, ReLU를 직선으로, 맥스 풀링을 평균으로 보고 아래 필터가 이 필터의 시야 곳곳에 얼마나 보태는지를 보여 줍니다. 빨강은 더하고 파랑은 뺍니다.',
  howToRead: '커널 읽는 법과 이 그림이 감추는 것',
  methodsAnchor: '연결-펼친-가중치',
  inputsHeading: (layer) => `${layer}에서 오는 입력`,
  inputsNote: '강한 순서로 8개입니다. 세기는 커널의 크기(L2 노름), 합은 전체 부호입니다.',
  outputsHeading: (layer) => `${layer}로 가는 출력`,
  outputsNote: '이 필터가 가장 세게 이어지는 위층 필터 8개입니다. 커널은 이 필터가 그 필터에 보태는 방식입니다.',
  noOutputs: (layer) => `${layer}은 이 아틀라스의 마지막 층이라 아틀라스 안에는 출력이 없습니다.`,
  ownKernelHeading: '자기 커널',
  ownKernelNote: '이 층은 이미지를 바로 보므로 아래층이 없습니다. 대신 색 채널별 3×3 커널과, 세 채널을 합친 컬러 그림을 보여 줍니다.',
  channels: ['빨강', '초록', '파랑'],
  rgbCaption: '세 채널을 합친 그림: 중간 회색이 0',
  rgbAlt: (filter) => `${filter}의 3×3 커널을 컬러 그림 하나로 나타낸 것(중간 회색이 0), 값은 아래 표에 있음`,
  legend: '이 커널들의 색 척도',
  units: '0–255 채널 값 1당 가중치',
  strength: '세기',
  sum: '합',
  notRendered: '이 아틀라스에서 그리지 않은 필터',
  filterLabel: (index) => `필터 ${index}`,
  thumbsBy: '썸네일 방식',
  kernelAlt: (from, to, side, facts) => {
    const where = [
      facts.positive && `빨강(더함)은 주로 ${KO_REGIONS[facts.positive]}`,
      facts.negative && `파랑(뺌)은 주로 ${KO_REGIONS[facts.negative]}`,
    ].filter(Boolean);
    return (
      `${from}에서 ${to}로 가는 ${side}×${side} 커널: ${where.join(', ') || '모두 0'}; ` +
      `최댓값 ${formatWeight(facts.max.value)}(${facts.max.row + 1}행 ${facts.max.column + 1}열), ` +
      `최솟값 ${formatWeight(facts.min.value)}(${facts.min.row + 1}행 ${facts.min.column + 1}열)`
    );
  },
  valuesCaption: '커널 값(행별)',
  row: '행',
};

export function connectionsStrings(locale: Locale): ConnectionsStrings {
  return locale === 'ko' ? KO : EN;
}
