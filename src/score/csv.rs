//! The data behind every figure as CSV tables that load directly in R (`read.csv`) or pandas
//! (`pd.read_csv`): one row per article, per hit, per outlet, per outlet and term. UTF-8, a
//! header row, `,` separators, RFC 4180 quoting, empty cells for missing values.

use super::figures::{Figures, OutletFigures};
use std::io::Write;

use super::record::{ArticleScore, Kind, RecordView};
use crate::stats::Interval;
use crate::text::Voice;

fn table(header: &[String], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).expect("writing to memory");
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn interval(value: Option<&Interval>) -> [String; 3] {
    match value {
        Some(i) => [
            i.estimate.to_string(),
            i.low.to_string(),
            i.high.to_string(),
        ],
        None => Default::default(),
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The header of the articles table for these sides.
pub fn article_header(sides: &[String]) -> String {
    table(&article_columns(sides), std::iter::empty())
}

fn article_columns(sides: &[String]) -> Vec<String> {
    let mut columns = strings(&[
        "id",
        "source",
        "line",
        "outlet",
        "date",
        "event",
        "language",
        "title",
        "words",
        "dropped_lines",
        "hits",
        "own",
        "quoted",
        "reported",
    ]);
    columns.extend(sides.iter().map(|s| format!("own_{s}")));
    columns.push("own_no_side".into());
    columns.push("lean".into());
    columns
}

/// Appends one article's row (no header) to `out`, quoted as the `csv` crate quotes, written without its writer (which took an 8 KiB buffer and a
/// string per cell for every row) and without an [`ArticleScore`] where `record` is a view of
/// an analysis.
pub fn write_article_row<'a>(
    out: &mut Vec<u8>,
    record: impl Into<RecordView<'a>>,
    sides: &[String],
) {
    let record: RecordView<'a> = record.into();
    let mut numbers = itoa::Buffer::new();
    let mut number = |out: &mut Vec<u8>, n: u64| {
        out.extend_from_slice(numbers.format(n).as_bytes());
        out.push(b',');
    };
    cell(out, record.id);
    cell(out, record.source);
    number(out, record.line as u64);
    cell(out, record.outlet.unwrap_or_default());
    if let Some(date) = record.date {
        super::jsonl::write_date(out, date);
    }
    out.push(b',');
    cell(out, record.event.unwrap_or_default());
    cell(out, record.language);
    cell(out, record.title.unwrap_or_default());
    number(out, record.words);
    number(out, record.dropped);
    number(out, record.hits.loaded());
    for voice in [Voice::Own, Voice::Quoted, Voice::Reported] {
        number(out, record.hits.voice_count(voice));
    }
    for side in sides.iter().map(String::as_str).chain([""]) {
        number(out, record.hits.own_side_count(side));
    }
    if let Some(lean) = record.lean {
        // `to_string`'s digits, as the cell had them.
        write!(out, "{lean}").expect("writing to a Vec cannot fail");
    }
    out.push(b'\n');
}

/// One cell and the comma after it, quoted where the `csv` crate's writer quotes (a `,`, `"`,
/// `\r` or `\n` in it; a `"` doubled).
fn cell(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    if !bytes
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.extend_from_slice(bytes);
    } else {
        out.push(b'"');
        for piece in value.split_inclusive('"') {
            out.extend_from_slice(piece.as_bytes());
            if piece.ends_with('"') {
                out.push(b'"');
            }
        }
        out.push(b'"');
    }
    out.push(b',');
}

/// `articles.csv`.
pub fn articles(records: &[ArticleScore], sides: &[String]) -> String {
    let mut table = article_header(sides).into_bytes();
    for record in records {
        write_article_row(&mut table, record, sides);
    }
    String::from_utf8(table).expect("UTF-8 in, UTF-8 out")
}

