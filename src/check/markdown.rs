//! What of a draft is prose: the rest is blanked out, and `<!-- framelens-ignore TERM -->`
//! comments are collected.
//!
//! In every draft, front matter at the start, HTML comments and bare URLs (`https://…`,
//! `www.…`) are not prose. In Markdown, neither are fenced and inline code, link destinations
//! and image paths (the link text and the image description stay), the labels of full
//! reference links, reference definitions (`[id]: https://…`), autolinks (`<https://…>`) and
//! HTML tags (the text between them stays).
//!
//! Blanking replaces every byte of a skipped character with a space (line breaks stay), so the
//! masked text has the same byte offsets and lines as the draft: a hit in it is a hit in the draft.
//!
//! ```
//! use framelens::check::mask_markdown;
//! let draft = "Text `مرتزقة` [here](https://example.com/martyr)\n<!-- framelens-ignore martyr -->\nشهيد\n";
//! let masked = mask_markdown(draft);
//! assert_eq!(masked.text.len(), draft.len());
//! assert!(!masked.text.contains("مرتزقة"));
//! assert!(masked.text.contains("[here]") && !masked.text.contains("martyr"));
//! assert_eq!(masked.ignores[0].line, 3);
//! ```

use std::collections::HashSet;
use std::ops::Range;

/// A suppression comment: the terms it names (all terms when none) on the line after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignore {
    /// The 1-based line it applies to.
    pub line: usize,
    /// The term ids it names; none means every term.
    pub terms: Vec<IgnoredTerm>,
}

/// A term id in a suppression comment, and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredTerm {
    /// `martyr` or `karabakh.ar/martyr`.
    pub id: String,
    /// Byte offset of the id in the draft.
    pub byte: usize,
}

impl Ignore {
    /// Whether this comment silences `lexicon/term` on `line`.
    pub fn covers(&self, line: usize, lexicon: &str, term: &str) -> bool {
        self.line == line
            && (self.terms.is_empty()
                || self.terms.iter().any(|t| {
                    t.id == term
                        || t.id
                            .split_once('/')
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

/// Blanks front matter, HTML comments and bare URLs of a plain-text draft. Backticks and
/// brackets are plain characters there.
pub fn mask_plain(draft: &str) -> Masked {
    let mut bytes = draft.as_bytes().to_vec();
    let mut ignores = Vec::new();
    let mut pos = front_matter_end(draft);
    blank(0..pos, &mut bytes);
    let raw = draft.as_bytes();
    while pos < draft.len() {
        if raw[pos] == b'<' && draft[pos..].starts_with("<!--") {
            // An unclosed `<!--` in plain text is no comment: it stays prose.
            if let Some(end) = draft[pos..].find("-->").map(|i| pos + i + 3) {
                ignores.extend(directive(draft, pos, end));
                blank(pos..end, &mut bytes);
                pos = end;
                continue;
            }
        } else if let Some(end) = bare_url_end(draft, pos) {
            blank(pos..end, &mut bytes);
            pos = end;
            continue;
        }
        pos += 1;
    }
    Masked {
        text: String::from_utf8(bytes).expect("blanking whole characters keeps UTF-8"),
        ignores,
    }
}

/// Blanks what is not prose in a Markdown draft (see the module documentation).
pub fn mask_markdown(draft: &str) -> Masked {
    let mut inline = Inline {
        draft,
        bytes: draft.as_bytes().to_vec(),
        ignores: Vec::new(),
        labels: reference_labels(draft),
        open_brackets: 0,
    };
    let mut pos = front_matter_end(draft);
    inline.blank(0..pos);
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
                inline.blank(pos..line_end);
                pos = line_end;
            }
            None if indent <= 3 && (run(b'`') >= 3 || run(b'~') >= 3) => {
                let c = if run(b'`') >= 3 { b'`' } else { b'~' };
                fence = Some((c, run(c)));
                inline.open_brackets = 0;
                inline.blank(pos..line_end);
                pos = line_end;
            }
            None if line.trim().is_empty() => {
                // A paragraph ends: no link text runs on past it.
                inline.open_brackets = 0;
                pos = line_end;
            }
            None if definition_label(line).is_some() => {
                inline.blank(pos..line_end);
                pos = line_end;
            }
            None => pos = inline.mask(pos, line_end),
        }
    }
    Masked {
        text: String::from_utf8(inline.bytes).expect("blanking whole characters keeps UTF-8"),
        ignores: inline.ignores,
    }
}

/// The inline masking of one Markdown draft.
struct Inline<'a> {
    draft: &'a str,
    bytes: Vec<u8>,
    ignores: Vec<Ignore>,
    /// The labels of the draft's reference definitions, normalized (see [`label_key`]).
    labels: HashSet<String>,
    /// `[` not yet closed in the current paragraph: a `](` only ends link text after one.
    open_brackets: usize,
}

impl Inline<'_> {
    fn blank(&mut self, range: Range<usize>) {
        blank(range, &mut self.bytes);
    }

