// The category catalogue and response templates in the schema: reads for the agency's staff, saves
// for its ADMIN (categories) and ADMIN / LIAISON (templates), and on a complaint its catalogue
// category and the divisions that category suggests for the disposition (never pre-filled).
import { AgencyNode, DivisionNode } from '../agencies/types.js';
import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import { TEMPLATE_PLACEHOLDERS } from '../sop/report-text.js';
import { saveCategory, saveTemplate } from './catalogue.js';

const STAFF = ['COORDINATOR', 'ADMIN', 'LIAISON', 'HEAD', 'DIVISION', 'AUDITOR'] as const;

/** The agency whose catalogue the viewer reads (a COORDINATOR names one; others their own). */
function catalogueAgency(viewer: Viewer, requested: string | null): string {
  if (viewer?.kind !== 'user') throw new ForbiddenError('Staff only');
  if (viewer.role === 'COORDINATOR') {
    if (!requested) throw new NotFoundError('Agency', '');
    return requested;
  }
  if (!viewer.agencyId || (requested && requested !== viewer.agencyId)) throw new NotFoundError('Agency', requested ?? '');
  return viewer.agencyId;
}

function categoryScope(viewer: Viewer): Prisma.ComplaintCategoryWhereInput {
  if (viewer?.kind !== 'user') return { id: { in: [] } };
  if (viewer.role === 'COORDINATOR') return {};
  return viewer.agencyId ? { agencyId: viewer.agencyId } : { id: { in: [] } };
}

export const ComplaintCategoryNode = builder.prismaNode('ComplaintCategory', {
  id: { field: 'id' },
  authScopes: { role: [...STAFF] },
  description: 'A category of the agency’s catalogue: routing defaults and the LAPOR! category texts that map to it.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    active: t.exposeBoolean('active'),
    aliases: t.exposeStringList('aliases', { description: 'LAPOR! category texts (normalised: trimmed, lower case)' }),
    defaultDivisions: t.prismaField({
      type: ['Division'],
      select: { defaultDivisionIds: true, agencyId: true },
      resolve: (query, c, _a, ctx) =>
        ctx.services.db.prisma.division.findMany({
          ...query,
          where: { id: { in: c.defaultDivisionIds }, agencyId: c.agencyId },
          orderBy: { code: 'asc' },
        }),
    }),
    templates: t.relation('templates', { query: { orderBy: { createdAt: 'asc' } } }),
  }),
});

export const ResponseTemplateNode = builder.prismaNode('ResponseTemplate', {
  id: { field: 'id' },
  authScopes: { role: [...STAFF] },
  description: 'Response text with {{placeholders}}, used by compileFollowUpReport when no text is given.',
  fields: (t) => ({
    name: t.exposeString('name'),
    body: t.exposeString('body'),
    category: t.relation('category', { nullable: true }),
  }),
});

const TemplatePlaceholderRef = builder.objectRef<{ name: string; description: string }>('TemplatePlaceholder').implement({
  fields: (t) => ({ name: t.exposeString('name'), description: t.exposeString('description') }),
});

const SaveCategoryInput = builder.inputType('SaveComplaintCategoryInput', {
  fields: (t) => ({
    id: t.globalID({ for: ComplaintCategoryNode, required: false, description: 'null: a new category' }),
    code: t.string(),
    name: t.string(),
    description: t.string({ required: false }),
    active: t.boolean({ required: false, defaultValue: true }),
    defaultDivisionIds: t.globalIDList({ for: DivisionNode }),
    aliases: t.stringList({ description: 'LAPOR! category texts that map to this category' }),
  }),
});

const SaveTemplateInput = builder.inputType('SaveResponseTemplateInput', {
  fields: (t) => ({
    id: t.globalID({ for: ResponseTemplateNode, required: false, description: 'null: a new template' }),
    categoryId: t.globalID({ for: ComplaintCategoryNode, required: false, description: 'null: the agency’s general template' }),
    name: t.string(),
    body: t.string({ description: 'Placeholders: see templatePlaceholders' }),
  }),
});

