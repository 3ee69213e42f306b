import {createHash} from 'node:crypto';
import Database from 'better-sqlite3';
import {openSqliteStore} from '../src/server/store/kysely/sqlite.js';
import {prng as randomFrom} from '../tests/lib/prng.js';

/** What was seeded: the thread ids (each has comments / threads comments) and how long it took. */
export interface SeedResult {
  threads: string[];
  comments: number;
  ms: number;
}

const words = (
  'the a this that post great really think about why how when code data thanks article point agree disagree ' +
  'server browser cache query index latency writes reads sqlite node typescript widget comment thread reply ' +
  'performance memory simple clear example wrong right maybe always never could should would interesting ' +
  'however also because which where first second last time year week blog page link idea question answer'
).split(' ');
const flourishes = [' 🙂', ' 👍', ' — really.', ' (see [the docs](https://example.com/docs))', ' `npm test`', ' **important**', ' ça marche', ' 日本語も'];
const names = ['Ada', 'Grace Hopper', 'Linus', 'Margaret', 'Ken', 'Barbara Liskov', 'Dennis', 'Frances', 'Edsger', 'Zoë', 'Δημήτρης', '山田太郎'];


/**
 * Fills a fresh database at `path` (created with the server's own schema) with `comments` published comments spread
 * evenly over `threads` threads, about a quarter of them replies, with bodies from one line to a few thousand
 * characters. One transaction with prepared statements: 100,000 comments take a few seconds.
 */
export async function seedDatabase(path: string, {comments, threads, seed = 1}: {comments: number; threads: number; seed?: number}): Promise<SeedResult> {
  const started = performance.now();
  const random = randomFrom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // The store creates the schema; the rows go in over a plain connection, in one transaction, for speed.
  await (await openSqliteStore(path)).close();
  const db = new Database(path);
  try {
    const insertComment = db.prepare(
      `INSERT INTO comments (id, thread, parent, root, author, email, website, body, created_at, status, ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', '127.0.0.1')`,
    );
    const insertKey = db.prepare(`INSERT INTO idempotency_keys (key, request_hash, comment_id, created_at) VALUES (?, ?, ?, ?)`);
    const threadIds = Array.from({length: threads}, (_, i) => `/posts/${2020 + (i % 6)}/notes-on-topic-${i + 1}`);
    const perThread = Math.ceil(comments / threads);
    const start = Date.parse('2025-01-01T00:00:00.000Z');

    const makeBody = (): string => {
      const roll = random();
      const length = roll < 0.6 ? 20 + random() * 180 : roll < 0.9 ? 200 + random() * 800 : 1000 + random() * 3000;
      let text = '';
      while (text.length < length) {
        let sentence = Array.from({length: 4 + Math.floor(random() * 12)}, () => pick(words)).join(' ');
        sentence = sentence[0]!.toUpperCase() + sentence.slice(1) + (random() < 0.15 ? pick(flourishes) : '') + '.';
        text += (text === '' ? '' : random() < 0.1 ? '\n\n' : ' ') + sentence;
      }
      return text;
    };

    db.transaction(() => {
      let id = 0;
      for (const [t, thread] of threadIds.entries()) {
        const roots: number[] = [];
        const rootOf = new Map<number, number>();
        let time = start + t * 60_000;
        for (let n = 0; n < perThread && id < comments; n++) {
          id++;
          time += 1000 + Math.floor(random() * 3_600_000);
          const parent = roots.length > 0 && random() < 0.25 ? pick([...rootOf.keys()].slice(-20)) : null;
          const root = parent === null ? id : rootOf.get(parent)!;
          if (parent === null) roots.push(id);
          rootOf.set(id, root);
          const author = pick(names);
          const email = random() < 0.3 ? `${author.split(' ')[0]!.toLowerCase()}@example.com` : null;
          const website = random() < 0.2 ? `https://example.com/~${id}` : null;
          const createdAt = new Date(time).toISOString();
          insertComment.run(id, thread, parent, root, author, email, website, makeBody(), createdAt);
          insertKey.run(`seed-${id}`, createHash('sha256').update(String(id)).digest('hex'), id, createdAt);
        }
      }
    })();
    return {threads: threadIds, comments, ms: Math.round(performance.now() - started)};
  } finally {
    db.close();
  }
}
