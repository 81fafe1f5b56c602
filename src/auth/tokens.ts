// Signed, expiring session tokens (HS256 JWT via jose).
import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Clock } from '../clock.js';

const ISSUER = 'tuntas';

export class TokenService {
  private key: Uint8Array;
  constructor(
    secret: string,
    private ttlSeconds: number,
    private clock: Clock,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A key for another purpose derived from the token secret (HKDF), e.g. signed download links. */
  derivedKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, 'tuntas', purpose, 32));
  }

  async issue(userId: string, role: string): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.ttlSeconds;
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The user id, or null for an expired, forged or malformed token. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: this.clock.now(),
      });
      return typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }
}
