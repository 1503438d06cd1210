// SPDX-License-Identifier: Apache-2.0
// A small browser app for the Chromium suites: <dir>/index.html, the esbuild bundle of <dir>/app.mjs, and the
// config.json the test writes for the pool under test (with `appUrl`, where the app is served).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Serves the app on a free loopback port; `hostname` is the name its URL uses (`localhost` for a WebAuthn origin). */
export async function serveBundledApp(dir, { hostname = '127.0.0.1' } = {}) {
  const bundle = await build({ entryPoints: [join(dir, 'app.mjs')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', write: false, logLevel: 'warning' });
  const files = {
    '/': ['text/html', readFileSync(join(dir, 'index.html'))],
    '/app.js': ['text/javascript', bundle.outputFiles[0].contents],
  };
  const server = http.createServer((req, res) => {
    const [type, body] = files[new URL(req.url, 'http://x').pathname] ?? ['text/plain', null];
    res.writeHead(body ? 200 : 404, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body ?? 'not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://${hostname}:${server.address().port}/`;
  return { url, configure: (config) => { files['/config.json'] = ['application/json', JSON.stringify({ ...config, appUrl: url })]; },
    close: () => new Promise((ok) => server.close(ok)) };
}
