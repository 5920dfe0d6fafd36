import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { runScheduled, type ScheduledFile } from './schedule.ts';

type Kind = 'site' | 'engine';

/** Runs the schedule with files that end when the test says so; records starts and the most running at once. */
function harness(files: readonly ScheduledFile<Kind>[], slots: number, ready?: Promise<void>) {
  const starts: string[] = [];
  const finishers = new Map<string, () => void>();
  let running = 0;
  let most = 0;
  const done = runScheduled<Kind>({
    files,
    slots,
    ...(ready ? { ready: { site: ready } } : {}),
    runFile: ({ file }) => {
      starts.push(file);
      most = Math.max(most, ++running);
      return new Promise<void>((resolve) =>
        finishers.set(file, () => {
          running--;
          resolve();
        }),
      );
    },
  });
  const finish = async (file: string): Promise<void> => {
    await tick();
    const end = finishers.get(file);
    assert.ok(end, `${file} is running`);
    end();
    await tick();
  };
  return { starts, finish, done, most: () => most };
}

const file = (name: string, kind: Kind): ScheduledFile<Kind> => ({ file: name, kind });

describe('the test-file schedule (test/run-suite.ts)', () => {
  it('starts no site file before the setup is ready, and fills the slots with the others meanwhile', async () => {
    let setupDone = (): void => undefined;
    const setup = new Promise<void>((resolve) => (setupDone = resolve));
    const run = harness([file('s1', 'site'), file('e1', 'engine'), file('e2', 'engine'), file('e3', 'engine')], 2, setup);
    await tick();
    assert.deepEqual(run.starts, ['e1', 'e2']);
    await run.finish('e1');
    assert.deepEqual(run.starts, ['e1', 'e2', 'e3'], 'still no site file');
    setupDone();
    await run.finish('e2');
    assert.deepEqual(run.starts, ['e1', 'e2', 'e3', 's1']);
    await run.finish('e3');
    await run.finish('s1');
    await run.done;
    assert.equal(run.most(), 2);
  });

  it('gives a free slot a file of the other group than the one running, else the next of any group', async () => {
    const run = harness([file('e1', 'engine'), file('e2', 'engine'), file('s1', 'site'), file('s2', 'site')], 2);
    await tick();
    assert.deepEqual(run.starts, ['e1', 's1'], 'an engine file beside a site file, not two engine files');
    await run.finish('s1');
    assert.deepEqual(run.starts, ['e1', 's1', 's2'], 'beside e1, the next site file before e2');
    await run.finish('s2');
    assert.deepEqual(run.starts, ['e1', 's1', 's2', 'e2'], 'no site file left: the next engine file');
    await run.finish('e1');
    await run.finish('e2');
    await run.done;
    assert.equal(run.most(), 2);
  });
});
