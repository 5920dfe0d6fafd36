import cliProgress from 'cli-progress';

export interface Progress {
  /** A bar's work: `total` items (filters, unless `unit` says otherwise), of which `done` are already done (cached). */
  layer(name: string, total: number, done: number, unit?: string): void;
  advance(name: string, count: number): void;
  stop(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A bar per layer with done/total and ETA, for a terminal. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const bars = new cliProgress.MultiBar(
    { stream, format: '{layer} {bar} {value}/{total} {unit} | ETA {eta_formatted}', hideCursor: true, clearOnComplete: false, etaBuffer: 64 },
    cliProgress.Presets.shades_classic,
  );
  const byLayer = new Map<string, cliProgress.SingleBar>();
  return {
    layer: (name, total, done, unit = 'filters') => byLayer.set(name, bars.create(total, done, { layer: name.padEnd(13), unit })),
    advance: (name, count) => byLayer.get(name)?.increment(count),
    stop: () => bars.stop(),
  };
}

/** Plain lines for logs: a line per layer at start, then one at least every `everySeconds`, and at the end. */
export function lineProgress(write: (line: string) => void, everySeconds = 10): Progress {
  const state = new Map<string, { total: number; done: number; unit: string; startDone: number; started: number; lastLine: number }>();
  const report = (name: string): void => {
    const layer = state.get(name)!;
    const elapsed = (Date.now() - layer.started) / 1000;
    const rate = (layer.done - layer.startDone) / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? formatDuration((layer.total - layer.done) / rate) : '?';
    const percent = layer.total === 0 ? 100 : Math.floor((100 * layer.done) / layer.total);
    write(`${name}: ${layer.done}/${layer.total} ${layer.unit} (${percent}%), ETA ${layer.done === layer.total ? '0s' : eta}`);
    layer.lastLine = Date.now();
  };
  return {
    layer: (name, total, done, unit = 'filters') => {
      state.set(name, { total, done, unit, startDone: done, started: Date.now(), lastLine: 0 });
      report(name);
    },
    advance: (name, count) => {
      const layer = state.get(name);
      if (!layer) return;
      layer.done += count;
      if (layer.done === layer.total || Date.now() - layer.lastLine >= everySeconds * 1000) report(name);
    },
    stop: () => undefined,
  };
}
