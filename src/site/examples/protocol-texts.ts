/**
 * The examples protocol's own texts (the resize rule, the network input, the objective, the crop
 * rule, the default attributions) are written by the engine in English into the manifest. English
 * pages show them as recorded; Korean pages show our translation of each text the engine writes
 * today, and any other text (an older engine's, a user's own attribution) as it is, marked English.
 * test/site/examples/protocol-texts.test.ts keeps this table in step with the engine's constants.
 */
import type { Locale } from '../i18n.ts';

const KOREAN: ReadonlyMap<string, string> = new Map([
  [
    'sharp: EXIF orientation applied; greyscale, CMYK and 16-bit converted to 8-bit sRGB; alpha flattened onto white; shorter side resized to S (Lanczos-3) and centre-cropped to S×S; an S×S image used as is; shorter side < 16 px or more than 50 Mpx skipped',
    'sharp로 읽고 EXIF 방향을 적용, 회색조·CMYK·16비트 이미지는 8비트 sRGB로 바꾸고 알파는 흰 바탕에 합침. 짧은 변을 S에 맞춰 크기를 조정하고(Lanczos-3) 가운데를 S×S로 자름. 이미 S×S인 이미지는 그대로 씀. 짧은 변이 16 px 미만이거나 5,000만 화소를 넘는 파일은 쓰지 않고 건너뛴 파일로 셈',
  ],
  [
    'caffe: 0–255 BGR minus the ImageNet BGR mean (103.939, 116.779, 123.68), as the enhanced method feeds the network',
    'caffe: 0–255 범위의 BGR 값에서 ImageNet의 BGR 평균(103.939, 116.779, 123.68)을 뺌. 개선 방식이 신경망에 넣는 입력과 같음',
  ],
  [
    'per filter: the pre-ReLU maximum over the map (top, highest first) and minimum (bottom, lowest first), at most one entry per image; ties by path',
    '필터마다 특성 맵 전체에서 ReLU 이전 값의 최댓값(위쪽 예시, 높은 순)과 최솟값(아래쪽 예시, 낮은 순). 이미지 하나에서는 한 위치만 고르고, 값이 같으면 경로 순',
  ],
  [
    'a square of side max(3 × field, 48 px) (at most S) centred on the receptive field, moved inside the image at the edges; the field box is recorded, not drawn',
    '수용 영역을 가운데에 둔 한 변 max(3 × 수용 영역, 48 px)(최대 S)의 정사각형. 가장자리에서는 이미지 안쪽으로 옮김. 수용 영역 상자는 픽셀에 그리지 않고 좌표로 기록함',
  ],
  ['Images from the atlas maker’s own set; their owners’ terms apply', '아틀라스를 만든 사람이 가진 이미지 모음. 각 이미지 소유자의 이용 조건을 따름'],
  [
    'Imagenette (fast.ai, imagenette2-320), a subset of ImageNet: the images carry ImageNet’s terms, non-commercial research and education only',
    'Imagenette (fast.ai, imagenette2-320), ImageNet의 일부. 이미지에는 ImageNet의 이용 조건이 적용되어 비상업적인 연구와 학습 용도로만 쓸 수 있음',
  ],
]);

export interface ProtocolText {
  readonly text: string;
  /** Set when the text is not in the page's language (a Korean page showing the English as recorded). */
  readonly lang?: 'en';
}

/** A protocol text as a page in `locale` shows it. */
export function protocolText(locale: Locale, recorded: string): ProtocolText {
  if (locale === 'en') return { text: recorded };
  const translated = KOREAN.get(recorded);
  return translated === undefined ? { text: recorded, lang: 'en' } : { text: translated };
}
