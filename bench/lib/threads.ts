// Deterministic, realistic comment threads for the render bench: a seeded PRNG picks lengths, Markdown of every
// supported kind, nesting to the widget's max depth (5) and beyond, long words and long URLs.
import type {Comment} from '../../src/adapters/adapter.js';
import {prng} from '../../tests/lib/prng.js';



const WORDS = (
  'the a of to and in is it that for on with as this was but be at by not are have from or one had you they ' +
  'which we an can there all were when your use how said each she do their if will up other about out many then ' +
  'them these so some would make like him into time has look two more write go see number no way could people my ' +
  'than first water been call who its now find long down day did get come made may part network latency packet ' +
  'router socket buffer kernel TCP UDP congestion window handshake retransmit timeout bandwidth throughput queue ' +
  'cache proxy server client request response header payload checksum frame Ethernet Wi-Fi fibre modem DNS TLS ' +
  'certificate interesting agree disagree exactly honestly actually probably however although because therefore ' +
  'great post article thanks excellent point wrong right benchmark measure profile slow fast tuning default'
).split(' ');
const LONG_WORDS = [
  'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen',
  'pneumonoultramicroscopicsilicovolcanoconiosis',
  'supercalifragilisticexpialidocious_but_even_longer_with_underscores_and_no_breaks_at_all',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'net.ipv4.tcp_congestion_control=bbr,net.core.default_qdisc=fq,net.ipv4.tcp_notsent_lowat=16384',
];
const FIRST = ['Ada', 'Linus', 'Grace', 'Ken', 'Radia', 'Vint', 'Barbara', 'Dennis', 'Frances', 'Jon', 'Sophie', 'Tim', 'Margaret', 'Bjarne', 'Anita', 'Guido', 'Éowyn', 'Zoë', 'José', 'Søren', '田中', 'Алексей', 'محمد', 'Priya'];
const LAST = ['Lovelace', 'Torvalds', 'Hopper', 'Thompson', 'Perlman', 'Cerf', 'Liskov', 'Ritchie', 'Allen', 'Postel', 'Wilson', 'Berners-Lee', 'Hamilton', 'Stroustrup', 'Borg', 'van Rossum', 'Ñúñez', 'Kierkegaard', '太郎', 'Иванов', 'Sharma'];
const LANGS = ['js', 'ts', 'sh', 'python', 'c', 'rust', 'text', ''];
const CODE = [
  'const sock = net.connect({host, port});\nsock.setNoDelay(true);\nsock.on("data", (chunk) => buffer.push(chunk));',
  'sysctl -w net.ipv4.tcp_congestion_control=bbr\nsysctl -w net.core.default_qdisc=fq',
  'for (let i = 0; i < n; i++) {\n  if (rtt[i] > threshold) retransmit(i);\n}',
  'def backoff(n):\n    return min(60, 2 ** n) * random.uniform(0.8, 1.2)',
  'curl -sS -H "Accept: application/json" "https://comments.example.com/api/comments?thread=%2F2014%2F03%2Fnetworking&limit=50"',
  '<script>alert("not html, shown as text")</script>\n<img src=x onerror=alert(1)>',
];

export interface ThreadStats {
  count: number;
  topLevel: number;
  maxDepth: number;
  /** Comments nested deeper than the widget shows (depth index ≥ 5, i.e. a 6th level or more). */
  beyondMaxDepth: number;
  bodyChars: {total: number; median: number; max: number};
  kinds: Record<string, number>;
}

/**
 * `count` comments in one thread, in chronological order (a parent always comes before its replies), all published.
 * The same (count, seed, branch) always gives the same comments. With `branch`, the first comment is top-level and the
 * next `branch` comments are all in its subtree (a long-running discussion under one comment, nested as any other);
 * no later comment replies into it. Without it, the thread is as it always was.
 */
