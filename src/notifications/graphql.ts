// Each staff member chooses how tuntas e-mails them: at once, one daily digest, or not at all.
import { actorOf } from '../audit/actor.js';
import { recordAdminEvent } from '../audit/events.js';
import { builder } from '../graphql/builder.js';

const EmailModeEnum = builder.enumType('EmailNotificationMode', {
  values: ['IMMEDIATE', 'DAILY_DIGEST', 'NONE'] as const,
  description:
    'IMMEDIATE: one e-mail per hand-over or deadline notice; DAILY_DIGEST: one e-mail a day (EMAIL_DIGEST_HOUR, WIB); NONE: no e-mail.',
});

function userId(ctx: { viewer: unknown }): string {
  const v = ctx.viewer as { kind: string; id: string };
  if (v?.kind !== 'user') throw new Error('unreachable: scope requires a user');
  return v.id;
}

builder.queryField('myEmailNotifications', (t) =>
  t.field({
    type: EmailModeEnum,
    description: 'How you are told by e-mail when it is your turn in the SOP (default IMMEDIATE).',
    authScopes: { signedIn: true },
    resolve: async (_r, _a, ctx) => {
      const p = await ctx.services.db.prisma.notificationPreference.findUnique({ where: { userId: userId(ctx) } });
      return p?.email ?? 'IMMEDIATE';
    },
  }),
);

builder.mutationField('setEmailNotifications', (t) =>
  t.field({
    type: EmailModeEnum,
    description: 'Choose immediate e-mails, a daily digest, or none; applies to events from now on.',
    authScopes: { signedIn: true },
    args: { mode: t.arg({ type: EmailModeEnum }) },
    resolve: async (_r, { mode }, ctx) => {
      const id = userId(ctx);
      return ctx.services.db.prisma.$transaction(async (tx) => {
        const before = (await tx.notificationPreference.findUnique({ where: { userId: id } }))?.email ?? 'IMMEDIATE';
        const p = await tx.notificationPreference.upsert({
          where: { userId: id },
          create: { userId: id, email: mode },
          update: { email: mode },
        });
        if (before !== p.email) {
          await recordAdminEvent(tx, actorOf(ctx.viewer), {
            action: 'EMAIL_NOTIFICATIONS_CHANGED',
            agencyId: (ctx.viewer as { agencyId: string | null }).agencyId,
            entity: 'NotificationPreference',
            entityId: id,
            before: { email: before },
            after: { email: p.email },
          });
        }
        return p.email;
      });
    },
  }),
);
