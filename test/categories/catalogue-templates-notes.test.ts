// The category catalogue (aliases on receipt, suggested divisions), response templates (placeholders,
// used by compileFollowUpReport) and internal notes (staff only, append-only), over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintAt, divisionIds, gid, loginStaff, step, uuidOf, type Staff } from '../lifecycle/steps.js';
import { receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let staff: Staff;
let div: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
  div = await divisionIds(t);
});
afterAll(() => t?.close());

const SAVE_CATEGORY = `mutation($input: SaveComplaintCategoryInput!) { saveComplaintCategory(input: $input) {
  __typename ... on ComplaintCategory { id categoryCode: code aliases defaultDivisions { code } } ... on InvalidInputError { issues { field message } } ... on Error { code } } }`;
const SAVE_TEMPLATE = `mutation($input: SaveResponseTemplateInput!) { saveResponseTemplate(input: $input) {
  __typename ... on ResponseTemplate { id name } ... on InvalidInputError { issues { field message } } ... on Error { code } } }`;
const COMPLAINT = `query($id: ID!) { node(id: $id) { ... on Complaint { category catalogueCategory { code } suggestedDivisions { code }
  dispositions { id } followUpReports { text } internalNotes { text authorRole authorName at } } } }`;

let categoryId: string;

describe('category catalogue', () => {
  it('the admin saves a category; a receipt whose LAPOR! text matches an alias gets it and its suggested divisions, nothing pre-filled', async () => {
    const r = await t.gql(
      SAVE_CATEGORY,
      {
        input: {
          code: 'sarpras-or',
          name: 'Sarana olahraga',
          defaultDivisionIds: [div.OLAHRAGA],
          aliases: ['Sarana  Olahraga ', 'Fasilitas Olahraga'],
        },
      },
      staff.admin,
    );
    expect(r.data.saveComplaintCategory).toMatchObject({
      categoryCode: 'SARPRAS-OR',
      aliases: ['sarana olahraga', 'fasilitas olahraga'],
      defaultDivisions: [{ code: 'OLAHRAGA' }],
    });
    categoryId = r.data.saveComplaintCategory.id;

    const c = await receive(t, staff.admin, { category: '  SARANA olahraga' });
    const node = (await t.gql(COMPLAINT, { id: c.id }, staff.head)).data.node;
    expect(node).toMatchObject({ catalogueCategory: { code: 'SARPRAS-OR' }, suggestedDivisions: [{ code: 'OLAHRAGA' }], dispositions: [] });
    const other = await receive(t, staff.admin, { category: 'Jalan rusak' });
    expect((await t.gql(COMPLAINT, { id: other.id }, staff.head)).data.node).toMatchObject({
      catalogueCategory: null,
      suggestedDivisions: [],
    });
  });

  it('bad input changes nothing: another agency’s division, a duplicate code; only the ADMIN saves', async () => {
    const foreign = await t.db.prisma.agency.create({ data: { code: 'DINKES', name: 'Dinas Kesehatan', regency: 'Demo' } });
    const foreignDivision = await t.db.prisma.division.create({ data: { agencyId: foreign.id, code: 'UMUM', name: 'Umum' } });
    const before = await t.db.prisma.complaintCategory.count();
    const r = await t.gql(
      SAVE_CATEGORY,
      { input: { code: 'SARPRAS-OR', name: 'x', defaultDivisionIds: [gid('Division', foreignDivision.id)], aliases: [] } },
      staff.admin,
    );
    expect(r.data.saveComplaintCategory.__typename).toBe('InvalidInputError');
    expect(r.data.saveComplaintCategory.issues.map((i: { field: string }) => i.field).sort()).toEqual(['code', 'defaultDivisionIds[0]']);
    const liaison = await t.gql(SAVE_CATEGORY, { input: { code: 'X', name: 'x', defaultDivisionIds: [], aliases: [] } }, staff.liaison);
    expect(liaison.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.prisma.complaintCategory.count()).toBe(before);

    // A template for another agency's category: typed error, nothing written.
    const theirs = await t.db.prisma.complaintCategory.create({
      data: { agencyId: foreign.id, code: 'GIZI', name: 'Gizi', defaultDivisionIds: [], aliases: [] },
    });
    const templates = await t.db.prisma.responseTemplate.count();
    const tr = await t.gql(
      SAVE_TEMPLATE,
      { input: { categoryId: gid('ComplaintCategory', theirs.id), name: 'x', body: 'x' } },
      staff.liaison,
    );
    expect(tr.data.saveResponseTemplate).toMatchObject({ __typename: 'InvalidInputError', issues: [{ field: 'categoryId' }] });
    expect(await t.db.prisma.responseTemplate.count()).toBe(templates);
  });
});

