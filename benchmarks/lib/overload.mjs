// SPDX-License-Identifier: Apache-2.0
// G5c: an offered InitiateAuth rate (autocannon's overallRate, as `autocannon -R`), with latencies
// split by outcome: accepted (200), shed (TooManyRequestsException) and anything else.
// autocannon lowers the connections to the rate and each connection sends at most 1 request a second
// and waits for its answer, so the offered rate holds only while answers take under a second (t_hash
// ≈ 0.15-0.2 s on an idle machine); `sent` in the output shows what was really offered.
// Usage: node overload.mjs <url> <bodies file> <rate/s> <seconds> <connections> [open]
// With `open`, an open-loop generator of its own instead (see below).
import fs from 'node:fs';
import autocannon from 'autocannon';

const [url, bodiesFile, rate, seconds, connections, mode] = process.argv.slice(2);
const bodies = fs.readFileSync(bodiesFile, 'utf8').split('\n').filter(Boolean);
let last = 'other';
const requests = bodies.map((body) => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
  body,
  // Called synchronously just before autocannon's 'response' event of the same reply.
  // autocannon hands the headers as sent (x-amzn-ErrorType), not lower-cased as node's http does.
  onResponse: (status, _body, _context, headers) => {
    const type = String(Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'x-amzn-errortype')?.[1] ?? '');
    last = status === 200 ? 'accepted' : type.startsWith('TooManyRequestsException') ? 'shed' : `other-${status}-${type}`;
  },
}));

const latencies = {};
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null; };
const summary = (extra) => {
  const classes = Object.fromEntries(Object.entries(latencies).map(([k, xs]) => [k, { count: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), max: Math.max(...xs) }]));
  console.log('OVERLOAD ' + JSON.stringify({ offered: Number(rate), seconds: Number(seconds), connections: Number(connections), ...extra, classes }));
};

if (mode === 'open') {
  // Open loop: a request every 1/rate s whatever is outstanding, each on its own connection, so the
  // offered rate holds however slow the answers are (what autocannon -R cannot do past 1 s answers).
  const { default: http } = await import('node:http');
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let sent = 0; let timeouts = 0; let errors = 0;
  const one = (body) => new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: target.hostname, port: target.port, path: '/', method: 'POST', agent, timeout: 10_000,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        const type = String(res.headers['x-amzn-errortype'] ?? '');
        const kind = res.statusCode === 200 ? 'accepted' : type.startsWith('TooManyRequestsException') ? 'shed' : `other-${res.statusCode}-${type}`;
        (latencies[kind] ??= []).push(performance.now() - t0);
        resolve();
      });
    });
    req.on('timeout', () => { timeouts++; req.destroy(); });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
  const inflight = [];
  const start = performance.now();
  const total = Math.round(Number(rate) * Number(seconds));
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / Number(rate);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent++;
    inflight.push(one(bodies[i % bodies.length]));
  }
  await Promise.all(inflight);
  agent.destroy();
  summary({ mode: 'open', sent, completed: sent - timeouts - errors, timeouts, errors });
  process.exit(0);
}

const instance = autocannon({
  url,
  requests,
  overallRate: Number(rate),
  duration: Number(seconds),
  connections: Number(connections),
  timeout: 10,
});
instance.on('response', (_client, _status, _bytes, ms) => { (latencies[last] ??= []).push(ms); });
const result = await instance;

summary({ mode: 'autocannon', sent: result.requests.sent, completed: result.requests.total, timeouts: result.timeouts, errors: result.errors, non2xx: result.non2xx });
