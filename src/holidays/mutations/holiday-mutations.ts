// createHoliday / updateHoliday / deleteHoliday: thin resolvers over changeHoliday (holiday-change.ts).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AgencyNode } from '../../agencies/types.js';
import { DuplicateHolidayError, InvalidInputError, NotFoundError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { changeHoliday, type HolidayChangeResult } from '../holiday-change.js';
import { HolidayKindEnum, HolidayNode } from '../types.js';

const HolidayChange = builder.objectRef<HolidayChangeResult>('HolidayChange').implement({
  description: 'A change to the holiday calendar and how many complaints had their deadlines moved by it.',
  fields: (t) => ({
    holiday: t.prismaField({
      type: 'Holiday',
      nullable: true,
      description: 'null after a delete',
      resolve: (query, r, _a, ctx) =>
        r.deleted ? null : ctx.services.db.prisma.holiday.findUnique({ ...query, where: { id: r.holidayId } }),
    }),
    deletedHolidayId: t.id({ nullable: true, resolve: (r) => (r.deleted ? encodeGlobalID('Holiday', r.holidayId) : null) }),
    recomputedComplaints: t.exposeInt('recomputedComplaints', {
      description: 'Open complaints whose deadlines moved (each got a RECOMPUTE_DEADLINES history row)',
    }),
  }),
});

const CreateHolidayInput = builder.inputType('CreateHolidayInput', {
  fields: (t) => ({
    date: t.string({ description: 'YYYY-MM-DD' }),
    kind: t.field({ type: HolidayKindEnum }),
    name: t.string(),
    legalBasis: t.string({ required: false }),
    agencyId: t.globalID({ for: AgencyNode, required: false, description: 'REGIONAL only; default: your own agency' }),
  }),
});

const UpdateHolidayInput = builder.inputType('UpdateHolidayInput', {
  fields: (t) => ({
    date: t.string({ required: false, description: 'YYYY-MM-DD' }),
    kind: t.field({ type: HolidayKindEnum, required: false, description: 'LIBUR_NASIONAL ↔ CUTI_BERSAMA only' }),
    name: t.string({ required: false }),
    legalBasis: t.string({ required: false }),
  }),
});

const ERRORS = [InvalidInputError, DuplicateHolidayError, NotFoundError];
const EDITORS = { role: ['COORDINATOR', 'ADMIN'] } as const;

builder.mutationFields((t) => ({
  createHoliday: t.field({
    type: HolidayChange,
    description: 'Add a non-working day. COORDINATOR: LIBUR_NASIONAL / CUTI_BERSAMA; an agency ADMIN: its REGIONAL days.',
    authScopes: { role: [...EDITORS.role] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: CreateHolidayInput }) },
    resolve: (_root, { input }, ctx) =>
      changeHoliday(ctx.services, ctx.viewer, 'CREATE', null, { ...input, agencyId: input.agencyId?.id ?? null }),
  }),
  updateHoliday: t.field({
    type: HolidayChange,
    authScopes: { role: [...EDITORS.role] },
    errors: { types: ERRORS },
    args: { id: t.arg.globalID({ for: HolidayNode }), input: t.arg({ type: UpdateHolidayInput }) },
    resolve: (_root, { id, input }, ctx) => changeHoliday(ctx.services, ctx.viewer, 'UPDATE', id.id, input),
  }),
  deleteHoliday: t.field({
    type: HolidayChange,
    authScopes: { role: [...EDITORS.role] },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ for: HolidayNode }) },
    resolve: (_root, { id }, ctx) => changeHoliday(ctx.services, ctx.viewer, 'DELETE', id.id, {}),
  }),
}));
