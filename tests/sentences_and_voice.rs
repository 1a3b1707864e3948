//! Sentences, paragraphs, quotes and reported clauses on small texts, through the matcher with the
//! shipped lexicons (and the binary, for line endings): where a sentence ends decides whose voice
//! a word is in and which actor a verb resolves to. Tables of inputs and exact expectations; add
//! a line when a bug is found.

use assert_cmd::cargo::cargo_bin_cmd;
use framelens::matcher::{Analysis, Hit};
use framelens::text::Voice;
use serde_json::Value;

mod common;
use common::{bundled, hit_list};

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// The `n`th hit (0-based) of `term` in `analysis`.
fn nth<'a>(analysis: &'a Analysis, term: &str, n: usize) -> &'a Hit {
    analysis
        .hits
        .iter()
        .filter(|h| h.term.as_ref() == term)
        .nth(n)
        .unwrap_or_else(|| {
            let all = hit_list(analysis);
            panic!("no hit {n} of {term} among {all:?}")
        })
}

/// Line and column (1-based, in characters) of byte `byte` of `text`, counted on their own:
/// a line break ends after `\n`, or after a `\r` that no `\n` follows.
fn line_and_column(text: &str, byte: usize) -> (usize, usize) {
    let break_ends: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')))
        .map(|(i, _)| i + 1)
        .filter(|&end| end <= byte)
        .collect();
    let line_start = break_ends.last().copied().unwrap_or(0);
    (
        break_ends.len() + 1,
        text[line_start..byte].chars().count() + 1,
    )
}

/// Every hit's span is exactly its `matched` in the original text, without line-ending bytes,
/// and its lines and columns are what counting the original gives.
fn assert_placed_exactly(text: &str, analysis: &Analysis) {
    for h in &analysis.hits {
        assert_eq!(&text[h.span()], h.matched, "{text:?}");
        assert!(!h.matched.contains(['\r', '\n']), "{:?}", h.matched);
        assert_eq!(h.start.char, text[..h.start.byte].chars().count());
        assert_eq!(h.end.char, text[..h.end.byte].chars().count());
        let (line, column) = line_and_column(text, h.start.byte);
        assert_eq!((h.start.line, h.start.column), (line, column), "{text:?}");
        let (line, column) = line_and_column(text, h.end.byte);
        assert_eq!((h.end.line, h.end.column), (line, column), "{text:?}");
    }
}

#[test]
fn windows_and_old_mac_line_endings_are_line_breaks_outside_every_match() {
    // (text, term, which hit, matched, line, column, voice)
    let cases = [
        (
            "وصل المرتزقة\r\nوقال باشينيان إن المرتزقة يقاتلون.\r\n",
            "mercenaries",
            0,
            "المرتزقة",
            1,
            5,
            Voice::Own,
        ),
        (
            "وصل المرتزقة\r\nوقال باشينيان إن المرتزقة يقاتلون.\r\n",
            "mercenaries",
            1,
            "المرتزقة",
            2,
            18,
            Voice::Reported,
        ),
        (
            "Mercenaries arrived in Baku\r\nThe mercenaries\r\n",
            "mercenaries",
            1,
            "mercenaries",
            2,
            5,
            Voice::Own,
        ),
        (
            "وصل المرتزقة\rثم غادروا\r",
            "mercenaries",
            0,
            "المرتزقة",
            1,
            5,
            Voice::Own,
        ),
        (
            "عنوان\rوصل المرتزقة \r\n",
            "mercenaries",
            0,
            "المرتزقة",
            2,
            5,
            Voice::Own,
        ),
        // A bare `\r` ends a line, and so a sentence, like `\n`: the reported clause stops there.
        (
            "وقال باشينيان إن المرتزقة وصلوا\rالمرتزقة يقاتلون",
            "mercenaries",
            1,
            "المرتزقة",
            2,
            1,
            Voice::Own,
        ),
    ];
    for (text, term, n, matched, line, column, voice) in cases {
        let analysis = bundled().analyze(text);
        assert_placed_exactly(text, &analysis);
        let hit = nth(&analysis, term, n);
        assert_eq!(
            (
                hit.matched.as_str(),
                hit.start.line,
                hit.start.column,
                hit.voice
            ),
            (matched, line, column, voice),
            "{text:?}"
        );
    }
}

