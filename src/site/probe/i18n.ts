/**
 * The probe page's texts in both languages. `client` holds the ones the browser script fills in
 * (templates with {name} placeholders, see fillTemplate), shipped in the page's JSON.
 */
import type { Locale } from '../i18n.ts';

export type ClientStringKey =
  | 'loadingRuntime' | 'loadingWeights' | 'running' | 'done' | 'notImage' | 'tooSmall' | 'tooLarge' | 'loadFailed' | 'runFailed'
  | 'integrityFailed' | 'integrityUnavailable'
  | 'filter' | 'thumbAlt' | 'mapAlt' | 'noPattern' | 'position' | 'positionHere' | 'preselected' | 'preselectedMissing' | 'resultHeading'
  | 'sampleAlt' | 'yourImage';

export interface ProbeStrings {
  readonly navLink: string;
  readonly overviewLink: string;
  readonly layerLink: (layer: string) => string;
  readonly filterLink: string;
  readonly title: string;
  readonly description: string;
  readonly intro: string;
  readonly privacy: string;
  readonly layerLabel: string;
  readonly chooseImage: string;
  readonly dropHint: string;
  readonly samplesHeading: string;
  readonly samples: Readonly<Record<'stripes' | 'rings' | 'blocks' | 'atlas', string>>;
  readonly progressLabel: string;
  readonly resultHeading: string;
  readonly dictionaryHeading: string;
  readonly dictionaryHelp: string;
  readonly dictionaryLabel: string;
  readonly topHeading: string;
  readonly mapsHeading: string;
  readonly mapsIntro: string;
  readonly preselectedHeading: string;
  readonly tableSummary: string;
  readonly tableCaption: string;
  readonly columnRank: string;
  readonly columnFilter: string;
  readonly columnValue: string;
  readonly unsupported: string;
  readonly noscript: string;
  readonly howHeading: string;
  readonly how: (dtype: string) => string;
  readonly client: Readonly<Record<ClientStringKey, string>>;
}

const en: ProbeStrings = {
  navLink: 'Try your image',
  overviewLink: 'Try the filters on your own image',
  layerLink: (layer) => `Try ${layer} on your own image`,
  filterLink: 'Try this filter on your image',
  title: 'Try it on your own image',
  description: 'Run VGG16 in your browser on a picture of your own and see which filters of each atlas layer fire, and where.',
  intro:
    'Choose a picture, and your browser runs VGG16 up to the layer you pick. The filters are ranked by how strongly they respond on average over the whole image, the same quantity their patterns in the atlas were made to maximise.',
  privacy: 'Your image never leaves this device: it is read and run through the network here, in the browser, and nothing is uploaded.',
  layerLabel: 'Layer',
  chooseImage: 'Choose an image',
  dropHint: 'or drop one on this box, or paste one (Ctrl+V / ⌘V).',
  samplesHeading: 'Or try a sample',
  samples: { stripes: 'Stripes', rings: 'Coloured rings', blocks: 'Blocks and edges', atlas: 'A grid of atlas patterns' },
  progressLabel: 'Loading',
  resultHeading: 'Result',
  dictionaryHeading: 'What fires where',
  dictionaryHelp:
    'Point at a part of the image, tap it, or focus the image and move with the arrow keys: the filters that respond most there are listed beside it.',
  dictionaryLabel: 'Image positions; use the arrow keys to move',
  topHeading: 'The filters that respond most',
  mapsHeading: 'Where the top filters respond',
  mapsIntro: 'Each map is a filter’s activation over the image: brighter where it responds more, scaled to its own strongest response.',
  preselectedHeading: 'The filter you came from',
  tableSummary: 'Every filter’s value (table)',
  tableCaption: 'Mean activation after ReLU of every filter over the whole image, strongest first',
  columnRank: 'Rank',
  columnFilter: 'Filter',
  columnValue: 'Mean activation',
  unsupported:
    'This browser cannot run the network: it needs WebAssembly and createImageBitmap, which every current version of Chrome, Edge, Firefox and Safari has.',
  noscript: 'This page runs the network with JavaScript, which is turned off; the rest of the atlas works without it.',
  howHeading: 'How it works',
  how: (dtype) =>
    `The network runs with TensorFlow.js on WebAssembly, one thread, from the same weights the atlas used, stored as ${dtype}. Each layer’s weights are downloaded the first time you pick it, used only if they match the SHA-256 the atlas published, and kept by the browser. The image is turned upright from its EXIF orientation, its shorter side scaled to 224 pixels and its centre cropped, then given to the network as VGG16 was trained: BGR, 0–255, minus the ImageNet mean.`,
  client: {
    loadingRuntime: 'Loading the network runtime…',
    loadingWeights: 'Loading the weights up to {layer}: {loaded} of {total} kB',
    running: 'Running the network up to {layer}…',
    done: '{layer}: {count} filters ranked in {seconds} s.',
    notImage: 'This file is not an image this browser can read ({name}). Try a JPEG, PNG or WebP.',
    tooSmall: 'This image is {width} × {height} pixels; it needs at least {min} pixels on each side.',
    tooLarge: 'This image is {width} × {height} pixels, more than this page decodes ({max} megapixels). Try a smaller copy.',
    loadFailed: 'The network’s weights could not be loaded ({reason}). Check the connection and try again.',
    runFailed: 'The network could not run in this browser ({reason}).',
    integrityFailed:
      'The downloaded weights of {layer} are not the published ones (their SHA-256 does not match), so they were not used and there is no result. Try again: the next try downloads them afresh.',
    integrityUnavailable:
      'This page cannot check the weights it downloads here, because the browser offers Web Crypto only on secure (https) pages; so it runs nothing. Open the atlas over https.',
    filter: 'Filter {index}',
    thumbAlt: 'Pattern of {layer} filter {index}',
    mapAlt: 'Where {layer} filter {index} responds on the image',
    noPattern: 'no pattern in the atlas',
    position: 'Row {row}, column {column} of {cells}',
    positionHere: 'Strongest here: {list}',
    preselected: 'Filter {index} ranks {rank} of {count} on this image, with a mean activation of {value}.',
    preselectedMissing: 'Filter {index} is not in {layer}.',
    resultHeading: 'Result for {layer}',
    sampleAlt: 'Sample image: {name}',
    yourImage: 'Your image, centre-cropped to 224 × 224 pixels',
  },
};

