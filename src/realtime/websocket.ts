// WebSocket transport on /graphql: the graphql-transport-ws protocol (graphql-ws's message parser,
// vocabulary and close codes), on the same node:http server as Yoga's HTTP and SSE. Operations run
// through yoga.getEnveloped, so they get the same schema, parse/validate caches, limits, error masking
// and context as HTTP requests. Credentials come once, in connection_init.
//
// Why not graphql-ws's own server (useServer): it keeps, for every subscription, an async loop pulling
// results through envelop's per-subscriber result stream (which holds the operation's whole context),
// and a ping timer per socket: about 10 KB a subscriber. Here a live topic's subscription is handed
// over (fan-out.ts): its events go from the topic's listener to the socket as JSON executed and
// serialized once per (document, variables, visibility class), and one timer pings every socket.
// What a subscriber costs is its socket, its Connection and Operation below and its filter.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { GraphQLError, getOperationAST, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import {
  CloseCode,
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  handleProtocols,
  MessageType,
  parseMessage,
  stringifyMessage,
  type SubscribeMessage,
} from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAsyncIterable, type YogaServerInstance } from 'graphql-yoga';
import { resolveViewer } from '../auth/resolve-viewer.js';
import type { Context } from '../graphql/context.js';
import { isHandedOver, type HandedOverSubscription } from '../graphql/handover.js';
import type { Viewer } from '../auth/viewer.js';
import { type Locale, localeFromAcceptLanguage } from '../i18n/locale.js';
import type { AppServices } from '../services.js';
import type { CredentialsRevoked } from './events.js';
import { offerPush, type LivePushTarget } from './fan-out.js';
import { LiveOverflowError, liveOwner, revokedFor } from './live-subscriptions.js';
import { SUBSCRIBED_RESULT } from './subscribed-signal.js';

const SUBSCRIBED_JSON = JSON.stringify(SUBSCRIBED_RESULT);

/** Bytes a socket may have waiting to be sent before its live subscriptions are ended (too slow a reader). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

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

/**
 * Connections that resolved equal viewers share one object: a portal's thousand connections on one
 * API key (or a coordinator's tabs) hold one viewer, not a thousand copies of its names and ids.
 * Weakly held: a viewer no connection uses any more is collected, and its entry with it.
 */
const viewers = new Map<string, WeakRef<NonNullable<Viewer>>>();
const forget = new FinalizationRegistry<string>((key) => {
  if (viewers.get(key)?.deref() === undefined) viewers.delete(key);
});
function sharedViewer(viewer: Viewer): Viewer {
  if (!viewer) return viewer;
  const key = JSON.stringify(viewer);
  const known = viewers.get(key)?.deref();
  if (known) return known;
  viewers.set(key, new WeakRef(viewer));
  forget.register(viewer, key);
  return viewer;
}

/** The server's error masking (src/server/graphql-server.ts), for errors sent without passing through Yoga. */
type MaskError = (error: unknown, message?: string) => Error;

type Yoga = YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context>;

/** One socket: before connection_init its address and language, after it the resolved connection. */
class Connection {
  live: LiveConnection | null = null;
  initReceived = false;
  initTimer: NodeJS.Timeout | null = null;
  /** Its operations by the client's id: most connections have one, kept in a field; the rest in a map. */
  private first: Operation | null = null;
  private others: Map<string, Operation> | null = null;
  constructor(
    readonly socket: WebSocket,
    public clientAddress: string,
    public locale: Locale,
  ) {}

  send(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  operation(id: string): Operation | null {
    return this.first?.id === id ? this.first : (this.others?.get(id) ?? null);
  }

  add(op: Operation): void {
    if (!this.first) this.first = op;
    else {
      this.others ??= new Map();
      this.others.set(op.id, op);
    }
  }

  /** Takes the operation off the connection; false if it was not (or no longer) on it. */
  remove(op: Operation): boolean {
    if (this.first === op) {
      this.first = null;
      return true;
    }
    return this.others?.get(op.id) === op && this.others.delete(op.id);
  }

  isCurrent(op: Operation): boolean {
    return this.operation(op.id) === op;
  }

  /** Every operation, taken off the connection (it closed). */
  takeAll(): Operation[] {
    const all = [...(this.first ? [this.first] : []), ...(this.others?.values() ?? [])];
    this.first = null;
    this.others = null;
    return all;
  }
}

/** One operation of a connection; for a handed-over subscription, where its results go. */
class Operation implements LivePushTarget {
  handedOver: HandedOverSubscription | null = null;
  pulled: AsyncIterator<unknown> | null = null;
  constructor(
    readonly connection: Connection,
    readonly id: string,
    private readonly maskError: MaskError,
    /** The client asked for the "subscribed" signal. */
    private readonly signal: boolean,
  ) {}

