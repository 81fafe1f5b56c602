// Backups taken by the running service: the control socket's on-demand snapshots (embedded database)
// and the optional schedule (BACKUP_INTERVAL_HOURS, BACKUP_KEEP). On PostgreSQL a scheduled backup is
// pg_dump when it is installed, otherwise tuntas's own format (logged); an advisory lock keeps two
// instances from backing up at the same moment.
import type { Server } from 'node:http';
import path from 'node:path';
import type { AppServices } from '../services.js';
import { closeControlServer, startControlServer } from './control.js';
import { listBackups, pruneBackups, writeBackup } from './files.js';
import { encodeSnapshot, readSnapshot } from './logical.js';
import { pgDumpBackup, pgToolAvailable } from './pg-tools.js';

const BACKUP_LOCK_KEY = 727_274_002;

export interface BackupStatus {
  /** Newest complete backup in BACKUP_DIR (written by the schedule or by `npm run db:backup`). */
  newest: { file: string; at: string; ageSeconds: number } | null;
  schedule: { intervalHours: number; keep: number; lastError: string | null } | null;
}

export interface ServiceBackups {
  /** One scheduled-style backup now; resolves with the file written (null: another instance is at it). */
  runOnce(): Promise<string | null>;
  status(): BackupStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createServiceBackups(
  services: AppServices,
  hooks: {
    onResult?: (ok: boolean) => void /** This process opened the embedded database in config.dataDir. */;
    ownsDataDir?: boolean;
  } = {},
): ServiceBackups {
  const { config, db } = services;
  const log = services.log.child({ component: 'backup' });
  const embeddedFolder = db.kind === 'pglite' && hooks.ownsDataDir === true && !config.dataDir.startsWith('memory://');
  let control: Server | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let lastError: string | null = null;

  const snapshot = async () => encodeSnapshot(await db.readSnapshot((s) => readSnapshot(s, db.kind, services.clock.now())));

  async function write(): Promise<{ file: string; via: string }> {
    const now = services.clock.now();
    if (db.kind === 'postgres' && config.databaseUrl && (await pgToolAvailable('pg_dump'))) {
      const file = await pgDumpBackup(config.databaseUrl, config.backupDir, now);
      return { file, via: 'pg_dump' };
    }
    const via = db.kind === 'postgres' ? 'tuntas format (pg_dump not found on PATH)' : 'tuntas format';
    return { file: writeBackup(config.backupDir, 'logical', now, await snapshot()), via };
  }

  async function runOnce(): Promise<string | null> {
    const t0 = performance.now();
    try {
      const file = await db.withSession(async (s) => {
        const [{ locked }] = (await s.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [BACKUP_LOCK_KEY])) as [
          { locked: boolean },
        ];
        if (!locked) return null;
        try {
          const r = await write();
          const removed = pruneBackups(config.backupDir, config.backupKeep);
          log.info({ file: r.file, via: r.via, ms: Math.round(performance.now() - t0), pruned: removed.length }, 'backup written');
          return r.file;
        } finally {
          await s.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]);
        }
      });
      if (file === null) log.info('backup skipped: another instance is taking one');
      else {
        lastError = null;
        hooks.onResult?.(true);
      }
      return file;
    } catch (err) {
      lastError = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      hooks.onResult?.(false);
      log.error({ err }, 'scheduled backup failed; retrying next interval');
      throw err;
    }
  }

  return {
    runOnce,
    status() {
      const newest = listBackups(config.backupDir)[0];
      return {
        newest: newest
          ? {
              file: path.basename(newest.file),
              at: newest.at.toISOString(),
              ageSeconds: Math.round((Date.now() - newest.at.getTime()) / 1000),
            }
          : null,
        schedule: config.backupIntervalHours > 0 ? { intervalHours: config.backupIntervalHours, keep: config.backupKeep, lastError } : null,
      };
    },
    async start() {
      if (embeddedFolder) {
        try {
          control = await startControlServer(config.dataDir, { backup: snapshot }, (err) =>
            log.error({ err }, 'backup over the control socket failed'),
          );
        } catch (err) {
          // Serving complaints matters more than the backup channel; the operator is told.
          log.error({ err }, 'control socket unavailable: `npm run db:backup` cannot reach this service');
        }
      }
      if (config.backupIntervalHours > 0) {
        const ms = config.backupIntervalHours * 3600_000;
        const tick = () => {
          timer = setTimeout(() => {
            running = runOnce()
              .catch(() => undefined)
              .finally(() => {
                running = undefined;
                if (timer) tick();
              });
          }, ms);
          timer.unref();
        };
        tick();
      }
    },
    async stop() {
      const t = timer;
      timer = undefined;
      if (t) clearTimeout(t);
      await running;
      await closeControlServer(control, config.dataDir);
    },
  };
}