const ko: ProbeStrings = {
  navLink: '내 이미지로 보기',
  overviewLink: '내 이미지로 필터 반응 보기',
  layerLink: (layer) => `내 이미지로 ${layer} 보기`,
  filterLink: '이 필터를 내 이미지로 보기',
  title: '내 이미지로 보기',
  description: '내 사진을 브라우저에서 VGG16에 넣고, 아틀라스의 각 층에서 어떤 필터가 어디에서 반응하는지 봅니다.',
  intro:
    '이미지를 고르면 브라우저가 고른 층까지 VGG16을 실행합니다. 필터는 이미지 전체에 대한 평균 반응의 크기 순으로 정렬되며, 이는 아틀라스의 패턴이 최대화한 바로 그 값입니다.',
  privacy: '이미지는 이 기기를 떠나지 않습니다. 이미지를 읽고 신경망을 실행하는 일은 모두 이 브라우저 안에서 이루어지며, 아무것도 업로드되지 않습니다.',
  layerLabel: '층',
  chooseImage: '이미지 고르기',
  dropHint: '또는 이 상자에 이미지를 끌어다 놓거나 붙여 넣으세요(Ctrl+V / ⌘V).',
  samplesHeading: '예시 이미지로 해 보기',
  samples: { stripes: '줄무늬', rings: '색 고리', blocks: '블록과 경계', atlas: '아틀라스 패턴 격자' },
  progressLabel: '불러오는 중',
  resultHeading: '결과',
  dictionaryHeading: '어디에서 무엇이 반응하나',
  dictionaryHelp:
    '이미지의 한 곳을 가리키거나 누르세요. 또는 이미지에 포커스를 두고 화살표 키로 움직이세요. 그 자리에서 가장 크게 반응하는 필터가 옆에 나열됩니다.',
  dictionaryLabel: '이미지 위치, 화살표 키로 이동',
  topHeading: '가장 크게 반응하는 필터',
  mapsHeading: '상위 필터가 반응하는 곳',
  mapsIntro: '각 지도는 이미지 위에서 한 필터의 활성화입니다. 더 크게 반응하는 곳이 더 밝고, 필터마다 자기 최대 반응에 맞춰 그렸습니다.',
  preselectedHeading: '방금 보던 필터',
  tableSummary: '모든 필터의 값(표)',
  tableCaption: '이미지 전체에 대한 각 필터의 ReLU 뒤 평균 활성화, 큰 순서',
  columnRank: '순위',
  columnFilter: '필터',
  columnValue: '평균 활성화',
  unsupported:
    '이 브라우저에서는 신경망을 실행할 수 없습니다. WebAssembly와 createImageBitmap이 필요하며, 최신 Chrome, Edge, Firefox, Safari에는 모두 있습니다.',
  noscript: '이 페이지는 JavaScript로 신경망을 실행하는데, JavaScript가 꺼져 있습니다. 아틀라스의 다른 부분은 JavaScript 없이도 작동합니다.',
  howHeading: '작동 방식',
  how: (dtype) =>
    `신경망은 TensorFlow.js의 WebAssembly 백엔드에서 스레드 하나로 실행되며, 아틀라스가 쓴 것과 같은 가중치를 ${dtype}로 저장해 씁니다. 각 층의 가중치는 그 층을 처음 고를 때 내려받아, 아틀라스가 공개한 SHA-256과 일치할 때만 쓰고 브라우저에 보관합니다. 이미지는 EXIF 방향대로 세운 뒤 짧은 변을 224픽셀로 맞추고 가운데를 잘라, VGG16이 학습한 방식(BGR, 0–255, ImageNet 평균을 뺀 값)으로 신경망에 넣습니다.`,
  client: {
    loadingRuntime: '신경망 런타임을 불러오는 중…',
    loadingWeights: '{layer}까지의 가중치를 불러오는 중: {total} kB 중 {loaded} kB',
    running: '{layer}까지 신경망을 실행하는 중…',
    done: '{layer}: 필터 {count}개를 {seconds}초 만에 정렬했습니다.',
    notImage: '이 브라우저가 읽을 수 있는 이미지 파일이 아닙니다({name}). JPEG, PNG, WebP를 써 보세요.',
    tooSmall: '이 이미지는 {width} × {height}픽셀입니다. 각 변이 적어도 {min}픽셀이어야 합니다.',
    tooLarge: '이 이미지는 {width} × {height}픽셀로, 이 페이지가 읽는 한도({max}메가픽셀)보다 큽니다. 더 작은 사본을 써 보세요.',
    loadFailed: '신경망 가중치를 불러오지 못했습니다({reason}). 연결을 확인하고 다시 시도하세요.',
    runFailed: '이 브라우저에서 신경망을 실행하지 못했습니다({reason}).',
    integrityFailed:
      '내려받은 {layer} 가중치가 공개된 파일과 다릅니다(SHA-256이 맞지 않음). 그래서 쓰지 않았고 결과도 없습니다. 다시 시도하면 파일을 새로 내려받습니다.',
    integrityUnavailable:
      '브라우저는 보안(https) 페이지에서만 Web Crypto를 제공하므로, 여기서는 내려받은 가중치를 검사할 수 없어 아무것도 실행하지 않습니다. 아틀라스를 https로 여세요.',
    filter: '필터 {index}',
    thumbAlt: '{layer} 필터 {index}의 패턴',
    mapAlt: '{layer} 필터 {index}가 이미지에서 반응하는 곳',
    noPattern: '아틀라스에 패턴 없음',
    position: '{cells}칸 중 {row}행 {column}열',
    positionHere: '이 자리에서 가장 강한 필터: {list}',
    preselected: '이 이미지에서 필터 {index}는 {count}개 중 {rank}위이며, 평균 활성화는 {value}입니다.',
    preselectedMissing: '{layer}에는 필터 {index}가 없습니다.',
    resultHeading: '{layer} 결과',
    sampleAlt: '예시 이미지: {name}',
    yourImage: '가운데를 224 × 224픽셀로 자른 내 이미지',
  },
};

export function probeStrings(locale: Locale): ProbeStrings {
  return locale === 'ko' ? ko : en;
}

export { fillTemplate } from './page-data.ts';
