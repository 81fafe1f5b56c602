// The LAPOR! export import (npm run import): received through SOP step 1 like receiveComplaint,
// idempotent by tracking ID, all or nothing, and every bad input refused with a clear report.
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCommand } from '../../src/import/command.js';
import { REGISTER, receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { csv, HEADER, row, xlsx } from './fixtures.js';

let t: TestApp;
let dir: string;
const ADMIN = 'admin@disporbudpar.demo';

beforeAll(async () => {
  t = await startTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'tuntas-import-'));
});
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const progress = new PassThrough();
  let bar = '';
  progress.on('data', (d) => {
    bar += String(d);
  });
  const code = await runImportCommand(args, t.app.services, { out: (l) => out.push(l), err: (l) => err.push(l), progressStream: progress });
  return { code, out: out.join('\n'), err: err.join('\n'), bar };
}

let fileSeq = 0;
async function file(content: Buffer, ext = 'csv') {
  const p = path.join(dir, `f${++fileSeq}.${ext}`);
  await writeFile(p, content);
  return p;
}

const count = () => t.db.prisma.complaint.count();

describe('npm run import -- complaints', () => {
  it('imports the sample file in the repo, shows progress, and a second run reports every row unchanged', async () => {
    const sample = path.resolve('samples/lapor-export.csv');
    const first = await run(['complaints', sample, '--as', ADMIN]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^4 row\(s\) read \(csv\): 4 received, 0 unchanged, 0 changed, 0 bad/);
    expect(first.bar).toMatch(/checking .*0\/4 rows/);
    expect(first.bar).toMatch(/done .*100% \| 4\/4 rows/);
    const anon = await t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId: 'SAMPLE-2026-0003' } });
    // The file names the anonymous reporter; tuntas keeps nothing of it.
    expect([anon.anonymous, anon.reporterName, anon.reporterContact]).toEqual([true, null, null]);
    const confidential = await t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId: 'SAMPLE-2026-0002' } });
    expect([confidential.confidential, confidential.kind, confidential.channel, confidential.category]).toEqual([
      true,
      'SARAN',
      'MOBILE_APP',
      'Pariwisata',
    ]);
    // 02/11/2026 08:15 in the agency's zone (WIB, +07:00).
    const first1 = await t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId: 'SAMPLE-2026-0001' } });
    expect(first1.submittedAt.toISOString()).toBe('2026-11-02T01:15:00.000Z');

    const before = await count();
    const second = await run(['complaints', sample, '--as', ADMIN]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/^4 row\(s\) read \(csv\): 0 received, 4 unchanged, 0 changed/);
    expect(await count()).toBe(before);
  });

  it('gives an imported complaint the same history, deadlines and register number sequence as one received by hand', async () => {
    const admin = { token: await t.login(ADMIN) };
    const adminUser = await t.db.prisma.user.findUniqueOrThrow({ where: { email: ADMIN } });
    const manual = await receive(t, admin, {
      trackingId: 'MANUAL-0001',
      kind: 'LAPORAN',
      title: 'Laporan nomor 1',
      content: 'Isi laporan nomor 1: lampu stadion mati.',
      submittedAt: '2026-11-02T08:15:00+07:00',
      dispatchedAt: '2026-11-03T09:00:00+07:00',
    });
    const r = await run(['complaints', await file(csv([row(1, { 'ID Laporan': 'IMPORT-0001' })])), '--as', ADMIN]);
    expect(r.code).toBe(0);
    const load = (trackingId: string) =>
      t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId }, include: { history: { orderBy: { id: 'asc' } } } });
    const [m, i] = [await load('MANUAL-0001'), await load('IMPORT-0001')];
    const shape = (c: typeof m) =>
      c.history.map((h) => ({
        action: h.action,
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        round: h.round,
        actorId: h.actorId,
        actorRole: h.actorRole,
        at: h.at.toISOString(),
        summary: h.summary.replace(c.trackingId, '<tracking>'),
      }));
    expect(shape(i)).toEqual(shape(m));
    expect(shape(i)[0]!.actorId).toBe(adminUser.id);
    const deadlines = (c: typeof m) => [c.status, c.followUpDueAt, c.followUpWarnAt, c.ombudsmanDueAt, c.ombudsmanWarnAt, c.autoCloseAt];
    expect(deadlines(i)).toEqual(deadlines(m));
    expect(i.followUpDueAt).not.toBeNull();

    // Registered afterwards, both take the next numbers of the same register book.
    const reg1 = await t.gql(REGISTER, { id: manual.id, v: manual.version }, admin);
    const importedNode = Buffer.from(`Complaint:${i.id}`).toString('base64');
    const reg2 = await t.gql(REGISTER, { id: importedNode, v: i.version }, admin);
    const seq = (n: string) => Number(n.split('/')[0]);
    expect(seq(reg2.data.registerComplaint.registerNumber)).toBe(seq(reg1.data.registerComplaint.registerNumber) + 1);
    expect(reg2.data.registerComplaint.registerNumber).toMatch(/^\d{4}\/LAPOR\/DISPORBUDPAR\/\d{4}$/);
  });

  it('reports a row that changed since it was received, and leaves the complaint as it was', async () => {
    const p = await file(csv([row(50), row(51)]));
    expect((await run(['complaints', p, '--as', ADMIN])).code).toBe(0);
    const changed = await file(csv([row(50, { 'Judul Laporan': 'Judul baru', Klasifikasi: 'Aspirasi' }), row(51)]));
    const r = await run(['complaints', changed, '--as', ADMIN]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('0 received, 1 unchanged, 1 changed');
    expect(r.out).toContain('line 2, IMP-000050: kind, title differ (kept as received; not overwritten)');
    const c = await t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId: 'IMP-000050' } });
    expect([c.title, c.kind]).toEqual(['Laporan nomor 50', 'LAPORAN']);
  });

  it('reads XLSX workbooks, date cells in the agency zone', async () => {
    const p = await file(
      await xlsx([row(60, { 'Tanggal Laporan': new Date(Date.UTC(2026, 10, 5, 10, 0)), 'Tanggal Disposisi': '2026-11-06 08:00' })]),
      'xlsx',
    );
    const r = await run(['complaints', p, '--as', ADMIN]);
    expect(r.err).toBe('');
    expect(r.out).toContain('1 row(s) read (xlsx): 1 received');
    const c = await t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId: 'IMP-000060' } });
    expect(c.submittedAt.toISOString()).toBe('2026-11-05T03:00:00.000Z');
    expect(c.dispatchedAt.toISOString()).toBe('2026-11-06T01:00:00.000Z');
  });

  it('writes nothing on --dry-run', async () => {
    const before = await count();
    const r = await run(['complaints', await file(csv([row(70), row(71)])), '--as', ADMIN, '--dry-run']);
    expect(r.out).toContain('2 would be received');
    expect(await count()).toBe(before);
  });

  it('with --skip-bad-rows receives the good rows and writes every bad one (line, column, reason) to a report file', async () => {
    const report = path.join(dir, 'bad.csv');
    const p = await file(csv([row(80), row(81, { Klasifikasi: 'Keluhan' }), row(82, { 'Tanggal Laporan': '31/02/2026' })]));
    const r = await run(['complaints', p, '--as', ADMIN, '--skip-bad-rows', '--report', report]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 received, 0 unchanged, 0 changed, 2 bad row(s) skipped');
    const lines = (await readFile(report, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('line,column,reason');
    expect(lines[1]).toMatch(/^3,Klasifikasi,"?unknown kind ""?Keluhan/);
    expect(lines[2]).toMatch(/^4,Tanggal Laporan,"?""?31\/02\/2026""? is not a date/);
    expect(await t.db.prisma.complaint.count({ where: { trackingId: { in: ['IMP-000081', 'IMP-000082'] } } })).toBe(0);
  });
});

describe('bad input: a clear report and nothing imported', () => {
  async function rejected(p: string, pattern: RegExp, extra: string[] = []) {
    const before = await count();
    const r = await run(['complaints', p, '--as', ADMIN, ...extra]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(pattern);
    expect(r.err).toContain('nothing was imported');
    expect(await count()).toBe(before);
    return r;
  }

  it('a wrong header', async () => {
    const header = HEADER.map((h) => (h === 'Klasifikasi' ? 'Jenis' : h));
    const r = await rejected(await file(csv([row(100)], header)), /header does not match/);
    expect(r.err).toMatch(/line 1: no column for kind \(expected one of: "Klasifikasi", "Jenis Laporan"\)/);
  });

  it('unknown kinds (and the good rows are not imported either)', async () => {
    const r = await rejected(await file(csv([row(110), row(111, { Klasifikasi: 'Keluhan' })])), /1 row\(s\) have problems/);
    expect(r.err).toContain('line 3, Klasifikasi: unknown kind "Keluhan"');
  });

  it('invalid dates', async () => {
    const r = await rejected(
      await file(csv([row(120, { 'Tanggal Laporan': 'kemarin' }), row(121, { 'Tanggal Disposisi': '2026-13-01' })])),
      /2 row\(s\) have problems/,
    );
    expect(r.err).toContain('line 2, Tanggal Laporan: "kemarin" is not a date');
    expect(r.err).toContain('line 3, Tanggal Disposisi: "2026-13-01" is not a date');
  });

  it('duplicate tracking IDs inside the file', async () => {
    const r = await rejected(await file(csv([row(130), row(131), row(130, { 'Judul Laporan': 'lain' })])), /1 row\(s\) have problems/);
    expect(r.err).toContain('line 4, ID Laporan: tracking ID IMP-000130 already appears on line 2');
  });

  it('a 100 MB file', async () => {
    const p = await file(Buffer.from(''));
    await truncate(p, 100 * 1024 * 1024); // sparse: no 100 MB written
    await rejected(p, /the file is 100\.0 MB; at most 20 MB/);
  });

  it('a non-spreadsheet: binary data, an old .xls, a ZIP that is no workbook', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]);
    await rejected(await file(png, 'xlsx'), /neither an \.xlsx workbook nor/);
    await rejected(await file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xls'), /old Excel \.xls file/);
    await rejected(await file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), 'xlsx'), /not a readable \.xlsx workbook/);
  });

  it('an empty file, and usage errors', async () => {
    await rejected(await file(Buffer.from('')), /the file is empty/);
    expect((await run(['complaints'])).code).toBe(2);
    expect((await run(['complaints', 'samples/lapor-export.csv'])).err).toMatch(/--as EMAIL is required/);
    expect((await run(['complaints', 'samples/lapor-export.csv', '--as', 'kepala@disporbudpar.demo'])).err).toMatch(
      /no active ADMIN or COORDINATOR/,
    );
  });
});
