// The log tail's text arithmetic (tails.js), pure: what a joining viewer is sent, in frames, and
// what a reopened upstream socket adds to what was already passed on.

/** Text sent to a joining viewer in frames of at most this many UTF-16 code units. */
export const FRAME_UNITS = 64 * 1024;

/** `text` as frames of whole characters. */
export function* frames(text, size = FRAME_UNITS) {
  for (let i = 0; i < text.length;) {
    let j = Math.min(text.length, i + size);
    if (j < text.length && /[\ud800-\udbff]/.test(text[j - 1])) j++;
    yield text.slice(i, j);
    i = j;
  }
}

/**
 * What a new socket over the same log adds to what was already passed on: Ray resends from the
 * first byte, so the first `skip` code units of the new socket's text are dropped.
 * Returns `[newText, skipLeft]`.
 */
export function afterSkip(text, skip) {
  if (skip >= text.length) return ['', skip - text.length];
  return [text.slice(skip), 0];
}
