import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { CARD_HEIGHT, CARD_WIDTH, renderCard, type CardSpec } from '../../src/site/cards.ts';
import { shapeText } from '../../src/site/card-text.ts';
import { makeTempDir, PROJECT_ROOT, runNode } from './helpers/built-site.ts';

let dir = '';
let classic = '';
let enhanced = '';
let enhanced96 = '';

/** A pattern with hard pixel edges, so nearest-neighbour enlargement can be checked. */
async function writePattern(file: string, size: number, seed: number): Promise<void> {
  const pixels = Buffer.alloc(size * size * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 37 + seed * 101) % 256;
  await sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toFile(file);
}

function filterCard(images: CardSpec['art']['images']): CardSpec {
  return { eyebrow: 'VGG16 Filter Atlas', title: 'block3_conv1', subtitle: 'filter 123', art: { kind: 'patterns', images } };
}

before(async () => {
  dir = await makeTempDir('atlas-cards');
  classic = path.join(dir, 'classic.png');
  enhanced = path.join(dir, 'enhanced.png');
  await writePattern(classic, 64, 1);
  await writePattern(enhanced, 64, 2);
  enhanced96 = path.join(dir, 'enhanced-96.png');
  await writePattern(enhanced96, 96, 3);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('link-preview cards', () => {
  it('are 1200 × 630 PNGs, byte-identical for the same input, with one pattern or two labelled ones', async () => {
    for (const images of [[{ file: classic }], [{ file: classic, label: 'classic' }, { file: enhanced, label: 'enhanced' }]]) {
      const card = await renderCard(filterCard(images));
      const { width, height, format } = await sharp(card).metadata();
      assert.deepEqual([width, height, format], [CARD_WIDTH, CARD_HEIGHT, 'png']);
      assert.ok((await renderCard(filterCard(images))).equals(card), 'same bytes on a second render');
    }
  });

  it('enlarge the pattern nearest-neighbour: every source pixel becomes a flat 8 × 8 block', async () => {
    const card = await renderCard(filterCard([{ file: classic }]));
    // One pattern at 64 px is drawn 512 px wide, right-aligned 56 px from the edge, centred vertically.
    const left = CARD_WIDTH - 56 - 512;
    const top = (CARD_HEIGHT - 512) / 2;
    const drawn = await sharp(card).extract({ left, top, width: 512, height: 512 }).removeAlpha().raw().toBuffer();
    const source = await sharp(classic).removeAlpha().raw().toBuffer();
    for (const [x, y] of [[0, 0], [7, 7], [8, 0], [100, 300], [511, 511]] as const) {
      const at = (y * 512 + x) * 3;
      const from = (Math.floor(y / 8) * 64 + Math.floor(x / 8)) * 3;
      assert.deepEqual([...drawn.subarray(at, at + 3)], [...source.subarray(from, from + 3)], `pixel ${x},${y}`);
    }
  });

  it('enlarge a 64 px and a 96 px pattern side by side each by a whole number, centred on one row, with labels on one line', async () => {
    const card = await renderCard(filterCard([{ file: classic, label: 'classic' }, { file: enhanced96, label: 'enhanced' }]));
    // 320 (×5) and 288 (×3) px with a 24 px gap, right-aligned 56 px from the edge; the row is 320 px
    // high above a 44 px label line, centred on the card, and the smaller pattern is centred in it.
    const row = 320;
    const top = Math.round((CARD_HEIGHT - row - 44) / 2);
    const placed = [
      { file: classic, size: 64, side: 320, left: CARD_WIDTH - 56 - (320 + 24 + 288), top },
      { file: enhanced96, size: 96, side: 288, left: CARD_WIDTH - 56 - 288, top: top + (row - 288) / 2 },
    ];
    for (const { file, size, side, left, top: y } of placed) {
      const scale = side / size;
      const drawn = await sharp(card).extract({ left, top: y, width: side, height: side }).removeAlpha().raw().toBuffer();
      const source = await sharp(file).removeAlpha().raw().toBuffer();
      for (const [x, yy] of [[0, 0], [scale - 1, scale - 1], [scale, 0], [side / 2 + 1, Math.floor(side / 3)], [side - 1, side - 1]] as const) {
        const at = (yy * side + x) * 3;
        const from = (Math.floor(yy / scale) * size + Math.floor(x / scale)) * 3;
        assert.deepEqual([...drawn.subarray(at, at + 3)], [...source.subarray(from, from + 3)], `${size} px pattern, pixel ${x},${yy}`);
      }
    }
    // Both labels sit on one line below the row: some light text in that band under each pattern.
    for (const { left, side } of placed) {
      const band = await sharp(card).extract({ left, top: top + row + 10, width: side, height: 40 }).stats();
      assert.ok(band.channels.some((channel) => channel.max > 150), `label under the pattern at ${left}`);
    }
  });

  it('draw their text from the font in the npm package: the same bytes where fontconfig finds no font at all', async () => {
    const spec = filterCard([{ file: classic }]);
    const here = await renderCard(spec);
    const text = await sharp(here).extract({ left: 56, top: 200, width: 400, height: 230 }).stats();
    assert.ok(text.channels.some((channel) => channel.max > 200), 'the title and filter number are drawn');

    const emptyConfig = path.join(dir, 'no-fonts.conf');
    await writeFile(emptyConfig, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n');
    const out = path.join(dir, 'no-fonts.png');
    const script = [
      `const { renderCard } = await import(${JSON.stringify(path.join(PROJECT_ROOT, 'src/site/cards.ts'))});`,
      `const { writeFile } = await import('node:fs/promises');`,
      `await writeFile(${JSON.stringify(out)}, await renderCard(${JSON.stringify(spec)}));`,
    ].join('\n');
    const run = await runNode(['--input-type=module', '-e', script], { FONTCONFIG_FILE: emptyConfig, FONTCONFIG_PATH: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok((await readFile(out)).equals(here), 'identical without system fonts');
  });

  it('refuse text the card font cannot draw, instead of drawing boxes', async () => {
    await assert.rejects(renderCard({ ...filterCard([{ file: classic }]), title: '블록 3' }), /no glyph for "블"/);
    await assert.rejects(renderCard({ ...filterCard([]) }), /1-2 patterns/);
    // opentype.js's own toPathData prints NaN for some sizes; the card's path writer never does.
    for (let size = 20; size <= 80; size += 1) {
      const { d } = await shapeText({ text: 'block2_conv1 · filter 123', size, weight: 700 }, 56, 300);
      assert.doesNotMatch(d, /NaN|Infinity/, `size ${size}`);
    }
  });
});
