// Staff directory privacy: a user's name and email are visible to colleagues of the same agency and
// to the regency coordinator, never to another agency's staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { gid, otherAgency } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const NODE = `query($id: ID!) { node(id: $id) { ... on User { email role } } }`;

describe('User nodes', () => {
  it('are visible within the agency and to the coordinator, null across agencies', async () => {
    const other = await otherAgency(t.db.prisma);
    const foreignAdmin = Object.entries(other.users).find(([, u]) => u.role === 'ADMIN')!;
    const colleague = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'penghubung@disporbudpar.demo' } });

    const head = { token: await t.login('kepala@disporbudpar.demo') };
    expect((await t.gql(NODE, { id: gid('User', colleague.id) }, head)).data.node).toEqual({ email: colleague.email, role: 'LIAISON' });
    const across = await t.gql(NODE, { id: gid('User', foreignAdmin[1].id) }, head);
    expect(across.errors).toBeUndefined();
    expect(across.data.node).toBeNull();

    const coordinator = { token: await t.login('koordinator@lapor.demo') };
    expect((await t.gql(NODE, { id: gid('User', foreignAdmin[1].id) }, coordinator)).data.node).toEqual({
      email: foreignAdmin[0],
      role: 'ADMIN',
    });
  });
});
