import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import path from 'node:path';
setWasmPaths(path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')+'/');
await tf.setBackend('wasm'); await tf.ready();
console.log(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
console.log(tf.backend().wasm?.tfjs ? 'ok':'' , Object.keys(tf.backend()));
