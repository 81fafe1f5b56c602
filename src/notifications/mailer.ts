// Sends due e-mails through SMTP (nodemailer). At-least-once: an e-mail is leased to one instance
// (FOR UPDATE SKIP LOCKED) while sent, and keeps one Message-ID across retries, so a server or
// client that de-duplicates by Message-ID shows a retried message once.
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { AppServices } from '../services.js';
import { digestSubject, emailBody } from './wording.js';

const LEASE_MS = 120_000;
const BATCH = 50;
const RETRY_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000, 12 * 3600_000];

interface DueEmail {
  id: string;
  userId: string;
  messageId: string;
  toAddress: string;
  subject: string;
  body: string;
  digest: boolean;
  attempts: number;
  createdAt: Date;
}

export interface Mailer {
  sendBatch(): Promise<number>;
  close(): void;
}

export function createMailer(services: AppServices): Mailer | null {
  const { config } = services;
  if (!config.smtpUrl) return null;
  const smtpUrl = config.smtpUrl;
  // nodemailer is loaded with the first e-mail to send, not at start-up.
  let transport: Promise<Transporter> | undefined;
  const connect = () => (transport ??= import('nodemailer').then((m) => m.default.createTransport(smtpUrl)));
  const { prisma } = services.db;

  async function claim(): Promise<DueEmail[]> {
    const now = services.clock.now();
    return prisma.$queryRaw<DueEmail[]>`
      UPDATE "EmailNotification" m SET "leaseUntil" = ${new Date(now.getTime() + LEASE_MS)}
      WHERE m.id IN (
        SELECT id FROM "EmailNotification"
        WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
        ORDER BY "nextAttemptAt", "createdAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m."userId", m."messageId", m."toAddress", m.subject, m.body, m.digest, m.attempts, m."createdAt"`;
  }

  async function send(rows: DueEmail[], message: { messageId: string; to: string; subject: string; text: string }) {
    const ids = rows.map((r) => r.id);
    try {
      await (await connect()).sendMail({ from: config.smtpFrom, ...message, headers: { 'Auto-Submitted': 'auto-generated' } });
      await prisma.emailNotification.updateMany({
        where: { id: { in: ids } },
        data: { status: 'SENT', sentAt: services.clock.now(), leaseUntil: null, attempts: { increment: 1 } },
      });
    } catch (err) {
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      const failed = attempts > RETRY_MS.length;
      await prisma.emailNotification.updateMany({
        where: { id: { in: ids } },
        data: {
          attempts,
          leaseUntil: null,
          lastError: (err as Error).message.slice(0, 500),
          ...(failed ? { status: 'FAILED' } : { nextAttemptAt: new Date(services.clock.now().getTime() + RETRY_MS[attempts - 1]!) }),
        },
      });
      services.log.warn({ err: (err as Error).message, to: message.to, failed }, 'e-mail not sent');
    }
  }

  return {
    async sendBatch() {
      const due = await claim();
      const digests = new Map<string, DueEmail[]>();
      const single: DueEmail[] = [];
      for (const m of due) {
        if (!m.digest) single.push(m);
        else digests.set(m.userId, [...(digests.get(m.userId) ?? []), m]);
      }
      await Promise.all(single.map((m) => send([m], { messageId: m.messageId, to: m.toAddress, subject: m.subject, text: m.body })));
      for (const [userId, rows] of digests) {
        rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        const user = await prisma.user.findUnique({ where: { id: userId }, select: { name: true } });
        const day = services.clock.now().toLocaleDateString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long' });
        // The same set of notices gives the same Message-ID on a retry.
        const hash = createHash('sha256')
          .update(rows.map((r) => r.id).join(','))
          .digest('hex')
          .slice(0, 32);
        const domain = rows[0]!.messageId.replace(/^.*@/, '').replace(/>$/, '');
        await send(rows, {
          messageId: `<digest.${hash}@${domain}>`,
          to: rows[0]!.toAddress,
          subject: digestSubject(rows.length, day),
          text: emailBody(
            user?.name ?? rows[0]!.toAddress,
            rows.map((r) => r.body),
          ),
        });
      }
      return due.length;
    },
    close: () => void transport?.then((t) => t.close()),
  };
}
