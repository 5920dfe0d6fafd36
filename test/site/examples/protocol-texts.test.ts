import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IMAGENETTE_ATTRIBUTION, OWN_SET_ATTRIBUTION } from '../../../src/atlas/examples/config.ts';
import { EXAMPLES_OBJECTIVE } from '../../../src/atlas/examples/run.ts';
import { INPUT_RULE, RESIZE_RULE } from '../../../src/engine/examples/preprocess.ts';
import { CROP_RULE } from '../../../src/engine/examples/receptive-field.ts';
import { protocolText } from '../../../src/site/examples/protocol-texts.ts';

describe('the examples protocol’s texts on the site', () => {
  const engineTexts = { RESIZE_RULE, INPUT_RULE, EXAMPLES_OBJECTIVE, CROP_RULE, OWN_SET_ATTRIBUTION, IMAGENETTE_ATTRIBUTION };

  it('has a Korean text for every text the engine writes today, and shows English pages the text as recorded', () => {
    for (const [name, recorded] of Object.entries(engineTexts)) {
      const korean = protocolText('ko', recorded);
      assert.equal(korean.lang, undefined, `${name} is translated`);
      assert.match(korean.text, /[가-힣]/, name);
      // The translation keeps the rule's figures (sizes, limits, means).
      for (const figure of recorded.match(/\d+(?:\.\d+)?/g) ?? []) assert.ok(korean.text.replace(/,(?=\d{3})/g, '').includes(figure), `${name} keeps ${figure}`);
      assert.deepEqual(protocolText('en', recorded), { text: recorded });
    }
  });

  it('shows any other text as recorded, marked English on Korean pages', () => {
    const own = 'Photographs by the author, CC BY 4.0';
    assert.deepEqual(protocolText('ko', own), { text: own, lang: 'en' });
    assert.deepEqual(protocolText('en', own), { text: own });
  });
});