/// `hits.csv`: every hit of every article.
pub fn hits(records: &[ArticleScore]) -> String {
    let header = strings(&[
        "article",
        "outlet",
        "lexicon",
        "term",
        "kind",
        "side",
        "frame",
        "voice",
        "stance",
        "actor",
        "actor_side",
        "choice",
        "variant",
        "matched",
        "byte_start",
        "byte_end",
        "char_start",
        "char_end",
        "line",
        "column",
    ]);
    let rows = records.iter().flat_map(|r| {
        r.hits.iter().map(move |h| {
            vec![
                r.id.clone(),
                opt(r.outlet.as_ref()),
                h.lexicon.to_string(),
                h.term.to_string(),
                match h.kind {
                    Kind::Loaded => "loaded",
                    Kind::Attribution => "attribution",
                    Kind::Name => "name",
                }
                .to_string(),
                opt(h.side.as_ref()),
                opt(h.frame.as_ref()),
                h.voice.to_string(),
                opt(h.stance),
                opt(h.actor.as_ref()),
                opt(h.actor_side.as_ref()),
                opt(h.choice.as_ref()),
                opt(h.variant.as_ref()),
                h.matched.clone(),
                h.byte_start.to_string(),
                h.byte_end.to_string(),
                h.char_start.to_string(),
                h.char_end.to_string(),
                h.line.to_string(),
                h.column.to_string(),
            ]
        })
    });
    table(&header, rows)
}

fn outlet_cells(o: &OutletFigures, event: Option<&str>, sides: &[String]) -> Vec<String> {
    let mut row = vec![
        opt(event),
        opt(o.outlet.as_ref()),
        o.name.clone(),
        o.articles.to_string(),
        o.words.to_string(),
        o.hits.to_string(),
    ];
    row.extend(interval(o.rate.as_ref()));
    row.extend(interval(o.rate_bootstrap.as_ref()).into_iter().skip(1));
    row.extend(interval(o.own_rate.as_ref()));
    row.extend(interval(o.own_rate_bootstrap.as_ref()).into_iter().skip(1));
    match &o.lean {
        Some(lean) => {
            row.extend(interval(Some(&lean.lean)));
            row.push(lean.n.to_string());
            row.push(lean.too_thin.to_string());
        }
        None => row.extend(vec![String::new(); 5]),
    }
    row.extend(interval(o.lean_bootstrap.as_ref()).into_iter().skip(1));
    for voice in Voice::ALL {
        let figures = &o.voices[&voice];
        row.push(figures.hits.to_string());
        for side in sides {
            row.push(figures.by_side.get(side).copied().unwrap_or(0).to_string());
        }
    }
    if sides.len() > 2 {
        for i in 0..sides.len() {
            row.extend(interval(o.side_shares.as_ref().and_then(|s| s.get(i))));
        }
    }
    row
}

/// `outlets.csv`: every outlet, and every outlet within each event.
pub fn outlets(figures: &Figures) -> String {
    let sides: Vec<String> = figures.sides.iter().map(|s| s.id.clone()).collect();
    let mut header = strings(&[
        "event",
        "outlet",
        "name",
        "articles",
        "words",
        "hits",
        "rate",
        "rate_low",
        "rate_high",
        "rate_boot_low",
        "rate_boot_high",
        "own_rate",
        "own_rate_low",
        "own_rate_high",
        "own_rate_boot_low",
        "own_rate_boot_high",
        "lean",
        "lean_low",
        "lean_high",
        "lean_n",
        "too_thin",
        "lean_boot_low",
        "lean_boot_high",
    ]);
    for voice in Voice::ALL {
        header.push(format!("{voice}_hits"));
        header.extend(sides.iter().map(|s| format!("{voice}_{s}")));
    }
    // With more than two sides the lean columns hide sides: every side's own-voice share too.
    if sides.len() > 2 {
        for side in &sides {
            header.extend([
                format!("share_{side}"),
                format!("share_{side}_low"),
                format!("share_{side}_high"),
            ]);
        }
    }
    let rows = figures
        .outlets
        .iter()
        .map(|o| outlet_cells(o, None, &sides))
        .chain(figures.events.iter().flat_map(|e| {
            let sides = &sides;
            e.outlets
                .iter()
                .map(move |o| outlet_cells(o, Some(&e.id), sides))
        }));
    table(&header, rows)
}

