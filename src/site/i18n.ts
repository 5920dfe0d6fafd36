import type { MethodDescription, MethodName } from '../atlas/manifest.ts';

/** Locales of the site. The default one has no URL prefix; the others live under /<locale>/. */
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: string | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
}

export function asLocale(value: string | undefined): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** The jump form, the /go/ page and the 404 suggestions (also used by their scripts in the browser). */
export interface JumpStrings {
  readonly label: string;
  readonly placeholder: string;
  readonly submit: string;
  readonly hint: string;
  readonly empty: string;
  readonly syntax: (input: string) => string;
  readonly unknownLayer: (layer: string) => string;
  readonly noFilter: (layer: string, index: number, ranges: string) => string;
  readonly valid: (list: string) => string;
  readonly going: (label: string) => string;
  readonly filterLabel: (layer: string, index: number) => string;
  /** A layer's page in another view (a method, or its dataset examples); an unknown view by its address segment. */
  readonly viewLabel: (layer: string, view: string) => string;
  readonly goTitle: string;
  readonly goIntro: string;
  readonly goNoScript: string;
  readonly layersHeading: string;
  readonly filterRange: (ranges: string) => string;
  readonly didYouMean: string;
}

/** Short UI labels. Longer prose lives in content/<locale>/*.md. */
export interface UiStrings {
  readonly languageName: string;
  readonly switchTo: string;
  readonly siteTitle: string;
  readonly siteDescription: string;
  readonly skipToContent: string;
  readonly home: string;
  readonly breadcrumb: string;
  readonly layersHeading: string;
  /** The overview's prose section, after the layer cards. */
  readonly aboutHeading: string;
  /** A layer page's prose section, after the thumbnails. */
  readonly aboutLayerHeading: (layer: string) => string;
  readonly layerNav: string;
  readonly modelHeading: string;
  readonly browseLayer: (count: number) => string;
  readonly renderedOf: (rendered: number, total: number) => string;
  readonly filterTitle: (layer: string, index: number) => string;
  readonly thumbAlt: (layer: string, index: number) => string;
  readonly gridAlt: (layer: string) => string;
  readonly contactSheetAlt: (layer: string) => string;
  readonly noGrid: string;
  readonly filtersHeading: string;
  readonly downloadsHeading: string;
  readonly downloadGrid: string;
  readonly downloadContactSheet: string;
  readonly downloadManifest: string;
  readonly copyLink: string;
  readonly copied: string;
  readonly copyFailed: string;
  readonly permalink: string;
  readonly previous: string;
  readonly next: string;
  readonly up: string;
  readonly keyboardHint: string;
  readonly filterNav: string;
  readonly status: Readonly<Record<'ok' | 'dead' | 'failed', string>>;
  readonly failedNote: (step: number | undefined) => string;
  readonly lossHeading: string;
  readonly lossDescription: (first: string, last: string, steps: number) => string;
  readonly lossXAxis: string;
  readonly lossFinal: string;
  readonly lossEmpty: string;
  readonly parametersHeading: string;
  readonly labels: Readonly<Record<ParameterKey, string>>;
  readonly imageSizeValue: (width: number, height: number) => string;
  readonly methodValue: (steps: number, step: number, size: number) => string;
  readonly unknownLayerNote: string;
  readonly notFoundTitle: string;
  readonly notFoundBody: string;
  readonly notFoundHome: string;
  readonly filterCardAlt: (layer: string, index: number) => string;
  readonly layerCardAlt: (layer: string) => string;
  readonly overviewCardAlt: string;
  readonly jump: JumpStrings;
  readonly methods: MethodStrings;
}

export type ParameterKey =
  | 'model' | 'weightsSource' | 'weightsFormat' | 'weightsSha256' | 'method' | 'imageSize' | 'steps' | 'stepSize'
  | 'seed' | 'backend' | 'engine' | 'generated' | 'filtersRendered' | 'layer' | 'index' | 'status' | 'finalLoss';

/** The views below a layer's page (/<layer>/<view>/), as the 404 page's suggestion names them. */
const EN_VIEW_NAMES: Readonly<Record<string, string>> = { classic: 'classic', enhanced: 'enhanced', examples: 'dataset examples', families: 'families' };
const KO_VIEW_NAMES: Readonly<Record<string, string>> = { classic: '고전 방식', enhanced: '개선 방식', examples: '데이터셋 예시', families: '필터 계열' };

