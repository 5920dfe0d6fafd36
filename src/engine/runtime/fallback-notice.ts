import type { OnnxUnavailable } from './onnx/runtime.ts';
import type { TfjsBackend } from './tfjs/backend.ts';

/**
 * What each tfjs backend costs against ONNX Runtime. wasm is from `npm run bench` on the 2-core
 * machine (docs/performance.md): the standard classic atlas projects 24m32s on wasm, 5m42s on
 * ONNX Runtime. tfjs-node could not be installed there, so it is not measured.
 */
const COST: Readonly<Record<TfjsBackend, string>> = {
  wasm: 'about 4.3x slower (npm run bench: the classic atlas takes 24m32s instead of 5m42s)',
  node: 'slower (tfjs-node; not measured against ONNX Runtime)',
  'node-gpu': 'of unmeasured speed (tfjs-node-gpu)',
  cpu: "far slower (tfjs' plain-JavaScript backend)",
};

/** How to get onnxruntime-node installed: see docs/setup.md for why npm 11.16. */
export const ONNX_INSTALL_STEP = 'run `npm ci` with npm >= 11.16 (docs/setup.md)';

/**
 * The one line a run prints when it wanted ONNX Runtime but uses `fallback` instead: why, what it
 * costs, and how to fix it.
 */
export function onnxFallbackNotice(unavailable: OnnxUnavailable, fallback: TfjsBackend): string {
  const why = unavailable.installed ? `onnxruntime-node failed to load (${unavailable.reason})` : 'onnxruntime-node is not installed';
  const fix = unavailable.installed ? `reinstall it: ${ONNX_INSTALL_STEP}; if it still fails, report the error` : ONNX_INSTALL_STEP;
  return `warning: ONNX Runtime is not available: ${why}; using ${fallback} instead, ${COST[fallback]}; to fix it, ${fix}`;
}
