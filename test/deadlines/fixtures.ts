// Deadline test helpers: complaints put into a given state directly with Prisma (the lifecycle
// mutations live on another branch), and the demo agency.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../src/generated/prisma/client.js';
import type { PrismaClient } from '../../src/db/database.js';
import { maintainDeadlines } from '../../src/deadlines/recompute.js';
import type { AppServices } from '../../src/services.js';

export async function demoAgencyId(prisma: PrismaClient) {
  return (await prisma.agency.findUniqueOrThrow({ where: { code: 'DISPORBUDPAR' } })).id;
}

/** A complaint in `status`, received at `receivedAt`, with its deadline columns computed as the hooks would. */
export async function insertComplaint(
  services: AppServices,
  data: {
    agencyId: string;
    receivedAt: Date;
    status?: Prisma.ComplaintCreateInput['status'];
  } & Partial<Prisma.ComplaintUncheckedCreateInput>,
) {
  const { prisma } = services.db;
  return prisma.$transaction(async (tx) => {
    const c = await tx.complaint.create({
      data: {
        trackingId: `DL-${randomUUID()}`,
        kind: 'LAPORAN',
        title: 'Kolam renang umum kotor',
        content: 'Air kolam renang milik daerah keruh dan berbau sejak sebulan.',
        submittedAt: new Date(data.receivedAt.getTime() - 2 * 86_400_000),
        dispatchedAt: new Date(data.receivedAt.getTime() - 3_600_000),
        status: 'RECEIVED',
        ...data,
      },
    });
    return maintainDeadlines(services, tx, c, data.receivedAt);
  });
}

export const DEADLINES = `query($id: ID!) { node(id: $id) { ... on Complaint { status
  deadlines { followUp { dueAt running remainingWorkingDays overdue warned }
    autoClose { dueAt remainingWorkingDays warned }
    ombudsman { dueAt running remainingDays escalated escalatedAt } } } } }`;