    /// Blanks the inline constructs that are not prose from `pos` on; returns where the next
    /// line starts (a comment may run over several lines).
    fn mask(&mut self, mut pos: usize, mut line_end: usize) -> usize {
        let draft = self.draft;
        let raw = draft.as_bytes();
        while pos < line_end {
            match raw[pos] {
                b'\\' if raw.get(pos + 1).is_some_and(u8::is_ascii_punctuation) => pos += 2,
                b'`' => {
                    let ticks = raw[pos..].iter().take_while(|&&b| b == b'`').count();
                    let after = pos + ticks;
                    match find_backtick_run(&draft[after..line_end], ticks) {
                        Some(i) => {
                            self.blank(pos..after + i + ticks);
                            pos = after + i + ticks;
                        }
                        None => pos = after,
                    }
                }
                b'<' if draft[pos..].starts_with("<!--") => {
                    let end = draft[pos..]
                        .find("-->")
                        .map_or(draft.len(), |i| pos + i + 3);
                    self.ignores.extend(directive(draft, pos, end));
                    self.blank(pos..end);
                    if end > line_end {
                        line_end = draft[end..].find('\n').map_or(draft.len(), |i| end + i + 1);
                    }
                    pos = end;
                }
                b'<' => match autolink_or_tag_len(&draft[pos..line_end]) {
                    Some(len) => {
                        self.blank(pos..pos + len);
                        pos += len;
                    }
                    None => pos += 1,
                },
                b'[' => {
                    self.open_brackets += 1;
                    pos += 1;
                }
                b']' if self.open_brackets > 0 => {
                    self.open_brackets -= 1;
                    pos = self.after_link_text(pos + 1, line_end);
                }
                _ => match bare_url_end(draft, pos) {
                    Some(end) => {
                        self.blank(pos..end);
                        pos = end;
                    }
                    // Only ASCII bytes start anything above, and they never occur inside a
                    // multi-byte character: stepping byte by byte is safe.
                    None => pos += 1,
                },
            }
        }
        line_end
    }

    /// After the `]` that closes link text at `pos`: blanks an inline destination
    /// (`(url "title")`, the title stays) or the label of a full reference link (`[label]`,
    /// when defined); returns where to go on.
    fn after_link_text(&mut self, pos: usize, line_end: usize) -> usize {
        let rest = &self.draft[pos..line_end];
        if let Some(inner) = rest.strip_prefix('(')
            && let Some((title, len)) = inline_destination(inner)
        {
            let end = pos + 1 + len;
            match title {
                Some(title) => {
                    self.blank(pos..pos + 1 + title.start);
                    self.blank(pos + 1 + title.end..end);
                }
                None => self.blank(pos..end),
            }
            return end;
        }
        if let Some(inner) = rest.strip_prefix('[')
            && let Some(close) = inner.find(']')
            && self.labels.contains(&label_key(&inner[..close]))
        {
            self.blank(pos..pos + close + 2);
            return pos + close + 2;
        }
        pos
    }
}

/// Replaces every byte of `range` but line breaks with a space.
fn blank(range: Range<usize>, bytes: &mut [u8]) {
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
    const KEYWORD: &str = "framelens-ignore";
    let comment = &draft[start..end];
    let inner = comment.strip_prefix("<!--")?;
    let inner = inner.strip_suffix("-->").unwrap_or(inner);
    let lead = inner.len() - inner.trim_start().len();
    let rest = inner.trim_start().strip_prefix(KEYWORD)?;
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let rest_start = start + "<!--".len() + lead + KEYWORD.len();
    let line = draft[..end].matches('\n').count() + 2;
    let mut terms = Vec::new();
    let mut id_start = None;
    for (i, c) in rest
        .char_indices()
        .chain(std::iter::once((rest.len(), ' ')))
    {
        let separator = c.is_whitespace() || c == ',';
        match (id_start, separator) {
            (None, false) => id_start = Some(i),
            (Some(s), true) => {
                terms.push(IgnoredTerm {
                    id: rest[s..i].to_string(),
                    byte: rest_start + s,
                });
                id_start = None;
            }
            _ => {}
        }
    }
    Some(Ignore { line, terms })
}

