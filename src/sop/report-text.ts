// SOP step 6: the follow-up report is "built from all divisions' results". When the liaison does not
// write the text, this drafts it from the results so nothing a division found is left out. Pure.

export interface DivisionResult {
  divisionName: string;
  facts: string;
  actionTaken: string;
  solution: string;
}

/**
 * The text to post on LAPOR!: one block per division, in the order given. Never mentions the
 * reporter: the post is public.
 */
export function defaultFollowUpReportText(complaint: { trackingId: string; title: string }, results: readonly DivisionResult[]): string {
  const blocks = results.map((r) =>
    [
      r.divisionName,
      `Fakta di lapangan: ${r.facts.trim()}`,
      `Tindakan yang dilakukan: ${r.actionTaken.trim()}`,
      `Solusi: ${r.solution.trim()}`,
    ].join('\n'),
  );
  return [
    `Tindak lanjut atas laporan ${complaint.trackingId}: ${complaint.title.trim()}`,
    ...blocks,
    'Terima kasih atas laporan Anda.',
  ].join('\n\n');
}
