// When the first comments have painted: the rest of the list and the write chunk wait for it.

/** Comments in the first frame: more than a phone's screen holds. */
export const FIRST = 10;

/**
 * Runs `f` once the next frame has painted, or after a second where no frame comes (a hidden tab). The fallback is
 * long because the render it follows can take a few hundred milliseconds on a phone; a shorter timer could fire
 * before that frame.
 */
export function afterPaint(f: () => void) {
  let ran = false;
  const once = () => ran || ((ran = true), f());
  requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, 1000);
}
