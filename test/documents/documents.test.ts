// Documents end to end: the export mutations on a real server, the signed links downloaded over HTTP,
// every XLSX opened with exceljs, every PDF's text extracted with poppler's pdftotext and its first
// page rendered to PNG in test-artifacts/ for a person to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receive } from '../complaints/fixtures.js';
import { complaintAt, divisionIds, gid, loginStaff, step, uuidOf, type Staff } from '../lifecycle/steps.js';
import { otherAgency } from '../reads/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';

const ARTIFACTS = path.resolve('test-artifacts');
const LINK = `__typename ... on DocumentLink { url path fileName contentType expiresAt kind } ... on InvalidInputError { issues { field message } } ... on NotFoundError { entity } ... on Error { code message }`;

let t: TestApp;
let staff: Staff;
let agencyId: string;
let month: string;
let disposed: { id: string };
let delivered: { id: string; trackingId?: string };
let confidential: { id: string; trackingId: string };
let anonymousOne: { id: string; trackingId: string };

async function download(url: string) {
  const res = await fetch(url);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

async function link(field: string, args: string, vars: Record<string, unknown>, auth: { token: string }) {
  const r = await t.gql(`mutation(${args}) { ${field}${argsCall(args)} { ${LINK} } }`, vars, auth);
  if (r.errors) return { errors: r.errors, payload: undefined as any };
  return { payload: r.data?.[field], errors: undefined };
}
/** "$a: ID, $b: Date!" → "(a: $a, b: $b)" */
function argsCall(args: string) {
  const names = [...args.matchAll(/\$(\w+)/g)].map((m) => m[1]);
  return names.length ? `(${names.map((n) => `${n}: $${n}`).join(', ')})` : '';
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuntas-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** First page as PNG, kept for a person to look at. */
function firstPagePng(pdf: Buffer, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(ARTIFACTS, name)]);
}

async function xlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  return wb;
}

const exportCount = () => t.db.prisma.adminEvent.count({ where: { action: 'DOCUMENT_EXPORTED' } });

beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
  agencyId = (await t.db.prisma.agency.findFirstOrThrow({ where: { code: 'DISPORBUDPAR' } })).id;
  const tz = 'Asia/Jakarta';
  month = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit' }).format(t.clock.now()).slice(0, 7);
  disposed = await complaintAt(t, staff, 'DISPOSED', { twoDivisions: true });
  delivered = await complaintAt(t, staff, 'RESPONSE_DELIVERED', { twoDivisions: true });
  const c = await receive(t, staff.admin, {
    reporter: { name: 'Siti Rahasia', contact: 'siti@contoh.id', confidential: true },
    title: 'Pungutan liar di gedung olahraga',
  });
  confidential = { id: uuidOf(c.id), trackingId: c.trackingId };
  await step(t, 'register', { id: c.id, v: c.version }, staff.admin);
  const a = await receive(t, staff.admin, { reporter: { anonymous: true }, title: 'Laporan tanpa nama' });
  anonymousOne = { id: uuidOf(a.id), trackingId: a.trackingId };
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('register book', () => {
  it('XLSX: one row per entry with the SOP book columns, a total per day and overall, the agency and the period', async () => {
    const [y, m] = month.split('-').map(Number);
    const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
    const { payload } = await link(
      'exportRegisterBook',
      '$from: Date!, $to: Date!, $format: DocumentFormat',
      { from: `${month}-01`, to: `${month}-${last}`, format: 'XLSX' },
      staff.admin,
    );
    expect(payload.__typename).toBe('DocumentLink');
    expect(payload.fileName).toBe(`buku-register-DISPORBUDPAR-${month}.xlsx`);
    const { res, body } = await download(payload.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`buku-register-DISPORBUDPAR-${month}.xlsx`);
    const ws = (await xlsx(body)).getWorksheet('Buku Inventarisasi')!;
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
    expect(values(2)[0]).toBe('DINAS KEPEMUDAAN, OLAHRAGA, KEBUDAYAAN DAN PARIWISATA');
    expect(values(3)[0]).toContain('BUKU INVENTARISASI');
    expect(values(4)[0]).toMatch(/^Periode: 1 \w+ \d{4} s\.d\. \d+ \w+ \d{4} \(waktu WIB\)$/);
    expect(values(6)).toEqual([
      'No.',
      'Nomor Register',
      'Tanggal Register',
      'Nomor Pelacakan LAPOR!',
      'Tanggal Diterima',
      'Jenis',
      'Pelapor',
      'Perihal',
      'Kategori',
      'Disposisi ke Bidang',
      'Status',
    ]);
    const entries = await t.db.prisma.registerEntry.findMany({ where: { agencyId }, orderBy: { seq: 'asc' } });
    expect(entries).toHaveLength(3);
    for (const [i, e] of entries.entries()) {
      const row = values(7 + i);
      expect(row[0]).toBe(String(e.seq));
      expect(row[1]).toBe(e.number);
      expect(row[3]).toBe(e.trackingId);
      expect(row[2]).toMatch(/^\d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB$/);
    }
    // The disposed report shows its divisions and the reporter the ADMIN may see; the confidential
    // reporter is shown to the ADMIN (and logged).
    const disposedRow = values(7 + entries.findIndex((e) => e.complaintId === uuidOf(disposed.id)));
    expect(disposedRow[6]).toBe('Budi Santoso');
    expect(disposedRow[9]).toBe('Bidang Kebudayaan, Bidang Olahraga');
    expect(disposedRow[10]).toBe('Didisposisikan');
    const confidentialRow = values(7 + entries.findIndex((e) => e.complaintId === confidential.id));
    expect(confidentialRow[6]).toBe('Siti Rahasia');
    expect(values(10)[0]).toMatch(/^Jumlah tanggal \d+ \w+ \d{4}$/);
    expect(values(10)[10]).toBe('3');
    expect(values(11)[0]).toMatch(/^Jumlah seluruhnya/);
    expect(values(11)[10]).toBe('3');
  });

  it('PDF: A4 landscape with page numbers, the entries, the day total and the Kasubbag signature block', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(t.clock.now());
    const { payload } = await link(
      'exportRegisterBook',
      '$from: Date!, $to: Date!, $format: DocumentFormat',
      { from: today, to: today, format: 'PDF' },
      staff.liaison,
    );
    expect(payload.fileName).toBe(`buku-register-DISPORBUDPAR-${today}_${today}.pdf`);
    const { res, body } = await download(payload.url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(body);
    expect(text).toContain('PEMERINTAH KABUPATEN DEMO');
    expect(text).toContain('DINAS KEPEMUDAAN, OLAHRAGA, KEBUDAYAAN DAN PARIWISATA');
    expect(text).toContain('BUKU INVENTARISASI');
    const entries = await t.db.prisma.registerEntry.findMany({ where: { agencyId } });
    for (const e of entries) expect(text).toContain(e.trackingId);
    expect(text).toMatch(/Jumlah tanggal \d+ \w+ \d{4}: 3 laporan/);
    expect(text).toContain('Kepala Sub Bagian Umum dan Kepegawaian');
    expect(text).toMatch(/Halaman 1 dari \d+/);
    // The LIAISON does not see the confidential reporter.
    expect(text).toContain('Dirahasiakan');
    expect(text).not.toContain('Siti Rahasia');
    const size = execFileSync('pdfinfo', ['-'], { input: body, encoding: 'utf8' });
    expect(size).toMatch(/Page size:\s+841\.89 x 595\.28/); // A4 landscape
    firstPagePng(body, 'buku-register');
  });

  it('bad input is a typed error and nothing is generated', async () => {
    const before = await exportCount();
    const long = await link('exportRegisterBook', '$from: Date!, $to: Date!', { from: '2025-01-01', to: '2026-06-01' }, staff.admin);
    expect(long.payload.__typename).toBe('InvalidInputError');
    expect(long.payload.issues[0].field).toBe('to');
    const other = await otherAgency(t.db.prisma);
    const foreign = await link(
      'exportRegisterBook',
      '$agencyId: ID, $from: Date!, $to: Date!',
      { agencyId: gid('Agency', other.id), from: '2026-01-01', to: '2026-01-31' },
      staff.admin,
    );
    expect(foreign.payload.__typename).toBe('NotFoundError');
    const division = await link('exportRegisterBook', '$from: Date!, $to: Date!', { from: '2026-01-01', to: '2026-01-31' }, staff.olahraga);
    expect(division.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await exportCount()).toBe(before);
  });
});

