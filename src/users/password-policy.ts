// What makes a password acceptable: at least 12 characters, and not guessable by zxcvbn-ts (its
// lists of common passwords, names and words in English and Indonesian, keyboard patterns, dates,
// and the user's own email and name). Pure: no I/O (its word lists load on first use).
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn score 0–4; 3 = "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;

// The word lists are ~2 MB of code, decompressed when loaded, and only a password change needs them:
// loaded on the first check, not at start-up.
let factory: Promise<ZxcvbnFactory> | undefined;
function zxcvbn(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-id'),
  ]).then(
    ([core, common, en, id]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary, ...id.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return factory;
}

/** Words a password must not be built from: the email (and its parts) and the name. */
function personalWords(email: string, name: string): string[] {
  const local = email.split('@')[0] ?? '';
  const domain = email.split('@')[1] ?? '';
  return [email, local, domain, ...local.split(/[._+-]/), ...domain.split('.'), name, ...name.split(/\s+/)]
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length >= 3);
}

/** The problem with a password, in a sentence, or null when it is acceptable. */
export async function passwordProblem(password: string, person: { email: string; name: string }): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'must be at most 256 characters';
  const local = person.email.split('@')[0]!.toLowerCase();
  if (local.length >= 4 && password.toLowerCase().includes(local)) return 'must not contain your email address';
  const result = (await zxcvbn()).check(password, personalWords(person.email, person.name));
  if (result.score >= MIN_SCORE) return null;
  const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return `is too easy to guess${hint ? `: ${hint}` : ''}`;
}
