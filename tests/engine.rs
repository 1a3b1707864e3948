//! The text and lexicon engine on real text: the shipped lexicons, the seeds, and small texts.
//! Tables of inputs and exact expectations; add a line when a bug is found.

use std::sync::OnceLock;

use framelens::lexicon::{Lexicon, LexiconSet};
use framelens::matcher::{Analysis, Extras, Hit, HitKind, Matcher};
use framelens::text::{Voice, normalize};

mod common;
use common::{bundled, hit_list};

fn fixture() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let lexicon = Lexicon::read("tests/fixtures/lexicons/valid.ar.toml".as_ref()).unwrap();
        Matcher::new(&LexiconSet::new(vec![lexicon]).unwrap()).unwrap()
    })
}

/// The loaded or attribution hits (not neutral names) as `lexicon/term`.
fn terms(analysis: &Analysis) -> Vec<String> {
    analysis
        .hits
        .iter()
        .filter(|h| h.kind != HitKind::Name)
        .map(|h| format!("{}/{}", h.lexicon, h.term))
        .collect()
}

fn seed(name: &str) -> String {
    let path = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap_or_else(|| panic!("seed {name}"));
    std::fs::read_to_string(path).unwrap()
}

fn find<'a>(analysis: &'a Analysis, term: &str, matched: &str) -> &'a Hit {
    analysis
        .hits
        .iter()
        .find(|h| h.term.as_ref() == term && h.matched == matched)
        .unwrap_or_else(|| {
            let all = hit_list(analysis);
            panic!("no hit {term}[{matched}] among {all:?}")
        })
}

#[test]
fn arabic_clitics_and_inflection_match_and_false_friends_do_not() {
    // (text, the one term it must yield, or "" for none)
    let cases = [
        ("مرتزقة", "karabakh.ar/mercenaries"),
        ("المرتزقة", "karabakh.ar/mercenaries"),
        ("والمرتزقة", "karabakh.ar/mercenaries"),
        ("للمرتزقة", "karabakh.ar/mercenaries"),
        ("بالمرتزقة", "karabakh.ar/mercenaries"),
        ("فالمرتزقة", "karabakh.ar/mercenaries"),
        ("مرتزقاً", "karabakh.ar/mercenaries"),
        ("مُرْتَزِقَة", "karabakh.ar/mercenaries"),
        ("شهيد", "karabakh.ar/martyr"),
        ("الشهيد", "karabakh.ar/martyr"),
        ("شهداء", "karabakh.ar/martyr"),
        ("والشهداء", "karabakh.ar/martyr"),
        ("استشهد", "karabakh.ar/martyr"),
        ("استشهدوا", "karabakh.ar/martyr"),
        ("شهيدا", "karabakh.ar/martyr"),
        ("شهادة", ""),
        ("مشهد", ""),
        ("شاهد", ""),
        ("يشهد", ""),
        ("الشهادات", ""),
        ("حررناها", "karabakh.ar/liberate"),
        ("حررنا", "karabakh.ar/liberate"),
        ("آرتساخ", "karabakh.ar/artsakh"),
        ("أرتساخ", "karabakh.ar/artsakh"),
        ("ارتساخ", "karabakh.ar/artsakh"),
        ("ستيباناكيرت", "karabakh.ar/stepanakert"),
        ("ستيباناكرت", "karabakh.ar/stepanakert"),
    ];
    for (text, expected) in cases {
        let found = terms(&bundled().analyze(text));
        let expected: Vec<&str> = [expected].into_iter().filter(|e| !e.is_empty()).collect();
        assert_eq!(found, expected, "text {text}");
    }
}

#[test]
fn one_spelling_family_is_one_form() {
    let forms: Vec<String> = ["آرتساخ", "أرتساخ", "ارتساخ"]
        .iter()
        .map(|t| bundled().analyze(t).hits[0].form.clone())
        .collect();
    assert_eq!(forms, ["ارتساخ", "ارتساخ", "ارتساخ"]);
}

#[test]
fn only_listed_forms_match_not_derivations() {
    // The fixture lists the verb حرر but not the noun تحرير.
    let cases = [
        ("حررناها", vec!["test.ar/liberate"]),
        ("وحرروها", vec!["test.ar/liberate"]),
        ("تحرير", vec![]),
        ("التحرير", vec![]),
        ("بحرر", vec![]),
    ];
    for (text, expected) in cases {
        assert_eq!(terms(&fixture().analyze(text)), expected, "text {text}");
    }
}

