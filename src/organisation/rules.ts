// Who may administer what, and what a well-formed agency or division looks like. Pure: no I/O.
import type { AdminActor } from '../audit/events.js';
import type { InputChecker } from '../errors.js';

/** The system (command line, seed) and the COORDINATOR reach every agency; an ADMIN their own. */
export function reachesAgency(actor: AdminActor, agencyId: string | null): boolean {
  if (actor.kind === 'system' || actor.role === 'COORDINATOR') return true;
  return actor.role === 'ADMIN' && agencyId !== null && actor.agencyId === agencyId;
}

export function isRegencyAdministrator(actor: AdminActor): boolean {
  return actor.kind === 'system' || actor.role === 'COORDINATOR';
}

/** Codes: capitals, digits, "-" and "_", 2–30 characters (DISPORBUDPAR, BID-OR, SEKRETARIAT). */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,29}$/;

export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

export function checkCode(check: InputChecker, field: string, code: string | null | undefined, required: boolean) {
  if (code === undefined || code === null) {
    if (required) check.check(false, field, 'is required');
    return;
  }
  check.check(
    CODE_PATTERN.test(normaliseCode(code)),
    field,
    'must be 2–30 capital letters, digits, "-" or "_", starting with a letter or digit',
  );
}

export function checkName(check: InputChecker, field: string, name: string | null | undefined, required: boolean) {
  if (name === undefined || name === null) {
    if (required) check.check(false, field, 'is required');
    return;
  }
  const n = name.trim();
  check.check(n.length >= 2, field, 'must be at least 2 characters');
  check.check(n.length <= 200, field, 'must be at most 200 characters');
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Indonesia's three zones: WIB, WITA, WIT. */
export const INDONESIAN_TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
