import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { browserModelFiles, stagesByTarget, writeBrowserModel } from '../../../src/engine/browser-model/export.ts';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from '../../../src/engine/browser-model/float16.ts';
import { BrowserModel } from '../../../src/engine/browser-model/model-entry.ts';
import { createRuntime } from '../../../src/engine/runtime/select.ts';
import { networkStages } from '../../../src/engine/stages.ts';
import { caffeForward } from '../../../src/engine/transform/caffe.ts';
import { vgg16Layers } from '../../../src/engine/vgg16.ts';
import { loadKerasHdf5 } from '../../../src/engine/weights/hdf5.ts';
import { TINY_WIDTHS, tinyVggWeights } from '../../../src/engine/weights/random-vgg.ts';
import type { WeightSet } from '../../../src/engine/weights/types.ts';
import { useTempDir } from '../../weights/support.ts';

const REAL_WEIGHTS = path.resolve(import.meta.dirname, '../../../../shared/vgg16/vgg16_imagenet_block1_block2_notop.h5');
const tempDir = useTempDir('browser-model-');
const TINY = vgg16Layers(TINY_WIDTHS);
const tiny: WeightSet = { source: 'tiny', sha256: '0'.repeat(64), format: 'keras-hdf5', layers: tinyVggWeights({ upTo: 'block4_conv1' }) };

describe('float16', () => {
  it('rounds to the nearest half, ties to even, and keeps subnormals, infinities and signs', () => {
    const cases: Array<[number, number]> = [
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [65520, 0x7c00],
      [1e6, 0x7c00],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000],
      [3 * 2 ** -25, 0x0002],
      [1 + 2 ** -11, 0x3c00],
      [1 + 3 * 2 ** -11, 0x3c02],
      [-0, 0x8000],
    ];
    for (const [value, bits] of cases) assert.equal(toFloat16Bits(value), bits, `${value}`);
    assert.equal(fromFloat16Bits(0x7c00), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN))));
  });

  it('round-trips every finite half exactly, and a float32 within half a unit of its last place', () => {
    for (let bits = 0; bits < 0x7c00; bits += 7) assert.equal(toFloat16Bits(fromFloat16Bits(bits)), bits);
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const back = decodeFloat16(encodeFloat16(values));
    values.forEach((value, i) => assert.ok(Math.abs(back[i]! - value) <= Math.abs(value) * 2 ** -11 + 1e-12, `${value} → ${back[i]}`));
  });
});

