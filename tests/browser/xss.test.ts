import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Comment} from '../../src/adapters/adapter.js';
import {cleanup, mountThread, parts} from './helpers.js';

// Pass rules from ../shared/xss/README.md, checked in the real DOM after the widget rendered each payload
// as a comment body, an author name and an author website.
const FORBIDDEN_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'style', 'link', 'meta', 'base', 'img', 'frame', 'frameset', 'applet', 'video', 'audio', 'source', 'template']);
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'srcdoc', 'xlink:href', 'data', 'poster', 'background', 'cite'];
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
// The widget's own forms are allowed outside comments; inside a comment every node comes from a payload.
const OWN_FORM_PARTS = new Set(['composer']);

interface Payload { payload: string; source: string }

async function loadPayloads(): Promise<Payload[]> {
  const text = await (await fetch('/__shared/xss/payloads.jsonl')).text();
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** The scheme a browser would use for a URL attribute: control characters and leading space are ignored. */
function schemeOf(value: string): string {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ''));
  return m ? m[1].toLowerCase() + ':' : 'relative';
}

function violations(nodes: Iterable<Element>, where: string): string[] {
  const found: string[] = [];
  for (const node of nodes) {
    const tag = node.localName;
    const inComment = !!node.closest('[part~="comment"]');
    if (FORBIDDEN_TAGS.has(tag) && (inComment || !(tag === 'form' && OWN_FORM_PARTS.has(node.getAttribute('part')!)))) found.push(`${where}: <${tag}>`);
    for (const attr of node.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${where}: ${name} on <${tag}>`);
      if (name === 'style') found.push(`${where}: style on <${tag}>`);
      if (URL_ATTRS.includes(name)) {
        const scheme = schemeOf(attr.value);
        if (!SAFE_SCHEMES.has(scheme)) found.push(`${where}: ${name}="${attr.value.slice(0, 60)}" (${scheme})`);
        if (tag === 'a' && node.getAttribute('rel') !== 'nofollow ugc noopener') found.push(`${where}: <a> without rel="nofollow ugc noopener"`);
      }
    }
  }
  return found;
}

describe('hostile comments (shared XSS corpus)', function () {
  this.timeout(120000);
  afterEach(cleanup);

  it('render every payload as body, name and website without running anything or leaving unsafe markup', async () => {
    const payloads = await loadPayloads();
    expect(payloads.length).to.be.greaterThan(800);
    const calls: string[] = [];
    const saved = {alert: window.alert, confirm: window.confirm, prompt: window.prompt, print: window.print};
    for (const name of Object.keys(saved) as (keyof typeof saved)[]) (window as any)[name] = (...args: unknown[]) => void calls.push(`${name}(${args.join()})`);
    const globalsBefore = new Set(Object.getOwnPropertyNames(window));
    const pageBefore = new Set(document.querySelectorAll('*'));
    const href = location.href;
    const seed: Comment[] = payloads.map(({payload}, i) => ({
      id: `x${i}`, thread: '/xss', parent: null, author: payload, website: payload, body: payload,
      createdAt: new Date(Date.now() - i * 1000).toISOString(), status: 'published',
    }));
    try {
      const el = await mountThread((e) => {
        e.adapter = createMemoryAdapter({seed});
        e.thread = '/xss';
        e.pageSize = 1000;
      });
      // Give any smuggled handler (onerror, onload, animations, timers) the chance to run.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 500)));
      await el.updateComplete;

      const comments = parts(el, 'comment');
      expect(comments).to.have.length(payloads.length);
      const authors = parts(el, 'author').map((a) => a.textContent);
      const wrongNames = payloads.filter((p, i) => authors[i] !== p.payload).map((p) => p.source);
      expect(wrongNames, 'each name shows as its literal text').to.deep.equal([]);

      const added = [...document.querySelectorAll('*')].filter((n) => !pageBefore.has(n) && n !== el);
      const found = [...violations(el.shadowRoot!.querySelectorAll('*'), 'shadow'), ...violations(added, 'page')];
      expect(found.slice(0, 20), `${found.length} violations`).to.deep.equal([]);
      expect(calls, 'no dialog or print call').to.deep.equal([]);
      const newGlobals = Object.getOwnPropertyNames(window).filter((n) => !globalsBefore.has(n));
      expect(newGlobals, 'no global set by a payload').to.deep.equal([]);
      expect(location.href).to.equal(href);
    } finally {
      Object.assign(window, saved);
    }
  });
});