  next(json: string): boolean {
    const { socket } = this.connection;
    if (socket.readyState !== socket.OPEN) return true;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return false;
    socket.send(this.nextMessage(json));
    return true;
  }

  /** "You are subscribed", to a client that asked for it (subscribed-signal.ts), before any event. */
  opened(): void {
    if (this.signal) this.connection.send(this.nextMessage(SUBSCRIBED_JSON));
  }

  /** The subscription ended on the server's side (or the client's: then nothing is sent). */
  ended(error: Error | null): void {
    if (!this.connection.remove(this)) return;
    if (error) this.error([error]);
    else this.complete();
  }

  result(result: ExecutionResult): void {
    if (!this.connection.remove(this)) return;
    this.connection.send(this.nextMessage(JSON.stringify(result)));
    this.complete();
  }

  /** Errors before any result (a refused document): the protocol's "error" message, which ends the operation. */
  error(errors: readonly unknown[]): void {
    this.connection.remove(this);
    const payload = errors.map((e) => (e instanceof GraphQLError ? e : this.maskError(e)) as GraphQLError);
    this.connection.send(stringifyMessage({ id: this.id, type: MessageType.Error, payload: payload.map((e) => e.toJSON()) }));
  }

  /** A "next" message around a result already serialised (the shared JSON of a live event). */
  private nextMessage(payloadJson: string): string {
    return `{"id":${JSON.stringify(this.id)},"type":"next","payload":${payloadJson}}`;
  }

  private complete(): void {
    this.connection.send(stringifyMessage({ id: this.id, type: MessageType.Complete }));
  }

