//! The generic loaded-language lexicons (loaded.ar, loaded.en) among the bundled ones: what they
//! flag, the false friends they must not, and the topic lexicons winning their ties.

use framelens::lexicon::{Favors, LexiconSet, Role};
use framelens::matcher::HitKind;

mod common;
use common::bundled;

/// The loaded or attribution hits as `lexicon/term`.
fn terms(text: &str) -> Vec<String> {
    bundled()
        .analyze(text)
        .hits
        .iter()
        .filter(|h| h.kind != HitKind::Name)
        .map(|h| format!("{}/{}", h.lexicon, h.term))
        .collect()
}

#[test]
fn arabic_generic_terms_and_their_false_friends() {
    let cases: &[(&str, &[&str])] = &[
        ("ارتكب الجيش مجزرة", &["loaded.ar/massacre"]),
        ("والمجازر", &["loaded.ar/massacre"]),
        ("قصف وحشيّ", &["loaded.ar/brutal"]),
        ("تدخل سافر في شؤوننا", &["loaded.ar/blatant"]),
        ("ميليشيات الحوثي", &["loaded.ar/militias"]),
        ("بفضل القيادة الرشيدة", &["loaded.ar/praise"]),
        ("نظام الأسد", &["loaded.ar/regime"]),
        ("هذا عار على الحكومة", &["loaded.ar/shame"]),
        ("دنس المستوطنون المسجد", &["loaded.ar/desecrate"]),
        ("حملة الإرهاب", &["loaded.ar/terrorist"]),
        // Topic lexicons load first and win the forms they share.
        ("الشهداء", &["karabakh.ar/martyr"]),
        ("قوات الاحتلال", &["karabakh.ar/occupation"]),
        ("إرهابيون", &["karabakh.ar/terrorists"]),
        // False friends: travelled, left, a name, devoid of, a system, stock, labour, a blood
        // group, championships, those rejecting.
        ("سافر الوزير أمس", &[]),
        ("غادر الوزير القاعة", &[]),
        ("جاء خالد مبكرا", &[]),
        ("الخبر عار عن الصحة", &[]),
        ("النظام التعليمي", &[]),
        ("مخزون القمح", &[]),
        ("العمالة الوافدة", &[]),
        ("زمرة الدم", &[]),
        ("بطولات كرة القدم", &[]),
        ("القوى الرافضة للاتفاق", &[]),
        // Neutral words the wider lexicon once reached: she travelled, an urgent need,
        // estrangement, imitates, swamps, wearing, a festival, regular forces.
        ("سافرت الوزيرة إلى عمان", &[]),
        ("حاجة ماسة إلى الماء", &[]),
        ("القطيعة بين البلدين", &[]),
        ("تحاكي الطبيعة", &[]),
        ("المستنقعات في الجنوب", &[]),
        ("مرتدية ثوبا أبيض", &[]),
        ("افتتاح المهرجان", &[]),
        ("القوات النظامية", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(terms(text), *expected, "text {text}");
    }
}

#[test]
fn english_generic_terms_and_their_false_friends() {
    let cases: &[(&str, &[&str])] = &[
        ("a brutal crackdown", &["loaded.en/brutal"]),
        ("a witch hunt", &["loaded.en/hoax"]),
        ("the inquiry is a sham", &["loaded.en/hoax"]),
        ("they blasted the plan", &["loaded.en/slam"]),
        ("utterly wrong", &["loaded.en/utterly"]),
        ("the thugs' leader", &["loaded.en/thugs"]),
        ("a powder keg", &["loaded.en/idioms"]),
        // Topic and attribution lexicons load first and win the forms they share.
        ("the martyrs were buried", &["karabakh.en/martyr"]),
        ("the so-called parliament", &["attribution.en/so-called"]),
        // Left out: mostly plain description in news (see lexicons/loaded.en.toml).
        ("the regime fell", &[]),
        ("he slammed the door", &[]),
        ("bunk beds", &[]),
        ("undocumented immigrants", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(terms(text), *expected, "text {text}");
    }
}

#[test]
fn generic_lexicons_favor_no_side_and_explain_every_term() {
    let set = LexiconSet::bundled().unwrap();
    for id in ["loaded.ar", "loaded.en"] {
        let lexicon = set.lexicon(id).unwrap();
        assert!(
            lexicon.sides.is_empty() && lexicon.actors.is_empty(),
            "{id}"
        );
        assert!(lexicon.choices.is_empty(), "{id}");
        assert!(
            lexicon.terms.len() >= 40,
            "{id} has {}",
            lexicon.terms.len()
        );
        for term in &lexicon.terms {
            let name = format!("{id}/{}", term.id);
            assert_eq!(term.role, Role::Loaded, "{name}");
            assert_eq!(term.favors, Favors::Neutral, "{name}");
            assert!(!term.explanation.is_empty(), "{name}: no explanation");
            assert!(!term.neutral.is_empty(), "{name}: no neutral wording");
            assert!(term.label.is_some(), "{name}: no label");
            assert!(term.frame.is_some(), "{name}: no frame");
        }
    }
}
