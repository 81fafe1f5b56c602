// Which spreadsheet column holds which field of a received report, and how its values read. The
// default is the layout of a LAPOR! admin export ("Ekspor Laporan"); another layout is a JSON file
// with the same shape (`--mapping FILE.json`), merged over the default. Header names match without
// regard to case, spaces or punctuation.
import type { ComplaintChannel, ComplaintKind } from '../generated/prisma/enums.js';

export const IMPORT_FIELDS = [
  'trackingId',
  'submittedAt',
  'dispatchedAt',
  'kind',
  'category',
  'title',
  'content',
  'location',
  'channel',
  'anonymous',
  'confidential',
  'reporterName',
  'reporterContact',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** A file without these columns is refused as a whole (wrong header). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['trackingId', 'submittedAt', 'kind', 'title', 'content'];

export interface ColumnMapping {
  /** Accepted header names per field; the first one present wins. */
  columns: Record<ImportField, string[]>;
  /** Kind (klasifikasi) values, normalised, to the complaint kind. */
  kinds: Record<string, ComplaintKind>;
  /** Source (sumber) values to the channel; anything else is OTHER. */
  channels: Record<string, ComplaintChannel>;
}

export const LAPOR_EXPORT_MAPPING: ColumnMapping = {
  columns: {
    trackingId: ['ID Laporan', 'No. Tracking', 'Nomor Tracking', 'Tracking ID'],
    submittedAt: ['Tanggal Laporan', 'Tanggal Lapor', 'Tanggal Dibuat'],
    dispatchedAt: ['Tanggal Disposisi', 'Tanggal Diteruskan'],
    kind: ['Klasifikasi', 'Jenis Laporan'],
    category: ['Kategori'],
    title: ['Judul Laporan', 'Judul'],
    content: ['Isi Laporan', 'Isi'],
    location: ['Lokasi', 'Lokasi Kejadian'],
    channel: ['Sumber', 'Kanal'],
    anonymous: ['Anonim'],
    confidential: ['Rahasia'],
    reporterName: ['Nama Pelapor'],
    reporterContact: ['Kontak Pelapor', 'Telepon Pelapor', 'Email Pelapor'],
  },
  kinds: {
    pengaduan: 'LAPORAN',
    laporan: 'LAPORAN',
    aspirasi: 'SARAN',
    saran: 'SARAN',
    'permintaan informasi': 'INFORMASI',
    informasi: 'INFORMASI',
  },
  channels: {
    website: 'WEB',
    web: 'WEB',
    sms: 'SMS_1708',
    'sms 1708': 'SMS_1708',
    '1708': 'SMS_1708',
    'aplikasi mobile': 'MOBILE_APP',
    android: 'MOBILE_APP',
    ios: 'MOBILE_APP',
    twitter: 'SOCIAL_MEDIA',
    facebook: 'SOCIAL_MEDIA',
    instagram: 'SOCIAL_MEDIA',
    'media sosial': 'SOCIAL_MEDIA',
  },
};

/** Header and value comparison: lower case, inner spaces collapsed, surrounding punctuation dropped. */
export function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .trim();
}

const KIND_VALUES = new Set<string>(['LAPORAN', 'SARAN', 'INFORMASI']);
const CHANNEL_VALUES = new Set<string>(['WEB', 'SMS_1708', 'MOBILE_APP', 'SOCIAL_MEDIA', 'OTHER']);

/**
 * A custom layout: `{ "columns": { "trackingId": ["No Tiket"] }, "kinds": { "keluhan": "LAPORAN" } }`.
 * Returns the merged mapping or the list of problems in it.
 */
export function mergeMapping(custom: unknown): { mapping: ColumnMapping } | { problems: string[] } {
  const problems: string[] = [];
  const base = LAPOR_EXPORT_MAPPING;
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) return { problems: ['the mapping must be a JSON object'] };
  const c = custom as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!['columns', 'kinds', 'channels'].includes(key)) problems.push(`unknown key "${key}"`);
  const columns = { ...base.columns };
  for (const [field, names] of Object.entries((c.columns ?? {}) as Record<string, unknown>)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field))
      problems.push(`columns: unknown field "${field}" (known: ${IMPORT_FIELDS.join(', ')})`);
    else if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n.trim())) {
      problems.push(`columns.${field}: expected a list of header names`);
    } else columns[field as ImportField] = names as string[];
  }
  const values = <T extends string>(key: 'kinds' | 'channels', allowed: Set<string>, into: Record<string, T>) => {
    for (const [value, to] of Object.entries((c[key] ?? {}) as Record<string, unknown>)) {
      if (typeof to !== 'string' || !allowed.has(to)) problems.push(`${key}.${value}: expected one of ${[...allowed].join(', ')}`);
      else into[normalise(value)] = to as T;
    }
    return into;
  };
  const kinds = values<ComplaintKind>('kinds', KIND_VALUES, { ...base.kinds });
  const channels = values<ComplaintChannel>('channels', CHANNEL_VALUES, { ...base.channels });
  return problems.length ? { problems } : { mapping: { columns, kinds, channels } };
}
