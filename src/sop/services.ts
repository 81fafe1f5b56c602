// What the SOP core needs from the running service, declared here so the core imports nothing from
// the layers above it: AppServices (src/services.ts) provides all of it. Deadline recomputation is
// implemented in src/deadlines/ and delivery in src/outbox/; the core reaches them only
// through these interfaces.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Complaint, Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { OutboxSignal } from './events.js';

export type Tx = Prisma.TransactionClient;

/** Keeps a complaint's stored deadline columns in line with its state, inside the changing transaction. */
export interface DeadlineKeeper {
  /** The deadline columns to write along with a change not stored yet (`next` = the row as it will be). */
  changesFor(tx: Tx, next: Complaint, now: Date): Promise<Prisma.ComplaintUpdateInput>;
  /** Writes whatever deadline columns are still out of line; returns the row as stored. */
  maintain(tx: Tx, complaint: Complaint, now: Date): Promise<Complaint>;
  /** changesFor over many rows, reading each agency's calendar and clock lengths once (a batch of transitions). */
  changesForMany(tx: Tx, next: readonly Complaint[], now: Date): Promise<Prisma.ComplaintUpdateInput[]>;
  /** maintain over many rows (same order), with one read per agency. */
  maintainMany(tx: Tx, complaints: readonly Complaint[], now: Date): Promise<Complaint[]>;
  /** Working days a paused complaint has been paused by `resumedAt` (the agency's calendar); 0 if not paused. */
  pausedWorkingDays(tx: Tx, complaint: Complaint, resumedAt: Date): Promise<number>;
}

export interface SopServices {
  db: { prisma: PrismaClient };
  clock: Clock;
  config: Config;
  /** The outbox dispatcher, woken after a commit that wrote events. */
  outbox: OutboxSignal;
  deadlines: DeadlineKeeper;
}
