import { describe, expect, it } from 'vitest';
import { coverageWarning, missingHolidayYears } from './coverage.js';

describe('missingHolidayYears', () => {
  it('flags next year once deadlines can reach it', () => {
    expect(missingHolidayYears([2024, 2025, 2026], new Date('2026-11-28T00:00:00Z'))).toEqual([2027]);
    expect(missingHolidayYears([2024, 2025, 2026], new Date('2026-08-01T00:00:00Z'))).toEqual([]);
    expect(missingHolidayYears([2026, 2027], new Date('2026-11-28T00:00:00Z'))).toEqual([]);
  });
  it('flags the current year too when it is missing', () => {
    expect(missingHolidayYears([], new Date('2028-03-01T00:00:00Z'))).toEqual([2028]);
    expect(missingHolidayYears([2028], new Date('2028-12-31T00:00:00Z'), 120)).toEqual([2029]);
  });
  it('words a warning only when something is missing', () => {
    expect(coverageWarning([])).toBeNull();
    expect(coverageWarning([2027])).toMatch(/2027.*SKB 3 Menteri/);
  });
});
