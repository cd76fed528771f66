/**
 * A small static file server for the built site, behaving like a plain static host: content
 * types, `index.html` for folders, redirect of `/dir` to `/dir/`, the site's 404 page. With
 * `gzip`, text files are sent compressed to clients that accept it, each body computed once and
 * kept, as a CDN would, so that compression time does not count in what the benchmark measures.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The default level of most web servers. */
export const GZIP_LEVEL = 6;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};
/** Text formats; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.geojson', '.csv', '.xml', '.txt', '.svg', '.webmanifest']);

export interface StaticServerOptions {
  /** Compress text bodies for clients sending `Accept-Encoding: gzip`; off by default. */
  gzip?: boolean;
}

/** Where a decoded URL path lies under `root`, or null if it would leave `root`. */
function localPath(root: string, decodedPathname: string): string | null {
  const file = path.join(root, path.normalize(decodedPathname));
  return file.startsWith(root) ? file : null;
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

function isDirectory(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}

/** The file a URL path maps to (`index.html` for folders), or null when missing, malformed or outside `root`. */
export function fileFor(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const file = localPath(root, decoded);
  if (file === null) return null;
  const target = isDirectory(file) ? path.join(file, 'index.html') : file;
  return isFile(target) ? target : null;
}

/** Serves `root` on 127.0.0.1 on a free port; the port is in `server.address()`. */
export function startStaticServer(root: string, { gzip = false }: StaticServerOptions = {}): Promise<Server> {
  const compressed = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = localPath(root, pathname);
    if (file === null) {
      response.writeHead(403).end();
      return;
    }
    if (isDirectory(file)) {
      if (!pathname.endsWith('/')) {
        response.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      send(path.join(file, 'index.html'), 200);
      return;
    }
    send(file, 200);

    function send(target: string, status: number): void {
      if (!isFile(target)) {
        const notFound = path.join(root, '404.html');
        if (status !== 404 && isFile(notFound)) send(notFound, 404);
        else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const extension = path.extname(target).toLowerCase();
      const headers: Record<string, string> = {
        'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      };
      let body: Buffer = readFileSync(target);
      if (gzip && COMPRESSIBLE.has(extension) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
        let packed = compressed.get(target);
        if (!packed) {
          packed = gzipSync(body, { level: GZIP_LEVEL });
          compressed.set(target, packed);
        }
        body = packed;
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      headers['content-length'] = String(body.length);
      response.writeHead(status, headers).end(request.method === 'HEAD' ? undefined : body);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
