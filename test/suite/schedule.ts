/**
 * The order test/run-suite.ts runs the test files in: a fixed number of slots, each taking the next
 * file when it is free. A file of a kind that must wait (the site files wait for the global setup)
 * starts only once that kind is ready; until then the slots take the other files. A free slot
 * prefers a file of another kind than the ones running (a browser test beside an engine test uses
 * the two cores better than two engine tests), else the next of any kind.
 */

export interface ScheduledFile<Kind extends string> {
  readonly file: string;
  readonly kind: Kind;
}

export interface ScheduleOptions<Kind extends string> {
  /** Files in the order each kind should start them (longest first). */
  readonly files: readonly ScheduledFile<Kind>[];
  readonly slots: number;
  /** Resolves when files of this kind may start; absent: at once. */
  readonly ready?: Partial<Record<Kind, Promise<void>>>;
  readonly runFile: (file: ScheduledFile<Kind>) => Promise<void>;
}

/** Runs every file once, at most `slots` at a time; resolves when all have finished. */
export async function runScheduled<Kind extends string>(options: ScheduleOptions<Kind>): Promise<void> {
  const waiting = [...options.files];
  const running: Kind[] = [];
  const pendingKinds = new Map<Kind, Promise<void>>();
  for (const [kind, promise] of Object.entries(options.ready ?? {}) as [Kind, Promise<void> | undefined][]) {
    if (promise) pendingKinds.set(kind, promise.then(() => void pendingKinds.delete(kind)));
  }

  const takeNext = (): ScheduledFile<Kind> | undefined => {
    const startable = waiting.filter((entry) => !pendingKinds.has(entry.kind));
    const next = startable.find((entry) => !running.includes(entry.kind)) ?? startable[0];
    if (next) waiting.splice(waiting.indexOf(next), 1);
    return next;
  };

  const slot = async (): Promise<void> => {
    while (waiting.length > 0) {
      const next = takeNext();
      if (!next) {
        // Only files of kinds not ready yet: wait for one to become ready, then look again.
        await Promise.race(pendingKinds.values());
        continue;
      }
      running.push(next.kind);
      try {
        await options.runFile(next);
      } finally {
        running.splice(running.indexOf(next.kind), 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.slots) }, slot));
}
