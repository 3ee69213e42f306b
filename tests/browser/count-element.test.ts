import {expect} from '@open-wc/testing';
import {http, HttpResponse} from 'msw';
import {setupWorker} from 'msw/browser';
import '../../src/count.js';
import {next, until} from './helpers.js';

// <natter-count> against a simulated GET /api/counts: what a blog's index page shows, and how many requests it costs.
const worker = setupWorker();
let cases = 0;
let endpoint = '';
/** The published count of each thread on the simulated server; a thread not listed has 0. */
let counts: Record<string, number> = {};
/** Each /api/counts request the server received, in order. */
let received: URL[] = [];
/** Each /api/counts request the page started, counted as fetch is called (the server may not have seen it yet). */
let started: string[] = [];
const realFetch = window.fetch;

/** The server's threads of each request, in the order they were asked. */
const asked = () => received.map((url) => url.searchParams.getAll('thread'));

function countsApi(at = endpoint) {
  return http.get(`${at}/api/counts`, ({request}) => {
    const url = new URL(request.url);
    received.push(url);
    return HttpResponse.json({counts: Object.fromEntries(url.searchParams.getAll('thread').map((t) => [t, counts[t] ?? 0]))});
  });
}

/** Puts `html` on the page in one go (so its tags connect in one task) and returns the tags in it. */
function place(html: string, where: Element = document.body): HTMLElement[] {
  const box = document.createElement('div');
  box.className = 'count-case';
  box.innerHTML = html;
  where.append(box);
  return [...box.querySelectorAll<HTMLElement>('natter-count')];
}

const tag = (attrs: string, content = 'Comments') => `<natter-count endpoint="${endpoint}" ${attrs}>${content}</natter-count>`;
const texts = (tags: Element[]) => tags.map((t) => t.textContent);
/** Waits until no tag shows its fallback any more. */
const shown = (tags: Element[], fallback = 'Comments') => until(() => tags.every((t) => t.textContent !== fallback), 8000, 'the counts');

