//! Dates: reading an article's date from its metadata or, failing that, from its text.
//!
//! News pages print dates in many notations: `01/11/2020` (day/month/year, as Arabic news writes
//! it), `16 نوفمبر 2021` (Egyptian and Gulf month names), Levantine (`أيلول`, `تشرين الثاني`) and
//! Maghreb (`جوان`, `شتنبر`) month names, doubled forms (`27 سبتمبر/ أيلول`), Hijri dates
//! (`14 صفر 1442هـ`, converted through the Umm al-Qura calendar with `icu_calendar`), English
//! (`November 1, 2020`, `1 Nov 2020`) and ISO 8601 (`2020-11-01`). Matching runs on the
//! normalized text, so diacritics, hamza forms of alef, tatweel (`هـ`) and Arabic-Indic digits
//! need no special cases here.
//!
//! ```
//! use chrono::NaiveDate;
//! use framelens::corpus::dates::{find_dates, parse_date};
//!
//! let mention = &find_dates("موقع أنصار الله – 14 صفر 1442هـ")[0];
//! assert_eq!(mention.date, NaiveDate::from_ymd_opt(2020, 10, 1));
//! assert_eq!(parse_date("2015-07-21 10:32:11"), NaiveDate::from_ymd_opt(2015, 7, 21));
//! ```

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use icu_calendar::Date;
use icu_calendar::cal::{Hijri, Iso};
use regex::Regex;
use serde::Serialize;

use crate::text::{Folding, Normalized, normalize};

/// The calendar a date was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    Gregorian,
    /// The Hijri calendar, read as Umm al-Qura (the calendar of Saudi Arabia and the one most
    /// Arabic news sites print); the tabular calendar is often a day later.
    Hijri,
}

/// A date written in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range of the mention in the searched text.
    pub span: Range<usize>,
    /// The text of the mention, as written.
    pub matched: String,
    pub calendar: Calendar,
    /// The year, when the mention gives one (`27 سبتمبر/ أيلول` does not).
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    /// The Gregorian date, when the mention gives a year and the day exists.
    pub date: Option<NaiveDate>,
}

/// Where an article's date came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "lowercase")]
pub enum DateSource {
    /// Given by metadata: `origin` says which (`front matter`, `corpus.toml`, `field date`).
    Metadata { origin: String, value: String },
    /// Read from the text: the line (1-based, in the article text) and the words as written.
    Text {
        line: usize,
        matched: String,
        calendar: Calendar,
    },
    /// Neither metadata nor the text gave a date.
    None,
}

/// How many non-blank lines at the head and at the foot of an article are searched for its
/// date. Pages print the publication date next to the title or at the very end; a date deeper
/// in the body is usually the date of something the article reports, not of the article.
pub const HEAD_LINES: usize = 6;
/// See [`HEAD_LINES`].
pub const FOOT_LINES: usize = 3;

