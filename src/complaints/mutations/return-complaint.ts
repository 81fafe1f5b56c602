// "Bukan wewenang": return the report to the regency team (src/sop/actions/return.ts).
import { returnComplaint } from '../../sop/actions/return.js';
import { reasonedMutation } from './step.js';

reasonedMutation('returnComplaint', {
  description: 'Bukan wewenang: return the report to the regency team, with the reason.',
  descriptionId: 'Bukan wewenang: mengembalikan laporan ke Tim Administrator Kabupaten, dengan alasan.',
  step: returnComplaint,
  text: { arg: 'reason', description: 'Why this is not the agency’s authority' },
});