#[test]
fn english_forms_inflect_and_respect_word_ends() {
    let cases = [
        ("a martyr fell", vec!["karabakh.en/martyr"]),
        ("the martyrs were buried", vec!["karabakh.en/martyr"]),
        ("he was martyred", vec!["karabakh.en/martyr"]),
        ("the martyr's grave", vec!["karabakh.en/martyr"]),
        ("the martyr’s grave", vec!["karabakh.en/martyr"]),
        ("the martyrs' graves", vec!["karabakh.en/martyr"]),
        ("Baku liberated the town", vec!["karabakh.en/liberation"]),
        (
            "the liberation of Shusha",
            vec!["karabakh.en/liberation", "karabakh.en/shusha"],
        ),
        ("separatist forces", vec!["karabakh.en/separatists"]),
        ("the separatists attacked", vec!["karabakh.en/separatists"]),
        (
            "Syrian mercenaries arrived",
            vec!["karabakh.en/mercenaries"],
        ),
        ("Artsakh’s parliament", vec!["karabakh.en/artsakh"]),
        ("martyrology", vec![]),
        ("the martyrdom of", vec!["karabakh.en/martyr"]),
        ("unliberated", vec![]),
    ];
    for (text, expected) in cases {
        assert_eq!(terms(&bundled().analyze(text)), expected, "text {text}");
    }
}

#[test]
fn sides_resolve_through_actors() {
    let cases = [
        // favors = actor: the nearest actor with a side, within the window
        ("سقط شهيد شمالي في المعركة", "martyr", Some("north")),
        ("جنديا جنوبيا استشهدوا", "martyr", Some("south")),
        ("سقط شهيد في المعركة", "martyr", None),
        // ... in the same sentence only
        ("جاء الشمال. سقط شهيد", "martyr", None),
        // favors = against-actor: the opponent of the named side
        ("العدوان الشمالي", "aggression", Some("south")),
        ("عدوان الجنوب", "aggression", Some("north")),
        // a fixed side
        ("حررناها", "liberate", Some("south")),
    ];
    for (text, term, side) in cases {
        let analysis = fixture().analyze(text);
        let hit = analysis
            .hits
            .iter()
            .find(|h| h.term.as_ref() == term)
            .unwrap_or_else(|| panic!("{term} in {text}"));
        assert_eq!(hit.side.as_deref(), side, "text {text}");
    }
}

#[test]
fn whoever_undoes_an_occupation_is_not_its_occupier() {
    // `occupation` favors the opponent of its actor, unless a term that undoes it (`undone_by`:
    // liberating, restoring the land) lies between the two: then the actor is the liberator.
    let cases = [
        (
            "واصل الجيش الأذربيجاني تحرير الأراضي المحتلة.",
            "المحتلة",
            "azerbaijan",
        ),
        ("أعلنت باكو تحرير الأراضي المحتلة.", "المحتلة", "azerbaijan"),
        // ... only when the undoing word is the actor's own side's: Yerevan rejects Baku's word.
        (
            "ترفض يريفان تحرير المناطق المحتلة.",
            "المحتلة",
            "azerbaijan",
        ),
        // Verb first: the liberating verb right before its subject.
        ("حررت أذربيجان المناطق المحتلة.", "المحتلة", "azerbaijan"),
        (
            "حررت القوات الأذربيجانية المناطق المحتلة.",
            "المحتلة",
            "azerbaijan",
        ),
        // No undoer between: the actor is the occupier.
        ("حاولت القوات الأذربيجانية احتلال القرية.", "احتلال", "armenia"),
        (
            "تحدث عن محاولة يريفان احتلال المزيد من الأراضي.",
            "احتلال",
            "azerbaijan",
        ),
        // The undoer is not between the word and its actor (named after it, as the occupier).
        (
            "تحرير الأراضي المحتلة من قبل أرمينيا.",
            "المحتلة",
            "azerbaijan",
        ),
        (
            "Azerbaijani troops liberating occupied villages.",
            "occupied",
            "azerbaijan",
        ),
        (
            "Azerbaijani forces occupied the village.",
            "occupied",
            "armenia",
        ),
    ];
    for (text, matched, side) in cases {
        let analysis = bundled().analyze(text);
        let hit = find(&analysis, "occupation", matched);
        assert_eq!(hit.side.as_deref(), Some(side), "{text}");
    }
}

#[test]
fn phrases_proximity_patterns_and_longest_match() {
    let cases = [
        ("بإعادة احتلال المدينة", "reoccupation", "بإعادة احتلال"),
        (
            "التي أعادت باكو احتلالهم",
            "reoccupation",
            "أعادت باكو احتلالهم",
        ),
        (
            "بإعادت أذربيجان إحتلال مدينة",
            "reoccupation",
            "بإعادت أذربيجان إحتلال",
        ),
        ("أعادت احتلال", "reoccupation", "أعادت احتلال"),
        ("منذ عام 1994 وحتى", "dated", "عام 1994"),
    ];
    for (text, term, matched) in cases {
        let analysis = fixture().analyze(text);
        let hits: Vec<(&str, &str)> = analysis
            .hits
            .iter()
            .map(|h| (h.term.as_ref(), h.matched.as_str()))
            .collect();
        assert_eq!(hits, [(term, matched)], "text {text}");
    }
    // Too far apart, or across a sentence end: no construction.
    for text in ["أعادت القوات في الشمال احتلال", "أعادت. احتلال"]
    {
        assert!(terms(&fixture().analyze(text)).is_empty(), "{text}");
    }
}

