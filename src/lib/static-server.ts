/**
 * A small static file server on 127.0.0.1 for the built site: the tests' server, and the audit's,
 * which answers as GitHub Pages does (see `githubPages`).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** What GitHub Pages compresses: text, never images or fonts that are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.svg', '.xml', '.txt']);
/** GitHub Pages' cache lifetime for every file; it cannot be changed. */
export const GITHUB_PAGES_CACHE_CONTROL = 'max-age=600';

export interface StaticServerOptions {
  /**
   * Answer as GitHub Pages does: gzip (not brotli) for text when the request accepts it, with
   * `Vary: Accept-Encoding`; `Cache-Control: max-age=600` on everything; ETag and Last-Modified,
   * and 304 for a matching If-None-Match. Without it, plain 200s with no caching headers.
   */
  readonly githubPages?: boolean;
}

export interface StaticServer {
  readonly origin: string;
  /** Serves `dir` below `base` ("/" or "/atlas"), like a static host would; 404.html for misses. */
  serve(dir: string, base: string): void;
  close(): Promise<void>;
}

async function fileFor(root: string, pathname: string): Promise<string | undefined> {
  const file = path.join(root, decodeURIComponent(pathname));
  if (!file.startsWith(root)) return undefined;
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile()) return file;
  if (info?.isDirectory() && pathname.endsWith('/')) {
    const index = path.join(file, 'index.html');
    if ((await stat(index).catch(() => undefined))?.isFile()) return index;
  }
  return undefined;
}

interface Body {
  readonly bytes: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly etag: string;
  readonly modified: string;
}

/** A file's bytes, its gzip when it is text, ETag and Last-Modified; kept until the file changes. */
function bodyCache(): (file: string) => Promise<Body> {
  const bodies = new Map<string, { mtimeMs: number; body: Body }>();
  return async (file) => {
    const info = await stat(file);
    const known = bodies.get(file);
    if (known?.mtimeMs === info.mtimeMs) return known.body;
    const bytes = await readFile(file);
    const gzipped = COMPRESSIBLE.has(path.extname(file)) ? await promisify(gzip)(bytes) : undefined;
    const etag = `"${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}"`;
    const body = { bytes, gzipped, etag, modified: info.mtime.toUTCString() };
    bodies.set(file, { mtimeMs: info.mtimeMs, body });
    return body;
  };
}

export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  let root = '';
  let prefix = '/';
  const bodies = bodyCache();

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const inside = pathname.startsWith(prefix) ? pathname.slice(prefix.length - 1) : undefined;
    const file = inside === undefined ? undefined : await fileFor(root, inside);
    const status = file ? 200 : 404;
    const served = file ?? (await fileFor(root, '/404.html'));
    const type = (served && TYPES[path.extname(served)]) ?? 'text/plain';
    if (!served) {
      response.writeHead(404, { 'Content-Type': type });
      response.end('not found');
      return;
    }
    const body = await bodies(served);
    const headers: Record<string, string> = { 'Content-Type': type };
    let bytes = body.bytes;
    if (options.githubPages) {
      Object.assign(headers, { 'Cache-Control': GITHUB_PAGES_CACHE_CONTROL, ETag: body.etag, 'Last-Modified': body.modified });
      if (body.gzipped) {
        headers['Vary'] = 'Accept-Encoding';
        if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
          headers['Content-Encoding'] = 'gzip';
          bytes = body.gzipped;
        }
      }
      if (status === 200 && request.headers['if-none-match'] === body.etag) {
        response.writeHead(304, headers);
        response.end();
        return;
      }
    }
    headers['Content-Length'] = String(bytes.length);
    response.writeHead(status, headers);
    response.end(request.method === 'HEAD' ? undefined : bytes);
  }

  const server: Server = createServer((request, response) => {
    respond(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    });
  });
  // Node closes an idle keep-alive socket after 5 s; a client (undici) that takes longer to come back,
  // e.g. after a long synchronous check in the same process, reuses the dead socket and gets ECONNRESET.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    serve(dir, base) {
      root = path.resolve(dir);
      prefix = base.endsWith('/') ? base : `${base}/`;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
