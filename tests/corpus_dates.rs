//! Dates: every notation the corpus reader knows, the Hijri conversion, metadata dates, and the
//! date of each seed read from its text.

use chrono::NaiveDate;
use framelens::corpus::dates::{
    Calendar, date_from_text, find_dates, hijri_to_gregorian, parse_date,
};
use framelens::corpus::{Corpus, DateSource, Input, ReadOptions, bundled};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// (text, the first date written in it, as written)
#[test]
fn every_notation() {
    let cases: &[(&str, &str, &str)] = &[
        // Day/month/year, as Arabic news writes it; digits of any script.
        ("01/11/2020", "2020-11-01", "01/11/2020"),
        ("1.11.2020", "2020-11-01", "1.11.2020"),
        ("01-11-2020", "2020-11-01", "01-11-2020"),
        ("٠١/١١/٢٠٢٠", "2020-11-01", "٠١/١١/٢٠٢٠"),
        // Only a month above 12 makes it month/day/year.
        ("12/25/2020", "2020-12-25", "12/25/2020"),
        ("2020-11-01", "2020-11-01", "2020-11-01"),
        ("2020/11/01", "2020-11-01", "2020/11/01"),
        // Egyptian and Gulf month names.
        (
            "يريفان، 16 نوفمبر 2021 — كشفت",
            "2021-11-16",
            "16 نوفمبر 2021",
        ),
        ("01 نوفمبر 2020", "2020-11-01", "01 نوفمبر 2020"),
        ("3 إبريل 2019", "2019-04-03", "3 إبريل 2019"),
        ("3 أبريل 2019", "2019-04-03", "3 أبريل 2019"),
        ("7 يونيه 2015", "2015-06-07", "7 يونيه 2015"),
        ("٢٢ أغسطس ٢٠١٥", "2015-08-22", "٢٢ أغسطس ٢٠١٥"),
        // Levantine and Iraqi.
        ("27 أيلول 2020", "2020-09-27", "27 أيلول 2020"),
        ("3 تشرين الثاني 2020", "2020-11-03", "3 تشرين الثاني 2020"),
        ("5 كانون الثاني 2021", "2021-01-05", "5 كانون الثاني 2021"),
        ("10 كانون الأول 2020", "2020-12-10", "10 كانون الأول 2020"),
        ("1 آذار 2022", "2022-03-01", "1 آذار 2022"),
        ("14 آب 2020", "2020-08-14", "14 آب 2020"),
        ("9 حزيران 2019", "2019-06-09", "9 حزيران 2019"),
        // Algeria and Tunisia.
        ("12 جوان 2019", "2019-06-12", "12 جوان 2019"),
        ("4 جويلية 2018", "2018-07-04", "4 جويلية 2018"),
        ("15 أوت 2016", "2016-08-15", "15 أوت 2016"),
        ("2 فيفري 2017", "2017-02-02", "2 فيفري 2017"),
        ("1 ماي 2020", "2020-05-01", "1 ماي 2020"),
        // Morocco.
        ("9 شتنبر 2020", "2020-09-09", "9 شتنبر 2020"),
        ("20 دجنبر 2019", "2019-12-20", "20 دجنبر 2019"),
        ("11 يوليوز 2021", "2021-07-11", "11 يوليوز 2021"),
        // Doubled forms.
        (
            "27 سبتمبر/ أيلول 2020",
            "2020-09-27",
            "27 سبتمبر/ أيلول 2020",
        ),
        ("27 أيلول/سبتمبر 2020", "2020-09-27", "27 أيلول/سبتمبر 2020"),
        (
            "27 أيلول (سبتمبر) 2020",
            "2020-09-27",
            "27 أيلول (سبتمبر) 2020",
        ),
        // Hijri, Umm al-Qura.
        (
            "موقع أنصار الله – 14 صفر 1442هـ",
            "2020-10-01",
            "14 صفر 1442هـ",
        ),
        ("1 رمضان 1441 هـ", "2020-04-24", "1 رمضان 1441 هـ"),
        ("10 ذو الحجة 1441", "2020-07-31", "10 ذو الحجة 1441"),
        (
            "الخميس 10 ذي الحجة 1441هـ",
            "2020-07-31",
            "10 ذي الحجة 1441هـ",
        ),
        ("1 شوال 1436 هجرية", "2015-07-17", "1 شوال 1436 هجرية"),
        ("5 ربيع الأول 1442", "2020-10-22", "5 ربيع الأول 1442"),
        ("5 جمادى الآخرة 1442", "2021-01-18", "5 جمادى الآخرة 1442"),
        // English.
        ("November 16, 2021", "2021-11-16", "November 16, 2021"),
        ("Nov. 16, 2021", "2021-11-16", "Nov. 16, 2021"),
        ("Sept 3 2020", "2020-09-03", "Sept 3 2020"),
        ("16 November 2021", "2021-11-16", "16 November 2021"),
        (
            "Sunday, 1st November 2020",
            "2020-11-01",
            "1st November 2020",
        ),
        (
            "the 2nd of October, 2020",
            "2020-10-02",
            "2nd of October, 2020",
        ),
        ("PUBLISHED 24 OCT 2020", "2020-10-24", "24 OCT 2020"),
        ("24-Oct-2020", "2020-10-24", "24-Oct-2020"),
    ];
    for (text, date, matched) in cases {
        let mentions = find_dates(text);
        let first = mentions
            .iter()
            .find(|m| m.date.is_some())
            .unwrap_or_else(|| panic!("no date in {text}: {mentions:?}"));
        assert_eq!(first.date, Some(day(date)), "{text}");
        assert_eq!(first.matched, *matched, "{text}");
        assert_eq!(&text[first.span.clone()], *matched, "{text}");
    }
}

