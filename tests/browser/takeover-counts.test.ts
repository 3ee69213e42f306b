// The takeover of a build-time fragment whose branches grew since the build: /api/fragment/newer sends a fresh copy of
// each top-level comment whose branch changed, and the widget shows today's count and "Show more replies" for it,
// with the comment in its place.
import {expect} from '@open-wc/testing';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {bodies, cleanup, clearStorage, parts, until} from './helpers.js';

const endpoint = 'https://comments.example.test';
const realFetch = window.fetch;
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString();
const c = (id: string, parent: string | null, minutes: number, extra: object = {}) =>
  ({id, thread: '/f', parent, author: `Reader ${id}`, website: null, tree: [`Comment ${id}`], createdAt: at(minutes), status: 'published', ...extra});
// At build time: two top-level comments, the first with one reply.
const built = {comments: [c('1', null, 0, {replyCount: 1}), c('2', '1', 1), c('3', null, 2, {replyCount: 0})], next: null, total: 3};
// Since: six more replies under the first; the page shows its first five, so the fresh copy says where the rest go on.
const newer = {comments: [c('1', null, 0, {replyCount: 7, replyNext: 'after-6'}), ...['4', '5', '6', '7'].map((id, i) => c(id, '1', 10 + i))], next: null, total: 9};

describe('fragment takeover with grown branches', () => {
  beforeEach(async () => {
    await clearStorage();
    window.fetch = (async (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      const body = url.includes('/api/fragment/newer') ? newer : {comments: [c('8', '1', 20), c('9', '1', 21)], next: null};
      return new Response(JSON.stringify(body), {headers: {'Content-Type': 'application/json', 'Natter-Form': 'tok'}});
    }) as typeof fetch;
  });
  afterEach(() => {
    window.fetch = realFetch;
    cleanup();
  });

  it('takes the fresh count: "Show more replies" under the grown branch, every comment once and in its place', async () => {
    const el = document.createElement('natter-thread') as ThreadElement;
    el.endpoint = endpoint;
    el.thread = '/f';
    const page = JSON.stringify(built).replaceAll('&', '&amp;').replaceAll("'", '&#39;');
    el.innerHTML = `<div data-natter-page='${page}' data-natter-list="/api/comments?thread=%2Ff&amp;format=tree&amp;limit=50&amp;order=oldest&amp;replies=5" data-natter-newer="/api/fragment/newer?thread=%2Ff&amp;since=${at(2)}"><article id="c-1"><p>Fragment comment</p></article></div>`;
    document.body.append(el);
    await until(() => !el.fragment && bodies(el).length === 7, 8000, 'the thread instead of the fragment');
    expect(bodies(el)).to.deep.equal(['Comment 1', 'Comment 2', 'Comment 4', 'Comment 5', 'Comment 6', 'Comment 7', 'Comment 3']);
    await until(() => parts(el, 'more-replies-button').length === 1, 4000, '"Show more replies"');
    parts(el, 'more-replies-button')[0]!.click();
    await until(() => bodies(el).length === 9, 4000, 'the rest of the branch');
    expect(bodies(el).slice(6, 8)).to.deep.equal(['Comment 8', 'Comment 9']);
  });
});
