import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './dir-lock.ts';

/** A temp path beside `target`, unique per call, ending in ".tmp" so leftovers are easy to find. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `data` to a temp file beside `target`, then renames it over `target`: readers see old or new, never half. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** tempPathFor's names: `.<target>.<pid>.<8 hex>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temp files under `dir` whose writer is gone (killed mid-write: kill -9, power loss),
 * as the writer's pid in the name tells. Those of live processes are left alone. Returns the paths removed.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const stale = entries
    .filter((entry) => entry.isFile())
    .map((entry) => ({ file: path.join(entry.parentPath, entry.name), pid: Number(TEMP_NAME.exec(entry.name)?.[1]) }))
    .filter(({ pid }) => Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid))
    .map(({ file }) => file);
  await Promise.all(stale.map((file) => rm(file, { force: true })));
  return stale;
}
