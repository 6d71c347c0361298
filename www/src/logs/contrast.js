// A log's own colours (256-colour and 24-bit escapes) made legible on the page's log background,
// in light and in dark: each is moved toward the scheme's ink until it reaches the WCAG AA ratio
// of 4.5:1, so a job's orange warning or a near-black foreground stays readable (docs/page.md
// "Accessibility"). Pure colour arithmetic, no DOM.

/** `rgb(r, g, b)` → [r, g, b]; null for anything else. */
export function parseRgb(text) {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

const channel = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

/** The WCAG contrast ratio of two colours. */
export function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** `fg` mixed toward `ink` just enough to reach `min` against `bg`. */
export function legible(fg, bg, ink, min = 4.5) {
  for (let k = 0; k <= 10; k++) {
    const w = k / 10;
    const c = fg.map((v, i) => Math.round(v * (1 - w) + ink[i] * w));
    if (ratio(c, bg) >= min) return c;
  }
  return ink;
}

/** Black or white, whichever reads better on `bg`. */
export const textOn = (bg) => (ratio([0, 0, 0], bg) >= ratio([255, 255, 255], bg) ? [0, 0, 0] : [255, 255, 255]);

export const css = (c) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** The log backgrounds and inks of www/logs.css and www/style.css, light and dark. */
export const SCHEMES = {
  light: { bg: [0xfb, 0xfc, 0xfd], ink: [0x1b, 0x1f, 0x24] },
  dark: { bg: [0x0d, 0x11, 0x17], ink: [0xe6, 0xed, 0xf3] },
};
