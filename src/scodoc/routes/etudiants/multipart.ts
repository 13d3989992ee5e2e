/** The first file part of a multipart/form-data body (photo upload, ScoDoc 9.6 form field `file`). */
export function firstFilePart(raw: Buffer, contentType: string): { filename: string; data: Buffer } | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) return null;
  const boundary = Buffer.from(`--${(m[1] ?? m[2]).trim()}`);
  let pos = raw.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    const next = raw.indexOf(boundary, start);
    if (next < 0) break;
    const part = raw.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const fn = /filename="([^"]*)"/i.exec(headers);
      if (fn) {
        let body = part.subarray(headerEnd + 4);
        if (body.subarray(-2).toString('latin1') === '\r\n') body = body.subarray(0, -2);
        return { filename: fn[1], data: Buffer.from(body) };
      }
    }
    pos = next;
  }
  return null;
}
