import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jumpStrings } from '../../../src/site/i18n.ts';
import type { JumpData } from '../../../src/site/jump.ts';
import { jumpAnswer, pageKey, readSearchRequest, searchRequestQuery } from '../../../src/site/search/query.ts';

const data: JumpData = {
  layers: [
    { name: 'block1_conv1', ranges: [[0, 63]] },
    { name: 'block2_conv1', ranges: [[0, 127]] },
  ],
  roots: { en: '/atlas/', ko: '/atlas/ko/' },
  base: '/atlas/',
};

describe('the search page reads a query as the jump form would', () => {
  it('names the filter of "block2_conv1 6", "b2 6" and "block2 6", in the page language', () => {
    for (const query of ['block2_conv1 6', 'b2 6', 'block2 6', 'B2C1/6']) {
      const answer = jumpAnswer(query, data, 'en', jumpStrings('en'));
      assert.deepEqual(answer?.kind === 'page' && [answer.key, answer.url], [pageKey('block2_conv1', 6), '/atlas/block2_conv1/6/'], query);
    }
    const korean = jumpAnswer('b2 6', data, 'ko', jumpStrings('ko'));
    assert.equal(korean?.kind === 'page' && korean.url, '/atlas/ko/block2_conv1/6/');
  });

  it('names a layer alone, says what the jump form says for a missing one, and leaves words alone', () => {
    const layer = jumpAnswer('b1', data, 'en', jumpStrings('en'));
    assert.equal(layer?.kind === 'page' && layer.key, 'block1_conv1');
    const missing = jumpAnswer('b2 999', data, 'en', jumpStrings('en'));
    assert.equal(missing?.kind, 'problem');
    assert.match(missing?.kind === 'problem' ? missing.message : '', /block2_conv1/);
    assert.equal(jumpAnswer('b9 3', data, 'en', jumpStrings('en'))?.kind, 'problem');
    for (const word of ['edge', '45°', '가장자리', 'blue 3', '']) assert.equal(jumpAnswer(word, data, 'en', jumpStrings('en')), undefined, word);
  });

  it('reads and writes the address: query and facets', () => {
    const request = readSearchRequest('?q=+b2+6+&layer=block2_conv1&family=&method=Enhanced&other=1');
    assert.deepEqual(request, { query: 'b2 6', facets: { layer: 'block2_conv1', method: 'Enhanced' } });
    assert.equal(searchRequestQuery(request), '?q=b2+6&layer=block2_conv1&method=Enhanced');
    assert.deepEqual(readSearchRequest(searchRequestQuery({ query: '파랑 45°', facets: {} })), { query: '파랑 45°', facets: {} });
    assert.equal(searchRequestQuery({ query: '', facets: {} }), '');
  });
});
