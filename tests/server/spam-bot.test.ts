import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {engines, makeDatabase} from '../lib/databases.js';
import {startTestServer} from '../e2e/server-process.js';
import type {TestServer} from '../e2e/server-process.js';
import {makeTempDir} from './setup.js';

// The Done-when of the spam defences, over real HTTP against a real server process with the default policy and
// limits, except NATTER_MIN_SECONDS=2 (default 3) to keep the test short (a post within 1 s of its token is still
// refused with a second to spare on a loaded machine), and NATTER_TRUST_PROXY=1 so each actor
// can come from its own address through X-Forwarded-For, as behind a reverse proxy.
//
// A scripted bot makes 200 tries from 40 addresses (one email address) into 5 threads, each with one trait or a mix:
//   honeypot  fills the hidden "subject" field;
//   fast      posts within 1 s of getting the form token (at once);
//   links     puts 20 links in the body;
//   repeat    sends one of its 3 texts again.
// Each of the 3 texts is first sent with the honeypot filled (so a stored copy exists to match), as a bot repeats
// what it already sent. Meanwhile a human-paced script waits more than minSeconds after each list, writes distinct
// text with at most 3 links, and sends real tokens; it retries a 429 after Retry-After with the same key, as the
// widget's outbox does. 0 bot comments may end up published, and every human one must.

const temp = makeTempDir();
after(() => temp.remove());

