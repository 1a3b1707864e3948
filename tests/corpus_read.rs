//! The corpus readers on small fixtures: folders with front matter and a manifest, JSONL, the
//! SaudiNewsNet JSON array shape, CSV, field mapping, several inputs in one run, bad input.

// The tables below are tuples of expected values, one row per case: clearer than a struct each.
#![allow(clippy::type_complexity)]

use std::path::PathBuf;

use chrono::NaiveDate;
use framelens::corpus::{
    Article, Corpus, DateSource, FieldMap, Input, LanguageSource, Problem, ReadOptions, Skipped,
    SourceKind, UNKNOWN_OUTLET,
};

const FIXTURES: &str = "tests/fixtures/corpus";

fn read(inputs: &[&str], fields: FieldMap) -> Corpus {
    Corpus::read(&ReadOptions {
        inputs: inputs
            .iter()
            .map(|p| Input::Path(PathBuf::from(format!("{FIXTURES}/{p}"))))
            .collect(),
        fields,
        ..ReadOptions::default()
    })
}

fn by_id<'a>(corpus: &'a Corpus, id: &str) -> &'a Article {
    corpus
        .articles
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no article {id}"))
}

fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

fn metadata(origin: &str, value: &str) -> DateSource {
    DateSource::Metadata {
        origin: origin.to_string(),
        value: value.to_string(),
    }
}

