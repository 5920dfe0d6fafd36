/**
 * The dataset examples' short texts, in both languages (the longer prose is
 * content/<locale>/examples.md). Kept apart from i18n.ts, like the tuning texts, so the feature
 * stays one self-contained layer on the site.
 */
import type { Locale } from '../i18n.ts';
import { formatLoss } from '../loss-plot.ts';

export type ExamplesProtocolRow =
  | 'images' | 'skipped' | 'imageSize' | 'resize' | 'input' | 'k' | 'objective' | 'cropRule' | 'source' | 'setSha256' | 'attribution';

export type ExampleSide = 'top' | 'bottom';

export interface ExamplesStrings {
  // the filter page's section
  readonly heading: string;
  readonly intro: (k: number, images: number, field: number) => string;
  readonly howFound: string;
  readonly sideHeading: Readonly<Record<ExampleSide, string>>;
  readonly sideNote: Readonly<Record<ExampleSide, string>>;
  readonly none: string;
  readonly neverFires: string;
  readonly rank: (rank: number) => string;
  readonly value: (value: number) => string;
  readonly cropAlt: (image: string, value: number) => string;
  readonly openHint: string;
  // the whole image
  readonly wholeTitle: (side: ExampleSide, rank: number, image: string) => string;
  readonly wholeAlt: (image: string) => string;
  readonly heatmapAlt: string;
  readonly withHeatmap: string;
  readonly withoutHeatmap: string;
  readonly wholeCaption: (x: number, y: number, mapSize: number, field: number) => string;
  readonly noHeatmap: string;
  readonly close: string;
  // the stats
  readonly statsHeading: string;
  readonly fireRate: string;
  readonly fireRateValue: (rate: number, images: number, locale: Locale) => string;
  readonly meanPostReluMean: string;
  readonly maxPercentiles: string;
  // attribution
  readonly imagesFrom: string;
  readonly sourceFolder: (globs: readonly string[]) => string;
  // the layer view
  readonly viewLabel: string;
  readonly switchLabel: string;
  readonly viewNote: string;
  readonly viewTitle: (layer: string) => string;
  readonly viewLead: (images: number) => string;
  readonly thumbAlt: (index: number, image: string, value: number) => string;
  readonly thumbNone: (index: number) => string;
  readonly patternsLink: (layer: string) => string;
  readonly readMore: string;
  // the /examples/ page
  readonly protocolHeading: string;
  readonly protocol: Readonly<Record<ExamplesProtocolRow, string>>;
  readonly fieldLabel: (layer: string) => string;
  readonly fieldValue: (field: number) => string;
  readonly sampleHeading: string;
  readonly sampleIntro: (layer: string, index: number) => string;
}

