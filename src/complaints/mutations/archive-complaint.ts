// The admin archives a duplicate or spam report before it is disposed, with the reason; the status
// it had is kept so the head can restore it.
import { archiveSummary } from '../history-summary.js';
import { reasonedMutation } from './step.js';

reasonedMutation('archiveComplaint', {
  description: 'Archive a duplicate or spam report (before disposition), with the reason. The head can restore it.',
  roles: ['ADMIN'],
  action: 'ARCHIVE',
  text: { arg: 'reason', description: 'E.g. duplicate of another tracking ID, or spam' },
  update: (c) => ({ statusBeforeArchive: c.status }),
  summary: (_c, reason) => archiveSummary(reason),
});
