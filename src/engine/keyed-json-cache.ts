import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-write.ts';

/**
 * Values under <cacheDir>/<folder>/<key>.json as `{ key, <field>: value }`, written temp-then-rename.
 * A missing, unreadable or invalid file, or one written under another key, is a miss: it is computed
 * again, never an error.
 */
export class KeyedJsonCache<Field extends string, Value> {
  readonly root: string;
  private readonly field: Field;
  private readonly entry: z.ZodType<{ key: string } & Record<Field, Value>>;

  constructor(cacheDir: string, folder: string, field: Field, value: z.ZodType<Value>) {
    this.root = path.join(cacheDir, folder);
    this.field = field;
    this.entry = z.strictObject({ key: z.string(), [field]: value }) as unknown as z.ZodType<{ key: string } & Record<Field, Value>>;
  }

  private file(key: string): string {
    return path.join(this.root, `${key}.json`);
  }

  async get(key: string): Promise<Value | undefined> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(this.file(key), 'utf8'));
    } catch {
      return undefined;
    }
    const parsed = this.entry.safeParse(json);
    return parsed.success && parsed.data.key === key ? parsed.data[this.field] : undefined;
  }

  async put(key: string, value: Value): Promise<void> {
    await writeFileAtomic(this.file(key), `${JSON.stringify({ key, [this.field]: value })}\n`);
  }
}
