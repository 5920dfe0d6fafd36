import type { InferenceSession } from 'onnxruntime-node';
import { AtlasError } from '../../../errors.ts';
import type { NetworkStages } from '../../stages.ts';
import { LiveNetworks, type FilterNetwork, type FilterObjective, type LayerNetwork, type Runtime } from '../types.ts';
import { OnnxLayerNetwork } from './layer-network.ts';
import { GraphBuilder } from './graph-builder.ts';
import { OnnxFilterNetwork, type OnnxBinding } from './network.ts';

export type OnnxDevice = 'cpu' | 'cuda';

export interface OnnxOptions {
  readonly device: OnnxDevice;
  /** Intra-op threads of each session. */
  readonly threads: number;
}

const INSTALL_HINT =
  'onnxruntime-node is an optional dependency: run `npm ci` with npm >= 11.16 (or `npm install onnxruntime-node`) on a supported platform, or use --backend auto';
const CUDA_HINT =
  'the CUDA provider is not in the npm package: after npm ci, fetch it with `ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js` on a machine with CUDA 12, or use --backend onnx';

/** Why ONNX Runtime cannot run here. */
export interface OnnxUnavailable {
  /** False when the package is missing; true when it is there but it, or its native binding, fails to load. */
  readonly installed: boolean;
  /** The loader's (or ONNX Runtime's) message, on one line. */
  readonly reason: string;
}

/** `backend onnx is not available`, carrying why, so that `--backend auto` can say it when it falls back. */
export class OnnxUnavailableError extends AtlasError {
  readonly unavailable: OnnxUnavailable;

  constructor(backend: string, unavailable: OnnxUnavailable, hint: string) {
    super(`backend ${backend} is not available: ${unavailable.reason}`, { hint });
    this.unavailable = unavailable;
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

/** onnxruntime-node, or why it cannot be imported: not installed, or failing to load. */
export async function importOnnxRuntime(): Promise<{ module: typeof import('onnxruntime-node') } | { failure: OnnxUnavailable }> {
  try {
    return { module: await import('onnxruntime-node') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    // A package it depends on being missing is a failure to load, with that package's name in the reason.
    const installed = !((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && reason.includes("'onnxruntime-node'"));
    return { failure: { installed, reason } };
  }
}

/** The classic and enhanced objectives on ONNX Runtime's CPU (or CUDA) execution provider. */
export class OnnxRuntime implements Runtime {
  readonly name: string;
  private readonly binding: OnnxBinding;
  private readonly networks = new LiveNetworks();

  private constructor(name: string, binding: OnnxBinding) {
    this.name = name;
    this.binding = binding;
  }

  static async load(options: OnnxOptions): Promise<OnnxRuntime> {
    const imported = await importOnnxRuntime();
    if ('failure' in imported) throw new OnnxUnavailableError('onnx', imported.failure, INSTALL_HINT);
    const ort = imported.module;
    // Failures reach the user as one-line errors; ORT's own log would add multi-line noise.
    ort.env.logLevel = 'fatal';
    const sessionOptions: InferenceSession.SessionOptions = {
      executionProviders: options.device === 'cuda' ? ['cuda'] : ['cpu'],
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    const name = options.device === 'cuda' ? 'onnx-cuda' : 'onnx';
    const binding: OnnxBinding = {
      Tensor: ort.Tensor,
      createSession: async (model, what) => {
        try {
          return await ort.InferenceSession.create(model, sessionOptions);
        } catch (error) {
          throw new AtlasError(`ONNX Runtime could not create the session for ${what}: ${oneLine(error)}`, {
            hint: options.device === 'cuda' ? CUDA_HINT : 'rerun with --verbose and report it, or use --backend wasm',
          });
        }
      },
    };
    const runtime = new OnnxRuntime(name, binding);
    await runtime.probe().catch((error: unknown) => {
      const reason = error instanceof AtlasError ? error.message.replace(/^.*?: /, '') : oneLine(error);
      throw new OnnxUnavailableError(name, { installed: true, reason }, options.device === 'cuda' ? CUDA_HINT : INSTALL_HINT);
    });
    return runtime;
  }

  /** Builds a one-node session, so that a binding or provider that cannot run fails here, clearly. */
  private async probe(): Promise<void> {
    const graph = new GraphBuilder();
    graph.input('x', [1]);
    graph.node('Identity', ['x'], {}, 'y');
    graph.output('y', [1]);
    const session = await this.binding.createSession(graph.encode('probe'), 'a probe');
    await session.release();
  }

  layerNetwork(stages: NetworkStages, objective: FilterObjective): LayerNetwork {
    return this.networks.trackLayer(new OnnxLayerNetwork(stages, objective, this.binding));
  }

  filterNetwork(stages: NetworkStages, objective: FilterObjective): FilterNetwork {
    return this.networks.track(new OnnxFilterNetwork(stages, objective, this.binding));
  }

  async dispose(): Promise<void> {
    await this.networks.disposeAll();
  }
}