type Trait = 'honeypot' | 'fast' | 'links' | 'repeat';
const TRAITS: Trait[] = ['honeypot', 'fast', 'links', 'repeat'];
const THREADS = ['/posts/1', '/posts/2', '/posts/3', '/posts/4', '/posts/5'];
const TEXTS = ['Best cheap watches online, free shipping worldwide', 'Earn money from home fast, click my profile now', 'Great article! Visit my site for SEO services today'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator, so every run makes the same 200 tries. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

/** The 200 tries: the 3 seeds, then one trait each and mixes in turn. */
function botPlan(): {traits: Trait[]; text: string; thread: string; ip: string}[] {
  const next = random(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const plan = TEXTS.map((text, i) => ({traits: ['honeypot'] as Trait[], text, thread: THREADS[i]!, ip: `203.0.113.${i + 1}`}));
  for (let i = plan.length; i < 200; i++) {
    let traits: Trait[];
    if (i % 2 === 0) {
      traits = [TRAITS[(i / 2) % 4]!];
    } else {
      do traits = TRAITS.filter(() => next() < 0.5);
      while (traits.length < 2);
    }
    const text = traits.includes('repeat') ? pick(TEXTS) : `Bot message ${i}: ${Math.floor(next() * 1e9)} reasons to buy`;
    plan.push({traits, text, thread: pick(THREADS), ip: `203.0.113.${1 + (i % 40)}`});
  }
  return plan;
}

for (const engine of engines) {
  describe(`a scripted bot against the default policy [${engine}]`, () => {
    let server: TestServer;
    after(() => server?.stop());

    it('gets 0 of its 200 tries published, while every comment of a human-paced script is', async () => {
      const database = await makeDatabase(engine, temp.dir);
      server = await startTestServer({
        db: database.settings.dbPath ?? `${temp.dir}/bot.db`,
        env: {NATTER_MIN_SECONDS: '2', NATTER_TRUST_PROXY: '1', ...(database.settings.databaseUrl ? {NATTER_DATABASE_URL: database.settings.databaseUrl} : {})},
      });
      let keys = 0;
      const tokenFor = async (thread: string, ip: string) => {
        const res = await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(thread)}`, {headers: {'X-Forwarded-For': ip}});
        await res.arrayBuffer();
        return res.headers.get('natter-form')!;
      };
      const post = (fields: Record<string, unknown>, ip: string, key = `k-${++keys}`) =>
        fetch(`${server.url}/api/comments`, {method: 'POST', headers: {'Content-Type': 'application/json', 'Idempotency-Key': key, 'X-Forwarded-For': ip}, body: JSON.stringify(fields)});

      const answers = new Map<string, number>();
      const count = (what: string) => answers.set(what, (answers.get(what) ?? 0) + 1);
      const bot = async () => {
        const plan = botPlan();
        const one = async ({traits, text, thread, ip}: (typeof plan)[number]) => {
          const form = await tokenFor(thread, ip);
          if (!traits.includes('fast')) await sleep(2100);
          const links = traits.includes('links') ? Array.from({length: 20}, (_, i) => (i % 2 ? ` https://spam.example/${i}` : ` [deal ${i}](https://spam.example/${i})`)).join('') : '';
          const res = await post({thread, author: 'Best Deals', email: 'seo@spam.example', body: text + links, form, ...(traits.includes('honeypot') ? {subject: 'Hello'} : {})}, ip);
          const json = (await res.json()) as {comment?: {status: string}; error?: {code: string}};
          count(`${res.status} ${json.error?.code ?? json.comment?.status}`);
        };
        // The seeds first, so every repeat has a stored copy; then 20 at a time.
        for (const try_ of plan.slice(0, 3)) await one(try_);
        const rest = plan.slice(3);
        for (let i = 0; i < rest.length; i += 20) await Promise.all(rest.slice(i, i + 20).map(one));
      };

      const humanIds: string[] = [];
      const human = async () => {
        for (let i = 0; i < 10; i++) {
          const thread = THREADS[i % THREADS.length]!;
          const form = await tokenFor(thread, '198.51.100.10');
          await sleep(2500);
          const links = ['', ' See https://en.wikipedia.org/wiki/Blog', ' [docs](https://developer.mozilla.org/) and <https://nodejs.org/>', ' a https://a.example b https://b.example c https://c.example'][i % 4];
          const body = `Thoughtful reply number ${i} about ${thread}, with my own words.${links}`;
          const key = `human-${i}`;
          for (let attempt = 0; ; attempt++) {
            const res = await post({thread, author: 'Grace', email: 'grace@example.com', body, form}, '198.51.100.10', key);
            if (res.status === 429 && attempt < 5) {
              await res.arrayBuffer();
              await sleep(Number(res.headers.get('retry-after')) * 1000);
              continue;
            }
            const text = await res.text();
            assert.ok(res.status === 201 || res.status === 200, `human comment ${i}: ${res.status} ${text}`);
            const {comment} = JSON.parse(text) as {comment: {id: string; status: string}};
            assert.equal(comment.status, 'published');
            humanIds.push(comment.id);
            break;
          }
        }
      };
      await Promise.all([bot(), human()]);

      // Every bot try was refused or kept away from readers; none reached the list.
      const total = [...answers.values()].reduce((a, b) => a + b, 0);
      assert.equal(total, 200);
      assert.equal(answers.get('201 published') ?? 0, 0, JSON.stringify(Object.fromEntries(answers)));
      for (const what of answers.keys()) assert.match(what, /^(201 pending|400 form_(missing|invalid|expired)|429 (too_fast|rate_limited)|409 duplicate)$/);
      console.log(`bot answers: ${JSON.stringify(Object.fromEntries([...answers].sort()))}`);

      // Through the public list: only the human's comments, all of them.
      const listed: string[] = [];
      for (const thread of THREADS) {
        const page = (await (await fetch(`${server.url}/api/comments?thread=${encodeURIComponent(thread)}&limit=100`)).json()) as {comments: {id: string; author: string}[]};
        for (const c of page.comments) {
          assert.equal(c.author, 'Grace');
          listed.push(c.id);
        }
      }
      assert.deepEqual(listed.sort(), [...humanIds].sort());
      assert.equal(humanIds.length, 10);
      // And in the database: nothing of the bot's is published.
      const rows = await database.query<{author: string; status: string; n: number}>('SELECT author, status, COUNT(*) AS n FROM comments GROUP BY author, status ORDER BY author, status');
      console.log(`stored: ${JSON.stringify(rows)}`);
      assert.deepEqual(rows.filter((r) => r.status === 'published').map((r) => [r.author, Number(r.n)]), [['Grace', 10]]);
    });
  });
}
