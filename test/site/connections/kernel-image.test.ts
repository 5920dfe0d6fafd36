import assert from 'node:assert/strict';
import { test } from 'node:test';
import { divergingColour, kernelFacts, kernelSvg, NEGATIVE, POSITIVE, rgbKernelSvg } from '../../../src/site/connections/kernel-image.ts';
import { connectionsStrings } from '../../../src/site/connections/i18n.ts';

/** An edge built from one filter wanted on the left and unwanted on the right: strong, with a net sum of 0. */
const EDGE = Float32Array.from({ length: 16 }, (_, k) => (k % 4 < 2 ? 1 : -1) * (k % 4 === 0 || k % 4 === 3 ? 0.5 : 1));

test('the text equivalent says where the red and the blue sit and names the extremes', () => {
  const facts = kernelFacts(EDGE, 4);
  assert.equal(facts.positive, 'left');
  assert.equal(facts.negative, 'right');
  assert.deepEqual(facts.max, { value: 1, row: 0, column: 1 });
  assert.deepEqual(facts.min, { value: -1, row: 0, column: 2 });
  assert.equal(EDGE.reduce((sum, value) => sum + value, 0), 0);
  assert.match(connectionsStrings('en').kernelAlt('a 1', 'b 2', 4, facts), /red \(adds\) mostly left, blue \(takes away\) mostly right; largest 1 at row 1, column 2; smallest −1 at row 1, column 3/);
  assert.match(connectionsStrings('ko').kernelAlt('a 1', 'b 2', 4, facts), /빨강\(더함\)은 주로 왼쪽, 파랑\(뺌\)은 주로 오른쪽/);
  assert.equal(kernelFacts(new Float32Array(9), 3).positive, undefined);
});

test('the picture has one square per value: full red at +scale, full blue at −scale, white at 0, and its text as its name', () => {
  assert.deepEqual(divergingColour(2, 2), POSITIVE);
  assert.deepEqual(divergingColour(-5, 2), NEGATIVE);
  assert.deepEqual(divergingColour(0, 2), [255, 255, 255]);
  const svg = kernelSvg(EDGE, 4, 1, 56, 'red <left> & blue "right"');
  assert.match(svg, /^<svg class="connections-kernel" role="img" aria-label="red &lt;left&gt; &amp; blue &quot;right&quot;" viewBox="0 0 4 4" width="56" height="56"/);
  const paths = new Map([...svg.matchAll(/<path fill="rgb\(([\d,]+)\)" d="([^"]+)"/g)].map((match) => [match[1], match[2]]));
  // Columns 1 and 2 are ±1 (full colour), columns 0 and 3 ±0.5 (half way), in each of the 4 rows.
  assert.equal(paths.get(POSITIVE.join(',')), 'M1 0h1v1h-1zM1 1h1v1h-1zM1 2h1v1h-1zM1 3h1v1h-1z');
  assert.equal(paths.get(NEGATIVE.join(',')), 'M2 0h1v1h-1zM2 1h1v1h-1zM2 2h1v1h-1zM2 3h1v1h-1z');
  assert.equal(paths.size, 4);
  assert.equal(kernelSvg(new Float32Array(9), 3, 0, 48, 'zero').includes('<path'), false);
});

test('the RGB picture puts each channel on 0..255 around mid grey', () => {
  const svg = rgbKernelSvg([Float32Array.of(1), Float32Array.of(-1), Float32Array.of(0)], 1, 1, 48, 'rgb');
  assert.match(svg, /<rect x="0" y="0" width="1" height="1" fill="rgb\(255,0,128\)"\/>/);
});
