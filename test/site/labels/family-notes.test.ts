/**
 * A family note that names a layer or family the atlas does not have stops the site build with one
 * line naming the file, before anything is written; and the pieces the labelled pages are made
 * of: a label cut into linked facts, and the card's wrapped, glyph-safe label line.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FilterLabel, Manifest } from '../../../src/atlas/manifest.ts';
import { cardFont, cardSafeText, wrapText } from '../../../src/site/card-text.ts';
import { siteCharacters } from '../../../src/site/korean-font.ts';
import { labelSegments } from '../../../src/site/labels/label-text.ts';
import { formatScore, labelStrings } from '../../../src/site/labels/i18n.ts';
import { FAMILY_NOTES_ENV, verifyFamilyNotes } from '../../../src/site/labels/notes.ts';
import { buildFixtureAtlas } from '../../helpers/fixture-atlas.ts';
import { makeTempDir, runSiteCli } from '../helpers/built-site.ts';
import { withFixtureLabels } from '../helpers/fixture-labels.ts';

let workDir = '';
let dataDir = '';
let manifest: Manifest;

before(async () => {
  workDir = await makeTempDir('atlas-family-notes-errors');
  dataDir = path.join(workDir, 'data');
  manifest = withFixtureLabels(await buildFixtureAtlas(dataDir));
  await writeFile(path.join(dataDir, 'manifest.json'), JSON.stringify(manifest));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

let caseNumber = 0;
/** A notes directory holding one note at `relative`. */
async function notesWith(relative: string): Promise<string> {
  const dir = path.join(workDir, `notes-${++caseNumber}`);
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), '---\nname: Anything\n---\n');
  return dir;
}