export function generateThread(count: number, {seed = 1, thread = '/bench/thread', shownDepth = 5, branch = 0} = {}): {comments: Comment[]; stats: ThreadStats} {
  const rnd = prng(seed * 7919 + count);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const kinds: Record<string, number> = {};
  const kind = (k: string) => (kinds[k] = (kinds[k] ?? 0) + 1);

  const url = () => {
    if (chance(0.25)) {
      kind('long-url');
      const segs = Array.from({length: int(6, 14)}, () => pick(WORDS).toLowerCase().replace(/[^a-z0-9-]/g, '') || 'x');
      return `https://www.example.org/${segs.join('/')}?utm_source=natter&utm_medium=comment&session=${Math.floor(rnd() * 1e16).toString(36)}${'0123456789abcdef'.repeat(int(2, 6))}#section-${int(1, 99)}`;
    }
    return `https://${pick(['example.com', 'en.wikipedia.org', 'github.com', 'lwn.net', 'datatracker.ietf.org'])}/${pick(WORDS).toLowerCase().replace(/[^a-z0-9-]/g, '')}/${int(1, 9999)}`;
  };
  // One inline item: mostly plain words, sometimes Markdown.
  const inline = (): string => {
    const r = rnd();
    if (r < 0.82) return pick(WORDS);
    if (r < 0.85) return kind('em'), `*${pick(WORDS)} ${pick(WORDS)}*`;
    if (r < 0.86) return kind('em'), `_${pick(WORDS)}_`;
    if (r < 0.885) return kind('strong'), `**${pick(WORDS)} ${pick(WORDS)}**`;
    if (r < 0.91) return kind('code'), `\`${pick(['setNoDelay', 'SO_REUSEPORT', 'tcp_nodelay on;', 'O(n²)', 'a < b && c > d', 'x = *p++'])}\``;
    if (r < 0.93) return kind('link'), `[${pick(WORDS)} ${pick(WORDS)}](${url()}${chance(0.3) ? ' "A title"' : ''})`;
    if (r < 0.94) return kind('autolink'), `<${url()}>`;
    if (r < 0.945) return kind('email-autolink'), `<${pick(FIRST).toLowerCase().replace(/[^a-z]/g, '') || 'someone'}@example.net>`;
    if (r < 0.955) return kind('long-word'), pick(LONG_WORDS);
    if (r < 0.96) return kind('raw-html-as-text'), pick(['<b>bold?</b>', '<i>', '&amp;', '&lt;tag&gt;', 'a<b']);
    return pick(WORDS) + pick([',', '.', '!', '?', ';', ' —']);
  };
  const sentence = () => {
    const words = Array.from({length: int(4, 22)}, inline).join(' ');
    return words[0]!.toUpperCase() + words.slice(1) + pick(['.', '.', '.', '!', '?']);
  };
  const paragraph = (sentences: number) => {
    const out: string[] = [];
    for (let i = 0; i < sentences; i++) {
      out.push(sentence());
      // Line breaks: a soft one, two trailing spaces (hard), or a backslash (hard).
      if (i < sentences - 1) {
        const r = rnd();
        out.push(r < 0.7 ? ' ' : r < 0.85 ? (kind('soft-break'), '\n') : r < 0.93 ? (kind('hard-break'), '  \n') : (kind('hard-break'), '\\\n'));
      }
    }
    return out.join('');
  };
  const block = (): string => {
    const r = rnd();
    if (r < 0.6) return paragraph(int(1, 4));
    if (r < 0.7) {
      kind('blockquote');
      const q = `> ${paragraph(int(1, 2)).replace(/\n/g, '\n> ')}`;
      return chance(0.25) ? (kind('nested-blockquote'), `${q}\n>\n> > ${sentence()}`) : q;
    }
    if (r < 0.8) {
      const ordered = chance(0.4);
      kind(ordered ? 'ordered-list' : 'bullet-list');
      const start = ordered && chance(0.2) ? int(2, 9) : 1;
      const loose = chance(0.2);
      const items = Array.from({length: int(2, 6)}, (_, i) => {
        let item = `${ordered ? `${start + i}.` : pick(['-', '*', '+'])} ${sentence()}`;
        if (chance(0.15)) kind('nested-list'), (item += `\n${ordered ? '   ' : '  '}- ${sentence()}\n${ordered ? '   ' : '  '}- ${sentence()}`);
        return item;
      });
      return items.join(loose ? '\n\n' : '\n');
    }
    if (r < 0.9) {
      kind('fenced-code');
      const fence = chance(0.85) ? '```' : '~~~';
      return `${fence}${pick(LANGS)}\n${pick(CODE)}\n${fence}`;
    }
    kind('indented-code');
    return pick(CODE).split('\n').map((l) => `    ${l}`).join('\n');
  };
  const body = (): string => {
    const r = rnd();
    if (r < 0.4) return kind('short'), chance(0.5) ? sentence() : pick(['+1', 'Thanks!', 'Great post.', 'This.', 'Agreed, **exactly** this.', 'Nope.']);
    if (r < 0.8) return kind('medium'), Array.from({length: int(1, 2)}, () => paragraph(int(1, 3))).join('\n\n');
    if (r < 0.97) return kind('long'), Array.from({length: int(3, 6)}, block).join('\n\n');
    return kind('very-long'), Array.from({length: int(8, 16)}, block).join('\n\n');
  };

  const comments: Comment[] = [];
  const depth: number[] = [];
  let time = Date.UTC(2024, 0, 1, 8, 0, 0);
  let topLevel = 0;
  for (let i = 0; i < count; i++) {
    let parent = -1;
    // The lowest index a parent may have: inside the branch anything before; after it, nothing in it.
    const lo = branch && i > branch ? branch + 1 : 0;
    if ((branch && i > 0 && i <= branch) || (i > lo && !chance(0.3))) {
      const r = rnd();
      if (r < 0.05) {
        // Continue the deepest recent conversation (a back-and-forth): chains past the max depth, up to 12 levels.
        let best = i - 1;
        for (let j = Math.max(lo, i - 15); j < i; j++) if (depth[j]! > depth[best]! && depth[j]! < 11) best = j;
        parent = best;
      } else if (r < 0.4) parent = int(Math.max(lo, i - 30), i - 1); // recent
      else parent = int(Math.max(lo, i - 300), i - 1); // earlier in the discussion
      for (let tries = 0; depth[parent]! >= 11 && tries < 5; tries++) parent = int(Math.max(lo, i - 300), i - 1);
      while (depth[parent]! >= 11) parent = comments.findIndex((c) => c.id === comments[parent]!.parent);
    }
    depth.push(parent < 0 ? 0 : depth[parent]! + 1);
    if (parent < 0) topLevel++;
    time += int(1, 240) * 60_000;
    const author = chance(0.03) ? `${pick(FIRST)} ${pick(LAST)} ${pick(LONG_WORDS)}` : chance(0.7) ? `${pick(FIRST)} ${pick(LAST)}` : pick(FIRST);
    const site = rnd();
    comments.push({
      id: `c${i + 1}`,
      thread,
      parent: parent < 0 ? null : `c${parent + 1}`,
      author,
      website: site < 0.2 ? url() : site < 0.21 ? 'javascript:alert(1)' : null,
      body: body(),
      createdAt: new Date(time).toISOString(),
      status: 'published',
    });
  }
  const lengths = comments.map((c) => c.body!.length).sort((a, b) => a - b);
  return {
    comments,
    stats: {
      count,
      topLevel,
      maxDepth: Math.max(...depth) + 1,
      beyondMaxDepth: depth.filter((d) => d >= shownDepth).length,
      bodyChars: {total: lengths.reduce((a, b) => a + b, 0), median: lengths[lengths.length >> 1] ?? 0, max: lengths.at(-1) ?? 0},
      kinds,
    },
  };
}
