import { describe, expect, it } from 'vitest';
import { defaultFollowUpReportText, renderResponseTemplate, unknownPlaceholders } from './report-text.js';

const complaint = { trackingId: 'LAP-1', title: ' Lampu lapangan mati ' };
const result = (divisionName: string) => ({
  divisionName,
  facts: ` Fakta ${divisionName} `,
  actionTaken: `Tindakan ${divisionName}`,
  solution: `Solusi ${divisionName}`,
});

describe('defaultFollowUpReportText', () => {
  it('lists every division’s facts, action and solution in the order given', () => {
    const text = defaultFollowUpReportText(complaint, [result('Bidang Olahraga'), result('Bidang Kebudayaan')]);
    expect(text).toBe(
      [
        'Tindak lanjut atas laporan LAP-1: Lampu lapangan mati',
        'Bidang Olahraga\nFakta di lapangan: Fakta Bidang Olahraga\nTindakan yang dilakukan: Tindakan Bidang Olahraga\nSolusi: Solusi Bidang Olahraga',
        'Bidang Kebudayaan\nFakta di lapangan: Fakta Bidang Kebudayaan\nTindakan yang dilakukan: Tindakan Bidang Kebudayaan\nSolusi: Solusi Bidang Kebudayaan',
        'Terima kasih atas laporan Anda.',
      ].join('\n\n'),
    );
  });

  it('leaves no division out', () => {
    const names = Array.from({ length: 7 }, (_, i) => `Seksi ${i}`);
    const text = defaultFollowUpReportText(complaint, names.map(result));
    for (const n of names) expect(text).toContain(`Fakta di lapangan: Fakta ${n}`);
  });
});

describe('response templates', () => {
  it('lists unknown placeholders once each, in order; fills known ones; refuses to render an unknown one', () => {
    expect(unknownPlaceholders('{{trackingId}} {{ nama }} {{x}} {{nama}} {{ today }}')).toEqual(['nama', 'x']);
    expect(unknownPlaceholders('Tanpa placeholder, { tunggal } tidak dihitung')).toEqual([]);
    const values = {
      trackingId: 'LAP-1',
      title: 'T',
      registerNumber: '0001/LAPOR/X/2026',
      receivedDate: '2026-06-12',
      today: '2026-06-19',
      divisions: 'A, B',
      results: 'R',
    };
    expect(renderResponseTemplate('Laporan {{ trackingId }} ({{registerNumber}}) oleh {{divisions}}: {{results}}', values)).toBe(
      'Laporan LAP-1 (0001/LAPOR/X/2026) oleh A, B: R',
    );
    expect(() => renderResponseTemplate('{{pelapor}}', values)).toThrow(RangeError);
  });
});
