//! Distinctive words: the library on a two-outlet fixture with planted words, and
//! `framelens discover` driven as a user would, including the term stubs it writes.
//!
//! The fixture (tests/fixtures/discover/two-outlets.jsonl): 20 short articles per outlet on the
//! same 20 towns. north-daily writes "the regime shelled", buries "martyrs" in 10 articles and
//! has an "uprising" in 8; south-post writes "the government shelled", has people "killed" in
//! 10, blames "terrorists" in 12 (one of them also names "the regime") and has "unrest" in 8.
//! Everything else is shared word for word. planted.en.toml makes regime and martyrs favor the
//! rebels and terrorists the state.

use std::io::Write as _;

use assert_cmd::cargo::cargo_bin_cmd;
use framelens::corpus::{Corpus, Input, ReadOptions};
use framelens::lexicon::{Favors, Lexicon, LexiconSet, LexiconSources};
use framelens::matcher::Matcher;
use framelens::score::discover::{
    self, DiscoverConfig, Discoverer, Discovery, GroupBy, LeftOut, RankConfig,
};
use predicates::prelude::*;

const FIXTURE: &str = "tests/fixtures/discover/two-outlets.jsonl";
const LEXICON: &str = "tests/fixtures/discover/planted.en.toml";

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

fn planted() -> LexiconSet {
    LexiconSet::load(&LexiconSources {
        no_defaults: true,
        paths: vec![LEXICON.into()],
        exclude: Vec::new(),
    })
    .unwrap()
}

fn discover_fixture(by: GroupBy, top: usize) -> Discovery {
    let set = planted();
    let matcher = Matcher::new(&set).unwrap();
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(FIXTURE.into())],
        ..ReadOptions::default()
    });
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    let config = DiscoverConfig::by(by);
    let mut discoverer = Discoverer::new(&matcher, by);
    for article in &corpus.articles {
        discoverer.add(discover::count(&matcher, &config, article));
    }
    let rank = RankConfig {
        top,
        ..RankConfig::default()
    };
    discoverer.rank(&rank, |id| format!("name of {id}"))
}

/// (n-gram, count here, count in the rest, lexicon term) of a group's candidates.
fn candidates<'d>(
    discovery: &'d Discovery,
    group: &str,
) -> Vec<(&'d str, u64, u64, Option<&'d str>)> {
    let group = discovery.groups.iter().find(|g| g.id == group).unwrap();
    group
        .candidates
        .iter()
        .map(|c| {
            (
                c.score.term.as_str(),
                c.score.target_count,
                c.score.reference_count,
                c.lexicon_term.as_deref(),
            )
        })
        .collect()
}

#[test]
fn the_planted_words_rank_first_for_each_outlet() {
    let discovery = discover_fixture(GroupBy::Outlet, 30);
    assert_eq!(discovery.articles, 40);
    assert_eq!(discovery.words, 775);
    assert_eq!(discovery.method.min_count, 2);
    assert_eq!(discovery.language.as_deref(), Some("en"));
    assert!(discovery.left_out.is_empty());
    let ids: Vec<&str> = discovery.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["north-daily", "south-post"]);
    assert_eq!(discovery.groups[0].name, "name of north-daily");
    // Equal counts give equal z-scores, ordered by the n-gram.
    assert_eq!(
        candidates(&discovery, "north-daily"),
        [
            ("regime", 20, 1, Some("planted.en/regime")),
            ("the regime", 20, 1, None),
            ("regime shelled", 20, 0, None),
            ("buried", 10, 0, None),
            ("buried in", 10, 0, None),
            ("martyrs", 10, 0, Some("planted.en/martyrs")),
            ("martyrs were", 10, 0, None),
            ("were buried", 10, 0, None),
            ("the uprising", 8, 0, None),
            ("uprising", 8, 0, None),
        ]
    );
    let south = candidates(&discovery, "south-post");
    assert_eq!(
        south[..4],
        [
            ("government", 20, 0, None),
            ("government shelled", 20, 0, None),
            ("the government", 20, 0, None),
            ("attack", 12, 0, None),
        ]
    );
    assert!(south.contains(&("terrorists", 12, 0, Some("planted.en/terrorists"))));
    assert!(south.contains(&("killed", 10, 0, None)));
    // Nothing shared word for word is distinctive, and z falls down the list.
    for group in &discovery.groups {
        assert!(group.candidates.iter().all(|c| c.score.z > 1.96));
        assert!(
            group
                .candidates
                .windows(2)
                .all(|w| w[0].score.z >= w[1].score.z)
        );
        assert!(!group.candidates.iter().any(|c| c.score.term == "shelled"));
    }
}

