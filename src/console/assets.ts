// The console's static files: GraphiQL (from the installed @graphql-yoga/render-graphiql, never a
// CDN: office networks may be offline), its editor workers, and the console's own script and style.
// Each is served under a content-hashed name, so it can be cached for a year as immutable, and
// compressed (brotli or gzip, by Accept-Encoding). Compressing GraphiQL's 9 MB takes seconds, so each
// compressed file is made once and kept in memory and in .cache/console/ (shared by every process
// of this installation, rebuilt when the package changes, since the name carries the content hash).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export const ASSETS_PATH = '/console/assets/';

export interface Asset {
  /** The hashed file name, e.g. graphiql.3f2a….js */
  name: string;
  type: string;
  body: Buffer;
}

export interface ConsoleAssets {
  graphiqlJs: Asset;
  graphiqlCss: Asset;
  favicon: Asset;
  workers: { editorWorkerService: Asset; json: Asset; graphql: Asset };
  clientJs: Asset;
  clientCss: Asset;
  byName: Map<string, Asset>;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  ico: 'image/x-icon',
};

function asset(base: string, ext: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { name: `${base}.${hash}.${ext}`, type: TYPES[ext]!, body };
}

let loading: Promise<ConsoleAssets> | undefined;

/** Loads the bundle on first use (it is 9 MB of JavaScript; most processes never serve the console). */
export function consoleAssets(): Promise<ConsoleAssets> {
  loading ??= (async () => {
    const g = await import('@graphql-yoga/render-graphiql/graphiql');
    const here = path.dirname(fileURLToPath(import.meta.url));
    const favicon = /^data:[^;]+;base64,(.*)$/.exec(g.favicon)?.[1];
    const a = {
      graphiqlJs: asset('graphiql', 'js', Buffer.from(g.js)),
      graphiqlCss: asset('graphiql', 'css', Buffer.from(g.css)),
      favicon: asset('favicon', 'ico', Buffer.from(favicon ?? '', 'base64')),
      workers: {
        editorWorkerService: asset('editor.worker', 'js', Buffer.from(g.editorWorkerService)),
        json: asset('json.worker', 'js', Buffer.from(g.jsonWorker)),
        graphql: asset('graphql.worker', 'js', Buffer.from(g.graphqlWorker)),
      },
      clientJs: asset('console', 'js', readFileSync(path.join(here, 'client.js'))),
      clientCss: asset('console', 'css', readFileSync(path.join(here, 'client.css'))),
    };
    const all = [a.graphiqlJs, a.graphiqlCss, a.favicon, ...Object.values(a.workers), a.clientJs, a.clientCss];
    return { ...a, byName: new Map(all.map((x) => [x.name, x])) };
  })();
  return loading;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts (q=0 refuses one). */
export function negotiate(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((p) => p.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([e]) => e!.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const CACHE_DIR = fileURLToPath(new URL('../../.cache/console/', import.meta.url));
const compressedCache = new Map<string, Promise<Buffer>>();

/** The asset compressed (async: zlib works on the thread pool, the event loop stays free). */
export function compressed(a: Asset, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const key = `${a.name}.${encoding}`;
  let p = compressedCache.get(key);
  if (!p) {
    p = (async () => {
      const file = path.join(CACHE_DIR, key);
      try {
        return await readFile(file);
      } catch {
        // Not made yet by any process of this installation.
      }
      const body =
        encoding === 'br'
          ? // Quality 9: within a few percent of 11 for this bundle, at a fraction of the time.
            await brotli(a.body, {
              params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: a.body.length },
            })
          : await gzip(a.body, { level: 9 });
      try {
        mkdirSync(CACHE_DIR, { recursive: true });
        // Written aside and renamed: another process never reads half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, body);
        renameSync(tmp, file);
      } catch {
        // A read-only installation: memory only.
      }
      return body;
    })();
    compressedCache.set(key, p);
  }
  return p;
}

/** Writes a body in the negotiated encoding, with the given headers. */
export async function sendCompressed(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  a: Asset,
): Promise<void> {
  const encoding = negotiate(req.headers['accept-encoding'] as string | undefined);
  const body = encoding === 'identity' ? a.body : await compressed(a, encoding);
  res.writeHead(status, {
    ...headers,
    'content-type': a.type,
    'content-length': String(body.length),
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** GET /console/assets/<hashed name>: a year, immutable (a new version has a new name). */
export async function serveAsset(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const a = (await consoleAssets()).byName.get(name);
  if (!a) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  await sendCompressed(req, res, 200, { 'cache-control': 'public, max-age=31536000, immutable' }, a);
}
