// The head's disposition sheet (lembar disposisi, SOP step 3) as a graph type, and its enums. The
// lifecycle mutations import DispositionInstructionEnum and DispositionPriorityEnum from here.
import { DivisionNode, userById } from '../agencies/types.js';
import { complaintChildNode } from '../complaints/visibility.js';
import { DispositionInstruction, DispositionPriority } from '../generated/prisma/enums.js';
import { builder } from '../graphql/builder.js';
import { INSTRUCTION_LABELS } from '../i18n/messages.js';

export const DispositionInstructionEnum = builder.enumType('DispositionInstruction', {
  description: 'Kode instruksi baku lembar disposisi / standard instruction codes of a disposition sheet.',
  values: Object.fromEntries(
    (Object.keys(DispositionInstruction) as Instruction[]).map((code) => [
      code,
      { value: code, description: `${INSTRUCTION_LABELS.id[code]} / ${INSTRUCTION_LABELS.en[code]}` },
    ]),
  ) as Record<Instruction, { value: Instruction; description: string }>,
});
type Instruction = keyof typeof DispositionInstruction;

export const DispositionPriorityEnum = builder.enumType(DispositionPriority, {
  name: 'DispositionPriority',
  description: 'BIASA (normal), SEGERA (urgent), SANGAT_SEGERA (very urgent).',
});

export const DispositionNode = builder.prismaNode('Disposition', {
  ...complaintChildNode,
  fields: (t) => ({
    round: t.exposeInt('round', { description: 'Round in which the head disposed the report' }),
    instructions: t.expose('instructions', { type: [DispositionInstructionEnum] }),
    note: t.exposeString('note', { description: 'Free-text instruction written on the sheet' }),
    priority: t.expose('priority', { type: DispositionPriorityEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    divisions: t.field({
      type: [DivisionNode],
      description: 'The divisions (bidang) the report was disposed to',
      select: { divisions: { select: { division: true }, orderBy: { division: { code: 'asc' } } } },
      resolve: (d) => d.divisions.map((dd) => dd.division),
    }),
    disposedBy: t.field(userById((d) => d.disposedById)),
  }),
});
