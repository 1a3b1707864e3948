//! Cleaning: the exact lines dropped from each seed and nothing else, the rules on small texts,
//! and that nothing is lost (the original comes back from the cleaned text and the drops).

use framelens::corpus::clean::{Cleaner, DropReason, Dropped, restore};
use framelens::corpus::{Corpus, ReadOptions, bundled};

use DropReason::*;

fn seed(name: &str) -> &'static str {
    bundled::FILES
        .iter()
        .find(|(file, _)| file.starts_with(name))
        .unwrap()
        .1
}

fn drops(text: &str) -> Vec<(usize, DropReason)> {
    Cleaner::new(&[])
        .clean(text)
        .dropped
        .into_iter()
        .map(|d| (d.line, d.reason))
        .collect()
}

#[test]
fn each_seed_loses_exactly_its_furniture_and_repeats() {
    let expected: &[(&str, &[(usize, DropReason)])] = &[
        (
            "000",
            &[
                (3, RepeatedTitle { of_line: 1 }),
                (
                    14,
                    PullQuote {
                        covered: 14,
                        words: 16,
                    },
                ),
                (
                    26,
                    PullQuote {
                        covered: 13,
                        words: 16,
                    },
                ),
                (36, Furniture),
            ],
        ),
        (
            "001",
            &[
                (1, ImageFileName),
                (5, RepeatedTitle { of_line: 3 }),
                (37, Furniture),
            ],
        ),
        ("002", &[(37, Furniture)]),
        // Line 3 is the title with a word added (ناغورنو كاراباخ for كاراباخ): no repeat of it.
        // It is a headline without a final period whose words stand in the body, so the
        // pull-quote rule takes it (its only term, تؤكد, is in the title too).
        (
            "003",
            &[
                (
                    3,
                    PullQuote {
                        covered: 11,
                        words: 14,
                    },
                ),
                (6, Caption),
                (7, Furniture),
                (35, Furniture),
            ],
        ),
        (
            "004",
            &[
                (5, RepeatedTitle { of_line: 1 }),
                (9, RepeatedParagraph { of_line: 3 }),
                (19, Caption),
                (39, Furniture),
            ],
        ),
    ];
    for (name, want) in expected {
        assert_eq!(drops(seed(name)), *want, "seed {name}");
    }
}

#[test]
fn the_seed_drops_are_these_lines() {
    let cleaned = Cleaner::new(&[]).clean(seed("003"));
    let lines: Vec<&str> = cleaned.dropped.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        lines,
        [
            "باكو تؤكد أنها لا تنوي شنّ هجوم على أرمينيا في النزاع حول ناغورنو كاراباخ",
            "علييف مستقبلاً جاووش أوغلو في باكو اليوم (جيم أوزديل/ الأناضول)",
            "+ الخط -",
            "المساهمون",
        ]
    );
    let cleaned = Cleaner::new(&[]).clean(seed("000"));
    assert_eq!(
        cleaned.dropped[1].text,
        "أنقرة تستمر بنقل المرتزقة السوريين للقتال في كاراباخ، والمرصد السوري يعلن مقتل 14 من \
         المرتزقة السوريين"
    );
    assert_eq!(
        cleaned.dropped[1].reason.describe(),
        "pull-quote (14 of its 16 words are in the article)"
    );
}

#[test]
fn what_the_seeds_keep() {
    // Lines a careless cleaner would drop: a body paragraph without a final period (000:12),
    // the Hijri byline (002:3), the source line (002:35), wire credits (003:33, 004:7).
    // (seed, line, how the line starts)
    let keeps = [
        ("000", 12, "إلى ذلك، أوضح أنّ حصيلة قتلى المرتزقة"),
        ("002", 3, "موقع أنصار الله"),
        ("002", 35, "المصدر: وكالات"),
        ("003", 33, "(فرانس برس)"),
        ("004", 7, "(أ ب)"),
        // The first copy of the repeated lead.
        ("004", 3, "وقعت عدة قذائف صاروخيّة"),
    ];
    for (name, line, start) in keeps {
        let original = seed(name).split('\n').nth(line - 1).unwrap();
        assert!(original.starts_with(start), "{name}:{line}: {original}");
        let cleaned = Cleaner::new(&[]).clean(seed(name));
        assert_eq!(
            cleaned.text.split('\n').nth(line - 1),
            Some(original),
            "{name}:{line}"
        );
    }
}

#[test]
fn cleaning_keeps_lines_in_place_and_loses_nothing() {
    let corpus = Corpus::read(&ReadOptions::default());
    for article in &corpus.articles {
        let original = seed(&article.id[..3]);
        // A dropped line is emptied: line numbers are the original's.
        assert_eq!(
            article.text.split('\n').count(),
            original.split('\n').count()
        );
        for d in &article.dropped {
            assert_eq!(article.text.split('\n').nth(d.line - 1), Some(""));
            assert_eq!(original.split('\n').nth(d.line - 1), Some(d.text.as_str()));
        }
        assert_eq!(article.original_text(), original);
    }
}

#[test]
fn no_clean_keeps_every_line() {
    let corpus = Corpus::read(&ReadOptions {
        clean: false,
        ..ReadOptions::default()
    });
    for article in &corpus.articles {
        assert!(article.dropped.is_empty());
        assert_eq!(article.text, seed(&article.id[..3]));
    }
}

