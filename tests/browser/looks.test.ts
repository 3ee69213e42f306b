// The default look: a compact top form, `theme`, a vote that shows it is pressed, forced colours and reduced motion.
import {expect} from '@open-wc/testing';
import {executeServerCommand, sendKeys} from '@web/test-runner-commands';
import {createMemoryAdapter} from '../../src/adapters/memory.js';
import type {ThreadElement} from '../../src/elements/thread-element.js';
import {cleanup, clearStorage, mountThread, part, parts, postMine, seedComment, settled, until} from './helpers.js';

const shows = (node: Element) => node.checkVisibility();
const fields = (form: Element) => [...form.querySelectorAll<HTMLInputElement>('[name=author], [name=email], [name=website], [name=remember], [name=notify]')];
const mount = (setup: (e: ThreadElement) => void = () => {}) =>
  mountThread((e) => {
    e.adapter = createMemoryAdapter({id: `looks-${Math.random()}`, seed: [seedComment('c1'), seedComment('c2')]});
    e.thread = '/t';
    setup(e);
  });
/** Emulates media features (tests/web-test-runner.config.js, `media-features`): false where the browser can't. */
const emulate = (features: {name: string; value: string}[]) => executeServerCommand<boolean, {features: {name: string; value: string}[]}>('media-features', {features});
const focused = (el: ThreadElement) => (document.activeElement === el ? (el.shadowRoot!.activeElement as HTMLElement | null) : null);

