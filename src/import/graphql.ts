// The import as GraphQL: `importComplaints(file: File!)` (GraphQL multipart request, as Yoga reads it)
// for the ADMIN and the COORDINATOR, and `complaintImportProgress(importId)` for the uploader to watch
// it. The client picks the importId (a UUID) so it can subscribe before it uploads.
import { AgencyNode } from '../agencies/types.js';
import { receiverOf } from '../complaints/actor.js';
import { ForbiddenError, type ImportIssue, ImportRejectedError, InvalidInputError, NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { ErrorInterface } from '../graphql/error-types.js';
import { isUuid } from '../uuid.js';
import { ExportFileConnector } from './connector.js';
import { type ChangedReport, importComplaints, type ImportReport } from './import-complaints.js';
import { checkImportSize } from './read.js';

builder.scalarType('File', {
  description: 'A file sent as a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec).',
  serialize: () => {
    throw new Error('File is an input only');
  },
  // Only a part of a multipart request is a file: a string or object in JSON variables is the
  // client's mistake (a typed error naming the argument), not a crash in the resolver.
  parseValue: (value) => {
    const blob = value as Partial<Blob> | null;
    if (typeof blob === 'object' && blob !== null && typeof blob.arrayBuffer === 'function' && typeof blob.size === 'number')
      return value as File;
    throw new TypeError('expected a file sent as a GraphQL multipart request');
  },
  parseLiteral: () => {
    throw new TypeError('a file cannot be written in the document; send it as a GraphQL multipart request');
  },
});

const ImportIssueType = builder.objectRef<ImportIssue>('ImportIssue').implement({
  description: 'One problem in an import file: line 1 is the header, 0 the file as a whole.',
  fields: (t) => ({
    line: t.exposeInt('line'),
    column: t.exposeString('column', { nullable: true }),
    reason: t.exposeString('reason'),
  }),
});

builder.objectType(ImportRejectedError, {
  name: 'ImportRejectedError',
  description: 'The file was refused as a whole; nothing was imported. Every problem is listed.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ImportRejectedError,
  fields: (t) => ({ issues: t.field({ type: [ImportIssueType], resolve: (e) => e.issues }) }),
});

const ChangedReportType = builder.objectRef<ChangedReport>('ImportChangedReport').implement({
  description: 'A report already received whose row differs now: reported, not overwritten.',
  fields: (t) => ({
    line: t.exposeInt('line'),
    trackingId: t.exposeString('trackingId'),
    fields: t.exposeStringList('fields'),
  }),
});

const ImportPhaseEnum = builder.enumType('ImportPhase', { values: ['CHECKING', 'RECEIVING', 'DONE'] as const });

const ImportReportType = builder.objectRef<ImportReport>('ImportReport').implement({
  fields: (t) => ({
    format: t.exposeString('format', { description: 'xlsx or csv' }),
    rows: t.exposeInt('rows'),
    received: t.exposeInt('received', { description: 'Received now (in a dry run: would be)' }),
    unchanged: t.exposeInt('unchanged'),
    changed: t.field({ type: [ChangedReportType], resolve: (r) => r.changed }),
    badRows: t.field({ type: [ImportIssueType], description: 'Rows skipped (skipBadRows), each problem once', resolve: (r) => r.badRows }),
    dryRun: t.exposeBoolean('dryRun'),
  }),
});

builder.mutationField('importComplaints', (t) =>
  t.field({
    type: ImportReportType,
    description:
      'SOP step 1 for a LAPOR! export file (XLSX or CSV): every new report received as receiveComplaint would; reports already here are counted unchanged or reported as changed, never overwritten. All or nothing unless skipBadRows.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [ImportRejectedError, InvalidInputError, NotFoundError] },
    args: {
      file: t.arg({ type: 'File' }),
      importId: t.arg.id({ required: false, description: 'A UUID you chose, to follow complaintImportProgress' }),
      agencyId: t.arg.globalID({ for: AgencyNode, required: false, description: 'COORDINATOR: the receiving agency' }),
      dryRun: t.arg.boolean({ defaultValue: false }),
      skipBadRows: t.arg.boolean({ defaultValue: false }),
    },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer;
      if (viewer?.kind !== 'user') throw new ForbiddenError('Sign in as ADMIN or COORDINATOR');
      const importId = args.importId ? String(args.importId) : null;
      if (importId !== null && !isUuid(importId)) throw new InvalidInputError([{ field: 'importId', message: 'must be a UUID' }]);
      const file = args.file as File;
      checkImportSize(file.size);
      const connector = new ExportFileConnector(new Uint8Array(await file.arrayBuffer()));
      const table = await connector.pullNewReports();
      return importComplaints(ctx.services, receiverOf(viewer), table, {
        agencyId: args.agencyId?.id ?? null,
        dryRun: args.dryRun ?? false,
        skipBadRows: args.skipBadRows ?? false,
        onProgress: (p) => {
          if (importId) ctx.services.pubsub.publish('import:progress', { importId, userId: viewer.id, ...p });
        },
      });
    },
  }),
);

const ImportProgressType = builder
  .objectRef<{ importId: string; phase: 'CHECKING' | 'RECEIVING' | 'DONE'; done: number; total: number }>('ImportProgress')
  .implement({
    fields: (t) => ({
      importId: t.exposeID('importId'),
      phase: t.field({ type: ImportPhaseEnum, resolve: (p) => p.phase }),
      done: t.exposeInt('done', { description: 'Rows checked or settled so far' }),
      total: t.exposeInt('total'),
    }),
  });

builder.subscriptionField('complaintImportProgress', (t) =>
  t.field({
    type: ImportProgressType,
    description: 'Progress of your own importComplaints upload with this importId; ends after DONE.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    args: { importId: t.arg.id() },
    subscribe: (_root, args, ctx) => {
      const viewer = ctx.viewer;
      const userId = viewer?.kind === 'user' ? viewer.id : null;
      const source = ctx.services.pubsub.subscribe('import:progress');
      const mine = ctx.services.live.track(source, (e) => e.importId === String(args.importId) && e.userId === userId);
      return (async function* () {
        for await (const e of mine) {
          yield e;
          if (e.phase === 'DONE') return;
        }
      })();
    },
    resolve: (e) => e,
  }),
);
