import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withLabel } from '../../../src/site/labels/data.ts';
import { filterName } from '../../../src/site/probe/page-data.ts';

describe('a label beside a filter number in lists', () => {
  it('follows the name in alt texts, and "Filter N" in the probe’s map captions; nothing without a label', () => {
    assert.equal(withLabel('Pattern of filter 3 in block1_conv1', 'vertical edges'), 'Pattern of filter 3 in block1_conv1: vertical edges');
    assert.equal(withLabel('Pattern of filter 4 in block1_conv1', undefined), 'Pattern of filter 4 in block1_conv1');
    const layer = { labels: { 3: 'vertical edges' } };
    assert.equal(filterName('Filter {index}', layer, 3), 'Filter 3 — vertical edges');
    assert.equal(filterName('필터 {index}', layer, 4), '필터 4');
  });
});
