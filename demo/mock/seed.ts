import type {Comment} from '../../src/adapters/adapter.js';

const thread = '/2014/03/networking';
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60000).toISOString();

/** A small, believable discussion for the static demo. */
export const seed: Comment[] = [
  {id: 's1', thread, parent: null, author: 'Priya N.', website: 'https://priya.example', createdAt: at(60 * 26), status: 'published',
    body: 'We hit the same thing with a **signup form** on a conference wifi. The idempotency key was the fix for us too.\n\nDid you keep the key on the client after a crash, or make a new one?'},
  {id: 's2', thread, parent: 's1', author: 'Field Notes', website: null, createdAt: at(60 * 25), status: 'published',
    body: 'Kept it. The key is written next to the caption *before* the first attempt, so a retry after a crash reuses it.'},
  {id: 's3', thread, parent: 's2', author: 'Priya N.', website: 'https://priya.example', createdAt: at(60 * 24), status: 'published',
    body: 'Makes sense. That ordering is the whole trick, isn\'t it.'},
  {id: 's4', thread, parent: null, author: 'Tomás', website: null, createdAt: at(180), status: 'published',
    body: 'Fifteen seconds feels long on a phone. We use:\n\n```js\nconst deadline = navigator.connection?.effectiveType === "4g" ? 8000 : 15000;\n```\n\n> not going to answer\n\nThis line deserves a poster.'},
  {id: 's5', thread, parent: null, author: 'mk', website: 'https://example.org/~mk', createdAt: at(12), status: 'published',
    body: 'Related reading: <https://www.rfc-editor.org/rfc/rfc9110#name-idempotent-methods>'},
];