#[test]
fn voices_own_quoted_reported() {
    let text = "قال الوزير إن الشهداء سقطوا. وأضاف: «الشهداء أحياء». سقط شهيد.";
    let analysis = bundled().analyze(text);
    let voices: Vec<Voice> = analysis
        .hits
        .iter()
        .filter(|h| h.term.as_ref() == "martyr")
        .map(|h| h.voice)
        .collect();
    assert_eq!(voices, [Voice::Reported, Voice::Quoted, Voice::Own]);
}

#[test]
fn english_attribution_at_the_end_reports_the_clause_before_it() {
    let cases = [
        ("Mercenaries arrived, Aliyev said.", Voice::Reported),
        (
            "Prices rose. Mercenaries arrived, Armenian officials said.",
            Voice::Reported,
        ),
        (
            "The mercenaries arrived overnight, said the ministry in a statement.",
            Voice::Reported,
        ),
        (
            "Mercenaries arrived, the president's office said in a statement.",
            Voice::Reported,
        ),
        // The verb that reports what follows it leaves the clause before the comma alone.
        (
            "After mercenaries arrived, Aliyev said the war would end soon.",
            Voice::Own,
        ),
        // A speech verb that opens a long clause reports what follows, not what went before.
        (
            "Mercenaries arrived, and Aliyev said the talks would go on for another week at least.",
            Voice::Own,
        ),
        ("Mercenaries arrived.", Voice::Own),
        // An Arabic comma in English text is a comma too.
        ("Mercenaries arrived، Aliyev said.", Voice::Reported),
        // "said" reports a clause without "that"; "announced" and "denied" (needs_complementizer)
        // mostly take an object, and report only with it.
        ("Aliyev said mercenaries attacked.", Voice::Reported),
        (
            "Armenia announced mourning after mercenaries attacked villages.",
            Voice::Own,
        ),
        (
            "Armenia announced that mercenaries attacked villages.",
            Voice::Reported,
        ),
        ("Baku denied the reports about mercenaries.", Voice::Own),
    ];
    for (text, voice) in cases {
        let analysis = bundled().analyze(text);
        let hit = analysis
            .hits
            .iter()
            .find(|h| h.term.as_ref() == "mercenaries")
            .unwrap_or_else(|| panic!("mercenaries in {text}"));
        assert_eq!(hit.voice, voice, "{text}");
    }
}

#[test]
fn only_the_complementizer_starts_reported_speech() {
    // After a speech verb, «أن» with و or ف and a pronoun opens the reported clause; كان,
    // الآن, لأن, أنا and كانون only look like it.
    let cases = [
        (
            "وأعلن الجيش الأرميني حالة التأهب الآن، المرتزقة يواصلون القتال.",
            Voice::Own,
        ),
        ("وأعلنت يريفان الحداد لأن المرتزقة هاجموا القرى.", Voice::Own),
        (
            "وأكد الوزير الذي كان يتحدث المرتزقة هاجموا القرى.",
            Voice::Own,
        ),
        (
            "وقال الوزير في كانون الثاني المرتزقة هاجموا القرى.",
            Voice::Own,
        ),
        ("وقال الوزير فإنه المرتزقة هاجموا القرى.", Voice::Reported),
        ("وأكد الوزير وأنهم المرتزقة هاجموا القرى.", Voice::Reported),
        ("وأكد الوزير إنني أرى المرتزقة.", Voice::Reported),
        // أن after بعد, قبل, رغم ... is another conjunction (`not_after`); after إلى it
        // still reports (أشار إلى أن).
        (
            "وأعلنت الوزارة، بعد أن هاجم المرتزقة القرى، وقف العمليات.",
            Voice::Own,
        ),
        (
            "وأعلنت الوزارة التعبئة وقبل أن يبدأ المرتزقة هجومهم.",
            Voice::Own,
        ),
        ("وأكد الوزير رغم أن المرتزقة هاجموا القرى.", Voice::Own),
        (
            "وأشار الوزير إلى أن المرتزقة هاجموا القرى.",
            Voice::Reported,
        ),
    ];
    for (text, voice) in cases {
        let analysis = bundled().analyze(text);
        assert_eq!(
            find(&analysis, "mercenaries", "المرتزقة").voice,
            voice,
            "{text}"
        );
    }
}