const enJump: JumpStrings = {
  label: 'Go to filter',
  placeholder: 'e.g. b3 12',
  submit: 'Go',
  hint: 'A layer and a filter number, such as “block3_conv1 12”, “b3 12” or “block3_conv1/12”.',
  empty: 'Type a layer and a filter number.',
  syntax: (input) => `“${input}” is not a layer and a filter number.`,
  unknownLayer: (layer) => `This atlas has no layer ${layer}.`,
  noFilter: (layer, index, ranges) => `This atlas has no filter ${index} in ${layer}; its filters there are ${ranges}.`,
  valid: (list) => `Layers in this atlas, with their filters: ${list}.`,
  going: (label) => `Opening ${label}…`,
  filterLabel: (layer, index) => `${layer} · filter ${index}`,
  viewLabel: (layer, view) => `${layer} · ${EN_VIEW_NAMES[view] ?? view}`,
  goTitle: 'Go to a filter',
  goIntro: 'Type a layer and a filter number into the box at the top of any page. It works as a link too: add ?f= and the entry to this page’s address, for example',
  goNoScript: 'Jumping from this address needs JavaScript. Choose a layer below instead.',
  layersHeading: 'Layers in this atlas',
  filterRange: (ranges) => `filters ${ranges}`,
  didYouMean: 'Perhaps you meant:',
};

const koJump: JumpStrings = {
  label: '필터로 이동',
  placeholder: '예: b3 12',
  submit: '이동',
  hint: '층과 필터 번호를 입력하세요. 예: “block3_conv1 12”, “b3 12”, “block3_conv1/12”.',
  empty: '층과 필터 번호를 입력하세요.',
  syntax: (input) => `“${input}”: 층과 필터 번호로 알아볼 수 없습니다.`,
  unknownLayer: (layer) => `이 아틀라스에는 ${layer} 층이 없습니다.`,
  noFilter: (layer, index, ranges) => `이 아틀라스의 ${layer} 층에는 ${index}번 필터가 없습니다. 있는 필터 번호: ${ranges}.`,
  valid: (list) => `이 아틀라스의 층과 필터 번호: ${list}.`,
  going: (label) => `${label} 페이지로 이동합니다…`,
  filterLabel: (layer, index) => `${layer} · ${index}번 필터`,
  viewLabel: (layer, view) => `${layer} · ${KO_VIEW_NAMES[view] ?? view}`,
  goTitle: '필터로 바로 가기',
  goIntro: '어느 페이지에서든 맨 위 입력란에 층과 필터 번호를 넣으면 바로 이동합니다. 링크로도 쓸 수 있습니다. 이 페이지 주소 뒤에 ?f=와 입력값을 붙이면 됩니다. 예:',
  goNoScript: '이 주소에서 바로 이동하려면 JavaScript가 필요합니다. 대신 아래에서 층을 고르세요.',
  layersHeading: '이 아틀라스의 층',
  filterRange: (ranges) => `필터 ${ranges}번`,
  didYouMean: '혹시 이 페이지를 찾으셨나요?',
};

type Objective = MethodDescription['objective'];
type Preprocessing = MethodDescription['preprocessing'];
type TransformSetName = Extract<MethodDescription['params'], { name: 'enhanced' }>['transforms'];