describe('<natter-thread> looks', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clearStorage();
  });
  afterEach(async () => {
    cleanup();
    await emulate([]);
  });

  it('shows the top form compact, the text box alone, until the reader comes to it; Tab then reaches the name', async () => {
    const el = await mount();
    const form = part(el, 'composer');
    const box = form.querySelector('textarea')!;
    expect(shows(box)).to.equal(true);
    expect(fields(form).filter(shows), 'fields shown before focus').to.deep.equal([]);
    expect(shows(form.querySelector('.hint')!)).to.equal(false);
    const compact = form.getBoundingClientRect().height;
    box.focus();
    await sendKeys({type: 'Hello'});
    expect(fields(form).every(shows), 'every field, once focused').to.equal(true);
    expect(form.getBoundingClientRect().height).to.be.greaterThan(compact);
    await sendKeys({press: 'Tab'});
    expect(focused(el)?.getAttribute('name')).to.equal('author');
    // Focus leaving keeps it open: what the reader typed and the fields stay in view.
    (document.activeElement as HTMLElement).blur();
    expect(fields(form).every(shows)).to.equal(true);
  });

  it('keeps the place of the top form, compact, while the write chunk loads: the comments below move little', async () => {
    const el = await mount();
    const form = part(el, 'composer');
    const placeholder = parseFloat(getComputedStyle(el.shadowRoot!.querySelector('natter-composer')!).fontSize) * 10;
    expect(Math.abs(form.parentElement!.getBoundingClientRect().height - placeholder), `compact form ${form.getBoundingClientRect().height} px, its place ${placeholder} px`).to.be.below(48);
  });

  it('opens with the fields shown when a draft with text is restored, and a reply form with focus in it', async () => {
    const first = await mount((e) => (e.adapter = createMemoryAdapter({id: 'looks-draft', seed: [seedComment('c1')]})));
    const box = part(first, 'composer').querySelector('textarea')!;
    box.value = 'Half a thought';
    box.dispatchEvent(new Event('input', {bubbles: true}));
    await first.write!.drafts.flush?.();
    cleanup();
    const again = await mount((e) => (e.adapter = createMemoryAdapter({id: 'looks-draft', seed: [seedComment('c1')]})));
    await until(() => part(again, 'composer').querySelector('textarea')!.value === 'Half a thought', 4000, 'the draft back');
    await again.updateComplete;
    expect(fields(part(again, 'composer')).every(shows), 'fields of a restored draft').to.equal(true);
    parts(again, 'reply-button')[0]!.click();
    await until(() => parts(again, 'composer').length === 2, 2000, 'the reply form');
    await settled(again);
    await until(() => fields(parts(again, 'composer')[1]!).every(shows), 2000, 'the reply form\'s fields');
  });

  it('draws itself light or dark with `theme`, and takes the page\'s colours by default', async () => {
    document.body.style.color = 'rgb(10, 20, 30)';
    try {
      const el = await mount();
      const style = getComputedStyle(el);
      expect(style.color, 'auto: the page\'s text').to.equal('rgb(10, 20, 30)');
      expect(style.backgroundColor).to.equal('rgba(0, 0, 0, 0)');
      el.setAttribute('theme', 'dark');
      expect(getComputedStyle(el).colorScheme).to.equal('dark');
      const dark = getComputedStyle(el).backgroundColor;
      el.setAttribute('theme', 'light');
      expect(getComputedStyle(el).colorScheme).to.equal('light');
      const light = getComputedStyle(el).backgroundColor;
      const lum = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).reduce((a, b) => a + Number(b), 0);
      expect(lum(dark), `dark ${dark}, light ${light}`).to.be.below(lum(light));
      expect(lum(getComputedStyle(el).color)).to.be.below(lum(light));
    } finally {
      document.body.style.color = '';
    }
  });

  it('shows a pressed vote by more than colour', async () => {
    const el = await mount();
    await until(() => parts(el, 'vote-up-button').length, 4000, 'the vote buttons');
    const button = parts<HTMLButtonElement>(el, 'vote-up-button')[0]!;
    const plain = getComputedStyle(button);
    const [weight, edge] = [plain.fontWeight, plain.borderTopColor];
    button.click();
    await until(() => button.getAttribute('aria-pressed') === 'true', 4000, 'the vote');
    expect(Number(getComputedStyle(button).fontWeight)).to.be.greaterThan(Number(weight));
    expect(getComputedStyle(button).borderTopColor).to.not.equal(edge);
  });

  it('keeps the Post button\'s edge and a pressed vote\'s weight in forced colours (Chromium: Firefox over BiDi can\'t emulate them)', async function () {
    if (!(await emulate([{name: 'forced-colors', value: 'active'}]))) return this.skip();
    const el = await mount();
    await until(() => parts(el, 'vote-up-button').length, 4000, 'the vote buttons');
    const button = parts<HTMLButtonElement>(el, 'vote-up-button')[0]!;
    const plain = getComputedStyle(button).fontWeight;
    button.click();
    await until(() => button.getAttribute('aria-pressed') === 'true', 4000, 'the vote');
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
    const submit = part(el, 'submit-button');
    const style = getComputedStyle(submit);
    expect(style.borderTopColor, 'the Post button\'s edge').to.not.equal('rgba(0, 0, 0, 0)');
    expect(style.color, 'the Post button\'s label against its background').to.not.equal(style.backgroundColor);
    // And with a dark palette (as Windows' high-contrast themes mostly are).
    await emulate([{name: 'forced-colors', value: 'active'}, {name: 'prefers-color-scheme', value: 'dark'}]);
    const dark = getComputedStyle(submit);
    expect(dark.color, 'the label on a dark palette').to.not.equal(dark.backgroundColor);
    // Forced colours draw text on a backplate of Canvas: a label in Canvas would vanish on it, whatever its background.
    const probe = document.body.appendChild(Object.assign(document.createElement('div'), {style: 'background: Canvas'}));
    const canvas = getComputedStyle(probe).backgroundColor;
    probe.remove();
    expect(dark.color, 'the label against the backplate (Canvas)').to.not.equal(canvas);
    expect(Number(getComputedStyle(button).fontWeight)).to.be.greaterThan(Number(plain));
  });

  it('moves nothing by animation, with reduced motion asked or not: no transition, animation or smooth scrolling', async () => {
    // Emulated where the browser can; the check holds either way, since nothing may move.
    await emulate([{name: 'prefers-reduced-motion', value: 'reduce'}]);
    const el = await mount();
    await postMine(el, 'Moved into view');
    const moving = [...el.shadowRoot!.querySelectorAll('*')].filter((n) => {
      const s = getComputedStyle(n);
      return s.animationName !== 'none' || s.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || s.scrollBehavior === 'smooth';
    });
    expect(moving.map((n) => n.localName)).to.deep.equal([]);
  });
});
