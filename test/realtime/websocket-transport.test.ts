// The WebSocket transport is tuntas's own (src/realtime/websocket.ts: live subscriptions are handed
// over to it, not pulled through a result stream per subscriber), so the graphql-transport-ws rules
// are checked here on the wire: the close codes, operations beside each other on one connection,
// "complete" from either side, and what a subscription holds (cap slot, gauge) given back when it ends.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { receive, REGISTER } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { STATUS_SUB, until } from './live.js';

let t: TestApp;
let admin: { token: string };
let agencyId: string;
beforeAll(async () => {
  // A cap of 2 open subscriptions per address, to see slots given back.
  t = await startTestApp({ env: { MAX_SUBSCRIPTIONS_PER_ADDRESS: '2' } });
  admin = { token: await t.login('admin@disporbudpar.demo') };
  const agency = await t.db.prisma.agency.findFirstOrThrow({ where: { code: 'DISPORBUDPAR' } });
  agencyId = encodeGlobalID('Agency', agency.id);
});
afterAll(() => t?.close());

/** A raw graphql-transport-ws connection: every message received, and the close code. */
async function connect(protocol: string | null = 'graphql-transport-ws') {
  const socket = new WebSocket(t.url.replace(/^http/, 'ws'), protocol ?? undefined);
  const messages: any[] = [];
  let closed: { code: number; reason: string } | null = null;
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closing = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      closed = { code, reason: String(reason) };
      resolve(closed);
    }),
  );
  await new Promise((r, j) => {
    socket.once('open', r);
    socket.once('error', j);
  });
  const send = (m: unknown) => socket.send(JSON.stringify(m));
  return {
    socket,
    messages,
    send,
    closing,
    get closed() {
      return closed;
    },
    async init(payload: Record<string, unknown> = { authorization: `Bearer ${admin.token}` }) {
      send({ type: 'connection_init', payload });
      await until('connection_ack', () => messages.some((m) => m.type === 'connection_ack'));
    },
    of: (id: string) => messages.filter((m) => m.id === id),
  };
}

const openWs = async () =>
  Number((await t.app.metrics.subscriptions.get()).values.find((v) => v.labels.transport === 'websocket')?.value ?? 0);