/** A pre-ReLU value with its sign: "+2.931", "−0.4172". */
export function formatValue(value: number): string {
  const text = formatLoss(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : '0';
}

function percent(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

const en: ExamplesStrings = {
  heading: 'Dataset examples',
  intro: (k, images, field) =>
    `The ${k} images of the set (${images.toLocaleString('en')} images) on which this filter reaches its highest value, and the ${k} on which it reaches its lowest. Each is cropped around the one position where that happens; the box is the ${field} × ${field} px patch of the image that position sees.`,
  howFound: 'What dataset examples are, and what they cannot show',
  sideHeading: { top: 'Strongest positive responses', bottom: 'Most negative responses' },
  sideNote: {
    top: 'Highest value first. Select a crop to see the whole image with the filter’s map over it.',
    bottom: 'Lowest value first: what this filter votes against.',
  },
  none: 'No image of the set.',
  neverFires: 'This filter is positive nowhere in any image of the set: even its top examples are negative, the least negative first.',
  rank: (rank) => `#${rank}`,
  value: (value) => `Value ${formatValue(value)}`,
  cropAlt: (image, value) => `${image}, cropped around the receptive field; value ${formatValue(value)}. Show the whole image`,
  openHint: 'Whole image',
  wholeTitle: (side, rank, image) => `${side === 'top' ? 'Top' : 'Bottom'} example #${rank}: ${image}`,
  wholeAlt: (image) => `${image}, as the network saw it, with the receptive field outlined`,
  heatmapAlt: 'The filter’s pre-ReLU map over this image, as a heatmap',
  withHeatmap: 'With the filter’s map',
  withoutHeatmap: 'The image',
  wholeCaption: (x, y, mapSize, field) =>
    `The box is the ${field} × ${field} px field of column ${x}, row ${y} of the ${mapSize} × ${mapSize} feature map.`,
  noHeatmap: 'The map is kept for top examples only.',
  close: 'Close',
  statsHeading: 'Over the whole set',
  fireRate: 'Positive somewhere in',
  fireRateValue: (rate, images, locale) => `${percent(rate, locale)} of ${images.toLocaleString('en')} images`,
  meanPostReluMean: 'Mean activation (after ReLU, averaged over the map)',
  maxPercentiles: 'Highest value per image, percentiles',
  imagesFrom: 'Images:',
  sourceFolder: (globs) => `local folder: ${globs.join(', ')}`,
  viewLabel: 'Dataset examples',
  switchLabel: 'Patterns by method, and dataset examples',
  viewNote: 'real images',
  viewTitle: (layer) => `${layer}: dataset examples`,
  viewLead: (images) =>
    `Each filter’s top crop of ${images.toLocaleString('en')} images, in place of its pattern; the box is what it sees.`,
  thumbAlt: (index, image, value) => `Filter ${index}: top example ${image}, value ${formatValue(value)}`,
  thumbNone: (index) => `Filter ${index}: no examples`,
  patternsLink: (layer) => `All filters of ${layer} as patterns`,
  readMore: 'What dataset examples are, and what they cannot show',
  protocolHeading: 'How they were found',
  protocol: {
    images: 'Images read',
    skipped: 'Files skipped (unreadable or too small)',
    imageSize: 'Image size',
    resize: 'Resizing',
    input: 'Network input',
    k: 'Examples per filter and side',
    objective: 'Value',
    cropRule: 'Crop',
    source: 'Source',
    setSha256: 'Image set SHA-256',
    attribution: 'Attribution and terms',
  },
  fieldLabel: (layer) => `Receptive field of ${layer}`,
  fieldValue: (field) => `${field} × ${field} px`,
  sampleHeading: 'An example',
  sampleIntro: (layer, index) => `The top examples of filter ${index} in ${layer}. The full set is on each filter’s page.`,
};

const ko: ExamplesStrings = {
  heading: '데이터셋 예시',
  intro: (k, images, field) =>
    `이미지 ${images.toLocaleString('ko')}장 가운데 이 필터의 값이 가장 높게 나온 ${k}장과 가장 낮게 나온 ${k}장입니다. 각 이미지는 그 값이 나온 한 위치를 중심으로 잘랐고, 상자는 그 위치가 보는 ${field} × ${field} px 영역입니다.`,
  howFound: '데이터셋 예시란 무엇이고 무엇을 보여 주지 못하는지',
  sideHeading: { top: '가장 강한 양(+)의 반응', bottom: '가장 강한 음(−)의 반응' },
  sideNote: {
    top: '값이 높은 순서입니다. 잘라 낸 이미지를 고르면 필터의 반응 지도를 겹친 전체 이미지가 열립니다.',
    bottom: '값이 낮은 순서입니다. 이 필터가 반대하는 입력입니다.',
  },
  none: '해당하는 이미지가 없습니다.',
  neverFires: '이 필터는 데이터셋의 어느 이미지, 어느 위치에서도 양수가 되지 않습니다. 위쪽 예시도 모두 음수이며, 가장 덜 음수인 것부터 보입니다.',
  rank: (rank) => `${rank}위`,
  value: (value) => `값 ${formatValue(value)}`,
  cropAlt: (image, value) => `${image}에서 수용 영역 주변을 잘라 낸 이미지, 값 ${formatValue(value)}. 전체 이미지 보기`,
  openHint: '전체 이미지',
  wholeTitle: (side, rank, image) => `${side === 'top' ? '위쪽' : '아래쪽'} 예시 ${rank}위: ${image}`,
  wholeAlt: (image) => `신경망이 본 그대로의 ${image}, 수용 영역을 상자로 표시`,
  heatmapAlt: '이 이미지에 대한 필터의 ReLU 이전 반응 지도(히트맵)',
  withHeatmap: '필터의 반응 지도를 겹친 모습',
  withoutHeatmap: '이미지',
  wholeCaption: (x, y, mapSize, field) =>
    `상자는 ${mapSize} × ${mapSize} 특성 맵의 ${x}열, ${y}행 위치가 보는 ${field} × ${field} px 영역입니다.`,
  noHeatmap: '반응 지도는 위쪽 예시에만 저장합니다.',
  close: '닫기',
  statsHeading: '데이터셋 전체에서',
  fireRate: '어딘가에서 양수가 되는 이미지',
  fireRateValue: (rate, images, locale) => `${images.toLocaleString('ko')}장 중 ${percent(rate, locale)}`,
  meanPostReluMean: '평균 활성화 (ReLU 뒤, 맵 전체의 평균)',
  maxPercentiles: '이미지별 최댓값의 백분위수',
  imagesFrom: '이미지 출처:',
  sourceFolder: (globs) => `로컬 폴더: ${globs.join(', ')}`,
  viewLabel: '데이터셋 예시',
  switchLabel: '방법별 패턴과 데이터셋 예시',
  viewNote: '실제 이미지',
  viewTitle: (layer) => `${layer}: 데이터셋 예시`,
  viewLead: (images) =>
    `패턴 대신, 이미지 ${images.toLocaleString('ko')}장 중 필터마다 가장 강한 조각입니다. 상자는 필터가 보는 영역입니다.`,
  thumbAlt: (index, image, value) => `${index}번 필터: 위쪽 예시 ${image}, 값 ${formatValue(value)}`,
  thumbNone: (index) => `${index}번 필터: 예시 없음`,
  patternsLink: (layer) => `${layer}의 모든 필터를 패턴으로 보기`,
  readMore: '데이터셋 예시란 무엇이고 무엇을 보여 주지 못하는지',
  protocolHeading: '찾은 방법',
  protocol: {
    images: '읽은 이미지',
    skipped: '건너뛴 파일 (읽을 수 없거나 너무 작음)',
    imageSize: '이미지 크기',
    resize: '크기 조정',
    input: '신경망 입력',
    k: '필터와 방향마다 예시 수',
    objective: '값',
    cropRule: '잘라 내기',
    source: '출처',
    setSha256: '이미지 세트 SHA-256',
    attribution: '저작자 표시와 이용 조건',
  },
  fieldLabel: (layer) => `${layer}의 수용 영역`,
  fieldValue: (field) => `${field} × ${field} px`,
  sampleHeading: '예시 하나',
  sampleIntro: (layer, index) => `${layer} ${index}번 필터의 위쪽 예시입니다. 전체는 각 필터 페이지에 있습니다.`,
};

const STRINGS: Readonly<Record<Locale, ExamplesStrings>> = { en, ko };

export function examplesStrings(locale: Locale): ExamplesStrings {
  return STRINGS[locale];
}
