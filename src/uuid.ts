const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Row ids are UUIDs; anything else cannot exist, so callers answer NOT_FOUND without asking the database. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** The nil UUID: a well-formed id no row has, so a lookup by a malformed id finds nothing (not a 500). */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function uuidOrNil(id: string): string {
  return isUuid(id) ? id : NIL_UUID;
}
