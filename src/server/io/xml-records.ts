import {SaxesParser} from 'saxes';
import {openText, textChunks} from './input.js';

// Disqus and WordPress exports are large XML files. saxes reads them as a stream; only the element being collected
// (one Disqus post, one WordPress item with its comments) is held, as a small tree of local names (prefixes dropped,
// so an export that binds its namespaces to other prefixes reads the same).

/** An element: its local name, attributes by local name, text (CDATA included) and child elements. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  /** The line it starts on, for messages. */
  line: number;
  /** The first well-formedness error inside it, when the lenient mode read on past one. */
  error?: string;
}

/** The file is not well-formed XML: the message names the line. */
export class XmlError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
    this.name = 'XmlError';
  }
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** The first child named `name`, its trimmed text, or an attribute of it. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}
export function childText(node: XmlNode, name: string): string | null {
  const found = child(node, name);
  return found === undefined ? null : found.text.trim();
}

/**
 * Streams the elements whose local name is in `collect` (at any depth, outermost first) from an XML file, .gz or
 * not. Strict: the first error ends the read with an XmlError naming its line. Lenient: a stray leading byte is
 * skipped, and an error inside a collected element marks that element (`error`) instead of ending the read.
 */
export async function* xmlRecords(path: string, collect: ReadonlySet<string>, {lenient}: {lenient: boolean}): AsyncGenerator<XmlNode> {
  const parser = new SaxesParser({position: true});
  const stack: XmlNode[] = [];
  let ready: XmlNode[] = [];
  let fatal: XmlError | null = null;
  parser.on('error', (error) => {
    const line = parser.line;
    const message = error.message.replace(/^(?:[^:\d][^:]*:)?\d+:\d+: /, '');
    if (!lenient) {
      fatal ??= new XmlError(`The file is not well-formed XML: line ${line}: ${message} (--lenient skips stray bytes before the first tag, and each malformed comment, reporting them.)`, line);
      return;
    }
    // Mark the record being read; an error outside any record is skipped over.
    const record = stack[0];
    if (record && record.error === undefined) record.error = `line ${line}: ${message}`;
  });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (stack.length === 0 && !collect.has(name)) return;
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attrs[local(key)] = String(value);
    const node: XmlNode = {name, attrs, text: '', children: [], line: parser.line};
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    const node = stack.pop();
    if (node && stack.length === 0) ready.push(node);
  });
  const stream = await openText(path);
  try {
    for await (const chunk of textChunks(stream, {skipBefore: lenient ? '<' : null})) {
      parser.write(chunk);
      if (fatal) throw fatal;
      const out = ready;
      ready = [];
      yield* out;
    }
    parser.close();
    if (fatal) throw fatal;
    yield* ready;
  } finally {
    stream.destroy();
  }
}