#[test]
fn a_folder_reads_text_files_front_matter_and_the_manifest() {
    let corpus = read(&["folder"], FieldMap::default());
    assert_eq!(corpus.problems, Vec::<Problem>::new());
    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    // File-name order, recursively; the .png is not an input.
    assert_eq!(ids, ["plain", "sub/yaml-front", "toml-front", "undated"]);

    // Outlets and events from the manifest.
    assert_eq!(corpus.outlets["daily"].name, "The Daily Example");
    assert_eq!(corpus.outlets["daily"].country.as_deref(), Some("Nowhere"));
    assert_eq!(corpus.outlets["sahifa"].name, "صحيفة المثال");
    assert_eq!(
        corpus.events["ceasefire-talks"].title.as_deref(),
        Some("Ceasefire talks")
    );

    // Manifest metadata only.
    let plain = by_id(&corpus, "plain");
    assert_eq!(plain.outlet.as_deref(), Some("sahifa"));
    assert_eq!(corpus.outlet_name(plain), "صحيفة المثال");
    assert_eq!(plain.date, date("2020-10-24"));
    assert_eq!(plain.date_source, metadata("corpus.toml", "2020-10-24"));
    assert_eq!(plain.event.as_deref(), Some("ceasefire-talks"));
    assert_eq!(plain.credits, ["AFP"]);
    assert_eq!(plain.notes, ["Date from the manifest."]);
    assert_eq!(plain.title.as_deref(), Some("محادثات وقف إطلاق النار"));
    assert_eq!(plain.source.kind, SourceKind::File);
    assert_eq!(plain.source.path, format!("{FIXTURES}/folder/plain.txt"));
    assert_eq!(plain.source.line, 1);
    assert_eq!(plain.language, "ar");
    assert_eq!(plain.language_source, LanguageSource::Script);
    // The manifest's extra furniture line is dropped, with the repeated title.
    let dropped: Vec<(usize, String)> = plain
        .dropped
        .iter()
        .map(|d| (d.line, d.reason.describe()))
        .collect();
    assert_eq!(
        dropped,
        [
            (3, "repeats the title (line 1)".to_string()),
            (7, "page furniture".to_string())
        ]
    );

    // TOML front matter wins over the manifest for its file; the manifest fills the rest.
    let toml = by_id(&corpus, "toml-front");
    assert_eq!(toml.title.as_deref(), Some("عنوان من المقدمة"));
    assert_eq!(toml.outlet.as_deref(), Some("sahifa"));
    assert_eq!(toml.date, date("2020-11-01"));
    assert_eq!(toml.date_source, metadata("front matter", "2020-11-01"));
    assert_eq!(toml.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(toml.notes, ["Manifest note."]);
    // The text starts after the front matter: its line 1 is line 7 of the file.
    assert_eq!(toml.source.line, 7);
    assert_eq!(toml.file_line(3), Some(9));
    assert_eq!(
        toml.text,
        "عنوان من المقدمة\n\nقال الوزير إن المحادثات مستمرة.\n"
    );

    // YAML front matter, read through the field map (`source`, `publish_date`, `lang`).
    let yaml = by_id(&corpus, "sub/yaml-front");
    assert_eq!(yaml.outlet.as_deref(), Some("daily"));
    assert_eq!(yaml.date, date("2020-11-02"));
    assert_eq!(
        yaml.date_source,
        metadata("front matter", "November 2, 2020")
    );
    assert_eq!(yaml.language, "en");
    assert_eq!(yaml.language_source, LanguageSource::Metadata);
    assert_eq!(yaml.credits, ["AP", "Reuters"]);
    assert_eq!(yaml.title.as_deref(), Some("Talks resume"));
    assert_eq!(yaml.source.line, 10);

    // Nothing known: no outlet, no date, language from the script.
    let undated = by_id(&corpus, "undated");
    assert_eq!(undated.outlet, None);
    assert_eq!(corpus.outlet_name(undated), UNKNOWN_OUTLET);
    assert_eq!(undated.date, None);
    assert_eq!(undated.date_source, DateSource::None);
    assert_eq!(undated.language, "en");
}

#[test]
fn jsonl_maps_the_default_field_names() {
    let corpus = read(&["articles.jsonl"], FieldMap::default());
    assert_eq!(corpus.problems, Vec::<Problem>::new());
    let path = format!("{FIXTURES}/articles.jsonl");
    // (id, line, outlet, date, date origin, title, event, language)
    let table: [(
        &str,
        usize,
        &str,
        &str,
        &str,
        Option<&str>,
        Option<&str>,
        &str,
    ); 3] = [
        (
            "j1",
            1,
            "daily",
            "2020-11-01",
            "field date",
            Some("First"),
            None,
            "en",
        ),
        (
            &format!("{path}#3"),
            3,
            "sahifa",
            "2021-11-16",
            "text",
            None,
            None,
            "ar",
        ),
        (
            &format!("{path}#4"),
            4,
            "Wire",
            "2020-11-03",
            "field publish_date",
            None,
            Some("e1"),
            "en",
        ),
    ];
    assert_eq!(corpus.articles.len(), table.len());
    for (article, (id, line, outlet, day, origin, title, event, language)) in
        corpus.articles.iter().zip(table)
    {
        assert_eq!(article.id, id);
        assert_eq!(article.source.line, line, "{id}");
        assert_eq!(article.source.kind, SourceKind::Jsonl);
        assert_eq!(article.outlet.as_deref(), Some(outlet), "{id}");
        assert_eq!(article.date, date(day), "{id}");
        match &article.date_source {
            DateSource::Metadata { origin: o, .. } => assert_eq!(o, origin, "{id}"),
            DateSource::Text { line, matched, .. } => {
                assert_eq!(
                    (origin, *line, matched.as_str()),
                    ("text", 1, "16 نوفمبر 2021")
                )
            }
            DateSource::None => panic!("{id} has no date"),
        }
        // A record's first line becomes its title only when it has no title field and the
        // line is title-sized.
        if title.is_some() {
            assert_eq!(article.title.as_deref(), title, "{id}");
        }
        assert_eq!(article.event.as_deref(), event, "{id}");
        assert_eq!(article.language, language, "{id}");
        assert_eq!(article.file_line(1), None);
    }
    assert_eq!(corpus.articles[0].text, "First article.\nIt has two lines.");
    assert_eq!(
        corpus.articles[0].url.as_deref(),
        Some("https://example.org/1")
    );
}

#[test]
fn field_overrides_map_custom_names() {
    let mut fields = FieldMap::default();
    for spec in [
        "text=article_body",
        "outlet=media",
        "date=published",
        "title=headline",
    ] {
        fields.apply(spec).unwrap();
    }
    let corpus = read(&["mapped.jsonl"], fields);
    assert_eq!(corpus.problems, Vec::<Problem>::new());
    let article = &corpus.articles[0];
    assert_eq!(article.text, "Text under a custom name.");
    assert_eq!(article.outlet.as_deref(), Some("custom-outlet"));
    assert_eq!(article.date, date("2020-10-24"));
    assert_eq!(
        article.date_source,
        metadata("field published", "24/10/2020")
    );
    assert_eq!(article.title.as_deref(), Some("Custom"));

    // Without the overrides the record has no text field.
    let corpus = read(&["mapped.jsonl"], FieldMap::default());
    assert!(corpus.articles.is_empty());
    assert_eq!(
        corpus.problems[0].to_string(),
        format!(
            "{FIXTURES}/mapped.jsonl:1: no text field (looked for text, content, body; map one \
             with --field text=NAME)"
        )
    );
}

#[test]
fn field_override_mistakes_are_named() {
    let mut fields = FieldMap::default();
    assert_eq!(
        fields.apply("text").unwrap_err().to_string(),
        "`text` is not FIELD=NAME (e.g. text=content)"
    );
    assert_eq!(
        fields.apply("author=byline").unwrap_err().to_string(),
        "`author` is not a field; the fields are id, text, outlet, date, title, url, language, event"
    );
}

#[test]
fn the_saudinewsnet_json_array_shape_is_read_element_by_element() {
    let corpus = read(&["saudinewsnet.json"], FieldMap::default());
    assert_eq!(corpus.problems, Vec::<Problem>::new());
    let path = format!("{FIXTURES}/saudinewsnet.json");
    let got: Vec<(String, usize, Option<&str>, Option<NaiveDate>, Option<&str>)> = corpus
        .articles
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.source.line,
                a.outlet.as_deref(),
                a.date,
                a.url.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                format!("{path}#2"),
                2,
                Some("aawsat"),
                date("2015-07-22"),
                Some("http://aawsat.com/home/article/1/example")
            ),
            (
                format!("{path}#10"),
                10,
                Some("alriyadh"),
                date("2015-07-23"),
                Some("http://www.alriyadh.com/2")
            ),
        ]
    );
    let first = &corpus.articles[0];
    assert_eq!(
        first.date_source,
        metadata("field date_extracted", "2015-07-22 00:05:53")
    );
    assert_eq!(first.title.as_deref(), Some("عنوان أول"));
    assert_eq!(
        first.text,
        "توصلت دراسة جديدة إلى نتائج.\nوقال الباحث إن الدراسة مهمة."
    );
    assert_eq!(first.source.kind, SourceKind::Json);
}

