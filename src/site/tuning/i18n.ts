/**
 * The tuning UI's short texts, in both languages (the longer prose is content/<locale>/tuning.md).
 * Kept apart from i18n.ts so the tuning features stay one self-contained layer on the site.
 */
import type { Locale } from '../i18n.ts';
import { formatLoss } from '../loss-plot.ts';
import type { HueSector, TuningView } from './groups.ts';

export type TuningFigure =
  | 'preferredOrientation' | 'orientationSelectivity' | 'preferredFrequency' | 'preferredHue' | 'hueSelectivity'
  | 'colorOpponency' | 'bestStimulus' | 'maxResponse' | 'midGray' | 'grays';

export type ProtocolRow =
  | 'stimuli' | 'size' | 'input' | 'contrast' | 'orientations' | 'frequencies' | 'phases' | 'hues' | 'grays' | 'region'
  | 'response' | 'floor' | 'flat';

export interface TuningStrings {
  readonly heading: string;
  readonly intro: (stimuli: number) => string;
  readonly howMeasured: string;
  readonly unresponsive: string;
  readonly deadButResponsive: string;
  readonly patternCaption: string;
  readonly methodPatternCaption: (method: string) => string;
  readonly patternAlt: (layer: string, index: number, method?: string) => string;
  readonly bestStimulusCaption: string;
  readonly bestStimulusAlt: (description: string) => string;
  readonly figures: Readonly<Record<TuningFigure, string>>;
  readonly degrees: (value: number) => string;
  readonly orientationWord: (degrees: number) => string | undefined;
  readonly noPreference: string;
  readonly noPreferenceShort: string;
  readonly plotNames: Readonly<Record<'orientation' | 'frequency' | 'hue', string>>;
  readonly notApplicable: string;
  readonly frequencyValue: (cycles: number, size: number) => string;
  readonly hueValue: (degrees: number, sector: HueSector) => string;
  readonly opponencyValue: (value: number) => string;
  readonly stimulus: (description: StimulusText) => string;
  readonly activation: (value: number) => string;
  // plots
  readonly orientationTitle: (layer: string, index: number) => string;
  readonly orientationDesc: (cycles: number, peak: string, selectivity: string) => string;
  readonly orientationCaption: (cycles: number) => string;
  readonly frequencyTitle: (layer: string, index: number) => string;
  readonly frequencyDesc: (peak: string) => string;
  readonly frequencyCaption: string;
  readonly hueTitle: (layer: string, index: number) => string;
  readonly hueDesc: (peak: string) => string;
  readonly hueCaption: string;
  readonly axisResponse: string;
  readonly axisFrequency: string;
  readonly axisHue: string;
  readonly data: string;
  readonly columnOrientation: string;
  readonly columnFrequency: string;
  readonly columnHue: string;
  readonly columnResponse: string;
  readonly columnCount: string;
  readonly peakMark: string;
  readonly peakAt: (value: string) => string;
  readonly noPeak: string;
  readonly ring: (value: string) => string;
  readonly thumbShort: Readonly<Record<TuningView, (value: number) => string>>;
  readonly rosePeak: (degrees: number, count: number) => string;
  readonly roseNone: string;
  readonly protocolValue: {
    readonly stimuli: (total: number, gratings: number, hues: number, grays: number) => string;
    readonly size: (size: number) => string;
    readonly input: string;
    readonly contrast: (contrast: number) => string;
    readonly orientations: (count: number, step: number) => string;
    readonly phases: (phases: readonly number[]) => string;
    readonly hues: (count: number, step: number, chroma: number) => string;
    readonly response: string;
    readonly flat: (threshold: number) => string;
  };
  readonly regionLabel: (layer: string) => string;
  // views
  readonly viewsHeading: string;
  readonly viewsNav: string;
  readonly viewLabel: Readonly<Record<TuningView, string>>;
  readonly viewTitle: (layer: string, view: TuningView) => string;
  readonly viewIntro: Readonly<Record<TuningView, string>>;
  readonly allFilters: (layer: string) => string;
  readonly groupOrientation: (centre: number, halfWidth: number) => string;
  readonly groupSelectivity: (lower: number, upper: number) => string;
  readonly selectivityWord: readonly string[];
  readonly groupHue: (sector: HueSector, from: number, to: number) => string;
  readonly groupNoPreference: Readonly<Record<TuningView, string>>;
  readonly groupUnresponsive: string;
  readonly groupUnmeasured: string;
  readonly filterCount: (count: number) => string;
  readonly contents: string;
  readonly thumbAlt: (layer: string, index: number, detail: string) => string;
  readonly thumbDetail: Readonly<Record<TuningView, (value: number | null) => string>>;
  readonly hueNames: Readonly<Record<HueSector, string>>;
  // filter bar
  readonly filterLegend: string;
  readonly filterOrientation: string;
  readonly filterSelectivity: string;
  readonly filterHue: string;
  readonly filterOpponency: string;
  readonly any: string;
  readonly atLeast: (value: number) => string;
  readonly reset: string;
  /** With {shown} and {total}: the script fills them in. */
  readonly filterStatus: string;
  // overview and the /tuning/ page
  readonly roseHeading: string;
  readonly roseIntro: string;
  readonly roseTitle: (layer: string) => string;
  readonly roseDesc: (tuned: number, total: number, peak: string) => string;
  readonly roseCaption: (tuned: number, total: number) => string;
  readonly readMore: string;
  readonly protocolHeading: string;
  readonly protocol: Readonly<Record<ProtocolRow, string>>;
  readonly regionValue: (side: number, mapSize: number, paddingFree: boolean) => string;
  readonly examplesHeading: string;
  readonly examplesIntro: string;
}

