import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jumpStrings } from '../../src/site/i18n.ts';
import {
  describeProblem,
  formatRanges,
  jumpLayers,
  levenshtein,
  parseJump,
  suggestForPath,
  targetPath,
  toRanges,
  type JumpData,
  type JumpLayer,
} from '../../src/site/jump.ts';

const LAYERS: JumpLayer[] = [
  { name: 'block1_conv1', ranges: [[0, 63]] },
  { name: 'block2_conv1', ranges: [[0, 7], [12, 12]], views: ['enhanced'] },
  { name: 'block3_conv1', ranges: [[0, 255]] },
  { name: 'block4_conv1', ranges: [[0, 511]] },
];
const DATA: JumpData = { layers: LAYERS, roots: { en: '/atlas/', ko: '/atlas/ko/' }, base: '/atlas/' };

describe('jump to a filter: the entry grammar', () => {
  it('reads every documented way of naming a filter', () => {
    const entries = [
      'block3_conv1 123', 'b3 123', 'b3c1 123', 'block3_conv1/123', '3 123', 'B3C1:123', 'BLOCK3_CONV1 123',
      '  block3   conv1  #  123 ', 'b3_c1/123/', 'block3conv1,123', 'block 3 conv 1 123', 'b3-c1 123', 'b3 0123',
    ];
    for (const entry of entries) assert.deepEqual(parseJump(entry, LAYERS), { ok: true, target: { layer: 'block3_conv1', index: 123 } }, entry);
  });

  it('goes to the layer page for a layer alone', () => {
    for (const entry of ['b3', '3', 'block3_conv1', 'block3_conv1/', 'B3C1']) {
      assert.deepEqual(parseJump(entry, LAYERS), { ok: true, target: { layer: 'block3_conv1' } }, entry);
    }
    assert.equal(targetPath({ layer: 'block3_conv1' }), 'block3_conv1/');
    assert.equal(targetPath({ layer: 'block3_conv1', index: 7 }), 'block3_conv1/7/');
  });

  it('says what is wrong: nothing typed, not an entry, a layer or a filter not in the atlas', () => {
    assert.deepEqual(parseJump('   ', LAYERS), { ok: false, problem: { kind: 'empty' } });
    for (const entry of ['hello', 'b3 12 4', 'b3123', 'conv1 3', 'b3 -1', 'b3 1.5', 'layer 3']) {
      assert.deepEqual(parseJump(entry, LAYERS), { ok: false, problem: { kind: 'syntax', input: entry } }, entry);
    }
    assert.deepEqual(parseJump('block5_conv1 3', LAYERS), { ok: false, problem: { kind: 'unknown-layer', layer: 'block5_conv1' } });
    assert.deepEqual(parseJump('b3c2', LAYERS), { ok: false, problem: { kind: 'unknown-layer', layer: 'block3_conv2' } });
    assert.deepEqual(parseJump('b9 1', LAYERS), { ok: false, problem: { kind: 'unknown-layer', layer: 'block9' } });
    assert.deepEqual(parseJump('b1 64', LAYERS), { ok: false, problem: { kind: 'no-filter', layer: 'block1_conv1', index: 64 } });
    assert.deepEqual(parseJump('b2 9', LAYERS), { ok: false, problem: { kind: 'no-filter', layer: 'block2_conv1', index: 9 } });
  });

  it('lists the valid layers and filter numbers in the page’s language', () => {
    const unknown = parseJump('b5 1', LAYERS);
    assert.ok(!unknown.ok);
    const en = describeProblem(unknown.problem, LAYERS, jumpStrings('en'));
    assert.equal(en, 'This atlas has no layer block5. Layers in this atlas, with their filters: block1_conv1 (0–63); block2_conv1 (0–7, 12); block3_conv1 (0–255); block4_conv1 (0–511).');
    const ko = describeProblem(unknown.problem, LAYERS, jumpStrings('ko'));
    assert.match(ko, /^이 아틀라스에는 block5 층이 없습니다\. 이 아틀라스의 층과 필터 번호: block1_conv1 \(0–63\);/);
    const missing = parseJump('b2 9', LAYERS);
    assert.ok(!missing.ok);
    assert.equal(describeProblem(missing.problem, LAYERS, jumpStrings('en')), 'This atlas has no filter 9 in block2_conv1; its filters there are 0–7, 12.');
    assert.match(describeProblem({ kind: 'syntax', input: 'x' }, LAYERS, jumpStrings('ko')), /^“x”: 층과 필터 번호로 알아볼 수 없습니다\./);
  });

  it('turns indices into ranges', () => {
    assert.deepEqual(toRanges([5, 0, 1, 2, 2, 9, 10]), [[0, 2], [5, 5], [9, 10]]);
    assert.deepEqual(toRanges([]), []);
    assert.equal(formatRanges([[0, 63]]), '0–63');
    assert.equal(formatRanges([[0, 7], [12, 12]]), '0–7, 12');
  });
});

