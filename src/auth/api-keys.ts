// API keys for other portals: "tnt_<prefix>_<secret>". Only a SHA-256 of the whole key is stored (the
// secret has 192 random bits, so a slow hash buys nothing); the key itself is shown once.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const key = `tnt_${prefix}_${secret}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = /^tnt_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/.exec(key.trim());
  return m ? { prefix: m[1]! } : null;
}

export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
