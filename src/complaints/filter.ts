// The complaints filter's values and input checks, shared by its Prisma form (complaintListWhere in
// queries.ts) and its SQL twin (complaintListSql in page-sql.ts).
import { InputChecker } from '../errors.js';

export const MAX_SEARCH_LENGTH = 200;

export interface ComplaintFilterValue {
  status?: readonly string[] | null;
  divisionId?: { id: string } | null;
  kind?: string | null;
  receivedFrom?: Date | null;
  receivedTo?: Date | null;
  minRound?: number | null;
  search?: string | null;
  agencyId?: { id: string } | null;
}

/** The words of a search string (letters and digits only, so nothing in it is pattern syntax). */
export function searchWords(search: string): string[] {
  return (search.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 20);
}

/** INVALID_INPUT for a filter that cannot match sensibly (both forms of the filter run it first). */
export function checkComplaintFilter(f: ComplaintFilterValue): void {
  const check = new InputChecker();
  check.check(!(f.receivedFrom && f.receivedTo && f.receivedFrom > f.receivedTo), 'filter.receivedTo', 'must not be before receivedFrom');
  check.check(f.minRound == null || f.minRound >= 1, 'filter.minRound', 'must be at least 1');
  check.text('filter.search', f.search, { max: MAX_SEARCH_LENGTH, required: false });
  check.check(f.search == null || searchWords(f.search).length > 0, 'filter.search', 'must contain a letter or digit');
  check.throwIfAny();
}
