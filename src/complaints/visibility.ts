// Who sees which complaints. Used as a Prisma filter everywhere a complaint is read or changed, so
// a complaint outside the caller's view behaves exactly like one that does not exist.
import type { Viewer } from '../auth/viewer.js';
import { uuidOrNil } from '../graphql/ids.js';
import type { Prisma } from '../generated/prisma/client.js';

const NOTHING: Prisma.ComplaintWhereInput = { id: { in: [] } };

export function complaintScope(viewer: Viewer): Prisma.ComplaintWhereInput {
  if (!viewer) return NOTHING;
  if (viewer.kind === 'service') {
    // Status-level reads only (fields enforce that); a key may be limited to one agency.
    if (!viewer.scopes.includes('READ_COMPLAINTS') && !viewer.scopes.includes('FORWARD_COMPLAINTS')) return NOTHING;
    return viewer.agencyId ? { agencyId: viewer.agencyId } : {};
  }
  switch (viewer.role) {
    case 'COORDINATOR':
      return {};
    case 'ADMIN':
    case 'LIAISON':
    case 'HEAD':
    case 'AUDITOR':
      return viewer.agencyId ? { agencyId: viewer.agencyId } : NOTHING;
    case 'DIVISION':
      return viewer.divisionId && viewer.agencyId
        ? { agencyId: viewer.agencyId, dispositionDivisions: { some: { divisionId: viewer.divisionId } } }
        : NOTHING;
  }
}

/** Same rule for an event or a loaded row, without the database. */
export function canSeeComplaint(viewer: Viewer, c: { agencyId: string; divisionIds: readonly string[] }): boolean {
  if (!viewer) return false;
  if (viewer.kind === 'service') {
    const scoped = viewer.scopes.includes('READ_COMPLAINTS') || viewer.scopes.includes('FORWARD_COMPLAINTS');
    return scoped && (viewer.agencyId === null || viewer.agencyId === c.agencyId);
  }
  if (viewer.role === 'COORDINATOR') return true;
  if (viewer.agencyId !== c.agencyId) return false;
  if (viewer.role === 'DIVISION') return viewer.divisionId !== null && c.divisionIds.includes(viewer.divisionId);
  return true;
}

/**
 * prismaNode options for a row that belongs to one complaint (disposition, follow-up, response...):
 * staff only, and visible exactly when its complaint is; otherwise node(id) answers null, never an
 * error that would confirm it exists.
 */
export const complaintChildNode = {
  id: { field: 'id' as const },
  nullable: true as const,
  authScopes: { signedIn: true as const },
  findUnique: (id: string, ctx: { viewer: Viewer }) => ({ id: uuidOrNil(id), complaint: complaintScope(ctx.viewer) }),
};

/**
 * complaintScope as a SQL condition over the Complaint alias `c`, for plain-SQL reads that bypass
 * Prisma (the complaints CSV export). The same rule case for case; `bind` adds a parameter and returns
 * its placeholder. test/documents compares the export with the complaints connection per role.
 */
export function complaintScopeSql(viewer: Viewer, bind: (value: unknown) => string): string {
  if (!viewer) return 'false';
  if (viewer.kind === 'service') {
    if (!viewer.scopes.includes('READ_COMPLAINTS') && !viewer.scopes.includes('FORWARD_COMPLAINTS')) return 'false';
    return viewer.agencyId ? `c."agencyId" = ${bind(viewer.agencyId)}::uuid` : 'true';
  }
  switch (viewer.role) {
    case 'COORDINATOR':
      return 'true';
    case 'ADMIN':
    case 'LIAISON':
    case 'HEAD':
    case 'AUDITOR':
      return viewer.agencyId ? `c."agencyId" = ${bind(viewer.agencyId)}::uuid` : 'false';
    case 'DIVISION':
      return viewer.divisionId && viewer.agencyId
        ? `(c."agencyId" = ${bind(viewer.agencyId)}::uuid AND EXISTS (SELECT 1 FROM "DispositionDivision" sd
             WHERE sd."complaintId" = c.id AND sd."divisionId" = ${bind(viewer.divisionId)}::uuid))`
        : 'false';
  }
}
