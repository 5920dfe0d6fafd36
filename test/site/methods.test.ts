import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterEntry, Manifest, MethodName } from '../../src/atlas/manifest.ts';
import { describeMethod } from '../../src/engine/method/describe.ts';
import { ui } from '../../src/site/i18n.ts';
import { comparisonExamples, layerMethodPath } from '../../src/site/methods.ts';
import { filterParameterGroups, modelParameterGroups } from '../../src/site/parameters.ts';
import { pixelExactSides } from '../../src/site/pixel-exact.ts';
import { buildSiteAtlas, filterByMethod, findLayer, methodView, neighboursOf } from '../../src/site/site-atlas.ts';

const CLASSIC = describeMethod({ name: 'classic', size: 64, steps: 40, step: 1, seed: 0 });
const ENHANCED = describeMethod({ name: 'enhanced', size: 96, steps: 96, learningRate: 0.05, seed: 0, transforms: 'periodic', objective: 'post-relu', preReluStart: true, schedule: 'cosine', weightDecay: 0 });

function filter(method: MethodName, layer: string, index: number, status: FilterEntry['status'] = 'ok'): FilterEntry {
  const size = method === 'classic' ? 64 : 96;
  const stem = method === 'classic' ? `${layer}/${index}` : `${layer}/enhanced/${index}`;
  return { method, layer, index, image: `${stem}.png`, webp: `${stem}.webp`, width: size, height: size, loss: [0, 1, 2], status, cacheKey: `${method}-${layer}-${index}` };
}

