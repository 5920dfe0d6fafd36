import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { renderStimulusRgb, stimulusSet } from '../../../src/engine/tuning/stimuli.ts';
import { tuningProtocol } from '../../../src/engine/tuning/tuning-entry.ts';
import { exampleStimuli, stimulusFileName, stimulusPath, stimulusPng } from '../../../src/site/tuning/images.ts';

const SET = stimulusSet({ size: 64 });
const PROTOCOL = tuningProtocol(SET);

async function pixels(png: Buffer): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

describe('tuning stimulus images', () => {
  it('names every stimulus of the set by its descriptor, each differently', () => {
    const names = SET.stimuli.map(stimulusFileName);
    assert.equal(new Set(names).size, SET.stimuli.length);
    assert.equal(stimulusFileName({ kind: 'luminance', orientation: 11.25, cyclesPerSide: 12, phase: 90 }), 'luminance-o11.25-f12-p90.png');
    assert.equal(stimulusFileName({ kind: 'patch', hue: null, chroma: 0, lightness: 0.75 }), 'gray-0.75.png');
    assert.equal(stimulusPath({ kind: 'patch', hue: 195, chroma: 0.6124, lightness: 0.5 }), 'tuning/stimuli/hue-195-c0.6124-l0.5.png');
    assert.ok(names.every((name) => /^[a-z0-9.-]+\.png$/.test(name)));
  });

  it('draws the exact stimulus the network saw (before the caffe conversion), in 8 bits', async () => {
    for (const stimulus of [SET.stimuli[100]!, SET.stimuli.at(-10)!, ...exampleStimuli(PROTOCOL)]) {
      const { data, width, height, channels } = await pixels(await stimulusPng(stimulus, PROTOCOL));
      assert.deepEqual([width, height, channels], [64, 64, 3]);
      const rgb = renderStimulusRgb(stimulus, 64, PROTOCOL.contrast);
      for (let i = 0; i < rgb.length; i++) assert.ok(Math.abs(data[i]! - rgb[i]! * 255) <= 0.5, `${stimulusFileName(stimulus)} byte ${i}`);
    }
  });

  it('follows the conventions: 0° stripes vary down the rows, 90° across the columns, 45° rise to the right', async () => {
    const image = async (orientation: number) => (await pixels(await stimulusPng({ kind: 'luminance', orientation, cyclesPerSide: 4, phase: 0 }, PROTOCOL))).data;
    const at = (data: Buffer, x: number, y: number) => data[(y * 64 + x) * 3]!;
    const horizontal = await image(0);
    const vertical = await image(90);
    const rising = await image(45);
    for (let k = 0; k < 64; k++) {
      assert.equal(at(horizontal, k, 10), at(horizontal, 0, 10), 'constant along a row');
      assert.equal(at(vertical, 10, k), at(vertical, 10, 0), 'constant down a column');
    }
    // Along a stripe rising to the right: one step right is one step up (rows go down).
    for (let k = 0; k < 20; k++) assert.ok(Math.abs(at(rising, 20 + k, 40 - k) - at(rising, 20, 40)) <= 1);
    assert.ok(Math.abs(at(rising, 30, 30) - at(rising, 20, 40)) <= 1);
    assert.ok(Math.abs(at(rising, 30, 50) - at(rising, 20, 40)) > 50, 'not along a falling diagonal');
  });

  it('gives the /tuning/ page gratings at the four named orientations, colour gratings and hues', () => {
    const examples = exampleStimuli(PROTOCOL);
    assert.deepEqual(
      examples.filter((s) => s.kind === 'luminance').map((s) => (s.kind === 'patch' ? -1 : s.orientation)),
      [0, 45, 90, 135, 0],
    );
    assert.ok(examples.some((s) => s.kind === 'red-green') && examples.some((s) => s.kind === 'blue-yellow'));
    assert.deepEqual(examples.filter((s) => s.kind === 'patch').map((s) => (s.kind === 'patch' ? s.hue : null)), [0, 120, 240]);
  });
});
