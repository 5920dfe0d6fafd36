import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caffeForward } from '../../../src/engine/transform/caffe.ts';
import { DICTIONARY_CELLS, dictionaryCell, filterMap, formatActivation, meanActivations, rankFilters } from '../../../src/site/probe/analysis.ts';
import { caffeFromRgba, centreSquare, sizeProblem } from '../../../src/site/probe/preprocess.ts';
import { fillTemplate } from '../../../src/site/probe/page-data.ts';
import { probeQuery } from '../../../src/site/probe/config.ts';

/** A 4 × 4 map of 3 channels: channel c at (y, x) is c·(y·4 + x). */
const map = { side: 4, channels: 3, values: Float32Array.from({ length: 48 }, (_, i) => (i % 3) * Math.floor(i / 3)) };

describe('the probe page’s analysis', () => {
  it('averages each filter over the map or a cell, and ranks them, ties by index', () => {
    assert.deepEqual([...meanActivations(map)], [0, 7.5, 15]);
    assert.deepEqual([...meanActivations(map, { top: 1, left: 2, height: 1, width: 2 })], [0, 6.5, 13]);
    assert.deepEqual(rankFilters(Float32Array.from([2, 5, 5, 1])).map(({ index, rank }) => [index, rank]), [[1, 1], [2, 2], [0, 3], [3, 4]]);
    assert.deepEqual([...filterMap(map, 2)].slice(0, 3), [0, 2, 4]);
  });

  it('tiles every map size with the dictionary’s cells', () => {
    for (const side of [224, 112, 56, 28, 20]) {
      let covered = 0;
      for (let row = 0; row < DICTIONARY_CELLS; row++) for (let column = 0; column < DICTIONARY_CELLS; column++) {
        const cell = dictionaryCell(side, row, column);
        covered += cell.height * cell.width;
        assert.ok(cell.top + cell.height <= side && cell.left + cell.width <= side);
      }
      if (side % DICTIONARY_CELLS === 0) assert.equal(covered, side * side);
    }
    assert.deepEqual(dictionaryCell(112, 4, 5), { top: 32, left: 40, height: 8, width: 8 });
  });

  it('writes values with at least 3 significant digits', () => {
    assert.equal(formatActivation(0), '0');
    assert.equal(formatActivation(1435.27), '1435');
    assert.equal(formatActivation(0.65271), '0.6527');
    assert.equal(formatActivation(0.00012346), '1.235e-4');
  });
});

describe('the probe page’s preprocessing', () => {
  it('crops the centred square and refuses tiny and enormous images', () => {
    assert.deepEqual(centreSquare(640, 480), { x: 80, y: 0, side: 480 });
    assert.deepEqual(centreSquare(300, 500), { x: 0, y: 100, side: 300 });
    assert.equal(sizeProblem(1, 1), 'too-small');
    assert.equal(sizeProblem(12_000, 12_000), 'too-large');
    assert.equal(sizeProblem(224, 224), undefined);
  });

  it('gives the engine’s caffe input from canvas bytes', () => {
    const rgba = Uint8ClampedArray.from({ length: 2 * 2 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256));
    const rgb = Float32Array.from([0, 1, 2, 3].flatMap((p) => [rgba[4 * p]! / 255, rgba[4 * p + 1]! / 255, rgba[4 * p + 2]! / 255]));
    const expected = new Float32Array(12);
    caffeForward(rgb, expected);
    caffeFromRgba(rgba, 2).forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-4, `${i}: ${value} vs ${expected[i]}`));
  });

  it('fills templates and builds the preselecting query', () => {
    assert.equal(fillTemplate('{a} of {b} {c}', { a: 1, b: 'x' }), '1 of x {c}');
    assert.equal(probeQuery('block2_conv1', 6), '?layer=block2_conv1&filter=6');
    assert.equal(probeQuery(), '');
  });
});
