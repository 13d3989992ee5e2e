/**
 * Test helper: the text a PDF shows, read from its content streams (inflated when FlateDecode) — the
 * hex strings of pdfkit's `TJ` operators decoded as WinAnsi. Enough to check what a bulletin prints.
 */
import { inflateSync } from 'node:zlib';

export function pdfText(pdf: Buffer): string[] {
  const lines: string[] = [];
  const src = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  const dec = new TextDecoder('windows-1252');
  for (;;) {
    const m = re.exec(src);
    if (m === null) break;
    const start = m.index + m[0].length;
    const end = src.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    let text: string;
    try {
      text = inflateSync(raw).toString('latin1');
    } catch {
      text = raw.toString('latin1');
    }
    for (const t of text.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
      const parts = [...t[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => dec.decode(Buffer.from(h[1], 'hex')));
      lines.push(parts.join(''));
    }
    re.lastIndex = end + 'endstream'.length;
  }
  return lines;
}

/** Number of image XObjects drawn (logo, signatures). */
export function pdfImageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length;
}

/** Number of pages. */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}