describe('response templates', () => {
  it('an unknown placeholder is a typed error; the category’s template fills the compiled report when no text is given', async () => {
    const before = await t.db.prisma.responseTemplate.count();
    const bad = await t.gql(
      SAVE_TEMPLATE,
      { input: { categoryId, name: 'Sarpras', body: 'Laporan {{trackingId}} oleh {{reporterName}}' } },
      staff.liaison,
    );
    expect(bad.data.saveResponseTemplate).toMatchObject({ __typename: 'InvalidInputError', issues: [{ field: 'body' }] });
    expect(bad.data.saveResponseTemplate.issues[0].message).toContain('{{reporterName}}');
    expect(await t.db.prisma.responseTemplate.count()).toBe(before);

    const ok = await t.gql(
      SAVE_TEMPLATE,
      {
        input: {
          categoryId,
          name: 'Sarpras',
          body: 'Yth. Pelapor {{trackingId}} ({{registerNumber}}), diterima {{receivedDate}}.\nDitindaklanjuti oleh {{divisions}}:\n{{results}}',
        },
      },
      staff.liaison,
    );
    expect(ok.data.saveResponseTemplate.__typename).toBe('ResponseTemplate');
    // A general template exists too: the category's one wins.
    await t.gql(SAVE_TEMPLATE, { input: { name: 'Umum', body: 'Umum {{trackingId}}' } }, staff.admin);

    const c = await complaintAt(t, staff, 'FOLLOW_UP_COMPLETED'); // category "Sarana Olahraga" → SARPRAS-OR
    const compiled = await step(t, 'compile', { id: c.id, v: c.version }, staff.liaison);
    const row = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(compiled.id) } });
    const report = await t.db.prisma.followUpReport.findFirstOrThrow({ where: { complaintId: row.id } });
    expect(report.text).toBe(
      `Yth. Pelapor ${row.trackingId} (${row.registerNumber}), diterima ${row.receivedAt.toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' })}.\n` +
        'Ditindaklanjuti oleh Bidang Olahraga:\nBidang Olahraga\nFakta di lapangan: Fakta OLAHRAGA: lampu padam karena kabel putus.\n' +
        'Tindakan yang dilakukan: Tindakan OLAHRAGA: kabel diganti oleh teknisi.\nSolusi: Solusi OLAHRAGA: pemeriksaan rutin tiap bulan.',
    );
  });
});

describe('internal notes', () => {
  const ADD = `mutation($id: ID!, $text: String!) { addInternalNote(complaintId: $id, text: $text) { __typename ... on InternalNote { text authorRole } ... on Error { code } } }`;

  it('any staff who can see the complaint adds one; listed with author, role and time; never on the status view; append-only', async () => {
    const c = await complaintAt(t, staff, 'DISPOSED');
    expect((await t.gql(ADD, { id: c.id, text: 'Pelapor sudah ditelepon, minta foto.' }, staff.liaison)).data.addInternalNote).toEqual({
      __typename: 'InternalNote',
      text: 'Pelapor sudah ditelepon, minta foto.',
      authorRole: 'LIAISON',
    });
    expect((await t.gql(ADD, { id: c.id, text: 'Dicek di lapangan.' }, staff.olahraga)).data.addInternalNote.__typename).toBe(
      'InternalNote',
    );
    // A division the complaint was not disposed to does not see it.
    expect((await t.gql(ADD, { id: c.id, text: 'x' }, staff.pariwisata)).data.addInternalNote).toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.gql(ADD, { id: c.id, text: ' ' }, staff.head)).data.addInternalNote).toMatchObject({ code: 'INVALID_INPUT' });
    const notes = (await t.gql(COMPLAINT, { id: c.id }, staff.auditor)).data.node.internalNotes;
    expect(notes.map((n: { authorRole: string; text: string }) => [n.authorRole, n.text])).toEqual([
      ['LIAISON', 'Pelapor sudah ditelepon, minta foto.'],
      ['DIVISION', 'Dicek di lapangan.'],
    ]);
    expect(notes[0].authorName).not.toBe('');

    // The status view has no such field at all.
    const status = await t.gql(`query($tid: String!) { complaintStatus(trackingId: $tid) { internalNotes { text } } }`, { tid: 'x' });
    expect(status.errors?.[0]?.message).toContain('internalNotes');
    await expect(t.db.prisma.internalNote.updateMany({ data: { text: 'changed' } })).rejects.toThrow();
    await expect(t.db.prisma.internalNote.deleteMany({})).rejects.toThrow();
  });
});

describe('counts by class and category (for the monthly recap)', () => {
  it('complaintCounts.byClass lists every class; byCategory the mapped categories, then the unmapped', async () => {
    await receive(t, staff.admin, { kind: 'LAPORAN', hasOversight: true, category: 'fasilitas olahraga' });
    const r = await t.gql(`{ complaintCounts { total byClass { complaintClass count } byCategory { code count } } }`, {}, staff.admin);
    const counts = r.data.complaintCounts;
    const db = t.db.prisma.complaint;
    expect(counts.byClass).toEqual([
      { complaintClass: 'ASPIRASI', count: await db.count({ where: { kind: 'SARAN' } }) },
      { complaintClass: 'INFORMASI', count: await db.count({ where: { kind: 'INFORMASI' } }) },
      { complaintClass: 'LAPORAN', count: await db.count({ where: { kind: 'LAPORAN', hasOversight: false } }) },
      { complaintClass: 'LAPORAN_PENGAWASAN', count: 1 },
    ]);
    expect(counts.byCategory[0]).toEqual({ code: 'SARPRAS-OR', count: await db.count({ where: { categoryId: uuidOf(categoryId) } }) });
    expect(counts.byCategory.at(-1)).toEqual({ code: null, count: await db.count({ where: { categoryId: null } }) });
    expect(counts.byClass.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(counts.total);
  });
});
