// The regency team dispatches a returned report to an agency (src/sop/actions/dispatch.ts).
import { AgencyNode } from '../../agencies/types.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { dispatch } from '../../sop/actions/dispatch.js';
import { COMPLAINT_REF_ARG, EXPECTED_VERSION_ARG, performStepOn, reloadComplaint, stepAuthScopes, stepDescription } from './step.js';

builder.mutationField('dispatchComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      dispatch.action,
      'Tim Administrator Kabupaten: mendisposisikan ulang laporan yang dikembalikan ke perangkat daerah lain; diterima di sana sebagai laporan baru (batas waktu tindak lanjut dimulai lagi; batas Ombudsman tetap dari penerimaan pertama).',
      'Regency team: dispatch a returned report to an agency; it is received there anew (its follow-up clock restarts; the Ombudsman clock keeps running from firstReceivedAt).',
    ),
    authScopes: stepAuthScopes(dispatch.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      agencyId: t.arg.globalID({ for: AgencyNode }),
      note: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStepOn(ctx, dispatch, {
        ref: args.id,
        expectedVersion: args.expectedVersion,
        input: { agencyId: args.agencyId.id, note: args.note ?? null },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