describe('<natter-count>', () => {
  before(() => worker.start({quiet: true, onUnhandledRequest: 'bypass'}));
  after(() => worker.stop());
  beforeEach(() => {
    endpoint = `${location.origin}/count-api-${++cases}`;
    counts = {};
    received = [];
    started = [];
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/api/counts')) started.push(url);
      return realFetch(input, init);
    };
    worker.use(countsApi());
  });
  afterEach(() => {
    window.fetch = realFetch;
    worker.resetHandlers();
    for (const box of document.querySelectorAll('.count-case')) box.remove();
    document.querySelector('link[rel=canonical]')?.remove();
  });

  it('is defined, and passes an axe check with its count shown', async () => {
    expect(customElements.get('natter-count')).to.exist;
    counts = {'/a': 2};
    const [el] = place(`<p><a href="/a">A post</a> · ${tag('thread="/a"')}</p>`);
    await shown([el!]);
    expect(el!.textContent).to.equal('2 comments');
    expect(el!.shadowRoot).to.equal(null);
    await expect(el!.parentElement).to.be.accessible();
  });

  describe('on an index page of 30 posts', () => {
    it('asks for all of them in one request, each thread once, and shows each count', async () => {
      // 30 tags, 25 threads: five posts are linked twice (a teaser and a "comments" link).
      const threads = Array.from({length: 25}, (_, i) => `/posts/${i}/`);
      threads.forEach((t, i) => (counts[t] = i));
      const tags = place([...threads, ...threads.slice(0, 5)].map((t) => tag(`thread="${t}"`)).join('\n'));
      expect(tags).to.have.length(30);
      await shown(tags);
      expect(started).to.have.length(1);
      expect(asked()).to.deep.equal([threads]);
      expect(texts(tags)).to.deep.equal([...threads, ...threads.slice(0, 5)].map((t) => `${counts[t]} ${counts[t] === 1 ? 'comment' : 'comments'}`));
    });

    it('splits more than 100 threads into requests of at most 100, with no thread asked twice', async () => {
      const threads = Array.from({length: 230}, (_, i) => `/p/${i}`);
      const tags = place([...threads, ...threads.slice(0, 20)].map((t) => tag(`thread="${t}"`)).join(''));
      await shown(tags);
      // The requests go out together, so they may arrive in any order: in the page's order, by their first thread.
      const batches = asked().sort((a, b) => threads.indexOf(a[0]!) - threads.indexOf(b[0]!));
      expect(batches.map((a) => a.length)).to.deep.equal([100, 100, 30]);
      expect(batches.flat()).to.deep.equal(threads);
      expect(texts(tags).every((t) => t === '0 comments')).to.equal(true);
    });

    it('sends one request per endpoint', async () => {
      const other = `${location.origin}/count-api-other-${cases}`;
      worker.use(countsApi(other));
      counts = {'/a': 1, '/b': 3};
      const tags = place(`${tag('thread="/a"')}<natter-count endpoint="${other}/" thread="/b">Comments</natter-count>${tag('thread="/b"')}`);
      await shown(tags);
      expect(received.map((u) => `${u.pathname} ${u.searchParams.getAll('thread')}`).sort()).to.deep.equal([
        `/count-api-${cases}/api/counts /a,/b`,
        `/count-api-other-${cases}/api/counts /b`,
      ]);
      expect(texts(tags)).to.deep.equal(['1 comment', '3 comments', '3 comments']);
    });

    it('leaves out a tag taken off the page before the batch was sent', async () => {
      const [kept, removed] = place(tag('thread="/kept"') + tag('thread="/removed"'));
      removed!.remove();
      await shown([kept!]);
      expect(asked()).to.deep.equal([['/kept']]);
    });

    it('asks for a tag taken off before its batch once it is put back', async () => {
      counts = {'/kept': 1, '/back': 4};
      const [kept, back] = place(tag('thread="/kept"') + tag('thread="/back"'));
      const box = back!.parentElement!;
      back!.remove();
      await shown([kept!]);
      box.append(back!);
      await shown([back!]);
      expect(back!.textContent).to.equal('4 comments');
      expect(asked()).to.deep.equal([['/kept'], ['/back']]);
    });
  });

  describe('when tags are added later (a single-page app)', () => {
    it('asks once more, for the new tags only, and leaves the shown counts alone', async () => {
      counts = {'/a': 1, '/b': 2, '/c': 5};
      const first = place(tag('thread="/a"') + tag('thread="/b"'));
      await shown(first);
      const later = place(tag('thread="/c"') + tag('thread="/c"') + tag('thread="/a"'));
      await shown(later);
      expect(asked()).to.deep.equal([['/a', '/b'], ['/c', '/a']]);
      expect(texts([...first, ...later])).to.deep.equal(['1 comment', '2 comments', '5 comments', '5 comments', '1 comment']);
    });

    it('keeps its count when moved within the page, and asks again when its thread changes', async () => {
      counts = {'/a': 1, '/b': 2, '/z': 0};
      const [el] = place(tag('thread="/a"'));
      await shown([el!]);
      const elsewhere = document.createElement('div');
      elsewhere.className = 'count-case';
      document.body.append(elsewhere);
      elsewhere.append(el!);
      // Placed in the same task: the move would have joined this tag's request.
      const [z] = place(tag('thread="/z"'));
      await shown([z!]);
      el!.setAttribute('thread', '/b');
      elsewhere.append(el!);
      await until(() => el!.textContent === '2 comments', 8000, 'the new count');
      expect(asked()).to.deep.equal([['/a'], ['/z'], ['/b']]);
    });
  });

  describe('its thread', () => {
    it('is the path of the link it sits in', async () => {
      counts = {'/2014/03/networking/': 4};
      const [el] = place(`<a href="/2014/03/networking/#comments">${tag('')}</a>`);
      await shown([el!]);
      expect(asked()).to.deep.equal([['/2014/03/networking/']]);
      expect(el!.textContent).to.equal('4 comments');
    });

    it('else the path of the page’s canonical link, else the page’s own path', async () => {
      const link = Object.assign(document.createElement('link'), {rel: 'canonical', href: '/the-canonical/?utm=x'});
      document.head.append(link);
      const [canonical] = place(tag(''));
      await shown([canonical!]);
      link.remove();
      const [own] = place(tag(''));
      await shown([own!]);
      expect(asked()).to.deep.equal([['/the-canonical/'], [location.pathname]]);
    });
  });

  describe('its text', () => {
    const cases: [string, number[], string[]][] = [
      ['English by default', [0, 1, 2, 1234], ['0 comments', '1 comment', '2 comments', '1,234 comments']],
      ['custom, with a text for none', [0, 1, 7], ['No comments yet', 'One reply', '7 replies']],
    ];
    for (const [what, numbers, expected] of cases) {
      it(`is ${what}`, async () => {
        const attrs = what.startsWith('custom') ? 'zero="No comments yet" one="One reply" other="# replies"' : '';
        numbers.forEach((n, i) => (counts[`/${i}`] = n));
        const tags = place(`<div lang="en">${numbers.map((_, i) => tag(`thread="/${i}" ${attrs}`)).join('')}</div>`);
        await shown(tags);
        expect(texts(tags)).to.deep.equal(expected);
      });
    }

    it('follows the plural rules of Polish, from the nearest lang attribute', async () => {
      const numbers = [1, 2, 4, 5, 12, 22, 25, 0];
      numbers.forEach((n, i) => (counts[`/${i}`] = n));
      const forms = 'one="# komentarz" few="# komentarze" many="# komentarzy"';
      const tags = place(`<section lang="pl">${numbers.map((_, i) => tag(`thread="/${i}" ${forms}`)).join('')}</section>`);
      await shown(tags);
      expect(texts(tags)).to.deep.equal([
        '1 komentarz',
        '2 komentarze',
        '4 komentarze',
        '5 komentarzy',
        '12 komentarzy',
        '22 komentarze',
        '25 komentarzy',
        '0 komentarzy',
      ]);
    });

    it('follows the six plural categories of Arabic, with the number in Egyptian Arabic’s own digits', async () => {
      const numbers = [0, 1, 2, 3, 11, 100];
      numbers.forEach((n, i) => (counts[`/${i}`] = n));
      const forms = 'zero="لا تعليقات" one="تعليق واحد" two="تعليقان" few="# تعليقات" many="# تعليقًا" other="# تعليق"';
      const tags = place(numbers.map((_, i) => tag(`thread="/${i}" lang="ar-EG" ${forms}`)).join(''));
      await shown(tags);
      const ar = (n: number) => n.toLocaleString('ar-EG');
      expect(ar(3)).to.not.equal('3', 'the browser formats Arabic numbers in its own digits');
      expect(texts(tags)).to.deep.equal(['لا تعليقات', 'تعليق واحد', 'تعليقان', `${ar(3)} تعليقات`, `${ar(11)} تعليقًا`, `${ar(100)} تعليق`]);
    });

    it('formats the number for its language', async () => {
      counts = {'/de': 1234, '/fr': 0};
      const tags = place(
        tag('thread="/de" lang="de" one="# Kommentar" other="# Kommentare"') + tag('thread="/fr" lang="fr" one="# commentaire" other="# commentaires"'),
      );
      await shown(tags);
      // French puts 0 in the "one" category.
      expect(texts(tags)).to.deep.equal(['1.234 Kommentare', '0 commentaire']);
    });

    it('uses the browser’s language for a lang that is no language tag', async () => {
      counts = {'/x': 3};
      const [el] = place(tag('thread="/x" lang="not a language"'));
      await shown([el!]);
      expect(el!.textContent).to.equal('3 comments');
    });

    it('is set as text, never parsed as HTML', async () => {
      counts = {'/x': 5};
      const [el] = place(tag('thread="/x" other="<img src=x onerror=&quot;window.hacked=1&quot;><b>#</b> comments"'));
      await shown([el!]);
      expect(el!.textContent).to.equal('<img src=x onerror="window.hacked=1"><b>5</b> comments');
      expect(el!.children).to.have.length(0);
      expect((window as any).hacked).to.equal(undefined);
    });
  });

  describe('when the count cannot be had', () => {
    const failures: [string, () => Response][] = [
      ['the server answers 503', () => HttpResponse.json({error: {code: 'busy', message: 'Busy'}}, {status: 503})],
      ['the network fails', () => HttpResponse.error()],
      ['the answer is not JSON', () => new HttpResponse('<html>a proxy page</html>', {headers: {'Content-Type': 'text/html'}})],
    ];
    for (const [what, answer] of failures) {
      it(`keeps its fallback content and fires natter-error when ${what}`, async () => {
        worker.use(http.get(`${endpoint}/api/counts`, answer));
        const tags = place(tag('thread="/a"', 'Comments <em>(open)</em>') + tag('thread="/b"'));
        const errors = tags.map((t) => next<{error: unknown; action: string}>(t, 'natter-error'));
        const details = (await Promise.all(errors)).map((e) => e.detail);
        expect(details.map((d) => d.action)).to.deep.equal(['load', 'load']);
        expect(details[0]!.error).to.be.instanceOf(Error);
        expect(tags[0]!.innerHTML).to.equal('Comments <em>(open)</em>');
        expect(tags[1]!.textContent).to.equal('Comments');
      });
    }

    it('keeps its fallback content for a thread the answer leaves out', async () => {
      worker.use(http.get(`${endpoint}/api/counts`, () => HttpResponse.json({counts: {'/b': 1}})));
      const [missing, present] = place(tag('thread="/a"') + tag('thread="/b"'));
      await shown([present!]);
      expect(missing!.textContent).to.equal('Comments');
    });

    it('warns once, naming the fix, and asks for nothing when endpoint is missing', async () => {
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        const tags = place('<natter-count thread="/a">Comments</natter-count><natter-count thread="/b">Comments</natter-count>');
        expect(warnings).to.have.length(1);
        expect(String(warnings[0]![0])).to.match(/^\[natter\] .*endpoint=/);
        // A later tag with an endpoint is the next request the page makes.
        const [ok] = place(tag('thread="/c"'));
        await shown([ok!]);
        expect(asked()).to.deep.equal([['/c']]);
        expect(texts(tags)).to.deep.equal(['Comments', 'Comments']);
      } finally {
        console.warn = warn;
      }
    });
  });
});
