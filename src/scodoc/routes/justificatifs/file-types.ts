/**
 * Justificatif files (scodoc-assiduites.md AS7): the type comes from the first bytes (the declared type and
 * the name's extension are ignored), the name is reduced to a safe base name, every part of a multipart body
 * that carries a file is taken whatever its field name (clients use `files`).
 */

/** PDF, JPEG, PNG by their magic numbers; null for anything else. */
export function sniffMime(data: Uint8Array): { mime: string; ext: string } | null {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { mime: 'image/png', ext: 'png' };
  }
  return null;
}

/** A safe base name: no directory, no control or reserved characters, at most 120 characters. */
export function safeName(name: string, fallbackExt: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    // Control characters (code points below 32 and 127) and the characters Windows refuses in names.
    .replace(/[<>:"|?*]/g, '_')
    .replace(/./gsu, (c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? '_' : c))
    .replace(/^\.+/, '')
    .trim()
    .slice(-120);
  return clean || `fichier.${fallbackExt}`;
}

export interface FilePart {
  readonly filename: string;
  readonly data: Buffer;
}

/** Every part of a multipart/form-data body with a `filename` (any field name). */
export function fileParts(raw: Buffer, contentType: string): FilePart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) return [];
  const boundary = Buffer.from(`--${(m[1] ?? m[2]).trim()}`);
  const out: FilePart[] = [];
  let pos = raw.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    const next = raw.indexOf(boundary, start);
    if (next < 0) break;
    const part = raw.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const fn = /filename\*?="?([^";\r\n]*)"?/i.exec(headers);
      if (fn) {
        let body = part.subarray(headerEnd + 4);
        if (body.subarray(-2).toString('latin1') === '\r\n') body = body.subarray(0, -2);
        out.push({ filename: fn[1], data: Buffer.from(body) });
      }
    }
    pos = next;
  }
  return out;
}
