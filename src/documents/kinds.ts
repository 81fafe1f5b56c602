// The documents tuntas produces, declared once: what each is called, in which formats, and the file
// name a civil servant gets. Pure.

export const DOCUMENT_KINDS = ['REGISTER_BOOK', 'DISPOSITION_SHEET', 'FOLLOW_UP_REPORT', 'MONTHLY_RECAP', 'COMPLAINTS_CSV'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_FORMATS = ['PDF', 'XLSX', 'CSV'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const CONTENT_TYPE: Record<DocumentFormat, string> = {
  PDF: 'application/pdf',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  CSV: 'text/csv; charset=utf-8',
};

/** The complaints-CSV filter as it travels inside a signed link (dates as ISO strings). */
export interface CsvFilter {
  agencyId: string | null;
  receivedFrom: string;
  receivedTo: string;
  status: string[] | null;
  kind: string | null;
  divisionId: string | null;
  minRound: number | null;
  search: string | null;
}

export type DocumentRequest =
  | { kind: 'REGISTER_BOOK'; format: 'PDF' | 'XLSX'; agencyId: string; from: string; to: string }
  | { kind: 'DISPOSITION_SHEET'; format: 'PDF'; complaintId: string }
  | { kind: 'FOLLOW_UP_REPORT'; format: 'PDF'; complaintId: string; round: number }
  /** agencyId null: regency-wide (COORDINATOR). month: 'YYYY-MM'. */
  | { kind: 'MONTHLY_RECAP'; format: 'PDF' | 'XLSX'; agencyId: string | null; month: string }
  | { kind: 'COMPLAINTS_CSV'; format: 'CSV'; filter: CsvFilter };

/** Letters, digits and dashes only: safe in a Content-Disposition header and on every file system. */
export function fileNamePart(s: string): string {
  return s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** A period as a file name part: "2026-11" for a whole month, otherwise "2026-11-01_2026-11-15". */
export function periodPart(from: string, to: string): string {
  const [y, m] = from.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  if (from.endsWith('-01') && to === `${from.slice(0, 8)}${String(lastDay).padStart(2, '0')}`) return from.slice(0, 7);
  return `${from}_${to}`;
}

/** e.g. buku-register-DISPORBUDPAR-2026-11.xlsx */
export function documentFileName(request: DocumentRequest, names: { agencyCode?: string | null; reference?: string | null }): string {
  const ext = request.format.toLowerCase();
  const agency = names.agencyCode ? fileNamePart(names.agencyCode) : 'KABUPATEN';
  const ref = fileNamePart(names.reference ?? '');
  switch (request.kind) {
    case 'REGISTER_BOOK':
      return `buku-register-${agency}-${periodPart(request.from, request.to)}.${ext}`;
    case 'DISPOSITION_SHEET':
      return `lembar-disposisi-${ref}.${ext}`;
    case 'FOLLOW_UP_REPORT':
      return `laporan-hasil-tindak-lanjut-${ref}-putaran-${request.round}.${ext}`;
    case 'MONTHLY_RECAP':
      return `rekap-bulanan-${agency}-${request.month}.${ext}`;
    case 'COMPLAINTS_CSV':
      return `pengaduan-${agency}-${request.filter.receivedFrom.slice(0, 10)}_${request.filter.receivedTo.slice(0, 10)}.${ext}`;
  }
}