/// Python's csv module and Excel end rows with `\r\n`; blank lines and a quoted line break
/// come between these rows. Each row and problem is on the line it starts on.
#[test]
fn csv_lines_are_right_after_crlf_endings_and_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("windows.csv");
    std::fs::write(
        &path,
        "id,text\r\n\r\na,\"سطر\r\nثان\"\r\nb,نص\r\n\r\n\r\nc,نص آخر\r\nd\r\ne,الأخير",
    )
    .unwrap();
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(path.clone())],
        ..ReadOptions::default()
    });
    let problems: Vec<(Option<usize>, &str)> = corpus
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [(Some(9), "row has 1 fields, the header has 2 (too few)")]
    );
    let got: Vec<(&str, usize)> = corpus
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.source.line))
        .collect();
    assert_eq!(got, [("a", 3), ("b", 5), ("c", 8), ("e", 10)]);
}

/// A minified array (`json.dump` without `indent`) has every record on line 1: records without
/// an `id` are told apart by their place on the line, and none is lost as a duplicate.
#[test]
fn records_sharing_a_line_get_distinct_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minified.json");
    std::fs::write(
        &path,
        "[{\"text\": \"الأول\"}, 7, {\"text\": \"الثالث\"}, {\"id\": \"x\", \"text\": \"مع معرف\"},\n\
         {\"text\": \"سطر ثان\"}, {\"text\": \"والأخير\"}]\n",
    )
    .unwrap();
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(path.clone())],
        ..ReadOptions::default()
    });
    let p = path.display().to_string();
    let problems: Vec<(Option<usize>, &str)> = corpus
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(problems, [(Some(1), "a number is not an article object")]);
    let got: Vec<(&str, usize, &str)> = corpus
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.source.line, a.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (format!("{p}#1").as_str(), 1, "الأول"),
            (&format!("{p}#1.3"), 1, "الثالث"),
            ("x", 1, "مع معرف"),
            (&format!("{p}#2"), 2, "سطر ثان"),
            (&format!("{p}#2.2"), 2, "والأخير"),
        ]
    );
}

#[test]
fn csv_rows_with_a_header() {
    let corpus = read(&["articles.csv"], FieldMap::default());
    assert_eq!(corpus.problems, Vec::<Problem>::new());
    let got: Vec<(
        &str,
        usize,
        &str,
        Option<&str>,
        Option<NaiveDate>,
        Option<&str>,
    )> = corpus
        .articles
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.source.line,
                a.text.as_str(),
                a.outlet.as_deref(),
                a.date,
                a.url.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "c1",
                2,
                "نص أول, مع فاصلة.",
                Some("sahifa"),
                date("2020-10-24"),
                Some("https://example.org/c1")
            ),
            (
                "c2",
                3,
                "A text\non two lines.",
                Some("daily"),
                date("2020-11-02"),
                None
            ),
        ]
    );
}

#[test]
fn several_inputs_of_different_kinds_in_one_run() {
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![
            Input::Bundled,
            Input::Path(format!("{FIXTURES}/folder").into()),
            Input::Path(format!("{FIXTURES}/articles.jsonl").into()),
            Input::Path(format!("{FIXTURES}/saudinewsnet.json").into()),
            Input::Path(format!("{FIXTURES}/articles.csv").into()),
            Input::Path(format!("{FIXTURES}/folder/undated.txt").into()),
        ],
        ..ReadOptions::default()
    });
    let kinds: Vec<SourceKind> = corpus.articles.iter().map(|a| a.source.kind).collect();
    use SourceKind::*;
    assert_eq!(
        kinds,
        [
            Bundled, Bundled, Bundled, Bundled, Bundled, File, File, File, File, Jsonl, Jsonl,
            Jsonl, Json, Json, Csv, Csv
        ]
    );
    // The single file is in the folder given before: not read twice, and said so.
    assert_eq!(corpus.problems.len(), 1);
    assert_eq!(
        corpus.problems[0].to_string(),
        format!(
            "{FIXTURES}/folder/undated.txt: is in the folder {FIXTURES}/folder, given before; not \
             read again, so that its articles count once"
        )
    );
    // Outlets of both manifests.
    assert!(corpus.outlets.contains_key("ansar-allah"));
    assert!(corpus.outlets.contains_key("daily"));
}

