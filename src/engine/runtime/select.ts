import { AtlasError } from '../../errors.ts';
import { onnxFallbackNotice } from './fallback-notice.ts';
import { OnnxRuntime, OnnxUnavailableError, type OnnxDevice } from './onnx/runtime.ts';
import { activateBackend, TFJS_BACKENDS, type TfjsBackend } from './tfjs/backend.ts';
import { TfjsRuntime } from './tfjs/runtime.ts';
import type { Runtime } from './types.ts';

export const BACKEND_CHOICES = ['auto', 'onnx', 'onnx-cuda', ...TFJS_BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type ResolvedBackend = Exclude<BackendChoice, 'auto'>;

const ONNX_DEVICES: Readonly<Record<string, OnnxDevice>> = { onnx: 'cpu', 'onnx-cuda': 'cuda' };

function isTfjs(backend: ResolvedBackend): backend is TfjsBackend {
  return (TFJS_BACKENDS as readonly string[]).includes(backend);
}

export interface ResolvedChoice {
  readonly backend: ResolvedBackend;
  /** Set when "auto" wanted ONNX Runtime and fell back: the one line to print, why, cost and fix. */
  readonly notice?: string;
}

/**
 * The backend a run uses, checked to load here: for "auto" the fastest that loads. `npm run bench`
 * measures the order: ONNX Runtime, then tfjs-node (when its libtensorflow could be installed),
 * then tfjs-wasm, then tfjs' plain JavaScript backend.
 */
export async function resolveBackend(choice: BackendChoice): Promise<ResolvedChoice> {
  if (choice === 'auto') {
    try {
      await (await OnnxRuntime.load({ device: 'cpu', threads: 1 })).dispose();
      return { backend: 'onnx' };
    } catch (error) {
      const unavailable =
        error instanceof OnnxUnavailableError ? error.unavailable : { installed: true, reason: error instanceof Error ? error.message : String(error) };
      const backend = await activateBackend('auto');
      return { backend, notice: onnxFallbackNotice(unavailable, backend) };
    }
  }
  const device = ONNX_DEVICES[choice];
  if (device) {
    await (await OnnxRuntime.load({ device, threads: 1 })).dispose();
    return { backend: choice };
  }
  if (isTfjs(choice)) return { backend: await activateBackend(choice) };
  throw new AtlasError(`unknown backend "${choice}"`, { hint: `use one of ${BACKEND_CHOICES.join(', ')}` });
}

/**
 * The runtime for a resolved backend, in this thread. `threads` is what each ONNX Runtime session
 * may use; tfjs-wasm runs one thread per worker.
 */
export async function createRuntime(backend: ResolvedBackend, threads: number): Promise<Runtime> {
  const device = ONNX_DEVICES[backend];
  if (device) return OnnxRuntime.load({ device, threads });
  if (isTfjs(backend)) return new TfjsRuntime(await activateBackend(backend));
  throw new Error(`unknown backend ${backend}`);
}

/**
 * Intra-op threads per worker: the cores shared out among the workers. Measured on 2 cores with
 * ONNX Runtime, two workers of one thread each render 1.45x faster than one worker of two threads.
 */
export function threadsPerWorker(workers: number, cores: number): number {
  return Math.max(1, Math.floor(cores / workers));
}
