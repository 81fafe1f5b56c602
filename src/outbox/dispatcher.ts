// The outbox dispatcher: one loop per instance, woken right after a commit that wrote events and
// otherwise every OUTBOX_POLL_MS. Each pass: publish new events to live subscriptions (live.ts),
// create webhook deliveries and e-mails (fan-out.ts), send what is due (webhooks/deliver.ts,
// notifications/mailer.ts), and now and then prune what is older than OUTBOX_RETENTION_DAYS. Every
// stage claims its rows with FOR UPDATE SKIP LOCKED, so instances share the work and each row is
// handled once per consumer.
import type { Logger } from 'pino';
import { createMailer } from '../notifications/mailer.js';
import type { AppServices } from '../services.js';
import type { OutboxSignal } from '../sop/events.js';
import { deliverWebhookBatch } from '../webhooks/deliver.js';
import { fanOutBatch } from './fan-out.js';
import { publishLiveBatch } from './live.js';

const PRUNE_EVERY_MS = 10 * 60_000;
const LIVE_WAIT_MS = 1_000;
const DAY_MS = 86_400_000;

export interface OutboxDispatcher extends OutboxSignal {
  start(): void;
  /** One full pass (tests and the benchmark drive it directly too); resolves when done. */
  runOnce(): Promise<void>;
  prune(now?: Date): Promise<{ events: number; deliveries: number; emails: number }>;
  stop(): Promise<void>;
}

export interface OutboxHooks {
  /**
   * Complaint changes committed: called synchronously by the writer right after its commit (before it
   * answers), and again after events are published (a writer may have died between its commit and
   * its call). The status cache (src/status/cache.ts) is invalidated here.
   */
  onCommitted?: () => void;
  log?: Logger;
}

export function createOutboxDispatcher(services: AppServices, hooks: OutboxHooks = {}): OutboxDispatcher {
  const { config } = services;
  const log = hooks.log ?? services.log.child({ component: 'outbox' });
  const onCommitted = hooks.onCommitted ?? (() => undefined);
  const mailer = createMailer(services);
  let running: Promise<void> | null = null;
  let again = false;
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = 0;

  async function drain(stage: () => Promise<number>, size = 1): Promise<void> {
    // Keep going while batches come back non-empty, so a backlog empties in one pass.
    for (let i = 0; i < 1000 && !stopped; i++) if ((await stage()) < size) break;
  }

  /** One cheap query first: an idle instance polls with nothing else (PGlite serialises every query). */
  async function pending() {
    const now = services.clock.now();
    const [row] = await services.db.prisma.$queryRaw<{ live: boolean; fan: boolean; hooks: boolean; mails: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM "OutboxEvent" WHERE "publishedAt" IS NULL) AS live,
             EXISTS (SELECT 1 FROM "OutboxEvent" WHERE "fannedOutAt" IS NULL) AS fan,
             EXISTS (SELECT 1 FROM "WebhookDelivery" WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}) AS hooks,
             EXISTS (SELECT 1 FROM "EmailNotification" WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}) AS mails`;
    return row!;
  }

  async function pass(): Promise<void> {
    const work = await pending();
    if (work.live) await publishLiveSoon();
    if (work.fan || work.live) await drain(() => fanOutBatch(services));
    if (work.hooks || work.fan || work.live) await drain(() => deliverWebhookBatch(services));
    if (mailer && (work.mails || work.fan || work.live)) await drain(() => mailer.sendBatch());
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      const pruned = await prune();
      if (pruned.events + pruned.deliveries + pruned.emails > 0) log.info(pruned, 'outbox pruned');
    }
  }

  /** Live publication only, coalesced: every caller waiting at the same time shares one run after the current one. */
  let livePass: Promise<void> | null = null;
  let queuedLivePass: Promise<void> | null = null;
  async function publishLive(): Promise<void> {
    let published = 0;
    await drain(async () => {
      const n = await publishLiveBatch(services);
      published += n;
      return n;
    });
    if (published > 0) onCommitted();
  }
  function publishLiveSoon(): Promise<void> {
    if (queuedLivePass) return queuedLivePass;
    const start = () => {
      livePass = publishLive().finally(() => {
        livePass = null;
      });
      return livePass;
    };
    if (!livePass) return start();
    queuedLivePass = livePass
      .catch(() => undefined)
      .then(() => {
        queuedLivePass = null;
        return start();
      });
    return queuedLivePass;
  }

  function kick(): void {
    if (!started || stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (err) {
          if (!stopped) log.error({ err }, 'outbox dispatch failed; retrying at the next poll');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  }

  async function prune(now = services.clock.now()) {
    const { prisma } = services.db;
    const before = new Date(now.getTime() - config.outboxRetentionDays * DAY_MS);
    const events = await prisma.outboxEvent.deleteMany({
      where: { createdAt: { lt: before }, publishedAt: { not: null }, fannedOutAt: { not: null } },
    });
    const deliveries = await prisma.webhookDelivery.deleteMany({ where: { createdAt: { lt: before }, status: { not: 'PENDING' } } });
    const emails = await prisma.emailNotification.deleteMany({ where: { createdAt: { lt: before }, status: { not: 'PENDING' } } });
    return { events: events.count, deliveries: deliveries.count, emails: emails.count };
  }

  return {
    async committed() {
      onCommitted();
      if (!started || stopped) return;
      // Live subscribers get the events before the writer answers (as when it published them itself),
      // so a client that subscribes after the answer does not receive the change it made. Bounded: a
      // slow database delays the answer at most LIVE_WAIT_MS; the regular pass publishes the rest.
      const live = publishLiveSoon();
      kick();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        live.catch((err) => log.error({ err }, 'outbox live publish failed; retrying at the next poll')),
        new Promise((r) => (timer = setTimeout(r, LIVE_WAIT_MS))),
      ]);
      clearTimeout(timer);
    },
    start() {
      const begin = () => {
        if (stopped) return;
        started = true;
        kick();
        timer = setInterval(kick, config.outboxPollMs);
        timer.unref();
      };
      if (config.outboxDispatchDelayMs > 0) {
        log.warn({ ms: config.outboxDispatchDelayMs }, 'outbox dispatch delayed (OUTBOX_DISPATCH_DELAY_MS)');
        setTimeout(begin, config.outboxDispatchDelayMs).unref();
      } else begin();
    },
    async runOnce() {
      started = true;
      kick();
      while (running) await running;
    },
    prune,
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
      while (livePass || queuedLivePass) await (queuedLivePass ?? livePass)!.catch(() => undefined);
      mailer?.close();
    },
  };
}
