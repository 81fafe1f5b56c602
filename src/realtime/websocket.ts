// WebSocket transport on /graphql (graphql-ws protocol), on the same node:http server as Yoga's HTTP
// and SSE. Operations run through yoga.getEnveloped, so they get the same schema, parse/validate
// caches, error masking and context as HTTP requests. Credentials come once, in connection params.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DocumentNode, ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { resolveViewer } from '../auth/resolve-viewer.js';
import type { Context } from '../graphql/context.js';
import type { Viewer } from '../auth/viewer.js';
import { type Locale, localeFromAcceptLanguage } from '../i18n/locale.js';
import type { AppServices } from '../services.js';
import type { CredentialsRevoked } from './events.js';

/** Subscription texts kept for sharing (oldest dropped first), and the longest kept. */
const MAX_SHARED_TEXTS = 500;
const MAX_SHARED_TEXT_CHARS = 8_192;

/** What a WebSocket connection hands to the Yoga context factory instead of an HTTP request. */
export interface LiveConnection {
  viewer: Viewer;
  connectionId: string;
  clientAddress: string;
  /** The upgrade request's Accept-Language, for messages on this connection. */
  locale: Locale;
}

export interface WebSocketTransport {
  /** Open WebSocket connections. */
  clientCount(): number;
  /**
   * Closes the connections opened with revoked credentials (4401): the connection's viewer was
   * resolved once, at connection_init, so it must not outlive the credentials. Returns how many.
   */
  revoke(notice: CredentialsRevoked): number;
  /** Says goodbye to every client (1001), then stops accepting; bounded. */
  close(): Promise<void>;
}

type ConnectionExtra = { live?: LiveConnection };

export function attachWebSocket(
  server: Server,
  yoga: YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context>,
  services: AppServices,
  opts: { keepAliveMs?: number; clientAddress: (req: IncomingMessage) => string },
): WebSocketTransport {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  // Subscribers following the same document share one parsed copy: the security plugin's parse cache
  // hands back one AST per (text, caller tier), each validated under that tier's limits
  // (src/security/plugin.ts). What each subscription keeps besides is its text: shared here too.
  const texts = new Map<string, string>();
  const viewers = new Map<{ close(code: number, reason: string): void }, Viewer>();
  useServer<Record<string, unknown>, ConnectionExtra>(
    {
      // The wait covers our onConnect too (until the ack): generous, so a reconnect storm after a
      // restart, queueing on credential checks, is not cut off.
      connectionInitWaitTimeout: 15_000,
      // connection_init: resolve the viewer once for the connection; no credentials: anonymous.
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const str = (v: unknown) => (typeof v === 'string' ? v : null);
        const authorization = str(params.authorization) ?? str(params.Authorization);
        const apiKey = str(params.apiKey) ?? str(params['x-api-key']);
        const viewer = await resolveViewer(services, { authorization, apiKey });
        // Credentials sent are credentials checked: a revoked or made-up one is not "anonymous".
        if (!viewer && (authorization?.trim() || apiKey?.trim())) {
          ctx.extra.socket.close(4401, 'Unauthorized');
          return false;
        }
        ctx.extra.live = {
          viewer,
          connectionId: randomUUID(),
          clientAddress: opts.clientAddress(ctx.extra.request),
          locale: localeFromAcceptLanguage(ctx.extra.request.headers['accept-language']),
        };
        if (viewer) viewers.set(ctx.extra.socket, viewer);
        // Everything the connection needs from its upgrade request and its parameters is above: let
        // them go (about 1.5 KB each connection would otherwise hold for its whole life, credentials included).
        (ctx as { connectionParams?: unknown }).connectionParams = undefined;
        (ctx.extra as { request?: IncomingMessage }).request = undefined;
        return true;
      },
      onClose: (ctx) => {
        viewers.delete(ctx.extra.socket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        // The initial context is what a subscription holds for its whole life: only what the plugins
        // and the context factory read (the operation's params, the connection's viewer and address).
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          params: payload,
          live: ctx.extra.live,
        } as never);
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err as never];
        }
        // The context keeps the payload: let it keep the shared copy of the text.
        const shared = texts.get(payload.query);
        if (shared) (payload as { query: string }).query = shared;
        else if (payload.query.length <= MAX_SHARED_TEXT_CHARS) {
          if (texts.size >= MAX_SHARED_TEXTS) texts.delete(texts.keys().next().value!);
          texts.set(payload.query, payload.query);
        }
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => never }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => never }).subscribe(args),
    },
    wss,
    opts.keepAliveMs ?? 12_000,
  );

  return {
    clientCount: () => wss.clients.size,
    revoke(notice) {
      let n = 0;
      for (const [socket, v] of [...viewers]) {
        const hit =
          (notice.userId && v?.kind === 'user' && v.id === notice.userId) ||
          (notice.apiKeyId && v?.kind === 'service' && v.apiKeyId === notice.apiKeyId);
        if (!hit) continue;
        viewers.delete(socket);
        socket.close(4401, 'Unauthorized: credentials revoked');
        n++;
      }
      return n;
    },
    async close() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      // A client that does not answer the close handshake is cut off after a short grace period.
      const deadline = Date.now() + 2_000;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
