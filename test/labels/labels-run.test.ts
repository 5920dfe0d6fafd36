/**
 * Labels, families and neighbours end to end on the tiny model: planted edge kernels get their
 * orientation in degrees, a dead filter says so, ids are stable, the labels cache never makes a
 * pattern render again, and shards merge into the same labels.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mergeShards } from '../../src/atlas/merge.ts';
import { labelReport } from '../../src/atlas/labels/report.ts';
import { labelsMain } from '../../src/cli/labels.ts';
import type { Manifest } from '../../src/atlas/manifest.ts';
import { readMaxima, filterMaxima } from '../../src/engine/examples/maxima.ts';
import type { PrecomputeSummary } from '../../src/atlas/precompute.ts';
import { writeClassExampleSet } from '../helpers/class-example-set.ts';
import { runPrecompute, withDeadFilter, writeTinyModel } from '../helpers/run-atlas.ts';
import { tinyVggWeights } from '../helpers/tiny-model.ts';
import { DIAGONAL_DOWN_RIGHT, DIAGONAL_UP_RIGHT, plantFilter, SOBEL_HORIZONTAL_EDGE, SOBEL_VERTICAL_EDGE } from '../helpers/tuning-kernels.ts';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';

/** block1_conv1's four filters, planted: the orientation each must be labelled with (the tuning's convention). */
const PLANTED = [
  { kernel: SOBEL_VERTICAL_EDGE, degrees: 90 },
  { kernel: SOBEL_HORIZONTAL_EDGE, degrees: 0 },
  { kernel: DIAGONAL_DOWN_RIGHT, degrees: 45 },
  { kernel: DIAGONAL_UP_RIGHT, degrees: 135 },
] as const;
const DEAD = 2;
const HANGUL = /[\uac00-\ud7a3]/;

const circular = (a: number, b: number): number => Math.min(Math.abs(a - b) % 180, 180 - (Math.abs(a - b) % 180));

