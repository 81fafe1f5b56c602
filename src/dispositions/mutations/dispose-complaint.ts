// SOP step 3: the head disposes the registered report to divisions (src/sop/actions/dispose.ts).
import { DivisionNode } from '../../agencies/types.js';
import {
  COMPLAINT_REF_ARG,
  EXPECTED_VERSION_ARG,
  performStepOn,
  reloadComplaint,
  stepAuthScopes,
  stepDescription,
} from '../../complaints/mutations/step.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { dispose } from '../../sop/actions/dispose.js';
import { DispositionInstructionEnum, DispositionPriorityEnum } from '../types.js';

const DisposeComplaintInput = builder.inputType('DisposeComplaintInput', {
  fields: (t) => ({
    divisionIds: t.globalIDList({ for: DivisionNode, description: 'Divisions (bidang/seksi) of the complaint’s agency' }),
    instructions: t.field({ type: [DispositionInstructionEnum], description: 'At least one instruction code' }),
    note: t.string({ description: 'The head’s handwritten instruction on the sheet' }),
    priority: t.field({ type: DispositionPriorityEnum, defaultValue: 'BIASA' }),
    hasOversight: t.boolean({ required: false, description: 'LAPORAN berkadar pengawasan; null: keep the classification from receipt' }),
  }),
});

builder.mutationField('disposeComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      dispose.action,
      'Langkah 3 SOP: Kepala Dinas mendisposisikan laporan yang sudah dicatat ke satu bidang atau lebih.',
      'SOP step 3: the head disposes the registered report to one or more divisions.',
    ),
    authScopes: stepAuthScopes(dispose.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      input: t.arg({ type: DisposeComplaintInput }),
    },
    resolve: async (query, _root, { id, expectedVersion, input }, ctx) => {
      const updated = await performStepOn(ctx, dispose, {
        ref: id,
        expectedVersion,
        input: {
          divisionIds: input.divisionIds.map((d) => d.id),
          instructions: input.instructions,
          note: input.note,
          priority: input.priority ?? 'BIASA',
          hasOversight: input.hasOversight,
        },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