#[test]
fn score_and_check_place_hits_exactly_in_crlf_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "crlf.txt",
            "وصل المرتزقة\r\nوقال باشينيان إن المرتزقة يقاتلون.\r\n",
        ),
        ("cr.txt", "وصل المرتزقة\rثم غادروا\r"),
        (
            "en.txt",
            "Mercenaries arrived in Baku\r\nThe mercenaries\r\n",
        ),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = framelens()
            .args(["score", "--no-clean"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{name}");
        let record: Value = serde_json::from_slice(&output.stdout).unwrap();
        let hits = record["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{name}");
        for h in hits {
            let start = h["byte_start"].as_u64().unwrap() as usize;
            let end = h["byte_end"].as_u64().unwrap() as usize;
            assert_eq!(&text[start..end], h["matched"], "{name}");
            assert!(!h["matched"].as_str().unwrap().contains('\r'), "{name}");
            let char_end = h["char_end"].as_u64().unwrap() as usize;
            assert_eq!(char_end, text[..end].chars().count(), "{name}");
            let (line, column) = line_and_column(text, start);
            assert_eq!(
                (h["line"].as_u64(), h["column"].as_u64()),
                (Some(line as u64), Some(column as u64)),
                "{name}"
            );
        }
    }

    // The editor's view: lines, columns (characters and UTF-16) and the excerpt.
    let draft = "\u{FEFF}وصل المرتزقة.\r\n\r\nثم المرتزقة\r\nنص آخر\r\n";
    let path = dir.path().join("draft.md");
    std::fs::write(&path, draft).unwrap();
    let output = framelens()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    let places: Vec<(u64, u64, u64, u64, &str)> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
                f["utf16_end_column"].as_u64().unwrap(),
                f["matched"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [(1, 5, 13, 13, "المرتزقة"), (3, 4, 12, 12, "المرتزقة")]
    );
    let output = framelens().arg("check").arg(&path).output().unwrap();
    let human = String::from_utf8(output.stdout).unwrap();
    assert!(human.contains("ثم [المرتزقة]\n"), "{human}");
    assert!(!human.contains('\r'), "{human:?}");
}

/// (text, term, which hit, voice, actor id)
type VoiceCase<'a> = (&'a str, &'a str, usize, Voice, Option<&'a str>);

fn assert_voices(cases: &[VoiceCase]) {
    for &(text, term, n, voice, actor) in cases {
        let analysis = bundled().analyze(text);
        let hit = nth(&analysis, term, n);
        assert_eq!(
            (hit.voice, hit.actor.as_ref().map(|a| a.id.as_ref())),
            (voice, actor),
            "{term} {n} in {text:?}"
        );
    }
}

#[test]
fn a_single_line_break_inside_a_paragraph_does_not_end_the_sentence() {
    assert_voices(&[
        // Blank lines separate the paragraphs: a single line break is a soft wrap.
        (
            "وقال وزير الخارجية الأرميني إن\nالمرتزقة السوريين وصلوا إلى الجبهة.\n\nوصل المرتزقة.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        (
            "وقال وزير الخارجية الأرميني إن\nالمرتزقة السوريين وصلوا إلى الجبهة.\n\nوصل المرتزقة.",
            "mercenaries",
            1,
            Voice::Own,
            None,
        ),
        (
            "وقال وزير الخارجية الأرميني\r\nإن المرتزقة السوريين وصلوا.\r\n\r\nثم غادر.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        (
            "شيعت أرمينيا\nالشهداء في المقبرة.\n\nوانتهى التشييع.",
            "martyr",
            0,
            Voice::Own,
            Some("armenia"),
        ),
        // No blank line anywhere: each line is a paragraph (scraped news, a headline on its
        // own line), and a line break ends the sentence.
        (
            "وقال وزير الخارجية الأرميني إن\nالمرتزقة السوريين وصلوا إلى الجبهة.",
            "mercenaries",
            0,
            Voice::Own,
            None,
        ),
        (
            "شيعت أرمينيا\nالشهداء في المقبرة.",
            "martyr",
            0,
            Voice::Own,
            None,
        ),
        // A blank line only after the last paragraph separates nothing.
        (
            "وقال باشينيان إن\nالمرتزقة وصلوا\n\n \n",
            "mercenaries",
            0,
            Voice::Own,
            None,
        ),
        // An unclosed quote ends at its paragraph: its line, when there are no blank lines.
        (
            "قال باشينيان: \"المرتزقة وصلوا\nالمرتزقة يقاتلون.",
            "mercenaries",
            1,
            Voice::Own,
            None,
        ),
        (
            "قال باشينيان: \"المرتزقة وصلوا\nالمرتزقة يقاتلون.\n\nثم غادر.",
            "mercenaries",
            1,
            Voice::Quoted,
            None,
        ),
    ]);
    // The attribution verb finds its speaker across the soft wrap.
    let text = "وقال\nوزير الخارجية الأرميني إن المرتزقة وصلوا.\n\nثم غادر.";
    let analysis = bundled().analyze(text);
    let said = nth(&analysis, "said", 0);
    assert_eq!(said.actor.as_ref().map(|a| a.id.as_ref()), Some("armenia"));
}