describe('signed links', () => {
  it('a tampered link is 403, an expired one 410, and neither generates anything', async () => {
    const { payload } = await link('exportDispositionSheet', '$complaintId: ID!', { complaintId: disposed.id }, staff.head);
    const before = await exportCount();
    const [body, mac] = payload.url.split('/documents/')[1].split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    claims.userId = (await t.db.prisma.user.findFirstOrThrow({ where: { email: 'koordinator@lapor.demo' } })).id;
    const forged = `${t.url.replace('/graphql', '')}/documents/${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    expect((await fetch(forged)).status).toBe(403);
    expect((await fetch(`${payload.url.slice(0, -2)}xx`)).status).toBe(403);
    t.clock.advance(11 * 60_000);
    try {
      expect((await fetch(payload.url)).status).toBe(410);
    } finally {
      t.clock.advance(-11 * 60_000);
    }
    expect(await exportCount()).toBe(before);
  });
});

describe('disposition sheet', () => {
  it('PDF in the usual form: from, numbers, dates, sifat, perihal, the divisions and instruction boxes, the note, the head', async () => {
    const { payload } = await link('exportDispositionSheet', '$complaintId: ID!', { complaintId: disposed.id }, staff.olahraga);
    const c = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(disposed.id) } });
    expect(payload.fileName).toBe(`lembar-disposisi-${c.registerNumber!.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`);
    const { res, body } = await download(payload.url);
    expect(res.status).toBe(200);
    const text = pdfText(body);
    for (const s of [
      'LEMBAR DISPOSISI',
      c.trackingId,
      c.registerNumber!,
      'Sifat',
      'Biasa',
      'Segera',
      'Lampu lapangan olahraga kecamatan mati',
      'Diteruskan kepada',
      'Bidang Olahraga',
      'Bidang Kebudayaan',
      'Dengan hormat harap',
      'Untuk ditindaklanjuti',
      'Segera tindak lanjuti.',
      'Kepala Dinas',
      'Budi Santoso',
    ]) {
      expect(text).toContain(s);
    }
    firstPagePng(body, 'lembar-disposisi');
  });

  it('a report not yet disposed has no sheet; one the caller may not see is NOT_FOUND', async () => {
    const notYet = await link(
      'exportDispositionSheet',
      '$complaintId: ID!',
      { complaintId: gid('Complaint', confidential.id) },
      staff.head,
    );
    expect(notYet.payload.__typename).toBe('InvalidInputError');
    const hidden = await link('exportDispositionSheet', '$complaintId: ID!', { complaintId: disposed.id }, staff.pariwisata);
    expect(hidden.payload.__typename).toBe('NotFoundError');
  });
});

describe('follow-up report', () => {
  it('PDF with each division’s facts, action and solution, the compiled report and the response as posted', async () => {
    const { payload } = await link('exportFollowUpReport', '$complaintId: ID!', { complaintId: delivered.id }, staff.liaison);
    const c = await t.db.prisma.complaint.findUniqueOrThrow({
      where: { id: uuidOf(delivered.id) },
      include: { followUpReports: true, responses: true },
    });
    expect(payload.fileName).toBe(`laporan-hasil-tindak-lanjut-${c.trackingId.replace(/[^A-Za-z0-9]+/g, '-')}-putaran-1.pdf`);
    const text = pdfText((await download(payload.url)).body);
    for (const s of [
      'LAPORAN HASIL TINDAK LANJUT',
      c.trackingId,
      'Fakta OLAHRAGA',
      'Tindakan OLAHRAGA',
      'Solusi KEBUDAYAAN',
      'Bidang Olahraga',
      'Bidang Kebudayaan',
      'Tanggapan yang Disampaikan melalui LAPOR!',
      'Penghubung (Sekretaris)',
    ]) {
      expect(text).toContain(s);
    }
    // pdftotext lays text out in lines: compare the compiled report and the response word by word.
    const words = (s: string) => s.split(/\s+/).filter(Boolean).slice(0, 8).join(' ');
    expect(text.replace(/\s+/g, ' ')).toContain(words(c.followUpReports[0]!.text));
    expect(text.replace(/\s+/g, ' ')).toContain(words(c.responses[0]!.postedText));
    firstPagePng(
      (await download((await link('exportFollowUpReport', '$complaintId: ID!', { complaintId: delivered.id }, staff.liaison)).payload.url))
        .body,
      'laporan-hasil-tindak-lanjut',
    );
  });

  it('a round without a compiled report is a typed error', async () => {
    const r = await link('exportFollowUpReport', '$complaintId: ID!, $round: Int', { complaintId: disposed.id, round: 1 }, staff.liaison);
    expect(r.payload.__typename).toBe('InvalidInputError');
    expect(r.payload.issues[0].field).toBe('round');
  });
});

describe('monthly recap', () => {
  it('XLSX and PDF carry the same figures as complaintCounts and timeStandardReport for the month', async () => {
    const { payload } = await link('exportMonthlyRecap', '$month: String!, $format: DocumentFormat', { month, format: 'XLSX' }, staff.head);
    expect(payload.fileName).toBe(`rekap-bulanan-DISPORBUDPAR-${month}.xlsx`);
    const wb = await xlsx((await download(payload.url)).body);
    const { monthRange } = await import('../../src/documents/load.js');
    const { from, to } = monthRange(month, 'Asia/Jakarta');
    const reports = await t.gql(
      `query($from: DateTime!, $to: DateTime!) {
        complaintCounts(receivedFrom: $from, receivedTo: $to) { total byStatus { status count } byDivision { name count } }
        timeStandardReport(from: $from, to: $to) { ... on TimeStandardReport { steps { step count withinStandard overStandard } byDivision { step count withinStandard division { name } } } }
      }`,
      { from: from.toISOString(), to: to.toISOString() },
      staff.head,
    );
    const counts = reports.data.complaintCounts;
    expect(counts.total).toBe(4);
    const sheetRows = (name: string) =>
      Array.from(wb.getWorksheet(name)!.getSheetValues().slice(1), (r) =>
        Array.isArray(r) ? r.slice(1).map((v) => (v == null ? '' : v)) : [],
      );
    const summary = sheetRows('Ringkasan');
    const find = (rows: unknown[][], label: string) => rows.find((r) => r[0] === label)?.[1];
    expect(find(summary, 'Laporan diterima (langkah 1)')).toBe(counts.total);
    expect(find(summary, 'Diinventarisasi di buku register (langkah 2)')).toBe(3);
    expect(find(summary, 'Didisposisikan Kepala Dinas (langkah 3)')).toBe(2);
    expect(find(summary, 'Tanggapan disampaikan melalui LAPOR! (langkah 7)')).toBe(1);
    const { STATUS_LABEL } = await import('../../src/documents/format.js');
    for (const s of counts.byStatus) expect(find(summary, STATUS_LABEL[s.status]!)).toBe(s.count);
    const divisions = sheetRows('Per Bidang');
    for (const d of counts.byDivision) expect(divisions.find((r) => r[1] === d.name)?.[2]).toBe(d.count);
    const ts = sheetRows('Mutu Baku').filter((r) => typeof r[0] === 'number');
    const steps = reports.data.timeStandardReport.steps;
    for (const s of steps) {
      const row = ts.find((r) => r[0] === s.step && r[2] === 'Seluruh OPD')!;
      expect([row[4], row[5], row[6]]).toEqual([s.count, s.withinStandard, s.overStandard]);
    }
    for (const d of reports.data.timeStandardReport.byDivision) {
      const row = ts.find((r) => r[0] === d.step && r[2] === d.division.name)!;
      expect([row[4], row[5]]).toEqual([d.count, d.withinStandard]);
    }
    expect(steps.find((s: any) => s.step === 3).count).toBe(2);
    const trend = sheetRows('Tren 12 Bulan').filter((r) => typeof r[1] === 'number');
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)![1]).toBe(counts.total);

    const pdf = await link('exportMonthlyRecap', '$month: String!, $format: DocumentFormat', { month, format: 'PDF' }, staff.head);
    const body = (await download(pdf.payload.url)).body;
    const text = pdfText(body);
    expect(text).toContain('REKAPITULASI BULANAN PENGADUAN MELALUI SP4N-LAPOR!');
    expect(text).toMatch(new RegExp(`Laporan diterima \\(langkah 1\\)\\s+${counts.total}`));
    expect(text).toContain('Laporan yang didisposisikan per bidang');
    expect(text).toContain('Tren 12 bulan');
    expect(text).toContain('Kepatuhan terhadap mutu baku');
    firstPagePng(body, 'rekap-bulanan');
  });

  it('regency-wide for the COORDINATOR; a future month or a DIVISION caller is refused', async () => {
    const { payload } = await link(
      'exportMonthlyRecap',
      '$month: String!, $format: DocumentFormat',
      { month, format: 'XLSX' },
      staff.coordinator,
    );
    expect(payload.fileName).toBe(`rekap-bulanan-KABUPATEN-${month}.xlsx`);
    const wb = await xlsx((await download(payload.url)).body);
    expect(String(wb.getWorksheet('Ringkasan')!.getCell('A1').value)).toContain('SELURUH OPD');
    const future = await link('exportMonthlyRecap', '$month: String!', { month: '2999-01' }, staff.head);
    expect(future.payload.__typename).toBe('InvalidInputError');
    const division = await link('exportMonthlyRecap', '$month: String!', { month }, staff.olahraga);
    expect(division.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('complaints CSV', () => {
  const period = () => ({
    receivedFrom: new Date(t.clock.now().getTime() - 86_400_000).toISOString(),
    receivedTo: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
  });
  const rowsOf = (body: Buffer) => body.toString('utf8').slice(1).trim().split('\r\n');

  it('UTF-8 with BOM, one row per complaint; the confidential reporter only for the ADMIN, in the access log', async () => {
    const logBefore = await t.db.prisma.reporterAccessLog.count({ where: { complaintId: confidential.id } });
    const { payload } = await link('exportComplaints', '$filter: ComplaintFilter!', { filter: period() }, staff.admin);
    expect(payload.fileName).toMatch(/^pengaduan-DISPORBUDPAR-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const { res, body } = await download(payload.url);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = rowsOf(body);
    expect(lines[0]).toMatch(/^Nomor Register,Tanggal Register,Nomor Pelacakan LAPOR!,OPD,Jenis,Judul,Isi/);
    expect(lines).toHaveLength(1 + 4);
    expect(lines.find((l) => l.includes(confidential.trackingId))).toContain('Siti Rahasia');
    expect(lines.find((l) => l.includes(anonymousOne.trackingId))).toContain('Anonim');
    expect(await t.db.prisma.reporterAccessLog.count({ where: { complaintId: confidential.id } })).toBe(logBefore + 1);
    const exported = await t.db.prisma.adminEvent.findFirstOrThrow({
      where: { action: 'DOCUMENT_EXPORTED', detail: { path: ['kind'], equals: 'COMPLAINTS_CSV' } },
      orderBy: { id: 'desc' },
    });
    expect(exported).toMatchObject({
      actorRole: 'ADMIN',
      agencyId,
      entity: 'Document',
      detail: { format: 'CSV', rowCount: 4, confidentialRevealed: 1, fileName: payload.fileName },
    });
  });

  it('the LIAISON gets no confidential identity and no log row; DIVISION staff only their complaints', async () => {
    const logBefore = await t.db.prisma.reporterAccessLog.count();
    const liaison = rowsOf(
      (await download((await link('exportComplaints', '$filter: ComplaintFilter!', { filter: period() }, staff.liaison)).payload.url)).body,
    );
    expect(liaison.find((l) => l.includes(confidential.trackingId))).toContain('Dirahasiakan');
    expect(liaison.join('\n')).not.toContain('Siti Rahasia');
    expect(liaison.join('\n')).not.toContain('siti@contoh.id');
    expect(await t.db.prisma.reporterAccessLog.count()).toBe(logBefore);
    const division = rowsOf(
      (await download((await link('exportComplaints', '$filter: ComplaintFilter!', { filter: period() }, staff.olahraga)).payload.url))
        .body,
    );
    expect(division).toHaveLength(1 + 2);
    const pariwisata = rowsOf(
      (await download((await link('exportComplaints', '$filter: ComplaintFilter!', { filter: period() }, staff.pariwisata)).payload.url))
        .body,
    );
    expect(pariwisata).toHaveLength(1);
  });

  it('has exactly the rows of the complaints connection for the same caller and filter (plain SQL = Prisma rules)', async () => {
    // Paged reads (CSV_BATCH) must not lose or repeat rows either: more complaints than fit in one page
    // are not needed for that, since every page boundary takes the same keyset path.
    const trackingIds = (body: Buffer) => (parse(body.toString('utf8').slice(1), { from_line: 2 }) as string[][]).map((r) => r[2]!).sort();
    const filters: Record<string, unknown>[] = [
      {},
      { status: ['RECEIVED', 'REGISTERED'] },
      { status: ['RESPONSE_DELIVERED'], minRound: 1 },
      { kind: 'LAPORAN' },
      { search: 'pungutan GEDUNG' },
      { search: 'tidak-ada-yang-cocok-xyz' },
      { divisionId: (await divisionIds(t)).OLAHRAGA },
    ];
    const callers = {
      coordinator: staff.coordinator,
      admin: staff.admin,
      head: staff.head,
      liaison: staff.liaison,
      olahraga: staff.olahraga,
    };
    let nonEmpty = 0;
    for (const [who, auth] of Object.entries(callers)) {
      for (const extra of filters) {
        const filter = { ...period(), ...extra };
        const list = await t.gql(
          `query($f: ComplaintFilter) { complaints(first: 100, filter: $f) { edges { node { trackingId } } } }`,
          { f: filter },
          auth,
        );
        const expected = list.data.complaints.edges.map((e: any) => e.node.trackingId).sort();
        const { payload } = await link('exportComplaints', '$filter: ComplaintFilter!', { filter }, auth);
        const { res, body } = await download(payload.url);
        expect(res.status).toBe(200);
        expect(trackingIds(body), `${who} ${JSON.stringify(extra)}`).toEqual(expected);
        if (expected.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('a period is required and at most 366 days', async () => {
    const none = await link('exportComplaints', '$filter: ComplaintFilter!', { filter: {} }, staff.admin);
    expect(none.payload.issues.map((i: any) => i.field)).toEqual(['filter.receivedFrom', 'filter.receivedTo']);
    const long = await link(
      'exportComplaints',
      '$filter: ComplaintFilter!',
      { filter: { receivedFrom: '2024-01-01T00:00:00Z', receivedTo: '2026-01-01T00:00:00Z' } },
      staff.admin,
    );
    expect(long.payload.issues[0].field).toBe('receivedTo');
  });
});

describe('export log', () => {
  it('records who, what and when for every download in the administration audit, which cannot be changed', async () => {
    const rows = await t.db.prisma.adminEvent.findMany({ where: { action: 'DOCUMENT_EXPORTED' }, orderBy: { id: 'asc' } });
    const kindOf = (r: (typeof rows)[number]) => (r.detail as { kind: string }).kind;
    expect(new Set(rows.map(kindOf))).toEqual(
      new Set(['REGISTER_BOOK', 'DISPOSITION_SHEET', 'FOLLOW_UP_REPORT', 'MONTHLY_RECAP', 'COMPLAINTS_CSV']),
    );
    const head = await t.db.prisma.user.findFirstOrThrow({ where: { email: 'kepala@disporbudpar.demo' } });
    expect(rows.some((r) => kindOf(r) === 'MONTHLY_RECAP' && r.actorId === head.id && r.actorRole === 'HEAD')).toBe(true);
    await expect(t.db.prisma.adminEvent.updateMany({ where: { action: 'DOCUMENT_EXPORTED' }, data: { entity: 'x' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.prisma.adminEvent.deleteMany({ where: { action: 'DOCUMENT_EXPORTED' } })).rejects.toThrow(/append-only/);
    // The agency's admin reads them through adminEvents, with what was asked for.
    const listed = await t.gql(
      `{ adminEvents(first: 200, filter: { action: DOCUMENT_EXPORTED }) { totalCount edges { node { entity entityId actorRole detail } } } }`,
      {},
      staff.admin,
    );
    const own = rows.filter((r) => r.agencyId === agencyId);
    expect(listed.data.adminEvents.totalCount).toBe(own.length);
    const csv = listed.data.adminEvents.edges.map((e: any) => JSON.parse(e.node.detail)).find((d: any) => d.kind === 'COMPLAINTS_CSV');
    expect(csv).toMatchObject({ format: 'CSV', parameters: { filter: { receivedFrom: expect.any(String) } } });
  });
});

void divisionIds;