/// The end of a bare URL starting at `pos` (`http://`, `https://` or `www.` at the start of a
/// word), as GitHub delimits one: up to a space, `<` or `>`, without trailing punctuation or an
/// unbalanced closing parenthesis.
fn bare_url_end(text: &str, pos: usize) -> Option<usize> {
    // Only these ASCII letters start one; checking them first keeps `pos` a character boundary.
    if !matches!(text.as_bytes()[pos], b'h' | b'H' | b'w' | b'W') {
        return None;
    }
    let rest = &text[pos..];
    let starts = |prefix: &str| {
        rest.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    let scheme = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| starts(p))?
        .len();
    if text[..pos]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '.')
    {
        return None;
    }
    let mut end = pos
        + rest
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .unwrap_or(rest.len());
    while let Some(last) = text[pos..end].chars().next_back() {
        let unbalanced = last == ')' && {
            let url = &text[pos..end];
            url.matches(')').count() > url.matches('(').count()
        };
        if unbalanced || "?!.,:;*_~'\"،؛؟»”’".contains(last) {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    text[pos + scheme..end]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
        .then_some(end)
}

/// The length of an autolink (`<https://…>`, `<name@example.com>`) or an HTML tag (`<a
/// href="…">`, `</a>`) at the start of `s` (which starts with `<`), if one is there.
fn autolink_or_tag_len(s: &str) -> Option<usize> {
    let inner = &s[1..];
    // Autolink: a scheme of 2 to 32 characters, `:`, then no space, `<` or `>` up to `>`.
    let scheme = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        .count();
    let body_end = inner.find(|c: char| c.is_whitespace() || c == '<' || c == '>');
    if let Some(close) = body_end.filter(|&i| inner[i..].starts_with('>')) {
        let body = &inner[..close];
        let uri = (2..=32).contains(&scheme)
            && inner.as_bytes()[0].is_ascii_alphabetic()
            && body[scheme..].starts_with(':');
        let email = body.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
        if uri || email {
            return Some(close + 2);
        }
    }
    // HTML tag: `<name` or `</name`, then attributes (quoted values may hold `>`), then `>`.
    let name_start = usize::from(inner.starts_with('/'));
    let name = &inner[name_start..];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_len = name
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let after = &name[name_len..];
    if !after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
        return None;
    }
    let mut quote = None;
    for (i, c) in after.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(1 + name_start + name_len + i + 1),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// After the `(` of an inline link or image: the title's range, if there is one, and the
/// length up to and including the closing `)`, when the rest is a destination, an optional
/// title and `)`.
fn inline_destination(s: &str) -> Option<(Option<Range<usize>>, usize)> {
    let spaces = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();
    let start = spaces(s);
    let mut pos = start + destination_len(&s[start..])?;
    let gap = spaces(&s[pos..]);
    pos += gap;
    let mut title = None;
    if gap > 0
        && let Some(len) = title_len(&s[pos..])
    {
        title = Some(pos..pos + len);
        pos += len;
        pos += spaces(&s[pos..]);
    }
    s[pos..].starts_with(')').then_some((title, pos + 1))
}

/// The length of a link destination at the start of `s`: `<…>`, or a run without spaces in
/// which parentheses balance.
fn destination_len(s: &str) -> Option<usize> {
    if let Some(inner) = s.strip_prefix('<') {
        let close = inner.find(['>', '<', '\n'])?;
        return inner[close..].starts_with('>').then_some(close + 2);
    }
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            c if c.is_whitespace() || c.is_control() => return (depth == 0).then_some(i),
            _ => {}
        }
    }
    (depth == 0).then_some(s.len())
}

