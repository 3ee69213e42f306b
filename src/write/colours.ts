// The page's own colours, measured (WCAG 1.4.3): CSS can mix colours but not measure them.
// - Muted text (times, notes, hints, quotes, the per-comment buttons) is the text colour at 70% over what lies behind
//   the widget, or more where that reads under 4.5:1 there (at most the text itself).
// - The accent (links, focus rings, the Post button) is the page's own link colour where it reads at 4.5:1 there, else
//   the text colour. The Post button's label is the background colour, so it reads as well on the accent.
// `--natter-muted-color`, `--natter-accent-color` and `--natter-submit-color` still win.

let ctx: CanvasRenderingContext2D | null | undefined;

/** CSS colours painted one over the other (the first at the bottom), as sRGB bytes [r, g, b, a]. */
function paint(...layers: string[]): number[] {
  ctx ??= document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  if (!ctx) return [0, 0, 0, 0];
  ctx.clearRect(0, 0, 1, 1);
  for (const c of layers) (ctx.fillStyle = c), ctx.fillRect(0, 0, 1, 1);
  return [...ctx.getImageData(0, 0, 1, 1).data];
}

/** WCAG's relative luminance, plus its 0.05 of flare. */
const luminance = (c: number[]) => c.slice(0, 3).reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i]! * ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4), 0.05);
/** Whether `a` reads at 4.5:1 or more on `b`. */
const reads = (a: number[], b: number[]) => Math.max(luminance(a), luminance(b)) / Math.min(luminance(a), luminance(b)) >= 4.5;

/** The colours around `host`, as custom properties for its shadow root, in `sheet`. */
function measure(host: HTMLElement, root: ShadowRoot, sheet: CSSStyleSheet) {
  const computed = (el: Element, key: 'color' | 'backgroundColor') => getComputedStyle(el)[key];
  /** `key` of a probe `el`, which goes again at once. */
  const probe = (el: HTMLElement, key: 'color' | 'backgroundColor') => {
    const value = computed(el, key);
    el.remove();
    return value;
  };
  // What lies behind the host: each background up the tree (through shadow roots) until an opaque one, else the
  // canvas in the page's colour scheme (the system colour Canvas).
  const under: string[] = [];
  for (let at: Element | undefined = host; ; at = at.parentElement ?? (at.getRootNode() as Partial<ShadowRoot>).host) {
    if (!at) {
      const canvas = root.appendChild(document.createElement('i'));
      canvas.style.background = 'Canvas';
      under.unshift(probe(canvas, 'backgroundColor'));
      break;
    }
    under.unshift(computed(at, 'backgroundColor'));
    if (paint(under[0]!)[3] === 255) break;
  }
  const bg = paint(...under);
  const text = computed(host, 'color');
  // A link as the page styles its links, beside the host, where the page's rules reach it (an element in the host's
  // light DOM has no style: no slot shows it).
  const link = document.createElement('a');
  link.href = '#';
  host.before(link);
  const linkColour = probe(link, 'color');
  const textBytes = paint(...under, text);
  // Where the canvas can't be read (a browser that blanks it against fingerprinting), the defaults stay.
  if ('' + textBytes === '' + bg) return;
  let muted = 70;
  while (muted < 100 && !reads(textBytes.map((v, i) => (v * muted + bg[i]! * (100 - muted)) / 100), bg)) muted += 5;
  sheet.replaceSync(`:host{--m:var(--natter-muted-color,color-mix(in srgb,currentColor ${muted}%,transparent));--a:var(--natter-accent-color,${reads(paint(...under, linkColour), bg) ? linkColour : text});--s:rgb(${bg.slice(0, 3)})}`);
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** Measures now, and again whenever the page's look may change: its colour scheme, a theme switch's class or attribute. */
export function followColours(host: HTMLElement, root: ShadowRoot): () => void {
  const sheet = new CSSStyleSheet();
  const again = () => measure(host, root, sheet);
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const watch = new MutationObserver(again);
  for (const el of [document.documentElement, document.body, host]) el && watch.observe(el, {attributes: true});
  scheme.onchange = again;
  again();
  return () => (watch.disconnect(), (scheme.onchange = null));
}
