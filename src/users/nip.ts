// NIP (Nomor Induk Pegawai), the 18-digit civil-servant number: birth date (YYYYMMDD), appointment
// month (YYYYMM), sex (1 man, 2 woman) and a 3-digit serial. Pure.

/** Spaces and dots are often typed as separators ("19800101 200501 1 001"): they are dropped. */
export function normaliseNip(nip: string): string {
  return nip.replace(/[\s.]/g, '');
}

/** Why a NIP is not well-formed, or null. */
export function nipProblem(raw: string): string | null {
  const nip = normaliseNip(raw);
  if (!/^\d{18}$/.test(nip)) return 'must be the 18-digit NIP';
  const y = Number(nip.slice(0, 4));
  const m = Number(nip.slice(4, 6));
  const d = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return 'digits 1–8 must be a birth date (YYYYMMDD)';
  const ay = Number(nip.slice(8, 12));
  const am = Number(nip.slice(12, 14));
  if (ay < y + 15 || am < 1 || am > 12) return 'digits 9–14 must be the appointment month (YYYYMM), after the birth date';
  if (nip[14] !== '1' && nip[14] !== '2') return 'digit 15 must be 1 or 2';
  if (nip.slice(15) === '000') return 'digits 16–18 must be a serial number from 001';
  return null;
}
