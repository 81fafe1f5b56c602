// The local control channel of an embedded-database service. PGlite lives inside the service's process
// and must never be opened by a second process while the service runs (two writers damage the data
// folder), so `npm run db:backup` asks the running service for the snapshot instead: over a Unix
// socket in the data folder. Whoever can reach that socket can already read the data folder, so file
// permissions are the authentication; nothing listens on the network.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BackupError } from './errors.js';

export function controlSocketPath(dataDir: string): string {
  const inDir = path.join(path.resolve(dataDir), 'control.sock');
  // Unix socket paths are limited to about 107 bytes.
  if (Buffer.byteLength(inDir) < 100) return inDir;
  return path.join(tmpdir(), `tuntas-${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}.sock`);
}

export interface ControlHandlers {
  /** A complete backup (tuntas format) of the database as it is now. */
  backup(): Promise<Buffer>;
}

export async function startControlServer(dataDir: string, handlers: ControlHandlers, onError: (err: unknown) => void): Promise<Server> {
  const socket = controlSocketPath(dataDir);
  // A socket file left by a killed process; this process owns the data folder now.
  if (existsSync(socket)) rmSync(socket, { force: true });
  mkdirSync(path.dirname(socket), { recursive: true });
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/backup') {
      try {
        const body = await handlers.backup();
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
        return res.end(body);
      } catch (err) {
        onError(err);
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end(err instanceof BackupError ? err.message : 'backup failed; see the service log');
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  return server;
}

export async function closeControlServer(server: Server | undefined, dataDir: string): Promise<void> {
  if (!server) return;
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(controlSocketPath(dataDir), { force: true });
}

/** Is a service running on this data folder (its control socket answers)? */
export async function serviceRunning(dataDir: string): Promise<boolean> {
  const socket = controlSocketPath(dataDir);
  if (!existsSync(socket)) return false;
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/', method: 'GET', timeout: 5000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false)); // stale socket file: nobody listens
    req.on('timeout', () => {
      req.destroy();
      resolve(true); // someone holds it but is busy: treat as running
    });
    req.end();
  });
}

/** Asks the running service for a backup. */
export async function requestBackup(dataDir: string): Promise<Buffer> {
  const socket = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path: '/backup', method: 'POST' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode === 200) resolve(body);
        else reject(new BackupError(`the running service could not take the backup: ${body.toString('utf8') || res.statusCode}`));
      });
      res.on('error', reject);
    });
    req.on('error', (err) => reject(new BackupError(`cannot reach the running service at ${socket}: ${err.message}`)));
    req.end();
  });
}
