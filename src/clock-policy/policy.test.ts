import { describe, expect, it } from 'vitest';
import { CLOCK_PRESETS, classOf, resolveLengths } from './policy.js';

describe('classes', () => {
  it('kind and oversight make the class; oversight only counts for LAPORAN', () => {
    expect(classOf({ kind: 'LAPORAN', hasOversight: true })).toBe('LAPORAN_PENGAWASAN');
    expect(classOf({ kind: 'LAPORAN', hasOversight: false })).toBe('LAPORAN');
    expect(classOf({ kind: 'SARAN', hasOversight: true })).toBe('ASPIRASI');
    expect(classOf({ kind: 'INFORMASI', hasOversight: false })).toBe('INFORMASI');
  });
});

describe('resolveLengths', () => {
  const A = '00000000-0000-4000-8000-00000000000a';
  const B = '00000000-0000-4000-8000-00000000000b';
  it('no rows: the SOP length for every class', () => {
    expect(resolveLengths([], A, 5)).toEqual(CLOCK_PRESETS.SOP);
  });
  it('the agency row beats the regency default, which beats the fallback; other agencies do not count', () => {
    const rows = [
      { agencyId: A, complaintClass: 'LAPORAN' as const, followUpWorkingDays: 10 },
      { agencyId: null, complaintClass: 'LAPORAN' as const, followUpWorkingDays: 14 },
      { agencyId: null, complaintClass: 'LAPORAN_PENGAWASAN' as const, followUpWorkingDays: 60 },
      { agencyId: B, complaintClass: 'ASPIRASI' as const, followUpWorkingDays: 3 },
    ];
    expect(resolveLengths(rows, A, 5)).toEqual({ ASPIRASI: 5, INFORMASI: 5, LAPORAN: 10, LAPORAN_PENGAWASAN: 60 });
    expect(resolveLengths(rows, B, 5)).toEqual({ ASPIRASI: 3, INFORMASI: 5, LAPORAN: 14, LAPORAN_PENGAWASAN: 60 });
  });
});
