// Both transports keep an idle subscription alive: SSE sends comment lines, WebSocket sends pings.
// (Intervals are 12 s in service; Yoga uses 300 ms under NODE_ENV=test, and this app 50 ms for WS.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { STATUS_SUB } from './live.js';

let t: TestApp;
let trackingId: string;
beforeAll(async () => {
  t = await startTestApp({ appOptions: { webSocketKeepAliveMs: 50 } });
  const admin = { token: await t.login('admin@disporbudpar.demo') };
  trackingId = (await receive(t, admin)).trackingId;
});
afterAll(() => t?.close());

describe('keep-alive', () => {
  it('SSE: an idle stream receives keep-alive comment lines', async () => {
    const abort = new AbortController();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: STATUS_SUB, variables: { filter: { trackingId } } }),
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/^:\n\n/gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).not.toMatch(/event: next/);
    abort.abort();
  });

  it('WebSocket: the server pings an idle connection and the client answers', async () => {
    const socket = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await new Promise((r) => socket.once('message', r));
    let pings = 0;
    await new Promise<void>((resolve) => socket.on('ping', () => ++pings === 3 && resolve()));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });
});
