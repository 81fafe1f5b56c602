// The head's disposition sheet (lembar disposisi, SOP step 3) as a graph type, and its enums. The
// lifecycle mutations import DispositionInstructionEnum and DispositionPriorityEnum from here.
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
