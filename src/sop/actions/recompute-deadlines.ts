// A holiday change moved a complaint's running deadlines: the note in its history says which and how
// far. The deadline arithmetic is in src/deadlines/ (recompute-affected.ts), which calls this.
import { recordNotes, type Actor, type Note, type Tx } from '../runner.js';
import { recomputeSummary } from '../wording.js';

export async function recordDeadlinesRecomputed(
  tx: Tx,
  actor: Pick<Actor, 'id' | 'role'>,
  complaint: Note['complaint'],
  change: Parameters<typeof recomputeSummary>[0],
  at: Date,
): Promise<void> {
  await recordNotes(tx, actor, [{ complaint, action: 'RECOMPUTE_DEADLINES', summary: recomputeSummary(change) }], at);
}
