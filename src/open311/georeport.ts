// Complaints as Open311 GeoReport v2 service requests (https://wiki.open311.org/GeoReport_v2), under
// the status-view rule (src/complaints/status-view.ts): status, kind, dates and the agency only.
// `description` and every field that could carry personal data (address, lat/long, media) are
// always null; the reporter, title and content are never even read.
import type { ComplaintKind, ComplaintStatus } from '../generated/prisma/enums.js';
import { isoWithOffset } from '../import/zoned-time.js';

export const GEOREPORT_SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (the discovery changeset). */
export const CHANGESET = '2026-11-30T00:00:00Z';

/** Service codes: the complaint kinds. */
export const SERVICE_NAMES: Record<ComplaintKind, { name: string; description: string }> = {
  LAPORAN: { name: 'Pengaduan', description: 'Laporan/pengaduan masyarakat melalui SP4N-LAPOR!' },
  SARAN: { name: 'Aspirasi', description: 'Aspirasi atau saran masyarakat melalui SP4N-LAPOR!' },
  INFORMASI: { name: 'Permintaan Informasi', description: 'Permintaan informasi melalui SP4N-LAPOR!' },
};

/** Workflow status, public wording (status_notes): a fixed phrase, never text someone typed. */
const STATUS_NOTES: Record<ComplaintStatus, string> = {
  RECEIVED: 'Diterima',
  REGISTERED: 'Diregistrasi',
  DISPOSED: 'Didisposisikan',
  IN_FOLLOW_UP: 'Dalam tindak lanjut',
  FOLLOW_UP_COMPLETED: 'Tindak lanjut selesai',
  REPORT_COMPILED: 'Laporan tindak lanjut disusun',
  RESPONSE_DELIVERED: 'Tanggapan disampaikan',
  CLOSED: 'Selesai',
  RETURNED: 'Dikembalikan ke koordinator',
  ARCHIVED: 'Diarsipkan',
};

/** closed: finished (closed, or archived as not to be followed up); every other state is still open. */
export const CLOSED_STATUSES: readonly ComplaintStatus[] = ['CLOSED', 'ARCHIVED'];

export function open311Status(status: ComplaintStatus): 'open' | 'closed' {
  return CLOSED_STATUSES.includes(status) ? 'closed' : 'open';
}

/** The columns read: nothing else of a complaint reaches this module. */
export const REQUEST_SELECT = {
  trackingId: true,
  kind: true,
  status: true,
  submittedAt: true,
  updatedAt: true,
  closedAt: true,
  followUpDueAt: true,
  autoCloseAt: true,
  agency: { select: { name: true, timeZone: true } },
} as const;

export interface RequestRow {
  trackingId: string;
  kind: ComplaintKind;
  status: ComplaintStatus;
  submittedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  followUpDueAt: Date | null;
  autoCloseAt: Date | null;
  agency: { name: string; timeZone: string };
}

export interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: null;
  agency_responsible: string;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: null;
  address_id: null;
  zipcode: null;
  lat: null;
  long: null;
  media_url: null;
}

export function toServiceRequest(c: RequestRow): ServiceRequest {
  const tz = c.agency.timeZone;
  const status = open311Status(c.status);
  // Expected: the follow-up deadline while the first response is due, then the automatic closing date.
  const expected = status === 'closed' ? null : (c.followUpDueAt ?? c.autoCloseAt);
  return {
    service_request_id: c.trackingId,
    status,
    status_notes: STATUS_NOTES[c.status],
    service_name: SERVICE_NAMES[c.kind].name,
    service_code: c.kind,
    description: null,
    agency_responsible: c.agency.name,
    service_notice: null,
    requested_datetime: isoWithOffset(c.submittedAt, tz),
    // For a closed request the spec wants the closing date here.
    updated_datetime: isoWithOffset(status === 'closed' && c.closedAt ? c.closedAt : c.updatedAt, tz),
    expected_datetime: expected ? isoWithOffset(expected, tz) : null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string | null;
  group: string;
}

/**
 * The kinds, each with the categories in use as its keywords. (When the category catalogue lands,
 * its categories become services of their own; see the README.)
 */
export function services(categoriesByKind: Map<ComplaintKind, string[]>): Service[] {
  return (Object.keys(SERVICE_NAMES) as ComplaintKind[]).map((kind) => ({
    service_code: kind,
    service_name: SERVICE_NAMES[kind].name,
    description: SERVICE_NAMES[kind].description,
    metadata: false,
    type: 'realtime',
    keywords: categoriesByKind.get(kind)?.join(',') || null,
    group: 'SP4N-LAPOR!',
  }));
}
