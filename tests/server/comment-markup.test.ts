import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Comment} from '../../src/adapters/adapter.js';
import {commentTree} from '../../src/server/pages/comment-markup.js';

const c = (id: string, parent: string | null, extra: Partial<Comment> = {}): Comment => ({
  id, thread: '/t', parent, author: `A${id}`, website: null, body: `Body ${id}`, createdAt: '2026-01-01T00:00:00.000Z', status: 'published', ...extra,
});

describe('comment markup (no-JS page and fragment)', () => {
  it('keeps a deleted comment as a placeholder with its replies, and flattens below the deepest level naming the parent', () => {
    const chain = [c('1', null, {status: 'deleted', author: '', body: ''}), c('2', '1'), c('3', '2'), c('4', '3')];
    const out = commentTree(chain, {maxDepth: 2}).value;
    assert.ok(out.includes('<article class="natter-comment natter-deleted" id="c-1"><p class="natter-note">This comment was deleted.</p></article>'));
    assert.ok(!out.includes('Body 1'));
    // Level 2 holds 2; 3 and 4 follow it flat, each saying whom it answers.
    assert.match(out, /<ol class="natter-replies"><li><article[^>]*id="c-2"[\s\S]*<\/li><li><article[^>]*id="c-3"[\s\S]*in reply to A2[\s\S]*id="c-4"[\s\S]*in reply to A3/);
  });

  it('marks held comments, links only safe websites, and shows a reply link only under published ones', () => {
    const out = commentTree([
      {...c('1', null, {website: 'javascript:alert(1)'})},
      {...c('2', null, {website: 'https://ok.example/', status: 'pending'}), held: true},
    ], {replyHref: (x) => `/t?reply=${x.id}`}).value;
    assert.ok(!out.includes('javascript:'));
    assert.ok(out.includes('<a href="https://ok.example/" rel="nofollow ugc noopener">A2</a>'));
    assert.ok(out.includes('class="natter-comment natter-held" id="c-2"'));
    assert.ok(out.includes('Awaiting moderation'));
    assert.equal(out.match(/\/t\?reply=/g)?.length, 1, 'no reply link under the held comment');
  });
});
