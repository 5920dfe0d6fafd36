/**
 * A varied example set made in code, in class folders (gratings, colour fields, shapes, noise), for
 * the labelling tests and the real-weights labelling run (scripts/write-class-example-set.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { mulberry32 as random } from '../../src/engine/weights/random-vgg.ts';

export const EXAMPLE_CLASSES = ['gratings', 'colour-fields', 'shapes', 'noise'] as const;

type Rgb = readonly [number, number, number];

function hueColour(hue: number, lightness = 0.5): Rgb {
  const channel = (offset: number): number => Math.round(255 * Math.min(1, Math.max(0, lightness + 0.45 * Math.cos(((hue - offset) * Math.PI) / 180))));
  return [channel(0), channel(120), channel(240)];
}

function image(size: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const data = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.set(pixel(x, y), (y * size + x) * 3);
  return data;
}

function makeImage(kind: (typeof EXAMPLE_CLASSES)[number], n: number, size: number): Buffer {
  const next = random(1000 * EXAMPLE_CLASSES.indexOf(kind) + n + 1);
  if (kind === 'gratings') {
    const angle = next() * Math.PI;
    const period = 4 + next() * 20;
    const colour = next() < 0.5 ? ([255, 255, 255] as Rgb) : hueColour(next() * 360, 0.6);
    return image(size, (x, y) => {
      const v = 0.5 + 0.5 * Math.sin((2 * Math.PI * (x * Math.cos(angle) + y * Math.sin(angle))) / period);
      return [colour[0] * v, colour[1] * v, colour[2] * v].map(Math.round) as unknown as Rgb;
    });
  }
  if (kind === 'colour-fields') {
    const from = hueColour(next() * 360, 0.3 + 0.4 * next());
    const to = hueColour(next() * 360, 0.3 + 0.4 * next());
    const angle = next() * 2 * Math.PI;
    return image(size, (x, y) => {
      const t = Math.min(1, Math.max(0, 0.5 + ((x - size / 2) * Math.cos(angle) + (y - size / 2) * Math.sin(angle)) / size));
      return [0, 1, 2].map((c) => Math.round(from[c]! * (1 - t) + to[c]! * t)) as unknown as Rgb;
    });
  }
  if (kind === 'shapes') {
    const background = hueColour(next() * 360, 0.2 + 0.6 * next());
    const shapes = Array.from({ length: 1 + Math.floor(next() * 4) }, () => ({
      cx: next() * size,
      cy: next() * size,
      r: size * (0.1 + 0.25 * next()),
      square: next() < 0.5,
      colour: hueColour(next() * 360, 0.2 + 0.6 * next()),
    }));
    return image(size, (x, y) => {
      let colour = background;
      for (const shape of shapes) {
        const inside = shape.square ? Math.max(Math.abs(x - shape.cx), Math.abs(y - shape.cy)) < shape.r : Math.hypot(x - shape.cx, y - shape.cy) < shape.r;
        if (inside) colour = shape.colour;
      }
      return colour;
    });
  }
  const grain = 1 + Math.floor(next() * 6);
  const cells = Array.from({ length: Math.ceil(size / grain) ** 2 * 3 }, () => Math.floor(next() * 256));
  const side = Math.ceil(size / grain);
  return image(size, (x, y) => {
    const cell = (Math.floor(y / grain) * side + Math.floor(x / grain)) * 3;
    return [cells[cell]!, cells[cell + 1]!, cells[cell + 2]!];
  });
}

/** Writes `perClass` PNGs of each class under dir/<class>/; returns their relative paths. */
export async function writeClassExampleSet(dir: string, perClass: number, size = 96): Promise<string[]> {
  const written: string[] = [];
  for (const kind of EXAMPLE_CLASSES) {
    await mkdir(path.join(dir, kind), { recursive: true });
    for (let n = 0; n < perClass; n++) {
      const name = `${kind}/${kind}-${String(n).padStart(3, '0')}.png`;
      await writeFile(path.join(dir, name), await sharp(makeImage(kind, n, size), { raw: { width: size, height: size, channels: 3 } }).png().toBuffer());
      written.push(name);
    }
  }
  return written;
}