/** What the pages say about the methods (classic, enhanced): names, notes, alt texts, parameters. */
export interface MethodStrings {
  /** As a heading or label: "Classic". */
  readonly name: Readonly<Record<MethodName, string>>;
  /** Inside a sentence: "classic". */
  readonly inline: Readonly<Record<MethodName, string>>;
  /** One line under the name. */
  readonly tagline: Readonly<Record<MethodName, string>>;
  /** Marks the method that reproduces the notebook. */
  readonly notebook: string;
  /** Name of the layer pages' method switch (a navigation landmark). */
  readonly switchLabel: string;
  /** Above the two pictures on a filter page. */
  readonly pairIntro: string;
  /** The link to the page that compares the methods. */
  readonly compareLink: string;
  readonly compareDescription: string;
  /** Title of a layer's page in a method other than the first. */
  readonly layerTitle: (layer: string, method: MethodName) => string;
  /** What the layer page's thumbnails are, under the switch. */
  readonly layerIntro: Readonly<Record<MethodName, string>>;
  readonly thumbAlt: (layer: string, index: number, method: MethodName) => string;
  readonly patternAlt: (layer: string, index: number, method: MethodName) => string;
  readonly gridAlt: (layer: string, method: MethodName) => string;
  readonly contactSheetAlt: (layer: string, method: MethodName) => string;
  /** Under each of a layer's grids on the overview. */
  readonly gridCaption: Readonly<Record<MethodName, string>>;
  readonly downloadGrid: (method: MethodName) => string;
  readonly downloadContactSheet: (method: MethodName) => string;
  readonly downloadPng: (method: MethodName) => string;
  readonly downloadWebp: (method: MethodName) => string;
  readonly deadNote: Readonly<Record<MethodName, string>>;
  /** On a filter page whose enhanced pattern converged to a flat image. */
  readonly flatOptimumNote: string;
  /** The objective row: `objective`, after the pre-ReLU start when there is one. */
  readonly objectiveValue: (objective: Objective, preReluStart: boolean) => string;
  /** The learning-rate schedule, after the learning rate. */
  readonly scheduleValue: Readonly<Record<'constant' | 'cosine', string>>;
  readonly notRendered: (method: MethodName) => string;
  readonly lossTitle: (layer: string, index: number, method: MethodName, objective: Objective) => string;
  /** The objective curve's y axis: what the method maximised. */
  readonly lossAxis: Readonly<Record<Objective, string>>;
  /** Under a curve whose steps saw randomly transformed copies of the image. */
  readonly transformedLossNote: string;
  /** "Status (classic): ok", for a page's description. */
  readonly statusIn: (method: MethodName, status: string) => string;
  readonly parametersHeading: (method: MethodName) => string;
  readonly labels: Readonly<Record<'parameterization' | 'objective' | 'preprocessing' | 'inputSize' | 'learningRate' | 'transforms', string>>;
  readonly enhancedValue: (steps: number, learningRate: number, size: number) => string;
  readonly parameterizationValue: Readonly<Record<MethodName, string>>;
  readonly preprocessingValue: Readonly<Record<Preprocessing, string>>;
  readonly transformsValue: Readonly<Record<TransformSetName, string>>;
  readonly countIn: (count: number, method: MethodName) => string;
  readonly filterCardAlt: (layer: string, index: number) => string;
  readonly layerCardAlt: (layer: string, method: MethodName) => string;
  readonly compareCardAlt: (layer: string, index: number) => string;
  readonly examplesHeading: string;
  readonly examplesIntro: (layer: string) => string;
}

const enClassicDeadNote =
  'Dead filter: it did not respond at all to the starting image, so its gradient was zero and the image never moved away from the random noise it started as. What you see is that noise with its contrast stretched; it says nothing about what the filter detects.';

const enMethodNames = { classic: 'Classic', enhanced: 'Enhanced' } as const;
const enMethodInline = { classic: 'classic', enhanced: 'enhanced' } as const;
const enLossAxis = { 'post-relu': 'mean activation after ReLU', 'pre-relu': 'mean activation before ReLU' } as const;

