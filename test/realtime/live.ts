// Helpers for subscription tests: the official clients (graphql-ws over `ws`, graphql-sse over fetch)
// and small waits that poll a condition instead of sleeping.
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import WebSocket from 'ws';
import type { Auth } from '../support/app.js';

export const STATUS_SUB = `subscription($filter: LiveComplaintFilter!) {
  complaintStatusChanged(filter: $filter) {
    complaintId trackingId agencyId agencyName previousStatus status action round version at actorRole
  }
}`;

export const DEADLINE_SUB = `subscription($filter: LiveComplaintFilter!) {
  complaintDeadlineEvent(filter: $filter) { complaintId trackingId deadline kind dueAt round version at }
}`;

export interface Subscription<T = any> {
  /** Events received so far (data of each `next`). */
  events: T[];
  /** Errors of a failed subscription (subscribe-time errors arrive here before any event). */
  errors: any[] | null;
  /** The next event, or rejects after `ms` (a bound on loopback delivery, not a speed measurement). */
  next(ms?: number): Promise<T>;
  /** Resolves when the server ended the subscription (complete or error). */
  ended: Promise<void>;
  close(): void;
}

function collector<T>(field: string) {
  const events: T[] = [];
  let errors: any[] | null = null;
  let waiters: ((v: T) => void)[] = [];
  let taken = 0;
  let endResolve!: () => void;
  const ended = new Promise<void>((r) => (endResolve = r));
  return {
    events,
    ended,
    get errors() {
      return errors;
    },
    onResult(result: { data?: any; errors?: readonly any[] }) {
      if (result.errors?.length) {
        errors = [...result.errors];
        return;
      }
      const e = result.data?.[field] as T;
      events.push(e);
      const w = waiters.shift();
      if (w) {
        taken++;
        w(e);
      }
    },
    onError(err: unknown) {
      errors = Array.isArray(err) ? err : [err];
      endResolve();
    },
    onComplete: () => endResolve(),
    next(ms = 1_000): Promise<T> {
      if (taken < events.length) return Promise.resolve(events[taken++]!);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          reject(new Error(`no ${field} event within ${ms} ms (errors: ${JSON.stringify(errors)})`));
        }, ms);
        const done = (v: T) => {
          clearTimeout(timer);
          resolve(v);
        };
        waiters.push(done);
      });
    },
  };
}

export function wsClient(httpUrl: string, auth?: Auth, extra: Partial<Parameters<typeof createWsClient>[0]> = {}): WsClient {
  const connectionParams: Record<string, string> = {};
  if (auth && 'token' in auth) connectionParams.authorization = `Bearer ${auth.token}`;
  if (auth && 'apiKey' in auth) connectionParams.apiKey = auth.apiKey;
  return createWsClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    ...extra,
  });
}

export function subscribeWs<T = any>(client: WsClient, query: string, variables: Record<string, unknown>): Subscription<T> {
  const field = /\{\s*(\w+)\(/.exec(query)![1]!;
  const c = collector<T>(field);
  const unsubscribe = client.subscribe(
    { query, variables },
    { next: (r) => c.onResult(r as never), error: (e) => c.onError(e), complete: () => c.onComplete() },
  );
  return Object.assign(c, { close: unsubscribe }) as Subscription<T>;
}

/** Yoga's SSE (distinct connection per operation), with the official graphql-sse client. */
export function subscribeSse<T = any>(httpUrl: string, query: string, variables: Record<string, unknown>, auth?: Auth): Subscription<T> {
  const headers: Record<string, string> = {};
  if (auth && 'token' in auth) headers.authorization = `Bearer ${auth.token}`;
  if (auth && 'apiKey' in auth) headers['x-api-key'] = auth.apiKey;
  const client = createSseClient({ url: httpUrl, headers, singleConnection: false, retryAttempts: 0 });
  const field = /\{\s*(\w+)\(/.exec(query)![1]!;
  const c = collector<T>(field);
  const unsubscribe = client.subscribe(
    { query, variables },
    { next: (r) => c.onResult(r as never), error: (e) => c.onError(e), complete: () => c.onComplete() },
  );
  return Object.assign(c, {
    close: () => {
      unsubscribe();
      client.dispose();
    },
  }) as Subscription<T>;
}

/** Polls until `check` is true (or throws after `ms`, naming what it waited for). */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Disposes a complaint to divisions by writing the rows directly (disposeComplaint is another
 * module's mutation); enough for division visibility, which reads DispositionDivision.
 */
export async function disposeDirectly(
  prisma: import('../../src/db/database.js').PrismaClient,
  complaintGlobalId: string,
  divisionCodes: string[],
) {
  const complaintId = Buffer.from(complaintGlobalId, 'base64').toString().split(':')[1]!;
  const head = await prisma.user.findFirstOrThrow({ where: { role: 'HEAD' } });
  const divisions = await prisma.division.findMany({ where: { code: { in: divisionCodes } } });
  await prisma.disposition.create({
    data: {
      complaintId,
      round: 1,
      instructions: [],
      note: 'test',
      disposedById: head.id,
      divisions: { create: divisions.map((d) => ({ divisionId: d.id, complaintId })) },
    },
  });
  return complaintId;
}
