// The administrators' console over HTTP (an HttpRoute, wired in src/app.ts):
// - GET /graphql from a browser (Accept: text/html): a small page in Bahasa Indonesia that signs in
//   with the login mutation and then opens GraphiQL with the ready operations (operations.ts). The
//   token stays in the page's memory only and goes out as an Authorization header, so no cookie ever
//   carries credentials (the CSRF rules of src/security/ stay as they are), and a reload or "Keluar"
//   forgets it. A browser that sends a valid Bearer header of a role the console refuses gets the
//   refusal page.
// - GET /console/access (Authorization): may this signed-in user open the console? In production
//   only ADMIN and COORDINATOR (as before); elsewhere every signed-in user.
// - GET /console/assets/<hashed name>: GraphiQL and the page's script, compressed and immutable.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { resolveViewer } from '../auth/resolve-viewer.js';
import { isUser, type Viewer } from '../auth/viewer.js';
import type { HttpRoute } from '../server/http.js';
import type { AppServices } from '../services.js';
import { ASSETS_PATH, type ConsoleAssets, consoleAssets, negotiate, serveAsset } from './assets.js';
import { graphiqlTabs, SIGN_IN_OPERATIONS } from './operations.js';

export const ACCESS_PATH = '/console/access';
const CONSOLE_ROLES = ['ADMIN', 'COORDINATOR'] as const;

/** The console's words shown by the server (the page's own are in client.js). */
const TEXT = {
  title: 'tuntas — Konsol Administrator',
  refusedTitle: 'Akses ditolak — tuntas',
  refused: (name: string, role: string) =>
    `Konsol ini hanya untuk Administrator instansi (ADMIN) dan Tim Administrator Kabupaten (COORDINATOR). ` +
    `Anda masuk sebagai ${name} (${role}). Pekerjaan Anda tetap dapat dilakukan melalui aplikasi staf.`,
  notSignedIn: 'Sesi tidak berlaku atau sudah berakhir. Silakan masuk lagi.',
} as const;

export type Access = { allowed: true; name: string; role: string } | { allowed: false; status: 401 | 403; message: string };

/** The console's gate. */
export function consoleAccess(viewer: Viewer, production: boolean): Access {
  if (!isUser(viewer)) return { allowed: false, status: 401, message: TEXT.notSignedIn };
  if (production && !(CONSOLE_ROLES as readonly string[]).includes(viewer.role))
    return { allowed: false, status: 403, message: TEXT.refused(viewer.name, viewer.role) };
  return { allowed: true, name: viewer.name, role: viewer.role };
}

/** Scripts only from this origin (an injected script could read the token in memory); GraphiQL's
 * editor sets inline styles and loads fonts and icons as data: URLs. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, req: IncomingMessage, status: number, html: string) {
  const raw = Buffer.from(html);
  const gz = negotiate(req.headers['accept-encoding'] as string | undefined) !== 'identity';
  const body = gz ? gzipSync(raw) : raw;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    // Small, and names the current hashed assets: always asked for again.
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    vary: 'Accept-Encoding, Authorization',
    ...(gz ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function consolePage(a: ConsoleAssets, production: boolean): string {
  const config = {
    endpoint: '/graphql',
    accessUrl: ACCESS_PATH,
    production,
    graphiql: { js: ASSETS_PATH + a.graphiqlJs.name, css: ASSETS_PATH + a.graphiqlCss.name },
    workers: Object.fromEntries(Object.entries(a.workers).map(([k, w]) => [k, ASSETS_PATH + w.name])),
    tabs: graphiqlTabs(),
    signIn: SIGN_IN_OPERATIONS,
  };
  // JSON in a non-executable script element: no inline script, so the CSP can forbid them all.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TEXT.title}</title>
<link rel="icon" href="${ASSETS_PATH}${a.favicon.name}">
<link rel="stylesheet" href="${ASSETS_PATH}${a.clientCss.name}">
<script type="application/json" id="tuntas-console">${json}</script>
<script src="${ASSETS_PATH}${a.clientJs.name}" defer></script>
</head>
<body>
<noscript>Konsol ini memerlukan JavaScript.</noscript>
<main id="masuk" class="card" hidden>
  <h1>Konsol Administrator tuntas</h1>
  <p class="lead">Penanganan pengaduan SP4N-LAPOR! sesuai SOP. Masuk dengan akun staf Anda.</p>
  <form id="form-masuk" autocomplete="on">
    <label>Email <input id="email" name="email" type="email" autocomplete="username" required></label>
    <label>Kata sandi <input id="password" name="password" type="password" autocomplete="current-password" required></label>
    <div id="kode-kedua" hidden>
      <label>Kode dari aplikasi autentikator (atau kode pemulihan)
        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"></label>
    </div>
    <p id="pesan" role="alert" class="error"></p>
    <button id="tombol-masuk" type="submit">Masuk</button>
  </form>
  ${production ? '' : '<p class="dev"><button id="tanpa-masuk" type="button" class="link">Buka konsol tanpa masuk (hanya di luar produksi)</button></p>'}
</main>
<main id="ditolak" class="card" hidden>
  <h1>Akses ditolak</h1>
  <p id="alasan"></p>
  <button id="kembali" type="button">Kembali ke halaman masuk</button>
</main>
<div id="konsol" hidden>
  <header class="bar">
    <span>tuntas · Konsol Administrator</span>
    <span id="pengguna"></span>
    <button id="keluar" type="button">Keluar</button>
  </header>
  <div id="graphiql"></div>
</div>
</body>
</html>
`;
}

function refusalPage(message: string): string {
  return `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>${TEXT.refusedTitle}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Akses ditolak</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/graphql">Kembali ke halaman masuk</a></p>
</body>
</html>
`;
}

function wantsPage(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  return (req.method === 'GET' || req.method === 'HEAD') && accept.includes('text/html') && !accept.includes('text/event-stream');
}

export function createConsoleRoute(services: AppServices): HttpRoute {
  const production = services.config.nodeEnv === 'production';
  return async (req, res) => {
    const pathname = (req.url ?? '').split('?')[0]!;
    if (pathname.startsWith(ASSETS_PATH) && (req.method === 'GET' || req.method === 'HEAD')) {
      await serveAsset(req, res, pathname.slice(ASSETS_PATH.length));
      return true;
    }
    if (pathname === ACCESS_PATH && req.method === 'GET') {
      const access = consoleAccess(await resolveViewer(services, { authorization: req.headers.authorization }), production);
      res.writeHead(access.allowed ? 200 : access.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(access.allowed ? access : { allowed: false, message: access.message }));
      return true;
    }
    if (pathname === '/graphql' && wantsPage(req)) {
      // A Bearer header typed into a tool: a refused role gets the readable refusal page.
      if (req.headers.authorization) {
        const access = consoleAccess(await resolveViewer(services, { authorization: req.headers.authorization }), production);
        if (!access.allowed && access.status === 403) {
          page(res, req, 403, refusalPage(access.message));
          return true;
        }
      }
      page(res, req, 200, consolePage(await consoleAssets(), production));
      return true;
    }
    return false;
  };
}
