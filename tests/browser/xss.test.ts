import {expect} from '@open-wc/testing';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {Comment} from '../../src/adapters/adapter.js';
import {cleanup, mountThread, parts, until} from './helpers.js';
import {xssViolations} from '../lib/xss-rules.js';

// Pass rules from ../shared/xss/README.md (tests/lib/xss-rules.ts), checked in the real DOM after the widget rendered
// each payload as a comment body, an author name and an author website. The widget's own composer form is allowed
// outside comments; inside a comment every node comes from a payload but one: the link around the time, in the
// header the widget's template makes (checked to lead nowhere but the comment itself, below).
const OWN = 'form[part~="composer"]:not([part~="comment"] *), article[part~="comment"] > header > a[part="permalink"]';

interface Payload { payload: string; source: string }

async function loadPayloads(): Promise<Payload[]> {
  const text = await (await fetch('/__shared/xss/payloads.jsonl')).text();
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

const violations = (nodes: Iterable<Element>, where: string) => xssViolations(nodes, where, OWN);

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
      // A page stays under 256 KB, as the server's: these big comments take three pages, each brought by Load more.
      for (let more; (more = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="load-more-button"]')); ) {
        const before = parts(el, 'comment').length;
        more.click();
        await until(() => !el.loading && parts(el, 'comment').length > before, 8000, 'the next page');
        await el.updateComplete;
      }
      expect(el.list.loaded && !el.list.next, 'every page listed').to.equal(true);
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
      const links = parts<HTMLAnchorElement>(el, 'permalink');
      expect(links.filter((a, i) => a.getAttribute('href') !== `#natter-comment-x${i}`).length, 'each permalink leads to its own comment only').to.equal(0);
      expect(calls, 'no dialog or print call').to.deep.equal([]);
      const newGlobals = Object.getOwnPropertyNames(window).filter((n) => !globalsBefore.has(n));
      expect(newGlobals, 'no global set by a payload').to.deep.equal([]);
      expect(location.href).to.equal(href);
    } finally {
      Object.assign(window, saved);
    }
  });
});
