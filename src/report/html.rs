//! HTML built in code, where templates would be clumsy: annotated article text and inline SVG
//! charts. Every piece of corpus or lexicon text goes through [`escape`]; highlights are built
//! from escaped slices, so no article can inject markup.

use std::fmt::Write as _;

use crate::score::{HitRecord, Kind};
use crate::stats::Lean;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A URL that may be a link: only `http:` and `https:` ones. Anything else (`javascript:`,
/// `data:`) is shown as text, never followed.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim())
}

/// The CSS class of a side: `side-0` for the first side, `side-1` for the second, …,
/// `side-none` for none.
pub fn side_class(side: Option<&str>, sides: &[String]) -> String {
    match side.and_then(|s| sides.iter().position(|x| x == s)) {
        Some(i) => format!("side-{i}"),
        None => "side-none".to_string(),
    }
}

/// One highlighted hit: what the footnote and tooltip say.
pub struct Note<'a> {
    /// The hit.
    pub hit: &'a HitRecord,
    /// Its number in the article's footnotes.
    pub number: usize,
    /// The footnote's element id.
    pub id: String,
    /// One line: term label, side, frame, voice.
    pub summary: String,
}

/// The article text as HTML (for `white-space: pre-wrap`), every note's hit highlighted: a
/// `<mark>` with the side's class (colour AND underline style), its footnote number as a
/// superscript link, and a tooltip shown on hover and keyboard focus.
pub fn annotate(text: &str, notes: &[Note], sides: &[String]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for note in notes {
        let hit = note.hit;
        if hit.byte_start < at
            || hit.byte_end > text.len()
            || !text.is_char_boundary(hit.byte_start)
            || !text.is_char_boundary(hit.byte_end)
        {
            continue;
        }
        out.push_str(&gap(&text[at..hit.byte_start]));
        let kind = match hit.kind {
            Kind::Attribution => " attribution",
            _ => "",
        };
        let _ = write!(
            out,
            "<mark class=\"hit {}{kind}\" tabindex=\"0\" aria-describedby=\"{}\">{}\
             <span class=\"tip\" role=\"tooltip\">{}</span></mark>\
             <sup class=\"ref\"><a href=\"#{}\">{}</a></sup>",
            side_class(hit.side.as_deref(), sides),
            note.id,
            escape(&text[hit.byte_start..hit.byte_end]),
            escape(&note.summary),
            note.id,
            note.number,
        );
        at = hit.byte_end;
    }
    out.push_str(&gap(&text[at..]));
    out
}

/// Text between highlights, escaped, with runs of blank lines (where cleaning emptied dropped
/// lines) shown as one.
fn gap(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut newlines = 0;
    for c in escape(text).chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else if !c.is_whitespace() {
            newlines = 0;
        } else if newlines >= 2 {
            // Spaces on an emptied line.
            continue;
        }
        out.push(c);
    }
    out
}

/// An inline SVG of each row's lean with its 95% interval on a −1…+1 axis. A lean resting on
/// too few hits is drawn hollow and labelled; a row without a lean says so.
pub fn lean_chart(rows: &[(String, Option<Lean>)], left: &str, right: &str) -> String {
    const WIDTH: f64 = 760.0;
    const LABEL: f64 = 260.0;
    const ROW: f64 = 28.0;
    let plot = WIDTH - LABEL - 130.0;
    let x = |v: f64| LABEL + (v.clamp(-1.0, 1.0) + 1.0) / 2.0 * plot;
    let height = ROW * rows.len() as f64 + 50.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"lean-chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"lean-chart-title\">\
         <title id=\"lean-chart-title\">Each outlet's lean in its own voice, with 95% \
         intervals: left toward {}, right toward {}</title>",
        escape(left),
        escape(right)
    );
    let axis_y = ROW * rows.len() as f64 + 10.0;
    let _ = write!(
        svg,
        "<line x1=\"{}\" y1=\"0\" x2=\"{}\" y2=\"{axis_y}\" class=\"zero\"/>\
         <line x1=\"{}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" class=\"axis\"/>\
         <text x=\"{}\" y=\"{}\" class=\"end\" text-anchor=\"start\">← {}</text>\
         <text x=\"{}\" y=\"{}\" class=\"end\" text-anchor=\"middle\">0</text>\
         <text x=\"{}\" y=\"{}\" class=\"end\" text-anchor=\"end\">{} →</text>",
        x(0.0),
        x(0.0),
        x(-1.0),
        x(1.0),
        x(-1.0),
        axis_y + 20.0,
        escape(left),
        x(0.0),
        axis_y + 20.0,
        x(1.0),
        axis_y + 20.0,
        escape(right),
    );
    for (i, (name, lean)) in rows.iter().enumerate() {
        let y = ROW * i as f64 + ROW / 2.0;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">{}</text>",
            LABEL - 8.0,
            y + 4.0,
            escape(name)
        );
        match lean {
            Some(lean) => {
                let class = if lean.too_thin { "point thin" } else { "point" };
                let _ = write!(
                    svg,
                    "<line x1=\"{:.1}\" y1=\"{y}\" x2=\"{:.1}\" y2=\"{y}\" class=\"interval\"/>\
                     <circle cx=\"{:.1}\" cy=\"{y}\" r=\"5\" class=\"{class}\">\
                     <title>{}: lean {:+.2} (95% interval {:+.2} to {:+.2}; {} side-tagged \
                     hits{})</title></circle>",
                    x(lean.lean.low),
                    x(lean.lean.high),
                    x(lean.lean.estimate),
                    escape(name),
                    lean.lean.estimate,
                    lean.lean.low,
                    lean.lean.high,
                    lean.n,
                    if lean.too_thin {
                        ", too thin to draw conclusions"
                    } else {
                        ""
                    },
                );
                if lean.too_thin {
                    let _ = write!(
                        svg,
                        "<text x=\"{:.1}\" y=\"{}\" class=\"note\">too thin (n = {})</text>",
                        x(lean.lean.high) + 6.0,
                        y + 4.0,
                        lean.n
                    );
                }
            }
            None => {
                let _ = write!(
                    svg,
                    "<text x=\"{}\" y=\"{}\" class=\"note\">no side-tagged hits</text>",
                    x(-1.0),
                    y + 4.0
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Voice;

    fn hit(start: usize, end: usize, matched: &str) -> HitRecord {
        HitRecord {
            lexicon: "l".into(),
            term: "t".into(),
            kind: Kind::Loaded,
            side: Some("b".into()),
            frame: None,
            voice: Voice::Own,
            stance: None,
            actor: None,
            actor_side: None,
            choice: None,
            variant: None,
            matched: matched.into(),
            byte_start: start,
            byte_end: end,
            char_start: start,
            char_end: end,
            line: 1,
            column: start + 1,
        }
    }

    #[test]
    fn highlights_are_built_from_escaped_slices() {
        let text = "<script>alert(1)</script> bad <b>word</b>";
        let start = text.find("<b>word").unwrap();
        let h = hit(start, start + "<b>word".len(), "<b>word");
        let notes = [Note {
            hit: &h,
            number: 1,
            id: "n1".into(),
            summary: "<img src=x onerror=alert(1)>".into(),
        }];
        let html = annotate(text, &notes, &["a".into(), "b".into()]);
        assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<img"));
        assert!(html.starts_with("&lt;script&gt;alert(1)&lt;/script&gt; bad "));
        assert!(html.contains(
            "<mark class=\"hit side-1\" tabindex=\"0\" aria-describedby=\"n1\">&lt;b&gt;word"
        ));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            safe_url("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(safe_url(" JavaScript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
    }
}