/** A stimulus descriptor, as the texts need it. */
export type StimulusText =
  | { readonly kind: 'luminance' | 'red-green' | 'blue-yellow'; readonly orientation: number; readonly cyclesPerSide: number; readonly phase: number }
  | { readonly kind: 'patch'; readonly hue: number | null; readonly lightness: number };

/** An angle as the site writes it: at most two decimals (bins of 11.25°), no trailing zeros. */
export function formatAngle(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** A figure in [0, 1] with two decimals. */
export function formatUnit(value: number): string {
  return value.toFixed(2);
}

/** An activation as the loss plots write one: up to 4 significant digits. */
export const formatActivation = formatLoss;

/** The named orientation nearest to `degrees` (0, 45, 90 or 135) when within half a 22.5° bin of it. */
function namedOrientation(degrees: number): 0 | 45 | 90 | 135 | undefined {
  const wrapped = ((degrees % 180) + 180) % 180;
  for (const named of [0, 45, 90, 135, 180] as const) {
    if (Math.abs(wrapped - named) <= 11.25) return named === 180 ? 0 : named;
  }
  return undefined;
}

const EN_ORIENTATION = { 0: 'horizontal stripes', 45: 'stripes rising to the right', 90: 'vertical stripes', 135: 'stripes falling to the right' } as const;
const KO_ORIENTATION = { 0: '가로 줄무늬', 45: '오른쪽 위로 오르는 줄무늬', 90: '세로 줄무늬', 135: '오른쪽 아래로 내려가는 줄무늬' } as const;
const EN_HUES: Record<HueSector, string> = { red: 'red', yellow: 'yellow', green: 'green', cyan: 'cyan', blue: 'blue', magenta: 'magenta' };
const KO_HUES: Record<HueSector, string> = { red: '빨강', yellow: '노랑', green: '초록', cyan: '청록', blue: '파랑', magenta: '자홍' };

const period = (cycles: number, size: number): string => String(Number((size / cycles).toFixed(1)));

const en: TuningStrings = {
  heading: 'Tuning: gratings and colours',
  intro: (stimuli) => `How strongly this filter responds to each of ${stimuli.toLocaleString('en')} simple stimuli: striped gratings at every orientation and several widths, and flat colours.`,
  howMeasured: 'How these were measured',
  unresponsive:
    'Responds to none of these stimuli: no grating and no flat colour raised its mean activation above zero in the central region, so it has no tuning curves. What it does respond to lies outside this set.',
  deadButResponsive:
    'The pattern above never left its starting noise, yet this filter does respond to some of these stimuli: gray noise simply never reached it.',
  patternCaption: 'Pattern',
  methodPatternCaption: (method) => `Pattern (${method})`,
  patternAlt: (layer, index, method) => `Pattern of filter ${index} in ${layer}${method ? ` (${method} method)` : ''}, at the size of the best stimulus`,
  bestStimulusCaption: 'Best stimulus',
  bestStimulusAlt: (description) => `The stimulus this filter responds to most: ${description}`,
  figures: {
    preferredOrientation: 'Preferred orientation',
    orientationSelectivity: 'Orientation selectivity',
    preferredFrequency: 'Preferred frequency',
    preferredHue: 'Preferred hue',
    hueSelectivity: 'Hue selectivity',
    colorOpponency: 'Colour opponency',
    bestStimulus: 'Best stimulus',
    maxResponse: 'Largest response',
    midGray: 'Response to mid-gray',
    grays: 'Response to grays, dark to light',
  },
  degrees: (value) => `${formatAngle(value)}°`,
  orientationWord: (degrees) => {
    const named = namedOrientation(degrees);
    return named === undefined ? undefined : EN_ORIENTATION[named];
  },
  noPreference: 'none (the curve is flat)',
  noPreferenceShort: 'No preference',
  plotNames: { orientation: 'Orientation', frequency: 'Spatial frequency', hue: 'Hue' },
  notApplicable: '—',
  frequencyValue: (cycles, size) => `${formatAngle(cycles)} cycles per image side (one every ${period(cycles, size)} px)`,
  hueValue: (degrees, sector) => `${formatAngle(degrees)}° (${EN_HUES[sector]})`,
  opponencyValue: (value) =>
    `${formatUnit(value)}: ${value < 0.25 ? 'mostly brightness contrast' : value <= 0.75 ? 'brightness and colour contrast alike' : 'mostly colour contrast'}`,
  stimulus: (s) =>
    s.kind === 'patch'
      ? s.hue === null
        ? `flat gray, lightness ${formatUnit(s.lightness)}`
        : `flat colour, hue ${formatAngle(s.hue)}°`
      : `${{ luminance: 'black-and-white', 'red-green': 'red–green', 'blue-yellow': 'blue–yellow' }[s.kind]} grating, ${formatAngle(s.orientation)}°, ${formatAngle(s.cyclesPerSide)} cycles per side, phase ${formatAngle(s.phase)}°`,
  activation: (value) => `${formatActivation(value)} (mean activation)`,
  orientationTitle: (layer, index) => `Orientation tuning of filter ${index} of ${layer}`,
  orientationDesc: (cycles, peak, selectivity) =>
    `Polar plot of the response to black-and-white gratings of ${formatAngle(cycles)} cycles per side, by stripe orientation, mirrored over the full circle. ${peak} Selectivity ${selectivity}.`,
  orientationCaption: (cycles) =>
    `By stripe orientation, at ${formatAngle(cycles)} cycles per side. The curve reaches furthest along the stripes the filter prefers; the lower half mirrors the upper, since stripes at 190° are stripes at 10°.`,
  frequencyTitle: (layer, index) => `Spatial-frequency tuning of filter ${index} of ${layer}`,
  frequencyDesc: (peak) => `Line plot of the response to black-and-white gratings at their best orientation, by frequency in cycles per image side. ${peak}`,
  frequencyCaption: 'By stripe frequency (best orientation and phase at each), on a logarithmic axis.',
  hueTitle: (layer, index) => `Hue tuning of filter ${index} of ${layer}`,
  hueDesc: (peak) => `Line plot of the response to flat colours of equal brightness, by hue from 0° to 360°. ${peak}`,
  hueCaption: 'By hue of a flat colour; every hue has the same brightness.',
  axisResponse: 'mean activation',
  axisFrequency: 'cycles per image side',
  axisHue: 'hue',
  data: 'Data',
  columnOrientation: 'Orientation',
  columnFrequency: 'Cycles per side',
  columnHue: 'Hue',
  columnResponse: 'Response',
  columnCount: 'Filters',
  peakMark: '(peak)',
  peakAt: (value) => `Peak at ${value}.`,
  noPeak: 'No peak: the curve is flat.',
  ring: (value) => `outer ring: ${value}`,
  thumbShort: {
    orientation: (value) => `sel. ${formatUnit(value)}`,
    selectivity: (value) => `${formatAngle(value)}°`,
    colour: (value) => `opp. ${formatUnit(value)}`,
  },
  rosePeak: (degrees, count) => `The most common is ${formatAngle(degrees)}° (${count} filter${count === 1 ? '' : 's'}).`,
  roseNone: 'No filter of this layer has a preferred orientation.',
  protocolValue: {
    stimuli: (total, gratings, hues, grays) =>
      `${total.toLocaleString('en')}: ${gratings.toLocaleString('en')} gratings (black-and-white, red–green and blue–yellow), ${hues} flat colours and ${grays} flat grays`,
    size: (size) => `${size} × ${size} px, as the patterns`,
    input: 'Keras “caffe” input, as VGG16 was trained: pixel values × 255, RGB turned to BGR, minus the mean ImageNet colour',
    contrast: (contrast) => `${contrast}: the brightest channel swings over ${contrast === 1 ? 'its whole range' : `${Math.round(contrast * 100)} % of its range`}, around mid-gray`,
    orientations: (count, step) => `${count}, every ${formatAngle(step)}° from 0°`,
    phases: (phases) => `${phases.map((phase) => `${formatAngle(phase)}°`).join(', ')}; each grating keeps its largest response`,
    hues: (count, step, chroma) => `${count}, every ${formatAngle(step)}° round the hue circle, all as bright as mid-gray (chroma ${formatUnit(chroma)})`,
    response: 'the filter’s mean activation after its ReLU, over the central region',
    flat: (threshold) => `a curve whose (max − min) / (max + min) is below ${threshold} has no preferred value`,
  },
  regionLabel: (layer) => `Central region, ${layer}`,
  viewsHeading: 'Browse by tuning',
  viewsNav: 'Tuning views of this layer',
  viewLabel: { orientation: 'By orientation', selectivity: 'By selectivity', colour: 'By colour' },
  viewTitle: (layer, view) => `${layer} by ${{ orientation: 'preferred orientation', selectivity: 'orientation selectivity', colour: 'preferred colour' }[view]}`,
  viewIntro: {
    orientation:
      'Filters grouped by the orientation of the stripes they prefer, in bins of 22.5°; within a group, the most selective first. 0° is horizontal stripes, 90° vertical, 45° stripes rising to the right.',
    selectivity:
      'Filters grouped by how much more they respond to their preferred orientation than to the stripes at right angles to it: 1 means no response at all to the crossing stripes, 0 no preference.',
    colour:
      'Filters grouped by the hue of flat colour they respond to most, in sectors of 60°; within a group, the most colour-opponent first (those that care about colour more than about brightness).',
  },
  allFilters: (layer) => `All filters of ${layer}, by number`,
  groupOrientation: (centre, halfWidth) => {
    const named = namedOrientation(centre);
    const word = named === undefined || named !== centre ? '' : `: ${EN_ORIENTATION[named]}`;
    return `${formatAngle(centre)}° ± ${formatAngle(halfWidth)}°${word}`;
  },
  groupSelectivity: (lower, upper) => `Selectivity ${formatUnit(lower)} to ${upper >= 1 ? '1' : `under ${formatUnit(upper)}`}`,
  selectivityWord: ['sharply tuned', 'clearly tuned', 'weakly tuned', 'hardly tuned'],
  groupHue: (sector, from, to) => `${EN_HUES[sector][0]!.toUpperCase()}${EN_HUES[sector].slice(1)} (hue ${formatAngle(from)}° to ${formatAngle(to)}°)`,
  groupNoPreference: {
    orientation: 'No preferred orientation (flat orientation curve)',
    selectivity: 'No orientation curve',
    colour: 'No preferred hue (flat or silent hue curve)',
  },
  groupUnresponsive: 'Responds to none of these stimuli',
  groupUnmeasured: 'Not measured',
  filterCount: (count) => `${count} filter${count === 1 ? '' : 's'}`,
  contents: 'Groups on this page',
  thumbAlt: (layer, index, detail) => `Pattern of filter ${index} in ${layer}${detail ? `; ${detail}` : ''}`,
  thumbDetail: {
    orientation: (value) => (value === null ? '' : `selectivity ${formatUnit(value)}`),
    selectivity: (value) => (value === null ? '' : `preferred orientation ${formatAngle(value)}°`),
    colour: (value) => (value === null ? '' : `colour opponency ${formatUnit(value)}`),
  },
  hueNames: EN_HUES,
  filterLegend: 'Filter by tuning',
  filterOrientation: 'Preferred orientation',
  filterSelectivity: 'Orientation selectivity',
  filterHue: 'Preferred hue',
  filterOpponency: 'Colour opponency',
  any: 'Any',
  atLeast: (value) => `at least ${formatUnit(value)}`,
  reset: 'Show all',
  filterStatus: 'Showing {shown} of {total} filters.',
  roseHeading: 'Preferred orientations',
  roseIntro:
    'Each rose counts a layer’s filters by the orientation of the stripes they prefer, in 16 bins of 11.25°: one filter, one count, not weighted by how selective it is. A stripe at 10° is the same as one at 190°, so each rose is mirrored through its centre; the longer a petal, the more filters prefer stripes lying along it.',
  roseTitle: (layer) => `Preferred orientations of the filters of ${layer}`,
  roseDesc: (tuned, total, peak) => `Rose plot: ${tuned} of ${total} filters have a preferred orientation. ${peak}`,
  roseCaption: (tuned, total) => `${tuned} of ${total} filters have a preferred orientation.`,
  readMore: 'What the tuning curves are and how they were measured',
  protocolHeading: 'The stimuli and the rules',
  protocol: {
    stimuli: 'Stimuli',
    size: 'Image size',
    input: 'Network input',
    contrast: 'Grating contrast',
    orientations: 'Orientations',
    frequencies: 'Frequencies (cycles per side)',
    phases: 'Phases',
    hues: 'Hues',
    grays: 'Gray levels',
    region: 'Central region averaged',
    response: 'Response',
    floor: 'Response floor',
    flat: 'Flat curve',
  },
  regionValue: (side, mapSize, paddingFree) =>
    `the central ${side} × ${side} of its ${mapSize} × ${mapSize} map, ${paddingFree ? 'out of reach of the zero padding' : 'still within reach of the zero padding'}`,
  examplesHeading: 'Some of the stimuli',
  examplesIntro: 'As the network saw them, at the atlas’s image size:',
};

const ko: TuningStrings = {
  heading: '튜닝: 줄무늬와 색',
  intro: (stimuli) => `단순한 자극 ${stimuli.toLocaleString('ko')}개 각각에 이 필터가 얼마나 강하게 반응하는지 보여 줍니다. 자극은 여러 방위와 굵기의 줄무늬, 그리고 단색 화면입니다.`,
  howMeasured: '측정 방법',
  unresponsive:
    '이 자극들 중 어느 것에도 반응하지 않습니다. 가운데 영역의 평균 활성화를 0보다 크게 만든 줄무늬나 단색이 하나도 없어서 튜닝 곡선이 없습니다. 이 필터가 반응하는 대상은 이 자극 모음 밖에 있습니다.',
  deadButResponsive:
    '위의 패턴은 처음의 잡음에서 움직이지 않았지만, 이 필터는 여기 있는 자극 일부에는 반응합니다. 회색 잡음이 이 필터를 깨우지 못했을 뿐입니다.',
  patternCaption: '패턴',
  methodPatternCaption: (method) => `패턴 (${method})`,
  patternAlt: (layer, index, method) => `${layer} ${index}번 필터의 패턴${method ? ` (${method} 방법)` : ''}(최적 자극과 같은 크기)`,
  bestStimulusCaption: '최적 자극',
  bestStimulusAlt: (description) => `이 필터가 가장 강하게 반응한 자극: ${description}`,
  figures: {
    preferredOrientation: '선호 방위',
    orientationSelectivity: '방위 선택성',
    preferredFrequency: '선호 공간 주파수',
    preferredHue: '선호 색상',
    hueSelectivity: '색상 선택성',
    colorOpponency: '색 대립성',
    bestStimulus: '최적 자극',
    maxResponse: '가장 큰 반응',
    midGray: '중간 회색에 대한 반응',
    grays: '회색에 대한 반응(어두운 것부터 밝은 것까지)',
  },
  degrees: (value) => `${formatAngle(value)}°`,
  orientationWord: (degrees) => {
    const named = namedOrientation(degrees);
    return named === undefined ? undefined : KO_ORIENTATION[named];
  },
  noPreference: '없음 (곡선이 평평함)',
  noPreferenceShort: '선호 없음',
  plotNames: { orientation: '방위', frequency: '공간 주파수', hue: '색상' },
  notApplicable: '—',
  frequencyValue: (cycles, size) => `이미지 한 변에 ${formatAngle(cycles)}주기 (${period(cycles, size)}픽셀마다 한 주기)`,
  hueValue: (degrees, sector) => `${formatAngle(degrees)}° (${KO_HUES[sector]})`,
  opponencyValue: (value) =>
    `${formatUnit(value)}: ${value < 0.25 ? '주로 밝기 대비에 반응' : value <= 0.75 ? '밝기 대비와 색 대비에 비슷하게 반응' : '주로 색 대비에 반응'}`,
  stimulus: (s) =>
    s.kind === 'patch'
      ? s.hue === null
        ? `단색 회색, 밝기 ${formatUnit(s.lightness)}`
        : `단색, 색상 ${formatAngle(s.hue)}°`
      : `${{ luminance: '흑백', 'red-green': '빨강–초록', 'blue-yellow': '파랑–노랑' }[s.kind]} 줄무늬, ${formatAngle(s.orientation)}°, 한 변에 ${formatAngle(s.cyclesPerSide)}주기, 위상 ${formatAngle(s.phase)}°`,
  activation: (value) => `${formatActivation(value)} (평균 활성화)`,
  orientationTitle: (layer, index) => `${layer} ${index}번 필터의 방위 튜닝`,
  orientationDesc: (cycles, peak, selectivity) =>
    `한 변에 ${formatAngle(cycles)}주기인 흑백 줄무늬에 대한 반응을 줄무늬 방위별로 그린 극좌표 그래프입니다. 원 전체에 대칭으로 그렸습니다. ${peak} 선택성 ${selectivity}.`,
  orientationCaption: (cycles) =>
    `줄무늬 방위별 반응 (한 변에 ${formatAngle(cycles)}주기). 곡선은 필터가 선호하는 줄무늬 방향으로 가장 멀리 뻗습니다. 190°의 줄무늬는 10°의 줄무늬와 같으므로 아래 절반은 위 절반을 뒤집은 것입니다.`,
  frequencyTitle: (layer, index) => `${layer} ${index}번 필터의 공간 주파수 튜닝`,
  frequencyDesc: (peak) => `가장 좋은 방위의 흑백 줄무늬에 대한 반응을 이미지 한 변당 주기 수별로 그린 선 그래프입니다. ${peak}`,
  frequencyCaption: '줄무늬 주파수별 반응 (주파수마다 가장 좋은 방위와 위상). 가로축은 로그 눈금입니다.',
  hueTitle: (layer, index) => `${layer} ${index}번 필터의 색상 튜닝`,
  hueDesc: (peak) => `밝기가 같은 단색 화면에 대한 반응을 색상 0°부터 360°까지 그린 선 그래프입니다. ${peak}`,
  hueCaption: '단색 화면의 색상별 반응. 모든 색상의 밝기는 같습니다.',
  axisResponse: '평균 활성화',
  axisFrequency: '이미지 한 변당 주기 수',
  axisHue: '색상',
  data: '데이터',
  columnOrientation: '방위',
  columnFrequency: '한 변당 주기 수',
  columnHue: '색상',
  columnResponse: '반응',
  columnCount: '필터 수',
  peakMark: '(최고)',
  peakAt: (value) => `최고점은 ${value}입니다.`,
  noPeak: '최고점이 없습니다. 곡선이 평평합니다.',
  ring: (value) => `바깥 원: ${value}`,
  thumbShort: {
    orientation: (value) => `선택성 ${formatUnit(value)}`,
    selectivity: (value) => `${formatAngle(value)}°`,
    colour: (value) => `대립 ${formatUnit(value)}`,
  },
  rosePeak: (degrees, count) => `가장 많은 방위는 ${formatAngle(degrees)}°입니다 (필터 ${count}개).`,
  roseNone: '이 층에는 선호 방위가 있는 필터가 없습니다.',
  protocolValue: {
    stimuli: (total, gratings, hues, grays) =>
      `${total.toLocaleString('ko')}개: 줄무늬 ${gratings.toLocaleString('ko')}개 (흑백, 빨강–초록, 파랑–노랑), 단색 ${hues}개, 단색 회색 ${grays}개`,
    size: (size) => `${size} × ${size} 픽셀 (패턴과 같음)`,
    input: 'VGG16을 학습시킬 때와 같은 Keras “caffe” 입력: 픽셀 값 × 255, RGB를 BGR로 바꾸고 ImageNet 평균 색을 뺌',
    contrast: (contrast) => `${contrast}: 가장 밝은 채널이 중간 회색을 중심으로 ${contrast === 1 ? '전체 범위' : `범위의 ${Math.round(contrast * 100)}%`}를 오르내림`,
    orientations: (count, step) => `${count}개, 0°부터 ${formatAngle(step)}° 간격`,
    phases: (phases) => `${phases.map((phase) => `${formatAngle(phase)}°`).join(', ')}. 줄무늬마다 가장 큰 반응을 씀`,
    hues: (count, step, chroma) => `${count}개, 색상환을 ${formatAngle(step)}° 간격으로 돌며 모두 중간 회색과 같은 밝기 (채도 ${formatUnit(chroma)})`,
    response: 'ReLU를 거친 필터 활성화를 가운데 영역에서 평균한 값',
    flat: (threshold) => `(최댓값 − 최솟값) / (최댓값 + 최솟값)이 ${threshold}보다 작은 곡선에는 선호 값이 없음`,
  },
  regionLabel: (layer) => `가운데 영역, ${layer}`,
  viewsHeading: '튜닝으로 둘러보기',
  viewsNav: '이 층의 튜닝별 보기',
  viewLabel: { orientation: '방위별', selectivity: '선택성별', colour: '색별' },
  viewTitle: (layer, view) => `${layer} · ${{ orientation: '선호 방위별', selectivity: '방위 선택성별', colour: '선호 색별' }[view]}`,
  viewIntro: {
    orientation:
      '필터를 선호하는 줄무늬의 방위에 따라 22.5° 간격으로 묶었습니다. 묶음 안에서는 선택성이 높은 필터가 앞에 옵니다. 0°는 가로 줄무늬, 90°는 세로 줄무늬, 45°는 오른쪽 위로 오르는 줄무늬입니다.',
    selectivity:
      '선호 방위의 줄무늬에 직각으로 놓인 줄무늬보다 얼마나 더 강하게 반응하는지에 따라 필터를 묶었습니다. 1은 직각 줄무늬에 전혀 반응하지 않는다는 뜻이고, 0은 선호가 없다는 뜻입니다.',
    colour:
      '필터를 가장 강하게 반응하는 단색의 색상에 따라 60° 간격으로 묶었습니다. 묶음 안에서는 색 대립성이 높은 필터, 곧 밝기보다 색에 더 민감한 필터가 앞에 옵니다.',
  },
  allFilters: (layer) => `${layer}의 모든 필터 (번호순)`,
  groupOrientation: (centre, halfWidth) => {
    const named = namedOrientation(centre);
    const word = named === undefined || named !== centre ? '' : `: ${KO_ORIENTATION[named]}`;
    return `${formatAngle(centre)}° ± ${formatAngle(halfWidth)}°${word}`;
  },
  groupSelectivity: (lower, upper) => `선택성 ${formatUnit(lower)} ${upper >= 1 ? '~ 1' : `이상 ${formatUnit(upper)} 미만`}`,
  selectivityWord: ['날카롭게 튜닝됨', '뚜렷하게 튜닝됨', '약하게 튜닝됨', '거의 튜닝되지 않음'],
  groupHue: (sector, from, to) => `${KO_HUES[sector]} (색상 ${formatAngle(from)}°~${formatAngle(to)}°)`,
  groupNoPreference: {
    orientation: '선호 방위 없음 (방위 곡선이 평평함)',
    selectivity: '방위 곡선 없음',
    colour: '선호 색상 없음 (색상 곡선이 평평하거나 0)',
  },
  groupUnresponsive: '이 자극들 중 어느 것에도 반응하지 않음',
  groupUnmeasured: '측정하지 않음',
  filterCount: (count) => `필터 ${count}개`,
  contents: '이 페이지의 묶음',
  thumbAlt: (layer, index, detail) => `${layer} ${index}번 필터의 패턴${detail ? `, ${detail}` : ''}`,
  thumbDetail: {
    orientation: (value) => (value === null ? '' : `선택성 ${formatUnit(value)}`),
    selectivity: (value) => (value === null ? '' : `선호 방위 ${formatAngle(value)}°`),
    colour: (value) => (value === null ? '' : `색 대립성 ${formatUnit(value)}`),
  },
  hueNames: KO_HUES,
  filterLegend: '튜닝으로 거르기',
  filterOrientation: '선호 방위',
  filterSelectivity: '방위 선택성',
  filterHue: '선호 색상',
  filterOpponency: '색 대립성',
  any: '전체',
  atLeast: (value) => `${formatUnit(value)} 이상`,
  reset: '모두 보기',
  filterStatus: '필터 {total}개 중 {shown}개를 보여 줍니다.',
  roseHeading: '선호 방위',
  roseIntro:
    '각 장미 그림은 한 층의 필터를 선호하는 줄무늬 방위에 따라 11.25° 간격 16칸으로 센 것입니다. 필터 하나가 한 번씩 세어지며, 선택성으로 가중하지 않았습니다. 10°의 줄무늬는 190°의 줄무늬와 같으므로 그림은 중심에 대해 대칭입니다. 꽃잎이 길수록 그 방향으로 놓인 줄무늬를 선호하는 필터가 많습니다.',
  roseTitle: (layer) => `${layer} 필터들의 선호 방위`,
  roseDesc: (tuned, total, peak) => `장미 그림: 필터 ${total}개 중 ${tuned}개에 선호 방위가 있습니다. ${peak}`,
  roseCaption: (tuned, total) => `필터 ${total}개 중 ${tuned}개에 선호 방위가 있습니다.`,
  readMore: '튜닝 곡선이란 무엇이고 어떻게 측정했는가',
  protocolHeading: '자극과 규칙',
  protocol: {
    stimuli: '자극 수',
    size: '이미지 크기',
    input: '신경망 입력',
    contrast: '줄무늬 대비',
    orientations: '방위',
    frequencies: '주파수 (한 변당 주기 수)',
    phases: '위상',
    hues: '색상',
    grays: '회색 밝기',
    region: '평균을 낸 가운데 영역',
    response: '반응',
    floor: '반응 하한',
    flat: '평평한 곡선',
  },
  regionValue: (side, mapSize, paddingFree) =>
    `${mapSize} × ${mapSize} 지도의 가운데 ${side} × ${side}${paddingFree ? ' (0 패딩의 영향이 닿지 않음)' : ' (0 패딩의 영향이 아직 닿음)'}`,
  examplesHeading: '자극의 예',
  examplesIntro: '아틀라스의 이미지 크기에서 신경망이 본 그대로입니다.',
};

const STRINGS: Readonly<Record<Locale, TuningStrings>> = { en, ko };

export function tuningStrings(locale: Locale): TuningStrings {
  return STRINGS[locale];
}