#[test]
fn a_folder_of_record_files_reads_them_too() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["articles.jsonl", "saudinewsnet.json", "articles.csv"] {
        std::fs::copy(format!("{FIXTURES}/{name}"), dir.path().join(name)).unwrap();
    }
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(dir.path().to_path_buf())],
        ..ReadOptions::default()
    });
    assert_eq!(corpus.problems, Vec::<Problem>::new());
    assert_eq!(corpus.articles.len(), 7);
}

/// Each bad input gives its message at its place, and the good inputs around it are read.
#[test]
fn bad_inputs_are_reported_with_file_and_line_and_the_rest_is_read() {
    let bad = format!("{FIXTURES}/bad");
    let corpus = read(
        &[
            "bad/latin1.txt",
            "bad/utf16.txt",
            "bad/empty.txt",
            "bad/bad.jsonl",
            "bad/short.csv",
            "bad/missing.jsonl",
            "bad/notes.docx",
        ],
        FieldMap::default(),
    );
    let problems: Vec<(String, Skipped)> = corpus
        .problems
        .iter()
        .map(|p| (p.to_string(), p.skipped))
        .collect();
    assert_eq!(
        problems,
        [
            (
                format!(
                    "{bad}/latin1.txt:1: not UTF-8 text (byte 0xE9 at column 4); convert the \
                     file to UTF-8"
                ),
                Skipped::Article
            ),
            (
                format!(
                    "{bad}/utf16.txt:1: UTF-16 text (it starts with a UTF-16 byte-order mark), \
                     not UTF-8; save the file as UTF-8"
                ),
                Skipped::Article
            ),
            (format!("{bad}/empty.txt: empty file"), Skipped::Article),
            (
                format!("{bad}/bad.jsonl:2: not JSON: EOF while parsing an object (column 21)"),
                Skipped::Article
            ),
            (
                format!(
                    "{bad}/bad.jsonl:3: no text field (looked for text, content, body; map one \
                     with --field text=NAME)"
                ),
                Skipped::Article
            ),
            (
                format!("{bad}/short.csv:3: row has 2 fields, the header has 3 (too few)"),
                Skipped::Article
            ),
            (
                format!("{bad}/missing.jsonl: cannot read: No such file or directory (os error 2)"),
                Skipped::File
            ),
            (
                format!("{bad}/notes.docx: cannot read: No such file or directory (os error 2)"),
                Skipped::File
            ),
        ]
    );
    let texts: Vec<&str> = corpus.articles.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "A good first record.",
            "A good last record.",
            "A good row.",
            "Another good row."
        ]
    );
}

#[test]
fn strict_stops_at_the_first_problem() {
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![
            Input::Path(format!("{FIXTURES}/bad/bad.jsonl").into()),
            Input::Path(format!("{FIXTURES}/articles.csv").into()),
        ],
        strict: true,
        ..ReadOptions::default()
    });
    assert_eq!(corpus.problems.len(), 1);
    assert_eq!(corpus.problems[0].line, Some(2));
    // What came before the problem was read; nothing after it.
    assert_eq!(corpus.articles.len(), 1);
}

#[test]
fn an_unknown_kind_of_file_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.docx");
    std::fs::write(&path, "x").unwrap();
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(path.clone())],
        ..ReadOptions::default()
    });
    assert_eq!(
        corpus.problems[0].message,
        "not a corpus input: expected a folder or a .txt, .md, .jsonl, .ndjson, .json, .csv or \
         .tsv file"
    );
}