/// `terms.csv`: each outlet's use of each term, by voice.
pub fn terms(figures: &Figures) -> String {
    let header = strings(&[
        "outlet", "name", "term", "label", "frame", "total", "own", "quoted", "reported",
    ]);
    let rows = figures.outlets.iter().flat_map(|o| {
        o.terms.iter().map(move |t| {
            let voice = |v: Voice| t.by_voice.get(&v).copied().unwrap_or(0).to_string();
            vec![
                opt(o.outlet.as_ref()),
                o.name.clone(),
                t.term.clone(),
                t.label.clone(),
                opt(t.frame.as_ref()),
                t.total.to_string(),
                voice(Voice::Own),
                voice(Voice::Quoted),
                voice(Voice::Reported),
            ]
        })
    });
    table(&header, rows)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::score::Counts;

    /// An article's cells, each as a string, for the `csv` crate's writer: the row as it was
    /// written before `write_article_row`, which the property test holds it to.
    fn article_cells(record: &ArticleScore, sides: &[String]) -> Vec<String> {
        let voice = |v: Voice| {
            record
                .counts
                .by_voice
                .get(&v)
                .copied()
                .unwrap_or(0)
                .to_string()
        };
        let side = |s: &str| {
            record
                .counts
                .own_by_side
                .get(s)
                .copied()
                .unwrap_or(0)
                .to_string()
        };
        let mut row = vec![
            record.id.clone(),
            record.source.clone(),
            record.line.to_string(),
            opt(record.outlet.as_ref()),
            opt(record.date),
            opt(record.event.as_ref()),
            record.language.clone(),
            opt(record.title.as_ref()),
            record.words.to_string(),
            record.dropped.to_string(),
            record.counts.hits.to_string(),
            voice(Voice::Own),
            voice(Voice::Quoted),
            voice(Voice::Reported),
        ];
        row.extend(sides.iter().map(|s| side(s)));
        row.push(side(""));
        row.push(opt(record.lean));
        row
    }

    fn record(text: &str, lean: Option<f64>) -> ArticleScore {
        let mut counts = Counts {
            hits: 5,
            ..Counts::default()
        };
        counts.by_voice.insert(Voice::Own, 4);
        counts.by_voice.insert(Voice::Reported, 1);
        counts.own_by_side.insert("armenia".to_string(), 3);
        counts.own_by_side.insert(String::new(), 1);
        ArticleScore {
            id: format!("{text}1"),
            source: "/tmp/snn/2015-07-21.json".to_string(),
            line: 2,
            outlet: Some(text.to_string()),
            date: chrono::NaiveDate::from_ymd_opt(2015, 7, 21),
            event: (!text.is_empty()).then(|| text.to_string()),
            language: "ar".to_string(),
            title: Some(format!("«{text}»")),
            words: 397,
            dropped: 12,
            counts,
            lean,
            hits: Vec::new(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// Any text in any cell is quoted as the csv crate quotes it; leans print as before.
        #[test]
        fn a_row_is_what_the_csv_writer_writes(
            text in "(\\PC|[,\"\r\n \u{0600}-\u{06FF}])*",
            lean in proptest::option::of(-1.0f64..=1.0),
        ) {
            let sides = ["armenia".to_string(), "azerbaijan".to_string()];
            let r = record(&text, lean);
            let mut writer = ::csv::Writer::from_writer(Vec::new());
            writer.write_record(article_cells(&r, &sides)).unwrap();
            let expected = writer.into_inner().unwrap();
            let mut row = Vec::new();
            write_article_row(&mut row, &r, &sides);
            prop_assert_eq!(String::from_utf8(row).unwrap(), String::from_utf8(expected).unwrap());
        }
    }
}