/// The rules on small texts: (text, drops).
#[test]
fn the_rules_on_small_texts() {
    let cases: &[(&str, &[(usize, DropReason)])] = &[
        // Furniture, whatever its hamza, diacritics or case.
        ("عنوان\n\nنص المقال.\n\nاقرأ أيضاً", &[(5, Furniture)]),
        (
            "Title\n\nBody text.\n\nScroll To Top\nSHARE",
            &[(5, Furniture), (6, Furniture)],
        ),
        // Furniture only as a whole line.
        ("عنوان\n\nالتعليقات على القرار كانت كثيرة.", &[]),
        // Image file names, with paths and queries.
        (
            "photo_2020.JPG\nTitle\n\nBody.\nhttps://example.org/img/a.webp?w=300",
            &[(1, ImageFileName), (5, ImageFileName)],
        ),
        // A file name inside a sentence is text.
        ("Title\n\nThe file report.png was leaked.", &[]),
        // Captions: name/agency credit, known agency, marker; a credit line alone stays; a
        // parenthesis that is no credit stays; a sentence with a credit stays.
        (
            "Title\n\nBody.\nThe minister in Baku (John Smith/ Reuters)\nDamaged houses (AFP)\nRuins of the town (Photo: Jane Doe)\n(AFP)\nThe republic of Artsakh (Karabakh)\nShelling resumed. (AP)",
            &[(4, Caption), (5, Caption), (6, Caption)],
        ),
        // The title repeated on the next line: it differs only in punctuation, spacing,
        // diacritics and letter variants, which normalization and word splitting ignore.
        (
            "The mercenaries moved south, along the river.\n\nThe mercenaries  moved south along the river\n\nBody.",
            &[(3, RepeatedTitle { of_line: 1 })],
        ),
        (
            "باكو لا تنوي الهجوم على أرمينيا\n\nباكو لا تنوي الهجومَ على أرمينيا.\n\nنص.",
            &[(3, RepeatedTitle { of_line: 1 })],
        ),
        // The title with a site name, repeated without it: the line adds nothing.
        (
            "Baku denies plans to attack Armenia | Reuters\n\nBaku denies plans to attack Armenia\n\nBody.",
            &[(3, RepeatedTitle { of_line: 1 })],
        ),
        // A word changed: another sentence, and its loaded term must stay (the audit's probe).
        (
            "The mercenaries moved south along the river.\n\nThe separatists moved south along the river.\n\nBody.",
            &[],
        ),
        // A word added, even one: it could be a loaded term or a contested name.
        (
            "باكو لا تنوي الهجوم على أرمينيا اليوم\n\nباكو لا تنوي الهجوم على أرمينيا اليوم كاراباخ\n\nنص.",
            &[],
        ),
        // A dateline before the title: it names a place, and place names are contested.
        (
            "Shelling resumed overnight\n\nSTEPANAKERT (AP) — Shelling resumed overnight\n\nBody.",
            &[],
        ),
        // Too little of the title: a subhead, not a repeat.
        (
            "Shelling resumed overnight in the city\n\nShelling resumed\n\nBody.",
            &[],
        ),
        // The next line is not the title when too many words differ.
        (
            "باكو لا تنوي الهجوم\n\nباكو تقول إنها لا تنوي أي هجوم على أرمينيا الآن\n\nنص.",
            &[],
        ),
        // An exact repeat anywhere, after normalization (diacritics, punctuation).
        (
            "Title\n\nThe talks began.\n\nOther news.\n\nThe talks, began",
            &[(7, RepeatedParagraph { of_line: 3 })],
        ),
        (
            "عنوان\n\nقال الوزيرُ إنّ المحادثات بدأت.\n\nقال الوزير ان المحادثات بدات",
            &[(5, RepeatedParagraph { of_line: 3 })],
        ),
        // A pull-quote: short, no final period, its words in the body.
        (
            "Title\n\nThe minister said the ceasefire talks in Geneva would resume on Monday.\n\nCeasefire talks in Geneva would resume on Monday\n\nOther news followed.",
            &[(
                5,
                PullQuote {
                    covered: 8,
                    words: 8,
                },
            )],
        ),
        // Not a pull-quote: it ends with a period, or is a short subhead, or its words are new.
        (
            "Title\n\nThe minister said the ceasefire talks in Geneva would resume on Monday.\n\nCeasefire talks in Geneva would resume on Monday.\n\nGeneva talks\n\nNobody expects anything from this round of meetings",
            &[],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(drops(text), *want, "{text}");
    }
}

#[test]
fn a_manifest_extends_the_furniture_list() {
    let text = "Title\n\nBody.\n\nFollow our channel";
    assert_eq!(drops(text), []);
    let cleaner = Cleaner::new(&["follow OUR channel".to_string()]);
    let cleaned = cleaner.clean(text);
    assert_eq!(
        cleaned.dropped,
        [Dropped {
            line: 5,
            text: "Follow our channel".to_string(),
            reason: Furniture
        }]
    );
}

#[test]
fn crlf_line_ends_survive_cleaning() {
    let text = "Title\r\n\r\nTitle\r\n\r\nBody.\r\n";
    let cleaned = Cleaner::new(&[]).clean(text);
    assert_eq!(cleaned.text, "Title\r\n\r\n\r\n\r\nBody.\r\n");
    assert_eq!(cleaned.dropped[0].text, "Title");
    assert_eq!(restore(&cleaned.text, &cleaned.dropped), text);
}
