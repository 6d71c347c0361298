//! Searching a log line by line as it streams (docs/api.md §15, `searchJobLogs`): a plain text
//! query or a regular expression of a small, safe subset, matched in time linear in the text
//! (a Thompson NFA simulated in lock step, as RE2 does), with memory bounded by the longest
//! line kept ([`MAX_LINE_BYTES`]) and the matches kept (`max_matches`).
//!
//! The regex subset: literals, `.`, classes `[a-z_]` / `[^…]`, `\d \w \s \D \W \S`, escaped
//! punctuation, groups `(…)` (and `(?:…)`), `|`, `* + ?` and `{m}`, `{m,}`, `{m,n}` (at most
//! 100), anchors `^ $`. No backreferences or lookaround: no pattern can take more than linear
//! time. A pattern that does not parse, or whose program would pass [`MAX_PROGRAM`]
//! instructions, is `BAD_REQUEST` before anything is sent.

use super::LogSink;
use crate::error::{ErrorCode, JobglassError};

/// Bytes of one line kept and searched; the rest of a longer line is not searched.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Bytes of a matching line kept in its [`LineMatch`]: a thousand matches stay small.
pub const MAX_MATCH_TEXT: usize = 4096;
/// The largest regex program accepted (instructions).
const MAX_PROGRAM: usize = 10_000;
/// The most a counted repetition may say.
const MAX_REPEAT: u32 = 100;

fn bad(why: impl Into<String>) -> JobglassError {
    JobglassError::new(ErrorCode::BadRequest, why.into())
}

/// What a character class accepts.
#[derive(Clone, Debug, PartialEq)]
struct Class {
    ranges: Vec<(char, char)>,
    negated: bool,
}

impl Class {
    fn matches(&self, c: char, fold: bool) -> bool {
        let hit = |c: char| self.ranges.iter().any(|&(a, b)| a <= c && c <= b);
        let found = hit(c) || (fold && (c.to_lowercase().any(hit) || c.to_uppercase().any(hit)));
        found != self.negated
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Class),
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    depth: u32,
}

