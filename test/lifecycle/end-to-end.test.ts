// One report through the SOP's seven steps over HTTP, each by the demo user of the role the SOP
// assigns, with one "not satisfied" round and a "satisfied" close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/calendar/calendar.js';
import { receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { divisionIds, loginStaff, resultInput, step, uuidOf, type Staff } from './steps.js';

let t: TestApp;
let staff: Staff;
beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
});
afterAll(() => t?.close());

const HISTORY = `query($id: ID!) { node(id: $id) { ... on Complaint { status round version closedAt history { action fromStatus toStatus actorRole round summary } } } }`;
const MINUTE = 60_000;

describe('the SOP lifecycle, end to end', () => {
  it('walks a report through all seven steps, a "not satisfied" round and a "satisfied" close', async () => {
    const div = await divisionIds(t);
    const { admin, head, liaison, olahraga, kebudayaan } = staff;
    const later = () => t.clock.advance(20 * MINUTE);

    // Step 1 and 2: received and entered in the register book.
    const received = await receive(t, admin);
    let c = await step(t, 'register', { id: received.id, v: received.version }, admin);
    expect(c.status).toBe('REGISTERED');
    later();

    // Step 3: the head disposes it to two divisions.
    c = await step(
      t,
      'dispose',
      {
        id: c.id,
        v: c.version,
        input: {
          divisionIds: [div.OLAHRAGA, div.KEBUDAYAAN],
          instructions: ['TINDAK_LANJUTI', 'LAPORKAN_HASILNYA'],
          note: 'Cek lapangan dan laporkan.',
          priority: 'SEGERA',
        },
      },
      head,
    );
    expect(c.status).toBe('DISPOSED');

    const round = async (n: number, report: { text?: string }, delivery: Record<string, unknown>) => {
      // Step 4: formulated with each division; the last one sends the divisions to work.
      c = await step(t, 'formulate', { id: c.id, v: c.version, divisionId: div.OLAHRAGA, plan: `Putaran ${n}: cek kabel` }, liaison);
      expect(c.status).toBe('DISPOSED');
      c = await step(t, 'formulate', { id: c.id, v: c.version, divisionId: div.KEBUDAYAAN, plan: `Putaran ${n}: cek jadwal` }, liaison);
      expect(c.status).toBe('IN_FOLLOW_UP');
      later();
      // Step 5: each division reports for itself.
      c = await step(t, 'result', { id: c.id, v: c.version, input: resultInput(`OLAHRAGA ${n}`) }, olahraga);
      expect(c.status).toBe('IN_FOLLOW_UP');
      c = await step(t, 'result', { id: c.id, v: c.version, input: resultInput(`KEBUDAYAAN ${n}`, { evidence: [] }) }, kebudayaan);
      expect(c.status).toBe('FOLLOW_UP_COMPLETED');
      later();
      // Step 6 and 7.
      c = await step(t, 'compile', { id: c.id, v: c.version, ...report }, liaison);
      expect(c.status).toBe('REPORT_COMPILED');
      later();
      c = await step(t, 'deliver', { id: c.id, v: c.version, input: { postedAt: t.clock.now().toISOString(), ...delivery } }, admin);
      expect(c.status).toBe('RESPONSE_DELIVERED');
      expect(c.round).toBe(n);
    };

    await round(1, {}, {});
    c = await step(t, 'feedback', { id: c.id, v: c.version, satisfied: false, comment: 'Lampu masih mati di sisi timur.' }, admin);
    expect(c).toMatchObject({ status: 'DISPOSED', round: 2 });

    await round(
      2,
      { text: 'Lampu sisi timur sudah diperbaiki pada putaran kedua.' },
      { postedText: 'Lampu sisi timur sudah diperbaiki.', laporReference: 'TL-2' },
    );
    c = await step(t, 'feedback', { id: c.id, v: c.version, satisfied: true }, admin);
    expect(c).toMatchObject({ status: 'CLOSED', round: 2 });

    // The history, in order, through the node query.
    // No Accept-Language: the SOP's own wording (Indonesian), as the console shows it.
    const r = await t.gql(HISTORY, { id: c.id }, admin, { language: null });
    const complaint = r.data.node;
    expect(complaint.closedAt).toBe(t.clock.now().toISOString());
    const rows = complaint.history.map((h: any) => [h.action, h.fromStatus, h.toStatus, h.actorRole, h.round]);
    const roundRows = (n: number, last: string) => [
      ['FORMULATE_FOLLOW_UP', 'DISPOSED', 'DISPOSED', 'LIAISON', n],
      ['FORMULATE_FOLLOW_UP', 'DISPOSED', 'IN_FOLLOW_UP', 'LIAISON', n],
      ['RECORD_FOLLOW_UP_RESULT', 'IN_FOLLOW_UP', 'IN_FOLLOW_UP', 'DIVISION', n],
      ['RECORD_FOLLOW_UP_RESULT', 'IN_FOLLOW_UP', 'FOLLOW_UP_COMPLETED', 'DIVISION', n],
      ['COMPILE_FOLLOW_UP_REPORT', 'FOLLOW_UP_COMPLETED', 'REPORT_COMPILED', 'LIAISON', n],
      ['DELIVER_RESPONSE', 'REPORT_COMPILED', 'RESPONSE_DELIVERED', 'ADMIN', n],
      ['RECORD_FEEDBACK', 'RESPONSE_DELIVERED', last, 'ADMIN', last === 'CLOSED' ? n : n + 1],
    ];
    expect(rows).toEqual([
      ['RECEIVE', null, 'RECEIVED', 'ADMIN', 1],
      ['REGISTER', 'RECEIVED', 'REGISTERED', 'ADMIN', 1],
      ['DISPOSE', 'REGISTERED', 'DISPOSED', 'HEAD', 1],
      ...roundRows(1, 'DISPOSED'),
      ...roundRows(2, 'CLOSED'),
    ]);
    const summaries = complaint.history.map((h: any) => h.summary as string);
    expect(summaries[2]).toBe(
      'Disposisi Kepala Dinas ke: Bidang Olahraga, Bidang Kebudayaan (TINDAK_LANJUTI, LAPORKAN_HASILNYA); sifat: segera',
    );
    expect(summaries[3]).toBe('Rumusan tindak lanjut disusun Penghubung bersama Bidang Olahraga (putaran 1)');
    expect(summaries[6]).toMatch(/^Hasil tindak lanjut Bidang Kebudayaan dicatat \(putaran 1\); semua bidang telah melaporkan/);
    expect(summaries[7]).toBe(
      'Laporan hasil tindak lanjut disusun Penghubung dari hasil 2 bidang (putaran 1, disusun otomatis dari hasil bidang)',
    );
    expect(summaries[8]).toMatch(
      /^Tanggapan\/tindak lanjut disampaikan kepada pelapor melalui LAPOR! pada \d\d-\d\d-\d{4} \d\d\.\d\d WIB$/,
    );
    expect(summaries[9]).toBe('Pelapor tidak puas (T); tindak lanjut dirumuskan kembali, putaran 2: "Lampu masih mati di sisi timur."');
    expect(summaries[15]).toMatch(/\(ref\. TL-2\)$/);
    expect(summaries.at(-1)).toBe('Pelapor puas (Y); laporan selesai');

    // The register book and every round's rows, straight from the database.
    const id = uuidOf(c.id);
    const row = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id } });
    expect(row.registerNumber).toBe(`0001/LAPOR/DISPORBUDPAR/${row.registerYear}`);
    expect(row.registerSeq).toBe(1);
    const day = localDate(row.registeredAt!, 'Asia/Jakarta');
    const book = await t.gql(
      `query($from: Date!, $to: Date!) { registerBook(from: $from, to: $to) { total days { date count } entries { registerNumber transferred complaint { id status } } } }`,
      { from: day, to: day },
      admin,
    );
    expect(book.data.registerBook).toEqual({
      total: 1,
      days: [{ date: day, count: 1 }],
      entries: [{ registerNumber: row.registerNumber, transferred: false, complaint: { id: c.id, status: 'CLOSED' } }],
    });
    const [dispositions, plans, results, reports, responses, feedbacks, evidence] = await Promise.all([
      t.db.prisma.disposition.findMany({ where: { complaintId: id }, include: { divisions: true } }),
      t.db.prisma.followUpPlan.findMany({ where: { complaintId: id } }),
      t.db.prisma.followUpResult.findMany({ where: { complaintId: id } }),
      t.db.prisma.followUpReport.findMany({ where: { complaintId: id }, orderBy: { round: 'asc' } }),
      t.db.prisma.response.findMany({ where: { complaintId: id }, orderBy: { round: 'asc' } }),
      t.db.prisma.complainantFeedback.findMany({ where: { complaintId: id }, orderBy: { round: 'asc' } }),
      t.db.prisma.attachment.findMany({ where: { complaintId: id, followUpResultId: { not: null } } }),
    ]);
    expect(dispositions).toHaveLength(1);
    expect(dispositions[0]).toMatchObject({ priority: 'SEGERA', instructions: ['TINDAK_LANJUTI', 'LAPORKAN_HASILNYA'], round: 1 });
    expect(dispositions[0]!.divisions.map((d) => d.divisionId).sort()).toEqual([uuidOf(div.OLAHRAGA!), uuidOf(div.KEBUDAYAAN!)].sort());
    expect(plans.map((p) => p.round).sort()).toEqual([1, 1, 2, 2]);
    expect(results.map((p) => p.round).sort()).toEqual([1, 1, 2, 2]);
    expect(evidence).toHaveLength(2); // OLAHRAGA's photo in each round
    // Round 1's report was drafted from both divisions' results; round 2's is the liaison's own text.
    expect(reports[0]!.text).toContain('Bidang Kebudayaan\nFakta di lapangan: Fakta KEBUDAYAAN 1');
    expect(reports[0]!.text).toContain('Bidang Olahraga\nFakta di lapangan: Fakta OLAHRAGA 1');
    expect(reports[1]!.text).toBe('Lampu sisi timur sudah diperbaiki pada putaran kedua.');
    // Round 1 posted the report as compiled; round 2 what the admin says was posted.
    expect(responses.map((x) => [x.round, x.postedText, x.laporReference])).toEqual([
      [1, reports[0]!.text, null],
      [2, 'Lampu sisi timur sudah diperbaiki.', 'TL-2'],
    ]);
    expect(row.responseDeliveredAt?.toISOString()).toBe(responses[1]!.postedAt.toISOString());
    expect(feedbacks.map((f) => [f.round, f.satisfied])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});
