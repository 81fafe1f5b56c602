// importComplaints over GraphQL multipart upload, with progress through a subscription; only the
// ADMIN and the COORDINATOR may import, and a rejected file comes back as a typed error.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeSse, until } from '../realtime/live.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { csv, row, xlsx } from './fixtures.js';

let t: TestApp;
let admin: { token: string };
beforeAll(async () => {
  t = await startTestApp();
  admin = { token: await t.login('admin@disporbudpar.demo') };
});
afterAll(() => t?.close());

const IMPORT = `mutation($file: File!, $importId: ID, $skip: Boolean) {
  importComplaints(file: $file, importId: $importId, skipBadRows: $skip) {
    __typename
    ... on ImportReport { format rows received unchanged changed { line trackingId fields } badRows { line column reason } dryRun }
    ... on ImportRejectedError { code message issues { line column reason } }
    ... on Error { code message }
  }
}`;

async function upload(file: Buffer, name: string, vars: Record<string, unknown>, token?: string) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: IMPORT, variables: { ...vars, file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(file)]), name);
  // A multipart POST must carry a header a plain HTML form cannot send (CSRF prevention), as
  // GraphQL upload clients do.
  const headers: Record<string, string> = { 'graphql-require-preflight': '1' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(t.url, { method: 'POST', body: form, headers });
  return (await res.json()) as any;
}

describe('importComplaints (GraphQL multipart upload)', () => {
  it('imports an XLSX upload with progress through complaintImportProgress, and a second upload is all unchanged', async () => {
    const importId = randomUUID();
    const sub = subscribeSse(
      t.url,
      `subscription($id: ID!) { complaintImportProgress(importId: $id) { importId phase done total } }`,
      { id: importId },
      admin,
    );
    // The subscription is registered once the server counts it.
    await until('subscription registered', () => t.app.services.live.count > 0);
    const file = await xlsx(Array.from({ length: 60 }, (_, i) => row(5000 + i)));
    const r = await upload(file, 'ekspor.xlsx', { importId }, admin.token);
    expect(r.data.importComplaints.__typename, JSON.stringify(r)).toBe('ImportReport');
    expect(r.data.importComplaints).toMatchObject({ format: 'xlsx', rows: 60, received: 60, unchanged: 0, dryRun: false });
    await sub.ended;
    const phases = sub.events as any[];
    expect(phases[0]).toMatchObject({ importId, phase: 'CHECKING', done: 0, total: 60 });
    expect(phases.some((p: any) => p.phase === 'RECEIVING' && p.done > 0 && p.done < 60)).toBe(true);
    expect(phases.at(-1)).toMatchObject({ phase: 'DONE', done: 60, total: 60 });
    sub.close();

    const again = await upload(file, 'ekspor.xlsx', {}, admin.token);
    expect(again.data.importComplaints).toMatchObject({ received: 0, unchanged: 60 });
  });

  it('answers a bad file with ImportRejectedError and imports nothing', async () => {
    const before = await t.db.prisma.complaint.count();
    const r = await upload(csv([row(6000), row(6001, { Klasifikasi: 'Keluhan' })]), 'ekspor.csv', {}, admin.token);
    expect(r.data.importComplaints).toMatchObject({
      __typename: 'ImportRejectedError',
      code: 'IMPORT_REJECTED',
      issues: [{ line: 3, column: 'Klasifikasi', reason: expect.stringContaining('unknown kind "Keluhan"') }],
    });
    const png = await upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]), 'foto.xlsx', {}, admin.token);
    expect(png.data.importComplaints.__typename).toBe('ImportRejectedError');
    expect(await t.db.prisma.complaint.count()).toBe(before);
  });

  it('with skipBadRows returns every bad row', async () => {
    const r = await upload(csv([row(6100), row(6101, { 'Tanggal Laporan': 'besok' })]), 'ekspor.csv', { skip: true }, admin.token);
    expect(r.data.importComplaints).toMatchObject({ received: 1, badRows: [{ line: 3, column: 'Tanggal Laporan' }] });
  });

  it('is for the ADMIN and the COORDINATOR only', async () => {
    const head = await t.login('kepala@disporbudpar.demo');
    const r = await upload(csv([row(6200)]), 'ekspor.csv', {}, head);
    expect(r.errors?.[0]?.extensions?.code ?? r.data?.importComplaints?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const anon = await upload(csv([row(6201)]), 'ekspor.csv', {});
    expect(anon.errors?.[0]?.extensions?.code ?? anon.data?.importComplaints?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    expect(await t.db.prisma.complaint.count({ where: { trackingId: { in: ['IMP-006200', 'IMP-006201'] } } })).toBe(0);
  });
});