#[test]
fn by_side_groups_articles_by_their_own_voice_and_counts_the_rest() {
    let discovery = discover_fixture(GroupBy::Side, 3);
    let groups: Vec<(&str, usize)> = discovery
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.articles))
        .collect();
    // 20 north-daily articles favor the rebels; 11 south-post ones the state; south-01 names
    // both terrorists and the regime (a tie), the 8 without terrorists favor nobody.
    assert_eq!(groups, [("rebels", 20), ("state", 11)]);
    let left_out: Vec<(LeftOut, usize)> = discovery.left_out.clone().into_iter().collect();
    assert_eq!(left_out, [(LeftOut::NoSide, 8), (LeftOut::TiedSides, 1)]);
    assert_eq!(
        candidates(&discovery, "rebels"),
        [
            ("regime", 20, 0, Some("planted.en/regime")),
            ("regime shelled", 20, 0, None),
            ("the regime", 20, 0, None),
        ]
    );
}

#[test]
fn term_stubs_are_a_valid_lexicon_without_the_known_terms() {
    let set = planted();
    for by in [GroupBy::Outlet, GroupBy::Side] {
        let discovery = discover_fixture(by, 10);
        let text = discover::term_stubs(&discovery, &set, &[FIXTURE.to_string()]).unwrap();
        let lexicon = Lexicon::parse("stubs.toml", &text).unwrap();
        assert_eq!(lexicon.meta.id, "discovered");
        assert_eq!(lexicon.meta.version, "0.0.1");
        assert_eq!(lexicon.meta.language.code(), "en");
        assert_eq!(lexicon.meta.sources, [FIXTURE]);
        assert!(lexicon.meta.description.contains("must be curated"));
        let forms: Vec<&str> = lexicon
            .terms
            .iter()
            .flat_map(|t| &t.forms)
            .map(String::as_str)
            .collect();
        // Lexicon terms are comments, not entries.
        let known: Vec<_> = discovery
            .groups
            .iter()
            .flat_map(|g| &g.candidates)
            .filter(|c| c.lexicon_term.is_some())
            .collect();
        assert!(known.len() >= 2, "{by:?}");
        for c in known {
            assert!(
                !forms.contains(&c.score.term.as_str()),
                "{by:?}: {}",
                c.score.term
            );
            let comment = format!(
                "# \"{}\" (z = {:.2}) is already the lexicon term {}\n",
                c.score.term,
                c.score.z,
                c.lexicon_term.as_deref().unwrap()
            );
            assert!(text.contains(&comment), "{comment}");
        }
        assert!(forms.contains(&"the regime") && forms.contains(&"government"));
        let first = &lexicon.terms[0];
        assert_eq!(first.id, "candidate-1");
        assert_eq!(first.frame.as_deref(), Some("to-curate"));
        assert!(
            first.explanation.starts_with("TO CURATE: distinctive of "),
            "{}",
            first.explanation
        );
        match by {
            GroupBy::Side => {
                assert_eq!(first.forms, ["regime shelled"]);
                assert_eq!(first.favors, Favors::Side("rebels".into()));
                let sides: Vec<&str> = lexicon.sides.iter().map(|s| s.id.as_str()).collect();
                assert_eq!(sides, ["rebels", "state"]);
            }
            _ => {
                assert_eq!(first.forms, ["the regime"]);
                assert_eq!(first.favors, Favors::Neutral);
                assert!(text.contains("# favors: unknown; distinctive of the outlet name of"));
            }
        }
        // The stubs load beside the lexicons they came from.
        let mut lexicons = set.lexicons().to_vec();
        lexicons.push(lexicon);
        Matcher::new(&LexiconSet::new(lexicons).unwrap()).unwrap();
    }
}

