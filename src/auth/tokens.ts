// Signed, expiring session tokens (HS256 JWT via jose).
import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Clock } from '../clock.js';

const ISSUER = 'tuntas';
const SECOND_FACTOR = 'second-factor';

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

  /**
   * A session token. `version` is the user's tokenVersion now: raising it (deactivation, role change,
   * password reset or change, logoutEverywhere) invalidates every token issued before.
   */
  async issue(userId: string, role: string, version = 0): Promise<{ token: string; expiresAt: Date }> {
    return this.sign({ role, ver: version }, userId, this.ttlSeconds);
  }

  /** A short-lived proof that the password was right, to be completed with a second factor. */
  async issueChallenge(userId: string, version: number, ttlSeconds = 300): Promise<{ token: string; expiresAt: Date }> {
    return this.sign({ ver: version, purpose: SECOND_FACTOR }, userId, ttlSeconds);
  }

  /** The user id and token version of a session token, or null (expired, forged, malformed, a challenge). */
  async verify(token: string): Promise<{ userId: string; version: number } | null> {
    const p = await this.payload(token);
    return p && p.purpose === undefined ? { userId: p.sub, version: p.ver } : null;
  }

  /** Like verify, for a second-factor challenge token only. */
  async verifyChallenge(token: string): Promise<{ userId: string; version: number } | null> {
    const p = await this.payload(token);
    return p && p.purpose === SECOND_FACTOR ? { userId: p.sub, version: p.ver } : null;
  }

  private async sign(claims: Record<string, unknown>, userId: string, ttlSeconds: number) {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + ttlSeconds;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  private async payload(token: string): Promise<{ sub: string; ver: number; purpose?: string } | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        // A token without an expiry would be valid forever: refused even when correctly signed.
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: this.clock.now(),
      });
      if (typeof payload.sub !== 'string') return null;
      // Tokens from before token versions existed carry none: version 0, every user's starting value.
      const ver = typeof payload.ver === 'number' ? payload.ver : 0;
      const purpose = typeof payload.purpose === 'string' ? payload.purpose : undefined;
      return { sub: payload.sub, ver, purpose };
    } catch {
      return null;
    }
  }
}
