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
  return [
    `Tindak lanjut atas laporan ${complaint.trackingId}: ${complaint.title.trim()}`,
    ...(results.length ? [resultBlocks(results)] : []),
    'Terima kasih atas laporan Anda.',
  ].join('\n\n');
}

/**
 * Response templates (per agency and category): `{{name}}` placeholders filled from the complaint
 * and the round's results when the liaison compiles the report without writing the text.
 */
export const TEMPLATE_PLACEHOLDERS = {
  trackingId: 'LAPOR! tracking ID',
  title: 'the report’s title',
  registerNumber: 'the register book number',
  receivedDate: 'the date of receipt (YYYY-MM-DD, agency time)',
  today: 'the date of compiling (YYYY-MM-DD, agency time)',
  divisions: 'the divisions that followed up, comma-separated',
  results: 'every division’s facts, action taken and solution (the drafted blocks)',
} as const;
export type TemplatePlaceholder = keyof typeof TEMPLATE_PLACEHOLDERS;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Placeholders in `body` that are not known (each once, in order of appearance). */
export function unknownPlaceholders(body: string): string[] {
  const unknown = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !(n in TEMPLATE_PLACEHOLDERS));
  return [...new Set(unknown)];
}

/** Fills every placeholder; throws RangeError on an unknown one (check with unknownPlaceholders first). */
export function renderResponseTemplate(body: string, values: Record<TemplatePlaceholder, string>): string {
  return body.replace(PLACEHOLDER, (_m, name: string) => {
    if (!(name in TEMPLATE_PLACEHOLDERS)) throw new RangeError(`unknown placeholder {{${name}}}`);
    return values[name as TemplatePlaceholder];
  });
}

/** The `results` placeholder: the drafted blocks without the heading and the closing line. */
export function resultBlocks(results: readonly DivisionResult[]): string {
  return results
    .map((r) =>
      [
        r.divisionName,
        `Fakta di lapangan: ${r.facts.trim()}`,
        `Tindakan yang dilakukan: ${r.actionTaken.trim()}`,
        `Solusi: ${r.solution.trim()}`,
      ].join('\n'),
    )
    .join('\n\n');
}
