// The two formats the spec defines: JSON, and XML (its required format) built with fast-xml-parser.
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false, processEntities: true });

/** XML has no null: an empty element, as GeoReport servers write it. */
function xmlValues(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(xmlValues);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlValues(x)]));
  return String(v);
}

/**
 * `list`: the JSON array; in XML it becomes <root><item>…</item>…</root>. Discovery is one object:
 * pass `single` instead.
 */
export function render(format: Format, root: string, item: string, list: unknown[]): string {
  if (format === 'json') return JSON.stringify(list);
  return xmlDocument({ [root]: { [item]: xmlValues(list) } });
}

export function xmlDocument(body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(xmlValues(body))}`;
}

export function renderErrors(format: Format, errors: { code: number; description: string }[]): string {
  return render(format, 'errors', 'error', errors);
}