/// The length of a link title (`"…"`, `'…'` or `(…)`) at the start of `s`.
fn title_len(s: &str) -> Option<usize> {
    let close = match s.chars().next()? {
        '"' => '"',
        '\'' => '\'',
        '(' => ')',
        _ => return None,
    };
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == close => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The label of a reference definition (`[label]: destination "optional title"`) that makes
/// up `line`, if it is one. Footnotes (`[^1]: text`) are prose, not definitions.
fn definition_label(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line[indent..].strip_prefix('[')?;
    let close = rest.find(']')?;
    let label = &rest[..close];
    if label.trim().is_empty() || label.contains('[') || label.starts_with('^') {
        return None;
    }
    let after = rest[close + 1..].strip_prefix(':')?;
    let after = after.trim_start_matches([' ', '\t']);
    let len = destination_len(after)?;
    if len == 0 {
        return None;
    }
    let tail = &after[len..];
    let title = tail.trim_start_matches([' ', '\t']);
    let done = title.trim().is_empty()
        || (title.len() < tail.len()
            && title_len(title).is_some_and(|t| title[t..].trim().is_empty()));
    done.then_some(label)
}

/// The labels of every reference definition in `draft`, normalized.
fn reference_labels(draft: &str) -> HashSet<String> {
    draft
        .lines()
        .filter_map(definition_label)
        .map(label_key)
        .collect()
}

/// A label as references match it: case and runs of white space do not matter.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masked text with every run of blanks squeezed and blank lines left out.
    fn squeezed(masked: &Masked) -> String {
        masked
            .text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn blanks_what_is_not_prose_in_markdown() {
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
            // Links: the text stays, the destination goes, a title stays.
            (
                "See [the report](https://x.org/genocide).",
                "See [the report] .",
            ),
            (
                "[a](<x y> \"Title\") [b]( /p(1) 'T' )",
                "[a] \"Title\" [b] 'T'",
            ),
            ("![a photo](img/mercenaries.jpg)", "![a photo]"),
            ("[a [nested] link](x) z", "[a [nested] link] z"),
            ("[text\nover two lines](x) z", "[text\nover two lines] z"),
            // Not links: no link text before, a space in the destination, an escape.
            ("a](b) [c] (d)", "a](b) [c] (d)"),
            ("[a](b c)", "[a](b c)"),
            ("\\[a](b)", "\\[a](b)"),
            // Reference definitions and the labels of full reference links.
            (
                "[the report][gen]\n\n[Gen]: https://x.org/genocide",
                "[the report]",
            ),
            ("[ref]: <x y> \"Title\"\n[r2]: /a 'b'", ""),
            ("[a][undefined] [b][]", "[a][undefined] [b][]"),
            ("[Note]: the words go on", "[Note]: the words go on"),
            ("[^1]: a footnote", "[^1]: a footnote"),
            ("    [ref]: /indented/code", "[ref]: /indented/code"),
            // Bare URLs, autolinks, HTML tags.
            (
                "at https://x.org/a_(b)), www.y.com/c. and http://z",
                "at ), . and",
            ),
            ("x <https://x.org/a> <me@x.org> <b>bold</b>", "x bold"),
            ("<a href=\"https://x.org/a>b\">text</a>", "text"),
            ("a < b > c <3 <-", "a < b > c <3 <-"),
            ("`https://x.org` https://x.org/`x`", ""),
        ];
        for (draft, prose) in cases {
            let masked = mask_markdown(draft);
            assert_eq!(masked.text.len(), draft.len(), "{draft:?}");
            assert_eq!(
                masked.text.matches('\n').count(),
                draft.matches('\n').count()
            );
            assert_eq!(squeezed(&masked), prose, "{draft:?}");
        }
    }

    #[test]
    fn blanks_front_matter_comments_and_urls_in_plain_text() {
        let cases = [
            ("---\ntitle: مرتزقة\n---\nنص", "نص"),
            ("\u{FEFF}+++\ntitle = 'x'\n+++\nنص", "نص"),
            ("a <!-- مرتزقة\nشهيد --> b", "a\nb"),
            ("a <!-- never closed", "a <!-- never closed"),
            ("see https://x.org/genocide.", "see ."),
            // Markdown's code and links are plain characters here.
            ("a `code` [b](c)", "a `code` [b](c)"),
            (
                "text\n---\nnot front matter\n---",
                "text\n---\nnot front matter\n---",
            ),
        ];
        for (draft, prose) in cases {
            let masked = mask_plain(draft);
            assert_eq!(masked.text.len(), draft.len(), "{draft:?}");
            assert_eq!(squeezed(&masked), prose, "{draft:?}");
        }
    }

    #[test]
    fn masking_keeps_every_other_byte_in_place() {
        let draft = "«مرتزقة» [رابط](https://x.org/شهيد) 😀 <!-- c -->\nend www.x.com";
        for masked in [mask_markdown(draft), mask_plain(draft)] {
            assert_eq!(masked.text.len(), draft.len());
            for (i, (a, b)) in draft.bytes().zip(masked.text.bytes()).enumerate() {
                assert!(a == b || b == b' ', "byte {i}");
            }
            for word in ["«مرتزقة»", "😀", "\nend "] {
                let at = draft.find(word).unwrap();
                assert_eq!(&masked.text[at..at + word.len()], word);
            }
        }
    }

    #[test]
    fn ignore_comments_apply_to_the_next_line() {
        let draft = "one\n<!-- framelens-ignore martyr, karabakh.ar/shushi -->\nthree\n<!-- framelens-ignore -->\nfive\n<!-- framelens-ignored x -->";
        let masked = mask_markdown(draft);
        let term = |id: &str| IgnoredTerm {
            id: id.to_string(),
            byte: draft.find(id).unwrap(),
        };
        assert_eq!(
            masked.ignores,
            [
                Ignore {
                    line: 3,
                    terms: vec![term("martyr"), term("karabakh.ar/shushi")]
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
        assert_eq!(mask_plain(draft).ignores, masked.ignores);
    }
}
