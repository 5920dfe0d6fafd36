import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AtlasError } from '../../../errors.ts';

/** The tfjs backends: tfjs-node (libtensorflow, CPU or CUDA), WebAssembly, and plain JavaScript. */
export const TFJS_BACKENDS = ['node', 'node-gpu', 'wasm', 'cpu'] as const;
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];

const require = createRequire(import.meta.url);

/** tfjs-core's registered backend name for each choice. */
const TFJS_NAME: Record<TfjsBackend, string> = { node: 'tensorflow', 'node-gpu': 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
const NODE_PACKAGE: Record<'node' | 'node-gpu', string> = { node: '@tensorflow/tfjs-node', 'node-gpu': '@tensorflow/tfjs-node-gpu' };

/** True when the optional native package is installed (without loading it). */
export function isNativeInstalled(choice: 'node' | 'node-gpu'): boolean {
  try {
    require.resolve(NODE_PACKAGE[choice]);
    return true;
  } catch {
    return false;
  }
}

async function tryActivate(choice: TfjsBackend): Promise<string | undefined> {
  try {
    if (choice === 'node' || choice === 'node-gpu') {
      if (!isNativeInstalled(choice)) return `${NODE_PACKAGE[choice]} is not installed`;
      await import(NODE_PACKAGE[choice]);
    }
    if (choice === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
    }
    if (!(await tf.setBackend(TFJS_NAME[choice]))) return `tf.setBackend('${TFJS_NAME[choice]}') failed`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Activates a tfjs backend in this thread: the fastest available for "auto" (tfjs-node, then
 * wasm, then cpu), or exactly the one asked for, failing clearly if it cannot load.
 */
export async function activateBackend(choice: TfjsBackend | 'auto'): Promise<TfjsBackend> {
  tf.env().set('PROD', true);
  const candidates: TfjsBackend[] = choice === 'auto' ? ['node', 'wasm', 'cpu'] : [choice];
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const failure = await tryActivate(candidate);
    if (failure === undefined) return candidate;
    reasons.push(`${candidate}: ${failure}`);
  }
  const hint =
    choice === 'node' || choice === 'node-gpu'
      ? `install it with \`npm install ${NODE_PACKAGE[choice]}\` (needs internet for libtensorflow), or use --backend auto`
      : 'use --backend auto';
  throw new AtlasError(`backend ${choice} is not available (${reasons.join('; ')})`, { hint });
}
