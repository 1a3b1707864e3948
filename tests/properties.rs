//! Properties of matching on arbitrary Unicode text with lexicon forms planted in it: every hit
//! lies on character boundaries, its slice of the original renormalizes to the form that matched,
//! and hits never overlap.

use std::sync::OnceLock;

use framelens::lexicon::LexiconSet;
use framelens::matcher::{Matcher, Via};
use framelens::text::normalize;
use proptest::prelude::*;

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::new(&LexiconSet::bundled().unwrap()).unwrap())
}

/// Pieces of text: arbitrary characters, Arabic with marks, clitics, and real lexicon forms.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        "[\u{0621}-\u{064A}\u{064B}-\u{0652}\u{0640} ]{1,6}",
        prop::sample::select(vec![
            "والمرتزقة",
            "مُرْتَزِقَةً",
            "شهيد أرمني",
            "حررناها",
            "أعادت باكو احتلالهم",
            "إعادة\nاحتلال",
            "وادعى علييف إن",
            "«آرتساخ»",
            "ﻻ",
            "martyr’s",
            "Artsakh's",
            " ",
            "\"",
            "، فيما ",
            ". ",
            "\n\n",
            "so-called",
            "Syrian mercenaries",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn hits_map_exactly_to_the_original(text in text()) {
        let analysis = matcher().analyze(&text);
        let mut previous_end = 0;
        for hit in &analysis.hits {
            prop_assert!(hit.start.byte >= previous_end, "overlap at {}", hit.start.byte);
            previous_end = hit.end.byte;
            prop_assert!(text.is_char_boundary(hit.start.byte) && text.is_char_boundary(hit.end.byte));
            prop_assert_eq!(&text[hit.span()], hit.matched.as_str());
            prop_assert_eq!(hit.start.char, text[..hit.start.byte].chars().count());
            prop_assert!(hit.core.start >= hit.start.byte && hit.core.end <= hit.end.byte);
            if hit.via == Via::Form {
                // The form itself, or, where it begins or ends inside a ligature (ﻻ is لا), the
                // whole ligature around it.
                let core = normalize(&text[hit.core.clone()]).replace('\n', " ");
                prop_assert!(core.contains(hit.form.as_str()), "{} in {}", hit.form, core);
                prop_assert!(core.len() - hit.form.len() <= 2 * "ل".len(), "{} in {}", hit.form, core);
            }
        }
        for mention in &analysis.actors {
            prop_assert!(text.is_char_boundary(mention.start.byte));
        }
    }
}
