// An operator-facing failure of backup, restore or move: its message is the one line the command
// prints (no stack trace), and nothing was changed in the target.
export class BackupError extends Error {
  override name = 'BackupError';
}
