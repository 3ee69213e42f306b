// Posts a comment to a real Natter server as a patient client does: with the thread's form token from a list, and
// sent again after a `too_fast` refusal once its Retry-After has passed (the spam check's minimum time, default 3 s).

// One token per server and thread, as one open page would hold: only the first post waits out the minimum time.
const tokens = new Map<string, Promise<string | undefined>>();
const tokenFor = (base: string, thread: string) => {
  const key = `${base} ${thread}`;
  if (!tokens.has(key)) tokens.set(key, fetch(`${base}/api/comments?${new URLSearchParams({thread, limit: '1'})}`).then((r) => r.headers.get('Natter-Form') ?? undefined));
  return tokens.get(key)!;
};

/** Posts `comment` (thread, author, body, …) and returns the server's JSON answer; throws on any other refusal. */
export async function seedComment(base: string, comment: {thread: string; author: string; body: string; parent?: string | null}, key = `seed-${Math.random().toString(36).slice(2)}`) {
  const form = await tokenFor(base, comment.thread);
  for (let tries = 0; tries < 3; tries++) {
    const r = await fetch(`${base}/api/comments`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Idempotency-Key': key},
      body: JSON.stringify({...comment, form}),
    });
    const data = await r.json();
    if (r.status === 429 && data?.error?.code === 'too_fast') {
      await new Promise((done) => setTimeout(done, 1000 * Number(r.headers.get('Retry-After') ?? 1)));
      continue;
    }
    if (r.status !== 201) throw new Error(`seeding a comment: ${r.status} ${JSON.stringify(data)}`);
    return data as {comment: {id: string; status: string}};
  }
  throw new Error('seeding a comment: still too fast after 3 tries');
}
