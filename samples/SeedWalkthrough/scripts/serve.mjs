// SPDX-License-Identifier: Apache-2.0
// A static server for the browser app: web/ as it is, /config.json from CONFIG_FILE, and index.html for the
// app's own routes (/callback). Environment: PORT (default 5173), CONFIG_FILE (written by provision.mjs).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../web');
const port = Number(process.env.PORT ?? 5173);
const configFile = process.env.CONFIG_FILE;
if (!configFile) throw new Error('Set CONFIG_FILE to the config.json that provision.mjs wrote.');
const types = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

async function fileFor(pathname) {
  if (pathname === '/config.json') return configFile;
  // No extension: one of the app's routes, which index.html handles.
  if (!extname(pathname)) return join(root, 'index.html');
  const file = normalize(join(root, pathname));
  return file.startsWith(root + '/') ? file : null;
}

const server = http.createServer(async (req, res) => {
  const file = await fileFor(new URL(req.url, 'http://localhost').pathname);
  try {
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) throw Object.assign(new Error(), { code: 'ENOENT' });
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (e) {
    res.writeHead(e.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain' });
    res.end(e.code === 'ENOENT' ? 'Not found' : 'Could not read the file');
  }
});
server.listen(port, 'localhost', () => console.log(`walkthrough app on http://localhost:${port}`));
