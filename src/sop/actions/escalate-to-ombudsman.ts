// The Ombudsman takes over a report left without a response for 60 calendar days after receipt (a
// note, not a status change: the agency keeps working on it). The sweeper records it for the rows it
// locked and marked.
import type { Config } from '../../config.js';
import { recordNotes, SYSTEM_ACTOR, type Note, type Tx } from '../runner.js';
import { escalationSummary } from '../wording.js';

export async function recordOmbudsmanEscalations(
  tx: Tx,
  config: Pick<Config, 'ombudsmanLength' | 'ombudsmanUnit'>,
  complaints: readonly Note['complaint'][],
  at: Date,
): Promise<void> {
  const summary = escalationSummary({ length: config.ombudsmanLength, unit: config.ombudsmanUnit });
  await recordNotes(
    tx,
    SYSTEM_ACTOR,
    complaints.map((complaint) => ({ complaint, action: 'ESCALATE_TO_OMBUDSMAN', summary })),
    at,
  );
}