describe('family notes that name nothing in the atlas', () => {
  const family = () => manifest.families?.find((candidate) => candidate.layer === 'block1_conv1')?.id ?? '';

  for (const [what, relative, message] of [
    ['a family id the layer does not have', 'en/block1_conv1/no-such-family.md', /names family no-such-family, which block1_conv1 does not have \(its families: /],
    ['a layer the atlas does not have', 'ko/block9_conv9/edges.md', /names layer block9_conv9, which has no families in the atlas$/],
  ] as const) {
    it(`fail the site build with one line naming the file: ${what}`, async () => {
      const notes = await notesWith(relative);
      const distDir = path.join(workDir, `dist-${caseNumber}`);
      const run = await runSiteCli(['--out', dataDir, '--dist', distDir], { [FAMILY_NOTES_ENV]: notes });
      assert.notEqual(run.code, 0);
      const [line, hint] = run.stderr.trim().split('\n');
      assert.match(line ?? '', new RegExp(`^site: error: family note ${path.join(notes, relative).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `));
      assert.match(line ?? '', message);
      assert.match(hint ?? '', /^ {2}hint: a note is content\/families\/<locale>\/<layer>\/<family id>\.md/);
      assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
      await assert.rejects(stat(distDir), 'no site was written');
    });
  }

  it('accept a note for a family the atlas has, and a locale or file shape it does not know fails', async () => {
    assert.doesNotThrow(() => verifyFamilyNotes(path.join(workDir, 'no-notes-at-all'), manifest));
    verifyFamilyNotes(await notesWith(`ko/block1_conv1/${family()}.md`), manifest);
    const otherLayer = await notesWith(`en/block2_conv1/${family()}-x.md`);
    assert.throws(() => verifyFamilyNotes(otherLayer, manifest), /names family .*-x, which block2_conv1 does not have/);
    // An atlas made without labels shows no family and uses no note: nothing to check.
    assert.doesNotThrow(() => verifyFamilyNotes(otherLayer, { ...manifest, families: [] }));
    const french = await notesWith(`fr/block1_conv1/${family()}.md`);
    assert.throws(() => verifyFamilyNotes(french, manifest), /for locale "fr", which the site does not have \(en, ko\)/);
    const flat = await notesWith(`en/${family()}.md`);
    assert.throws(() => verifyFamilyNotes(flat, manifest), /is not <locale>\/<layer>\/<family id>\.md/);
  });

  it('the shipped content/families explains how to write a note', async () => {
    const readme = await readFile(path.resolve(import.meta.dirname, '../../../content/families/README.md'), 'utf8');
    assert.match(readme, /content\/families\/<locale>\/<layer>\/<family id>\.md/);
  });
});

describe('a label cut into linked facts', () => {
  const label: FilterLabel = {
    layer: 'block1_conv1',
    index: 3,
    text: { en: 'edge at 45°, strongly; blue', ko: '45° 방향의 경계, 강하게; 파랑' },
    facts: [
      { kind: 'orientation', section: 'orientation', value: 45, text: { en: 'edge at 45°, strongly', ko: '45° 방향의 경계, 강하게' } },
      { kind: 'hue', section: 'hue', value: 220, text: { en: 'blue', ko: '파랑' } },
    ],
    family: 'edges',
    similar: [],
  };
  const shown = new Map([['orientation', 'tuning-orientation-curve']] as const);

  it('links each fact’s words where the text says them, and only to sections the page shows', () => {
    assert.deepEqual(labelSegments(label, 'en', shown), {
      segments: [{ text: 'edge at 45°, strongly', section: 'tuning-orientation-curve' }, { text: '; ' }, { text: 'blue', section: undefined }],
      unplaced: [],
    });
    assert.equal(labelSegments(label, 'ko', shown).segments.map((segment) => segment.text).join(''), label.text.ko);
  });

  it('keeps a text worded otherwise whole and lists its facts beside it', () => {
    const reworded = { ...label, text: { ...label.text, en: 'a blue edge at 45°' } };
    const { segments, unplaced } = labelSegments(reworded, 'en', shown);
    assert.deepEqual(segments, [{ text: 'a blue edge at 45°' }]);
    assert.deepEqual(unplaced.map((fact) => fact.section), ['tuning-orientation-curve', undefined]);
  });
});

describe('the Korean web font and the family notes', () => {
  it('takes the characters of notes kept outside content/ (ATLAS_FAMILY_NOTES)', async () => {
    const dir = path.join(workDir, 'font-notes');
    await mkdir(path.join(dir, 'ko', 'block1_conv1'), { recursive: true });
    await writeFile(path.join(dir, 'ko', 'block1_conv1', 'x.md'), '---\nname: 똠얌꿍\n---\n');
    const root = path.resolve(import.meta.dirname, '../../..');
    const manifestPath = path.join(dataDir, 'manifest.json');
    const without = siteCharacters(root, manifestPath);
    const withNotes = siteCharacters(root, manifestPath, [dir]);
    assert.equal(without.has('똠'.codePointAt(0) ?? 0), false);
    assert.ok(withNotes.has('똠'.codePointAt(0) ?? 0));
    // …and the manifest's Korean labels and family names.
    for (const family of manifest.families ?? []) for (const character of family.name.ko) assert.ok(without.has(character.codePointAt(0) ?? 0) || character.codePointAt(0)! <= 0x7f, character);
  });
});

describe('the similar filters’ sentence', () => {
  it('names the basis the manifest used, in both languages', () => {
    assert.match(labelStrings('en').similarBasis['examples-maxima'](1200), /highest pre-ReLU value per image, over the 1,200 images of the example set/);
    assert.match(labelStrings('en').similarBasis['tuning-responses'](1200), /responses to the tuning stimuli/);
    assert.match(labelStrings('ko').similarBasis['examples-maxima'](1200), /예시 이미지 1,200장 각각에서 구한 ReLU 이전 최댓값/);
    assert.match(labelStrings('ko').similarBasis['tuning-responses'](undefined), /튜닝 자극/);
    assert.equal(formatScore(-0.004), '0.00');
    assert.equal(formatScore(-0.126), '−0.13');
  });
});

describe('the card’s label line', () => {
  it('draws what the Latin card font lacks another way, and keeps the degree sign', async () => {
    const font = await cardFont(400);
    assert.ok(font.hasChar('°'));
    assert.equal(font.hasChar('≥'), false);
    assert.equal(await cardSafeText('OSI ≥ 0.3, edge at 45° → 한', 400), 'OSI >= 0.3, edge at 45° -> ');
  });

  it('wraps onto at most three lines that fit, ending a cut text with an ellipsis', async () => {
    const font = await cardFont(400);
    const long = Array.from({ length: 40 }, (_, k) => `word${k}`).join(' ');
    const lines = await wrapText({ text: long, size: 30, weight: 400 }, 400, 3);
    assert.equal(lines.length, 3);
    for (const line of lines) assert.ok(font.getAdvanceWidth(line.text, line.size) <= 400, line.text);
    assert.ok(lines[2]?.text.endsWith('…'));
    assert.deepEqual((await wrapText({ text: 'edge at 45°', size: 30, weight: 400 }, 400, 3)).map((line) => line.text), ['edge at 45°']);
  });
});
