// "Bukan wewenang": the report is not this agency's authority. The admin sends it back to the
// regency team (COORDINATOR), who can dispatch it to the right agency.
import { returnSummary } from '../history-summary.js';
import { reasonedMutation } from './step.js';

reasonedMutation('returnComplaint', {
  description: 'Bukan wewenang: return the report to the regency team, with the reason.',
  roles: ['ADMIN'],
  action: 'RETURN',
  text: { arg: 'reason', description: 'Why this is not the agency’s authority' },
  summary: (_c, reason) => returnSummary(reason),
});
