// What the README's side-by-sides share (scripts/compare-isso.ts, compare-giscus.ts): the blog page, its size, the
// demo's discussion as the others nest it, and taking the screenshot.
import {mkdirSync} from 'node:fs';
import type {Page} from 'puppeteer-core';
import {seed as demoSeed} from '../demo/mock/seed.js';

export const root = new URL('../', import.meta.url);
export const DEMO = '/2014/03/networking';
const out = new URL('docs/gallery/', root);
const PAGE_STYLE = 'body { margin: 0 } main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1.25rem } html { background: #fff; color: #1f2328; font: 17px/1.55 Georgia, serif } a { color: #0b5e95 }';
const VIEWPORT = {width: 760, height: 1100};

export type DemoComment = (typeof demoSeed)[number];

/** The blog page (the gallery's light one): the end of a post, then `body`, with `head`. */
export const blogPage = (head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Networking, 2014</title>
<style>${PAGE_STYLE}</style>${head}</head><body><main><p>The end of the post, with <a href="#">a link</a> in the blog's own colour.</p>${body}</main></body></html>`;

/** The demo's discussion one level deep, as Isso and GitHub Discussions nest it: each top-level comment with every reply below it. */
export function flatThread(): {comment: DemoComment; replies: DemoComment[]}[] {
  const topOf = (c: DemoComment): DemoComment => (c.parent ? topOf(demoSeed.find((x) => x.id === c.parent)!) : c);
  return demoSeed.filter((c) => !c.parent).map((comment) => ({comment, replies: demoSeed.filter((r) => r.parent && topOf(r) === comment)}));
}

/** Opens `url` at the comparison's size, waits for `ready`, and writes docs/gallery/NAME.png. */
export async function shoot(p: Page, url: string, ready: (p: Page) => Promise<unknown>, name: string) {
  await p.setViewport(VIEWPORT);
  await p.goto(url);
  await ready(p);
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  mkdirSync(out, {recursive: true});
  await p.screenshot({path: new URL(`${name}.png`, out).pathname as `${string}.png`});
  console.log(`wrote docs/gallery/${name}.png`);
}
