//! Requirement specs out of openYuanrong's pip shell command (docs/api.md §4).
//!
//! openYuanrong keeps the pip step as one shell string (`"pip3.9 install numpy==1.24 && pip3.9
//! check"`); a dashboard wants the packages. The words are split as a POSIX shell splits them,
//! and the specs are the words after `install` up to the next `&&`, `;` or `|`.

/// Options whose next word is their value, not a package.
const OPTIONS_WITH_VALUE: &[&str] = &[
    "-i",
    "--index-url",
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "--extra-index-url",
    "--trusted-host",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "-e",
    "--editable",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--proxy",
    "--timeout",
    "--retries",
    "--cert",
    "--client-cert",
    "--upgrade-strategy",
];

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    /// `&&`, `||`, `;`, `|`, `&` or a newline: the end of one command.
    Separator,
}

/// Splits a command line into words and command separators, removing quotes as a POSIX shell
/// does. An unterminated quote runs to the end of the line.
fn tokenize(line: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let end_word = |tokens: &mut Vec<Token>, word: &mut String, in_word: &mut bool| {
        if *in_word {
            tokens.push(Token::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            word.extend(chars.next());
                        }
                        _ => word.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(next) => word.push(next),
                }
            }
            '&' | '|' | ';' | '\n' => {
                end_word(&mut tokens, &mut word, &mut in_word);
                if matches!(chars.peek(), Some(&n) if n == c && c != '\n' && c != ';') {
                    chars.next();
                }
                if tokens.last() != Some(&Token::Separator) {
                    tokens.push(Token::Separator);
                }
            }
            c if c.is_whitespace() => end_word(&mut tokens, &mut word, &mut in_word),
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    end_word(&mut tokens, &mut word, &mut in_word);
    tokens
}

/// The requirement specs of every `… install …` command in `line`.
pub(crate) fn requirements(line: &str) -> Vec<String> {
    let mut specs = Vec::new();
    let mut installing = false;
    let mut skip_value = false;
    for token in tokenize(line) {
        let word = match token {
            Token::Separator => {
                installing = false;
                skip_value = false;
                continue;
            }
            Token::Word(w) => w,
        };
        if !installing {
            installing = word == "install";
        } else if skip_value {
            skip_value = false;
        } else if word.starts_with('-') {
            skip_value = OPTIONS_WITH_VALUE.contains(&word.as_str());
        } else {
            specs.push(word);
        }
    }
    specs
}

#[cfg(test)]
mod tests {
    use super::requirements;

    #[test]
    fn the_seed_command() {
        assert_eq!(
            requirements("pip3.9 install numpy==1.24 scipy==1.11.0 && pip3.9 check"),
            ["numpy==1.24", "scipy==1.11.0"]
        );
    }

    #[test]
    fn options_and_their_values_are_skipped() {
        assert_eq!(
            requirements(
                "pip install -U --upgrade -i https://mirror/simple --index-url=https://m2 \
                 --extra-index-url https://x --trusted-host mirror -r req.txt -c c.txt \
                 --no-cache-dir torch"
            ),
            ["torch"]
        );
    }

    #[test]
    fn quotes_are_removed_and_operators_inside_them_kept() {
        assert_eq!(
            requirements(r#"pip install "pandas>=2,<3" 'requests[socks]' "a&&b" x\ y"#),
            ["pandas>=2,<3", "requests[socks]", "a&&b", "x y"]
        );
    }

    #[test]
    fn every_install_segment_counts_and_separators_end_them() {
        assert_eq!(
            requirements("pip install a;pip install b|tee log&&python -m pip install c || true"),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn no_install_no_specs() {
        assert!(requirements("").is_empty());
        assert!(requirements("pip3.9 check").is_empty());
        assert!(requirements("echo install").is_empty());
    }

    #[test]
    fn unterminated_quote_runs_to_the_end() {
        assert_eq!(requirements("pip install 'numpy"), ["numpy"]);
    }
}