/// Table of broken manifests and front matter: each is reported at its line.
#[test]
fn metadata_mistakes_are_located() {
    // (file name, content, expected problem after the path, what was skipped)
    let cases: &[(&str, &str, &str, Skipped)] = &[
        (
            "corpus.toml",
            "[outlets.a]\nname = \"A\"\nfavours = 1\n",
            ":3: invalid manifest: unknown field `favours`, expected one of `name`, `country`, \
             `language`, `notes`; the folder was not read",
            Skipped::File,
        ),
        (
            "corpus.toml",
            "[files.\"a.txt\"]\ndate = \"last week\"\n",
            ":2: `last week` is not a date (files.\"a.txt\"); the text's date is used",
            Skipped::Value,
        ),
        (
            "corpus.toml",
            "[files.\"a.txt\"]\nevent = \"nowhere\"\n",
            ":2: event `nowhere` is not defined under [events]; it is used as an id",
            Skipped::Value,
        ),
        (
            "corpus.toml",
            "[files.\"gone.txt\"]\noutlet = \"x\"\n",
            ":1: files.\"gone.txt\" names no .txt or .md file in the folder",
            Skipped::Value,
        ),
        (
            "b.txt",
            "+++\ntitle = \"x\"\nText never reached.\n",
            ":1: front matter opened with `+++` is never closed",
            Skipped::Article,
        ),
        (
            "b.txt",
            "+++\ntitle = \"x\"\ndate = = 3\n+++\nText.\n",
            ":3: front matter is not valid TOML: extra `=`, expected nothing",
            Skipped::Article,
        ),
        (
            "b.md",
            "---\ntitle: [unclosed\n---\nText.\n",
            ":3: front matter is not valid YAML",
            Skipped::Article,
        ),
        (
            "b.md",
            "---\ndate: someday\n---\nText.\n",
            ":2: front matter date `someday` is not a date; the text's date is used",
            Skipped::Value,
        ),
        (
            "b.txt",
            "+++\ntitle = \"only front matter\"\n+++\n\n",
            ": no text after the front matter",
            Skipped::Article,
        ),
    ];
    for (name, content, expected, skipped) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "An article.\n").unwrap();
        std::fs::write(dir.path().join(name), content).unwrap();
        let corpus = Corpus::read(&ReadOptions {
            inputs: vec![Input::Path(dir.path().to_path_buf())],
            ..ReadOptions::default()
        });
        let problem = corpus
            .problems
            .first()
            .unwrap_or_else(|| panic!("no problem for {name}: {content}"));
        let shown = problem.to_string();
        let expected = format!("{}{expected}", dir.path().join(name).display());
        assert!(
            shown.starts_with(&expected),
            "{name}: {content}\n got: {shown}\nwant: {expected}"
        );
        assert_eq!(problem.skipped, *skipped, "{shown}");
        assert_eq!(corpus.problems.len(), 1, "{:?}", corpus.problems);
    }
}

/// The real SaudiNewsNet corpus, when ../shared is present: one ZIP, unzipped to a temporary
/// folder, read completely (every array element is an article or a reported problem).
#[test]
fn reads_a_real_saudinewsnet_zip_when_present() {
    let zip_path = PathBuf::from("../shared/corpora/saudinewsnet/2015-07-23.zip");
    if !zip_path.exists() {
        eprintln!("skipped: {} is not present", zip_path.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    archive.extract(dir.path()).unwrap();
    let json = dir.path().join("2015-07-23.json");
    let elements: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let empty = elements
        .iter()
        .filter(|e| e["content"].as_str().is_none_or(|c| c.trim().is_empty()))
        .count();

    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(json)],
        ..ReadOptions::default()
    });
    assert_eq!(
        corpus.articles.len() + corpus.problems.len(),
        elements.len()
    );
    assert_eq!(corpus.problems.len(), empty);
    assert!(
        corpus
            .problems
            .iter()
            .all(|p| p.message == "field `content` is empty")
    );
    for (article, element) in corpus.articles.iter().zip(
        elements
            .iter()
            .filter(|e| e["content"].as_str().is_some_and(|c| !c.trim().is_empty())),
    ) {
        assert_eq!(article.outlet.as_deref(), element["source"].as_str());
        let stamp = element["date_extracted"].as_str().unwrap();
        assert_eq!(article.date.unwrap().to_string(), stamp[..10]);
        assert_eq!(
            article.original_text(),
            element["content"].as_str().unwrap()
        );
    }
}