#[test]
fn a_man_named_turki_is_not_turkey() {
    // تركي is "Turkish" and a man's name: after a title or بن, or before بن or آل, a name.
    let cases = [
        ("وقال الأمير تركي بن سعود إن المرتزقة وصلوا.", None),
        ("وقال عبدالعزيز بن تركي إن المرتزقة وصلوا.", None),
        ("وقال تركي آل الشيخ إن المرتزقة وصلوا.", None),
        ("وقال د. تركي بن سعود إن المرتزقة وصلوا.", None),
        ("وقال د. تركي الحمد إن المرتزقة وصلوا.", None),
        ("وقال اللواء تركي المالكي إن المرتزقة وصلوا.", None),
        ("وقال مواطن تركي إن المرتزقة وصلوا.", Some("turkey")),
        ("وقال الرئيس التركي إن المرتزقة وصلوا.", Some("turkey")),
    ];
    for (text, actor) in cases {
        let analysis = bundled().analyze(text);
        let said = find(&analysis, "said", "وقال");
        assert_eq!(said.actor.as_ref().map(|a| a.id.as_ref()), actor, "{text}");
    }
}

#[test]
fn between_two_actors_as_near_the_one_in_the_same_clause_and_on_the_adjective_side_wins() {
    let cases = [
        // English adjectives come before the noun; the speaker is across a comma.
        (
            "Baku will respond to Armenian aggression, Aliyev said.",
            "armenia",
        ),
        (
            "The Azerbaijani aggression, Pashinyan noted, was brutal.",
            "azerbaijan",
        ),
    ];
    for (text, actor_side) in cases {
        let analysis = bundled().analyze(text);
        let hit = find(&analysis, "aggression", "aggression");
        let actor = hit.actor.as_ref().expect("an actor");
        assert_eq!(actor.side.as_deref(), Some(actor_side), "{text}");
    }
}

#[test]
fn martyrs_fall_by_the_other_side_s_hand() {
    // `martyr` favors the side whose dead it names: an actor after a cause cue (بقصف,
    // برصاص) is the killer, so the word favors the killer's opponent.
    let cases = [
        ("سقط شهداء بقصف أرميني على القرية.", "azerbaijan"),
        ("سقط شهداء برصاص القوات الأذربيجانية.", "armenia"),
        // The nearer actor names the dead: no cue between.
        ("استشهد جندي أرمني بقصف أذربيجاني.", "armenia"),
        ("سقط شهداء أذربيجانيون في القصف.", "azerbaijan"),
        // The cue must introduce the actor: here it comes before the dead, named after it.
        ("استشهد بقصف جنديان أذربيجانيان.", "azerbaijan"),
        // The cause may come first, or be named with the article.
        ("بقصف أرميني سقط شهداء في كنجة.", "azerbaijan"),
        ("سقط شهداء القصف الأرميني.", "azerbaijan"),
        ("سقط شهداء أرمن في القصف الأذربيجاني.", "armenia"),
    ];
    for (text, side) in cases {
        let analysis = bundled().analyze(text);
        let hit = analysis
            .hits
            .iter()
            .find(|h| h.term.as_ref() == "martyr")
            .unwrap_or_else(|| panic!("martyr in {text}"));
        assert_eq!(hit.side.as_deref(), Some(side), "{text}");
    }
}

#[test]
fn a_topic_hit_with_a_side_beats_a_longer_generic_phrase() {
    // The generic lexicons know «العدوان التركي» and "terrorist regime" but not whose framing
    // they are; the Karabakh lexicon, loaded first, says so through the actor.
    let cases = [
        (
            "العدوان التركي على أرمينيا مستمر.",
            "karabakh.ar/aggression",
            Some("armenia"),
        ),
        (
            "ندد الوزير بالعدوان التركي.",
            "karabakh.ar/aggression",
            Some("armenia"),
        ),
        // Without an actor the topic word says nothing of sides: the longer phrase stays.
        ("العدوان السعودي مستمر.", "loaded.ar/criminal", None),
        // ... and an actor outside the phrase is not the aggressor it names.
        (
            "ندد أردوغان بالعدوان الإسرائيلي على غزة.",
            "loaded.ar/criminal",
            None,
        ),
        (
            "Pashinyan denounced the terrorist regime of Azerbaijan.",
            "loaded.en/terrorist-state",
            None,
        ),
    ];
    for (text, term, side) in cases {
        let analysis = bundled().analyze(text);
        let hits: Vec<(String, Option<&str>)> = analysis
            .hits
            .iter()
            .filter(|h| h.kind != HitKind::Name)
            .map(|h| (format!("{}/{}", h.lexicon, h.term), h.side.as_deref()))
            .collect();
        assert_eq!(hits, [(term.to_string(), side)], "{text}");
    }
}

