// The codes on the head's disposition sheet (lembar disposisi), as GraphQL enums.
import { DispositionInstruction, DispositionPriority } from '../generated/prisma/enums.js';
import { builder } from '../graphql/builder.js';

export const DispositionInstructionEnum = builder.enumType(DispositionInstruction, {
  name: 'DispositionInstruction',
  description:
    'Standard instructions ticked on a disposition sheet: TINDAK_LANJUTI (follow up), KOORDINASIKAN (coordinate), PELAJARI (study), UNTUK_DIKETAHUI (for information), LAPORKAN_HASILNYA (report the result), SIAPKAN_JAWABAN (prepare an answer), HADIR_WAKILI (attend/represent), ARSIPKAN (file).',
});

export const DispositionPriorityEnum = builder.enumType(DispositionPriority, {
  name: 'DispositionPriority',
  description: 'Sifat disposisi: BIASA (ordinary), SEGERA (urgent), SANGAT_SEGERA (very urgent).',
});
