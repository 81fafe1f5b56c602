// The Complaint node (a report from LAPOR!) and its history. Reporter identity fields are in
// reporter.ts: they follow the anonymous/confidential rules and log confidential reads.
import { ActorRole, ComplaintChannel, ComplaintKind, WorkflowAction } from '../generated/prisma/enums.js';
import { STATUS_LABELS } from '../i18n/messages.js';
import { COMPLAINT_STATUSES } from '../sop/vocabulary.js';
import { builder } from '../graphql/builder.js';
import { complaintScope } from './visibility.js';
import { availableActions, type ComplaintStatus as Status } from '../sop/workflow.js';
import { uuidOrNil } from '../uuid.js';

export const ComplaintKindEnum = builder.enumType(ComplaintKind, {
  name: 'ComplaintKind',
  description: 'LAPORAN (complaint), SARAN (suggestion), INFORMASI (information).',
});
// Each value described in both languages from the catalogue: a civil servant reads them in the console.
export const ComplaintStatusEnum = builder.enumType('ComplaintStatus', {
  description:
    'Titik antara langkah SOP / resting points between the SOP steps: RECEIVED (1), REGISTERED (2), DISPOSED (3; awaiting formulation, also after a “not satisfied” answer), IN_FOLLOW_UP (4 done, divisions at work), FOLLOW_UP_COMPLETED (5), REPORT_COMPILED (6), RESPONSE_DELIVERED (7, awaiting the complainant), CLOSED, RETURNED (bukan wewenang), ARCHIVED.',
  values: Object.fromEntries(
    COMPLAINT_STATUSES.map((s) => [s, { value: s, description: `${STATUS_LABELS.id[s]} / ${STATUS_LABELS.en[s]}` }]),
  ) as Record<Status, { value: Status; description: string }>,
});
export const WorkflowActionEnum = builder.enumType(WorkflowAction, { name: 'WorkflowAction' });
export const ActorRoleEnum = builder.enumType(ActorRole, { name: 'ActorRole' });
export const ComplaintChannelEnum = builder.enumType(ComplaintChannel, { name: 'ComplaintChannel' });

/** Staff of the agency (and the coordinator); service clients and the public never reach these fields. */
export const staffOnly = { signedIn: true } as const;

export const ComplaintHistoryEntry = builder.prismaObject('ComplaintHistory', {
  authScopes: staffOnly,
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.expose('at', { type: 'DateTime' }),
    action: t.expose('action', { type: WorkflowActionEnum }),
    actorRole: t.expose('actorRole', { type: ActorRoleEnum }),
    actorId: t.exposeID('actorId', { nullable: true }),
    fromStatus: t.expose('fromStatus', { type: ComplaintStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: ComplaintStatusEnum, nullable: true }),
    round: t.exposeInt('round'),
    summary: t.string({
      description:
        'What happened, in the request’s language (Accept-Language: id or en; default id). Stored in both when written; rows from before English was stored give the Indonesian.',
      select: { summary: true, summaryEn: true },
      resolve: (h, _args, ctx) => (ctx.locale === 'en' ? (h.summaryEn ?? h.summary) : h.summary),
    }),
  }),
});

export const ComplaintNode = builder.prismaNode('Complaint', {
  id: { field: 'id' },
  // Not visible = not found: node(id) answers null, never an error that confirms it exists.
  nullable: true,
  // Node lookups apply the same visibility as every other read.
  authScopes: staffOnly,
  findUnique: (id, ctx) => ({ id: uuidOrNil(id), ...complaintScope(ctx.viewer) }) as never,
  fields: (t) => ({
    trackingId: t.exposeString('trackingId', { description: 'LAPOR! tracking ID' }),
    kind: t.expose('kind', { type: ComplaintKindEnum }),
    title: t.exposeString('title'),
    content: t.exposeString('content'),
    category: t.exposeString('category', { nullable: true }),
    location: t.exposeString('location', { nullable: true }),
    channel: t.expose('channel', { type: ComplaintChannelEnum }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', description: 'When the reporter submitted it on LAPOR!' }),
    dispatchedAt: t.expose('dispatchedAt', { type: 'DateTime', description: 'When LAPOR! dispatched it to the agency' }),
    receivedAt: t.expose('receivedAt', {
      type: 'DateTime',
      description: 'When the current agency received it (SOP step 1); a dispatch sets it anew and restarts the follow-up clock',
    }),
    firstReceivedAt: t.expose('firstReceivedAt', {
      type: 'DateTime',
      description:
        'When the report first reached the regency (diterima pertama kali); kept across dispatches; the Ombudsman clock runs from it',
    }),
    anonymous: t.exposeBoolean('anonymous'),
    confidential: t.exposeBoolean('confidential'),
    registerNumber: t.exposeString('registerNumber', { nullable: true, description: 'Number in the register book (Buku Inventarisasi)' }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime', nullable: true }),
    status: t.expose('status', { type: ComplaintStatusEnum }),
    round: t.exposeInt('round', { description: 'Follow-up round: 1, plus one for every “not satisfied” answer' }),
    version: t.exposeInt('version', { description: 'Send as expectedVersion with the next action' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    allowedActions: t.field({
      type: [WorkflowActionEnum],
      description:
        'Actions the current status allows, for the caller’s role (PAUSE / RESUME / EXTEND_FOLLOW_UP as the tunda and extension state allow).',
      select: { status: true, round: true, pausedAt: true, followUpExtendedRound: true },
      resolve: (c, _a, ctx) =>
        ctx.viewer?.kind === 'user'
          ? availableActions(c.status as Status, ctx.viewer.role, {
              round: c.round,
              paused: c.pausedAt !== null,
              extendedRound: c.followUpExtendedRound,
            })
          : [],
    }),
    agency: t.relation('agency'),
    history: t.relation('history', { query: { orderBy: { id: 'asc' } } }),
  }),
});