/// Table of broken record files: (file name, bytes, expected problems after the path, texts
/// still read).
#[test]
fn record_file_problems_are_located_and_the_good_records_kept() {
    let cases: &[(&str, &[u8], &[&str], &[&str])] = &[
        (
            "a.json",
            b"[\n  {\"text\": \"one\"},\n  42,\n  \"two\",\n  {\"text\": \"three\"}\n]\n",
            &[
                ":3: a number is not an article object",
                ":4: a string is not an article object",
            ],
            &["one", "three"],
        ),
        (
            "a.json",
            b"[\n  {\"text\": \"one\"},\n  {\"text\": \"two\",\n   \"title\" \"x\"},\n  {\"text\": \"three\"}\n]\n",
            &[":4: invalid JSON: expected `:` (column 12); the rest of the file was not read"],
            &["one"],
        ),
        (
            "a.json",
            b"[\n  {\"text\": \"one\"}\n  {\"text\": \"two\"}\n]\n",
            &[
                ":3: expected `,` or `]` between articles, found `{`; the rest of the file was \
                 not read",
            ],
            &["one"],
        ),
        (
            "a.json",
            b"[\n  {\"text\": \"one\"},\n",
            &[":3: the array is never closed (`]` missing); the file may be cut short"],
            &["one"],
        ),
        (
            "a.json",
            b"[{\"text\": \"one\"}]\n[{\"text\": \"two\"}]\n",
            &[":2: text after the closing `]` was not read"],
            &["one"],
        ),
        ("a.json", b"  \n", &[": empty file"], &[]),
        (
            "a.json",
            b"{\"text\": \"one\"}\n{\"text\": \"two\"}\n",
            &[],
            &["one", "two"],
        ),
        (
            "a.jsonl",
            b"{\"text\": \"one\"}\n[1, 2]\n{\"text\": \"caf\xe9\"}\n{\"text\": 7}\n{\"text\": \"\"}\n{\"text\": \"two\", \"title\": [\"x\"]}\n",
            &[
                ":2: an array is not an article object",
                ":3: not UTF-8 text (byte 0xE9 at column 14); convert the file to UTF-8",
                ":4: field `text` is a number, not text",
                ":5: field `text` is empty",
                ":6: field `title` is an array, not text; ignored",
            ],
            &["one", "two"],
        ),
        ("a.jsonl", b"", &[": empty file"], &[]),
        (
            "a.csv",
            b"text,outlet\none,x\ntwo,x,extra\nthree,x\n",
            &[":3: row has 3 fields, the header has 2 (too many)"],
            &["one", "three"],
        ),
        (
            "a.csv",
            b"body_text,outlet\none,x\n",
            &[
                ":1: no text column in the header (looked for text, content, body; map one with \
                 --field text=NAME)",
            ],
            &[],
        ),
        (
            "a.csv",
            b"text,date\none,yesterday\n",
            &[":2: field `date`: `yesterday` is not a date; the text's date is used"],
            &["one"],
        ),
        ("a.csv", b"", &[": empty file"], &[]),
        (
            "a.tsv",
            b"text\toutlet\none, with a comma\tx\n",
            &[],
            &["one, with a comma"],
        ),
    ];
    for (name, bytes, problems, texts) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let corpus = Corpus::read(&ReadOptions {
            inputs: vec![Input::Path(path.clone())],
            ..ReadOptions::default()
        });
        let shown: Vec<String> = corpus.problems.iter().map(|p| p.to_string()).collect();
        let want: Vec<String> = problems
            .iter()
            .map(|p| format!("{}{p}", path.display()))
            .collect();
        let input = String::from_utf8_lossy(bytes);
        assert_eq!(shown, want, "{name}: {input}");
        let got: Vec<&str> = corpus.articles.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(got, *texts, "{name}: {input}");
    }
}

/// The bundled corpus is the `seeds/` folder: the same files, and read from disk it gives the
/// same articles.
#[test]
fn the_bundled_corpus_is_the_seeds_folder() {
    let mut on_disk: Vec<String> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    on_disk.sort();
    let bundled: Vec<&str> = framelens::corpus::bundled::FILES
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(on_disk, bundled);
    for (name, text) in framelens::corpus::bundled::FILES {
        assert_eq!(
            std::fs::read_to_string(format!("seeds/{name}")).unwrap(),
            *text
        );
    }
    assert_eq!(
        std::fs::read_to_string("seeds/corpus.toml").unwrap(),
        framelens::corpus::bundled::MANIFEST
    );

    let bundled = Corpus::read(&ReadOptions::default());
    let disk = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path("seeds".into())],
        ..ReadOptions::default()
    });
    assert_eq!(disk.problems, Vec::<Problem>::new());
    assert_eq!(disk.outlets, bundled.outlets);
    assert_eq!(disk.events, bundled.events);
    for (a, b) in disk.articles.iter().zip(&bundled.articles) {
        assert_eq!(a.source.path, b.source.path);
        assert_eq!(a.source.kind, SourceKind::File);
        assert_eq!(b.source.kind, SourceKind::Bundled);
        let same_but_kind = Article {
            source: b.source.clone(),
            ..a.clone()
        };
        assert_eq!(&same_but_kind, b);
    }
}

