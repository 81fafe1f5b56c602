// The commands behind `npm run admin` (cli.ts parses arguments and prints).
import type { Database } from '../db/database.js';
import { SYSTEM_ACTOR } from '../audit/events.js';
import { createUser } from '../users/users.js';

/** The regency's first coordinator, with a one-time password; refused when one exists unless forced. */
export async function createCoordinator(
  db: Database,
  args: { email: string; name: string; nip?: string; force?: boolean },
): Promise<{ email: string; oneTimePassword: string }> {
  const existing = await db.prisma.user.count({ where: { role: 'COORDINATOR', active: true } });
  if (existing > 0 && !args.force) {
    throw new CliError(
      `${existing} active coordinator(s) exist already: sign in as one and use createUser, or add --force (e.g. every coordinator lost access)`,
    );
  }
  const { user, oneTimePassword } = await createUser(
    { prisma: db.prisma, actor: SYSTEM_ACTOR },
    { email: args.email, name: args.name, nip: args.nip ?? null, role: 'COORDINATOR' },
  );
  return { email: user.email, oneTimePassword: oneTimePassword! };
}

/** A problem the operator can fix (printed without a stack trace). */
export class CliError extends Error {}
