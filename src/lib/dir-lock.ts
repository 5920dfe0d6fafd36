import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOCK_FILE = '.atlas.lock';

/** True while process `pid` exists (EPERM: it exists, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on `dir` for this process, waiting while another live process holds
 * it. A lock left by a dead process (kill -9) is taken over. Returns the release function.
 */
export async function lockDirectory(dir: string, onWait: (holderPid: number) => void = () => undefined): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE);
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(lockPath);
    if (holder !== undefined && isAlive(holder)) {
      if (!announced) onWait(holder);
      announced = true;
      await sleep(250);
      continue;
    }
    // Empty: its writer may be between open and write, so look again before calling it stale.
    await sleep(100);
    if ((await readHolder(lockPath)) === holder) await rm(lockPath, { force: true });
  }
}

async function readHolder(lockPath: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
