// Test corpus: malformed and hostile HTTP for the web host — request lines, paths, headers, bodies and WebSocket
// upgrades — as explicit cases (each with the answer it must get) and as fast-check generators for the fuzz.
import fc from 'fast-check';
import { rawRequest } from './raw-http';

export interface HostileCase {
  name: string;
  request: string;
  /** the first response's status must be one of these; [] = the server may also just close */
  status: number[];
}

const WS_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const upgradeHeaders = (extra: string[] = []) => ['Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${WS_KEY}`, ...extra];
/** 400 bad request, 404 nothing there (traversal answered as "nothing there" is fine too) */
const REFUSED_PATH = [400, 404];

/** Paths that must be refused, never served and never thrown on. */
export const HOSTILE_PATHS = [
  '/%', '//[', '/%zz', '/%E0%A4%A', '/%C0%AF', '/%ff', '/%%32%65', '/[', '//', '///', '/%2', '/rpc%',
  '/..', '/../package.json', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/package.json', '/%2e%2e%2f%2e%2e%2fpackage.json', '/.%2e/package.json',
  '/assets/../../package.json', '/./index.html', '/..\\..\\package.json', '/%5c..%5cpackage.json', '/assets%5c..%5c..%5cpackage.json',
  '/index.html%00.js', '/%00', '/a\x00b', '/%2fetc%2fpasswd', '/C:%5cWindows%5cwin.ini', '/\\\\server\\share', '/%u002e%u002e/x',
];

export function hostileCorpus(token: string): HostileCase[] {
  const get = (target: string, headers?: string[]) => rawRequest(`GET ${target} HTTP/1.1`, headers);
  const cases: HostileCase[] = HOSTILE_PATHS.map((p) => ({ name: `GET ${JSON.stringify(p)}`, request: get(p), status: REFUSED_PATH }));
  cases.push(
    // request lines the parser itself refuses (Node answers 400) or that have no origin-form target
    { name: 'absolute-form target', request: get('http://evil.example/%'), status: [400] },
    { name: 'asterisk target', request: rawRequest('OPTIONS * HTTP/1.1'), status: [400, 405] },
    { name: 'empty target', request: rawRequest('GET  HTTP/1.1'), status: [400] },
    { name: 'no version', request: 'GET /\r\n\r\n', status: [] },
    { name: 'HTTP/9.9', request: rawRequest('GET / HTTP/9.9'), status: [400, 505] },
    { name: 'unknown method', request: rawRequest('BREW / HTTP/1.1'), status: [400, 405] },
    { name: 'NUL in method', request: rawRequest('G\x00T / HTTP/1.1'), status: [400] },
    { name: 'only CRLFs', request: '\r\n\r\n\r\n', status: [] },
    { name: 'binary garbage', request: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', status: [] },
    { name: '100 KB target', request: get('/' + 'a'.repeat(100_000)), status: [400, 404, 414, 431] },
    { name: 'header without colon', request: get('/', ['Host: 127.0.0.1', 'no colon here']), status: [400] },
    { name: 'NUL in a header', request: get('/', ['Host: 127.0.0.1', 'X-A: a\x00b']), status: [400] },
    { name: '64 KB header', request: get('/', ['Host: 127.0.0.1', `X-Big: ${'b'.repeat(65_536)}`]), status: [431, 400] },
    { name: 'negative Content-Length', request: get('/', ['Host: 127.0.0.1', 'Content-Length: -1']), status: [400] },
    { name: 'Content-Length and chunked', request: rawRequest('POST / HTTP/1.1', ['Host: 127.0.0.1', 'Content-Length: 3', 'Transfer-Encoding: chunked'], '0\r\n\r\n'), status: [400] },
    { name: 'bad chunk size', request: rawRequest('POST / HTTP/1.1', ['Host: 127.0.0.1', 'Transfer-Encoding: chunked'], 'zz\r\nabc\r\n0\r\n\r\n'), status: [400, 405] },
    { name: 'truncated body', request: rawRequest('POST / HTTP/1.1', ['Host: 127.0.0.1', 'Content-Length: 1000'], 'abc'), status: [400, 405] },
    { name: 'POST with a body', request: rawRequest('POST /index.html HTTP/1.1', ['Host: 127.0.0.1', 'Content-Length: 3'], 'abc'), status: [405] },
    { name: 'DELETE', request: rawRequest('DELETE /index.html HTTP/1.1'), status: [405] },
    { name: 'Host: [', request: get('/', ['Host: [']), status: [200, 400] },
    { name: 'Host: %', request: get('/%', ['Host: %']), status: [400] },
    { name: 'duplicate Host', request: get('/', ['Host: a', 'Host: b']), status: [200, 400] },
    { name: 'no Host (HTTP/1.1)', request: get('/', []), status: [200, 400] },
    { name: 'pipelined bad then good', request: get('/%') + get('/'), status: [400] },
    { name: '/rpc with a bad escape in the token', request: get('/rpc?token=%'), status: [401] },
    { name: '/rpc with bad query escapes', request: get('/rpc?%zz=%&token=%E0%A4%A'), status: [401] },
    { name: '/rpc with a NUL token', request: get('/rpc?token=%00'), status: [401] },
    { name: '/rpc with a token and a bad escape', request: get(`/rpc?x=%&token=${token}`), status: [426] },
  );
  const upgrade = (name: string, target: string, extra: string[], status: number[], method = 'GET') =>
    cases.push({ name: `upgrade: ${name}`, request: rawRequest(`${method} ${target} HTTP/1.1`, upgradeHeaders(extra)), status });
  upgrade('bad escape path', '/%', [], [400]);
  upgrade('//[', '//[', [], [400]);
  upgrade('traversal path', '/%2e%2e/rpc', [], [400, 404]);
  upgrade('other path', '/index.html', [], [404]);
  upgrade('no token', '/rpc', [], [401]);
  upgrade('wrong token', `/rpc?token=${'f'.repeat(48)}`, [], [401]);
  upgrade('bad escape token', '/rpc?token=%', [], [401]);
  upgrade('token of the wrong length', `/rpc?token=${token}0`, [], [401]);
  upgrade('token in a different case', `/rpc?token=${token.toUpperCase()}`, [], [401]);
  upgrade('foreign origin', `/rpc?token=${token}`, ['Origin: http://evil.example'], [403]);
  upgrade('origin null', `/rpc?token=${token}`, ['Origin: null'], [403]);
  upgrade('origin with a bad escape', `/rpc?token=${token}`, ['Origin: http://127.0.0.1:%'], [403]);
  upgrade('POST upgrade', `/rpc?token=${token}`, [], [400, 405], 'POST');
  cases.push(
    {
      name: 'upgrade: no key',
      request: rawRequest(`GET /rpc?token=${token} HTTP/1.1`, ['Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13']),
      status: [400],
    },
    { name: 'upgrade: version 99', request: rawRequest(`GET /rpc?token=${token} HTTP/1.1`, upgradeHeaders(['Sec-WebSocket-Version: 99'])), status: [400, 426] },
    { name: 'upgrade: h2c', request: rawRequest(`GET /rpc?token=${token} HTTP/1.1`, ['Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: h2c']), status: [400] },
    // a valid handshake followed by frames that are not WebSocket frames: ws closes the socket
    { name: 'upgrade then garbage frames', request: rawRequest(`GET /rpc?token=${token} HTTP/1.1`, upgradeHeaders()) + '\xff\xff\xff\xff\x00\x00', status: [101] },
    { name: 'upgrade then an unmasked frame', request: rawRequest(`GET /rpc?token=${token} HTTP/1.1`, upgradeHeaders()) + '\x81\x05hello', status: [101] },
  );
  return cases;
}

// --- fuzz generators ---------------------------------------------------------------------------------------

const NASTY_PIECES = ['%', '%2', '%zz', '%00', '%2e', '%2E%2e', '%2f', '%5c', '%C0%AF', '%E0%A4', '%ff', '..', '.', '/', '//', '\\', '[', ']', '?', '#', '@', ':', '&', '=', 'rpc', 'token=', 'index.html', '\x00', '\t', ' ', '\u00ff', '\u00e9'];
const piece = fc.oneof(fc.constantFrom(...NASTY_PIECES), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary-ascii', maxLength: 4 }));
/** a request target: mostly origin-form (starts with /), sometimes anything */
export const fuzzTarget = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { maxLength: 12 }).map((ps) => '/' + ps.join('')) },
  { weight: 1, arbitrary: fc.array(piece, { maxLength: 8 }).map((ps) => ps.join('')) },
);
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const headerName = fc.oneof(fc.constantFrom('Host', 'Origin', 'Connection', 'Upgrade', 'Content-Length', 'Transfer-Encoding', 'Cookie', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Extensions', 'Expect'), fc.string({ maxLength: 10 }));
const headerValue = fc.oneof(fc.constantFrom('', '%', '-1', '0', '99999999999999999999', 'chunked', 'upgrade', 'websocket', '100-continue', 'null', 'http://evil.example', WS_KEY, 'permessage-deflate; x==', '\x00'), fc.string({ maxLength: 20 }));
const header = fc.tuple(headerName, headerValue).map(([n, v]) => `${n}: ${v}`);
const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PRI'), fc.string({ maxLength: 8 }));
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', '', 'http/1.1', 'HTTP/1.');

/** a request with a fuzzed line, target and headers, as the raw text sent */
export const fuzzRequest = fc
  .record({ method, target: fuzzTarget, version, headers: fc.array(header, { maxLength: 6 }), body: fc.string({ maxLength: 40 }) })
  .map((r) => latin1(rawRequest(`${r.method} ${r.target} ${r.version}`.trimEnd(), ['Host: 127.0.0.1', ...r.headers], r.body)));

/** an upgrade to the socket with a fuzzed target, token and origin (the good token is used half of the time) */
export const fuzzUpgrade = (token: string) =>
  fc
    .record({
      target: fc.oneof(fuzzTarget, fc.constant('/rpc')),
      token: fc.oneof(fc.constant(token), fc.string({ maxLength: 50 }), fc.constantFrom('%', '%00', token.slice(1), token + '%')),
      origin: fc.option(fc.oneof(fc.constantFrom('http://evil.example', 'null', 'http://127.0.0.1', 'http://localhost:1', '%'), fc.string({ maxLength: 20 }))),
      extra: fc.array(header, { maxLength: 3 }),
      trailer: fc.string({ unit: 'binary-ascii', maxLength: 16 }),
    })
    .map((u) => {
      const sep = u.target.includes('?') ? '&' : '?';
      const headers = upgradeHeaders([...(u.origin === null ? [] : [`Origin: ${u.origin}`]), ...u.extra]);
      return latin1(rawRequest(`GET ${u.target}${sep}token=${u.token} HTTP/1.1`, headers) + u.trailer);
    });

/** any bytes at all */
export const fuzzBytes = fc.uint8Array({ minLength: 1, maxLength: 200 });
