// A static file server for the end-to-end tests: serves the built site on 127.0.0.1 plus
// extra folders under their own prefixes (broken data sets made by the tests).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.png': 'image/png',
  '.toml': 'text/plain; charset=utf-8',
};

/** Starts a server; `mounts` maps URL prefixes ('/x/') to folders, '/' is the site.
 *  With `gzip`, answers gzip-compressed when the browser accepts it, as real hosting does.
 *  A request for which `stall(pathname)` is true is never answered, like a phone's weak
 *  connection that stays silent ("lie-fi"); it ends when the browser gives up. */
export function serve(mounts, { gzip = false, stall = () => false } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname = decodeURIComponent(url.pathname);
    if (stall(pathname)) return;
    if (pathname.endsWith('/')) pathname += 'index.html';
    const prefix = Object.keys(mounts)
      .filter((p) => pathname.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    const root = path.resolve(mounts[prefix]);
    const file = path.resolve(root, '.' + pathname.slice(prefix.length - 1));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const headers = {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    };
    if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      const body = zlib.gzipSync(fs.readFileSync(file), { level: 9 });
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}
