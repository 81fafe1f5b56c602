// Which agency an agency-wide read (counts, register book) is about. Staff and agency-bound keys
// always read their own agency; naming another one is NOT_FOUND, so a caller cannot probe which
// agencies exist. The coordinator and regency-wide keys may name any agency, or none for all.
import { NotFoundError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { isUuid } from '../uuid.js';
import { viewerAgency } from './queries.js';

export async function agencyForRead(ctx: Context, requested: string | null | undefined): Promise<string | null> {
  const own = viewerAgency(ctx.viewer);
  if (own) {
    if (requested && requested !== own) throw new NotFoundError('Agency', requested);
    return own;
  }
  if (!requested) return null;
  const found = isUuid(requested) && (await ctx.services.db.prisma.agency.findUnique({ where: { id: requested }, select: { id: true } }));
  if (!found) throw new NotFoundError('Agency', requested);
  return requested;
}
