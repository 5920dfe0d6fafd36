import { imageClass } from '../../engine/examples/maxima.ts';
import type { Localized } from './contract.ts';

/** Imagenette's 10 WordNet ids (its folder names) with readable names, in English and Korean. */
export const IMAGENETTE_CLASSES: Readonly<Record<string, Localized>> = {
  n01440764: { en: 'tench', ko: '텐치(잉어과 물고기)' },
  n02102040: { en: 'English springer', ko: '잉글리시 스프링어 스패니얼' },
  n02979186: { en: 'cassette player', ko: '카세트 플레이어' },
  n03000684: { en: 'chain saw', ko: '전기톱' },
  n03028079: { en: 'church', ko: '교회' },
  n03394916: { en: 'French horn', ko: '호른' },
  n03417042: { en: 'garbage truck', ko: '쓰레기 수거차' },
  n03425413: { en: 'gas pump', ko: '주유기' },
  n03445777: { en: 'golf ball', ko: '골프공' },
  n03888605: { en: 'parachute', ko: '낙하산' },
};

/** A class folder's readable name: Imagenette's table, else the folder name itself in both languages. */
export function className(folder: string): Localized {
  return IMAGENETTE_CLASSES[folder] ?? { en: folder, ko: folder };
}

/** The set's classes: the images per class folder, when every image is in one and there are at least two. */
export function setClasses(images: readonly string[]): ReadonlyMap<string, number> | undefined {
  const counts = new Map<string, number>();
  for (const image of images) {
    const folder = imageClass(image);
    if (folder === undefined) return undefined;
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return counts.size >= 2 ? new Map([...counts].sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
}
