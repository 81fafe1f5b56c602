// `npx tsx scripts/organisation-sample.ts OUT.csv|OUT.xlsx [agencies] [usersPerAgency]`: a generated
// regency for trying and measuring import-organisation (default 40 agencies × 50 staff = 2,000), in
// the template's columns. Generated, never committed.
import ExcelJS from 'exceljs';
import { COLUMNS } from '../src/admin/import-organisation.js';

export function sampleRows(agencies = 40, perAgency = 50): string[][] {
  const rows: string[][] = [];
  const roles = ['ADMIN', 'PENGHUBUNG', 'KEPALA', 'AUDITOR'];
  let serial = 0;
  for (let a = 1; a <= agencies; a++) {
    const code = `OPD${String(a).padStart(2, '0')}`;
    const divisions = ['SEKRETARIAT', 'BIDANG1', 'BIDANG2', 'BIDANG3', 'BIDANG4'];
    for (let u = 0; u < perAgency; u++) {
      serial++;
      const division = divisions[u % divisions.length]!;
      const role = u < roles.length ? roles[u]! : 'BIDANG';
      const nip =
        `19${String(70 + (serial % 25)).padStart(2, '0')}0101` +
        `2015${String((serial % 12) + 1).padStart(2, '0')}` +
        `${(serial % 2) + 1}` +
        String(serial % 1000 || 1).padStart(3, '0');
      rows.push([
        code,
        u === 0 ? `Dinas Contoh ${a}` : '',
        u === 0 ? 'Kabupaten Contoh' : '',
        role === 'BIDANG' || role === 'PENGHUBUNG' ? division : '',
        role === 'BIDANG' || role === 'PENGHUBUNG' ? (division === 'SEKRETARIAT' ? 'Sekretariat' : `Bidang ${division.slice(-1)}`) : '',
        '',
        `Pegawai ${code} ${u + 1}`,
        `pegawai${u + 1}@${code.toLowerCase()}.contoh.go.id`,
        serial <= 999 * 2 ? nip : '',
        role,
      ]);
    }
  }
  return rows;
}

export async function writeSample(file: string, agencies?: number, perAgency?: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Organisasi');
  sheet.addRow(Object.keys(COLUMNS));
  // NIP as text: Excel keeps 15 significant digits of a number.
  sheet.getColumn(9).numFmt = '@';
  for (const r of sampleRows(agencies, perAgency)) sheet.addRow(r);
  if (file.endsWith('.csv')) await wb.csv.writeFile(file);
  else await wb.xlsx.writeFile(file);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, agencies, perAgency] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx scripts/organisation-sample.ts OUT.csv|OUT.xlsx [agencies=40] [usersPerAgency=50]');
    process.exit(2);
  }
  await writeSample(file, agencies ? Number(agencies) : undefined, perAgency ? Number(perAgency) : undefined);
  console.log(`wrote ${file}`);
}