/// Gregorian month names, written as in the press; normalized when the patterns are built.
const GREGORIAN_MONTHS: &[(&str, u32)] = &[
    // Egyptian and Gulf.
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    // Levantine and Iraqi.
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
    // Algeria and Tunisia.
    ("جانفي", 1),
    ("فيفري", 2),
    ("أفريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويلية", 7),
    ("أوت", 8),
    // Morocco.
    ("يوليوز", 7),
    ("غشت", 8),
    ("شتنبر", 9),
    ("نونبر", 11),
    ("دجنبر", 12),
    // English.
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Hijri month names with their variants (nominative and genitive `ذو`/`ذي`, `الآخر`/`الثاني`).
const HIJRI_MONTHS: &[(&str, u32)] = &[
    ("محرم", 1),
    ("المحرم", 1),
    ("صفر", 2),
    ("ربيع الأول", 3),
    ("ربيع الآخر", 4),
    ("ربيع الثاني", 4),
    ("جمادى الأولى", 5),
    ("جمادى الأول", 5),
    ("جمادى الآخرة", 6),
    ("جمادى الثانية", 6),
    ("جمادى الآخر", 6),
    ("رجب", 7),
    ("شعبان", 8),
    ("رمضان", 9),
    ("شوال", 10),
    ("ذو القعدة", 11),
    ("ذي القعدة", 11),
    ("ذو الحجة", 12),
    ("ذي الحجة", 12),
];

/// Years outside these ranges are taken for other numbers, not dates.
const GREGORIAN_YEARS: Range<i32> = 1800..2201;
const HIJRI_YEARS: Range<i32> = 1300..1601;

struct Patterns {
    gregorian: Vec<(String, u32)>,
    hijri: Vec<(String, u32)>,
    /// `16 نوفمبر 2021`, `27 سبتمبر/ أيلول`, `1st of November, 2020`, `24-Oct-2020`.
    day_month: Regex,
    /// `November 1, 2020`.
    month_day: Regex,
    /// `01/11/2020`, `1.11.2020`, `01-11-2020`: day, month, year.
    numeric_dmy: Regex,
    /// `2020-11-01`, `2020/11/01`.
    numeric_ymd: Regex,
    /// `14 صفر 1442هـ`.
    hijri_date: Regex,
}

fn alternation(names: &[(String, u32)]) -> String {
    let mut sorted: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    // Longest first, so `تشرين الثاني` is not read as a shorter name and `مايو` not as `ماي`.
    sorted.sort_by_key(|n| std::cmp::Reverse(n.len()));
    sorted.dedup();
    sorted
        .iter()
        .map(|n| regex::escape(n).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let normalized = |table: &[(&str, u32)]| -> Vec<(String, u32)> {
        table.iter().map(|(n, m)| (normalize(n), *m)).collect()
    };
    let gregorian = normalized(GREGORIAN_MONTHS);
    let hijri = normalized(HIJRI_MONTHS);
    let g = alternation(&gregorian);
    let h = alternation(&hijri);
    let day_month = format!(
        r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+|-)(?:of\s+|من\s+)?(?P<m1>{g})\b\.?(?:\s*(?:/|\(|-)\s*(?P<m2>{g})\b\s*\)?)?(?:(?:\s*,?\s*|-)(?P<year>\d{{4}})\b)?"
    );
    let month_day = format!(
        r"\b(?P<m1>{g})\b\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b,?\s+(?P<year>\d{{4}})\b"
    );
    let hijri_date = format!(
        r"\b(?P<day>\d{{1,2}})\s+(?:من\s+)?(?P<m1>{h})\b(?:\s*,?\s*(?P<year>\d{{3,4}})\s*(?:ه\b|هجري\w*)?)?"
    );
    let compile = |p: &str| Regex::new(p).expect("date patterns are valid");
    Patterns {
        day_month: compile(&day_month),
        month_day: compile(&month_day),
        numeric_dmy: compile(
            r"\b(?P<day>\d{1,2})([/.\-])(?P<month>\d{1,2})([/.\-])(?P<year>\d{4})\b",
        ),
        numeric_ymd: compile(
            r"\b(?P<year>\d{4})([/\-])(?P<month>\d{1,2})([/\-])(?P<day>\d{1,2})\b",
        ),
        hijri_date: compile(&hijri_date),
        gregorian,
        hijri,
    }
});

fn month_number(table: &[(String, u32)], name: &str) -> Option<u32> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    table.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Converts a Hijri date (Umm al-Qura) to the Gregorian calendar.
pub fn hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    let hijri =
        Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    let iso = hijri.to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

fn gregorian(year: Option<i32>, month: u32, day: u32) -> Option<NaiveDate> {
    let year = year.filter(|y| GREGORIAN_YEARS.contains(y))?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A candidate found in the normalized text, before mapping back to the original.
struct Found {
    span: Range<usize>,
    calendar: Calendar,
    year: Option<i32>,
    month: u32,
    day: u32,
}

/// Every date written in `text`, in text order. Mentions without a year are included (with
/// `date: None`); a day that does not exist in its month is not a date.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let normalized = Normalized::new(text, Folding::Standard);
    let n = normalized.as_str();
    let p = &*PATTERNS;
    let mut found: Vec<Found> = Vec::new();
    let number = |s: Option<regex::Match>| s.and_then(|m| m.as_str().parse::<i32>().ok());

    for c in p.numeric_dmy.captures_iter(n) {
        // Separators must agree: `1/11-2020` is no date.
        if c[2] != c[4] {
            continue;
        }
        let (Some(mut day), Some(mut month)) = (number(c.name("day")), number(c.name("month")))
        else {
            continue;
        };
        // Day/month/year is the reading in Arabic news; only a month above 12 forces the
        // American order.
        if month > 12 && day <= 12 {
            std::mem::swap(&mut day, &mut month);
        }
        found.push(Found {
            span: c.get(0).unwrap().range(),
            calendar: Calendar::Gregorian,
            year: number(c.name("year")),
            month: month as u32,
            day: day as u32,
        });
    }
    for c in p.numeric_ymd.captures_iter(n) {
        if c[2] != c[4] {
            continue;
        }
        let (Some(month), Some(day)) = (number(c.name("month")), number(c.name("day"))) else {
            continue;
        };
        found.push(Found {
            span: c.get(0).unwrap().range(),
            calendar: Calendar::Gregorian,
            year: number(c.name("year")),
            month: month as u32,
            day: day as u32,
        });
    }
    for (regex, calendar, table) in [
        (&p.day_month, Calendar::Gregorian, &p.gregorian),
        (&p.month_day, Calendar::Gregorian, &p.gregorian),
        (&p.hijri_date, Calendar::Hijri, &p.hijri),
    ] {
        for c in regex.captures_iter(n) {
            let Some(month) = month_number(table, &c["m1"]) else {
                continue;
            };
            // A doubled form names one month twice (`سبتمبر/ أيلول`); two different months
            // are a range or a mistake, not a date.
            if let Some(m2) = c.name("m2")
                && month_number(table, m2.as_str()) != Some(month)
            {
                continue;
            }
            let Some(day) = number(c.name("day")) else {
                continue;
            };
            found.push(Found {
                span: c.get(0).unwrap().range(),
                calendar,
                year: number(c.name("year")),
                month,
                day: day as u32,
            });
        }
    }

    // Overlapping candidates (a Hijri date is also digits and words): the earliest, then the
    // longest, wins.
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut mentions: Vec<DateMention> = Vec::new();
    let mut last_end = 0;
    for f in found {
        if f.span.start < last_end || f.day == 0 || f.month == 0 || f.month > 12 || f.day > 31 {
            continue;
        }
        let Some(original) = normalized.to_original(f.span.clone()) else {
            continue;
        };
        last_end = f.span.end;
        let date = match f.calendar {
            Calendar::Gregorian => gregorian(f.year, f.month, f.day),
            Calendar::Hijri => f
                .year
                .filter(|y| HIJRI_YEARS.contains(y))
                .and_then(|y| hijri_to_gregorian(y, f.month, f.day)),
        };
        if f.year.is_some() && date.is_none() {
            // `31/02/2020`, or a year out of range: not a date.
            continue;
        }
        mentions.push(DateMention {
            matched: text[original.clone()].trim_end().to_string(),
            span: original,
            calendar: f.calendar,
            year: f.year,
            month: f.month,
            day: f.day,
            date,
        });
    }
    mentions
}

