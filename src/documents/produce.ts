// Generates a document for a signed link: loads its data for the user (visibility applied), records
// the export (who, what, when) in the administration audit before any byte leaves, and hands back the
// file, a stream, or a writer that writes it to the response at the client's pace.
import type { Readable, Writable } from 'node:stream';
import { actorOf } from '../audit/actor.js';
import { recordAdminEvent } from '../audit/events.js';
import type { UserViewer } from '../auth/viewer.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { checkRequest } from './access.js';
import { writeComplaintsCsv } from './complaints-csv.js';
import { dispositionSheetPdf } from './disposition-sheet.js';
import { followUpReportPdf } from './follow-up-report.js';
import { CONTENT_TYPE, documentFileName, type DocumentRequest } from './kinds.js';
import {
  complaintPages,
  csvCounts,
  loadDispositionSheet,
  loadFollowUpReport,
  loadMonthlyRecap,
  loadRegisterBook,
  type Loaded,
} from './load.js';
import { monthlyRecapPdf, monthlyRecapXlsx } from './monthly-recap.js';
import { registerBookPdf, writeRegisterBookXlsx } from './register-book.js';
import type { LinkClaims } from './signed-link.js';

export interface Produced {
  fileName: string;
  contentType: string;
  /** A whole file, a stream, or a writer that writes to the response itself (awaiting drain); http.ts ends it. */
  body: Readable | Buffer | ((out: Writable) => Promise<void>);
}

/** The export in the administration audit (DOCUMENT_EXPORTED), before any byte leaves. */
async function record(
  services: AppServices,
  viewer: UserViewer,
  claims: LinkClaims,
  agencyId: string | null,
  fileName: string,
  rowCount: number | null,
  confidentialRevealed: number,
) {
  const { kind, format, ...parameters } = claims.request;
  await recordAdminEvent(services.db.prisma, actorOf(viewer), {
    action: 'DOCUMENT_EXPORTED',
    agencyId,
    entity: 'Document',
    entityId: claims.id,
    detail: { kind, format, parameters: parameters as Prisma.InputJsonObject, fileName, rowCount, confidentialRevealed },
  });
  services.log.info({ linkId: claims.id, userId: viewer.id, kind, format, fileName, rowCount }, 'document exported');
}

export async function produce(services: AppServices, viewer: UserViewer, claims: LinkClaims): Promise<Produced> {
  const r: DocumentRequest = claims.request;
  const checked = await checkRequest(services, viewer, r, services.clock.now());
  const fileName = documentFileName(r, { agencyCode: checked.agencyCode, reference: checked.reference });
  const contentType = CONTENT_TYPE[r.format];
  const done = async <T>(loaded: Loaded<T>) => {
    await record(services, viewer, claims, checked.agencyId, fileName, loaded.rowCount, loaded.confidentialRevealed.length);
    return loaded.data;
  };
  switch (r.kind) {
    case 'REGISTER_BOOK': {
      const data = await done(await loadRegisterBook(services, viewer, checked.agencyId!, r.from, r.to));
      return { fileName, contentType, body: r.format === 'XLSX' ? (out) => writeRegisterBookXlsx(data, out) : registerBookPdf(data) };
    }
    case 'DISPOSITION_SHEET': {
      const data = await done(await loadDispositionSheet(services, viewer, r.complaintId));
      return { fileName, contentType, body: dispositionSheetPdf(data) };
    }
    case 'FOLLOW_UP_REPORT': {
      const data = await done(await loadFollowUpReport(services, viewer, r.complaintId, r.round));
      return { fileName, contentType, body: followUpReportPdf(data) };
    }
    case 'MONTHLY_RECAP': {
      const data = await done(await loadMonthlyRecap(services, viewer, checked.agencyId, r.month));
      return { fileName, contentType, body: r.format === 'XLSX' ? await monthlyRecapXlsx(data) : await monthlyRecapPdf(data) };
    }
    case 'COMPLAINTS_CSV': {
      // Streamed: the export is recorded up front with the counts the stream is about to write.
      const f = r.filter;
      const { rows, confidential } = await csvCounts(services, viewer, f);
      await record(services, viewer, claims, checked.agencyId, fileName, rows, confidential);
      const stats = { rows: 0, revealed: 0 };
      return { fileName, contentType, body: (out) => writeComplaintsCsv(complaintPages(services, viewer, f, stats), out) };
    }
  }
}
