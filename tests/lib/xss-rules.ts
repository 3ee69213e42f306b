// The pass rules of ../shared/xss/README.md as one self-contained function, run inside the page under test: by the
// widget's browser test (imported) and by the server pages' test (handed to page.evaluate, so it may use nothing
// from outside its own body).

/**
 * What breaks the rules among `nodes`: a forbidden element, an `on*` or `style` attribute, a URL attribute whose
 * scheme isn't http, https or mailto, or a link without rel="nofollow ugc noopener". Elements matching `own` are the
 * page's own markup (its form, its relative links), allowed as such; their other attributes are still checked.
 */
export function xssViolations(nodes: Iterable<Element>, where: string, own = ':not(*)'): string[] {
  const forbidden = new Set(['script', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'style', 'link', 'meta', 'base', 'img', 'frame', 'frameset', 'applet', 'video', 'audio', 'source', 'template']);
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'srcdoc', 'xlink:href', 'data', 'poster', 'background', 'cite'];
  const safeSchemes = new Set(['http:', 'https:', 'mailto:']);
  // The scheme a browser would use: control characters and leading space are ignored.
  const schemeOf = (value: string) => {
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ''));
    return m ? `${m[1]!.toLowerCase()}:` : 'relative';
  };
  const found: string[] = [];
  for (const node of nodes) {
    const tag = node.localName;
    const isOwn = node.matches(own);
    if (forbidden.has(tag) && !isOwn) found.push(`${where}: <${tag}>`);
    for (const attr of node.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${where}: ${name} on <${tag}>`);
      if (name === 'style') found.push(`${where}: style on <${tag}>`);
      if (urlAttrs.includes(name)) {
        const scheme = schemeOf(attr.value);
        if (!safeSchemes.has(scheme) && !(isOwn && scheme === 'relative')) found.push(`${where}: ${name}="${attr.value.slice(0, 60)}" (${scheme})`);
        if (tag === 'a' && !isOwn && node.getAttribute('rel') !== 'nofollow ugc noopener') found.push(`${where}: <a> without rel="nofollow ugc noopener"`);
      }
    }
  }
  return found;
}
