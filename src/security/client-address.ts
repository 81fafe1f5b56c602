// The client's address behind load balancers, the way Express's `trust proxy` works (proxy-addr):
// walk X-Forwarded-For from the right, past the trusted proxies only. The leftmost entry is whatever
// the client wrote, so it is used only when every hop before it is trusted.
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from './config.js';

const compiled = new WeakMap<string[], (addr: string, i: number) => boolean>();

export function clientAddressOf(req: IncomingMessage, trust: TrustProxy): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (trust === false || !req.socket.remoteAddress) return socket;
  let fn: (addr: string, i: number) => boolean;
  if (typeof trust === 'number') {
    fn = (_addr, i) => i < trust;
  } else {
    fn = compiled.get(trust) ?? proxyaddr.compile(trust);
    compiled.set(trust, fn);
  }
  return proxyaddr(req as Parameters<typeof proxyaddr>[0], fn);
}