/// Reads a date given as metadata: ISO 8601 first (`2020-10-24`, `2015-07-21 10:32:11`,
/// `2020-10-24T08:00:00Z`), then any notation [`find_dates`] knows.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if let Some(date) = iso_digits(value.as_bytes()) {
        return Some(date);
    }
    if let Some(prefix) = value.get(..10)
        && let Ok(date) = NaiveDate::parse_from_str(prefix, "%Y-%m-%d")
    {
        return Some(date);
    }
    find_dates(value).into_iter().find_map(|m| m.date)
}

/// The date of a value that opens with `YYYY-MM-DD` in ASCII digits, when it is one: the
/// shape nearly every metadata date has, read without chrono's format parser (which was a
/// twentieth of reading a record). Anything else, an impossible date included, is left to
/// the parser, which reads such digits to the same date (a test holds the two together).
fn iso_digits(value: &[u8]) -> Option<NaiveDate> {
    let digits = value.get(..10)?;
    let number = |range: std::ops::Range<usize>| {
        digits[range].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if digits[4] != b'-' || digits[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// The article date found in a text: its line (1-based) and mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextDate {
    pub date: NaiveDate,
    pub line: usize,
    pub mention: DateMention,
}

/// The article's date as printed in its text: the first complete date in the first
/// [`HEAD_LINES`] non-blank lines, else in the last [`FOOT_LINES`].
pub fn date_from_text(text: &str) -> Option<TextDate> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l))
        .collect();
    let head = lines.iter().take(HEAD_LINES);
    let foot_start = lines.len().saturating_sub(FOOT_LINES).max(HEAD_LINES);
    let foot = lines.iter().skip(foot_start);
    head.chain(foot).find_map(|&(line, content)| {
        find_dates(content).into_iter().find_map(|mention| {
            mention.date.map(|date| TextDate {
                date,
                line,
                mention,
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// Where the digit shortcut gives a date, chrono's parser gives the same date, from
        /// the first ten bytes of the value.
        #[test]
        fn iso_digits_read_as_chrono_reads_them(
            value in "[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,3}|[0-9+ -]{10,12}|[0-9]{4}-[01][0-9]-[0-3][0-9]",
        ) {
            let chrono = value
                .get(..10)
                .and_then(|prefix| NaiveDate::parse_from_str(prefix, "%Y-%m-%d").ok());
            if let Some(date) = iso_digits(value.as_bytes()) {
                proptest::prop_assert_eq!(Some(date), chrono, "{:?}", value);
            }
            if value.is_ascii() && value.len() >= 10 && value.as_bytes()[..10]
                .iter()
                .enumerate()
                .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
            {
                proptest::prop_assert_eq!(iso_digits(value.as_bytes()), chrono, "{:?}", value);
            }
        }
    }
}
