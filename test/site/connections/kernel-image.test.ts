import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { divergingColour, kernelDataUrl, kernelFacts, NEGATIVE, POSITIVE } from '../../../src/site/connections/kernel-image.ts';
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

test('the picture has one pixel per value: full red at +scale, full blue at −scale, white at 0', async () => {
  assert.deepEqual(divergingColour(2, 2), POSITIVE);
  assert.deepEqual(divergingColour(-5, 2), NEGATIVE);
  assert.deepEqual(divergingColour(0, 2), [255, 255, 255]);
  const url = await kernelDataUrl(EDGE, 4, 1);
  const { data, info } = await sharp(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64')).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [4, 4, 3]);
  assert.deepEqual([...data.subarray(3, 6)], [...POSITIVE]);
  assert.deepEqual([...data.subarray(6, 9)], [...NEGATIVE]);
});