describe('the 404 page’s suggestion for a mistyped address', () => {
  it('finds the closest layer by edit distance and the nearest rendered filter, after the base and locale', () => {
    assert.equal(levenshtein('blok3_conv1', 'block3_conv1'), 1);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.deepEqual(suggestForPath('/atlas/blok3_conv1/12/', DATA, ['ko']), { layer: 'block3_conv1', index: 12 });
    assert.deepEqual(suggestForPath('/atlas/ko/block1_conv1/99/', DATA, ['ko']), { layer: 'block1_conv1', index: 63 });
    assert.deepEqual(suggestForPath('/atlas/block2_conv1/10/', DATA, ['ko']), { layer: 'block2_conv1', index: 12 });
    assert.deepEqual(suggestForPath('/atlas/b3/', DATA, ['ko']), { layer: 'block3_conv1' });
    assert.deepEqual(suggestForPath('/atlas/BLOCK4_CONV1/x/', DATA, ['ko']), { layer: 'block4_conv1' });
    assert.equal(suggestForPath('/atlas/nothing-like-it/3/', DATA, ['ko']), undefined);
    assert.equal(suggestForPath('/atlas/', DATA, ['ko']), undefined);
  });

  it("suggests a layer's page in another method, and reads a filter number after the method", () => {
    assert.deepEqual(suggestForPath('/atlas/blok2_conv1/enhancd/', DATA, ['ko']), { layer: 'block2_conv1', view: 'enhanced' });
    assert.deepEqual(suggestForPath('/atlas/ko/block2_conv1/Enhanced/', DATA, ['ko']), { layer: 'block2_conv1', view: 'enhanced' });
    // Filter pages are shared by the methods: the method in a guessed filter address is dropped.
    assert.deepEqual(suggestForPath('/atlas/block2_conv1/enhanced/9/', DATA, ['ko']), { layer: 'block2_conv1', index: 7 });
    assert.deepEqual(suggestForPath('/atlas/block2_conv1/classic/', DATA, ['ko']), { layer: 'block2_conv1' });
    // A layer without other methods' pages: the second segment is not a view.
    assert.deepEqual(suggestForPath('/atlas/block1_conv1/enhanced/', DATA, ['ko']), { layer: 'block1_conv1' });
    assert.equal(targetPath({ layer: 'block2_conv1', view: 'enhanced' }), 'block2_conv1/enhanced/');
    assert.equal(targetPath({ layer: 'block2_conv1', view: 'enhanced', index: 3 }), 'block2_conv1/3/');
  });

  it('lists the other methods of each layer as its views, and none without a primary method', () => {
    const method = (name: string) => ({ method: { params: { name } } });
    const layers = [
      { entry: { name: 'block1_conv1' }, filters: [{ index: 0 }, { index: 1 }], methods: [method('classic'), method('enhanced')] },
      { entry: { name: 'block2_conv1' }, filters: [{ index: 3 }], methods: [method('classic')] },
      { entry: { name: 'block3_conv1' }, filters: [], methods: [] },
    ];
    assert.deepEqual(jumpLayers(layers, 'classic'), [
      { name: 'block1_conv1', ranges: [[0, 1]], views: ['enhanced'] },
      { name: 'block2_conv1', ranges: [[3, 3]] },
    ]);
    assert.deepEqual(jumpLayers(layers), [
      { name: 'block1_conv1', ranges: [[0, 1]] },
      { name: 'block2_conv1', ranges: [[3, 3]] },
    ]);
  });
});