/// Arabic n-grams that differ only by the article are one lexicon form: the second is a
/// comment, so the stubs still load.
#[test]
fn term_stubs_keep_one_entry_per_arabic_form() {
    let set = LexiconSet::bundled().unwrap();
    let matcher = Matcher::new(&set).unwrap();
    let config = DiscoverConfig::by(GroupBy::Outlet);
    let mut discoverer = Discoverer::new(&matcher, GroupBy::Outlet);
    let article = |id: &str, outlet: &str, text: &str| {
        let mut a = Corpus::read(&ReadOptions::default()).articles.remove(0);
        a.id = id.into();
        a.outlet = Some(outlet.into());
        a.text = text.into();
        a
    };
    for i in 0..12 {
        let a = article(
            &format!("a{i}"),
            "a",
            "قصفت الجماعة المسلحة القرية وقالت جماعة مسلحة",
        );
        let b = article(&format!("b{i}"), "b", "قصفت القوات القرية وقالت القوات");
        discoverer.add(discover::count(&matcher, &config, &a));
        discoverer.add(discover::count(&matcher, &config, &b));
    }
    let discovery = discoverer.rank(&RankConfig::default(), str::to_string);
    let text = discover::term_stubs(&discovery, &set, &["x".into()]).unwrap();
    let lexicon = Lexicon::parse("stubs.toml", &text).unwrap();
    let forms: Vec<&str> = lexicon
        .terms
        .iter()
        .flat_map(|t| &t.forms)
        .map(String::as_str)
        .collect();
    assert!(
        forms.contains(&"الجماعه") != forms.contains(&"جماعه"),
        "{forms:?}"
    );
    assert!(text.contains("is the same form as candidate-"), "{text}");
}

#[test]
fn cli_tsv_lists_ranked_candidates() {
    let output = framelens()
        .args([
            "discover", FIXTURE, "--by", "outlet", "--top", "3", "--format", "tsv",
        ])
        .args(["--no-default-lexicons", "--lexicon", LEXICON])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "group",
            "rank",
            "ngram",
            "z",
            "delta",
            "target_count",
            "reference_count",
            "lexicon_term"
        ]
    );
    let kept: Vec<[&str; 6]> = rows[1..]
        .iter()
        .map(|r| [r[0], r[1], r[2], r[5], r[6], r[7]])
        .collect();
    assert_eq!(
        kept,
        [
            ["north-daily", "1", "regime", "20", "1", "planted.en/regime"],
            ["north-daily", "2", "the regime", "20", "1", ""],
            ["north-daily", "3", "regime shelled", "20", "0", ""],
            ["south-post", "1", "government", "20", "0", ""],
            ["south-post", "2", "government shelled", "20", "0", ""],
            ["south-post", "3", "the government", "20", "0", ""],
        ]
    );
    let z: f64 = rows[1][3].parse().unwrap();
    assert!((z - 3.55).abs() < 0.01, "{z}");
}

#[test]
fn cli_by_side_says_what_was_left_out() {
    framelens()
        .args(["discover", FIXTURE, "--by", "side", "--top", "2"])
        .args(["--no-default-lexicons", "--lexicon", LEXICON])
        .assert()
        .code(0)
        .stderr(
            "framelens: 9 articles left out of the comparison by side: 8 with no own-voice hit \
             favoring a side, 1 with own-voice hits tied between sides\n",
        )
        .stdout(predicate::str::contains(
            "\nrebels — Rebel side (20 articles, 350 words)\n  rank       z   delta    here    rest  n-gram\n     1    2.89    2.13      20       0  regime  [lexicon term planted.en/regime]\n",
        ))
        .stdout(predicate::str::contains("\nstate — State side (11 articles, 235 words)\n"));
}

