//! What of a Markdown draft is prose: front matter, fenced code, inline code and HTML comments
//! are blanked out, and `<!-- framelens-ignore TERM -->` comments are collected.
//!
//! Blanking replaces every byte of a skipped character with a space (line breaks stay), so the
//! masked text has the same byte offsets and lines as the draft: a hit in it is a hit in the draft.
//!
//! ```
//! use framelens::check::mask_markdown;
//! let draft = "Text `مرتزقة` here\n<!-- framelens-ignore martyr -->\nشهيد\n";
//! let masked = mask_markdown(draft);
//! assert_eq!(masked.text.len(), draft.len());
//! assert!(!masked.text.contains("مرتزقة"));
//! assert_eq!(masked.ignores[0].line, 3);
//! ```

/// A suppression comment: the terms it names (all terms when empty) on the line after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignore {
    /// The 1-based line it applies to.
    pub line: usize,
    /// Term ids (`martyr` or `karabakh.ar/martyr`); empty means every term.
    pub terms: Vec<String>,
}

impl Ignore {
    /// Whether this comment silences `lexicon/term` on `line`.
    pub fn covers(&self, line: usize, lexicon: &str, term: &str) -> bool {
        self.line == line
            && (self.terms.is_empty()
                || self.terms.iter().any(|t| {
                    t == term
                        || t.split_once('/')
                            .is_some_and(|(l, id)| l == lexicon && id == term)
                }))
    }
}

/// A draft with its non-prose parts blanked.
#[derive(Clone, Debug)]
pub struct Masked {
    /// Same length and lines as the draft.
    pub text: String,
    /// Suppression comments found.
    pub ignores: Vec<Ignore>,
}

/// Collects `framelens-ignore` comments in a plain-text draft (nothing is blanked there).
pub fn plain_ignores(text: &str) -> Vec<Ignore> {
    let mut ignores = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("<!--").map(|i| from + i) {
        let Some(end) = text[start..].find("-->").map(|i| start + i + 3) else {
            break;
        };
        ignores.extend(directive(text, start, end));
        from = end;
    }
    ignores
}

