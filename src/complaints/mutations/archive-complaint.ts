// Archive a duplicate or spam report (src/sop/actions/archive.ts).
import { archive } from '../../sop/actions/archive.js';
import { reasonedMutation } from './step.js';

reasonedMutation('archiveComplaint', {
  description: 'Archive a duplicate or spam report (before disposition), with the reason. The head can restore it.',
  descriptionId: 'Mengarsipkan laporan ganda atau spam (sebelum disposisi), dengan alasan. Kepala Dinas dapat memulihkannya.',
  step: archive,
  text: { arg: 'reason', description: 'E.g. duplicate of another tracking ID, or spam' },
});
