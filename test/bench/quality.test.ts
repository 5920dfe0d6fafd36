import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { borderBand, borderRatio, highFrequencyShare, median, ownImageWins, pooledBorderRatio, type RgbImage } from '../../src/bench/quality.ts';

function image(size: number, value: (y: number, x: number, c: number) => number): RgbImage {
  const pixels = new Float64Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) pixels[(y * size + x) * 3 + c] = value(y, x, c);
  return { pixels, size };
}

/** A deterministic pseudo-random value in [0, 1) per position. */
const hash = (y: number, x: number, c: number): number => {
  const s = Math.sin(y * 12.9898 + x * 78.233 + c * 37.719) * 43758.5453;
  return s - Math.floor(s);
};

describe('quality figures', () => {
  it('a band of noise along the border gives a border/interior ratio far above 1; noise everywhere about 1', () => {
    const size = 64;
    const band = borderBand(size);
    const framed = image(size, (y, x, c) => {
      const edge = y < band || x < band || y >= size - band || x >= size - band;
      return 128 + (edge ? 100 : 10) * (hash(y, x, c) - 0.5);
    });
    const even = image(size, (y, x, c) => 128 + 50 * (hash(y, x, c) - 0.5));
    assert.ok(borderRatio(framed) > 20, `framed ${borderRatio(framed)}`);
    assert.ok(Math.abs(borderRatio(even) - 1) < 0.2, `even ${borderRatio(even)}`);
  });

  it('the image edge itself is not high frequency: a smooth gradient has no border excess and almost no detail', () => {
    const smooth = image(96, (y, x, c) => 2 * y + x + 10 * c);
    assert.ok(highFrequencyShare(smooth) < 1e-3, `share ${highFrequencyShare(smooth)}`);
  });

  it('pixel noise is mostly detail; a blob is mostly not', () => {
    const noise = image(64, (y, x, c) => hash(y, x, c));
    const blob = image(64, (y, x) => Math.exp(-((y - 32) ** 2 + (x - 32) ** 2) / 200));
    assert.ok(highFrequencyShare(noise) > 0.7, `noise ${highFrequencyShare(noise)}`);
    assert.ok(highFrequencyShare(blob) < 0.01, `blob ${highFrequencyShare(blob)}`);
  });

  it('a filter wins when its own image excites it more than every other image does', () => {
    // responses[i][j]: filter j on image i.
    const responses = new Float64Array([
      5, 1, 0, //
      1, 2, 9,
      4, 3, 1,
    ]);
    assert.deepEqual(ownImageWins(responses, 3), [true, false, false]);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
  });
});

describe('pooled border ratio', () => {
  it('weighs images by their detail, so a nearly flat image with a faint framed edge cannot swing it', () => {
    const size = 64;
    const band = borderBand(size);
    const even = image(size, (y, x, c) => 128 + 50 * (hash(y, x, c) - 0.5));
    const faintFrame = image(size, (y, x, c) => {
      const edge = y < band || x < band || y >= size - band || x >= size - band;
      return 128 + (edge ? 0.5 : 0.01) * (hash(y, x, c) - 0.5);
    });
    assert.ok(borderRatio(faintFrame) > 100, 'alone, the faint frame has a huge ratio');
    assert.ok(Math.abs(pooledBorderRatio([even, faintFrame]) - 1) < 0.2, `pooled ${pooledBorderRatio([even, faintFrame])}`);
  });
});
