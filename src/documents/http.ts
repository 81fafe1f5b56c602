// GET /documents/<signed token>: the download endpoint behind the links the export mutations return.
// No headers needed (a browser or GraphiQL user clicks it): the link is the credential, for a few
// minutes. Tampered: 403; expired: 410; the user since deactivated or no longer allowed: 403.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { viewerForUser } from '../auth/resolve-viewer.js';
import { isUser } from '../auth/viewer.js';
import { DomainError } from '../errors.js';
import type { AppServices } from '../services.js';
import type { Produced } from './produce.js';
import { LINK_KEY_PURPOSE, LinkSigner } from './signed-link.js';

export const DOCUMENTS_PATH = '/documents/';
/** Long enough to click a link in GraphiQL or run curl; short enough that a forwarded link dies soon. */
export const LINK_TTL_SECONDS = 600;

const signers = new WeakMap<AppServices, LinkSigner>();
export function linkSigner(services: AppServices): LinkSigner {
  let s = signers.get(services);
  if (!s) {
    s = new LinkSigner(services.tokens.derivedKey(LINK_KEY_PURPOSE), LINK_TTL_SECONDS);
    signers.set(services, s);
  }
  return s;
}

function plain(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${message}\n`);
}

/** RFC 6266: an ASCII fallback and the UTF-8 name (ours are ASCII already). */
function disposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function serveDocument(services: AppServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') return plain(res, 405, 'Method not allowed');
  const token = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(DOCUMENTS_PATH.length)).split('/')[0] ?? '';
  const check = linkSigner(services).verify(token, services.clock.now());
  if (!check.ok) {
    return check.reason === 'EXPIRED'
      ? plain(res, 410, 'Tautan unduhan sudah kedaluwarsa; minta tautan baru. (This download link has expired; ask for a new one.)')
      : plain(res, 403, 'Tautan unduhan tidak sah. (Invalid download link.)');
  }
  const viewer = await viewerForUser(services, check.claims.userId);
  if (!isUser(viewer)) return plain(res, 403, 'Pengguna tidak aktif. (User no longer active.)');
  let produced: Produced;
  try {
    // The builders (PDF, spreadsheets, charts: most of the code by size) load on the first download.
    const { produce } = await import('./produce.js');
    produced = await produce(services, viewer, check.claims);
  } catch (err) {
    // The user's rights changed since the link was issued (role, agency, complaint moved away).
    if (err instanceof DomainError) return plain(res, 403, `Dokumen tidak dapat diberikan: ${err.message}`);
    throw err;
  }
  const headers: Record<string, string> = {
    'content-type': produced.contentType,
    'content-disposition': disposition(produced.fileName),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (Buffer.isBuffer(produced.body)) headers['content-length'] = String(produced.body.length);
  res.writeHead(200, headers);
  const body = produced.body;
  try {
    if (typeof body === 'function') {
      await body(res);
      res.end();
    } else {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, res);
    }
  } catch (err) {
    // The client went away mid-download, or generation failed after the headers were sent: cut the
    // response off so the client sees an incomplete download, never a short file that looks whole.
    res.destroy();
    services.log.warn({ err, linkId: check.claims.id }, 'document download interrupted');
  }
}
