// The head's disposition sheet (lembar disposisi, SOP step 3) as a graph type, and its enums. The
// lifecycle mutations import DispositionInstructionEnum and DispositionPriorityEnum from here.
import { DivisionNode, userById } from '../agencies/types.js';
import { complaintChildNode } from '../complaints/visibility.js';
import { DispositionInstruction, DispositionPriority } from '../generated/prisma/enums.js';
import { builder } from '../graphql/builder.js';

export const DispositionInstructionEnum = builder.enumType(DispositionInstruction, {
  name: 'DispositionInstruction',
  description:
    'Standard instruction codes of a disposition sheet: TINDAK_LANJUTI (follow up), KOORDINASIKAN (coordinate), PELAJARI (study), UNTUK_DIKETAHUI (for information), LAPORKAN_HASILNYA (report the result), SIAPKAN_JAWABAN (prepare an answer), HADIR_WAKILI (attend / represent), ARSIPKAN (file).',
});

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
