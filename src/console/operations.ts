// The console's ready operations: one GraphiQL tab each, in the order an agency works (sign in, the
// list, the SOP's steps 1–7 and the complainant's feedback, the register book, the public status).
// Every operation text of the console lives here, so a schema change is one edit; test/console/
// validates them all against the printed schema.graphql.
//
// GraphiQL names a tab after its first operation, so operation names are the Indonesian titles.
// Error fields that share a name with a Complaint field (allowedActions, status, id) are aliased or
// left out: two result-union members may not select one name with different types.

export interface ConsoleTab {
  /** The tab's title as GraphiQL shows it (the first operation's name). */
  title: string;
  /** The SOP step (1–7) or null. */
  step: number | null;
  /** The step mutation (or query) the tab runs, for the docs and the tests. */
  field: string;
  query: string;
  /** The variables template (JSON). */
  variables: Record<string, unknown>;
}

/** The answer of every step mutation: the complaint as it is now, or the typed error saying why not. */
const STEP_RESULT = /* GraphQL */ `
fragment HasilLangkah on Complaint {
  id
  trackingId
  registerNumber
  status
  version
  round
  allowedActions
}

fragment GalatLangkah on Error {
  __typename
  code
  message
  ... on ConflictError { versiSekarang: currentVersion }
  ... on IllegalTransitionError { tindakan: action, tindakanYangBoleh: allowedActions }
  ... on InvalidInputError { issues { field message } }
  ... on DuplicateTrackingIdError { existingComplaintId }
}
`;

/** `mutation Name($id…) { field(...) { ...HasilLangkah ...GalatLangkah } }` plus the fragments. */
function step(comment: string, header: string, call: string): string {
  return `${comment
    .trim()
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n')}
${header} {
  hasil: ${call} {
    ...HasilLangkah
    ...GalatLangkah
  }
}
${STEP_RESULT}`;
}

const ID_HINT = 'id: ID global dari tab "DaftarLaporan"; expectedVersion: nilai "version" terakhir laporan itu.';

