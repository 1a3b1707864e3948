//! Properties of cleaning and date finding on arbitrary text built from pieces of real scraped
//! pages: cleaning loses nothing and keeps lines in place; date mentions lie on character
//! boundaries and are what the text says there.

use framelens::corpus::clean::{Cleaner, restore};
use framelens::corpus::dates::find_dates;
use proptest::prelude::*;

/// Lines of a page: titles, furniture, captions, dates, body sentences, arbitrary text.
fn page() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        any::<String>(),
        "[\u{0621}-\u{064A}\u{064B}-\u{0652}\u{0640} .،]{0,40}",
        prop::sample::select(vec![
            "قصف متبادل بين أذربيجان وأرمينيا",
            "وقعت عدة قذائف صاروخيّة، على مناطق سكنيّة، اليوم السبت.",
            "الصفحة الرئيسية",
            "scroll to top",
            "24467.png",
            "+ الخط -",
            "علييف مستقبلاً جاووش أوغلو في باكو اليوم (جيم أوزديل/ الأناضول)",
            "(أ ب)",
            "01/11/2020",
            "14 صفر 1442هـ",
            "27 سبتمبر/ أيلول",
            "أنقرة تستمر بنقل المرتزقة السوريين للقتال في كاراباخ",
            "",
            " ",
            "\r",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn cleaning_loses_nothing_and_keeps_lines(text in page()) {
        let cleaned = Cleaner::new(&[]).clean(&text);
        prop_assert_eq!(restore(&cleaned.text, &cleaned.dropped), text.clone());
        prop_assert_eq!(cleaned.text.split('\n').count(), text.split('\n').count());
        let original: Vec<&str> = text.split('\n').collect();
        let kept: Vec<&str> = cleaned.text.split('\n').collect();
        for d in &cleaned.dropped {
            prop_assert_eq!(original[d.line - 1].trim_end_matches('\r'), d.text.as_str());
            prop_assert_eq!(kept[d.line - 1].trim_end_matches('\r'), "");
        }
        // A second pass (what a re-read of exported text would do) restores too.
        let again = Cleaner::new(&[]).clean(&cleaned.text);
        prop_assert_eq!(restore(&again.text, &again.dropped), cleaned.text);
    }

    #[test]
    fn date_mentions_are_slices_of_the_text(text in page()) {
        for mention in find_dates(&text) {
            prop_assert!(text.is_char_boundary(mention.span.start));
            prop_assert!(text.is_char_boundary(mention.span.end));
            prop_assert!(text[mention.span.clone()].starts_with(&mention.matched));
            prop_assert!((1..=12).contains(&mention.month));
            prop_assert!((1..=31).contains(&mention.day));
        }
    }
}
