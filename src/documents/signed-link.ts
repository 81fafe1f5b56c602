// Short-lived signed download links. The link itself carries what to generate, for whom and until
// when, signed with HMAC-SHA256 under a key derived from the service's token secret (so every instance
// sharing JWT_SECRET accepts it, and nothing is stored). Pure apart from node:crypto.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DocumentRequest } from './kinds.js';

export interface LinkClaims {
  /** Link id: ties the download to its line in the export log. */
  id: string;
  /** The user the document is generated for (visibility is applied again at download). */
  userId: string;
  request: DocumentRequest;
  /** Expiry, ms since epoch. */
  exp: number;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'TAMPERED' | 'EXPIRED' };

/** HKDF purpose of the link key: a link key never signs a session token, and vice versa. */
export const LINK_KEY_PURPOSE = 'document-download-link';

export class LinkSigner {
  constructor(
    private key: Buffer,
    readonly ttlSeconds: number,
  ) {}

  sign(userId: string, request: DocumentRequest, now: Date): { token: string; claims: LinkClaims } {
    const claims: LinkClaims = { id: randomUUID(), userId, request, exp: now.getTime() + this.ttlSeconds * 1000 };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.mac(body)}`, claims };
  }

  /** Checks the signature first: an expired link is only reported as such when it is genuine. */
  verify(token: string, now: Date): LinkCheck {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 8192) return { ok: false, reason: 'TAMPERED' };
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'TAMPERED' };
    let claims: LinkClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkClaims;
    } catch {
      return { ok: false, reason: 'TAMPERED' };
    }
    if (typeof claims.exp !== 'number' || now.getTime() >= claims.exp) return { ok: false, reason: 'EXPIRED' };
    return { ok: true, claims };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