/// Articles are plain data for later stages' JSON: the shape of one seed.
#[test]
fn an_article_serializes_to_json() {
    let corpus = Corpus::read(&ReadOptions::default());
    let json = serde_json::to_value(&corpus.articles[3]).unwrap();
    assert_eq!(json["id"], "003_f3f23a5f4c908b16");
    assert_eq!(json["source"]["path"], "seeds/003_f3f23a5f4c908b16.txt");
    assert_eq!(json["source"]["line"], 1);
    assert_eq!(json["source"]["kind"], "bundled");
    assert_eq!(json["outlet"], "unnamed-afp");
    assert_eq!(json["date"], "2020-11-01");
    assert_eq!(json["date_source"]["from"], "metadata");
    assert_eq!(json["date_source"]["origin"], "corpus.toml");
    assert_eq!(json["language"], "ar");
    assert_eq!(json["language_source"], "metadata");
    assert_eq!(json["event"], "2020-11-01-armenia-asks-russia");
    assert_eq!(json["credits"][0], "AFP");
    assert_eq!(json["dropped"][0]["line"], 3);
    assert_eq!(json["dropped"][0]["reason"], "pull-quote");
    assert_eq!(json["dropped"][0]["covered"], 11);
    assert_eq!(json["dropped"][0]["words"], 14);
    assert_eq!(json["dropped"][1]["reason"], "caption");
    let repeated = serde_json::to_value(&corpus.articles[4].dropped[0]).unwrap();
    assert_eq!(
        repeated,
        serde_json::json!({
            "line": 5,
            "text": "قصف متبادل بين أذربيجان وأرمينيا",
            "reason": "repeated-title",
            "of_line": 1
        })
    );
    let problem = Problem {
        path: "a.jsonl".to_string(),
        line: Some(2),
        message: "not JSON".to_string(),
        skipped: Skipped::Article,
    };
    assert_eq!(
        serde_json::to_string(&problem).unwrap(),
        r#"{"path":"a.jsonl","line":2,"message":"not JSON","skipped":"article"}"#
    );
}

/// A manifest entry for a file that cannot be read is not reported as naming no file, and a
/// byte-order mark does not stop a file from being read.
#[test]
fn unreadable_files_keep_their_manifest_entry_and_boms_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("corpus.toml"),
        "[files.\"bad.txt\"]\noutlet = \"x\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"caf\xe9\n").unwrap();
    std::fs::write(dir.path().join("bom.txt"), "\u{feff}Title\n\nBody.\n").unwrap();
    std::fs::write(dir.path().join("bom.csv"), "\u{feff}text,outlet\nRow.,x\n").unwrap();
    std::fs::write(
        dir.path().join("bom.jsonl"),
        "\u{feff}{\"text\": \"Line.\"}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bom.json"),
        "\u{feff}[{\"text\": \"Element.\"}]\n",
    )
    .unwrap();
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(dir.path().to_path_buf())],
        ..ReadOptions::default()
    });
    let problems: Vec<String> = corpus.problems.iter().map(|p| p.message.clone()).collect();
    assert_eq!(
        problems,
        ["not UTF-8 text (byte 0xE9 at column 4); convert the file to UTF-8"]
    );
    let texts: Vec<&str> = corpus.articles.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["Row.", "Element.", "Line.", "Title\n\nBody.\n"]);
    assert_eq!(corpus.articles[0].outlet.as_deref(), Some("x"));
}

/// Symbolic links in a corpus folder are followed, a broken one is a problem, and an aggregate's
/// stamps list the files the reader read: not hidden files, nor files of other kinds.
#[cfg(unix)]
#[test]
fn folder_symlinks_are_followed_and_only_read_files_are_stamped() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let (corpus_dir, elsewhere) = (dir.path().join("corpus"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(corpus_dir.join(".hidden")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(corpus_dir.join("a.txt"), "The mercenaries came.").unwrap();
    std::fs::write(corpus_dir.join("README"), "not an input").unwrap();
    std::fs::write(corpus_dir.join(".hidden/h.txt"), "hidden").unwrap();
    std::fs::write(elsewhere.join("b.txt"), "Shushi was shelled.").unwrap();
    symlink(&elsewhere, corpus_dir.join("linked")).unwrap();
    symlink(corpus_dir.join("a.txt"), corpus_dir.join("same.txt")).unwrap();
    symlink(dir.path().join("nowhere"), corpus_dir.join("broken.txt")).unwrap();
    let inputs = vec![Input::Path(corpus_dir.clone())];
    let corpus = Corpus::read(&ReadOptions {
        inputs: inputs.clone(),
        ..ReadOptions::default()
    });
    let root = corpus_dir.display();
    let problems: Vec<String> = corpus.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [format!(
            "{root}/broken.txt: cannot read: No such file or directory (os error 2)"
        )]
    );
    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "linked/b", "same"]);
    let stamped: Vec<String> = framelens::score::stamp_inputs(&inputs, None)
        .unwrap()
        .into_iter()
        .map(|s| s.path)
        .collect();
    assert_eq!(
        stamped,
        [
            format!("{root}/a.txt"),
            format!("{root}/linked/b.txt"),
            format!("{root}/same.txt")
        ]
    );
}

