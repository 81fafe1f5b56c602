import { describe, expect, it } from 'vitest';
import { dispatchSummary, disposeSummary, excerpt, feedbackSummary, formatLocalDateTime, resultSummary } from './wording.js';

describe('history summaries (SOP wording)', () => {
  it('writes the disposition like the sheet, naming the priority only when it is not ordinary', () => {
    expect(disposeSummary({ divisionNames: ['Bidang Olahraga'], instructions: ['TINDAK_LANJUTI'], priority: 'BIASA' }).id).toBe(
      'Disposisi Kepala Dinas ke: Bidang Olahraga (TINDAK_LANJUTI)',
    );
    expect(
      disposeSummary({
        divisionNames: ['Bidang Olahraga', 'Bidang Kebudayaan'],
        instructions: ['PELAJARI', 'KOORDINASIKAN'],
        priority: 'SANGAT_SEGERA',
      }).id,
    ).toBe('Disposisi Kepala Dinas ke: Bidang Olahraga, Bidang Kebudayaan (PELAJARI, KOORDINASIKAN); sifat: sangat segera');
  });

  it('formats times in the agency’s zone with its Indonesian abbreviation', () => {
    const at = new Date('2026-11-28T07:05:00Z');
    expect(formatLocalDateTime(at, 'Asia/Jakarta')).toBe('28-11-2026 14.05 WIB');
    expect(formatLocalDateTime(at, 'Asia/Makassar')).toBe('28-11-2026 15.05 WITA');
    expect(formatLocalDateTime(at, 'Asia/Jayapura')).toBe('28-11-2026 16.05 WIT');
    expect(formatLocalDateTime(at, 'UTC')).toBe('28-11-2026 07.05 UTC');
  });

  it('cuts long free text and collapses whitespace, but keeps short text whole', () => {
    expect(excerpt('  a\n\nb  ')).toBe('a b');
    const cut = excerpt('x'.repeat(500));
    expect(cut).toHaveLength(300);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('says what the complainant answered and what happens next', () => {
    expect(feedbackSummary({ satisfied: true, nextRound: 2, comment: null }).id).toBe('Pelapor puas (Y); laporan selesai');
    expect(feedbackSummary({ satisfied: false, nextRound: 3, comment: ' ' }).id).toBe(
      'Pelapor tidak puas (T); tindak lanjut dirumuskan kembali, putaran 3',
    );
  });

  it('mentions evidence and completion only when there is some', () => {
    expect(resultSummary({ divisionName: 'Bidang Olahraga', round: 1, evidenceCount: 0, allReported: false }).id).toBe(
      'Hasil tindak lanjut Bidang Olahraga dicatat (putaran 1)',
    );
    expect(resultSummary({ divisionName: 'Bidang Olahraga', round: 2, evidenceCount: 3, allReported: true }).id).toBe(
      'Hasil tindak lanjut Bidang Olahraga dicatat (putaran 2, 3 bukti); semua bidang telah melaporkan hasil tindak lanjut',
    );
  });

  it('keeps the dropped register number in the dispatch summary', () => {
    expect(
      dispatchSummary({ fromAgency: 'Disporbudpar', toAgency: 'Dinkes', oldRegisterNumber: '0007/LAPOR/DISPORBUDPAR/2026', note: null }).id,
    ).toBe(
      'Didisposisikan ulang oleh Tim Administrator Kabupaten ke Dinkes; nomor register lama 0007/LAPOR/DISPORBUDPAR/2026 (Disporbudpar) tidak dipakai lagi',
    );
  });

  it('writes every summary in English too, from the same values', () => {
    expect(feedbackSummary({ satisfied: false, nextRound: 3, comment: 'Belum diperbaiki' })).toEqual({
      id: 'Pelapor tidak puas (T); tindak lanjut dirumuskan kembali, putaran 3: "Belum diperbaiki"',
      en: 'Complainant not satisfied (T); the follow-up is formulated again, round 3: "Belum diperbaiki"',
    });
    expect(disposeSummary({ divisionNames: ['Bidang Olahraga'], instructions: ['TINDAK_LANJUTI'], priority: 'SEGERA' }).en).toBe(
      'Disposition by the head of agency to: Bidang Olahraga (TINDAK_LANJUTI); priority: urgent',
    );
  });
});
