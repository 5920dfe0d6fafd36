import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { covers, facesFor, koreanFontFaces, siteCharacters, uncovered } from '../../src/site/korean-font.ts';
import { PROJECT_ROOT } from './helpers/built-site.ts';

async function fontsourceCss(weight: number): Promise<string> {
  return readFile(fileURLToPath(import.meta.resolve(`@fontsource/noto-sans-kr/${weight}.css`)), 'utf8');
}

function codePoints(text: string): Set<number> {
  return new Set([...text].map((character) => character.codePointAt(0) ?? 0));
}

describe('the Korean web font stylesheet', () => {
  it('keeps the numbered (Hangul and CJK) subsets of a weight, woff2 only, without basic Latin', async () => {
    const faces = koreanFontFaces(await fontsourceCss(400));
    assert.equal(faces.length, 120);
    for (const face of faces) {
      assert.match(face.rule, /src: url\(@fontsource\/noto-sans-kr\/files\/noto-sans-kr-\d+-400-normal\.woff2\) format\('woff2'\);/);
      assert.doesNotMatch(face.rule, /\.woff\)|latin|cyrillic/);
      assert.match(face.rule, /font-weight: 400;/);
      assert.ok(face.ranges.every(([low]) => low >= 0x80), 'no ASCII: Latin stays with the system fonts');
    }
    assert.ok(faces.every((face) => !covers(face, 0x20)), 'no subset claims the space, so none is fetched just for line metrics');
  });

  it('declares only the subsets holding characters the site shows', async () => {
    const faces = koreanFontFaces(await fontsourceCss(400));
    const language = facesFor(faces, codePoints('한국어'));
    assert.equal(language.length, 2);
    const site = facesFor(faces, siteCharacters(PROJECT_ROOT, '/nonexistent/manifest.json'));
    assert.ok(site.length > language.length && site.length < 40, `${site.length} subsets`);
    for (const face of language) assert.ok(site.includes(face));
  });

  it('finds Hangul on a page that no declared subset covers', async () => {
    const faces = koreanFontFaces(await fontsourceCss(400));
    const kept = facesFor(faces, codePoints('한국어'));
    assert.deepEqual(uncovered('한국어 English ©', faces, kept), []);
    assert.deepEqual(uncovered('한국어 똠', faces, kept), ['똠'.codePointAt(0)]);
  });
});
