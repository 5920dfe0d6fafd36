import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { GITHUB_PAGES_CACHE_CONTROL, startStaticServer, type StaticServer } from '../../src/lib/static-server.ts';
import { makeTempDir } from './helpers/built-site.ts';

let dir = '';
let server: StaticServer;
const PAGE = `<!doctype html><title>t</title>${'<p>text</p>'.repeat(200)}`;

/** A raw GET (fetch would decompress and hide Content-Encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

before(async () => {
  dir = await makeTempDir('static-server');
  await mkdir(path.join(dir, 'a'), { recursive: true });
  await writeFile(path.join(dir, 'a', 'index.html'), PAGE);
  await writeFile(path.join(dir, 'image.avif'), Buffer.alloc(2000, 7));
  await writeFile(path.join(dir, '404.html'), 'missing');
  server = await startStaticServer({ githubPages: true });
  server.serve(dir, '/');
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the static server, answering as GitHub Pages does', () => {
  it('gzips text for a client that accepts it, with Vary, max-age=600 and an ETag', async () => {
    const page = await get(`${server.origin}/a/`, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.equal(page.headers['vary'], 'Accept-Encoding');
    assert.equal(page.headers['cache-control'], GITHUB_PAGES_CACHE_CONTROL);
    assert.equal(gunzipSync(page.body).toString(), PAGE);
    assert.ok(page.body.length < PAGE.length / 5);
    const plain = await get(`${server.origin}/a/`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), PAGE);
    const again = await get(`${server.origin}/a/`, { 'if-none-match': String(page.headers['etag']) });
    assert.equal(again.status, 304);
  });

  it('sends images as they are, and 404.html for a miss', async () => {
    const image = await get(`${server.origin}/image.avif`, { 'accept-encoding': 'gzip' });
    assert.deepEqual([image.status, image.headers['content-type'], image.headers['content-encoding'], image.body.length], [200, 'image/avif', undefined, 2000]);
    assert.equal(image.headers['cache-control'], GITHUB_PAGES_CACHE_CONTROL);
    const missing = await get(`${server.origin}/nope/`);
    assert.deepEqual([missing.status, missing.body.toString()], [404, 'missing']);
  });
});
