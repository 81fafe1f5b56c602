// Runs an operator command: its lines on stdout, or one line on stderr and exit code 1.
import { BackupError } from './errors.js';

export async function runCommand(fn: () => Promise<string[]>): Promise<void> {
  try {
    for (const line of await fn()) console.log(line);
  } catch (err) {
    const message = err instanceof BackupError ? err.message : `unexpected failure: ${(err as Error)?.message?.split('\n')[0] ?? err}`;
    console.error(`tuntas: ${message}`);
    process.exitCode = 1;
  }
}
