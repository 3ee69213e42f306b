// The one escaping renderer for HTML made outside the browser (server pages, mail, feeds). Every interpolated value
// is escaped unless it is already SafeHtml, which only this module and markdownToHtml make. There is no way to mark
// a plain string as safe from outside: trusted markup is written as a template literal here or in the caller.

const ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

/** Escapes text for an element's content or a quoted attribute value (also valid in XML). */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Markup made by this renderer; its `value` is safe to send as HTML. */
export class SafeHtml {
  readonly #value: string;
  /** @internal Only `html`, `joinHtml` and markdownToHtml construct it. */
  constructor(value: string, key: typeof MINT) {
    if (key !== MINT) throw new Error('SafeHtml is made only by html``.');
    this.#value = value;
  }
  get value(): string {
    return this.#value;
  }
  toString(): string {
    return this.#value;
  }
}

const MINT = Symbol('mint');
/** @internal For markdownToHtml, which builds markup from the parsed tree and escapes every value itself. */
export const mintHtml = (value: string): SafeHtml => new SafeHtml(value, MINT);

/** A value `html` accepts: text (escaped), a number, SafeHtml (kept), nothing (dropped), or a list of these. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const part = (v: HtmlValue): string => {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(String(v));
};

/** A tagged template: `html\`<p>${name}</p>\`` escapes `name`. Use it only inside quoted attributes and content. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return mintHtml(out);
}
