// An agency's category catalogue and response templates: who may change them, the checks, the
// writes. Categories: the agency ADMIN. Templates: the ADMIN and the LIAISON. Every bad input is one
// InvalidInputError listing each issue; another agency's rows read as not found.
import type { UserViewer, Viewer } from '../auth/viewer.js';
import { ForbiddenError, InputChecker, InvalidInputError, NotFoundError } from '../errors.js';
import type { ComplaintCategory, ResponseTemplate } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { normaliseCategoryText } from '../sop/actions/receive.js';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from '../sop/report-text.js';
import { isUuid } from '../uuid.js';

export const CATEGORY_LIMITS = {
  code: 32,
  name: 200,
  description: 2_000,
  alias: 200,
  aliases: 50,
  divisions: 50,
  templateName: 200,
  body: 20_000,
} as const;

function agencyUser(viewer: Viewer, roles: readonly string[], what: string): UserViewer & { agencyId: string } {
  if (viewer?.kind !== 'user' || !roles.includes(viewer.role) || !viewer.agencyId) {
    throw new ForbiddenError(`Only an agency’s ${roles.join(' or ')} may change its ${what}`);
  }
  return viewer as UserViewer & { agencyId: string };
}

export interface CategoryFields {
  id?: string | null;
  code: string;
  name: string;
  description?: string | null;
  active?: boolean | null;
  defaultDivisionIds: string[];
  aliases: string[];
}

export async function saveCategory(services: AppServices, viewer: Viewer, input: CategoryFields): Promise<ComplaintCategory> {
  const user = agencyUser(viewer, ['ADMIN'], 'category catalogue');
  const { prisma } = services.db;
  const check = new InputChecker()
    .text('code', input.code, { max: CATEGORY_LIMITS.code })
    .text('name', input.name, { max: CATEGORY_LIMITS.name })
    .text('description', input.description, { max: CATEGORY_LIMITS.description, required: false });
  check.check(/^[A-Z0-9_-]*$/i.test(input.code.trim()), 'code', 'may contain only letters, digits, _ and -');
  check.check(input.aliases.length <= CATEGORY_LIMITS.aliases, 'aliases', `at most ${CATEGORY_LIMITS.aliases}`);
  input.aliases.forEach((a, i) => {
    check.text(`aliases[${i}]`, a, { max: CATEGORY_LIMITS.alias });
  });
  check.check(input.defaultDivisionIds.length <= CATEGORY_LIMITS.divisions, 'defaultDivisionIds', `at most ${CATEGORY_LIMITS.divisions}`);
  check.throwIfAny();

  return prisma.$transaction(async (tx) => {
    const existing = input.id
      ? isUuid(input.id)
        ? await tx.complaintCategory.findFirst({ where: { id: input.id, agencyId: user.agencyId } })
        : null
      : null;
    if (input.id && !existing) throw new NotFoundError('ComplaintCategory', input.id);
    const divisions = await tx.division.findMany({
      where: { id: { in: input.defaultDivisionIds.filter(isUuid) }, agencyId: user.agencyId },
      select: { id: true },
    });
    const known = new Set(divisions.map((d) => d.id));
    const issues = input.defaultDivisionIds.flatMap((d, i) =>
      known.has(d) ? [] : [{ field: `defaultDivisionIds[${i}]`, message: 'is not a division of your agency' }],
    );
    const code = input.code.trim().toUpperCase();
    const clash = await tx.complaintCategory.findFirst({
      where: { agencyId: user.agencyId, code, NOT: existing ? { id: existing.id } : undefined },
    });
    if (clash) issues.push({ field: 'code', message: `is already used by category “${clash.name}”` });
    if (issues.length > 0) throw new InvalidInputError(issues);
    const data = {
      code,
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      active: input.active ?? true,
      defaultDivisionIds: [...new Set(input.defaultDivisionIds)],
      aliases: [...new Set(input.aliases.map(normaliseCategoryText).filter((a) => a.length > 0))],
    };
    return existing
      ? tx.complaintCategory.update({ where: { id: existing.id }, data })
      : tx.complaintCategory.create({ data: { ...data, agencyId: user.agencyId } });
  });
}

export interface TemplateFields {
  id?: string | null;
  categoryId?: string | null;
  name: string;
  body: string;
}

export async function saveTemplate(services: AppServices, viewer: Viewer, input: TemplateFields): Promise<ResponseTemplate> {
  const user = agencyUser(viewer, ['ADMIN', 'LIAISON'], 'response templates');
  const { prisma } = services.db;
  const check = new InputChecker()
    .text('name', input.name, { max: CATEGORY_LIMITS.templateName })
    .text('body', input.body, { max: CATEGORY_LIMITS.body });
  for (const p of unknownPlaceholders(input.body)) {
    check.check(
      false,
      'body',
      `unknown placeholder {{${p}}}; known: ${Object.keys(TEMPLATE_PLACEHOLDERS)
        .map((k) => `{{${k}}}`)
        .join(', ')}`,
    );
  }
  if (input.categoryId) {
    const category = isUuid(input.categoryId)
      ? await prisma.complaintCategory.findFirst({ where: { id: input.categoryId, agencyId: user.agencyId }, select: { id: true } })
      : null;
    // Another agency's category reads the same as an unknown one.
    check.check(category !== null, 'categoryId', 'is not a category of your agency');
  }
  check.throwIfAny();
  const existing = input.id
    ? isUuid(input.id)
      ? await prisma.responseTemplate.findFirst({ where: { id: input.id, agencyId: user.agencyId } })
      : null
    : null;
  if (input.id && !existing) throw new NotFoundError('ResponseTemplate', input.id);
  const data = { name: input.name.trim(), body: input.body, categoryId: input.categoryId ?? null };
  return existing
    ? prisma.responseTemplate.update({ where: { id: existing.id }, data })
    : prisma.responseTemplate.create({ data: { ...data, agencyId: user.agencyId } });
}
