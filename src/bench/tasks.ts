/**
 * The measurements `npm run bench` makes, each in its own child process (runner.ts) so that each
 * peak RSS is its own, and the spawning side that collects their results.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MethodName } from '../engine/method/params.ts';
import type { BackendChoice } from '../engine/runtime/select.ts';
import type { TfjsBackend } from '../engine/runtime/tfjs/backend.ts';
import type { ExamplesResult, ExamplesTask } from './examples.ts';
import type { LabelsResult, LabelsTask } from './labels.ts';
import type { LayerSample } from './plan.ts';

export interface NaiveTask {
  readonly kind: 'naive';
  readonly weights: string;
  readonly sample: readonly LayerSample[];
  readonly size: number;
  readonly steps: number;
}

export interface EngineTask {
  readonly kind: 'engine';
  readonly weights: string;
  readonly sample: readonly LayerSample[];
  /** classic: --size/--steps; enhanced: --enhanced-size/--enhanced-steps. */
  readonly method: MethodName;
  readonly size: number;
  readonly steps: number;
  /** Scratch dir for the atlas and a fresh pattern cache; the run's cwd, so no atlas.config.json applies. */
  readonly dir: string;
  /** Passed as --workers/--backend only when set: otherwise precompute's defaults apply. */
  readonly workers?: number;
  readonly backend?: BackendChoice;
}

export interface GemmTask {
  readonly kind: 'gemm';
  /** A tfjs backend (or tfjs' "auto"), or ONNX Runtime's CPU provider. */
  readonly backend: TfjsBackend | 'auto' | 'onnx';
  /** Worker threads measuring at once, one backend each (as the engine's pool runs). */
  readonly threads: number;
  /** ONNX Runtime only: intra-op threads of each worker's session (default 1). */
  readonly sessionThreads?: number;
  /** How long each operation is repeated, per thread. */
  readonly seconds: number;
}

/** Every layer's tuning curves, run as precompute runs them: one job per layer in the worker pool. */
export interface TuningTask {
  readonly kind: 'tuning';
  readonly weights: string;
  readonly layers: readonly string[];
  readonly size: number;
  readonly backend: 'onnx' | 'wasm';
  readonly workers: number;
}

export type Task = NaiveTask | EngineTask | GemmTask | TuningTask | ExamplesTask | LabelsTask;

export interface LayerTiming {
  readonly layer: string;
  readonly filters: number;
  readonly seconds: number;
}

export interface NaiveResult {
  readonly kind: 'naive';
  readonly backend: string;
  readonly seconds: number;
  readonly layers: readonly LayerTiming[];
}

export interface EngineResult {
  readonly kind: 'engine';
  readonly backend: string;
  readonly workers: number;
  readonly seconds: number;
  readonly rendered: number;
}

export interface GemmRate {
  readonly name: string;
  /** Summed over the threads. */
  readonly gflops: number;
}

export interface GemmResult {
  readonly kind: 'gemm';
  readonly backend: string;
  readonly threads: number;
  readonly sessionThreads: number;
  readonly rates: readonly GemmRate[];
}

export interface TuningResult {
  readonly kind: 'tuning';
  readonly backend: string;
  readonly workers: number;
  /** Wall time of all layers together. */
  readonly seconds: number;
  /** Each layer's job, from start to end (jobs overlap across workers). */
  readonly layers: readonly { readonly layer: string; readonly seconds: number }[];
  readonly stimuli: number;
}

export type TaskResult = (NaiveResult | EngineResult | GemmResult | TuningResult | ExamplesResult | LabelsResult) & { readonly maxRssBytes: number };

const RESULT_PREFIX = 'BENCH_RESULT ';
const RUNNER = fileURLToPath(new URL('./runner.ts', import.meta.url));

export function formatResultLine(result: TaskResult): string {
  return `${RESULT_PREFIX}${JSON.stringify(result)}\n`;
}

/** Runs `task` in a fresh Node process (cwd `cwd`) and returns what it reported. */
export function runInChild<T extends Task>(task: T, cwd: string): Promise<Extract<TaskResult, { kind: T['kind'] }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, JSON.stringify(task)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`bench ${task.kind} run failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
        return;
      }
      const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as TaskResult;
      if (result.kind !== task.kind) reject(new Error(`bench ${task.kind} run reported a ${result.kind} result`));
      else resolve(result as Extract<TaskResult, { kind: T['kind'] }>);
    });
  });
}