const enMethods: MethodStrings = {
  name: enMethodNames,
  inline: enMethodInline,
  tagline: {
    classic: 'Gradient ascent on the raw pixels, exactly as in the notebook.',
    enhanced: 'A Fourier-parameterized image in decorrelated colour, seen through random shifts, scalings and rotations, climbed with Adam.',
  },
  notebook: 'the notebook’s method',
  switchLabel: 'Patterns by method',
  pairIntro: 'The same filter, drawn two ways. Classic is the notebook’s method, reproduced exactly; enhanced is the recipe the feature-visualization literature settled on later.',
  compareLink: 'Why the two pictures differ, and what each can tell you',
  compareDescription: 'How the enhanced method differs from the notebook’s, why the classic pictures have frames and speckle, and what each kind of picture can and cannot tell you.',
  layerTitle: (layer, method) => `${layer} · ${enMethodInline[method]} patterns`,
  layerIntro: {
    classic: 'Patterns made by the notebook’s method: plain gradient ascent on the pixels of a noisy gray image.',
    enhanced: 'Patterns made by the enhanced method: the image is optimised as a colour-decorrelated Fourier spectrum, through random shifts, scalings and rotations.',
  },
  thumbAlt: (layer, index, method) => `${enMethodNames[method]} pattern of filter ${index} in ${layer}`,
  patternAlt: (layer, index, method) => `${enMethodNames[method]} method: input pattern that maximally activates filter ${index} of ${layer}, enlarged`,
  gridAlt: (layer, method) => `8 by 8 grid of the ${enMethodInline[method]} patterns of filters 0 to 63 in ${layer}`,
  contactSheetAlt: (layer, method) => `Contact sheet of every ${enMethodInline[method]} filter pattern in ${layer}`,
  gridCaption: { classic: 'Classic, the notebook’s method', enhanced: 'Enhanced' },
  downloadGrid: (method) => `8×8 grid, ${enMethodInline[method]} (PNG)`,
  downloadContactSheet: (method) => `Contact sheet of all filters, ${enMethodInline[method]} (PNG)`,
  downloadPng: (method) => `${enMethodNames[method]} pattern (lossless PNG)`,
  downloadWebp: (method) => `${enMethodNames[method]} pattern (WebP)`,
  deadNote: {
    classic: enClassicDeadNote,
    enhanced:
      'Dead filter: its activation did not change at all when the image did, so its gradient was zero and the image stayed the faint, nearly gray noise it started as. The picture says nothing about what the filter detects.',
  },
  flatOptimumNote:
    'Flat optimum: this pattern is a nearly uniform colour because the ascent converged there. Its objective had stopped rising, and for this filter an even field of its preferred colour excites it more than any texture the ascent found.',
  objectiveValue: (objective, preReluStart) =>
    preReluStart && objective === 'post-relu' ? 'mean activation before ReLU until the filter fires, then after ReLU' : enLossAxis[objective],
  scheduleValue: { constant: 'constant', cosine: 'cosine decay to 0' },
  notRendered: (method) => `This filter was not rendered with the ${enMethodInline[method]} method.`,
  lossTitle: (layer, index, method, objective) => `${enMethodNames[method]} method: ${enLossAxis[objective]} of filter ${index} of ${layer} during the ascent`,
  lossAxis: enLossAxis,
  transformedLossNote:
    'Every point but the last is measured on the randomly transformed copy of the image that step saw, which is why the curve is jagged; the last point is the finished image itself. Until the filter first fires on average, the curve shows its mean before the ReLU, which can be negative; from then on, after it.',
  statusIn: (method, status) => `${enMethodNames[method]}: ${status}`,
  parametersHeading: (method) => (method === 'classic' ? 'Classic method (the notebook’s)' : `${enMethodNames[method]} method`),
  labels: {
    parameterization: 'Image made from',
    objective: 'Objective',
    preprocessing: 'Network input',
    inputSize: 'Network input size',
    learningRate: 'Learning rate (Adam)',
    transforms: 'Transformations',
  },
  enhancedValue: (steps, learningRate, size) => `feature visualization, ${steps} Adam steps at learning rate ${learningRate} on a ${size} × ${size} image`,
  parameterizationValue: {
    classic: 'its pixels, starting from gray noise',
    enhanced: 'a Fourier spectrum in decorrelated colour, through a sigmoid',
  },
  preprocessingValue: {
    raw: 'raw RGB values, 0–255, as the notebook feeds them',
    caffe: 'Keras “caffe” input: RGB turned to BGR, minus the ImageNet mean, on a 0–255 scale',
  },
  transformsValue: {
    periodic: 'at each step, a random roll over the whole image, then a scaling by 0.9–1.1 and a rotation by −10° to 10°, wrapping around the edges',
    lucid: 'at each step, Lucid’s padding, jitter, scaling by 0.9–1.1, rotation by −10° to 10° and jitter, the pixel amounts scaled to the image size',
  },
  countIn: (count, method) => `${count} ${enMethodInline[method]}`,
  filterCardAlt: (layer, index) =>
    `Preview card: the classic and the enhanced pattern of filter ${index} of ${layer}, side by side and enlarged, with the layer name and filter number`,
  layerCardAlt: (layer, method) => `Preview card: ${enMethodInline[method]} patterns of the first filters of ${layer}, with the layer name`,
  compareCardAlt: (layer, index) => `Preview card: the classic and the enhanced pattern of filter ${index} of ${layer}, side by side, under the title “Classic and enhanced”`,
  examplesHeading: 'The same filters, both ways',
  examplesIntro: (layer) => `The first filters of ${layer}, each drawn by both methods, classic on the left. Open one to see its curves and parameters.`,
};

