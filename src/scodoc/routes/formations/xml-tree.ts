/**
 * A minimal XML reader for ScoDoc's formation exports (formation-exemple-1.xml): elements and
 * attributes only (those files carry no text content), entities decoded. Throws on malformed input.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const tag =
    /<(\?[\s\S]*?\?>|!--[\s\S]*?-->|!\[CDATA\[[\s\S]*?\]\]>|!DOCTYPE[^>]*>|\/?[A-Za-z_][\w.:-]*(?:\s+[^<>]*?)?\/?>)/g;
  let last = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (text.slice(last, m.index).trim() && stack.length === 0) throw new Error('text outside the root element');
    last = tag.lastIndex;
    const body = m[1];
    if (body[0] === '?' || body[0] === '!') continue;
    if (body[0] === '/') {
      const name = body.slice(1, -1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`unexpected </${name}>`);
      continue;
    }
    const selfClosing = body.endsWith('/>');
    const inner = body.slice(0, selfClosing ? -2 : -1);
    const nameMatch = /^[A-Za-z_][\w.:-]*/.exec(inner)!;
    const attrs: Record<string, string> = {};
    const attrRe = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
    const rest = inner.slice(nameMatch[0].length);
    for (let a = attrRe.exec(rest); a; a = attrRe.exec(rest)) attrs[a[1]] = decode(a[3] ?? a[4] ?? '');
    const el: XmlElement = { name: nameMatch[0], attrs, children: [] };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error('several root elements');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (!root || stack.length) throw new Error('unterminated XML document');
  return root;
}
