/**
 * `serve` as a real process (dist/electron/serve.js on a temp data dir, port 0), probed over HTTP
 * and with the `ws` client: every guard refuses what it must and lets the app through; calls,
 * events and doc streams work over the WebSocket protocol of shared/bridge/ws-protocol.ts.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MESSAGE_SAVED, MESSAGE_SYNC } from '../../shared/bridge/doc-protocol';
import type { CallOutcome } from '../../shared/bridge/validate';
import {
  WS_PATH,
  decodeDocFrame,
  decodeServerFrame,
  encodeFrame,
  type ClientFrame,
  type ServerFrame,
} from '../../shared/bridge/ws-protocol';
import { SERVE_JS, assertBuilt, makeTempDir, removeDir, startServe, type ServeProcess } from '../e2e/harness';

let dataDir: string;
let serve: ServeProcess;
/** Set once serve started, so a failed start is not stopped. */
let started: ServeProcess | undefined;
let host: string;
const clients: WebSocket[] = [];

beforeAll(async () => {
  assertBuilt(); // `npm test` builds first; alone, run `npm run build`
  dataDir = await makeTempDir('commonplace-serve-');
  serve = started = await startServe({ dataDir });
  host = `127.0.0.1:${serve.port}`;
});

afterAll(async () => {
  for (const ws of clients) ws.terminate();
  if (started) expect(await started.stop()).toBe(0); // SIGTERM closes the host and exits cleanly
  await removeDir(dataDir);
});

// ---- helpers -------------------------------------------------------------------------------

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP GET: no path normalisation, any Host header. */
function get(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, path, headers: { Host: host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The cookie that the printed URL sets. */
async function sessionCookie(): Promise<string> {
  const res = await get(`/?token=${serve.token}`);
  const setCookie = res.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

/** The status a refused WebSocket handshake got. */
function refusedStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the handshake was accepted'));
    });
    ws.on('error', () => undefined); // follows unexpected-response
  });
}

class Client {
  readonly frames: ServerFrame[] = [];
  readonly docMessages: Array<{ stream: number; message: Uint8Array }> = [];
  private nextId = 1;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const verdict = decodeDocFrame(new Uint8Array(data));
        if (verdict.ok) this.docMessages.push(verdict.value);
      } else {
        const verdict = decodeServerFrame(data.toString('utf8'));
        if (!verdict.ok) throw new Error(`malformed frame from serve: ${data.toString('utf8')}`);
        this.frames.push(verdict.value);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(): Promise<Client> {
    const ws = new WebSocket(`ws://${host}${WS_PATH}?token=${serve.token}`, { origin: `http://${host}` });
    clients.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Client(ws);
  }

  send(frame: ClientFrame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : encodeFrame(frame));
  }

  async until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async call(area: string, method: string, args?: unknown): Promise<CallOutcome> {
    const id = this.nextId++;
    this.send({ t: 'call', id, area, method, args });
    return this.until(() => {
      const frame = this.frames.find((f) => f.t === 'result' && f.id === id);
      return frame?.t === 'result' ? frame.outcome : undefined;
    }, `the result of ${area}.${method}`);
  }
}

// ---- HTTP ----------------------------------------------------------------------------------

describe('serve over HTTP', () => {
  it('refuses the page without the token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Cookie: `commonplace-session-${serve.port}=wrong` })).status).toBe(401);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const res = await get(`/?token=${serve.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('serves the renderer with its CSP and nosniff to the cookie', async () => {
    const res = await get('/', { Cookie: await sessionCookie() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${host}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.body.toString()).toContain('<div id="root">');
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    const cookie = await sessionCookie();
    expect((await get('/', { Cookie: cookie, Host: `evil.example:${serve.port}` })).status).toBe(403);
    expect((await get('/', { Cookie: cookie, Host: '127.0.0.1:1' })).status).toBe(403);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/assets/../../package.json',
    '/..%2f..%2fpackage.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
  ])('refuses path traversal: %s', async (path) => {
    const res = await get(path, { Cookie: await sessionCookie() });
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('"name"');
  });

  it('answers an unknown file with 404 and a wrong method with 405', async () => {
    const cookie = await sessionCookie();
    expect((await get('/nope.js', { Cookie: cookie })).status).toBe(404);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: serve.port, path: '/', method: 'POST', headers: { Host: host, Cookie: cookie } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });
});

// ---- WebSocket guards ----------------------------------------------------------------------

