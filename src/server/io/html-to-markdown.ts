import TurndownService from 'turndown';
import {safeUrl} from '../../markdown/safe-url.js';
import {simpleHtmlToMarkdown} from './simple-html.js';

// Imported bodies are HTML (Disqus, WordPress, Remark42). They become comment Markdown through turndown, with
// every element outside Markdown's reach dropped: script-like elements go with their content, anything else keeps
// only its text. Attributes never survive (Markdown has none), and a link or image keeps its URL only when it is
// http(s) or mailto, the renderer's own allowlist. What comes out is then checked like a post (fields.ts).

const DROPPED = ['script', 'style', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset', 'noscript', 'template',
  'svg', 'math', 'head', 'title', 'meta', 'link', 'base', 'textarea', 'select', 'button', 'input', 'form'] as const;

/** The URL a Markdown link may carry, its brackets and spaces escaped; null when it isn't allowed. */
function linkTarget(raw: string | null): string | null {
  const url = raw === null ? null : safeUrl(raw);
  return url === null ? null : url.replace(/[()<>\s\\]/g, (c) => encodeURIComponent(c));
}

function makeService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx', codeBlockStyle: 'fenced', fence: '```', bulletListMarker: '-', emDelimiter: '*', strongDelimiter: '**', hr: '',
  });
  service.remove([...DROPPED] as TurndownService.Filter);
  // Comment Markdown has no headings, rules or images: a heading becomes a bold line, an image a link to it.
  service.addRule('heading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content) => (content.trim() === '' ? '' : `\n\n**${content.trim()}**\n\n`),
  });
  service.addRule('rule', {filter: 'hr', replacement: () => '\n\n'});
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const alt = service.escape((element.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim());
      const src = linkTarget(element.getAttribute('src'));
      const insideLink = element.closest?.('a') != null;
      return src === null || insideLink ? alt : `[${alt || 'image'}](${src})`;
    },
  });
  service.addRule('link', {
    filter: 'a',
    replacement: (content, node) => {
      const href = linkTarget((node as HTMLElement).getAttribute('href'));
      if (href === null) return content;
      return `[${content.trim() === '' ? service.escape(href) : content}](${href})`;
    },
  });
  const turndownEscape = service.escape.bind(service);
  // Beyond turndown's own escapes: `<` (no autolink or tag can start) and an `&` that would read as a character
  // reference, so text shows exactly as it did.
  service.escape = (text: string) => turndownEscape(text).replace(/</g, '\\<').replace(/&(?=#?\w+;)/g, '\\&');
  return service;
}

let service: TurndownService | null = null;

/** Comment Markdown for an HTML body, with everything unsafe dropped. */
export function htmlToMarkdown(html: string): string {
  service ??= makeService();
  const simple = simpleHtmlToMarkdown(html, service.escape, linkTarget);
  return simple ?? turndownMarkdown(html);
}

/** The same through turndown alone (every input it can't take goes here; tests compare the two). */
export function turndownMarkdown(html: string): string {
  service ??= makeService();
  return service.turndown(html).replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * WordPress keeps comments as typed and adds paragraphs when it shows them (wpautop): a blank line ends a paragraph,
 * a single line break is a `<br>`. Done here (outside `<pre>`) before the HTML is read, so lines stay lines.
 */
export function wordpressAutop(text: string): string {
  return text.replace(/\r\n?/g, '\n').split(/(<pre[\s>][\s\S]*?<\/pre>)/i).map((part, i) => (i % 2 === 1
    ? part
    : part.trim() === '' ? part : `<p>${part.trim().replace(/\n\s*\n/g, '</p><p>').replace(/\n/g, '<br>\n')}</p>`)).join('');
}
