// The plain data each document is built from. The loaders (load.ts) fill these from the database
// with the caller's visibility already applied; the builders (pdf/, xlsx/, csv.ts) only lay them out.
import type { Letterhead, Signatory } from './pdf/layout.js';

export interface DocumentMeta {
  head: Letterhead;
  /** Agency code, or null regency-wide. */
  agencyCode: string | null;
  timeZone: string;
  generatedAt: Date;
  /** Who asked for it, printed in the footer: "Dicetak oleh Kepala Dinas (HEAD)". */
  generatedBy: string;
}

export interface RegisterLine {
  seq: number;
  number: string;
  registeredAt: Date;
  /** The agency's local date of registration, 'YYYY-MM-DD' (the day the line counts for). */
  day: string;
  trackingId: string;
  /** Null once the report was returned and now belongs to another agency. */
  complaint: {
    kind: string;
    title: string;
    category: string | null;
    channel: string;
    receivedAt: Date;
    reporter: string;
    divisions: string[];
    status: string;
  } | null;
}

export interface RegisterBookData extends DocumentMeta {
  from: string;
  to: string;
  lines: RegisterLine[];
  signatory: Signatory;
}

export interface Box {
  label: string;
  ticked: boolean;
}

export interface DispositionSheetData extends DocumentMeta {
  complaint: {
    trackingId: string;
    registerNumber: string | null;
    registeredAt: Date | null;
    receivedAt: Date;
    submittedAt: Date;
    kind: string;
    title: string;
    content: string;
    category: string | null;
    location: string | null;
    channel: string;
    reporter: string;
  };
  disposition: {
    round: number;
    at: Date;
    priority: string;
    instructions: string[];
    note: string;
    divisions: string[];
  };
  /** The boxes printed on the form, ticked where the head ticked them. */
  divisionBoxes: Box[];
  instructionBoxes: Box[];
  priorityBoxes: Box[];
  followUpDueAt: Date | null;
  signatory: Signatory;
}

export interface FollowUpReportData extends DocumentMeta {
  complaint: {
    trackingId: string;
    registerNumber: string | null;
    receivedAt: Date;
    kind: string;
    title: string;
    content: string;
    category: string | null;
    location: string | null;
    reporter: string;
  };
  round: number;
  disposition: { at: Date; note: string; divisions: string[] } | null;
  divisions: {
    name: string;
    plan: string | null;
    facts: string;
    actionTaken: string;
    solution: string;
    recordedAt: Date;
    evidence: string[];
  }[];
  report: { text: string; compiledAt: Date };
  response: { postedAt: Date; text: string; laporReference: string | null } | null;
  feedback: { satisfied: boolean; comment: string | null; at: Date } | null;
  signatory: Signatory;
}

export interface CountRow {
  label: string;
  count: number;
}

export interface TimeStandardLine {
  step: number;
  activity: string;
  /** Division (steps 4 and 5 per division), or null for the agency as a whole. */
  division: string | null;
  minMinutes: number;
  maxMinutes: number;
  count: number;
  withinStandard: number;
  overStandard: number;
  medianMinutes: number | null;
}

export interface RecapData extends DocumentMeta {
  /** 'YYYY-MM' */
  month: string;
  from: Date;
  to: Date;
  /** The SOP's flow in the month, in the order a reader follows it. */
  flow: {
    received: number;
    registered: number;
    disposed: number;
    responseDelivered: number;
    closedSatisfied: number;
    notSatisfied: number;
    closedAutomatically: number;
    overdue: number;
    escalatedToOmbudsman: number;
    returned: number;
    archived: number;
  };
  /** Complaints received in the month, by their status now (= complaintCounts for the period). */
  byStatus: { status: string; count: number }[];
  /** Complaints received in the month disposed to each division (= complaintCounts.byDivision). */
  byDivision: { code: string; name: string; count: number }[];
  byKind: CountRow[];
  byChannel: CountRow[];
  byCategory: CountRow[];
  byPriority: CountRow[];
  /** = timeStandardReport.steps for the month (summed over agencies regency-wide). */
  timeStandards: TimeStandardLine[];
  /** = timeStandardReport.byDivision */
  timeStandardsByDivision: TimeStandardLine[];
  /** The 12 months up to and including this one: received and closed. */
  trend: { month: string; received: number; closed: number }[];
  signatory: Signatory;
}

/** One CSV row: what the reader may see of one complaint, already formatted. */
export type CsvRow = Record<string, string | number>;