#[test]
fn terms_begin_inside_a_lam_alef_ligature() {
    // Text copied from PDFs writes the article's ل and a word's first ا as one character, ﻻ
    // or ﻷ: the form begins inside it, and the hit is the whole word as written.
    let cases = [
        ("اﻻحتلال مستمر.", "occupation", "اﻻحتلال"),
        ("واﻻحتلال مستمر.", "occupation", "واﻻحتلال"),
        ("اﻻنفصاليون في الإقليم.", "separatists", "اﻻنفصاليون"),
        (
            "سقط اﻻرهابيين اﻷجانب.",
            "foreign-terrorists",
            "اﻻرهابيين اﻷجانب",
        ),
        // ... and a form that ends inside one: يقول and the dual ا, their ل and ا written ﻻ.
        ("ىقوﻻ:", "said", "ىقوﻻ"),
    ];
    for (text, term, matched) in cases {
        let analysis = bundled().analyze(text);
        let hit = find(&analysis, term, matched);
        assert_eq!(&text[hit.start.byte..hit.end.byte], matched, "{text}");
        assert_eq!(hit.start.byte, text.find(matched).unwrap(), "{text}");
    }
}

#[test]
fn positions_are_exact_in_the_original() {
    let text = "سطر أول\nقال 😀 Baku: \"الْمُرْتَزِقَةُ\" here";
    let analysis = bundled().analyze(text);
    let hit = find(&analysis, "mercenaries", "الْمُرْتَزِقَةُ");
    let byte = text.find("الْمُرْتَزِقَةُ").unwrap();
    assert_eq!(hit.start.byte, byte);
    assert_eq!(hit.end.byte, byte + "الْمُرْتَزِقَةُ".len());
    assert_eq!(hit.start.char, text[..byte].chars().count());
    assert_eq!(
        (hit.start.line, hit.start.column, hit.start.utf16_column),
        (2, 14, 15)
    );
    assert_eq!(
        hit.end.column - hit.start.column,
        "الْمُرْتَزِقَةُ".chars().count()
    );
    assert_eq!(normalize(&text[hit.core.clone()]), hit.form);
    assert_eq!(hit.voice, Voice::Quoted);
}

#[test]
fn seed_001_martyrs_reoccupation_artsakh_shushi_and_distancing() {
    let analysis = bundled().analyze(&seed("001"));
    for matched in ["استشهدوا", "شهيد"] {
        let hit = find(&analysis, "martyr", matched);
        assert_eq!(hit.side.as_deref(), Some("armenia"), "{matched}");
    }
    // `4000 شهيد أرمني` is the outlet's own voice; `15 جنديا أرمينيا استشهدوا` follows
    // `وذكر برلمان أرمينيا – اليوم الثلاثاء – أن`, so by the reported-speech rule (an attribution
    // verb, then أن) it is the parliament's word, relayed.
    assert_eq!(find(&analysis, "martyr", "شهيد").voice, Voice::Own);
    assert_eq!(find(&analysis, "martyr", "استشهدوا").voice, Voice::Reported);
    for matched in [
        "أعادت باكو احتلالهم",
        "اعادت أذربيجان احتلال",
        "بإعادت أذربيجان إحتلال",
    ] {
        let hit = find(&analysis, "reoccupation", matched);
        assert_eq!(hit.side.as_deref(), Some("armenia"));
    }
    assert_eq!(
        find(&analysis, "artsakh", "آرتساخ").side.as_deref(),
        Some("armenia")
    );
    let shushi: Vec<&Hit> = analysis
        .hits
        .iter()
        .filter(|h| h.term.as_ref() == "shushi")
        .collect();
    assert_eq!(shushi.len(), 2);
    assert!(shushi.iter().all(|h| h.side.as_deref() == Some("armenia")));
    let claim = find(&analysis, "claim", "وادعى");
    assert_eq!(claim.stance().map(|s| s.as_str()), Some("distancing"));
    let actor = claim.actor.as_ref().expect("resolved actor");
    assert_eq!(
        (actor.matched.as_str(), actor.side.as_deref()),
        ("علييف", Some("azerbaijan"))
    );
}

#[test]
fn seed_003_liberation_quoted_and_separatists() {
    let analysis = bundled().analyze(&seed("003"));
    let liberated = find(&analysis, "liberate", "حررناها");
    assert_eq!(liberated.side.as_deref(), Some("azerbaijan"));
    assert_eq!(liberated.voice, Voice::Quoted);
    for matched in ["والانفصاليون", "الانفصاليون"] {
        let hit = find(&analysis, "separatists", matched);
        assert_eq!(
            (hit.side.as_deref(), hit.voice),
            (Some("azerbaijan"), Voice::Own)
        );
    }
    assert_eq!(
        find(&analysis, "shusha", "شوشة").side.as_deref(),
        Some("azerbaijan")
    );
}

