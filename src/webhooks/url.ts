// Which webhook URLs are acceptable: https in production (http also elsewhere), no credentials in
// the URL, and no loopback, private, link-local or otherwise internal address unless
// WEBHOOK_ALLOW_PRIVATE_URLS is set, checked on every resolved address of the host (at creation and
// again before each delivery, since DNS can change).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return INTERNAL.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface UrlPolicy {
  production: boolean;
  allowPrivate: boolean;
}

/** Syntax and scheme; returns a message, or null when fine. */
export function urlSyntaxProblem(raw: string, policy: UrlPolicy): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (raw.length > 2000) return 'at most 2000 characters';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && !policy.production)) {
    return policy.production ? 'must use https' : 'must use https (or http outside production)';
  }
  if (u.username || u.password) return 'must not contain a user name or password';
  if (u.hash) return 'must not contain a #fragment';
  return null;
}

/** Resolves the host and rejects internal addresses (unless allowed). */
export async function addressProblem(raw: string, policy: UrlPolicy): Promise<string | null> {
  if (policy.allowPrivate) return null;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return `host ${host} cannot be resolved`;
  }
  if (addresses.length === 0 || addresses.some(isInternalAddress)) {
    return 'points at a loopback, private or internal address (not allowed by configuration)';
  }
  return null;
}