#[test]
fn a_single_quote_closed_after_punctuation_quotes_its_words() {
    assert_voices(&[
        (
            "'We reject the re-occupation of our land,' Pashinyan said.",
            "reoccupation",
            0,
            Voice::Quoted,
            None,
        ),
        (
            "'We reject the re-occupation of our land,' Pashinyan said.",
            "say",
            0,
            Voice::Own,
            Some("pashinyan"),
        ),
        (
            "'We can't accept the re-occupation,' Pashinyan said.",
            "reoccupation",
            0,
            Voice::Quoted,
            None,
        ),
        (
            "'The mercenaries,' he said, 'are everywhere.' The mercenaries left.",
            "mercenaries",
            0,
            Voice::Quoted,
            None,
        ),
        (
            "'The mercenaries,' he said, 'are everywhere.' The mercenaries left.",
            "mercenaries",
            1,
            Voice::Own,
            None,
        ),
        (
            "‘We liberated Shusha,’ Aliyev said. Liberation followed.",
            "liberation",
            0,
            Voice::Quoted,
            None,
        ),
        (
            "‘We liberated Shusha,’ Aliyev said. Liberation followed.",
            "liberation",
            1,
            Voice::Own,
            None,
        ),
        (
            "وقال باشينيان: 'المرتزقة وصلوا.' ثم غادر، والمرتزقة باقون.",
            "mercenaries",
            0,
            Voice::Quoted,
            None,
        ),
        (
            "وقال باشينيان: 'المرتزقة وصلوا.' ثم غادر، والمرتزقة باقون.",
            "mercenaries",
            1,
            Voice::Own,
            None,
        ),
        (
            "'المرتزقة وصلوا،' قال باشينيان.",
            "mercenaries",
            0,
            Voice::Quoted,
            None,
        ),
        // Apostrophes open and close nothing.
        (
            "Azerbaijan's troops and the soldiers' mercenaries, don't.",
            "mercenaries",
            0,
            Voice::Own,
            None,
        ),
    ]);
}

#[test]
fn abbreviations_and_initials_keep_the_sentence_and_its_speaker() {
    assert_voices(&[
        (
            "وقال د. باشينيان إن المرتزقة وصلوا.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        (
            "وقال د. باشينيان إن المرتزقة وصلوا.",
            "said",
            0,
            Voice::Own,
            Some("pashinyan"),
        ),
        (
            "وقالت وكالة أ.ف.ب إن المرتزقة وصلوا.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        (
            "وقال اللواء م. حاجييف إن المرتزقة غير موجودين.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        (
            "وقال اللواء م. حاجييف إن المرتزقة غير موجودين.",
            "said",
            0,
            Voice::Own,
            Some("azerbaijani-officials"),
        ),
        (
            "Armenian officials said at 3 p.m. local time that mercenaries had arrived.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        (
            "Officials said it began at 9 a.m. The mercenaries left.",
            "mercenaries",
            0,
            Voice::Own,
            None,
        ),
    ]);
}

#[test]
fn a_colon_after_a_speech_verb_opens_its_speech() {
    assert_voices(&[
        // Direct speech without quote marks, to the end of the sentence.
        (
            "وقال وزير الخارجية الأرميني: المرتزقة وصلوا إلى الجبهة. ثم وصل المرتزقة.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        (
            "وقال وزير الخارجية الأرميني: المرتزقة وصلوا إلى الجبهة. ثم وصل المرتزقة.",
            "mercenaries",
            1,
            Voice::Own,
            None,
        ),
        (
            "Pashinyan said: mercenaries arrived at the front.",
            "mercenaries",
            0,
            Voice::Reported,
            None,
        ),
        // Before a quotation mark the quote is the speech; the outlet goes on after it.
        (
            "وأضاف: «نرفض ذلك»، ووصل المرتزقة إلى الجبهة.",
            "mercenaries",
            0,
            Voice::Own,
            None,
        ),
        // More words before the colon than the rule's gap: not the verb's speech.
        (
            "وقال الرئيس في كلمة طويلة ألقاها أمس أمام البرلمان في العاصمة: المرتزقة وصلوا.",
            "mercenaries",
            0,
            Voice::Own,
            None,
        ),
        // A colon between digits is a time.
        (
            "وقال في 10:30 المرتزقة وصلوا.",
            "mercenaries",
            0,
            Voice::Own,
            None,
        ),
    ]);
}