#[test]
fn cli_toml_passes_lexicon_validate_as_printed() {
    let output = framelens()
        .args(["discover", FIXTURE, "--by", "side", "--format", "toml"])
        .args(["--no-default-lexicons", "--lexicon", LEXICON])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("discovered.toml");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(&output.stdout)
        .unwrap();
    framelens()
        .args(["lexicon", "validate"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(discovered 0.0.1, en)"));
}

#[test]
fn cli_events_named_automatic_and_too_few_groups() {
    // The fixture names no events: every article is left out, and one group is too few.
    framelens()
        .args(["discover", FIXTURE, "--by", "event"])
        .args(["--no-default-lexicons", "--lexicon", LEXICON])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "framelens: 40 articles left out of the comparison by event: 40 with no event\n",
        ))
        .stderr(predicate::str::contains(
            "discover compares each event with the rest, but the corpus has 0 event groups",
        ));
    // Grouped automatically, every article has an event.
    let output = framelens()
        .args(["discover", FIXTURE, "--by", "event", "--automatic-events"])
        .args([
            "--format",
            "json",
            "--no-default-lexicons",
            "--lexicon",
            LEXICON,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["articles"], 40);
    assert_eq!(json["left_out"], serde_json::json!({}));
    let groups = json["groups"].as_array().unwrap();
    assert!(groups.len() > 1);
    assert!(
        groups
            .iter()
            .all(|g| g["id"].as_str().unwrap().starts_with("auto-2023-03-"))
    );
    // The seeds' named events: four groups, each with its title.
    let output = framelens()
        .args(["discover", "--by", "event", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "2020-10-01-fifth-day-of-fighting",
            "2020-10-24-stepanakert-shelling",
            "2020-11-01-armenia-asks-russia",
            "2021-11-16-border-clashes"
        ]
    );
    assert_eq!(
        json["groups"][3]["name"],
        "Border clashes of 16 November 2021 and the Russian-brokered ceasefire"
    );
    framelens()
        .args(["discover", "--by", "outlet", "--automatic-events"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--automatic-events goes with --by event",
        ));
}

#[test]
fn cli_top_zero_is_a_usage_mistake() {
    framelens()
        .args(["discover", FIXTURE, "--by", "outlet", "--top", "0"])
        .args(["--no-default-lexicons", "--lexicon", LEXICON])
        .assert()
        .code(2)
        .stdout("")
        .stderr("framelens: --top 0 would list no n-gram: give 1 or more (default 20)\n");
}

#[test]
fn cli_one_outlet_is_nothing_to_compare() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"1\", \"outlet\": \"only\", \"text\": \"The regime shelled the town.\"}\n",
    )
    .unwrap();
    framelens()
        .args(["discover", "--by", "outlet"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "framelens: discover compares each outlet with the rest, but the corpus has 1 \
             outlet group (only): nothing to compare with\n",
        );
}

/// The per-group ranking (corpus sums made once, groups in parallel) gives exactly what
/// ranking each group on its own gives, on the seeds' aggregate (outlets, and outlets within
/// each event).
#[test]
fn ranking_every_group_at_once_equals_ranking_each() {
    use framelens::score::{ScoreOptions, Scorer};
    let set = LexiconSet::bundled().unwrap();
    let matcher = Matcher::new(&set).unwrap();
    let corpus = Corpus::read(&ReadOptions::default());
    let aggregate =
        Scorer::new(&set, &matcher).score_articles(&corpus.articles, &ScoreOptions::default());
    let config = RankConfig {
        min_z: -100.0,
        top: 1000,
        ..RankConfig::default()
    };
    let events: Vec<Option<String>> = aggregate
        .words
        .groups()
        .map(|g| g.event.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for event in events {
        let all = |g: &framelens::score::Group| g.event == event;
        let at_once = discover::distinctive_per_group(&aggregate.words, all, &config, &matcher);
        assert!(!at_once.is_empty());
        for (group, words) in &at_once {
            let each =
                discover::distinctive(&aggregate.words, |g| g == group, all, &config, &matcher);
            assert_eq!(words, &each, "{group:?}");
        }
        if event.is_none() {
            assert_eq!(at_once.len(), 5);
            assert!(at_once.values().all(|w| w.len() > 10));
        }
    }
}