#[test]
fn seed_000_foreign_terrorists_quoted_and_mercenaries_own() {
    let analysis = bundled().analyze(&seed("000"));
    let terrorists = find(&analysis, "foreign-terrorists", "الإرهابيين الأجانب");
    assert_eq!(
        (terrorists.voice, terrorists.side.as_deref()),
        (Voice::Quoted, Some("armenia"))
    );
    // Seven times مرتزقة; twice after `وأضاف أنّ` / `أوضح أنّ` (the Observatory's words,
    // reported), five times in the outlet's own voice.
    let mercenaries: Vec<(&str, Voice)> = analysis
        .hits
        .iter()
        .filter(|h| h.term.as_ref() == "mercenaries")
        .map(|h| (h.matched.as_str(), h.voice))
        .collect();
    use Voice::{Own, Reported};
    assert_eq!(
        mercenaries,
        [
            ("المرتزقة", Own),
            ("المرتزقة", Own),
            ("المرتزقة", Reported),
            ("المرتزقة", Reported),
            ("المرتزقة", Own),
            ("المرتزقة", Own),
            ("مرتزقاً", Own),
        ]
    );
}

#[test]
fn seed_004_reported_mercenaries_and_distancing_toward_azerbaijan() {
    let analysis = bundled().analyze(&seed("004"));
    let mercenaries = find(&analysis, "mercenaries", "مرتزقة");
    assert_eq!(mercenaries.voice, Voice::Reported);
    let claim = find(&analysis, "claim", "وادعى");
    assert_eq!(claim.stance().map(|s| s.as_str()), Some("distancing"));
    let actor = claim.actor.as_ref().expect("resolved actor");
    assert_eq!(
        (actor.matched.as_str(), actor.side.as_deref()),
        ("أذربيجان", Some("azerbaijan"))
    );
}

#[test]
fn hits_never_overlap_and_lie_on_character_boundaries_in_every_seed() {
    for name in ["000", "001", "002", "003", "004"] {
        let text = seed(name);
        let analysis = bundled().analyze(&text);
        for pair in analysis.hits.windows(2) {
            assert!(pair[0].end.byte <= pair[1].start.byte, "{name}: overlap");
        }
        for hit in &analysis.hits {
            assert_eq!(&text[hit.span()], hit.matched);
            assert!(text.is_char_boundary(hit.core.start) && text.is_char_boundary(hit.core.end));
        }
    }
}

/// Word counts do not depend on the lexicons: a matcher with none counts the same words as
/// one with all of them (rates per 1,000 words divide by these).
#[test]
fn words_are_counted_without_lexicons() {
    let none = Matcher::new(&LexiconSet::new(Vec::new()).unwrap()).unwrap();
    for text in [
        "قال المتحدث إن المرتزقة دخلوا شوشا.",
        "The mercenaries came, and 3 more.",
    ] {
        let (analysis, words) = none.analyze_with_words(text);
        assert_eq!(analysis.words, bundled().analyze(text).words, "{text}");
        assert_eq!(analysis.words, words.len(), "{text}");
        assert!(analysis.hits.is_empty());
    }
    assert_eq!(none.analyze("قال المتحدث إن المرتزقة دخلوا شوشا.").words, 6);
}

/// Every hit on a loaded term (not attribution verbs or neutral names) as
/// `lexicon/term[matched]`.
fn exact_hits(text: &str) -> Vec<String> {
    bundled()
        .analyze(text)
        .hits
        .iter()
        .filter(|h| h.kind == HitKind::Loaded)
        .map(|h| format!("{}/{}[{}]", h.lexicon, h.term, h.matched))
        .collect()
}

