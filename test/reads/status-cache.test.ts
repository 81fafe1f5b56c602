// The status reads other portals poll: complaintStatus in one plain SQL statement, and the status
// response cache, which must never answer with a status older than a committed transition — on the
// instance that made the change and on every other one (PostgreSQL + Redis, two instances).
import { randomBytes } from 'node:crypto';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { receive, REGISTER } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';
import { EMAIL } from './fixtures.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const STATUS = `query($t: String!) { complaintStatus(trackingId: $t) {
  trackingId kind status round version receivedAt registeredAt respondedAt closedAt agencyName } }`;
const STATUSES = `query { complaintStatuses(first: 50) { totalCount edges { node { trackingId status version } } } }`;
const CREATE_KEY = `mutation($s: [ApiKeyScope!]!) { createApiKey(name: "portal", scopes: $s) { ... on CreatedApiKey { key } } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }`;

describe('complaintStatus on one instance', () => {
  let t: TestApp;
  const statements: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({
      onQuery: (sql) => statements.push(sql),
      // The outbox dispatcher's background statements would be counted too (invalidation does not need it).
      appOptions: { dispatch: false },
    });
  });
  afterAll(() => t?.close());

  it('answers with one SQL statement, the same fields the Prisma model holds, and null for an unknown ID', async () => {
    const admin = { token: await t.login(EMAIL.admin) };
    const c = await receive(t, admin);
    const row = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: decodeGlobalID(c.id).id }, include: { agency: true } });
    statements.length = 0;
    const r = await t.gql(STATUS, { t: ` ${c.trackingId} ` });
    expect(statements).toHaveLength(1);
    expect(r.data.complaintStatus).toEqual({
      trackingId: row.trackingId,
      kind: row.kind,
      status: 'RECEIVED',
      round: 1,
      version: row.version,
      receivedAt: row.receivedAt.toISOString(),
      registeredAt: null,
      respondedAt: null,
      closedAt: null,
      agencyName: row.agency.name,
    });
    // Served from the cache now: no statement at all.
    statements.length = 0;
    expect((await t.gql(STATUS, { t: ` ${c.trackingId} ` })).data).toEqual(r.data);
    expect(statements).toHaveLength(0);
    expect((await t.gql(STATUS, { t: 'LAP-NOPE-0000' })).data.complaintStatus).toBeNull();
  });

  it('the latest response date and the register date come through', async () => {
    const admin = { token: await t.login(EMAIL.admin) };
    const c = await receive(t, admin);
    const registered = await t.gql(REGISTER, { id: c.id, v: c.version }, admin);
    expect(registered.data.registerComplaint.status).toBe('REGISTERED');
    const row = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: decodeGlobalID(c.id).id } });
    const users = await t.db.prisma.user.findFirstOrThrow({ where: { email: EMAIL.admin } });
    for (const [round, postedAt] of [
      [1, '2026-03-03T04:05:06.789Z'],
      [2, '2026-04-03T04:05:06.789Z'],
    ] as const) {
      await t.db.prisma.response.create({
        data: {
          complaintId: decodeGlobalID(c.id).id,
          round,
          postedAt: new Date(postedAt),
          postedText: 'Tanggapan',
          deliveredById: users.id,
        },
      });
    }
    // (Written directly, not through a transition; this complaint was never read, so nothing is cached.)
    const r = await t.gql(STATUS, { t: c.trackingId });
    expect(r.data.complaintStatus).toMatchObject({
      respondedAt: '2026-04-03T04:05:06.789Z',
      registeredAt: row.registeredAt!.toISOString(),
      round: 1,
    });
  });

  it('a transition on this instance is visible to the very next read', async () => {
    const admin = { token: await t.login(EMAIL.admin) };
    const c = await receive(t, admin);
    expect((await t.gql(STATUS, { t: c.trackingId })).data.complaintStatus.status).toBe('RECEIVED');
    expect((await t.gql(STATUS, { t: c.trackingId })).data.complaintStatus.status).toBe('RECEIVED');
    await t.gql(REGISTER, { id: c.id, v: c.version }, admin);
    expect((await t.gql(STATUS, { t: c.trackingId })).data.complaintStatus).toMatchObject({ status: 'REGISTERED', version: c.version + 1 });
  });

  it('staff reads are never served from the cache, and a revoked key gets nothing cached', async () => {
    const admin = { token: await t.login(EMAIL.admin) };
    const created = await t.gql(CREATE_KEY, { s: ['READ_COMPLAINTS'] }, admin);
    const key = created.data.createApiKey.key as string;
    const first = await t.gql(STATUSES, {}, { apiKey: key });
    expect(first.errors).toBeUndefined();
    expect((await t.gql(STATUSES, {}, { apiKey: key })).data).toEqual(first.data);
    const keys = await t.db.prisma.apiKey.findMany({ where: { name: 'portal' } });
    await t.gql(REVOKE_KEY, { id: encodeGlobalID('ApiKey', keys[0]!.id) }, admin);
    const revoked = await t.gql(STATUSES, {}, { apiKey: key });
    expect(revoked.data?.complaintStatuses ?? null).toBeNull();
    expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('two instances on one PostgreSQL and one Redis', () => {
  let pg: TestDatabase;
  const dbs: Database[] = [];
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    pg = await createPostgresDatabase();
    const env = { DATABASE_URL: pg.url!, REDIS_URL, REDIS_CHANNEL_PREFIX: `tuntas-test-${randomBytes(6).toString('hex')}:` };
    dbs.push(await pg.open(), await pg.open());
    a = await startTestApp({ env, database: { db: dbs[0]! } });
    b = await startTestApp({ env, database: { db: dbs[1]! }, seed: false });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(dbs.map((d) => d.close()));
    await pg?.drop();
  });

  it('a status read on B right after a transition on A commits sees the new status', async () => {
    const admin = { token: await a.login(EMAIL.admin) };
    const key = (await a.gql(CREATE_KEY, { s: ['READ_COMPLAINTS'] }, admin)).data.createApiKey.key as string;
    for (let i = 0; i < 5; i++) {
      const c = await receive(a, admin);
      // Both instances have the RECEIVED answer cached (read twice: the second read is a hit).
      for (const t of [a, b, b]) expect((await t.gql(STATUS, { t: c.trackingId })).data.complaintStatus.status).toBe('RECEIVED');
      const listed = async (t: TestApp) =>
        (await t.gql(STATUSES, {}, { apiKey: key })).data.complaintStatuses.edges.find((e: any) => e.node.trackingId === c.trackingId)?.node
          .status;
      expect(await listed(b)).toBe('RECEIVED');
      expect(await listed(b)).toBe('RECEIVED');

      const r = await a.gql(REGISTER, { id: c.id, v: c.version }, admin);
      expect(r.data.registerComplaint.status).toBe('REGISTERED');
      // No waiting: the mutation's answer means the change is committed and the cache invalidated.
      const [onB, listedOnB] = await Promise.all([b.gql(STATUS, { t: c.trackingId }), listed(b)]);
      expect(onB.data.complaintStatus).toMatchObject({ status: 'REGISTERED', version: c.version + 1 });
      expect(listedOnB).toBe('REGISTERED');
    }
    expect(a.app.services.config.redisUrl).toBe(REDIS_URL);
  });

  it('a complaint received on A is found on B although B had cached "unknown"', async () => {
    const admin = { token: await a.login(EMAIL.admin) };
    const trackingId = `LAP-CACHE-${randomBytes(4).toString('hex')}`;
    expect((await b.gql(STATUS, { t: trackingId })).data.complaintStatus).toBeNull();
    expect((await b.gql(STATUS, { t: trackingId })).data.complaintStatus).toBeNull();
    await receive(a, admin, { trackingId });
    expect((await b.gql(STATUS, { t: trackingId })).data.complaintStatus.status).toBe('RECEIVED');
  });
});
