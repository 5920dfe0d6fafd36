// `astro/content/config` is what `astro:content` re-exports here; importing it directly
// keeps this file type-checkable by plain `tsc` before `astro sync` has generated types.
import { defineCollection } from 'astro/content/config';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { FAMILY_NOTES_DIR, FAMILY_NOTES_ENV, FAMILY_NOTES_PATTERN } from './site/labels/notes.ts';

/**
 * The site's prose: content/<locale>/<topic>.md, one file per topic per language.
 * Topics: "about", "method", "tuning", and one per layer (named like the layer, e.g. block3_conv1).
 */
const prose = defineCollection({
  loader: glob({
    // Not content/families/, the family notes below.
    pattern: ['*/*.md', '!families/*'],
    base: './content',
    generateId: ({ entry }) => entry.replace(/\.md$/, ''),
  }),
  schema: z.object({
    title: z.string(),
    /** One paragraph shown where the topic is summarised (the overview's layer cards). */
    summary: z.string().optional(),
  }),
});

/**
 * A person's words for a family of filters: content/families/<locale>/<layer>/<family id>.md, whose
 * `name` renames the family and whose body is a comment (see src/site/labels/notes.ts, which also
 * fails the build on a note for a family the atlas does not have). The atlas integration pins
 * ATLAS_FAMILY_NOTES to the directory it checked.
 */
const familyNotes = defineCollection({
  loader: glob({
    pattern: FAMILY_NOTES_PATTERN,
    base: process.env[FAMILY_NOTES_ENV] || `./${FAMILY_NOTES_DIR}`,
    generateId: ({ entry }) => entry.replace(/\.md$/, ''),
  }),
  schema: z.object({
    /** The family's name in this language, in place of the generated one. */
    name: z.string().min(1).optional(),
  }),
});

export const collections = { prose, familyNotes };