/** Two layers; block2_conv1 has filters 0, 1, 3 in both methods (1 dead in classic), filter 5 only in enhanced. */
function manifest(methods = [CLASSIC, ENHANCED]): Manifest {
  const names = methods.map((method) => method.params.name);
  const filters = [
    ...[0, 1].map((index) => filter('classic', 'block1_conv1', index)),
    ...[0, 1].map((index) => filter('enhanced', 'block1_conv1', index)),
    filter('classic', 'block2_conv1', 0),
    filter('classic', 'block2_conv1', 1, 'dead'),
    filter('classic', 'block2_conv1', 3),
    ...[3, 1, 0, 5].map((index) => filter('enhanced', 'block2_conv1', index)),
  ].filter((entry) => names.includes(entry.method));
  return {
    schemaVersion: 2,
    engineVersion: 'test',
    model: { name: 'VGG16', weights: { source: 'vgg16.h5', sha256: 'a'.repeat(64), format: 'keras-hdf5' } },
    methods,
    backend: 'cpu',
    layers: ['block1_conv1', 'block2_conv1'].map((name) => ({
      name,
      filterCount: 64,
      sheets: Object.fromEntries(names.map((method) => [method, { contactSheet: `${name}/${method === 'classic' ? '' : 'enhanced/'}contact-sheet.png` }])),
    })),
    filters,
    timings: { startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:01:00Z', wallSeconds: 60, rendered: filters.length, cached: 0, workers: 1 },
  };
}

describe('pixelExactSides: whole-number enlargements side by side', () => {
  it('draws 64 and 96 px patterns at one side where a common multiple fits, else each at its own largest multiple', () => {
    assert.deepEqual(pixelExactSides([64, 96], 512), [384, 384], '×6 and ×4');
    assert.deepEqual(pixelExactSides([64, 96], 400), [384, 384]);
    assert.deepEqual(pixelExactSides([64, 96], 338), [320, 288], 'a common 192 would be far smaller than 288');
    assert.deepEqual(pixelExactSides([64, 96], 338, 0.5), [192, 192]);
    assert.deepEqual(pixelExactSides([64], 512), [512]);
    assert.deepEqual(pixelExactSides([32, 32], 512), [512, 512]);
    assert.deepEqual(pixelExactSides([600, 64], 512), [512, 512], 'a pattern larger than the box is drawn at the box');
    for (const [sides, box] of [[[64, 96], 512], [[64, 96], 338], [[48, 96], 300], [[64, 100], 512]] as const) {
      const drawn = pixelExactSides(sides, box);
      drawn.forEach((side, k) => assert.ok(side <= box && side % (sides[k] ?? 1) === 0, `${sides[k]} px at ${side} in ${box}`));
    }
    assert.throws(() => pixelExactSides([0, 64], 512), /positive integers/);
  });
});

describe('the site atlas with several methods', () => {
  it('keeps one filter page per rendered index, the primary (classic) entry where there is one', () => {
    const atlas = buildSiteAtlas(manifest(), '/data');
    assert.equal(atlas.primary, CLASSIC);
    assert.deepEqual(atlas.methods, [CLASSIC, ENHANCED]);
    const layer = findLayer(atlas, 'block2_conv1');
    assert.deepEqual(layer.filters.map((entry) => `${entry.method} ${entry.index}`), ['classic 0', 'classic 1', 'classic 3', 'enhanced 5']);
    assert.deepEqual(layer.methods.map((view) => [view.method.params.name, view.filters.map((entry) => entry.index)]), [
      ['classic', [0, 1, 3]],
      ['enhanced', [0, 1, 3, 5]],
    ]);
    assert.deepEqual(layer.sheets, { contactSheet: 'block2_conv1/contact-sheet.png' });
    assert.deepEqual(methodView(layer, 'enhanced')?.sheets, { contactSheet: 'block2_conv1/enhanced/contact-sheet.png' });
    assert.deepEqual(filterByMethod(layer, 1).map(({ method, filter: entry }) => [method.params.name, entry.status]), [
      ['classic', 'dead'],
      ['enhanced', 'ok'],
    ]);
    assert.deepEqual(filterByMethod(layer, 5).map(({ method }) => method.params.name), ['enhanced']);
    // Neighbours run over every filter page, whichever methods drew it.
    const { previous, next } = neighboursOf(layer, 3);
    assert.deepEqual([previous?.index, next?.index], [1, 5]);
  });

  it('puts the primary method on the layer page and every other method on a page below it', () => {
    const atlas = buildSiteAtlas(manifest(), '/data');
    assert.equal(layerMethodPath(atlas, 'block2_conv1', 'classic'), 'block2_conv1/');
    assert.equal(layerMethodPath(atlas, 'block2_conv1', 'enhanced'), 'block2_conv1/enhanced/');
    const enhancedOnly = buildSiteAtlas(manifest([ENHANCED]), '/data');
    assert.equal(enhancedOnly.primary, ENHANCED);
    assert.equal(layerMethodPath(enhancedOnly, 'block2_conv1', 'enhanced'), 'block2_conv1/');
  });

  it('picks the comparison page’s examples from the deepest layer, live in every method', () => {
    const atlas = buildSiteAtlas(manifest(), '/data');
    assert.deepEqual(comparisonExamples(atlas, 4).map(({ layer, index }) => `${layer.entry.name} ${index}`), ['block2_conv1 0', 'block2_conv1 3']);
    assert.deepEqual(comparisonExamples(atlas, 1).length, 1);
    assert.deepEqual(comparisonExamples(buildSiteAtlas(manifest([CLASSIC]), '/data'), 4), []);
  });
});

describe('parameters of several methods', () => {
  it('lists the shared facts once, then each method under its own heading, with every parameter the manifest records', () => {
    for (const locale of ['en', 'ko'] as const) {
      const strings = ui(locale);
      const atlas = buildSiteAtlas(manifest(), '/data');
      const [shared, classic, enhanced, ...rest] = modelParameterGroups(atlas.manifest, atlas.methods, strings, locale);
      assert.equal(rest.length, 0);
      assert.equal(shared?.heading, undefined);
      assert.deepEqual([classic?.method, enhanced?.method], ['classic', 'enhanced']);
      assert.deepEqual([classic?.id, enhanced?.id], ['parameters-classic', 'parameters-enhanced']);
      const value = (group: typeof classic, label: string) => group?.rows.find((row) => row.label === label)?.value;
      const words = strings.methods;
      assert.equal(value(shared, strings.labels.filtersRendered), `${words.countIn(5, 'classic')}, ${words.countIn(6, 'enhanced')}`);
      assert.equal(value(classic, strings.labels.stepSize), '1');
      assert.equal(value(classic, words.labels.objective), words.lossAxis['post-relu']);
      assert.equal(value(classic, words.labels.preprocessing), words.preprocessingValue.raw);
      assert.equal(value(enhanced, strings.labels.steps), '96');
      assert.equal(value(enhanced, words.labels.learningRate), `0.05, ${words.scheduleValue.cosine}`);
      assert.match(value(enhanced, words.labels.transforms) ?? '', /^periodic: /);
      assert.equal(value(enhanced, words.labels.objective), words.objectiveValue('post-relu', true));
      assert.notEqual(words.objectiveValue('post-relu', true), words.lossAxis['post-relu']);
      assert.equal(value(enhanced, words.labels.preprocessing), words.preprocessingValue.caffe);
      assert.equal(value(enhanced, strings.labels.imageSize), strings.imageSizeValue(96, 96));
      assert.equal(value(enhanced, words.labels.inputSize), undefined, 'the periodic set shows the network the image at its own size');
      assert.equal(value(enhanced, strings.labels.stepSize), undefined);

      const layer = findLayer(atlas, 'block2_conv1');
      const groups = filterParameterGroups(filterByMethod(layer, 1), atlas.manifest, strings, locale);
      assert.deepEqual(groups.map((group) => group.method), [undefined, 'classic', 'enhanced']);
      assert.equal(value(groups[0], strings.labels.index), '1');
      assert.equal(value(groups[0], strings.labels.filtersRendered), undefined);
      assert.equal(value(groups[1], strings.labels.status), strings.status.dead);
      assert.equal(value(groups[2], strings.labels.status), strings.status.ok);
      assert.equal(value(groups[2], strings.labels.finalLoss), '2');
    }
    const lucid = describeMethod({ name: 'enhanced', size: 96, steps: 96, learningRate: 0.05, seed: 0, transforms: 'lucid', objective: 'post-relu', preReluStart: false, schedule: 'constant', weightDecay: 0 });
    const strings = ui('en');
    const [, group] = modelParameterGroups(manifest([lucid]), [lucid], strings, 'en');
    const labels = strings.methods.labels;
    assert.equal(group?.rows.find((row) => row.label === labels.inputSize)?.value, strings.imageSizeValue(lucid.inputSize, lucid.inputSize));
    assert.ok(lucid.inputSize > 96, 'Lucid’s set pads the image');
    assert.equal(group?.rows.find((row) => row.label === labels.objective)?.value, strings.methods.lossAxis['post-relu']);
  });
});