/// Blanks front matter, fenced code, inline code and HTML comments of a Markdown draft.
pub fn mask_markdown(draft: &str) -> Masked {
    let mut bytes = draft.as_bytes().to_vec();
    let mut ignores = Vec::new();
    let mut pos = front_matter_end(draft);
    blank(0..pos, &mut bytes);
    let mut fence: Option<(u8, usize)> = None;
    while pos < draft.len() {
        let line_end = draft[pos..].find('\n').map_or(draft.len(), |i| pos + i + 1);
        let line = &draft[pos..line_end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = line.trim_start_matches(' ');
        let run = |c: u8| rest.bytes().take_while(|&b| b == c).count();
        match fence {
            Some((c, n)) => {
                if indent <= 3 && run(c) >= n && rest[run(c)..].trim().is_empty() {
                    fence = None;
                }
                blank(pos..line_end, &mut bytes);
                pos = line_end;
            }
            None if indent <= 3 && (run(b'`') >= 3 || run(b'~') >= 3) => {
                let c = if run(b'`') >= 3 { b'`' } else { b'~' };
                fence = Some((c, run(c)));
                blank(pos..line_end, &mut bytes);
                pos = line_end;
            }
            None => {
                pos = mask_inline(draft, pos, line_end, &mut bytes, &mut ignores);
            }
        }
    }
    Masked {
        text: String::from_utf8(bytes).expect("blanking whole characters keeps UTF-8"),
        ignores,
    }
}

/// Blanks inline code and comments from `pos` on; returns where the next line starts (a comment
/// may run over several lines).
fn mask_inline(
    draft: &str,
    mut pos: usize,
    mut line_end: usize,
    bytes: &mut [u8],
    ignores: &mut Vec<Ignore>,
) -> usize {
    while pos < line_end {
        let rest = &draft[pos..line_end];
        let next_code = rest.find('`');
        let next_comment = rest.find("<!--");
        match (next_code, next_comment) {
            (Some(c), comment) if comment.is_none_or(|m| c < m) => {
                let start = pos + c;
                let ticks = draft[start..].bytes().take_while(|&b| b == b'`').count();
                let after = start + ticks;
                let closing = find_backtick_run(&draft[after..line_end], ticks);
                match closing {
                    Some(i) => {
                        blank(start..after + i + ticks, bytes);
                        pos = after + i + ticks;
                    }
                    None => pos = after,
                }
            }
            (_, Some(m)) => {
                let start = pos + m;
                let end = draft[start..]
                    .find("-->")
                    .map_or(draft.len(), |i| start + i + 3);
                ignores.extend(directive(draft, start, end));
                blank(start..end, bytes);
                pos = end;
                if end > line_end {
                    line_end = draft[end..].find('\n').map_or(draft.len(), |i| end + i + 1);
                }
            }
            _ => pos = line_end,
        }
    }
    line_end
}

/// Replaces every byte of `range` but line breaks with a space.
fn blank(range: std::ops::Range<usize>, bytes: &mut [u8]) {
    for b in &mut bytes[range] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// The offset of the first run of exactly `n` backticks in `s`.
fn find_backtick_run(s: &str, n: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            if run == n {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// The end of a `---` (YAML) or `+++` (TOML) front-matter block at the very start, or 0.
fn front_matter_end(draft: &str) -> usize {
    let body = draft.strip_prefix('\u{FEFF}').unwrap_or(draft);
    let offset = draft.len() - body.len();
    for marker in ["---", "+++"] {
        let Some(rest) = body.strip_prefix(marker) else {
            continue;
        };
        if !rest.starts_with('\n') && !rest.starts_with("\r\n") {
            continue;
        }
        let mut pos = offset + marker.len() + 1;
        while pos < draft.len() {
            let end = draft[pos..].find('\n').map_or(draft.len(), |i| pos + i + 1);
            let line = draft[pos..end].trim_end();
            if line == marker || (marker == "---" && line == "...") {
                return end;
            }
            pos = end;
        }
    }
    0
}

/// Parses `<!-- framelens-ignore a b -->` spanning `start..end`; it applies to the next line.
fn directive(draft: &str, start: usize, end: usize) -> Option<Ignore> {
    let inner = draft[start..end]
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    let rest = inner.strip_prefix("framelens-ignore")?;
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let line = draft[..end].matches('\n').count() + 2;
    let terms = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    Some(Ignore { line, terms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_what_is_not_prose() {
        let cases = [
            ("---\ntitle: مرتزقة\n---\nنص", "نص"),
            ("+++\ntitle = 'x'\n+++\nنص", "نص"),
            ("قبل\n```\nمرتزقة\n```\nبعد", "قبل\nبعد"),
            ("~~~~\nx\n~~~\ny\n~~~~\nz", "z"),
            ("a `مرتزقة` b ``c ` d`` e", "a b e"),
            ("a <!-- مرتزقة\nشهيد --> b", "a\nb"),
            (
                "not front matter\n---\nstays",
                "not front matter\n---\nstays",
            ),
        ];
        for (draft, prose) in cases {
            let masked = mask_markdown(draft);
            assert_eq!(masked.text.len(), draft.len());
            let squeezed: Vec<String> = masked
                .text
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(squeezed.join("\n"), prose, "{draft:?}");
        }
    }

    #[test]
    fn ignore_comments_apply_to_the_next_line() {
        let draft = "one\n<!-- framelens-ignore martyr, karabakh.ar/shushi -->\nthree\n<!-- framelens-ignore -->\nfive\n<!-- framelens-ignored x -->";
        let masked = mask_markdown(draft);
        assert_eq!(
            masked.ignores,
            [
                Ignore {
                    line: 3,
                    terms: vec!["martyr".into(), "karabakh.ar/shushi".into()]
                },
                Ignore {
                    line: 5,
                    terms: vec![]
                },
            ]
        );
        assert!(masked.ignores[0].covers(3, "karabakh.ar", "shushi"));
        assert!(!masked.ignores[0].covers(3, "karabakh.en", "shushi"));
        assert!(masked.ignores[1].covers(5, "any", "thing"));
        assert_eq!(plain_ignores(draft), masked.ignores);
    }
}
