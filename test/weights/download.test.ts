import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { describeError } from '../../src/errors.ts';
import { downloadWeights } from '../../src/engine/weights/download.ts';
import { resolveWeights } from '../../src/engine/weights/source.ts';
import { tinyVggWeights, writeKerasHdf5 } from '../helpers/tiny-model.ts';
import { rejectsWithAtlasError, useTempDir } from './support.ts';

const CANONICAL_NAME = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';

type ServeMode = 'whole' | 'drop-halfway' | 'stall-halfway' | 'not-found';

const tempDir = useTempDir('atlas-weights-download-');
let served = new Uint8Array();
let servedMd5 = '';
let mode: ServeMode = 'whole';
let requests = 0;
let server: Server;
let baseUrl = '';
let cacheCount = 0;

before(async () => {
  const weightsPath = path.join(tempDir(), 'served.h5');
  await writeKerasHdf5(weightsPath, tinyVggWeights({ upTo: 'block2_conv2' }), 'legacy');
  served = await readFile(weightsPath);
  servedMd5 = createHash('md5').update(served).digest('hex');
  server = createServer((request, response) => {
    requests++;
    if (mode === 'not-found' || !request.url?.endsWith('.h5')) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(served.length) });
    if (mode === 'whole') {
      response.end(served);
      return;
    }
    response.write(served.subarray(0, served.length / 2));
    // Drop: the connection dies mid-body. Stall: it stays open and silent until the client gives up.
    if (mode === 'drop-halfway') setTimeout(() => response.socket?.destroy(), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  mode = 'whole';
  requests = 0;
});

function freshCache(): string {
  return path.join(tempDir(), `cache-${++cacheCount}`);
}

async function filesIn(cacheDir: string): Promise<string[]> {
  return (await readdir(path.join(cacheDir, 'weights')).catch(() => [])).sort();
}

test('the default weights are downloaded into the cache with the right md5, then reused', async () => {
  const cacheDir = freshCache();
  const canonicalUrl = `${baseUrl}/keras-applications/vgg16/${CANONICAL_NAME}`;
  const lines: string[] = [];
  const options = { cacheDir, canonicalUrl, canonicalMd5: servedMd5, log: (line: string) => lines.push(line) };
  const weights = await resolveWeights(undefined, options);
  assert.equal(weights.source, canonicalUrl);
  assert.equal(weights.layers.size, 4);
  assert.equal(weights.sha256, createHash('sha256').update(served).digest('hex'));
  assert.deepEqual(await filesIn(cacheDir), [CANONICAL_NAME]);
  assert.ok(lines.some((line) => line.startsWith(`downloading ${canonicalUrl}`)));

  const again = await resolveWeights('', options);
  assert.equal(requests, 1, 'the cached file is used without a second request');
  assert.equal(again.sha256, weights.sha256);
});

test('an md5 mismatch is an error and leaves nothing in the cache', async () => {
  const cacheDir = freshCache();
  const canonicalUrl = `${baseUrl}/${CANONICAL_NAME}`;
  const error = await rejectsWithAtlasError(resolveWeights(undefined, { cacheDir, canonicalUrl, canonicalMd5: '0'.repeat(32), log: () => {} }));
  assert.match(error.message, new RegExp(`downloaded ${canonicalUrl} has md5 ${servedMd5}, expected 0{32}`));
  assert.deepEqual(await filesIn(cacheDir), []);
});

test('a connection dropped halfway leaves no partial or temp file, and a later download succeeds', async () => {
  const cacheDir = freshCache();
  const canonicalUrl = `${baseUrl}/${CANONICAL_NAME}`;
  const options = { cacheDir, canonicalUrl, canonicalMd5: servedMd5, log: () => {} };
  mode = 'drop-halfway';
  const error = await rejectsWithAtlasError(resolveWeights(undefined, options));
  assert.match(error.message, new RegExp(`download of ${canonicalUrl} was interrupted after \\d+ of ${served.length} bytes`));
  assert.match(error.hint ?? '', /--weights PATH/);
  assert.deepEqual(await filesIn(cacheDir), []);

  mode = 'whole';
  const weights = await resolveWeights(undefined, options);
  assert.equal(weights.layers.size, 4);
  assert.deepEqual(await filesIn(cacheDir), [CANONICAL_NAME]);
});

test('a download that stalls is abandoned after the stall timeout, leaving nothing', async () => {
  const cacheDir = freshCache();
  const target = path.join(cacheDir, 'weights', 'stalled.h5');
  mode = 'stall-halfway';
  const error = await rejectsWithAtlasError(downloadWeights(`${baseUrl}/stalled.h5`, target, { stallTimeoutMs: 300, log: () => {} }));
  assert.match(error.message, /was interrupted after \d+ of \d+ bytes \(no data arrived for too long\)/);
  assert.deepEqual(await filesIn(cacheDir), []);
});

test('a corrupt cached canonical file is set aside, reported and replaced', async () => {
  const cacheDir = freshCache();
  const canonicalUrl = `${baseUrl}/${CANONICAL_NAME}`;
  await mkdir(path.join(cacheDir, 'weights'), { recursive: true });
  const cachedPath = path.join(cacheDir, 'weights', CANONICAL_NAME);
  await writeFile(cachedPath, 'half a file');
  const lines: string[] = [];
  const weights = await resolveWeights(undefined, { cacheDir, canonicalUrl, canonicalMd5: servedMd5, log: (line) => lines.push(line) });
  assert.equal(weights.layers.size, 4);
  assert.equal(requests, 1);
  assert.ok(lines.some((line) => line.includes(cachedPath) && line.includes(`${cachedPath}.corrupt`)), lines.join('\n'));
  assert.deepEqual(await filesIn(cacheDir), [CANONICAL_NAME, `${CANONICAL_NAME}.corrupt`]);
  assert.deepEqual(new Uint8Array(await readFile(cachedPath)), new Uint8Array(served));
});

test('a URL spec is downloaded once into the cache under its basename, without an md5 check', async () => {
  const cacheDir = freshCache();
  const url = `${baseUrl}/mirror/my-vgg16.h5`;
  const weights = await resolveWeights(url, { cacheDir, log: () => {} });
  assert.equal(weights.source, url);
  assert.deepEqual(await filesIn(cacheDir), ['my-vgg16.h5']);
  await resolveWeights(url, { cacheDir, log: () => {} });
  assert.equal(requests, 1);

  mode = 'not-found';
  const error = await rejectsWithAtlasError(resolveWeights(`${baseUrl}/other.h5`, { cacheDir, log: () => {} }));
  assert.match(error.message, /HTTP 404/);
});

test('offline: a refused connection names the URL and how to pass a local file', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const cacheDir = freshCache();
  const canonicalUrl = `http://127.0.0.1:${port}/${CANONICAL_NAME}`;
  const error = await rejectsWithAtlasError(resolveWeights(undefined, { cacheDir, canonicalUrl, log: () => {} }));
  assert.match(error.message, new RegExp(`^cannot download VGG16 weights from ${canonicalUrl} \\(ECONNREFUSED\\)$`));
  assert.match(describeError(error), /--weights PATH or ATLAS_WEIGHTS=PATH/);
  assert.deepEqual(await filesIn(cacheDir), []);
});
