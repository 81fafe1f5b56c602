// createAgency / updateAgency (COORDINATOR), createDivision / updateDivision (an agency's ADMIN for
// its own agency, the COORDINATOR for any): thin resolvers over organisation.ts.
import { AgencyNode, DivisionNode } from '../agencies/types.js';
import { actorOf } from '../audit/actor.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { createAgency, createDivision, updateAgency, updateDivision } from './organisation.js';

builder.prismaObjectField('Division', 'active', (t) =>
  t.exposeBoolean('active', { description: 'false: deactivated; receives no new dispositions, its history stays' }),
);

const CreateAgencyInput = builder.inputType('CreateAgencyInput', {
  fields: (t) => ({
    code: t.string({ description: 'Unique short code, e.g. DISPORBUDPAR (capitals, digits, - and _)' }),
    name: t.string(),
    regency: t.string({ description: 'e.g. Kabupaten Sleman' }),
    timeZone: t.string({ required: false, description: 'Asia/Jakarta (default), Asia/Makassar or Asia/Jayapura' }),
  }),
});

const UpdateAgencyInput = builder.inputType('UpdateAgencyInput', {
  fields: (t) => ({
    code: t.string({ required: false }),
    name: t.string({ required: false }),
    regency: t.string({ required: false }),
    timeZone: t.string({ required: false }),
  }),
});

const CreateDivisionInput = builder.inputType('CreateDivisionInput', {
  fields: (t) => ({
    agencyId: t.globalID({ for: AgencyNode }),
    code: t.string({ description: 'Unique within the agency' }),
    name: t.string(),
    parentId: t.globalID({ for: DivisionNode, required: false, description: 'A division of the same agency; omit for the top level' }),
  }),
});

const UpdateDivisionInput = builder.inputType('UpdateDivisionInput', {
  fields: (t) => ({
    code: t.string({ required: false }),
    name: t.string({ required: false }),
    parentId: t.globalID({
      for: DivisionNode,
      required: false,
      description: 'Move under this division (same agency); null moves it to the top level; omit to leave it',
    }),
    active: t.boolean({ required: false, description: 'false deactivates (no active staff or sub-divisions may remain)' }),
  }),
});

const ERRORS = { types: [InvalidInputError, NotFoundError] };

builder.mutationFields((t) => ({
  createAgency: t.prismaField({
    type: 'Agency',
    description: 'Add an agency (OPD) to the regency.',
    authScopes: { role: ['COORDINATOR'] },
    errors: ERRORS,
    args: { input: t.arg({ type: CreateAgencyInput }) },
    resolve: (_q, _r, { input }, ctx) => createAgency(ctx.services.db.prisma, actorOf(ctx.viewer), input),
  }),
  updateAgency: t.prismaField({
    type: 'Agency',
    authScopes: { role: ['COORDINATOR'] },
    errors: ERRORS,
    args: { id: t.arg.globalID({ for: AgencyNode }), input: t.arg({ type: UpdateAgencyInput }) },
    resolve: (_q, _r, { id, input }, ctx) => updateAgency(ctx.services.db.prisma, actorOf(ctx.viewer), id.id, input),
  }),
  createDivision: t.prismaField({
    type: 'Division',
    description: 'Add a division (bidang/seksi). An ADMIN: their own agency only.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: ERRORS,
    args: { input: t.arg({ type: CreateDivisionInput }) },
    resolve: (_q, _r, { input }, ctx) =>
      createDivision(ctx.services.db.prisma, actorOf(ctx.viewer), {
        agencyId: input.agencyId.id,
        code: input.code,
        name: input.name,
        parentId: input.parentId?.id ?? null,
      }),
  }),
  updateDivision: t.prismaField({
    type: 'Division',
    description: 'Rename, recode, move in the tree, deactivate or reactivate a division.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: ERRORS,
    args: { id: t.arg.globalID({ for: DivisionNode }), input: t.arg({ type: UpdateDivisionInput }) },
    resolve: (_q, _r, { id, input }, ctx) =>
      updateDivision(ctx.services.db.prisma, actorOf(ctx.viewer), id.id, {
        code: input.code,
        name: input.name,
        parentId: input.parentId === undefined ? undefined : (input.parentId?.id ?? null),
        active: input.active,
      }),
  }),
}));
