// The import bench: a generated 100,000-comment WordPress export (nested replies, HTML bodies) imported into a fresh
// SQLite file by the real `natter import`, as a child process; its time and peak memory beside the goals.
// Run alone with `node --import tsx bench/import.ts [--quick]`.
import {execFile} from 'node:child_process';
import {once} from 'node:events';
import {createWriteStream, mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {prng as makePrng} from '../tests/lib/prng.js';

/** The goals: 100,000 comments in at most 60 s, in at most 200 MB. */
export const importGoals = {maxSeconds: 60, maxMB: 200};

const natter = fileURLToPath(new URL('../bin/natter.js', import.meta.url));

/** Writes a WXR file of `comments` comments over `comments / 100` posts; about half are replies, some deep. */
export async function writeWxr(path: string, comments: number): Promise<void> {
  const random = makePrng(42);
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n<wp:base_site_url>https://bench.example</wp:base_site_url>\n');
  const perPost = 100;
  let id = 0;
  for (let post = 1; id < comments; post++) {
    await write(`<item><title>Post ${post} &amp; friends</title><link>https://bench.example/${2000 + (post % 20)}/post-${post}/</link><wp:post_id>${post}</wp:post_id><wp:comment_status>open</wp:comment_status>\n`);
    const first = id + 1;
    for (let k = 0; k < perPost && id < comments; k++) {
      id++;
      const parent = id > first && random() < 0.5 ? first + Math.floor(random() * (id - first)) : 0;
      const approved = random() < 0.9 ? '1' : random() < 0.5 ? '0' : 'spam';
      const body = `<p>Comment ${id}: I <strong>really</strong> liked this, see <a href="https://example.com/${id}" onclick="x()">my notes</a> &amp; <em>thoughts</em>.</p>\n<p>Second paragraph with <code>code()</code><br>and a new line.</p>`;
      await write(`<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[Reader ${id % 977}]]></wp:comment_author><wp:comment_author_email>r${id % 977}@example.org</wp:comment_author_email><wp:comment_author_url>https://r${id % 977}.example/</wp:comment_author_url><wp:comment_date_gmt>2020-01-01 ${String(id % 24).padStart(2, '0')}:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[${body}]]></wp:comment_content><wp:comment_approved>${approved}</wp:comment_approved><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>\n`);
    }
    await write('</item>\n');
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'close');
}

export async function benchImport({quick = false}: {quick?: boolean} = {}): Promise<{markdown: string; json: unknown}> {
  const comments = quick ? 10_000 : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'natter-bench-import-'));
  try {
    const wxr = join(dir, 'export.xml');
    await writeWxr(wxr, comments);
    const size = statSync(wxr).size;
    const started = performance.now();
    const {stdout} = await promisify(execFile)(process.execPath, [natter, 'import', wxr, '--format', 'wordpress', '--db', join(dir, 'natter.db')], {
      env: {...process.env, NATTER_DATABASE_URL: ''}, maxBuffer: 1 << 24,
    });
    const wall = (performance.now() - started) / 1000;
    const added = Number(/Added (\d+) comments/.exec(stdout)?.[1]);
    const peak = Number(/peak memory (\d+) MB/.exec(stdout)?.[1]);
    // The child's own CPU time (user + system), beside the wall time: on a busy machine the two part ways.
    const cpu = Number(/CPU ([\d.]+) s/.exec(stdout)?.[1]);
    if (added !== comments) throw new Error(`Expected ${comments} comments added:\n${stdout}`);
    const seconds = Math.round(wall * 10) / 10;
    const scale = comments / 100_000;
    const ok = (v: number, max: number) => (v <= max ? 'met' : '**missed**');
    const markdown = [
      `| import of a generated WXR | ${comments.toLocaleString('en')} comments, ${(size / 2 ** 20).toFixed(0)} MB | goal |`,
      '|---|---:|---|',
      `| time (child process, wall) | ${seconds} s | ≤ ${importGoals.maxSeconds * scale} s: ${ok(seconds, importGoals.maxSeconds * scale)} |`,
      `| CPU time of the child process (user + system, start-up included) | ${cpu} s | — |`,
      `| peak RSS (\`process.resourceUsage().maxRSS\`) | ${peak} MB | ≤ ${importGoals.maxMB} MB: ${ok(peak, importGoals.maxMB)} |`,
    ].join('\n');
    return {markdown, json: {comments, fileBytes: size, seconds, cpuSeconds: cpu, peakMB: peak, goals: importGoals}};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const {markdown} = await benchImport({quick: process.argv.includes('--quick')});
  console.log(markdown);
}
