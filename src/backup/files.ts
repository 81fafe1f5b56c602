// Backup files on disk: `tuntas-<UTC time>.backup.gz` (tuntas's format) or `tuntas-<UTC time>.pgdump`
// (pg_dump's custom format), each with a `.sha256` beside it in `sha256sum` format. A backup is
// complete only once its checksum file exists: both are written under a temporary name and renamed.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { BackupError } from './errors.js';

export type BackupKind = 'logical' | 'pgdump';
const EXT: Record<BackupKind, string> = { logical: '.backup.gz', pgdump: '.pgdump' };
const NAME = /^tuntas-(\d{8}T\d{6}(?:\d{3})?Z)\.(backup\.gz|pgdump)$/;

export function backupFileName(kind: BackupKind, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1Z');
  return `tuntas-${stamp}${EXT[kind]}`;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function writeDurably(file: string, data: Buffer | string) {
  const tmp = `${file}.partial`;
  writeFileSync(tmp, data);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Writes a backup and then its checksum file; returns the backup's path. */
export function writeBackup(dir: string, kind: BackupKind, at: Date, data: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, backupFileName(kind, at));
  writeDurably(file, data);
  sealBackup(file);
  return file;
}

/** Writes the checksum file of a finished backup file (pg_dump writes its own file). */
export function sealBackup(file: string): string {
  const sum = sha256File(file);
  writeDurably(`${file}.sha256`, `${sum}  ${path.basename(file)}\n`);
  return sum;
}

/** The checksum file must exist, name this file and match its content. */
export function verifyChecksum(file: string): void {
  if (!existsSync(file)) throw new BackupError(`no such backup file: ${file}`);
  const sumFile = `${file}.sha256`;
  if (!existsSync(sumFile))
    throw new BackupError(`no checksum file ${path.basename(sumFile)} beside the backup: it is incomplete or was copied without it`);
  const [want, name] = readFileSync(sumFile, 'utf8')
    .trim()
    .split(/\s+\*?/);
  if (!want || !/^[0-9a-f]{64}$/.test(want)) throw new BackupError(`checksum file ${path.basename(sumFile)} is malformed`);
  if (name && name !== path.basename(file))
    throw new BackupError(`checksum file ${path.basename(sumFile)} is for ${name}, not ${path.basename(file)}`);
  const got = sha256File(file);
  if (got !== want)
    throw new BackupError(
      `checksum mismatch: ${path.basename(file)} is damaged or was changed (sha256 ${got.slice(0, 12)}…, expected ${want.slice(0, 12)}…)`,
    );
}

export function kindOf(file: string): BackupKind {
  const head = readFileSync(file).subarray(0, 5);
  if (head[0] === 0x1f && head[1] === 0x8b) return 'logical';
  if (head.toString('latin1') === 'PGDMP') return 'pgdump';
  throw new BackupError(`${path.basename(file)} is neither a tuntas backup nor a pg_dump archive`);
}

export interface BackupEntry {
  file: string;
  at: Date;
}

/** Complete backups in dir (with their checksum file), newest first. */
export function listBackups(dir: string): BackupEntry[] {
  if (!existsSync(dir)) return [];
  const names = new Set(readdirSync(dir));
  return [...names]
    .filter((n) => NAME.test(n) && names.has(`${n}.sha256`))
    .map((n) => ({ file: path.join(dir, n), at: statSync(path.join(dir, `${n}.sha256`)).mtime }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.file.localeCompare(a.file));
}

/** Keeps the newest `keep` backups, deletes the older ones (and leftovers of interrupted writes). */
export function pruneBackups(dir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const b of listBackups(dir).slice(keep)) {
    rmSync(`${b.file}.sha256`, { force: true });
    rmSync(b.file, { force: true });
    removed.push(b.file);
  }
  return removed;
}
