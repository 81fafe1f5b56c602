// LAPOR!-export-shaped files for the import tests and the benchmark.
import ExcelJS from 'exceljs';

export const HEADER = [
  'ID Laporan',
  'Tanggal Laporan',
  'Tanggal Disposisi',
  'Klasifikasi',
  'Kategori',
  'Judul Laporan',
  'Isi Laporan',
  'Lokasi',
  'Sumber',
  'Anonim',
  'Rahasia',
  'Nama Pelapor',
  'Kontak Pelapor',
];

export type Row = Record<(typeof HEADER)[number], string | Date>;

export function row(i: number, overrides: Partial<Row> = {}): Row {
  return {
    'ID Laporan': `IMP-${String(i).padStart(6, '0')}`,
    'Tanggal Laporan': '02/11/2026 08:15',
    'Tanggal Disposisi': '03/11/2026 09:00',
    Klasifikasi: i % 3 === 0 ? 'Aspirasi' : 'Pengaduan',
    Kategori: 'Sarana Olahraga',
    'Judul Laporan': `Laporan nomor ${i}`,
    'Isi Laporan': `Isi laporan nomor ${i}: lampu stadion mati.`,
    Lokasi: 'Stadion',
    Sumber: 'Website',
    Anonim: 'Tidak',
    Rahasia: 'Tidak',
    'Nama Pelapor': `Pelapor ${i}`,
    'Kontak Pelapor': `0812${String(i).padStart(8, '0')}`,
    ...overrides,
  };
}

function csvField(v: string | Date) {
  const s = v instanceof Date ? v.toISOString() : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(rows: Row[], header = HEADER): Buffer {
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => csvField(r[h] ?? '')).join(','))];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

export async function xlsx(rows: Row[], header = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Laporan');
  ws.addRow(header);
  for (const r of rows) ws.addRow(header.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
