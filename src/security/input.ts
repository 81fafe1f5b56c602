// Strings PostgreSQL cannot store or that no person types: control characters (NUL and the other C0
// codes except tab, line feed and carriage return) and lone UTF-16 surrogates. Rejected at the edge,
// for every string argument and variable, as INVALID_INPUT naming where they were.
import { Kind, visit, type DocumentNode } from 'graphql';
import type { FieldIssue } from '../errors.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badStringMessage(value: string): string | null {
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (lone surrogate)';
  return null;
}

export function badStringIssues(document: DocumentNode, variables: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (value: unknown, field: string, depth: number) => {
    if (depth > 20 || issues.length >= 20) return;
    if (typeof value === 'string') {
      const message = badStringMessage(value);
      if (message) issues.push({ field, message });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, `${field}[${i}]`, depth + 1);
      });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${field}.${k}`, depth + 1);
    }
  };
  for (const [name, value] of Object.entries(variables)) walk(value, name, 0);
  // Literals written into the document: name them by argument and input field.
  const path: string[] = [];
  visit(document, {
    Argument: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
    StringValue: (n) => {
      const message = badStringMessage(n.value);
      if (message && issues.length < 20) issues.push({ field: path.join('.') || 'query', message });
    },
    [Kind.DIRECTIVE]: () => undefined,
  });
  return issues;
}