  /** The client completed it, or left. */
  stop(): void {
    this.handedOver?.end();
    void this.pulled?.return?.();
  }
}

export function attachWebSocket(
  server: Server,
  yoga: Yoga,
  services: AppServices,
  opts: { keepAliveMs?: number; clientAddress: (req: IncomingMessage) => string; maskError: MaskError },
): WebSocketTransport {
  // Clients are tracked in `connections` (the server's own tracking adds a listener and a closure per
  // socket). A message is held to MAX_BODY_BYTES like an HTTP body (over it: closed with 1009).
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    handleProtocols,
    clientTracking: false,
    maxPayload: services.config.security.maxBodyBytes,
  });
  const connections = new Map<WebSocket, Connection>();
  const { log } = services;

  // Keep-alive: one timer pings every socket; a socket that did not answer the previous ping is cut off.
  const keepAliveMs = opts.keepAliveMs ?? 12_000;
  const awaitingPong = new Set<WebSocket>();
  const keepAlive =
    keepAliveMs > 0
      ? setInterval(() => {
          for (const socket of connections.keys()) {
            if (socket.readyState !== socket.OPEN) continue;
            if (awaitingPong.has(socket)) {
              awaitingPong.delete(socket);
              socket.terminate();
              continue;
            }
            awaitingPong.add(socket);
            socket.ping();
          }
        }, keepAliveMs)
      : null;
  keepAlive?.unref();

  // Listeners shared by every socket (`this` is the socket): nothing per socket but the Connection.
  function onPong(this: WebSocket) {
    awaitingPong.delete(this);
  }
  function onMessage(this: WebSocket, data: Buffer) {
    const connection = connections.get(this);
    if (!connection) return;
    handle(connection, String(data)).catch((err: unknown) => {
      log.error({ err }, 'WebSocket message handling failed');
      this.close(CloseCode.InternalServerError, 'Internal server error');
    });
  }
  function onError(this: WebSocket, err: Error) {
    log.warn({ err }, 'WebSocket error');
    this.close(CloseCode.InternalServerError, 'Internal server error');
  }
  function onClose(this: WebSocket) {
    awaitingPong.delete(this);
    const connection = connections.get(this);
    connections.delete(this);
    if (!connection) return;
    if (connection.initTimer) clearTimeout(connection.initTimer);
    for (const op of connection.takeAll()) op.stop();
  }

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    socket.on('error', onError);
    socket.on('close', onClose);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    // What the connection needs of its upgrade request is taken now; the request is not kept.
    const connection = new Connection(socket, opts.clientAddress(request), localeFromAcceptLanguage(request.headers['accept-language']));
    connections.set(socket, connection);
    // The wait covers our own credential check too (until the ack): generous, so a reconnect storm
    // after a restart, queueing on credential checks, is not cut off.
    connection.initTimer = setTimeout(() => {
      if (!connection.initReceived) socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }, 15_000);
    socket.on('message', onMessage);
    socket.on('pong', onPong);
  });

  async function handle(connection: Connection, data: string): Promise<void> {
    const { socket } = connection;
    let message: ReturnType<typeof parseMessage>;
    try {
      message = parseMessage(data);
    } catch {
      socket.close(CloseCode.BadRequest, 'Invalid message received');
      return;
    }
    switch (message.type) {
      case MessageType.ConnectionInit: {
        if (connection.initReceived) {
          socket.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
          return;
        }
        connection.initReceived = true;
        if (connection.initTimer) clearTimeout(connection.initTimer);
        connection.initTimer = null;
        // The viewer is resolved once for the connection; no credentials: anonymous.
        const params = (message.payload ?? {}) as Record<string, unknown>;
        const str = (v: unknown) => (typeof v === 'string' ? v : null);
        const authorization = str(params.authorization) ?? str(params.Authorization);
        const apiKey = str(params.apiKey) ?? str(params['x-api-key']);
        const viewer = await resolveViewer(services, { authorization, apiKey });
        // Credentials sent are credentials checked: a revoked or made-up one is not "anonymous".
        if (!viewer && (authorization?.trim() || apiKey?.trim())) {
          socket.close(4401, 'Unauthorized');
          return;
        }
        connection.live = {
          viewer: sharedViewer(viewer),
          connectionId: randomUUID(),
          clientAddress: connection.clientAddress,
          locale: connection.locale,
        };
        connection.send(stringifyMessage({ type: MessageType.ConnectionAck }));
        return;
      }
      case MessageType.Ping:
        connection.send(
          stringifyMessage(message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong }),
        );
        return;
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return subscribe(connection, message);
      case MessageType.Complete: {
        const op = connection.operation(message.id);
        if (op && connection.remove(op)) op.stop();
        return;
      }
      default:
        socket.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  async function subscribe(connection: Connection, message: SubscribeMessage): Promise<void> {
    const { socket, live } = connection;
    if (!live) {
      socket.close(CloseCode.Unauthorized, 'Unauthorized');
      return;
    }
    const { id, payload } = message;
    if (connection.operation(id)) {
      socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
      return;
    }
    const op = new Operation(connection, id, opts.maskError, payload.extensions?.subscribedSignal === true);
    connection.add(op);
    try {
      // The operation's context holds only what the plugins and the context factory read: its params
      // and the connection.
      const { schema, parse, validate, contextFactory, execute, subscribe } = yoga.getEnveloped({ params: payload, live } as never);
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (err) {
        op.error([err]);
        return;
      }
      const errors = validate(schema, document);
      if (errors.length > 0) {
        op.error(errors);
        return;
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        op.error([new GraphQLError('Unable to identify operation')]);
        return;
      }
      const contextValue = (await contextFactory()) as object;
      const args: ExecutionArgs = {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue,
      };
      if (operation.operation === 'subscription') offerPush(contextValue, op);
      const result: unknown = await (operation.operation === 'subscription' ? subscribe(args) : execute(args));
      if (isHandedOver(result)) {
        // Its events now go to op.next; if the client completed it (or left) meanwhile, it ends here.
        if (connection.isCurrent(op)) op.handedOver = result;
        else result.end();
        return;
      }
      if (isAsyncIterable(result)) return await pull(op, result as AsyncIterable<ExecutionResult>);
      op.result(result as ExecutionResult);
    } catch (err) {
      if (connection.isCurrent(op)) op.error([err]);
    }
  }

  /** A result stream the transport reads itself (a replay: the outbox's missed events first). */
  async function pull(op: Operation, stream: AsyncIterable<ExecutionResult>): Promise<void> {
    const it = stream[Symbol.asyncIterator]();
    const { connection } = op;
    if (!connection.isCurrent(op)) {
      await it.return?.();
      return;
    }
    op.pulled = it;
    try {
      for (;;) {
        const n = await it.next();
        if (n.done || !connection.isCurrent(op)) break;
        if (!op.next(JSON.stringify(n.value))) throw new LiveOverflowError('its client reads too slowly');
      }
      op.ended(null);
    } catch (err) {
      if (connection.isCurrent(op)) op.error([err]);
      await it.return?.();
    }
  }

  return {
    clientCount: () => connections.size,
    revoke(notice) {
      let n = 0;
      for (const connection of [...connections.values()]) {
        if (!connection.live || !revokedFor(notice, liveOwner(connection.live.viewer))) continue;
        connection.live = null;
        connection.socket.close(4401, 'Unauthorized: credentials revoked');
        n++;
      }
      return n;
    },
    async close() {
      if (keepAlive) clearInterval(keepAlive);
      for (const client of connections.keys()) client.close(1001, 'Going away');
      // A client that does not answer the close handshake is cut off after a short grace period.
      const deadline = Date.now() + 2_000;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const client of connections.keys()) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
