import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelText, labelsLookup, withLabel } from '../../src/site/labels-lookup.ts';
import { filterName, type ProbeLayerConfig } from '../../src/site/probe/page-data.ts';

const label = (layer: string, index: number, en: string, family: string) => ({ layer, index, text: { en, ko: `${en} (ko)` }, facts: [], family, similar: [] });
const manifest = {
  labels: [label('block1_conv1', 3, 'vertical edges', 'edges'), label('block2_conv1', 3, 'blue', 'colour')],
  families: [{ layer: 'block1_conv1', id: 'edges', name: { en: 'Edges', ko: '에지' }, description: { en: 'x', ko: 'x' }, members: [3], share: 1 }],
};

describe('labels beside filter numbers', () => {
  it('finds a filter’s label and family by layer and number, and nothing for an unlabelled atlas', () => {
    assert.equal(labelText(manifest, 'block1_conv1', 3, 'en'), 'vertical edges');
    assert.equal(labelText(manifest, 'block2_conv1', 3, 'ko'), 'blue (ko)');
    assert.equal(labelText(manifest, 'block1_conv1', 4, 'en'), undefined);
    assert.equal(labelsLookup(manifest).familyOf('block1_conv1', 3)?.name.ko, '에지');
    assert.equal(labelsLookup(manifest).familyOf('block2_conv1', 3), undefined, 'a family of another layer is not taken');
    assert.equal(labelText({}, 'block1_conv1', 3, 'en'), undefined);
  });

  it('puts the label after the name, and the probe’s lists after “Filter N”', () => {
    assert.equal(withLabel('Pattern of filter 3 in block1_conv1', 'vertical edges'), 'Pattern of filter 3 in block1_conv1: vertical edges');
    assert.equal(withLabel('Pattern of filter 4 in block1_conv1', undefined), 'Pattern of filter 4 in block1_conv1');
    const layer: Pick<ProbeLayerConfig, 'labels'> = { labels: { 3: 'vertical edges' } };
    assert.equal(filterName('Filter {index}', layer, 3), 'Filter 3 — vertical edges');
    assert.equal(filterName('필터 {index}', layer, 4), '필터 4');
  });
});
