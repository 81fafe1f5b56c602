// Input limits and checks shared by the steps. Pure.
import type { InputChecker } from '../errors.js';

/** Free-text limits (characters). A report posted on LAPOR! may be long; a reason should not be. */
export const TEXT_LIMITS = {
  reason: 2_000,
  note: 2_000,
  comment: 2_000,
  /** Plan, facts, action taken, solution: one division's part. */
  followUp: 5_000,
  /** The follow-up report and the text posted on LAPOR!. */
  report: 20_000,
  laporReference: 200,
} as const;

/** What a report received from LAPOR! may hold. */
export const RECEIVE_LIMITS = {
  trackingId: 64,
  title: 300,
  content: 20_000,
  category: 200,
  location: 500,
  name: 200,
  contact: 200,
  url: 2_000,
};

/** An attachment's metadata (the file stays on LAPOR! or the agency's storage). */
export interface Attachment {
  name: string;
  mediaType: string;
  size: number;
  url: string;
}

export function checkAttachments(check: InputChecker, field: string, list: readonly Attachment[]) {
  check.check(list.length <= 50, field, 'at most 50 attachments');
  list.forEach((a, i) => {
    check.text(`${field}[${i}].name`, a.name, { max: 255 });
    check.check(/^[\w.+-]+\/[\w.+-]+$/.test(a.mediaType), `${field}[${i}].mediaType`, 'must be a media type like image/jpeg');
    check.check(Number.isInteger(a.size) && a.size >= 0, `${field}[${i}].size`, 'must be a byte count >= 0');
    check.check(a.url.length <= RECEIVE_LIMITS.url && /^https?:\/\//.test(a.url), `${field}[${i}].url`, 'must be an http(s) URL');
  });
}