builder.queryFields((t) => ({
  complaintCategories: t.prismaField({
    type: [ComplaintCategoryNode],
    description: 'An agency’s category catalogue (default: yours; a COORDINATOR names the agency).',
    authScopes: { role: [...STAFF] },
    errors: { types: [NotFoundError] },
    args: { agencyId: t.arg.globalID({ for: AgencyNode, required: false }), activeOnly: t.arg.boolean({ required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.services.db.prisma.complaintCategory.findMany({
        ...query,
        where: { agencyId: catalogueAgency(ctx.viewer, args.agencyId?.id ?? null), ...(args.activeOnly ? { active: true } : {}) },
        orderBy: { code: 'asc' },
      }),
  }),
  responseTemplates: t.prismaField({
    type: [ResponseTemplateNode],
    description: 'An agency’s response templates (default: yours).',
    authScopes: { role: [...STAFF] },
    errors: { types: [NotFoundError] },
    args: { agencyId: t.arg.globalID({ for: AgencyNode, required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.services.db.prisma.responseTemplate.findMany({
        ...query,
        where: { agencyId: catalogueAgency(ctx.viewer, args.agencyId?.id ?? null) },
        orderBy: [{ categoryId: 'asc' }, { createdAt: 'asc' }],
      }),
  }),
  templatePlaceholders: t.field({
    type: [TemplatePlaceholderRef],
    authScopes: { role: [...STAFF] },
    resolve: () => Object.entries(TEMPLATE_PLACEHOLDERS).map(([name, description]) => ({ name, description })),
  }),
}));

builder.mutationFields((t) => ({
  saveComplaintCategory: t.prismaField({
    type: ComplaintCategoryNode,
    description: 'Create or change a category of your agency’s catalogue (agency ADMIN).',
    authScopes: { role: ['ADMIN'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: SaveCategoryInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const saved = await saveCategory(ctx.services, ctx.viewer, {
        ...input,
        id: input.id?.id ?? null,
        defaultDivisionIds: input.defaultDivisionIds.map((d) => d.id),
      });
      return ctx.services.db.prisma.complaintCategory.findUniqueOrThrow({ ...query, where: { id: saved.id } });
    },
  }),
  saveResponseTemplate: t.prismaField({
    type: ResponseTemplateNode,
    description: 'Create or change a response template of your agency (ADMIN or LIAISON). An unknown placeholder is an InvalidInputError.',
    authScopes: { role: ['ADMIN', 'LIAISON'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: SaveTemplateInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const saved = await saveTemplate(ctx.services, ctx.viewer, {
        ...input,
        id: input.id?.id ?? null,
        categoryId: input.categoryId?.id ?? null,
      });
      return ctx.services.db.prisma.responseTemplate.findUniqueOrThrow({ ...query, where: { id: saved.id } });
    },
  }),
}));

builder.prismaObjectFields('Complaint', (t) => ({
  catalogueCategory: t.prismaField({
    type: ComplaintCategoryNode,
    nullable: true,
    description: 'The agency catalogue’s category (mapped from LAPOR!’s category text by alias on receipt)',
    select: { categoryId: true },
    resolve: (query, c, _a, ctx) =>
      c.categoryId
        ? ctx.services.db.prisma.complaintCategory.findFirst({
            ...query,
            where: { AND: [{ id: c.categoryId }, categoryScope(ctx.viewer)] },
          })
        : null,
  }),
  suggestedDivisions: t.prismaField({
    type: ['Division'],
    description: 'The divisions the category routes to by default: a suggestion for the head’s disposition, never applied by itself',
    select: { categoryId: true, agencyId: true },
    resolve: async (query, c, _a, ctx) => {
      if (!c.categoryId) return [];
      const category = await ctx.services.db.prisma.complaintCategory.findUnique({
        where: { id: c.categoryId },
        select: { defaultDivisionIds: true, active: true },
      });
      if (!category?.active) return [];
      return ctx.services.db.prisma.division.findMany({
        ...query,
        where: { id: { in: category.defaultDivisionIds }, agencyId: c.agencyId },
        orderBy: { code: 'asc' },
      });
    },
  }),
}));