const koClassicDeadNote =
  '죽은 필터: 시작 이미지에 전혀 반응하지 않아 그래디언트가 0이었고, 그래서 이미지가 처음의 무작위 잡음에서 조금도 움직이지 않았습니다. 보이는 그림은 대비만 늘린 그 잡음일 뿐, 이 필터가 무엇을 감지하는지는 알려 주지 않습니다.';

const koMethodNames = { classic: '고전 방식', enhanced: '개선 방식' } as const;
const koLossAxis = { 'post-relu': 'ReLU 이후 평균 활성화', 'pre-relu': 'ReLU 이전 평균 활성화' } as const;

const koMethods: MethodStrings = {
  name: koMethodNames,
  inline: koMethodNames,
  tagline: {
    classic: '노트북과 똑같이, 이미지의 픽셀에 곧바로 경사 상승법을 적용합니다.',
    enhanced: '색상 상관을 없앤 푸리에 스펙트럼으로 이미지를 나타내고, 무작위로 옮기고 크기를 바꾸고 돌린 사본을 보며 Adam으로 오릅니다.',
  },
  notebook: '노트북의 방법',
  switchLabel: '방법별 패턴',
  pairIntro: '같은 필터를 두 가지 방법으로 그렸습니다. 고전 방식은 노트북의 방법을 그대로 재현한 것이고, 개선 방식은 그 뒤 특징 시각화 연구에서 자리 잡은 기법을 따른 것입니다.',
  compareLink: '두 그림이 왜 다르고, 각각 무엇을 알려 주는지',
  compareDescription: '개선 방식이 노트북의 방법과 무엇이 다른지, 고전 방식 그림에 테두리와 자글자글한 잡음이 생기는 까닭, 그리고 두 그림이 각각 알려 주는 것과 알려 주지 못하는 것.',
  layerTitle: (layer, method) => `${layer} · ${koMethodNames[method]} 패턴`,
  layerIntro: {
    classic: '노트북의 방법으로 만든 패턴입니다. 잡음이 섞인 회색 이미지의 픽셀에 경사 상승법을 그대로 적용했습니다.',
    enhanced: '개선 방식으로 만든 패턴입니다. 이미지를 색상 상관을 없앤 푸리에 스펙트럼으로 나타내 최적화하고, 매 단계 무작위로 옮기고 크기를 바꾸고 돌린 사본을 신경망에 보여 줍니다.',
  },
  thumbAlt: (layer, index, method) => `${layer} ${index}번 필터의 ${koMethodNames[method]} 패턴`,
  patternAlt: (layer, index, method) => `${koMethodNames[method]}: ${layer} ${index}번 필터를 가장 강하게 활성화하는 입력 패턴(확대)`,
  gridAlt: (layer, method) => `${layer} 0~63번 필터의 ${koMethodNames[method]} 패턴을 8×8로 배열한 격자`,
  contactSheetAlt: (layer, method) => `${layer}에서 생성된 모든 필터의 ${koMethodNames[method]} 패턴을 모은 밀착 인화 시트`,
  gridCaption: { classic: '고전 방식 (노트북의 방법)', enhanced: '개선 방식' },
  downloadGrid: (method) => `8×8 격자, ${koMethodNames[method]} (PNG)`,
  downloadContactSheet: (method) => `전체 필터 밀착 인화 시트, ${koMethodNames[method]} (PNG)`,
  downloadPng: (method) => `${koMethodNames[method]} 패턴 (무손실 PNG)`,
  downloadWebp: (method) => `${koMethodNames[method]} 패턴 (WebP)`,
  deadNote: {
    classic: koClassicDeadNote,
    enhanced:
      '죽은 필터: 이미지가 바뀌어도 활성화가 전혀 달라지지 않아 그래디언트가 0이었고, 그래서 이미지가 처음의 거의 회색인 희미한 잡음에서 조금도 움직이지 않았습니다. 이 그림은 필터가 무엇을 감지하는지 알려 주지 않습니다.',
  },
  flatOptimumNote:
    '평평한 최적점: 경사 상승이 이곳에 수렴했기 때문에 이 패턴은 거의 균일한 색입니다. 목표값은 더 오르지 않았고, 이 필터에게는 좋아하는 색으로 고르게 칠한 면이 상승 과정에서 찾은 어떤 무늬보다 더 강한 반응을 일으킵니다.',
  objectiveValue: (objective, preReluStart) =>
    preReluStart && objective === 'post-relu' ? '필터가 켜질 때까지는 ReLU 이전 평균 활성화, 그 뒤로는 ReLU 이후 평균 활성화' : koLossAxis[objective],
  scheduleValue: { constant: '일정', cosine: '0까지 코사인 감소' },
  notRendered: (method) => `이 필터는 ${koMethodNames[method]}으로 생성하지 않았습니다.`,
  lossTitle: (layer, index, method, objective) => `${koMethodNames[method]}: 경사 상승 동안 ${layer} ${index}번 필터의 ${koLossAxis[objective]}`,
  lossAxis: koLossAxis,
  transformedLossNote:
    '마지막 점을 뺀 나머지는 그 단계에서 신경망이 본, 무작위로 변환된 사본에서 잰 값이라 곡선이 들쭉날쭉합니다. 마지막 점은 변환하지 않은 완성 이미지 자체의 값입니다. 필터가 처음으로 평균적으로 켜질 때까지 곡선은 음수일 수 있는 ReLU 이전의 평균을, 그 뒤로는 ReLU 이후의 평균을 보여 줍니다.',
  statusIn: (method, status) => `${koMethodNames[method]}: ${status}`,
  parametersHeading: (method) => (method === 'classic' ? '고전 방식 (노트북의 방법)' : koMethodNames[method]),
  labels: {
    parameterization: '이미지 표현',
    objective: '목표',
    preprocessing: '신경망 입력',
    inputSize: '신경망 입력 크기',
    learningRate: '학습률 (Adam)',
    transforms: '변환',
  },
  enhancedValue: (steps, learningRate, size) => `특징 시각화, ${size} × ${size} 이미지에서 학습률 ${learningRate}의 Adam 단계를 ${steps}번`,
  parameterizationValue: {
    classic: '픽셀 자체, 회색 잡음에서 출발',
    enhanced: '색상 상관을 없앤 공간의 푸리에 스펙트럼을 시그모이드에 통과시킨 것',
  },
  preprocessingValue: {
    raw: '원래의 RGB 값(0~255), 노트북과 같은 입력',
    caffe: 'Keras의 “caffe” 입력: RGB를 BGR로 바꾸고 ImageNet 평균을 뺀 0~255 척도의 값',
  },
  transformsValue: {
    periodic: '매 단계 이미지 전체에 걸친 무작위 순환 이동, 이어서 0.9~1.1배 크기 조정과 −10°~10° 회전 (가장자리에서 반대편으로 이어짐)',
    lucid: '매 단계 Lucid의 패딩, 지터, 0.9~1.1배 크기 조정, −10°~10° 회전, 지터 (픽셀 양은 이미지 크기에 맞춰 조정)',
  },
  countIn: (count, method) => `${koMethodNames[method]} ${count}개`,
  filterCardAlt: (layer, index) => `미리보기 카드: ${layer} ${index}번 필터의 고전 방식 패턴과 개선 방식 패턴을 나란히 확대한 그림과 층 이름, 필터 번호`,
  layerCardAlt: (layer, method) => `미리보기 카드: ${layer} 앞쪽 필터들의 ${koMethodNames[method]} 패턴과 층 이름`,
  compareCardAlt: (layer, index) => `미리보기 카드: ${layer} ${index}번 필터의 고전 방식 패턴과 개선 방식 패턴을 나란히 놓은 그림과 “Classic and enhanced”라는 제목`,
  examplesHeading: '같은 필터, 두 가지 그림',
  examplesIntro: (layer) => `${layer} 앞쪽 필터들을 두 방법으로 그린 것입니다. 왼쪽이 고전 방식입니다. 하나를 열면 곡선과 매개변수까지 볼 수 있습니다.`,
};