/// A quote never closed would make every later row part of one field, credited to the first
/// row's outlet: the rows before it are read, and it is a problem that ends the file. Quotes
/// inside an unquoted field, and doubled quotes inside a quoted one, are text.
#[test]
fn an_unclosed_csv_quote_is_a_problem_not_one_long_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scraped.csv");
    std::fs::write(
        &path,
        "id,outlet,text\n\
         1,north,5\" guns and \"more\"\n\
         2,north,\"He said \"\"no\"\",\nthen left\"\n\
         3,north,\"The mercenaries came\n\
         4,south,Shushi again\n\
         5,south,Artsakh here\n",
    )
    .unwrap();
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(path.clone())],
        ..ReadOptions::default()
    });
    let problems: Vec<(Option<usize>, &str, Skipped)> = corpus
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str(), p.skipped))
        .collect();
    assert_eq!(
        problems,
        [(
            Some(5),
            "a quoted field on this row is never closed (a `\"` missing), so every line after \
             it would be part of it; the rest of the file was not read",
            Skipped::RestOfFile
        )]
    );
    let got: Vec<(&str, &str)> = corpus
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1", "5\" guns and \"more\""),
            ("2", "He said \"no\",\nthen left")
        ]
    );
}

/// A `.json` file of one pretty-printed article (what news scrapers write), or of several
/// one after another, is read object by object; a `.json` file of one object per line is still
/// JSONL, where one bad line does not end the file.
#[test]
fn json_files_of_pretty_printed_objects_are_read_object_by_object() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.json");
    std::fs::write(
        &one,
        "\u{FEFF}{\n    \"title\": \"T\",\n    \"text\": \"The mercenaries came.\"\n}\n",
    )
    .unwrap();
    let several = dir.path().join("several.json");
    std::fs::write(
        &several,
        "{\n \"id\": \"s1\",\n \"text\": \"الأول\"\n}\n{\"text\": \"الثاني\"}\n\n{\n \"text\": \n",
    )
    .unwrap();
    let lines = dir.path().join("lines.json");
    std::fs::write(
        &lines,
        "{\"id\": \"l1\", \"text\": \"سطر\"}\n{\"id\": \n{\"id\": \"l3\", \"text\": \"آخر\"}\n",
    )
    .unwrap();
    let corpus = Corpus::read(&ReadOptions {
        inputs: [&one, &several, &lines]
            .into_iter()
            .map(|p| Input::Path(p.clone()))
            .collect(),
        ..ReadOptions::default()
    });
    let got: Vec<(String, usize, &str)> = corpus
        .articles
        .iter()
        .map(|a| (a.id.clone(), a.source.line, a.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (format!("{}#1", one.display()), 1, "The mercenaries came."),
            ("s1".to_string(), 1, "الأول"),
            (format!("{}#5", several.display()), 5, "الثاني"),
            ("l1".to_string(), 1, "سطر"),
            ("l3".to_string(), 3, "آخر"),
        ]
    );
    let problems: Vec<String> = corpus.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            format!(
                "{}:9: invalid JSON: EOF while parsing a value (column 0); the rest of the file \
                 was not read",
                several.display()
            ),
            format!(
                "{}:2: not JSON: EOF while parsing a value (column 7)",
                lines.display()
            ),
        ]
    );
}

/// Two folders that each hold a `001.txt` name two articles `001`: the second is a problem
/// that says why and what to do.
#[test]
fn same_named_files_in_two_folders_clash_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, text) in [
        ("north", "The mercenaries came."),
        ("south", "Shushi was shelled."),
    ] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join("001.txt"), text).unwrap();
    }
    let corpus = Corpus::read(&ReadOptions {
        inputs: ["north", "south"]
            .iter()
            .map(|f| Input::Path(dir.path().join(f)))
            .collect(),
        ..ReadOptions::default()
    });
    let (north, south) = (
        dir.path().join("north/001.txt"),
        dir.path().join("south/001.txt"),
    );
    assert_eq!(corpus.articles.len(), 1);
    let problems: Vec<String> = corpus.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [format!(
            "{}:1: article id `001` was already read from {}; this article is skipped; a file in \
             a folder is named by its path in that folder: read the folders' parent folder, or \
             give the files distinct names",
            south.display(),
            north.display()
        )]
    );
}

/// A file given twice under two spellings would give its records twice under other ids
/// (`path#line`): the second is a problem, not read.
#[test]
fn an_input_given_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noid.jsonl");
    std::fs::write(&path, "{\"text\": \"The mercenaries came.\"}\n").unwrap();
    let again = dir.path().join(".").join("noid.jsonl");
    let corpus = Corpus::read(&ReadOptions {
        inputs: vec![Input::Path(path.clone()), Input::Path(again.clone())],
        ..ReadOptions::default()
    });
    assert_eq!(corpus.articles.len(), 1);
    let problems: Vec<String> = corpus.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [format!(
            "{}: is given twice (first as {}); not read again, so that its articles count once",
            again.display(),
            path.display()
        )]
    );
}
