import type {AkismetConfig} from '../../config/spam.js';
import type {SpamCheckItem} from '../../store/spam-store.js';

// Akismet's documented REST API (https://akismet.com/developers/): form-encoded POSTs to /1.1/comment-check,
// /1.1/submit-spam and /1.1/submit-ham with the key as `api_key`. comment-check answers the text `true` (spam) or
// `false`, with `X-akismet-pro-tip: discard` for blatant spam; a bad key answers `invalid`.

/** What Akismet said about a comment. `discard` is blatant spam (kept as spam all the same: nothing is dropped). */
export type AkismetVerdict = 'spam' | 'ham' | 'discard';

/** Akismet could not give an answer: down, slow, an unexpected reply, or a key it refuses. */
export class AkismetUnavailable extends Error {
  override name = 'AkismetUnavailable';
}

export interface Akismet {
  check(item: SpamCheckItem, permalink: string | null): Promise<AkismetVerdict>;
  /** Tells Akismet it missed a spam comment. */
  submitSpam(item: SpamCheckItem, permalink: string | null): Promise<void>;
  /** Tells Akismet a comment it (or the rules) took for spam is not. */
  submitHam(item: SpamCheckItem, permalink: string | null): Promise<void>;
}

export function createAkismet(config: AkismetConfig, {timeoutMs = 10_000}: {timeoutMs?: number} = {}): Akismet {
  async function call(method: 'comment-check' | 'submit-spam' | 'submit-ham', item: SpamCheckItem, permalink: string | null): Promise<{text: string; headers: Headers}> {
    const form = new URLSearchParams({
      api_key: config.key,
      blog: config.blog,
      user_ip: item.ip ?? '',
      comment_type: 'comment',
      comment_author: item.author,
      comment_content: item.body,
      comment_date_gmt: item.createdAt,
    });
    const optional = {user_agent: item.userAgent, referrer: item.referrer, comment_author_email: item.email, comment_author_url: item.website, permalink};
    for (const [name, value] of Object.entries(optional)) if (value) form.set(name, value);
    let response: Response;
    try {
      response = await fetch(`${config.url}/1.1/${method}`, {
        method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'User-Agent': 'Natter | Akismet/1.1'},
        body: form,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AkismetUnavailable(`Akismet could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = (await response.text().catch(() => '')).trim();
    if (!response.ok) throw new AkismetUnavailable(`Akismet answered HTTP ${response.status}.`);
    if (text === 'invalid') throw new AkismetUnavailable(`Akismet refused the key${hint(response.headers)}; check NATTER_AKISMET_KEY and NATTER_PUBLIC_URL.`);
    return {text, headers: response.headers};
  }

  return {
    async check(item, permalink) {
      const {text, headers} = await call('comment-check', item, permalink);
      if (text === 'false') return 'ham';
      if (text === 'true') return headers.get('x-akismet-pro-tip') === 'discard' ? 'discard' : 'spam';
      throw new AkismetUnavailable(`Akismet gave no verdict ("${text.slice(0, 60)}"${hint(headers)}).`);
    },
    async submitSpam(item, permalink) {
      await call('submit-spam', item, permalink);
    },
    async submitHam(item, permalink) {
      await call('submit-ham', item, permalink);
    },
  };
}

function hint(headers: Headers): string {
  const help = headers.get('x-akismet-debug-help') ?? headers.get('x-akismet-alert-msg');
  return help ? `: ${help.slice(0, 200)}` : '';
}
