// import-organisation: the generated 40-agency, 2,000-staff sample goes in in one transaction with
// progress; the second run finds nothing to change; a file with bad rows reports each (line,
// column, reason) and writes nothing at all.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows } from '../../src/admin/import-command.js';
import { planImport } from '../../src/admin/import-organisation.js';
import { writeSample } from '../../scripts/organisation-sample.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const dir = mkdtempSync(path.join(tmpdir(), 'tuntas-import-'));
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const counts = async () => ({
  agencies: await t.db.prisma.agency.count(),
  divisions: await t.db.prisma.division.count(),
  users: await t.db.prisma.user.count(),
  events: await t.db.prisma.adminEvent.count(),
});

describe('import-organisation', () => {
  it('imports the 40-agency, 2,000-staff sample with progress; the second run changes nothing', async () => {
    const file = path.join(dir, 'sample.xlsx');
    await writeSample(file, 40, 50);
    const { rows, problems } = await readRows(file);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2_000);
    const before = await counts();
    const plan = await planImport(t.db.prisma, rows);
    expect(plan.problems).toEqual([]);
    expect(plan).toMatchObject({
      agencies: { create: 40, update: 0 },
      divisions: { create: 200, update: 0 },
      users: { create: 2_000, update: 0 },
    });
    const progress: number[] = [];
    await plan.apply(t.db.prisma, (done, total) => {
      expect(total).toBe(plan.steps);
      progress.push(done);
    });
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toBe(plan.steps);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const after = await counts();
    expect(after.agencies - before.agencies).toBe(40);
    expect(after.users - before.users).toBe(2_000);
    expect(after.events - before.events).toBe(40 + 200 + 2_000);
    // No usable password until the ADMIN hands the account out.
    const someone = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'pegawai7@opd03.contoh.go.id' } });
    expect(someone).toMatchObject({ role: 'DIVISION', mustChangePassword: true });
    const login = await t.gql(`mutation { login(email: "pegawai7@opd03.contoh.go.id", password: "unset") { __typename } }`);
    expect(login.data.login.__typename).toBe('LoginFailedError');

    const again = await planImport(t.db.prisma, (await readRows(file)).rows);
    expect(again.steps).toBe(0);
    expect(again).toMatchObject({
      agencies: { create: 0, update: 0 },
      divisions: { create: 0, update: 0 },
      users: { create: 0, update: 0 },
    });
    await again.apply(t.db.prisma);
    expect(await counts()).toEqual(after);
  }, 240_000);

  it('reports every bad row with line, column and reason, and imports nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        'Kode OPD,Nama OPD,Kabupaten,Kode Bidang,Nama Bidang,Kode Induk Bidang,Nama Pegawai,Email,NIP,Peran',
        'BAPPEDA,Badan Perencanaan,Kabupaten Demo,UMUM,Umum,,Pegawai Baik,baik@bappeda.go.id,198001012005011001,BIDANG',
        'BAPPEDA,Badan Lain,,,,,Pegawai Dua,dua@bappeda.go.id,12345,KEPALA',
        'BAPPEDA,,,,,,Pegawai Tiga,baik@bappeda.go.id,,PRESIDEN',
        ',,,,,,Pegawai Empat,empat@bappeda.go.id,,BIDANG',
        'BAPPEDA,,,RISET,Riset,NOPE,Pegawai Lima,lima@bappeda.go.id,,BIDANG',
      ].join('\n'),
    );
    const before = await counts();
    const plan = await planImport(t.db.prisma, (await readRows(file)).rows);
    const seen = plan.problems.map((p) => `${p.line}:${p.column}`);
    expect(seen).toEqual(
      expect.arrayContaining(['3:Nama OPD', '3:NIP', '4:Email', '4:Peran', '5:Kode OPD', '5:Kode Bidang', '6:Kode Induk Bidang']),
    );
    for (const p of plan.problems) expect(p.reason.length).toBeGreaterThan(5);
    await plan.apply(t.db.prisma);
    expect(await counts()).toEqual(before);
  });
});