export const CONSOLE_TABS: readonly ConsoleTab[] = [
  {
    title: 'Masuk',
    step: null,
    field: 'login',
    query: /* GraphQL */ `# Masuk dengan email dan kata sandi. Jika jawabannya SecondFactorRequired,
# jalankan "MasukKodeKedua" dengan challenge itu dan kode dari aplikasi autentikator.
# Token dari jawaban dapat dipakai di Headers: {"Authorization": "Bearer <token>"}
# (misalnya untuk bertindak sebagai Kepala Dinas pada langkah disposisi).
mutation Masuk($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on AuthPayload { token name role expiresAt }
    ... on SecondFactorRequired { challenge expiresAt }
    ... on Error { code message }
    ... on RateLimitedError { retryAfterSeconds }
  }
}

mutation MasukKodeKedua($challenge: String!, $code: String!) {
  completeSecondFactorLogin(challenge: $challenge, code: $code) {
    __typename
    ... on AuthPayload { token name role expiresAt }
    ... on Error { code message }
    ... on RateLimitedError { retryAfterSeconds }
  }
}
`,
    variables: { email: 'nama@instansi.go.id', password: '', challenge: '', code: '' },
  },
  {
    title: 'DaftarLaporan',
    step: null,
    field: 'complaints',
    query: /* GraphQL */ `# Laporan yang boleh Anda lihat, terbaru dahulu. Saring dengan filter (status, kind, search ...).
query DaftarLaporan($filter: ComplaintFilter, $first: Int = 20, $after: String) {
  complaints(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        trackingId
        registerNumber
        title
        kind
        status
        version
        round
        receivedAt
        allowedActions
        suggestedDivisions { id name }
      }
    }
  }
}
`,
    variables: { filter: { status: ['RECEIVED', 'REGISTERED', 'DISPOSED'] }, first: 20 },
  },
  {
    title: 'Langkah1_Terima',
    step: 1,
    field: 'receiveComplaint',
    query: step(
      `Langkah 1 SOP: terima laporan dari LAPOR! (oleh Admin/Koordinator).\ntrackingId: nomor pelacakan LAPOR!; waktu dalam ISO 8601 (mis. 2026-11-30T09:00:00+07:00).`,
      'mutation Langkah1_Terima($input: ReceiveComplaintInput!)',
      'receiveComplaint(input: $input)',
    ),
    variables: {
      input: {
        trackingId: 'LAPOR-NOMOR-PELACAKAN',
        kind: 'LAPORAN',
        channel: 'WEB',
        title: 'Judul laporan',
        content: 'Isi laporan',
        submittedAt: '2026-11-30T08:00:00+07:00',
        dispatchedAt: '2026-11-30T09:00:00+07:00',
        reporter: { name: 'Nama Pelapor', confidential: false, anonymous: false },
      },
    },
  },
  {
    title: 'Langkah2_Catat',
    step: 2,
    field: 'registerComplaint',
    query: step(
      `Langkah 2 SOP: catat laporan di buku register; laporan mendapat nomor register (Admin).\n${ID_HINT}`,
      'mutation Langkah2_Catat($id: ID!, $expectedVersion: Int!)',
      'registerComplaint(id: $id, expectedVersion: $expectedVersion)',
    ),
    variables: { id: '', expectedVersion: 1 },
  },
  {
    title: 'Langkah3_Disposisi',
    step: 3,
    field: 'disposeComplaint',
    query: step(
      `Langkah 3 SOP: Kepala Dinas mendisposisikan laporan ke bidang.\n${ID_HINT}\ndivisionIds: ID bidang (lihat "suggestedDivisions" di tab DaftarLaporan).`,
      'mutation Langkah3_Disposisi($id: ID!, $expectedVersion: Int!, $input: DisposeComplaintInput!)',
      'disposeComplaint(id: $id, expectedVersion: $expectedVersion, input: $input)',
    ),
    variables: {
      id: '',
      expectedVersion: 2,
      input: { divisionIds: [], instructions: ['TINDAK_LANJUTI', 'LAPORKAN_HASILNYA'], priority: 'BIASA', note: 'Mohon ditindaklanjuti' },
    },
  },
  {
    title: 'Langkah4_Rumuskan',
    step: 4,
    field: 'formulateFollowUp',
    query: step(
      `Langkah 4 SOP: Penghubung merumuskan tindak lanjut bersama satu bidang yang didisposisi.\n${ID_HINT}`,
      'mutation Langkah4_Rumuskan($id: ID!, $expectedVersion: Int!, $divisionId: ID!, $plan: String!)',
      'formulateFollowUp(id: $id, expectedVersion: $expectedVersion, divisionId: $divisionId, plan: $plan)',
    ),
    variables: { id: '', expectedVersion: 3, divisionId: '', plan: 'Rencana tindak lanjut' },
  },
  {
    title: 'Langkah5_Hasil',
    step: 5,
    field: 'recordFollowUpResult',
    query: step(
      `Langkah 5 SOP: staf bidang mencatat hasil tindak lanjut bidangnya.\n${ID_HINT}`,
      'mutation Langkah5_Hasil($id: ID!, $expectedVersion: Int!, $input: RecordFollowUpResultInput!)',
      'recordFollowUpResult(id: $id, expectedVersion: $expectedVersion, input: $input)',
    ),
    variables: {
      id: '',
      expectedVersion: 4,
      input: { facts: 'Fakta di lapangan', actionTaken: 'Tindakan yang diambil', solution: 'Penyelesaian' },
    },
  },
  {
    title: 'Langkah6_Laporan',
    step: 6,
    field: 'compileFollowUpReport',
    query: step(
      `Langkah 6 SOP: Penghubung menyusun laporan hasil tindak lanjut. Tanpa "text": draf dari hasil bidang.\n${ID_HINT}`,
      'mutation Langkah6_Laporan($id: ID!, $expectedVersion: Int!, $text: String)',
      'compileFollowUpReport(id: $id, expectedVersion: $expectedVersion, text: $text)',
    ),
    variables: { id: '', expectedVersion: 5 },
  },
  {
    title: 'Langkah7_Tanggapan',
    step: 7,
    field: 'deliverResponse',
    query: step(
      `Langkah 7 SOP: catat bahwa tanggapan telah diunggah ke LAPOR! (Admin).\n${ID_HINT}`,
      'mutation Langkah7_Tanggapan($id: ID!, $expectedVersion: Int!, $input: DeliverResponseInput!)',
      'deliverResponse(id: $id, expectedVersion: $expectedVersion, input: $input)',
    ),
    variables: { id: '', expectedVersion: 6, input: { postedAt: '2026-11-30T10:00:00+07:00', laporReference: '' } },
  },
  {
    title: 'UmpanBalik',
    step: null,
    field: 'recordComplainantFeedback',
    query: step(
      `Umpan balik pelapor dari LAPOR! (Admin): puas menutup laporan; tidak puas memulai putaran baru di langkah 4.\n${ID_HINT}`,
      'mutation UmpanBalik($id: ID!, $expectedVersion: Int!, $satisfied: Boolean!, $comment: String)',
      'recordComplainantFeedback(id: $id, expectedVersion: $expectedVersion, satisfied: $satisfied, comment: $comment)',
    ),
    variables: { id: '', expectedVersion: 7, satisfied: true, comment: '' },
  },
  {
    title: 'BukuRegister',
    step: null,
    field: 'registerBook',
    query: /* GraphQL */ `# Buku register (inventarisasi) untuk tanggal lokal from–to (paling lama 366 hari).
# agencyId: wajib bagi Koordinator; selain itu instansi Anda sendiri.
query BukuRegister($from: Date!, $to: Date!, $agencyId: ID) {
  registerBook(from: $from, to: $to, agencyId: $agencyId) {
    agency { name }
    from
    to
    total
    days { date count }
    entries { registerNumber trackingId registeredAt transferred }
  }
}
`,
    variables: { from: '2026-11-01', to: '2026-11-30' },
  },
  {
    title: 'StatusPublik',
    step: null,
    field: 'complaintStatus',
    query: /* GraphQL */ `# Status yang dilihat publik untuk satu nomor pelacakan LAPOR! (tanpa data pelapor).
query StatusPublik($trackingId: String!) {
  complaintStatus(trackingId: $trackingId) {
    trackingId
    agencyName
    kind
    status
    round
    receivedAt
    registeredAt
    respondedAt
    closedAt
    paused
    pauseNotice
  }
}
`,
    variables: { trackingId: 'LAPOR-NOMOR-PELACAKAN' },
  },
];

/** The sign-in page's own operations (client.js runs them before GraphiQL opens). */
export const SIGN_IN_OPERATIONS = {
  login: /* GraphQL */ `mutation KonsolMasuk($email: String!, $password: String!) {
  r: login(email: $email, password: $password) {
    __typename
    ... on AuthPayload { token name role }
    ... on SecondFactorRequired { challenge }
    ... on Error { code message }
  }
}`,
  secondFactor: /* GraphQL */ `mutation KonsolKodeKedua($challenge: String!, $code: String!) {
  r: completeSecondFactorLogin(challenge: $challenge, code: $code) {
    __typename
    ... on AuthPayload { token name role }
    ... on Error { code message }
  }
}`,
} as const;

/** GraphiQL's defaultTabs: query text and pretty-printed variables. */
export function graphiqlTabs(): { query: string; variables: string }[] {
  return CONSOLE_TABS.map((t) => ({ query: t.query, variables: JSON.stringify(t.variables, null, 2) }));
}
