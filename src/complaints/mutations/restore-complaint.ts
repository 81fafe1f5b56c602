// The head overrules an archiving: the report goes back to the status it had before, with a note
// saying why (the decision is audited like the archiving was).
import { restoreSummary } from '../history-summary.js';
import type { ComplaintStatus } from '../workflow.js';
import { reasonedMutation } from './step.js';

reasonedMutation('restoreComplaint', {
  description: 'Head of the agency: restore an archived report to the status it had before archiving.',
  roles: ['HEAD'],
  action: 'RESTORE',
  text: { arg: 'note', description: 'Why the report is restored' },
  update: () => ({ statusBeforeArchive: null }),
  // The workflow refuses a restore without a valid previous status, so it is set here.
  summary: (c, note) => restoreSummary({ to: c.statusBeforeArchive as ComplaintStatus, note }),
});