#[test]
fn words_in_another_sense_are_not_hits_and_the_loaded_sense_still_is() {
    let cases: &[(&str, &[&str])] = &[
        // استشهد بـ "cited": a thing one cites after بـ, in the same clause.
        ("استشهد وزير الخارجية الأذربيجاني بتقرير الأمم المتحدة.", &[]),
        ("واستشهدت الوزيرة بقول الشاعر.", &[]),
        ("استشهدوا بآيات من القرآن.", &[]),
        ("وفي استشهاده بما ورد في البيان الأرميني، قال باشينيان.", &[]),
        ("الاستشهاد بالأرقام.", &[]),
        ("التي استشهدت ببعض أبياتها.", &[]),
        // يستشهد and مستشهدا are not forms of the term in any sense.
        ("يستشهد الرئيس علييف بتصريحات باشينيان.", &[]),
        ("قال مستشهدا بتقرير البنك الدولي.", &[]),
        // ... but بـ on what kills, on a date, after a comma, or no بـ: martyrdom.
        ("استشهد برصاص قناص.", &["karabakh.ar/martyr[استشهد]"]),
        (
            "استشهد الجندي برصاص قناص أذربيجاني.",
            &["karabakh.ar/martyr[استشهد]"],
        ),
        (
            "استشهد جنديان أرمنيان بقصف أذربيجاني.",
            &["karabakh.ar/martyr[استشهد]"],
        ),
        (
            "استشهدوا بنيران القوات الأذربيجانية.",
            &["karabakh.ar/martyr[استشهدوا]"],
        ),
        ("استشهد بتاريخ 5 مايو.", &["karabakh.ar/martyr[استشهد]"]),
        (
            "استشهد 15 جنديا، بحسب تقرير وزارة الدفاع.",
            &["karabakh.ar/martyr[استشهد]"],
        ),
        (
            "استشهد جندي بحسب بيان الوزارة.",
            &["karabakh.ar/martyr[استشهد]"],
        ),
        // Only the verb and its noun cite: شهيد before a cited thing is still a martyr.
        (
            "ذكرى الشهادة والشهيد يلزمنا بالاعتراف بفضلهم.",
            &["karabakh.ar/martyr[والشهيد]"],
        ),
        // حرر "edited, drew up": bylines, papers, a document's date, oneself.
        ("حرره محمد علي، محرر الشؤون الدولية.", &[]),
        ("حرره: أحمد حسن", &[]),
        ("كتبه وحرره سامي يوسف", &[]),
        ("حررت الشرطة محضرا بالواقعة.", &[]),
        ("حرر البنك المركزي سعر الصرف.", &[]),
        ("حرر في باكو بتاريخ 10 نوفمبر.", &[]),
        ("حرر الخبر.", &[]),
        // ... and liberation.
        (
            "حررناها من الاحتلال الأرمني.",
            &[
                "karabakh.ar/liberate[حررناها]",
                "karabakh.ar/armenian-occupation[الاحتلال الأرمني]",
            ],
        ),
        (
            "حررها الجيش الأذربيجاني في نوفمبر.",
            &["karabakh.ar/liberate[حررها]"],
        ),
        (
            "حرره الجيش الأذربيجاني من الانفصاليين.",
            &[
                "karabakh.ar/liberate[حرره]",
                "karabakh.ar/separatists[الانفصاليين]",
            ],
        ),
        // تحريرها "its editing", محررة "a woman editor".
        ("قال رئيس تحريرها إن الصحيفة مستقلة.", &[]),
        ("ورئيسة تحريره", &[]),
        ("كتابته وتحريره", &[]),
        ("وبحسب محررة الشؤون الدولية.", &[]),
        ("الصحفية والمحررة", &[]),
        (
            "أعلنت باكو تحرير شوشة.",
            &["karabakh.ar/liberation[تحرير شوشة]"],
        ),
        ("الأراضي المحررة.", &["karabakh.ar/liberation[المحررة]"]),
        (
            "بعد تحريرها من الاحتلال.",
            &[
                "karabakh.ar/liberation[تحريرها]",
                "karabakh.ar/occupation[الاحتلال]",
            ],
        ),
        // احتلال of a place in a ranking; of a place taken by force.
        ("بعد احتلاله المركز الثاني في الدوري.", &[]),
        ("واحتلال المرتبة الأولى", &[]),
        ("الفريق محتل الصدارة.", &[]),
        ("احتلال مركز المدينة.", &["karabakh.ar/occupation[احتلال]"]),
        // English: busy, a post or a place, a movement, names.
        ("Azerbaijani officials were occupied with the talks.", &[]),
        ("Pashinyan was preoccupied with the vote.", &[]),
        ("The flat was unoccupied.", &[]),
        ("The ministers occupied themselves with procedure.", &[]),
        ("Her mind was occupied by thoughts of home.", &[]),
        ("The dispute occupies his mind.", &[]),
        ("Aliyev kept them occupied for hours.", &[]),
        ("Bayramov occupied the post of foreign minister.", &[]),
        ("The office he occupies was created in 1991.", &[]),
        ("Karabakh occupies a special place in Armenian memory.", &[]),
        ("The Occupy Wall Street movement spread.", &[]),
        // The Great Patriotic War is the Soviet Union's war of 1941–1945, not Baku's of 2020.
        ("Moscow marked victory in the Great Patriotic War.", &[]),
        ("احتفلت روسيا بالنصر في الحرب الوطنية العظمى.", &[]),
        (
            "Baku calls it the Patriotic War.",
            &["karabakh.en/patriotic-war[Patriotic War]"],
        ),
        (
            "انتصرت أذربيجان في الحرب الوطنية.",
            &["karabakh.ar/patriotic-war[الحرب الوطنية]"],
        ),
        ("The Kosovo Liberation Army fought.", &[]),
        ("the women's liberation movement", &[]),
        // ... and occupation of land.
        (
            "Armenian forces occupied the district in 1993.",
            &["karabakh.en/occupation[occupied]"],
        ),
        (
            "Azerbaijani troops occupied positions inside Armenia.",
            &["karabakh.en/occupation[occupied]"],
        ),
        (
            "The districts were occupied by Armenian forces.",
            &["karabakh.en/armenian-occupation[occupied by Armenian forces]"],
        ),
        // The busy sense is the verb's: the noun with "with" stays.
        (
            "An occupation with no end.",
            &["karabakh.en/occupation[occupation]"],
        ),
        (
            "The liberation of Lachin was celebrated.",
            &["karabakh.en/liberation[liberation]"],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(exact_hits(text), *expected, "text {text}");
    }
}

#[test]
fn the_tester_draft_gives_no_finding() {
    // The report that started the exceptions: a citation, a byline, and "busy".
    let text = "استشهد وزير الخارجية الأذربيجاني بتقرير الأمم المتحدة.\n\
                حرره محمد علي، محرر الشؤون الدولية.\n";
    assert_eq!(exact_hits(text), Vec::<String>::new());
    let text = "Azerbaijani officials were occupied with the talks.\n";
    assert_eq!(exact_hits(text), Vec::<String>::new());
}

#[test]
fn exceptions_are_anchored_at_the_hit_and_free_the_words_for_other_terms() {
    let source = r#"
[lexicon]
id = "x"
title = "X"
language = "ar"
version = "1"
description = "x"

[[frames]]
id = "f"
label = "F"

[[terms]]
id = "a"
forms = ["حرر", "تحرير"]
frame = "f"

# right after the hit
[[terms.exceptions]]
followed_by = ' محضرا'

# right before it, for one form only
[[terms.exceptions]]
forms = ["تحرير"]
preceded_by = 'رئيس '

# both sides must match
[[terms.exceptions]]
preceded_by = 'قال '
followed_by = ' امس'

[[terms]]
id = "b"
patterns = ['تحرير\w*']
frame = "f"
"#;
    let lexicon = Lexicon::parse("inline.toml", source).unwrap();
    let matcher = Matcher::new(&LexiconSet::new(vec![lexicon]).unwrap()).unwrap();
    let hits = |text: &str| -> Vec<String> {
        matcher
            .analyze(text)
            .hits
            .iter()
            .map(|h| format!("{}[{}]", h.term, h.matched))
            .collect()
    };
    let cases: &[(&str, &[&str])] = &[
        ("حرر", &["a[حرر]"]),
        // after the whole word, suffixes and all; an exception is no hit
        ("حررت محضرا", &[]),
        ("حررت محضرا.", &[]),
        ("حررت المحضر", &["a[حررت]"]),
        ("محضرا حرر", &["a[حرر]"]),
        // before the whole word, proclitics and all
        ("رئيس وتحريرها", &[]),
        // a form the exception does not name
        ("رئيس حرر", &["a[حرر]"]),
        // one side is not enough
        ("قال حرر", &["a[حرر]"]),
        ("حرر امس", &["a[حرر]"]),
        ("قال حرر امس", &[]),
        // the words a form's hit gave up go to another term that matches them
        ("تحرير", &["a[تحرير]"]),
        ("رئيس تحرير", &["b[تحرير]"]),
    ];
    for (text, expected) in cases {
        assert_eq!(hits(text), *expected, "text {text}");
    }
}

/// An exception's context is read near the hit wherever the hit is: deep in a long article it
/// still applies (the search before a hit is bounded, not the whole text before it).
#[test]
fn exceptions_apply_deep_in_a_long_text() {
    let filler = "ذهب الوفد الى المدينة وعاد في المساء. ".repeat(300);
    let edited = format!("{filler}قال رئيس تحريرها إن الصحيفة مستقلة.");
    assert_eq!(exact_hits(&edited), Vec::<String>::new());
    let cited = format!("{filler}واستشهد الوزير بتقرير الامم المتحدة.");
    assert_eq!(exact_hits(&cited), Vec::<String>::new());
    let martyred = format!("{filler}واستشهد الجندي برصاص قناص.");
    assert_eq!(
        exact_hits(&martyred).len(),
        1,
        "{:?}",
        exact_hits(&martyred)
    );
}

/// Leaving out the actor mentions changes nothing else: the same hits, with their sides and
/// actors, on every seed and on a text whose only matches are an actor and a complementizer.
#[test]
fn an_analysis_without_mentions_has_the_same_hits() {
    let extras = Extras {
        words: true,
        mentions: false,
    };
    let names_only = "وصل علييف إلى موسكو، وتبين أن الجيش بقي.";
    let texts = ["000", "001", "002", "003", "004"]
        .map(seed)
        .into_iter()
        .chain([names_only.to_string()]);
    for text in texts {
        let full = bundled().analyze(&text);
        let (bare, words) = bundled().analyze_prepared(&text, None, extras);
        assert_eq!(bare.hits, full.hits);
        assert_eq!(bare.words, full.words);
        assert_eq!(words.map(|w| w.len()), Some(full.words));
        assert!(bare.actors.is_empty());
    }
    let only_names = bundled().analyze(names_only);
    let actors: Vec<&str> = only_names
        .actors
        .iter()
        .map(|a| a.matched.as_str())
        .collect();
    assert_eq!(actors, ["علييف", "موسكو"]);
    assert!(only_names.hits.is_empty());
}