#[test]
fn hijri_dates_are_umm_al_qura() {
    // 14 Safar 1442 is 1 October 2020 in Umm al-Qura (2 October in the tabular calendar).
    assert_eq!(hijri_to_gregorian(1442, 2, 14), Some(day("2020-10-01")));
    let mention = &find_dates("14 صفر 1442هـ")[0];
    assert_eq!(mention.calendar, Calendar::Hijri);
    assert_eq!(
        (mention.year, mention.month, mention.day),
        (Some(1442), 2, 14)
    );
    // A day past a 29-day month's end.
    assert_eq!(hijri_to_gregorian(1442, 1, 31), None);
}

/// Mentions without a year are found but give no date; things that look like dates are not.
#[test]
fn partial_and_false_dates() {
    // (text, (day, month, year, date) of each mention)
    type Mention = (u32, u32, Option<i32>, Option<&'static str>);
    let cases: &[(&str, &[Mention])] = &[
        // 003: the doubled form without a year.
        (
            "ومنذ 27 سبتمبر/ أيلول، تتواجه القوات",
            &[(27, 9, None, None)],
        ),
        ("14 صفر", &[(14, 2, None, None)]),
        // Numbers that are not dates.
        ("بلغ ما لا يقل عن 2350 مرتزقاً، عاد منهم 320 مقاتلاً", &[]),
        ("عام 1994", &[]),
        ("10,000 قتيل", &[]),
        // Days that do not exist, years out of range.
        ("31/02/2020", &[]),
        ("13/25/2020", &[]),
        ("31 نوفمبر 2020", &[]),
        ("5 مايو 3020", &[]),
        // A number written out is not read.
        ("في السابع والعشرين من أيلول/ سبتمبر", &[]),
        // Two different months are not a doubled form.
        ("27 سبتمبر/ أكتوبر 2020", &[]),
    ];
    for (text, want) in cases {
        let got: Vec<(u32, u32, Option<i32>, Option<NaiveDate>)> = find_dates(text)
            .into_iter()
            .map(|m| (m.day, m.month, m.year, m.date))
            .collect();
        let want: Vec<(u32, u32, Option<i32>, Option<NaiveDate>)> = want
            .iter()
            .map(|&(d, m, y, date)| (d, m, y, date.map(day)))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn metadata_dates() {
    let cases: &[(&str, Option<&str>)] = &[
        ("2020-10-24", Some("2020-10-24")),
        ("2015-07-21 10:32:11", Some("2015-07-21")),
        ("2020-10-24T08:00:00Z", Some("2020-10-24")),
        ("24/10/2020", Some("2020-10-24")),
        ("October 24, 2020", Some("2020-10-24")),
        ("24 أكتوبر 2020", Some("2020-10-24")),
        ("yesterday", None),
        ("", None),
    ];
    for (value, want) in cases {
        assert_eq!(parse_date(value), want.map(day), "{value}");
    }
}

/// The seeds' dates from their texts alone: what the manifest repeats for 000–003, and nothing
/// for 004.
#[test]
fn each_seed_dated_from_its_text() {
    // (seed, date, line, as written)
    type Found = (&'static str, usize, &'static str);
    let expected: &[(&str, Option<Found>)] = &[
        ("000", Some(("2020-11-01", 6, "01/11/2020"))),
        ("001", Some(("2021-11-16", 7, "16 نوفمبر 2021"))),
        ("002", Some(("2020-10-01", 3, "14 صفر 1442هـ"))),
        ("003", Some(("2020-11-01", 5, "01 نوفمبر 2020"))),
        ("004", None),
    ];
    let corpus = Corpus::read(&ReadOptions::default());
    for (article, (name, want)) in corpus.articles.iter().zip(expected) {
        assert!(article.id.starts_with(name));
        let found = date_from_text(&article.text).map(|t| (t.date, t.line, t.mention.matched));
        let want = want.map(|(d, line, matched)| (day(d), line, matched.to_string()));
        assert_eq!(found, want, "seed {name}");
        // The manifest agrees with the text where the text prints a date.
        if let Some((date, _, _)) = want {
            assert_eq!(article.date, Some(date));
        }
    }
    // 004's date comes from the manifest, with the reasoning as a note.
    let ap = &corpus.articles[4];
    assert_eq!(ap.date, Some(day("2020-10-24")));
    assert_eq!(
        ap.date_source,
        DateSource::Metadata {
            origin: "corpus.toml".to_string(),
            value: "2020-10-24".to_string()
        }
    );
    assert!(ap.notes[0].contains("أمس الجمعة"));
}

/// Without the manifest, the reader dates the seeds from their texts and says so.
#[test]
fn seeds_without_their_manifest_are_dated_from_the_text() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in bundled::FILES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(dir.path().to_path_buf())],
        ..ReadOptions::default()
    });
    let got: Vec<(Option<NaiveDate>, DateSource)> = corpus
        .articles
        .iter()
        .map(|a| (a.date, a.date_source.clone()))
        .collect();
    let text = |line: usize, matched: &str, calendar: Calendar| DateSource::Text {
        line,
        matched: matched.to_string(),
        calendar,
    };
    assert_eq!(
        got,
        [
            (
                Some(day("2020-11-01")),
                text(6, "01/11/2020", Calendar::Gregorian)
            ),
            (
                Some(day("2021-11-16")),
                text(7, "16 نوفمبر 2021", Calendar::Gregorian)
            ),
            (
                Some(day("2020-10-01")),
                text(3, "14 صفر 1442هـ", Calendar::Hijri)
            ),
            (
                Some(day("2020-11-01")),
                text(5, "01 نوفمبر 2020", Calendar::Gregorian)
            ),
            (None, DateSource::None),
        ]
    );
    // And without a manifest no outlet is invented.
    assert!(corpus.articles.iter().all(|a| a.outlet.is_none()));
}

/// The article date is looked for at the head and the foot, not in the body.
#[test]
fn a_date_deep_in_the_body_is_not_the_article_date() {
    let mut text = String::from("Title\n\nFirst paragraph.\n");
    for i in 0..10 {
        text.push_str(&format!("\nParagraph {i}.\n"));
    }
    let body = text.replace("Paragraph 5.", "The war began on 27 September 2020.");
    assert_eq!(date_from_text(&body), None);
    let foot = format!("{text}\nPublished 2 November 2020\n");
    assert_eq!(
        date_from_text(&foot).map(|d| d.date),
        Some(day("2020-11-02"))
    );
}
