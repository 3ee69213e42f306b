// The page's own colours, measured (WCAG 1.4.3): CSS can mix colours but not measure them.
// - Muted text (times, notes, hints, quotes, the per-comment buttons) is the text colour at 70% over what lies behind
//   the widget, or more where that reads under 4.5:1 there (at most the text itself).
// - The accent (links, focus rings, the Post button) is the page's own link colour (its last link before the widget,
//   in a paragraph where there is one; else the system's LinkText) where it reads at 4.5:1 there, else the text colour. The Post button's label is the
//   background colour, so it reads as well on the accent.
// - Behind a background image or gradient nothing is measured: CSS's defaults stay.
// Nothing is added to the page's DOM (a probe in the shadow root only), so no observer of the page sees a change.
// Known limit: an element slotted into another component measures the backgrounds of its light-DOM parents.
// `--natter-muted-color`, `--natter-accent-color` and `--natter-submit-color` still win.

let ctx: CanvasRenderingContext2D | undefined;

/** CSS colours painted one over the other (the first at the bottom), as sRGB bytes [r, g, b, a]. */
function paint(...layers: string[]): Uint8ClampedArray {
  // No context (rare): the caller's catch keeps the defaults.
  ctx ??= document.createElement('canvas').getContext('2d', {willReadFrequently: true})!;
  ctx.clearRect(0, 0, 1, 1);
  for (const c of layers) (ctx.fillStyle = c), ctx.fillRect(0, 0, 1, 1);
  return ctx.getImageData(0, 0, 1, 1).data;
}

/** WCAG's relative luminance, plus its 0.05 of flare. */
const luminance = (c: Uint8ClampedArray) => c.slice(0, 3).reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i]! * ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4), 0.05);
/** Whether `a` reads at 4.5:1 or more on `b`, or either way round; 4.6 for the rounding of the colours painted. */
const reads = (a: Uint8ClampedArray, b: Uint8ClampedArray, r = luminance(a) / luminance(b)) => r >= 4.6 || r * 4.6 <= 1;

/** The colours around `host`, as the CSS text of its shadow root's sheet; undefined where they can't be measured. */
function measure(host: HTMLElement, root: ShadowRoot) {
  const style = getComputedStyle;
  /** A system colour as `host` gets it (its colour scheme), from a probe in the shadow root that goes again at once. */
  const system = (colour: string) => {
    const i = root.appendChild(document.createElement('i'));
    i.style.color = colour;
    colour = style(i).color;
    i.remove();
    return colour;
  };
  // What lies behind the host, as painted: the canvas in the page's colour scheme, under each background up the tree
  // (out of shadow roots) until an opaque one.
  const under = [system('Canvas')];
  for (let at: Element | undefined = host; at && paint(...under.slice(1, 2))[3]! < 255; at = at.parentElement ?? (at.getRootNode() as Partial<ShadowRoot>).host) {
    if (style(at).backgroundImage !== 'none') return;
    under.splice(1, 0, style(at).backgroundColor);
  }
  const bg = paint(...under);
  const text = style(host).color;
  // Where the canvas can't be read (a browser that blanks it against fingerprinting), the defaults stay.
  if ('' + paint(...under, text) === '' + bg) return;
  // The last link before the widget, in a paragraph where there is one (the post's, rather than a menu's).
  const links = [...document.querySelectorAll('a[href]')].filter((a) => a.compareDocumentPosition(host) & 4);
  const link = links.filter((a) => a.closest('p')).pop() ?? links.pop();
  const accent = link ? style(link).color : system('LinkText');
  let muted = 70;
  while (muted < 100 && !reads(paint(...under, `color-mix(in srgb,${text} ${muted}%,#0000)`), bg)) muted += 5;
  // The custom properties thread-element.styles.ts and composer.styles.ts read under theirs.
  return `:host{--mp:${muted}%;--pa:${reads(paint(...under, accent), bg) ? accent : text};--s:rgb(${bg.slice(0, 3)})}`;
}

/**
 * Measures now, and again whenever the page's look may change: any attribute on `<html>` or `<body>` (frameworks name
 * their theme attribute as they like), the element's `theme`, `class` or `style`, or the system's colour scheme; each
 * time once more a second later, after a transition. Returns what stops it.
 */
export function followColours(host: HTMLElement, root: ShadowRoot): () => void {
  let sheet: CSSStyleSheet | undefined, css: string | undefined, later: ReturnType<typeof setTimeout> | undefined;
  const again = () => {
    try {
      if (css !== (css = measure(host, root))) {
        // Safari before 16.4 has no constructable sheets: the defaults stay there.
        sheet ??= (root.adoptedStyleSheets = [...root.adoptedStyleSheets, new CSSStyleSheet()]).at(-1);
        sheet!.replaceSync(css ?? '');
      }
    } catch {}
  };
  // One late run however many changes come meanwhile (a page that sets an attribute on every scroll).
  const soon = () => (again(), clearTimeout(later), (later = setTimeout(again, 1e3)));
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const watch = new MutationObserver(soon);
  for (const el of [document.documentElement, document.body]) el && watch.observe(el, {attributes: true});
  // Not the element's own `loading` and `offline`, which it sets as it works.
  watch.observe(host, {attributeFilter: ['theme', 'class', 'style']});
  scheme.onchange = soon;
  soon();
  return () => {
    clearTimeout(later);
    watch.disconnect();
    scheme.onchange = null;
    if (sheet) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