impl Parser<'_> {
    fn alt(&mut self) -> Result<Node, JobglassError> {
        let mut arms = vec![self.concat()?];
        while self.chars.peek() == Some(&'|') {
            self.chars.next();
            arms.push(self.concat()?);
        }
        Ok(if arms.len() == 1 {
            arms.remove(0)
        } else {
            Node::Alt(arms)
        })
    }

    fn concat(&mut self) -> Result<Node, JobglassError> {
        let mut items = Vec::new();
        while let Some(&c) = self.chars.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.remove(0),
            _ => Node::Concat(items),
        })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, JobglassError> {
        let (min, max) = match self.chars.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.chars.next();
                let (min, max) = self.counts()?;
                return self.repeat(atom, min, max);
            }
            _ => return Ok(atom),
        };
        self.chars.next();
        self.repeat(atom, min, max)
    }

    fn repeat(&mut self, atom: Node, min: u32, max: Option<u32>) -> Result<Node, JobglassError> {
        if matches!(atom, Node::Start | Node::End | Node::Empty) {
            return Err(bad("the regex repeats nothing"));
        }
        if self
            .chars
            .peek()
            .is_some_and(|c| matches!(c, '*' | '+' | '?' | '{'))
        {
            // A lazy `?` changes nothing for whether a line matches; more is nested repetition.
            if self.chars.peek() == Some(&'?') {
                self.chars.next();
            } else {
                return Err(bad("the regex has a repetition of a repetition"));
            }
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn number(&mut self) -> Option<u32> {
        let mut n: Option<u32> = None;
        while let Some(d) = self.chars.peek().and_then(|c| c.to_digit(10)) {
            self.chars.next();
            n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d));
        }
        n
    }

    fn counts(&mut self) -> Result<(u32, Option<u32>), JobglassError> {
        let min = self
            .number()
            .ok_or_else(|| bad("the regex has `{` without a count"))?;
        let max = if self.chars.peek() == Some(&',') {
            self.chars.next();
            self.number()
        } else {
            Some(min)
        };
        if self.chars.next() != Some('}') {
            return Err(bad("the regex has a `{` count that is not closed"));
        }
        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT || m < min) {
            return Err(bad(format!(
                "the regex's counts must be ordered and at most {MAX_REPEAT}"
            )));
        }
        Ok((min, max))
    }

    fn atom(&mut self) -> Result<Node, JobglassError> {
        let c = self
            .chars
            .next()
            .ok_or_else(|| bad("the regex ended early"))?;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '(' => {
                self.depth += 1;
                if self.depth > 50 {
                    return Err(bad("the regex nests groups too deeply"));
                }
                if self.chars.peek() == Some(&'?') {
                    self.chars.next();
                    if self.chars.next() != Some(':') {
                        return Err(bad(
                            "the regex uses `(?…)`, which only `(?:` of is supported",
                        ));
                    }
                }
                let inner = self.alt()?;
                if self.chars.next() != Some(')') {
                    return Err(bad("the regex has a `(` that is not closed"));
                }
                self.depth -= 1;
                inner
            }
            ')' => return Err(bad("the regex has a `)` that was not opened")),
            '[' => Node::Class(self.class()?),
            '\\' => self.escape(false)?,
            '*' | '+' | '?' | '{' => {
                return Err(bad(format!("the regex has `{c}` with nothing to repeat")))
            }
            c => Node::Char(c),
        })
    }

    fn escape(&mut self, in_class: bool) -> Result<Node, JobglassError> {
        let c = self
            .chars
            .next()
            .ok_or_else(|| bad("the regex ends with `\\`"))?;
        let class = |ranges: &[(char, char)], negated| {
            Node::Class(Class {
                ranges: ranges.to_vec(),
                negated,
            })
        };
        const DIGIT: &[(char, char)] = &[('0', '9')];
        const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
        const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];
        Ok(match c {
            'd' => class(DIGIT, false),
            'D' => class(DIGIT, true),
            'w' => class(WORD, false),
            'W' => class(WORD, true),
            's' => class(SPACE, false),
            'S' => class(SPACE, true),
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            'r' => Node::Char('\r'),
            c if c.is_ascii_punctuation() || (in_class && c == '-') => Node::Char(c),
            c => {
                return Err(bad(format!(
                    "the regex uses `\\{c}`, which is not supported"
                )))
            }
        })
    }

    fn class(&mut self) -> Result<Class, JobglassError> {
        let negated = self.chars.peek() == Some(&'^');
        if negated {
            self.chars.next();
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self
                .chars
                .next()
                .ok_or_else(|| bad("the regex has a `[` that is not closed"))?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                match self.escape(true)? {
                    Node::Char(c) => c,
                    Node::Class(inner) if !inner.negated => {
                        ranges.extend(inner.ranges);
                        continue;
                    }
                    _ => return Err(bad("the regex negates a class inside a class")),
                }
            } else {
                c
            };
            let mut ahead = self.chars.clone();
            if ahead.next() == Some('-') && ahead.peek().is_some_and(|&c| c != ']') {
                self.chars.next();
                let hi = self
                    .chars
                    .next()
                    .ok_or_else(|| bad("the regex ended early"))?;
                if hi < lo {
                    return Err(bad("the regex has a class range out of order"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Class { ranges, negated })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Inst {
    Char(char),
    Any,
    Class(Class),
    Start,
    End,
    Split(usize, usize),
    Jump(usize),
    Match,
}

fn emit(node: &Node, prog: &mut Vec<Inst>) -> Result<(), JobglassError> {
    if prog.len() > MAX_PROGRAM {
        return Err(bad(format!(
            "the regex is too costly: it needs more than {MAX_PROGRAM} steps per character"
        )));
    }
    match node {
        Node::Empty => {}
        Node::Char(c) => prog.push(Inst::Char(*c)),
        Node::Any => prog.push(Inst::Any),
        Node::Class(c) => prog.push(Inst::Class(c.clone())),
        Node::Start => prog.push(Inst::Start),
        Node::End => prog.push(Inst::End),
        Node::Concat(items) => {
            for n in items {
                emit(n, prog)?;
            }
        }
        Node::Alt(arms) => {
            let mut jumps = Vec::new();
            for (i, arm) in arms.iter().enumerate() {
                if i + 1 < arms.len() {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(arm, prog)?;
                    jumps.push(prog.len());
                    prog.push(Inst::Jump(0));
                    let next = prog.len();
                    prog[split] = Inst::Split(split + 1, next);
                } else {
                    emit(arm, prog)?;
                }
            }
            let end = prog.len();
            for j in jumps {
                prog[j] = Inst::Jump(end);
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                emit(node, prog)?;
            }
            match max {
                None => {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(node, prog)?;
                    prog.push(Inst::Jump(split));
                    let end = prog.len();
                    prog[split] = Inst::Split(split + 1, end);
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(prog.len());
                        prog.push(Inst::Split(prog.len() + 1, 0));
                        emit(node, prog)?;
                    }
                    let end = prog.len();
                    for s in splits {
                        prog[s] = Inst::Split(s + 1, end);
                    }
                }
            }
        }
    }
    if prog.len() > MAX_PROGRAM {
        return Err(bad(format!(
            "the regex is too costly: it needs more than {MAX_PROGRAM} steps per character"
        )));
    }
    Ok(())
}

/// A compiled query: text or regex, case-sensitive or not.
#[derive(Clone, Debug)]
pub struct Matcher {
    kind: Kind,
    fold: bool,
}

#[derive(Clone, Debug)]
enum Kind {
    /// The text to find (lower-cased when folding).
    Text(String),
    Regex(Vec<Inst>),
}

impl Matcher {
    /// A text query: found anywhere in a line; case-insensitive unless `case_sensitive`.
    pub fn text(query: &str, case_sensitive: bool) -> Result<Matcher, JobglassError> {
        if query.is_empty() {
            return Err(bad("the search text is empty"));
        }
        Ok(Matcher {
            kind: Kind::Text(if case_sensitive {
                query.to_owned()
            } else {
                query.to_lowercase()
            }),
            fold: !case_sensitive,
        })
    }

    /// A regex query of the subset this module describes; `BAD_REQUEST` when it does not parse
    /// or is too costly.
    pub fn regex(pattern: &str, case_sensitive: bool) -> Result<Matcher, JobglassError> {
        if pattern.len() > 4096 {
            return Err(bad("the regex is longer than 4096 bytes"));
        }
        let mut p = Parser {
            chars: pattern.chars().peekable(),
            depth: 0,
        };
        let node = p.alt()?;
        if p.chars.next().is_some() {
            return Err(bad("the regex has a `)` that was not opened"));
        }
        let mut prog = Vec::new();
        emit(&node, &mut prog)?;
        prog.push(Inst::Match);
        Ok(Matcher {
            kind: Kind::Regex(prog),
            fold: !case_sensitive,
        })
    }

    /// Whether `line` (without its ending) matches.
    pub fn is_match(&self, line: &str) -> bool {
        match &self.kind {
            Kind::Text(t) if self.fold => line.to_lowercase().contains(t.as_str()),
            Kind::Text(t) => line.contains(t.as_str()),
            Kind::Regex(prog) => run(prog, line, self.fold),
        }
    }
}

fn same(a: char, b: char, fold: bool) -> bool {
    a == b || (fold && a.to_lowercase().eq(b.to_lowercase()))
}

/// Adds the thread at `pc` and everything it reaches without reading, at position `at`.
fn add(
    prog: &[Inst],
    list: &mut Vec<usize>,
    on: &mut [bool],
    pc: usize,
    at_start: bool,
    at_end: bool,
) {
    let mut stack = vec![pc];
    while let Some(pc) = stack.pop() {
        if pc >= prog.len() || on[pc] {
            continue;
        }
        on[pc] = true;
        match &prog[pc] {
            Inst::Jump(to) => stack.push(*to),
            Inst::Split(a, b) => {
                stack.push(*b);
                stack.push(*a);
            }
            Inst::Start if at_start => stack.push(pc + 1),
            Inst::End if at_end => stack.push(pc + 1),
            Inst::Start | Inst::End => {}
            _ => list.push(pc),
        }
    }
}

fn run(prog: &[Inst], line: &str, fold: bool) -> bool {
    let mut current = Vec::new();
    let mut next = Vec::new();
    let mut on = vec![false; prog.len()];
    let mut chars = line.chars().peekable();
    let mut at_start = true;
    loop {
        let at_end = chars.peek().is_none();
        // An unanchored search: a new thread starts at every position.
        add(prog, &mut current, &mut on, 0, at_start, at_end);
        if current.iter().any(|&pc| prog[pc] == Inst::Match) {
            return true;
        }
        let Some(c) = chars.next() else {
            return false;
        };
        on.iter_mut().for_each(|b| *b = false);
        let after_end = chars.peek().is_none();
        for &pc in &current {
            let ok = match &prog[pc] {
                Inst::Char(want) => same(c, *want, fold),
                Inst::Any => c != '\n',
                Inst::Class(class) => class.matches(c, fold),
                _ => false,
            };
            if ok {
                add(prog, &mut next, &mut on, pc + 1, false, after_end);
            }
        }
        std::mem::swap(&mut current, &mut next);
        next.clear();
        at_start = false;
    }
}

/// One line that matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineMatch {
    /// 1-based.
    pub line: u64,
    /// The line without its ending (at most [`MAX_MATCH_TEXT`] bytes of it).
    pub text: String,
}

/// A [`LogSink`] that searches a log line by line as it arrives.
#[derive(Debug)]
pub struct LineSearch {
    matcher: Matcher,
    /// How many more matches to keep; at 0 the search stops looking.
    room: usize,
    line: u64,
    current: String,
    /// The current line was longer than [`MAX_LINE_BYTES`]: the rest is not kept.
    cut: bool,
    /// Matches found, in order.
    pub matches: Vec<LineMatch>,
    /// Bytes of text seen.
    pub bytes: u64,
    /// Matches were left out because `room` ran out.
    pub full: bool,
}

impl LineSearch {
    /// A search keeping at most `max_matches` matches.
    pub fn new(matcher: Matcher, max_matches: usize) -> Self {
        LineSearch {
            matcher,
            room: max_matches,
            line: 0,
            current: String::new(),
            cut: false,
            matches: Vec::new(),
            bytes: 0,
            full: false,
        }
    }

    /// Starts again from the first line (a request resent).
    pub fn restart(&mut self) {
        self.line = 0;
        self.current.clear();
        self.cut = false;
        self.matches.clear();
        self.bytes = 0;
        self.full = false;
    }

    /// Whether no more matches can be kept.
    pub fn is_full(&self) -> bool {
        self.full
    }

    fn end_line(&mut self) {
        self.line += 1;
        let text = std::mem::take(&mut self.current);
        let text = text.strip_suffix('\r').unwrap_or(&text);
        if !self.full && self.matcher.is_match(text) {
            if self.room == 0 {
                self.full = true;
            } else {
                self.room -= 1;
                let mut keep = text.len().min(MAX_MATCH_TEXT);
                while !text.is_char_boundary(keep) {
                    keep -= 1;
                }
                self.matches.push(LineMatch {
                    line: self.line,
                    text: text[..keep].to_owned(),
                });
            }
        }
        self.cut = false;
    }

    /// The text has ended: a last line without an ending is searched too.
    pub fn finish(&mut self) {
        if !self.current.is_empty() || self.cut {
            self.end_line();
        }
    }
}

impl LogSink for LineSearch {
    fn push(&mut self, text: &str) {
        self.bytes += text.len() as u64;
        for piece in text.split_inclusive('\n') {
            let (body, ends) = match piece.strip_suffix('\n') {
                Some(b) => (b, true),
                None => (piece, false),
            };
            if !self.cut {
                let room = MAX_LINE_BYTES.saturating_sub(self.current.len());
                if body.len() <= room {
                    self.current.push_str(body);
                } else {
                    let mut at = room;
                    while !body.is_char_boundary(at) {
                        at -= 1;
                    }
                    self.current.push_str(&body[..at]);
                    self.cut = true;
                }
            }
            if ends {
                self.end_line();
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn re(p: &str) -> Matcher {
        Matcher::regex(p, true).unwrap()
    }

    #[test]
    fn the_subset_matches_as_a_regex_engine_does() {
        let cases: &[(&str, &str, bool)] = &[
            ("abc", "xxabcxx", true),
            ("^abc", "xabc", false),
            ("abc$", "xabc", true),
            ("a.c", "a-c", true),
            ("a[0-9]+c", "a123c", true),
            ("a[^0-9]c", "a1c", false),
            ("(foo|bar)baz", "xbarbaz", true),
            ("colou?r", "color", true),
            ("x{2,3}y", "xxy", true),
            ("^x{2,3}y", "xy", false),
            (r"\d+\.\d+", "v1.25", true),
            (r"\w+@\w+", "a@b", true),
            (r"\s$", "a ", true),
            ("(?:ab)*c", "ababc", true),
            ("", "anything", true),
            ("a|", "zzz", true),
            ("[]a]", "]", true),
            ("[a-]", "-", true),
            ("pid=\\d+\\)", "(work pid=123)", true),
        ];
        for &(p, s, want) in cases {
            assert_eq!(re(p).is_match(s), want, "{p} on {s}");
        }
        assert!(Matcher::regex("ERROR", false)
            .unwrap()
            .is_match("an error here"));
        assert!(!re("ERROR").is_match("an error here"));
    }

    #[test]
    fn invalid_or_costly_patterns_are_bad_requests() {
        for p in [
            "(",
            ")",
            "[a",
            "a{3",
            "*a",
            "a**",
            "a{5,2}",
            "a{101}",
            r"\1",
            "(?=x)",
            "(?i)x",
            "\\",
            "[z-a]",
            "((((x{100}){100}){100}){100})",
        ] {
            let e = Matcher::regex(p, true).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadRequest, "{p}");
        }
        assert_eq!(
            Matcher::text("", false).unwrap_err().code,
            ErrorCode::BadRequest
        );
    }

    #[test]
    fn a_pathological_pattern_stays_linear() {
        let m = re("(a|a)*(a|a)*(a|a)*b");
        let line = "a".repeat(20_000);
        let start = std::time::Instant::now();
        assert!(!m.is_match(&line));
        assert!(start.elapsed().as_secs() < 10);
    }

    #[test]
    fn lines_are_numbered_across_pieces_and_long_lines_cut() {
        let m = Matcher::text("needle", false).unwrap();
        let mut s = LineSearch::new(m.clone(), 2);
        for piece in [
            "one\r\ntwo NEE",
            "DLE\nthree\n",
            "x\n",
            "needle again\nand needle",
            "",
        ] {
            s.push(piece);
        }
        s.finish();
        assert_eq!(
            s.matches,
            vec![
                LineMatch {
                    line: 2,
                    text: "two NEEDLE".into()
                },
                LineMatch {
                    line: 5,
                    text: "needle again".into()
                }
            ]
        );
        assert!(s.is_full(), "a third match was left out");
        let mut long = LineSearch::new(m.clone(), 10);
        long.push(&"x".repeat(MAX_LINE_BYTES + 10));
        long.push("needle\nneedle\n");
        long.finish();
        assert_eq!(long.matches.len(), 1);
        assert_eq!(long.matches[0].line, 2);
    }

    proptest::proptest! {
        #[test]
        fn no_pattern_or_line_makes_it_panic(p in ".{0,40}", s in ".{0,80}", fold in proptest::bool::ANY) {
            if let Ok(m) = Matcher::regex(&p, !fold) {
                let _ = m.is_match(&s);
            }
        }

        #[test]
        fn a_literal_pattern_agrees_with_text_search(needle in "[a-z]{1,4}", hay in "[a-z ]{0,40}") {
            proptest::prop_assert_eq!(re(&needle).is_match(&hay), hay.contains(&needle));
        }
    }
}