describe('graphql-transport-ws on the wire', () => {
  it('closes with the protocol’s codes: no subprotocol 4406, subscribe before init 4401, a second init 4429, a reused id 4409, a bad message 4400, a message too big 1009', async () => {
    expect((await (await connect(null)).closing).code).toBe(4406);

    const early = await connect();
    early.send({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } });
    expect((await early.closing).code).toBe(4401);

    const twice = await connect();
    await twice.init();
    twice.send({ type: 'connection_init', payload: {} });
    expect((await twice.closing).code).toBe(4429);

    const reused = await connect();
    await reused.init();
    const sub = { type: 'subscribe', payload: { query: STATUS_SUB, variables: { filter: { agencyId } } } };
    reused.send({ id: 'a', ...sub });
    reused.send({ id: 'a', ...sub });
    expect((await reused.closing).code).toBe(4409);

    const bad = await connect();
    await bad.init();
    bad.send({ type: 'subscribe', payload: {} });
    expect((await bad.closing).code).toBe(4400);

    // A message over MAX_BODY_BYTES (256 KiB here), like an HTTP body over it, is not read: 1009.
    const big = await connect();
    await big.init();
    big.send({ id: 'big', type: 'subscribe', payload: { query: `{ __typename ${' '.repeat(300 * 1024)}}` } });
    expect((await big.closing).code).toBe(1009);

    const wrongCredentials = await connect();
    wrongCredentials.send({ type: 'connection_init', payload: { authorization: 'Bearer not-a-token' } });
    expect((await wrongCredentials.closing).code).toBe(4401);
    expect(wrongCredentials.messages).toEqual([]);
  });

  it('answers a ping with a pong carrying its payload, a query with next then complete, a refused document with error', async () => {
    const c = await connect();
    await c.init();
    c.send({ type: 'ping', payload: { n: 1 } });
    c.send({ id: 'q', type: 'subscribe', payload: { query: '{ agencies { code } }' } });
    c.send({ id: 'bad', type: 'subscribe', payload: { query: '{ noSuchField }' } });
    await until('answers', () => c.of('q').length === 2 && c.of('bad').length === 1 && c.messages.some((m) => m.type === 'pong'));
    expect(c.messages.find((m) => m.type === 'pong')).toEqual({ type: 'pong', payload: { n: 1 } });
    expect(c.of('q').map((m) => m.type)).toEqual(['next', 'complete']);
    expect(c.of('q')[0].payload.data.agencies).toContainEqual({ code: 'DISPORBUDPAR' });
    expect(c.of('bad')[0].type).toBe('error');
    expect(c.of('bad')[0].payload[0].message).toMatch(/noSuchField/);
    c.socket.close();
  });

  it('two subscriptions on one connection each get the event; the one the client completed gets nothing more; its cap slot and gauge are given back', async () => {
    const before = { live: t.app.services.live.count, gauge: await openWs() };
    const c = await connect();
    await c.init();
    const sub = (id: string) => ({ id, type: 'subscribe', payload: { query: STATUS_SUB, variables: { filter: { agencyId } } } });
    c.send(sub('one'));
    c.send(sub('two'));
    await until('two subscriptions', () => t.app.services.live.count === before.live + 2);
    expect(await openWs()).toBe(before.gauge + 2);

    // The cap (2 per address) is full: a third is refused with RATE_LIMITED, and the connection stays.
    c.send(sub('three'));
    await until('refusal', () => c.of('three').length > 0);
    expect(c.of('three')[0].type === 'error' ? c.of('three')[0].payload[0] : c.of('three')[0].payload.errors[0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });

    const first = await receive(t, admin);
    await until('both got RECEIVE', () => c.of('one').length === 1 && c.of('two').length === 1);
    expect(c.of('one')[0]).toEqual(c.of('two')[0] && { ...c.of('two')[0], id: 'one' });
    expect(c.of('one')[0].payload.data.complaintStatusChanged).toMatchObject({ trackingId: first.trackingId, status: 'RECEIVED' });

    c.send({ id: 'one', type: 'complete' });
    await until('one left', () => t.app.services.live.count === before.live + 1);
    expect(await openWs()).toBe(before.gauge + 1);
    // Its slot is free again: a new subscription is accepted.
    c.send(sub('four'));
    await until('four open', () => t.app.services.live.count === before.live + 2);

    await t.gql(REGISTER, { id: first.id, v: first.version }, admin);
    await until('REGISTER', () => c.of('two').length === 2 && c.of('four').length === 1);
    expect(c.of('two')[1].payload.data.complaintStatusChanged.status).toBe('REGISTERED');
    expect(c.of('four')[0].payload.data.complaintStatusChanged.status).toBe('REGISTERED');
    expect(c.of('one')).toHaveLength(1);
    // The server did not answer the client's own complete.
    expect(c.of('one').every((m) => m.type === 'next')).toBe(true);

    // Leaving gives everything back.
    c.socket.close();
    await until('all gone', async () => t.app.services.live.count === before.live && (await openWs()) === before.gauge);
  });

  it('the server ending a subscription (shutdown of live subscriptions) sends complete, after the events before it', async () => {
    const c = await connect();
    await c.init();
    c.send({ id: 's', type: 'subscribe', payload: { query: STATUS_SUB, variables: { filter: { agencyId } } } });
    await until('open', () => t.app.services.live.count >= 1);
    await receive(t, admin);
    await until('event', () => c.of('s').length === 1);
    t.app.services.live.endAll();
    await until('complete', () => c.of('s').length === 2);
    expect(c.of('s').map((m) => m.type)).toEqual(['next', 'complete']);
    expect(c.closed).toBeNull();
    c.socket.close();
  });
});
