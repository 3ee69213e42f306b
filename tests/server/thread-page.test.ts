import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {loadConfig} from '../../src/server/config.js';
import {createFormTokens} from '../../src/server/services/form-token.js';
import {aComment, engines, loopbackPeer, makeServer, makeTempDir} from './setup.js';
import type {TestServer} from './setup.js';

const temp = makeTempDir();
after(() => temp.remove());
const policy = (mode: 'off' | 'all') => ({...loadConfig([], {}).policy, mode, minSeconds: 0});

/** The value of the hidden input `name` in a rendered form. */
const hidden = (page: string, name: string) => new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(page)?.[1];

/** POSTs the /t form as a browser would (urlencoded). */
function submit(server: TestServer, fields: Record<string, string>) {
  return server.app.request('/t', {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  }, loopbackPeer);
}

/** The form's fields as the page hands them out, with the reader's input. */
async function formFor(server: TestServer, thread: string, input: Record<string, string>, query = '') {
  const page = await (await server.get(`/t?thread=${encodeURIComponent(thread)}${query}`)).text();
  return {thread, form: hidden(page, 'form')!, key: hidden(page, 'key')!, subject: '', ...input};
}

for (const engine of engines) {
  describe(`the no-JS thread page /t [${engine}]`, () => {
    it('renders published comments nested, with links, badges, reply links and the form', async () => {
      const s = await makeServer(temp.dir, {policy: policy('off')}, engine);
      const root = (await (await s.post(aComment({author: '<b>Ada</b>', website: 'https://ada.example/?a=1&b=2', body: 'Hello *world*'}))).json()) as {comment: {id: string}};
      await s.post(aComment({author: 'Bob', parent: root.comment.id, body: 'A reply'}));
      await s.store.insertComment({thread: '/posts/hello', parent: null, author: 'Owner', email: null, website: null, body: 'From the owner'},
        {idempotencyKey: 'own', requestHash: 'x', status: 'published', createdAt: '2026-01-01T00:00:05.000Z', ip: null, owner: true});
      const res = await s.get('/t?thread=/posts/hello');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html; charset=utf-8/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const page = await res.text();
      assert.match(page, /^<!doctype html>/);
      assert.ok(page.includes('&lt;b&gt;Ada&lt;/b&gt;'), 'the name is text');
      assert.ok(page.includes('<a href="https://ada.example/?a=1&amp;b=2" rel="nofollow ugc noopener">'), 'the website is a nofollow link');
      assert.ok(page.includes('<p>Hello <em>world</em></p>'), 'the body is Markdown');
      assert.match(page, /<ol class="natter-replies"><li><article class="natter-comment" id="c-2"/, 'the reply is nested under its parent');
      assert.match(page, /<span class="natter-badge">Owner<\/span>/);
      assert.ok(page.includes(`href="/t?thread=%2Fposts%2Fhello&amp;reply=${root.comment.id}#form"`), 'each comment has a reply link');
      assert.ok(page.includes('<form method="post" action="/t">'));
      assert.equal(createFormTokens(s.secrets).check(hidden(page, 'form')!, '/posts/hello', Date.parse('2026-01-01T00:00:10Z')).ok, true);
      assert.match(page, /class="natter-trap"><label for="f-subject">Leave this field empty/);
      assert.match(page, /<link rel="stylesheet" href="\/t.css">/);
      assert.doesNotMatch(page, /<script/i, 'no script at all');
      assert.equal((await s.get('/t.css')).headers.get('content-type'), 'text/css; charset=utf-8');
    });

    it('pages through the list with a "more" link and says when comments are closed', async () => {
      const s = await makeServer(temp.dir, {policy: policy('off'), rateLimit: 0}, engine);
      for (let i = 0; i < 52; i++) {
        await s.post(aComment({body: `Comment ${i}`}));
        s.tick();
      }
      const first = await (await s.get('/t?thread=/posts/hello')).text();
      const more = /<p class="natter-more"><a href="([^"]+)">More comments<\/a>/.exec(first)?.[1];
      assert.ok(more, 'a more link');
      assert.ok(first.includes('Comment 49') && !first.includes('Comment 50'));
      const second = await (await s.get(more.replaceAll('&amp;', '&'))).text();
      assert.ok(second.includes('Comment 50') && second.includes('Comment 51') && !second.includes('Comment 49<'));
      await s.store.threads.setClosed('/posts/hello', true, '2026-01-02T00:00:00.000Z');
      const closed = await (await s.get('/t?thread=/posts/hello')).text();
      assert.ok(closed.includes('Comments are closed.'));
      assert.ok(!closed.includes('<form'), 'no form on a closed thread');
      const refused = await submit(s, await formFor(s, '/posts/hello', {author: 'Ada', body: 'Late'}));
      assert.equal(refused.status, 403);
      assert.ok((await refused.text()).includes('Comments are closed'));
    });

    it('posts, redirects (303) to the comment, and a double submit posts once', async () => {
      const s = await makeServer(temp.dir, {policy: policy('off')}, engine);
      const fields = await formFor(s, '/p/1', {author: 'Ada', email: '', website: '', body: 'First!\r\nSecond line'});
      const res = await submit(s, fields);
      assert.equal(res.status, 303);
      const location = res.headers.get('location')!;
      assert.match(location, /^\/t\?thread=%2Fp%2F1&posted=1\.[A-Za-z0-9_-]{43}#c-1$/);
      const again = await submit(s, fields);
      assert.equal(again.status, 303, 'the same form sent twice answers the same redirect');
      assert.equal(again.headers.get('location'), location);
      assert.equal(await s.rowCount(), 1);
      const page = await (await s.get(location.replace(/#.*/, ''))).text();
      assert.ok(page.includes('Your comment is posted.'));
      assert.ok(page.includes('<div class="natter-body"><p>First!\nSecond line</p>'), 'the comment is on the page it redirects to');
    });

    it('shows the author their held comment as awaiting moderation, and nobody else', async () => {
      const s = await makeServer(temp.dir, {policy: policy('all')}, engine);
      const res = await submit(s, await formFor(s, '/p/held', {author: 'Ada', body: 'Please approve me'}));
      assert.equal(res.status, 303);
      const location = res.headers.get('location')!.replace(/#.*/, '');
      const own = await (await s.get(location)).text();
      assert.ok(own.includes('Please approve me'));
      assert.match(own, /class="natter-comment natter-held" id="c-1"/);
      assert.ok(own.includes('Awaiting moderation'));
      const other = await (await s.get('/t?thread=/p/held')).text();
      assert.ok(!other.includes('Please approve me'), 'not shown without the signed id');
      const forged = await (await s.get('/t?thread=/p/held&posted=1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).text();
      assert.ok(!forged.includes('Please approve me'), 'not shown with a forged id');
    });

    it('re-renders the form with the reader\'s text and the message on a refused post', async () => {
      const s = await makeServer(temp.dir, {policy: policy('off')}, engine);
      const text = 'My long thoughts <script>alert(1)</script> & more';
      const res = await submit(s, await formFor(s, '/p/2', {author: 'Ada', website: 'javascript:alert(1)', body: text}));
      assert.equal(res.status, 400);
      const page = await res.text();
      assert.ok(page.includes('The website must be a full address starting with http:// or https://.'));
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</textarea>'), 'the text is kept, escaped');
      assert.ok(page.includes('value="javascript:alert(1)" aria-invalid="true"'), 'the field at fault is marked');
      assert.equal(await s.rowCount(), 0);
      const reply = await submit(s, await formFor(s, '/p/2', {author: 'Ada', body: 'x', parent: '999'}));
      assert.equal(reply.status, 400);
      const bad = await s.get('/t?thread=');
      assert.equal(bad.status, 400);
      assert.match(bad.headers.get('content-type')!, /^text\/html/);
    });
  });
}

describe('the thread page over HTTP', () => {
  it('is compressed when asked, and leaves other paths to their own handling', async () => {
    const s = await makeServer(temp.dir, {policy: policy('off')});
    for (let i = 0; i < 5; i++) await s.post(aComment({body: `A comment long enough to make the page worth compressing, number ${i}.`}));
    const page = await s.get('/t?thread=/posts/hello', {'Accept-Encoding': 'gzip'});
    assert.equal(page.headers.get('content-encoding'), 'gzip');
    const css = await s.get('/t.css', {'Accept-Encoding': 'br'});
    assert.equal(css.headers.get('content-encoding'), 'br');
    const missing = await s.get('/nothing-here', {'Accept-Encoding': 'gzip'});
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-encoding'), null);
  });
});

describe('the pages and feeds refuse bad input with a 4xx, never a 5xx', () => {
  it('answers every odd request below 500', async () => {
    const s = await makeServer(temp.dir, {policy: policy('off')});
    await s.post(aComment());
    const gets = [
      '/t', '/t?thread=', '/t?thread=%00', `/t?thread=${'x'.repeat(600)}`, '/t?thread=a&cursor=zzz', '/t?thread=a&cursor=',
      '/t?thread=a&reply=-1', '/t?thread=a&reply=99999999999999999999', '/t?thread=a&posted=1.x', '/t?thread=a&thread=b',
      '/feed.atom?thread=', '/feed.atom?thread=%00', '/feed.atom?thread=a&thread=b', '/api/fragment', '/api/fragment?thread=%01',
      '/api/fragment/newer?thread=a&since=garbage', '/api/fragment/newer?thread=a', '/t.css?x=1',
    ];
    for (const path of gets) {
      const res = await s.get(path);
      assert.ok(res.status < 500, `${path} answered ${res.status}`);
    }
    const posts: [string, BodyInit][] = [
      ['application/json', '{"thread":"a"}'],
      ['application/x-www-form-urlencoded', ''],
      ['application/x-www-form-urlencoded', 'thread=%FF%FE&body=%C3%28'],
      ['application/x-www-form-urlencoded', 'thread=a&author=A&body=x&parent=abc&key=' + '%'.repeat(10)],
      ['application/x-www-form-urlencoded', 'thread=a&author=A&body=x&key=bad key!'],
      ['application/x-www-form-urlencoded', `thread=a&body=${'x'.repeat(70 * 1024)}`],
      ['multipart/form-data; boundary=x', '--x--'],
    ];
    for (const [type, body] of posts) {
      const res = await s.app.request('/t', {method: 'POST', headers: {'Content-Type': type}, body}, loopbackPeer);
      assert.ok(res.status < 500 && res.status >= 400, `${type} ${String(body).slice(0, 40)} answered ${res.status}`);
    }
  });
});

describe('the thread page under the spam checks (default timing)', () => {
  it('a post sent too soon is shown again with its text and goes through once the reader waited; a filled honeypot is never published', async () => {
    const s = await makeServer(temp.dir, {policy: {...loadConfig([], {}).policy, minSeconds: 3}});
    const fields = await formFor(s, '/p/fast', {author: 'Ada', body: 'Typed very fast'});
    const early = await submit(s, fields);
    assert.equal(early.status, 429);
    const page = await early.text();
    assert.ok(page.includes('That was quick!'));
    assert.ok(page.includes('Typed very fast</textarea>'));
    assert.equal(hidden(page, 'form'), fields.form, 'the stamp is kept, so waiting is enough');
    s.tick(3000);
    const later = await submit(s, {...fields, key: hidden(page, 'key')!});
    assert.equal(later.status, 303);
    assert.equal(await s.rowCount(), 1);

    const botForm = await formFor(s, '/p/fast', {author: 'Bot', body: 'Buy now'});
    s.tick(3000);
    const bot = await submit(s, {...botForm, subject: 'filled'});
    assert.equal(bot.status, 303, 'answered like a held comment');
    const after = await (await s.get('/t?thread=/p/fast')).text();
    assert.ok(!after.includes('Buy now'), 'not published');
  });
});
