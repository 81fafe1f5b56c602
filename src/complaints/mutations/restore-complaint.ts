// The head restores an archived report (src/sop/actions/restore.ts).
import { restore } from '../../sop/actions/restore.js';
import { reasonedMutation } from './step.js';

reasonedMutation('restoreComplaint', {
  description: 'Head of the agency: restore an archived report to the status it had before archiving.',
  descriptionId: 'Kepala Dinas: memulihkan laporan yang diarsipkan ke status sebelum diarsipkan.',
  step: restore,
  text: { arg: 'note', description: 'Why the report is restored' },
});
