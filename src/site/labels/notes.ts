/**
 * A person's words for a family: content/families/<locale>/<layer>/<family id>.md, whose
 * frontmatter `name` renames the family and whose body is a comment shown under its description
 * (the `familyNotes` collection, src/content.config.ts). The files are keyed by their path, so a
 * note for a layer or family the atlas does not have is found before the build, by listing them:
 * the build then stops with one line naming the file.
 */
import path from 'node:path';
import fg from 'fast-glob';
import { AtlasError } from '../../errors.ts';
import type { Manifest } from '../../atlas/manifest.ts';
import { LOCALES } from '../i18n.ts';

/** Where the notes live, relative to the project root; FAMILY_NOTES_ENV points elsewhere (the tests do). */
export const FAMILY_NOTES_DIR = 'content/families';
export const FAMILY_NOTES_ENV = 'ATLAS_FAMILY_NOTES';
/** The notes' glob below their directory; README.md (how to write one) is matched too, so the collection is never empty. */
export const FAMILY_NOTES_PATTERN = ['*/*/*.md', 'README.md'];
export const FAMILY_NOTES_README = 'readme';

/** The notes directory: $ATLAS_FAMILY_NOTES (absolute, or relative to the working directory), else content/families. */
export function familyNotesDir(env: Readonly<Record<string, string | undefined>>, dirs: { cwd: string; projectRoot: string }): string {
  const given = env[FAMILY_NOTES_ENV]?.trim();
  return given ? path.resolve(dirs.cwd, given) : path.join(dirs.projectRoot, FAMILY_NOTES_DIR);
}

/**
 * A family's note among the collection's entries (getCollection('familyNotes'): looking each up
 * with getEntry would warn for every family without one), by its id "en/block1_conv1/edges-0".
 */
export function findFamilyNote<Entry extends { id: string }>(notes: readonly Entry[], locale: string, layer: string, family: string): Entry | undefined {
  const id = `${locale}/${layer}/${family}`;
  return notes.find((note) => note.id === id);
}

export interface FamilyNoteFile {
  readonly file: string;
  readonly locale: string;
  readonly layer: string;
  readonly family: string;
}

/** Every note file below `dir` (none when there is no such directory). */
export function listFamilyNotes(dir: string): FamilyNoteFile[] {
  return fg.sync('**/*', { cwd: dir, onlyFiles: true, dot: false }).flatMap((file) => {
    if (file === 'README.md') return [];
    const [locale = '', layer = '', name = '', ...rest] = file.split('/');
    return [{ file, locale, layer, family: rest.length === 0 ? name.replace(/\.md$/, '') : name }];
  });
}

/**
 * Fails with one line on the first note that names no family of the atlas: a locale the site does
 * not have, a layer without families, a family id the layer does not have, or a file that is not
 * <locale>/<layer>/<id>.md. An atlas without any families checks nothing: it shows no family.
 */
export function verifyFamilyNotes(dir: string, manifest: Manifest): void {
  const families = manifest.families ?? [];
  // An atlas without families (made without labels) shows no family, so it uses no note either.
  if (families.length === 0) return;
  const hint = `a note is ${FAMILY_NOTES_DIR}/<locale>/<layer>/<family id>.md, with a layer and family id from the atlas's families pages`;
  for (const note of listFamilyNotes(dir)) {
    const where = path.join(dir, note.file);
    if (!note.file.endsWith('.md') || note.file.split('/').length !== 3) {
      throw new AtlasError(`family note ${where} is not <locale>/<layer>/<family id>.md`, { hint });
    }
    if (!(LOCALES as readonly string[]).includes(note.locale)) {
      throw new AtlasError(`family note ${where} is for locale "${note.locale}", which the site does not have (${LOCALES.join(', ')})`, { hint });
    }
    const layerFamilies = families.filter((family) => family.layer === note.layer);
    if (layerFamilies.length === 0) {
      throw new AtlasError(`family note ${where} names layer ${note.layer}, which has no families in the atlas`, { hint });
    }
    if (!layerFamilies.some((family) => family.id === note.family)) {
      throw new AtlasError(
        `family note ${where} names family ${note.family}, which ${note.layer} does not have (its families: ${layerFamilies.map((family) => family.id).join(', ')})`,
        { hint },
      );
    }
  }
}