const en: UiStrings = {
  languageName: 'English',
  switchTo: 'Read this page in English',
  siteTitle: 'VGG16 Filter Atlas',
  siteDescription: 'What each filter of VGG16 responds to: gradient-ascent patterns for the first convolution of blocks 1 to 4.',
  skipToContent: 'Skip to content',
  home: 'Atlas',
  breadcrumb: 'Breadcrumb',
  layersHeading: 'The layers',
  aboutHeading: 'About this atlas',
  aboutLayerHeading: (layer) => `About ${layer}`,
  layerNav: 'Layers',
  modelHeading: 'Model, weights and parameters',
  browseLayer: (count) => `Browse all ${count} filters`,
  renderedOf: (rendered, total) => `${rendered} of ${total} filters rendered`,
  filterTitle: enJump.filterLabel,
  thumbAlt: (layer, index) => `Pattern of filter ${index} in ${layer}`,
  gridAlt: (layer) => `8 by 8 grid of the patterns of filters 0 to 63 in ${layer}`,
  contactSheetAlt: (layer) => `Contact sheet of every rendered filter pattern in ${layer}`,
  noGrid: 'No 8×8 grid for this layer: not all of filters 0–63 were rendered.',
  filtersHeading: 'Filters',
  downloadsHeading: 'Downloads',
  downloadGrid: '8×8 grid (PNG)',
  downloadContactSheet: 'Contact sheet of all filters (PNG)',
  downloadManifest: 'Atlas manifest (JSON)',
  copyLink: 'Copy link',
  copied: 'Link copied',
  copyFailed: 'Could not copy; select the link above instead',
  permalink: 'Permalink',
  previous: 'Previous',
  next: 'Next',
  up: 'All filters',
  keyboardHint: 'Keys: ← previous, → next, u up to the layer.',
  filterNav: 'Filters of this layer',
  status: { ok: 'ok', dead: 'dead', failed: 'failed' },
  failedNote: (step) =>
    `Rendering failed${step === undefined ? '' : ` at update ${step}`}: the numbers overflowed (NaN or infinity), so the image below is not a meaningful pattern.`,
  lossHeading: 'Loss curve',
  lossDescription: (first, last, steps) => `Starts at ${first} and ends at ${last} after ${steps} updates.`,
  lossXAxis: 'update',
  lossFinal: 'final',
  lossEmpty: 'No loss values were recorded for this filter.',
  parametersHeading: 'Parameters',
  labels: {
    model: 'Model',
    weightsSource: 'Weights source',
    weightsFormat: 'Weights format',
    weightsSha256: 'Weights SHA-256',
    method: 'Method',
    imageSize: 'Image size',
    steps: 'Steps',
    stepSize: 'Step size',
    seed: 'Noise seed',
    backend: 'Backend',
    engine: 'Engine version',
    generated: 'Generated',
    filtersRendered: 'Filters rendered',
    layer: 'Layer',
    index: 'Filter',
    status: 'Status',
    finalLoss: 'Final loss',
  },
  imageSizeValue: (width, height) => `${width} × ${height} px`,
  methodValue: (steps, step, size) => `gradient ascent, ${steps} steps of size ${step} on a ${size} × ${size} input`,
  unknownLayerNote: 'This layer has no description yet.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'There is no page at this address. The filter or layer may not be part of this atlas.',
  notFoundHome: 'Go to the atlas overview',
  filterCardAlt: (layer, index) => `Preview card: the pattern of filter ${index} of ${layer}, enlarged, with the layer name and filter number`,
  layerCardAlt: (layer) => `Preview card: patterns of the first filters of ${layer}, with the layer name`,
  overviewCardAlt: 'Preview card: patterns from every layer of VGG16, with the title of the atlas',
  jump: enJump,
  methods: enMethods,
};