describe('serve WebSocket guards', () => {
  it('refuses a socket without the token', async () => {
    expect(await refusedStatus(`ws://${host}${WS_PATH}`, { origin: `http://${host}` })).toBe(401);
    expect(await refusedStatus(`ws://${host}${WS_PATH}?token=${'x'.repeat(43)}`)).toBe(401);
  });

  it('refuses a socket from another origin, token or not', async () => {
    expect(await refusedStatus(`ws://${host}${WS_PATH}?token=${serve.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await refusedStatus(`ws://${host}${WS_PATH}?token=${serve.token}`, { origin: `http://localhost:${serve.port}` })).toBe(403);
  });

  it('refuses a socket whose Host header names another site', async () => {
    const status = await refusedStatus(`ws://${host}${WS_PATH}?token=${serve.token}`, {
      headers: { Host: `evil.example:${serve.port}` },
      origin: `http://evil.example:${serve.port}`,
    });
    expect(status).toBe(403);
  });

  it('refuses a socket on another path', async () => {
    expect(await refusedStatus(`ws://${host}/other?token=${serve.token}`)).toBe(404);
  });

  it('accepts the cookie in place of the query token', async () => {
    const ws = new WebSocket(`ws://${host}${WS_PATH}`, { origin: `http://${host}`, headers: { Cookie: await sessionCookie() } });
    clients.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
  });
});

// ---- the bridge over the socket -------------------------------------------------------------

describe('serve bridge', () => {
  it('lists the first-start workspace', async () => {
    const client = await Client.connect();
    const outcome = await client.call('workspaces', 'list');
    expect(outcome).toMatchObject({ ok: true, value: [{ name: 'My community' }] });
    const info = await client.call('app', 'info');
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser', dataDir } });
  });

  it('answers invalid arguments with invalid-argument', async () => {
    const client = await Client.connect();
    expect(await client.call('workspaces', 'rename', { workspaceId: '../etc', name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await client.call('workspaces', 'nope')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('answers malformed frames and keeps the connection', async () => {
    const client = await Client.connect();
    client.send('{this is not json');
    client.ws.send(Buffer.from([0x80]), { binary: true });
    await client.until(() => (client.frames.filter((f) => f.t === 'error').length >= 2 ? true : undefined), 'two error frames');
    expect(await client.call('workspaces', 'list')).toMatchObject({ ok: true });
  });

  it('pushes workspace changes as events', async () => {
    const watcher = await Client.connect();
    const actor = await Client.connect();
    expect(await actor.call('workspaces', 'create', { name: 'Second' })).toMatchObject({ ok: true });
    const event = await watcher.until(() => watcher.frames.find((f) => f.t === 'event'), 'an event');
    expect(event).toMatchObject({ area: 'workspaces', event: 'onDidChange' });
    if (event.t !== 'event') throw new Error('expected an event');
    expect((event.payload as Array<{ name: string }>).map((w) => w.name)).toContain('Second');
  });

  it('opens a doc stream on the workspace doc: sync step 1, then SAVED', async () => {
    const client = await Client.connect();
    const list = await client.call('workspaces', 'list');
    if (!list.ok) throw new Error('list failed');
    const workspaceId = (list.value as Array<{ id: string }>)[0]?.id ?? '';
    client.send({ t: 'open', stream: 5, workspaceId, docId: workspaceId });
    const types = await client.until(() => {
      const mine = client.docMessages.filter((m) => m.stream === 5);
      const kinds = mine.map(({ message }) => {
        const decoder = decoding.createDecoder(message);
        const type = decoding.readVarUint(decoder);
        return type === MESSAGE_SYNC ? `sync-${decoding.readVarUint(decoder)}` : String(type);
      });
      return kinds.includes(String(MESSAGE_SAVED)) ? kinds : undefined;
    }, 'sync step 1 and SAVED');
    expect(types[0]).toBe('sync-0'); // y-protocols: messageYjsSyncStep1
    expect(types).toContain(String(MESSAGE_SAVED));
    client.send({ t: 'close', stream: 5 });
  });

  it('refuses a stream for a doc that does not exist', async () => {
    const client = await Client.connect();
    client.send({ t: 'open', stream: 1, workspaceId: 'f'.repeat(32), docId: 'f'.repeat(32) });
    const error = await client.until(() => client.frames.find((f) => f.t === 'stream-error'), 'a stream error');
    expect(error).toMatchObject({ stream: 1, error: { code: 'not-found' } });
  });
});

// ---- attachments ---------------------------------------------------------------------------

describe('serve attachments', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

  async function put(bytes: Uint8Array, mime: string): Promise<{ workspaceId: string; id: string }> {
    const client = await Client.connect();
    const list = await client.call('workspaces', 'list');
    if (!list.ok) throw new Error('list failed');
    const workspaceId = (list.value as Array<{ id: string }>)[0]?.id ?? '';
    const stored = await client.call('attachments', 'put', { workspaceId, bytes, mime });
    if (!stored.ok) throw new Error(`put failed: ${stored.error.message}`);
    return { workspaceId, id: (stored.value as { id: string }).id };
  }

  it('round-trips bytes through the socket and serves them over HTTP', async () => {
    const { workspaceId, id } = await put(png, 'image/png');
    const client = await Client.connect();
    expect(await client.call('attachments', 'get', { workspaceId, id })).toMatchObject({ ok: true, value: { bytes: png, mime: 'image/png' } });

    const res = await get(`/attachments/${workspaceId}/${id}`, { Cookie: await sessionCookie() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(new Uint8Array(res.body)).toEqual(png);
  });

  it('serves an SVG sandboxed and unsniffed, so its script cannot run', async () => {
    const { workspaceId, id } = await put(svg, 'image/svg+xml');
    const res = await get(`/attachments/${workspaceId}/${id}`, { Cookie: await sessionCookie() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(String(res.headers['content-security-policy'])).toMatch(/^sandbox/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses attachments without the cookie, and malformed or unknown ids', async () => {
    const { workspaceId, id } = await put(png, 'image/png');
    expect((await get(`/attachments/${workspaceId}/${id}`)).status).toBe(401);
    const cookie = await sessionCookie();
    expect((await get(`/attachments/${workspaceId}/..%2f..%2fworkspace.json`, { Cookie: cookie })).status).toBe(400);
    expect((await get(`/attachments/${workspaceId}/sha256-${'0'.repeat(64)}`, { Cookie: cookie })).status).toBe(404);
    expect((await get(`/attachments/${workspaceId}`, { Cookie: cookie })).status).toBe(404);
  });
});

// ---- the command line ----------------------------------------------------------------------

describe('serve command line', () => {
  it('exits 2 with a message on a bad flag', async () => {
    const child = spawn(process.execPath, [SERVE_JS, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--bogus');
    expect(stderr).toContain('Usage');
  });
});
