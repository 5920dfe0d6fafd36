import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import opentype from 'opentype.js';
import subsetFont from 'subset-font';
import {
  fontFaceRule,
  formatUnicodeRange,
  koreanFontFaces,
  LANGUAGE_SWITCH_TEXT,
  siteCharacters,
  uncovered,
} from '../../src/site/korean-font.ts';
import { PROJECT_ROOT } from './helpers/built-site.ts';

function codePoints(text: string): Set<number> {
  return new Set([...text].map((character) => character.codePointAt(0) ?? 0));
}

describe('the Korean web font, cut down to the site', () => {
  it('makes, per weight, a face for the language switch and one for the rest of the site, without basic Latin', async () => {
    const site = siteCharacters(PROJECT_ROOT, '/nonexistent/manifest.json');
    const faces = await koreanFontFaces(PROJECT_ROOT, site);
    assert.deepEqual(
      faces.map((face) => `${face.weight} ${face.group}`),
      ['400 switch', '400 site', '700 switch', '700 site'],
    );
    const switchFace = faces.find((face) => face.group === 'switch');
    assert.deepEqual(switchFace?.codePoints, [...codePoints(LANGUAGE_SWITCH_TEXT)].sort((a, b) => a - b));
    for (const face of faces) {
      assert.ok(face.codePoints.every((codePoint) => codePoint > 0x7f), 'no ASCII: Latin stays with the system fonts');
      const woff2 = await readFile(path.join(PROJECT_ROOT, face.file));
      assert.equal(woff2.subarray(0, 4).toString('latin1'), 'wOF2');
      assert.equal(woff2.length, face.bytes);
      // The subset holds a glyph for each of its code points.
      const ttf = await subsetFont(woff2, String.fromCodePoint(...face.codePoints), { targetFormat: 'truetype' });
      const font = opentype.parse(ttf.buffer.slice(ttf.byteOffset, ttf.byteOffset + ttf.byteLength) as ArrayBuffer);
      assert.ok(face.codePoints.every((codePoint) => font.hasChar(String.fromCodePoint(codePoint))), `${face.file} has every glyph`);
      const rule = fontFaceRule(face);
      assert.match(rule, new RegExp(`src: url\\(/${face.file.replaceAll('.', '\\.')}\\) format\\('woff2'\\);`));
      assert.match(rule, new RegExp(`font-weight: ${face.weight};`));
      assert.match(rule, /font-display: swap;/);
    }
    const main = faces.filter((face) => face.group === 'site');
    assert.ok(main.every((face) => face.bytes < 45_000), `${main.map((face) => face.bytes).join(', ')} bytes`);
    // Every Hangul syllable the site can show is in a face.
    const hangul = [...site].filter((codePoint) => /\p{Script=Hangul}/u.test(String.fromCodePoint(codePoint)));
    assert.ok(hangul.length > 200, `${hangul.length} Hangul characters`);
    assert.deepEqual(uncovered(String.fromCodePoint(...hangul), faces), []);
  });

  it('writes unicode-range as ranges of consecutive code points', () => {
    assert.equal(formatUnicodeRange([0xac01, 0xac00, 0xb0b4, 0xac02]), 'U+ac00-ac02,U+b0b4');
  });

  it('finds Hangul on a page that no face covers', async () => {
    const faces = await koreanFontFaces(PROJECT_ROOT, codePoints('한국어 필터'));
    assert.deepEqual(uncovered('한국어 필터 English ©', faces), []);
    assert.deepEqual(uncovered('한국어 똠', faces), ['똠'.codePointAt(0)]);
  });
});
