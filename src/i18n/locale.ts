// The request's language: Bahasa Indonesia or English, from Accept-Language (RFC 9110 §12.5.4).
// Indonesian unless the caller prefers English: the browser console on an Indonesian office PC sends
// nothing useful or `id`, the SDK sends `en` by default. Pure.

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

/**
 * The supported language the header ranks highest (by q, then by order); `id` when it names none of
 * ours, is missing or cannot be read. `en-US`, `en-GB` count as `en`; `in` (the old code) as `id`.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  let best: { locale: Locale; q: number; index: number } | null = null;
  header.split(',').forEach((part, index) => {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const locale: Locale | null = primary === 'en' ? 'en' : primary === 'id' || primary === 'in' ? 'id' : null;
    if (!locale) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    if (!best || q > best.q) best = { locale, q, index };
  });
  return (best as { locale: Locale } | null)?.locale ?? DEFAULT_LOCALE;
}
