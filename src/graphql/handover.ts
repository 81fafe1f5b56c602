// A subscription result that is neither one answer nor a stream of them: the subscription was handed
// over to a transport that delivers its events itself (WebSocket: src/realtime/websocket.ts and
// fan-out.ts), so there is no per-subscriber result stream for plugins to wrap. A plugin that holds
// something for a subscription's life (a cap's lease, a gauge) lets it go with whenEnded.
const HANDED_OVER = Symbol.for('tuntas.handedOverSubscription');

/** What ends with a subscription: a function, or something released (a lease: no closure made for it). */
export type Releasable = (() => void) | { release(): void };

export interface HandedOverSubscription {
  readonly [HANDED_OVER]: true;
  /** Runs `fn` (or releases it) once, when the subscription ends (at once if it has). */
  whenEnded(fn: Releasable): void;
  /** Ends the subscription (the client left). */
  end(): void;
}

export function isHandedOver(result: unknown): result is HandedOverSubscription {
  return typeof result === 'object' && result !== null && (result as Partial<HandedOverSubscription>)[HANDED_OVER] === true;
}

export { HANDED_OVER };