const ko: UiStrings = {
  languageName: '한국어',
  switchTo: '이 페이지를 한국어로 보기',
  siteTitle: 'VGG16 필터 아틀라스',
  siteDescription: 'VGG16의 필터 하나하나가 무엇에 반응하는지, 블록 1~4 첫 합성곱 층의 경사 상승 패턴으로 보여 줍니다.',
  skipToContent: '본문으로 건너뛰기',
  home: '아틀라스',
  breadcrumb: '현재 위치',
  layersHeading: '층별 패턴',
  aboutHeading: '이 아틀라스에 대하여',
  aboutLayerHeading: (layer) => `${layer}에 대하여`,
  layerNav: '층',
  modelHeading: '모델, 가중치, 매개변수',
  browseLayer: (count) => `필터 ${count}개 모두 보기`,
  renderedOf: (rendered, total) => `필터 ${total}개 중 ${rendered}개 생성됨`,
  filterTitle: koJump.filterLabel,
  thumbAlt: (layer, index) => `${layer} ${index}번 필터의 패턴`,
  gridAlt: (layer) => `${layer} 0~63번 필터 패턴을 8×8로 배열한 격자`,
  contactSheetAlt: (layer) => `${layer}에서 생성된 모든 필터 패턴을 모은 밀착 인화 시트`,
  noGrid: '0~63번 필터가 모두 생성되지 않아 이 층에는 8×8 격자가 없습니다.',
  filtersHeading: '필터',
  downloadsHeading: '내려받기',
  downloadGrid: '8×8 격자 (PNG)',
  downloadContactSheet: '전체 필터 밀착 인화 시트 (PNG)',
  downloadManifest: '아틀라스 매니페스트 (JSON)',
  copyLink: '링크 복사',
  copied: '링크를 복사했습니다',
  copyFailed: '복사하지 못했습니다. 위의 링크를 직접 선택해 주세요',
  permalink: '고유 링크',
  previous: '이전',
  next: '다음',
  up: '필터 목록',
  keyboardHint: '단축키: ← 이전, → 다음, u 층 목록으로.',
  filterNav: '이 층의 필터 이동',
  status: { ok: '정상', dead: '죽은 필터', failed: '실패' },
  failedNote: (step) =>
    `생성 실패${step === undefined ? '' : ` (${step}번째 업데이트)`}: 계산 도중 값이 NaN이나 무한대로 발산했기 때문에 아래 이미지는 의미 있는 패턴이 아닙니다.`,
  lossHeading: '손실 곡선',
  lossDescription: (first, last, steps) => `${first}에서 시작해 ${steps}번 업데이트한 뒤 ${last}에 이릅니다.`,
  lossXAxis: '업데이트',
  lossFinal: '최종',
  lossEmpty: '이 필터에는 기록된 손실 값이 없습니다.',
  parametersHeading: '매개변수',
  labels: {
    model: '모델',
    weightsSource: '가중치 출처',
    weightsFormat: '가중치 형식',
    weightsSha256: '가중치 SHA-256',
    method: '방법',
    imageSize: '이미지 크기',
    steps: '단계 수',
    stepSize: '단계 크기',
    seed: '잡음 시드',
    backend: '백엔드',
    engine: '엔진 버전',
    generated: '생성 시각',
    filtersRendered: '생성한 필터',
    layer: '층',
    index: '필터',
    status: '상태',
    finalLoss: '최종 손실',
  },
  imageSizeValue: (width, height) => `${width} × ${height} 픽셀`,
  methodValue: (steps, step, size) => `경사 상승법, ${size} × ${size} 입력에서 크기 ${step}의 단계를 ${steps}번`,
  unknownLayerNote: '이 층에 대한 설명은 아직 없습니다.',
  notFoundTitle: '페이지를 찾을 수 없습니다',
  notFoundBody: '이 주소에는 페이지가 없습니다. 찾는 필터나 층이 이 아틀라스에 들어 있지 않을 수도 있습니다.',
  notFoundHome: '아틀라스 첫 페이지로 가기',
  filterCardAlt: (layer, index) => `미리보기 카드: ${layer} ${index}번 필터의 패턴을 크게 확대한 그림과 층 이름, 필터 번호`,
  layerCardAlt: (layer) => `미리보기 카드: ${layer} 앞쪽 필터들의 패턴과 층 이름`,
  overviewCardAlt: '미리보기 카드: VGG16의 각 층에서 고른 패턴과 아틀라스 제목',
  jump: koJump,
  methods: koMethods,
};

const STRINGS: Readonly<Record<Locale, UiStrings>> = { en, ko };

export function ui(locale: Locale): UiStrings {
  return STRINGS[locale];
}

/** The jump strings alone: what the browser scripts import, so their bundle leaves the rest out. */
export function jumpStrings(locale: Locale): JumpStrings {
  return locale === 'ko' ? koJump : enJump;
}

