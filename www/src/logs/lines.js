// A log as lines, growing at its end: text arrives in pieces cut anywhere (docs/api.md §9,
// followJobLogs' onText), the last line may still be open, and each line knows the SGR state it
// starts in. Past `maxChars` the oldest lines are dropped, so a log followed for hours keeps the
// tab's memory bounded like fetchJobLogs' maxLogBytes does.
import { endState, PLAIN, plainText } from './ansi.js';

/** UTF-8 bytes of `s` (what the library's droppedBytes counts). */
export function utf8Length(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

export class LineStore {
  constructor(maxChars = 32 * 1024 * 1024) {
    this.maxChars = maxChars;
    this.clear();
  }

  clear() {
    this.lines = [];
    this.states = [];
    this.plain = [];
    this.open = false; // the last line has no line ending yet
    this.chars = 0;
    this.droppedLines = 0;
    this.droppedBytes = 0;
  }

  get count() { return this.lines.length; }

  /** Adds `text`; returns `{ from, dropped }`: the first changed line, lines dropped at the start. */
  append(text) {
    if (!text) return { from: this.lines.length, dropped: 0 };
    const parts = text.split('\n');
    const { lines } = this;
    let from = lines.length;
    if (this.open) {
      from = lines.length - 1;
      lines[from] += parts[0];
      this.plain[from] = undefined;
    } else {
      lines.push(parts[0]);
    }
    for (let i = 1; i < parts.length; i++) lines.push(parts[i]);
    // A text that ends with a line ending leaves no open line behind it.
    this.open = parts[parts.length - 1] !== '';
    if (!this.open) lines.pop();
    this.chars += text.length;
    // states[i]: the SGR state line i starts in, from the line before it.
    this.states.length = Math.min(this.states.length, from + 1);
    if (lines.length) this.states[0] = PLAIN;
    for (let i = Math.max(1, from); i < lines.length; i++) this.states[i] = endState(lines[i - 1], this.states[i - 1]);
    const dropped = this.chars > this.maxChars ? this.#drop() : 0;
    return { from: Math.max(0, from - dropped), dropped };
  }

  #drop() {
    let n = 0;
    let chars = this.chars;
    const goal = this.maxChars * 0.75;
    let bytes = 0;
    while (chars > goal && n < this.lines.length - 1) {
      chars -= this.lines[n].length + 1;
      bytes += utf8Length(this.lines[n]) + 1;
      n++;
    }
    this.lines.splice(0, n);
    this.states.splice(0, n);
    this.plain.splice(0, n);
    this.chars = chars;
    this.droppedLines += n;
    this.droppedBytes += bytes;
    return n;
  }

  /** Line `i` (0-based) as shown, without escapes: what search looks in. */
  plainAt(i) {
    const cached = this.plain[i];
    if (cached !== undefined) return cached;
    const p = plainText(this.lines[i]);
    if (p !== this.lines[i]) this.plain[i] = p;
    return p;
  }
}
