import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

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

/** A tiny static file server on 127.0.0.1 with a random port; set what it serves later with serve(). */
export async function startStaticServer(): Promise<StaticServer> {
  let root = '';
  let prefix = '/';
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const inside = pathname.startsWith(prefix) ? pathname.slice(prefix.length - 1) : undefined;
    void (inside === undefined ? Promise.resolve(undefined) : fileFor(root, inside)).then(async (file) => {
      const status = file ? 200 : 404;
      const body = file ?? (await fileFor(root, '/404.html'));
      response.writeHead(status, { 'Content-Type': (body && TYPES[path.extname(body)]) ?? 'text/plain' });
      if (body && request.method !== 'HEAD') createReadStream(body).pipe(response);
      else response.end(body ? undefined : 'not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    serve(dir, base) {
      root = path.resolve(dir);
      prefix = base.endsWith('/') ? base : `${base}/`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