describe('labels on the tiny model with planted block1_conv1 edges and a dead block2_conv1 filter', () => {
  let dir: string;
  let flags: (out: string, ...extra: string[]) => string[];
  let first: PrecomputeSummary;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-labels-'));
    const layers = withDeadFilter(tinyVggWeights(), 'block2_conv1', DEAD);
    const conv = layers.get('block1_conv1')!;
    PLANTED.forEach(({ kernel }, filter) => plantFilter(conv, filter, kernel, [1, 1, 1], 0));
    const weights = await writeTinyModel(dir, layers);
    await writeClassExampleSet(path.join(dir, 'images'), 5, 40);
    flags = (out, ...extra) => [
      ...['--weights', weights, '--layers', 'block1_conv1,block2_conv1', '--methods', 'classic', '--size', '32', '--steps', '2', '--tuning'],
      ...['--examples', `${path.join(dir, 'images')}/**/*`, '--examples-size', '32', '--examples-k', '4', '--out', path.join(dir, out), ...extra],
    ];
    first = await runPrecompute(flags('whole'), path.join(dir, 'cache'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const labelOf = (manifest: Manifest, layer: string, index: number) => manifest.labels!.find((label) => label.layer === layer && label.index === index)!;

  it('every planted edge kernel is labelled with its orientation in degrees, in English and Korean', () => {
    PLANTED.forEach(({ degrees }, index) => {
      const label = labelOf(first.manifest, 'block1_conv1', index);
      const fact = label.facts.find((candidate) => candidate.kind === 'orientation');
      assert.ok(fact, `filter ${index} (${degrees}°) has an orientation fact: ${label.text.en}`);
      assert.ok(circular(fact.value!, degrees) <= 12, `filter ${index}: labelled ${fact.value}°, planted ${degrees}°`);
      assert.match(label.text.en, new RegExp(`edge at ${fact.value}°`, 'i'));
      assert.match(label.text.ko, new RegExp(`${fact.value}° 방향`));
    });
  });

  it('every filter has a label in both languages, the Korean in Hangul, one family and at most 6 neighbours of its layer', () => {
    const { labels, families, filters } = first.manifest;
    assert.equal(labels!.length, filters.length, 'one label per rendered filter');
    for (const label of labels!) {
      assert.ok(label.text.en.length > 0 && HANGUL.test(label.text.ko), `${label.layer} ${label.index}: ${label.text.ko}`);
      assert.equal(families!.filter((family) => family.layer === label.layer && family.members.includes(label.index)).length, 1);
      assert.ok(label.similar.every((neighbour) => neighbour.index !== label.index));
    }
    for (const layer of first.manifest.labelsProtocol!.layers) assert.equal(layer.similarity, 'examples-maxima', 'with an example set, neighbours are by per-image maxima');
  });

  it('npm run labels reports each layer: every label in both languages, every OSI ≥ 0.3 filter named in degrees', () => {
    const [block1, block2] = labelReport(first.manifest);
    assert.deepEqual({ filters: block1!.filters, bothLanguages: block1!.bothLanguages, orientationNamed: block1!.orientationNamed, orientationSelective: block1!.orientationSelective }, { filters: 4, bothLanguages: 4, orientationNamed: 4, orientationSelective: 4 });
    assert.equal(block2!.bothLanguages, 6);
    assert.ok(block2!.specific < 1, 'the dead filter is not specific');
  });

  it('the dead filter says so plainly and sits in the silent family', () => {
    const label = labelOf(first.manifest, 'block2_conv1', DEAD);
    assert.deepEqual(label.facts.map((fact) => fact.kind), ['unresponsive', 'dead']);
    assert.equal(label.family, 'silent');
    assert.deepEqual(label.similar, []);
    assert.ok(first.manifest.families!.some((family) => family.id === 'silent' && family.members.includes(DEAD) && family.layer === 'block2_conv1'));
  });

  it('the per-image maxima are kept beside the examples cache, consistent with the top examples', async () => {
    const states = path.join(dir, 'cache', 'examples-state');
    const files = (await readdir(states)).filter((file) => file.endsWith('.maxima.bin'));
    assert.equal(files.length, 2, 'one matrix per layer');
    for (const file of files) {
      const maxima = (await readMaxima(path.join(states, file)))!;
      assert.equal(maxima.images.length, 20);
      for (const entry of first.manifest.examples!.filter((candidate) => candidate.layer === maxima.layer)) {
        const column = filterMaxima(maxima, entry.index);
        for (const example of entry.top) assert.equal(column[maxima.images.indexOf(example.image)], Math.fround(example.value));
        assert.equal(Math.max(...column), Math.fround(entry.top[0]!.value), `${maxima.layer} ${entry.index}: the top example holds the largest maximum`);
      }
    }
  });

  it('a rerun gives the same labels and family ids; with the labels cache gone nothing renders again and the labels are the same', async () => {
    const again = await runPrecompute(flags('whole'), path.join(dir, 'cache'));
    assert.deepEqual(again.manifest.labels, first.manifest.labels);
    assert.deepEqual(again.manifest.families!.map((family) => family.id), first.manifest.families!.map((family) => family.id));
    await rm(path.join(dir, 'cache', 'labels'), { recursive: true });
    const relabelled = await runPrecompute(flags('whole'), path.join(dir, 'cache'));
    assert.equal(relabelled.rendered, 0, 'no pattern renders for a new labelling');
    assert.equal(relabelled.tuningMeasured, 0);
    assert.deepEqual(relabelled.examples?.measuredLayers, []);
    assert.deepEqual(relabelled.manifest.labels, first.manifest.labels);
    assert.deepEqual(relabelled.manifest.families, first.manifest.families);
    assert.ok((await readdir(path.join(dir, 'cache', 'labels'))).length === 2, 'the labels are cached again, one file per layer');
  });

  it('a shard has no labels; the merge of two shards has the unsharded labels, families and protocol', async () => {
    for (const index of [1, 2]) {
      const shard = await runPrecompute(flags(`shard-${index}`, '--shard', `${index}/2`), path.join(dir, `cache-${index}`));
      assert.equal(shard.manifest.labels, undefined, `shard ${index} leaves the labels to merge`);
    }
    await assert.rejects(labelsMain(['--out', path.join(dir, 'shard-1')]), /has no labels/, 'npm run labels on an atlas without labels fails in one line');
    const maximaFile = path.join(dir, 'shard-2', 'examples', 'state', 'block2_conv1.maxima.bin');
    const kept = await readFile(maximaFile);
    await rm(maximaFile);
    await assert.rejects(mergeShards(path.join(dir, 'merged'), [path.join(dir, 'shard-1'), path.join(dir, 'shard-2')], { log: () => undefined }), /block2_conv1\.maxima\.bin is missing or unreadable/);
    await writeFile(maximaFile, kept);
    const merged = await mergeShards(path.join(dir, 'merged'), [path.join(dir, 'shard-2'), path.join(dir, 'shard-1')], { log: () => undefined });
    assert.deepEqual(merged.manifest.labels, first.manifest.labels);
    assert.deepEqual(merged.manifest.families, first.manifest.families);
    assert.deepEqual(merged.manifest.labelsProtocol, first.manifest.labelsProtocol);
  });
});
