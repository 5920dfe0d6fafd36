import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplesViewPath, fieldInImage } from '../../../src/site/examples/data.ts';
import { formatValue } from '../../../src/site/examples/i18n.ts';
import { suggestForPath, targetPath, type JumpData } from '../../../src/site/jump.ts';

describe('dataset examples on the site', () => {
  it('places the receptive field of a feature position in the whole image, clipped at its edges', () => {
    // block1_conv1: 3 px around the position itself.
    assert.deepEqual(fieldInImage('block1_conv1', { x: 5, y: 9 }, 224), { left: 4, top: 8, width: 3, height: 3 });
    assert.deepEqual(fieldInImage('block1_conv1', { x: 0, y: 223 }, 224), { left: 0, top: 222, width: 2, height: 2 });
    // block2_conv1 (one pooling, jump 2): position 10 sees input pixels 16 … 25.
    assert.deepEqual(fieldInImage('block2_conv1', { x: 10, y: 0 }, 224), { left: 16, top: 0, width: 10, height: 6 });
    // block3_conv1 (24 px) and block4_conv1 (60 px, jump 8): the last column of a 28 × 28 map reaches past 224 px.
    assert.deepEqual(fieldInImage('block3_conv1', { x: 20, y: 20 }, 224), { left: 70, top: 70, width: 24, height: 24 });
    assert.deepEqual(fieldInImage('block4_conv1', { x: 27, y: 13 }, 224), { left: 190, top: 78, width: 34, height: 60 });
  });

  it('writes values with their sign, a true minus and at most 4 significant digits', () => {
    assert.equal(formatValue(3.12849), '+3.128');
    assert.equal(formatValue(-0.41723), '−0.4172');
    assert.equal(formatValue(0), '0');
  });

  it('lets the 404 page suggest a mistyped examples view, and a filter below it', () => {
    const data: JumpData = { layers: [{ name: 'block2_conv1', ranges: [[0, 127]], views: ['enhanced', 'examples'] }], roots: { en: '/' }, base: '/' };
    const view = suggestForPath('/block2_conv1/exampels/', data, ['ko']);
    assert.deepEqual(view, { layer: 'block2_conv1', view: 'examples' });
    assert.equal(targetPath(view ?? { layer: '' }), examplesViewPath('block2_conv1'));
    assert.deepEqual(suggestForPath('/ko/block2_conv1/examples/200/', data, ['ko']), { layer: 'block2_conv1', index: 127 });
  });
});
