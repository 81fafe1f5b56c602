const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Row ids are UUIDs; anything else cannot exist, so callers answer NOT_FOUND without asking the database. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
