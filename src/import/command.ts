// `npm run import -- complaints FILE.xlsx|csv [--agency CODE] --as EMAIL [--dry-run] [--skip-bad-rows]
// [--mapping LAYOUT.json] [--report BAD-ROWS.csv]`: the command-line import, with a progress bar.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { receiverOf } from '../complaints/actor.js';
import { ImportRejectedError, type ImportIssue, NotFoundError } from '../errors.js';
import type { User } from '../generated/prisma/client.js';
import type { Receiver } from '../sop/actions/receive.js';
import type { SopServices } from '../sop/services.js';
import { ExportFileConnector } from './connector.js';
import { importComplaints, type ImportReport } from './import-complaints.js';
import { type ColumnMapping, mergeMapping } from './mapping.js';
import { checkImportSize } from './read.js';

export const USAGE =
  'usage: npm run import -- complaints FILE.xlsx|FILE.csv --as EMAIL [--agency CODE] [--dry-run] [--skip-bad-rows] [--mapping LAYOUT.json] [--report BAD-ROWS.csv]';

export interface CommandIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where the progress bar draws (a TTY shows it live; otherwise it is written line by line). */
  progressStream?: NodeJS.WritableStream;
}

function csvField(s: string | number | null) {
  const v = String(s ?? '');
  return /[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function issuesCsv(issues: ImportIssue[]): string {
  const lines = ['line,column,reason', ...issues.map((i) => [i.line, i.column, i.reason].map(csvField).join(','))];
  return `${lines.join('\n')}\n`;
}

export function summary(r: ImportReport): string[] {
  const verb = r.dryRun ? 'would be received' : 'received';
  const lines = [
    `${r.rows} row(s) read (${r.format}): ${r.received} ${verb}, ${r.unchanged} unchanged, ${r.changed.length} changed, ${new Set(r.badRows.map((i) => i.line)).size} bad row(s) skipped`,
  ];
  for (const c of r.changed)
    lines.push(`  changed: line ${c.line}, ${c.trackingId}: ${c.fields.join(', ')} differ (kept as received; not overwritten)`);
  return lines;
}

/** A stored user as the receiver the history names (the command runs without a sign-in). */
export function userReceiver(user: Pick<User, 'id' | 'name' | 'email' | 'role' | 'agencyId' | 'divisionId'>): Receiver {
  const { id, name, email, role, agencyId, divisionId } = user;
  return receiverOf({ kind: 'user', id, name, email, role, agencyId, divisionId });
}

/** Returns the exit code. */
export async function runImportCommand(argv: string[], services: SopServices, io: CommandIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        agency: { type: 'string' },
        as: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'skip-bad-rows': { type: 'boolean' },
        mapping: { type: 'string' },
        report: { type: 'string' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'complaints' || positionals.length !== 2) {
    io.err(USAGE);
    return 2;
  }
  const file = positionals[1]!;
  const { prisma } = services.db;
  // The history names who received each report: the import runs as a real ADMIN or COORDINATOR.
  if (!values.as) {
    io.err(`--as EMAIL is required: the ADMIN or COORDINATOR the history names as receiver\n${USAGE}`);
    return 2;
  }
  const user = await prisma.user.findUnique({ where: { email: values.as.toLowerCase() } });
  if (!user?.active || (user.role !== 'ADMIN' && user.role !== 'COORDINATOR')) {
    io.err(`--as ${values.as}: no active ADMIN or COORDINATOR with that email`);
    return 2;
  }
  let agencyId: string | null = null;
  if (values.agency) {
    const agency = await prisma.agency.findUnique({ where: { code: values.agency } });
    if (!agency) {
      io.err(`--agency ${values.agency}: no agency with that code`);
      return 2;
    }
    agencyId = agency.id;
  }
  let mapping: ColumnMapping | undefined;
  if (values.mapping) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(values.mapping, 'utf8'));
    } catch (err) {
      io.err(`--mapping ${values.mapping}: ${(err as Error).message}`);
      return 2;
    }
    const merged = mergeMapping(raw);
    if ('problems' in merged) {
      io.err(`--mapping ${values.mapping}:\n  ${merged.problems.join('\n  ')}`);
      return 2;
    }
    mapping = merged.mapping;
  }
  const receiver = userReceiver(user);
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {percentage}% | {value}/{total} rows | {duration_formatted}',
      stream: io.progressStream ?? process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    checkImportSize((await stat(file)).size);
    const connector = new ExportFileConnector(await readFile(file));
    const table = await connector.pullNewReports();
    const report = await importComplaints(services, receiver, table, {
      agencyId,
      mapping,
      dryRun: values['dry-run'],
      skipBadRows: values['skip-bad-rows'],
      onProgress: (p) => {
        if (!started) {
          bar.start(p.total, p.done, { phase: p.phase.toLowerCase() });
          started = true;
        } else bar.update(p.done, { phase: p.phase.toLowerCase() });
      },
    });
    if (started) bar.stop();
    for (const line of summary(report)) io.out(line);
    if (report.badRows.length) {
      const out = values.report ?? `${file}.bad-rows.csv`;
      await writeFile(out, issuesCsv(report.badRows));
      io.out(`bad rows (line, column, reason): ${out}`);
    }
    return 0;
  } catch (err) {
    if (started) bar.stop();
    if (err instanceof ImportRejectedError) {
      io.err(`${file}: ${err.message}`);
      for (const i of err.issues.slice(0, 50)) io.err(`  line ${i.line}${i.column ? `, ${i.column}` : ''}: ${i.reason}`);
      if (err.issues.length > 50) io.err(`  … and ${err.issues.length - 50} more`);
      if (values.report) {
        await writeFile(values.report, issuesCsv(err.issues));
        io.err(`every problem (line, column, reason): ${values.report}`);
      }
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`${file}: no such file`);
      return 2;
    }
    if (err instanceof NotFoundError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}
