// The export mutations: each checks the caller's right to the document (typed errors, nothing
// generated) and returns a short-lived signed link; GET on the link generates and streams the file.
import { AgencyNode } from '../agencies/types.js';
import type { UserViewer } from '../auth/viewer.js';
import { ComplaintFilter, type ComplaintFilterValue } from '../complaints/queries.js';
import { ComplaintNode } from '../complaints/types.js';
import { complaintScope } from '../complaints/visibility.js';
import { InputChecker, InvalidInputError, NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { isUuid } from '../graphql/ids.js';
import { AGENCY_REPORT_ROLES, checkRequest } from './access.js';
import { DOCUMENTS_PATH, linkSigner } from './http.js';
import { CONTENT_TYPE, DOCUMENT_KINDS, documentFileName, type DocumentRequest } from './kinds.js';

interface DocumentLinkValue {
  url: string;
  path: string;
  fileName: string;
  contentType: string;
  expiresAt: Date;
}

const DocumentKindEnum = builder.enumType('DocumentKind', { values: DOCUMENT_KINDS });

const DocumentFormatEnum = builder.enumType('DocumentFormat', {
  values: ['PDF', 'XLSX'] as const,
  description: 'PDF (A4, to print and sign) or XLSX (Excel)',
});

const DocumentLink = builder.objectRef<DocumentLinkValue & { kind: DocumentRequest['kind'] }>('DocumentLink').implement({
  description: 'A signed download link: GET it (no headers needed) before expiresAt. Every download is recorded.',
  fields: (t) => ({
    kind: t.field({ type: DocumentKindEnum, resolve: (l) => l.kind }),
    url: t.exposeString('url', { description: 'Absolute URL (click it in GraphiQL, or curl -OJ it)' }),
    path: t.exposeString('path', { description: 'The same link relative to the service' }),
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

/** The service's public origin as the client reached it (behind a trusted proxy: its forwarded host). */
function origin(ctx: Context): string {
  const request = (ctx as unknown as { request?: Request }).request;
  if (!request) return '';
  const url = new URL(request.url);
  if (ctx.services.config.trustProxy) {
    const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
    const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
    if (host) return `${proto || url.protocol.replace(':', '')}://${host}`;
  }
  return url.origin;
}

async function issue(ctx: Context, request: DocumentRequest) {
  const viewer = ctx.viewer as UserViewer;
  const now = ctx.services.clock.now();
  const checked = await checkRequest(ctx.services, viewer, request, now);
  const { token, claims } = linkSigner(ctx.services).sign(viewer.id, request, now);
  const path = `${DOCUMENTS_PATH}${token}`;
  return {
    kind: request.kind,
    url: `${origin(ctx)}${path}`,
    path,
    fileName: documentFileName(request, { agencyCode: checked.agencyCode, reference: checked.reference }),
    contentType: CONTENT_TYPE[request.format],
    expiresAt: new Date(claims.exp),
  };
}

const ERRORS = { types: [InvalidInputError, NotFoundError] };

builder.mutationFields((t) => ({
  exportRegisterBook: t.field({
    type: DocumentLink,
    description:
      'Buku Inventarisasi for local dates from–to (inclusive, at most 366 days): XLSX (one row per entry, totals per day) or PDF (A4 landscape, signature block). agencyId: required for the COORDINATOR.',
    authScopes: { role: [...AGENCY_REPORT_ROLES] },
    errors: ERRORS,
    args: {
      agencyId: t.arg.globalID({ for: AgencyNode, required: false }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
      format: t.arg({ type: DocumentFormatEnum, defaultValue: 'XLSX' }),
    },
    resolve: (_r, args, ctx) =>
      issue(ctx, { kind: 'REGISTER_BOOK', format: args.format ?? 'XLSX', agencyId: args.agencyId?.id ?? '', from: args.from, to: args.to }),
  }),
  exportDispositionSheet: t.field({
    type: DocumentLink,
    description: 'Lembar Disposisi of a disposed report (PDF), for anyone who may see the report.',
    authScopes: { signedIn: true },
    errors: ERRORS,
    args: { complaintId: t.arg.globalID({ for: ComplaintNode }) },
    resolve: (_r, args, ctx) => issue(ctx, { kind: 'DISPOSITION_SHEET', format: 'PDF', complaintId: args.complaintId.id }),
  }),
  exportFollowUpReport: t.field({
    type: DocumentLink,
    description: 'Laporan Hasil Tindak Lanjut of a report and round (PDF). round: default the latest round with a compiled report.',
    authScopes: { signedIn: true },
    errors: ERRORS,
    args: { complaintId: t.arg.globalID({ for: ComplaintNode }), round: t.arg.int({ required: false }) },
    resolve: async (_r, args, ctx) => {
      const id = args.complaintId.id;
      let round = args.round ?? null;
      if (round === null) {
        const latest = isUuid(id)
          ? await ctx.services.db.prisma.followUpReport.findFirst({
              where: { complaint: { AND: [{ id }, complaintScope(ctx.viewer)] } },
              orderBy: { round: 'desc' },
              select: { round: true },
            })
          : null;
        round = latest?.round ?? 1;
      }
      return issue(ctx, { kind: 'FOLLOW_UP_REPORT', format: 'PDF', complaintId: id, round });
    },
  }),
  exportMonthlyRecap: t.field({
    type: DocumentLink,
    description:
      'Rekap bulanan of an agency (the COORDINATOR: any agency, or the whole regency without agencyId): XLSX, or PDF with charts. month: YYYY-MM, not in the future.',
    authScopes: { role: [...AGENCY_REPORT_ROLES] },
    errors: ERRORS,
    args: {
      agencyId: t.arg.globalID({ for: AgencyNode, required: false }),
      month: t.arg.string({ description: 'YYYY-MM' }),
      format: t.arg({ type: DocumentFormatEnum, defaultValue: 'PDF' }),
    },
    resolve: (_r, args, ctx) =>
      issue(ctx, { kind: 'MONTHLY_RECAP', format: args.format ?? 'PDF', agencyId: args.agencyId?.id ?? null, month: args.month }),
  }),
  exportComplaints: t.field({
    type: DocumentLink,
    description:
      'Complaints as CSV (UTF-8 with BOM, opens in Excel): the complaints you may see, received in filter.receivedFrom–receivedTo (both required, at most 366 days), narrowed by the rest of the filter. A confidential reporter is included only for the agency’s ADMIN and HEAD, and each is written to the reporter access log.',
    authScopes: { signedIn: true },
    errors: ERRORS,
    args: { filter: t.arg({ type: ComplaintFilter }) },
    resolve: (_r, args, ctx) => {
      const f = args.filter as ComplaintFilterValue;
      new InputChecker()
        .check(!!f.receivedFrom, 'filter.receivedFrom', 'is required for an export')
        .check(!!f.receivedTo, 'filter.receivedTo', 'is required for an export')
        .check(f.search == null || f.search.length <= 200, 'filter.search', 'must be at most 200 characters')
        .throwIfAny();
      return issue(ctx, {
        kind: 'COMPLAINTS_CSV',
        format: 'CSV',
        filter: {
          agencyId: f.agencyId?.id ?? null,
          receivedFrom: f.receivedFrom!.toISOString(),
          receivedTo: f.receivedTo!.toISOString(),
          status: f.status ? [...f.status] : null,
          kind: f.kind ?? null,
          divisionId: f.divisionId?.id ?? null,
          minRound: f.minRound ?? null,
          search: f.search ?? null,
        },
      });
    },
  }),
}));
