// Fonts embedded in every PDF: DejaVu Sans from the `dejavu-fonts-ttf` package (installed with npm,
// read from disk, never fetched). Unlike pdfkit's built-in Helvetica it covers every character a
// complainant may type (names, place names, punctuation beyond Latin-1), so nothing prints as a box.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Doc } from './layout.js';

export const FONT_REGULAR = 'Sans';
export const FONT_BOLD = 'Sans-Bold';

let cache: { regular: Buffer; bold: Buffer } | undefined;

function fontFiles() {
  if (!cache) {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    cache = { regular: readFileSync(path.join(dir, 'DejaVuSans.ttf')), bold: readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')) };
  }
  return cache;
}

export function registerFonts(doc: Doc): void {
  const f = fontFiles();
  doc.registerFont(FONT_REGULAR, f.regular);
  doc.registerFont(FONT_BOLD, f.bold);
}

/** svg-to-pdfkit asks for fonts by CSS family; every chart uses the same embedded sans. */
export function chartFont(_family: string, bold: boolean): string {
  return bold ? FONT_BOLD : FONT_REGULAR;
}