describe('the browser model files', () => {
  it('give each atlas layer the stages it adds beyond the previous one', () => {
    const names = stagesByTarget(['block4_conv1', 'block1_conv1', 'block2_conv1']).map(({ target, stages }) => [target, stages.map((stage) => stage.name)]);
    assert.deepEqual(names, [
      ['block1_conv1', ['block1_conv1']],
      ['block2_conv1', ['block1_conv2', 'block1_pool', 'block2_conv1']],
      ['block4_conv1', ['block2_conv2', 'block2_pool', 'block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_pool', 'block4_conv1']],
    ]);
  });

  it('hold each convolution’s kernel then bias, named by their sha256', () => {
    const files = browserModelFiles(tiny, ['block1_conv1', 'block2_conv1'], 'float32', TINY);
    const [first, second] = files;
    assert.ok(first && second);
    const values = (bytes: Uint8Array) => new Float32Array(bytes.slice().buffer);
    const conv = (name: string) => tiny.layers.get(name)!;
    assert.deepEqual(values(first.bytes), Float32Array.from([...conv('block1_conv1').kernel, ...conv('block1_conv1').bias]));
    assert.deepEqual(values(second.bytes), Float32Array.from([...conv('block1_conv2').kernel, ...conv('block1_conv2').bias, ...conv('block2_conv1').kernel, ...conv('block2_conv1').bias]));
    for (const { entry, bytes } of files) {
      assert.equal(entry.bytes, bytes.byteLength);
      assert.match(entry.file, new RegExp(`^browser-model/${entry.name}\\.${entry.sha256.slice(0, 12)}\\.bin$`));
    }
    assert.deepEqual(second.entry.stages[0], { kind: 'conv', name: 'block1_conv2', inChannels: 4, outChannels: 4 });
    const half = browserModelFiles(tiny, ['block1_conv1'], 'float16', TINY)[0]!;
    assert.equal(half.bytes.byteLength, first.bytes.byteLength / 2);
  });

  it('are written with a manifest entry that parses, and replace an earlier model’s files', async () => {
    const dir = path.join(tempDir(), 'atlas');
    const stale = await writeBrowserModel(dir, tiny, ['block1_conv1'], 'float32', TINY);
    const model = await writeBrowserModel(dir, tiny, ['block1_conv1', 'block3_conv1'], 'float16', TINY);
    assert.equal(BrowserModel.parse(model).layers.length, 2);
    const written = (await readdir(path.join(dir, 'browser-model'))).sort();
    assert.deepEqual(written, model.layers.map((layer) => path.basename(layer.file)).sort());
    assert.ok(!written.includes(path.basename(stale.layers[0]!.file)));
    for (const layer of model.layers) assert.equal((await readFile(path.join(dir, layer.file))).byteLength, layer.bytes);
    await writeFile(path.join(dir, 'browser-model', 'notes.txt'), 'kept');
    await writeBrowserModel(dir, tiny, ['block1_conv1'], 'float16', TINY);
    assert.ok((await readdir(path.join(dir, 'browser-model'))).includes('notes.txt'), 'only .bin files are removed');
  });
});

/** A 224 px image made in code: stripes, a disc and a checkerboard, caffe-preprocessed. */
function testImage(): Float32Array {
  const side = 224;
  const rgb = new Float32Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 3;
      rgb[i] = 0.5 + 0.4 * Math.sin(x / 7 + y / 13);
      rgb[i + 1] = Math.hypot(x - 112, y - 112) < 60 ? 0.7 : 0.2;
      rgb[i + 2] = ((x >> 4) + (y >> 4)) % 2 ? 0.8 : 0.15;
    }
  }
  const bgr = new Float32Array(rgb.length);
  caffeForward(rgb, bgr);
  return bgr;
}

describe('float16 weights on the real network', { skip: existsSync(REAL_WEIGHTS) ? false : `${REAL_WEIGHTS} is missing` }, () => {
  it('move block1_conv1 and block2_conv1’s top mean activations by far less than 0.5 %, in the same order', async () => {
    const weights = await loadKerasHdf5(REAL_WEIGHTS);
    const halved: WeightSet = {
      ...weights,
      layers: new Map([...weights.layers].map(([name, conv]) => [name, { ...conv, kernel: decodeFloat16(encodeFloat16(conv.kernel)), bias: decodeFloat16(encodeFloat16(conv.bias)) }])),
    };
    const runtime = await createRuntime('onnx', 1);
    try {
      const images = { pixels: testImage(), count: 1, size: 224 };
      for (const layer of ['block1_conv1', 'block2_conv1']) {
        const means = (set: WeightSet) => runtime.layerNetwork(networkStages(set, layer), { activation: 'post-relu' }).meanActivations(images);
        const [exact, half] = [await means(weights), await means(halved)];
        const ranked = (values: Float32Array) => [...values.keys()].sort((a, b) => values[b]! - values[a]!);
        assert.deepEqual(ranked(half).slice(0, 5), ranked(exact).slice(0, 5), `${layer} top 5`);
        for (const index of ranked(exact).slice(0, 10)) {
          const relative = Math.abs(half[index]! - exact[index]!) / exact[index]!;
          assert.ok(relative < 0.001, `${layer} filter ${index}: ${exact[index]} → ${half[index]} (${(relative * 100).toFixed(3)} %)`);
        }
      }
    } finally {
      await runtime.dispose();
    }
  });
});
