// Reading complaints: one by ID or tracking ID, and the filtered, sorted Relay connection. Every read
// goes through complaintScope, so a complaint outside the caller's view does not exist for them.
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { AgencyNode, DivisionNode } from '../agencies/types.js';
import type { Viewer } from '../auth/viewer.js';
import { InputChecker } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { preloadDeadlineInputs } from '../deadlines/complaint-deadlines.js';
import { isUuid } from '../uuid.js';
import { ComplaintKindEnum, ComplaintNode, ComplaintStatusEnum, staffOnly } from './types.js';
import { checkComplaintFilter, type ComplaintFilterValue, searchWords } from './filter.js';
import { countComplaintPage, readComplaintPage } from './page-sql.js';
import { complaintScope } from './visibility.js';

/** Largest page any connection serves; asking for more is INVALID_INPUT rather than a silent cut. */
export const MAX_PAGE_SIZE = 100;
export { MAX_SEARCH_LENGTH, searchWords, type ComplaintFilterValue } from './filter.js';

export function checkPageSize(args: { first?: number | null; last?: number | null }) {
  const check = new InputChecker();
  for (const name of ['first', 'last'] as const) {
    const n = args[name];
    if (n != null) check.check(n >= 0 && n <= MAX_PAGE_SIZE, name, `must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  check.throwIfAny();
}

export const ComplaintOrderEnum = builder.enumType('ComplaintOrder', {
  values: ['RECEIVED_AT_DESC', 'RECEIVED_AT_ASC', 'UPDATED_AT_DESC', 'REGISTER_NUMBER_ASC'] as const,
  description: 'REGISTER_NUMBER_ASC: register book order (year, then number); unregistered reports last.',
});
type ComplaintOrder = 'RECEIVED_AT_DESC' | 'RECEIVED_AT_ASC' | 'UPDATED_AT_DESC' | 'REGISTER_NUMBER_ASC';

// The id tie-breaker makes every order total, which cursor pagination needs.
export const COMPLAINT_ORDER: Record<ComplaintOrder, Prisma.ComplaintOrderByWithRelationInput[]> = {
  RECEIVED_AT_DESC: [{ receivedAt: 'desc' }, { id: 'desc' }],
  RECEIVED_AT_ASC: [{ receivedAt: 'asc' }, { id: 'asc' }],
  UPDATED_AT_DESC: [{ updatedAt: 'desc' }, { id: 'desc' }],
  REGISTER_NUMBER_ASC: [
    { registerYear: { sort: 'asc', nulls: 'last' } },
    { registerSeq: { sort: 'asc', nulls: 'last' } },
    { receivedAt: 'asc' },
    { id: 'asc' },
  ],
};

export const ComplaintFilter = builder.inputType('ComplaintFilter', {
  fields: (t) => ({
    status: t.field({ type: [ComplaintStatusEnum], required: false, description: 'Any of these statuses' }),
    divisionId: t.globalID({ for: DivisionNode, required: false, description: 'Disposed to this division' }),
    kind: t.field({ type: ComplaintKindEnum, required: false }),
    receivedFrom: t.field({ type: 'DateTime', required: false, description: 'Received at or after' }),
    receivedTo: t.field({ type: 'DateTime', required: false, description: 'Received before' }),
    minRound: t.int({ required: false, description: 'Round at least this; 2 = reports that came back “not satisfied”' }),
    search: t.string({
      required: false,
      description: 'Words that must all occur in the title or content (any part of a word, case-insensitive)',
    }),
    agencyId: t.globalID({ for: AgencyNode, required: false, description: 'For the COORDINATOR: one agency' }),
  }),
});

/**
 * The Prisma filter for a list: the caller's scope AND the client's filter. Text search is a
 * case-insensitive substring match of every word on title or content (ILIKE), inside the caller's
 * scope. (The init migration's GIN to_tsvector index cannot be reached from a Prisma filter, and
 * feeding its matches back as an id list breaks past PostgreSQL's bind-parameter limit.) Its SQL twin,
 * complaintListSql in page-sql.ts, must say the same case for case.
 */
export function complaintListWhere(ctx: Context, filter: ComplaintFilterValue | null | undefined): Prisma.ComplaintWhereInput {
  const f = filter ?? {};
  checkComplaintFilter(f);

  const and: Prisma.ComplaintWhereInput[] = [complaintScope(ctx.viewer)];
  const none = { id: { in: [] } };
  if (f.status?.length) and.push({ status: { in: f.status as never } });
  if (f.kind) and.push({ kind: f.kind as never });
  if (f.divisionId) and.push(isUuid(f.divisionId.id) ? { dispositionDivisions: { some: { divisionId: f.divisionId.id } } } : none);
  if (f.agencyId) and.push(isUuid(f.agencyId.id) ? { agencyId: f.agencyId.id } : none);
  if (f.receivedFrom || f.receivedTo) {
    and.push({ receivedAt: { ...(f.receivedFrom ? { gte: f.receivedFrom } : {}), ...(f.receivedTo ? { lt: f.receivedTo } : {}) } });
  }
  if (f.minRound != null) and.push({ round: { gte: f.minRound } });
  for (const word of f.search == null ? [] : searchWords(f.search)) {
    and.push({ OR: [{ title: { contains: word, mode: 'insensitive' } }, { content: { contains: word, mode: 'insensitive' } }] });
  }
  return { AND: and };
}

/** The one agency a viewer is bound to, or null for the coordinator and regency-wide keys. */
export function viewerAgency(viewer: Viewer): string | null {
  if (!viewer) return null;
  if (viewer.kind === 'user' && viewer.role === 'COORDINATOR') return null;
  return viewer.agencyId;
}

/**
 * The filter of one connection page, after checking the page size. Both the page and totalCount call
 * it, because a totalCount-only selection never reaches the page resolver.
 */
export function connectionWhere(
  ctx: Context,
  args: { first?: number | null; last?: number | null; filter?: ComplaintFilterValue | null },
): Prisma.ComplaintWhereInput {
  checkPageSize(args);
  return complaintListWhere(ctx, args.filter);
}

/** Whether a connection's nodes (edges.node or nodes) select `field`, through fragments too. */
function nodesSelect(info: GraphQLResolveInfo, field: string): boolean {
  const fieldsOf = (set: SelectionSetNode | undefined, name: string): SelectionSetNode[] => {
    const found: SelectionSetNode[] = [];
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD && s.name.value === name && s.selectionSet) found.push(s.selectionSet);
      else if (s.kind === Kind.INLINE_FRAGMENT) found.push(...fieldsOf(s.selectionSet, name));
      else if (s.kind === Kind.FRAGMENT_SPREAD) found.push(...fieldsOf(info.fragments[s.name.value]?.selectionSet, name));
    }
    return found;
  };
  const selects = (set: SelectionSetNode): boolean =>
    set.selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === field
        : s.kind === Kind.INLINE_FRAGMENT
          ? selects(s.selectionSet)
          : !!info.fragments[s.name.value] && selects(info.fragments[s.name.value]!.selectionSet),
    );
  return info.fieldNodes.some((f) => {
    const nodes = [...fieldsOf(f.selectionSet, 'edges').flatMap((e) => fieldsOf(e, 'node')), ...fieldsOf(f.selectionSet, 'nodes')];
    return nodes.some(selects);
  });
}

builder.queryFields((t) => ({
  complaint: t.prismaField({
    type: ComplaintNode,
    nullable: true,
    description: 'One complaint; null when it does not exist or you may not see it.',
    authScopes: staffOnly,
    args: { id: t.arg.globalID({ for: ComplaintNode }) },
    resolve: (query, _root, args, ctx) =>
      isUuid(args.id.id)
        ? ctx.services.db.prisma.complaint.findFirst({ ...query, where: { AND: [{ id: args.id.id }, complaintScope(ctx.viewer)] } })
        : null,
  }),
  complaintByTrackingId: t.prismaField({
    type: ComplaintNode,
    nullable: true,
    description: 'One complaint by its LAPOR! tracking ID; null when unknown or not visible to you.',
    authScopes: staffOnly,
    args: { trackingId: t.arg.string() },
    resolve: (query, _root, args, ctx) =>
      ctx.services.db.prisma.complaint.findFirst({
        ...query,
        where: { AND: [{ trackingId: args.trackingId.trim() }, complaintScope(ctx.viewer)] },
      }),
  }),
  complaints: t.prismaConnection(
    {
      type: ComplaintNode,
      cursor: 'id',
      maxSize: MAX_PAGE_SIZE,
      description: 'The complaints you may see, filtered and sorted (newest received first by default).',
      authScopes: staffOnly,
      args: {
        filter: t.arg({ type: ComplaintFilter, required: false }),
        orderBy: t.arg({ type: ComplaintOrderEnum, required: false, defaultValue: 'RECEIVED_AT_DESC' }),
      },
      // The staff list is read many times a day: plain SQL (page-sql.ts) for the page shapes it knows,
      // Prisma for the rest. Both forms of the filter run the same input checks (checkComplaintFilter)
      // before anything is read; the page size is checked here.
      totalCount: (_parent, args, ctx) => {
        checkPageSize(args);
        return countComplaintPage(ctx.services.db, ctx.viewer, args.filter);
      },
      resolve: async (query, _parent, args, ctx, info) => {
        checkPageSize(args);
        const page = await readComplaintPage(ctx.services.db, ctx.viewer, args, query);
        const rows = (page ??
          (await ctx.services.db.prisma.complaint.findMany({
            ...query,
            where: complaintListWhere(ctx, args.filter),
            orderBy: COMPLAINT_ORDER[args.orderBy ?? 'RECEIVED_AT_DESC'],
          }))) as Awaited<ReturnType<typeof ctx.services.db.prisma.complaint.findMany>>;
        // Loaded before the rows resolve, `deadlines` computes each row synchronously.
        if (nodesSelect(info, 'deadlines'))
          await preloadDeadlineInputs(
            ctx,
            rows.map((r) => r.agencyId),
          );
        return rows;
      },
    },
    { name: 'ComplaintConnection', description: 'A page of complaints; totalCount counts every match, not just this page.' },
    { name: 'ComplaintEdge' },
  ),
}));
