// The text the log doubles write and the tests expect: deterministic lines with what makes a
// log hard to carry (docs/api.md §9): ANSI SGR codes, tabs, quotes and backslashes (JSON escapes),
// CJK and emoji (multi-byte UTF-8, surrogate pairs in JavaScript), `\r\n` endings.

/** Line `n` (1-based), with its line ending. */
export function logLine(n) {
  switch (n % 7) {
    case 0: return `\x1b[31mERROR\x1b[0m step ${n}\tfailed: "quoted" \\path\\to\\x\n`;
    case 1: return `step ${n}\tok 日本語のログ 🚀\n`;
    case 2: return `\x1b[1;32mINFO\x1b[0m step ${n} progress ${n % 100}%\r\n`;
    case 3: return `step ${n} \x1b[38;5;208mwarm\x1b[39m \x1b[48;2;10;20;30mbg\x1b[0m 🧪✅\n`;
    default: return `step ${n} plain text line with some words to search: needle-${n % 1000}\n`;
  }
}

/** Lines `from` to `to` (inclusive), joined. */
export function logLines(from, to) {
  let text = '';
  for (let n = from; n <= to; n++) text += logLine(n);
  return text;
}
