//! Where a report may be written: a report replaces its folder whole, so the folder must be new,
//! empty, or a previous framelens report holding nothing else, and apart from every input.
//!
//! A previous report is recognised by its `report.json`, whose `schema` is
//! `framelens-report/<version>`, and by holding only what a report writes: the pages, the data
//! files and the `events/`, `outlets/` and `articles/` folders of `.html` pages. A file added to
//! a report folder by hand makes it something else, which a new report must not delete.
//!
//! ```
//! use framelens::report::{Refusal, check_target};
//! let dir = tempfile::tempdir().unwrap();
//! assert!(check_target(&dir.path().join("new")).is_ok());
//! std::fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
//! assert!(matches!(check_target(dir.path()), Err(Refusal::NotAReport { .. })));
//! ```

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::score::figures::FIGURES_SCHEMA;

/// The files a report writes at the top of its folder.
const REPORT_FILES: &[&str] = &[
    "index.html",
    "glossary.html",
    "methodology.html",
    "report.json",
    "articles.csv",
    "hits.csv",
    "outlets.csv",
    "terms.csv",
    "style.css",
    "script.js",
];

/// The folders of pages a report writes; they hold `.html` files only.
const REPORT_FOLDERS: &[&str] = &["events", "outlets", "articles"];

/// Files a file manager leaves in a folder it has shown: opening a report from the file system
/// leaves them, and a re-run must still replace the report.
pub(super) const LITTER: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini"];

/// Why a folder may not receive a report. Nothing has been changed when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The target is a file.
    #[error("it is a file, not a folder")]
    File,
    /// The target is a device, a pipe or a socket.
    #[error("it is a device, a pipe or a socket, not a folder")]
    Special,
    /// The target would lie inside a file: one of its parents is not a folder.
    #[error("{} is a file, not a folder", file.display())]
    InsideFile {
        /// That parent, as a prefix of the target.
        file: PathBuf,
    },
    /// The target is a symbolic link: replacing it would replace the link, not what it points to.
    #[error("it is a symbolic link")]
    Link,
    /// A folder with something in it and no framelens `report.json`.
    #[error(
        "it is a folder framelens did not write (no framelens report.json in it), and replacing it \
         would delete {}{}",
        entry.display(),
        others_text(*others)
    )]
    NotAReport {
        /// Its first entry by name.
        entry: PathBuf,
        /// How many other entries it has.
        others: usize,
    },
    /// A previous report that also holds something a report does not write.
    #[error(
        "it holds {}, which is not part of the framelens report there, and replacing the report \
         would delete it",
        entry.display()
    )]
    Foreign {
        /// The first such entry, relative to the folder.
        entry: PathBuf,
    },
    /// The target is one of the inputs.
    #[error("it is the input {}, which the report would replace", input.display())]
    IsInput {
        /// The input, as given.
        input: PathBuf,
    },
    /// The target holds one of the inputs.
    #[error("it holds the input {}, which replacing it would delete", input.display())]
    HoldsInput {
        /// The input, as given.
        input: PathBuf,
    },
    /// The target lies inside an input folder.
    #[error(
        "it lies inside the input folder {}, so a later run over that folder would read the report \
         as articles",
        input.display()
    )]
    InsideInput {
        /// The input folder, as given.
        input: PathBuf,
    },
}

fn others_text(others: usize) -> String {
    match others {
        0 => String::new(),
        1 => " and 1 other entry".to_string(),
        n => format!(" and {n} other entries"),
    }
}

/// Whether a report may replace what is at `target` now: nothing, an empty folder, or a previous
/// framelens report holding nothing else.
pub fn check_target(target: &Path) -> Result<(), Refusal> {
    let metadata = match fs::symlink_metadata(target) {
        Ok(metadata) => metadata,
        // Nothing there: the report creates it and its missing parents, which needs the
        // nearest existing one to be a folder. (Any other error shows when writing.)
        Err(_) => {
            let existing = target
                .ancestors()
                .skip(1)
                .find(|a| !a.as_os_str().is_empty() && fs::metadata(a).is_ok());
            return match existing {
                Some(parent) if !parent.is_dir() => Err(Refusal::InsideFile {
                    file: parent.to_path_buf(),
                }),
                _ => Ok(()),
            };
        }
    };
    let kind = metadata.file_type();
    if kind.is_symlink() {
        return Err(Refusal::Link);
    }
    if kind.is_file() {
        return Err(Refusal::File);
    }
    if !kind.is_dir() {
        return Err(Refusal::Special);
    }
    let names = entries(target);
    let Some(first) = names.first() else {
        return Ok(());
    };
    if !is_report_json(&target.join("report.json")) {
        return Err(Refusal::NotAReport {
            entry: first.into(),
            others: names.len() - 1,
        });
    }
    for name in &names {
        let path = target.join(name);
        let kind = fs::symlink_metadata(&path).map(|m| m.file_type());
        let foreign = || Refusal::Foreign {
            entry: PathBuf::from(name),
        };
        if REPORT_FILES.contains(&name.as_str()) {
            if !kind.is_ok_and(|k| k.is_file()) {
                return Err(foreign());
            }
        } else if REPORT_FOLDERS.contains(&name.as_str()) {
            if !kind.is_ok_and(|k| k.is_dir()) {
                return Err(foreign());
            }
            for page in entries(&path) {
                let kind = fs::symlink_metadata(path.join(&page)).map(|m| m.file_type());
                if !(page.ends_with(".html") && kind.is_ok_and(|k| k.is_file())) {
                    return Err(Refusal::Foreign {
                        entry: Path::new(name).join(page),
                    });
                }
            }
        } else {
            return Err(foreign());
        }
    }
    Ok(())
}

/// Whether a report at `target` would stay apart from `inputs` (corpus files and folders, an
/// aggregate, lexicons, templates: whatever the run reads; `score` asks it of its outputs too):
/// not one of them, not holding one
/// (replacing the folder would delete it), not inside an input folder (the next run over it
/// would read the report back). Inputs that do not exist, and `-` (standard input), are passed
/// over. Paths are compared with symbolic links, `.` and `..` resolved.
pub fn check_apart(target: &Path, inputs: &[&Path]) -> Result<(), Refusal> {
    let resolved_target = resolve(target);
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        let Ok(metadata) = fs::metadata(input) else {
            continue;
        };
        let resolved = resolve(input);
        let given = || input.to_path_buf();
        if resolved == resolved_target {
            return Err(Refusal::IsInput { input: given() });
        }
        if resolved.starts_with(&resolved_target) {
            return Err(Refusal::HoldsInput { input: given() });
        }
        if metadata.is_dir() && resolved_target.starts_with(&resolved) {
            return Err(Refusal::InsideInput { input: given() });
        }
    }
    Ok(())
}

/// Whether the report writes a file of this name (relative to the folder): what
/// [`check_target`] accepts, kept in step with what the pages write.
pub(crate) fn is_report_file(name: &str) -> bool {
    match name.split_once('/') {
        None => REPORT_FILES.contains(&name),
        Some((folder, page)) => {
            REPORT_FOLDERS.contains(&folder) && !page.contains('/') && page.ends_with(".html")
        }
    }
}

/// The names in a folder, sorted (the first one named in a refusal is the same on every
/// platform), without the file manager's litter.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !LITTER.contains(&name.as_str()))
        .collect();
    names.sort();
    names
}

/// Whether `path` is the `report.json` of a framelens report, of any version of the format.
fn is_report_json(path: &Path) -> bool {
    #[derive(Deserialize)]
    struct Marker {
        schema: String,
    }
    let family = FIGURES_SCHEMA
        .split_once('/')
        .map_or(FIGURES_SCHEMA, |(family, _)| family);
    fs::File::open(path)
        .ok()
        .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))
        .and_then(|f| serde_json::from_reader::<_, Marker>(io::BufReader::new(f)).ok())
        .is_some_and(|m| {
            m.schema
                .strip_prefix(family)
                .is_some_and(|v| v.starts_with('/'))
        })
}

/// `path` made absolute, with the symbolic links of its existing part resolved and `.` and `..`
/// applied to the rest (what does not exist yet cannot be a link).
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let components: Vec<Component> = absolute.components().collect();
    for split in (1..=components.len()).rev() {
        let existing: PathBuf = components[..split].iter().collect();
        if let Ok(mut resolved) = existing.canonicalize() {
            for component in &components[split..] {
                match component {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return resolved;
        }
    }
    absolute
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files to make (path → content; a path ending in `/` is an empty folder).
    type Files<'a> = &'a [(&'a str, &'a str)];

    const REPORT_JSON: &str = "{\"schema\": \"framelens-report/1\", \"corpus\": {}}\n";

    /// A folder holding `files`.
    fn folder(files: Files) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in files {
            let path = dir.path().join(name);
            if name.ends_with('/') {
                fs::create_dir_all(&path).unwrap();
            } else {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, content).unwrap();
            }
        }
        dir
    }

    #[test]
    fn what_a_report_may_replace() {
        let report = [
            ("report.json", REPORT_JSON),
            ("index.html", ""),
            ("events/e.html", ""),
        ];
        let cases: &[(Files, Result<(), Refusal>)] = &[
            (&[], Ok(())),
            (&[(".DS_Store", "")], Ok(())),
            (&report, Ok(())),
            (&[("report.json", REPORT_JSON), ("Thumbs.db", "")], Ok(())),
            (
                &[("report.json", "{\"schema\": \"framelens-report/7\"}")],
                Ok(()),
            ),
            (
                &[("thesis.docx", "precious")],
                Err(Refusal::NotAReport {
                    entry: "thesis.docx".into(),
                    others: 0,
                }),
            ),
            (
                &[("a.txt", ""), ("b.txt", ""), ("c/", "")],
                Err(Refusal::NotAReport {
                    entry: "a.txt".into(),
                    others: 2,
                }),
            ),
            (
                &[("report.json", "{\"schema\": \"other/1\"}")],
                Err(Refusal::NotAReport {
                    entry: "report.json".into(),
                    others: 0,
                }),
            ),
            (
                &[("report.json", "{\"schema\": \"framelens-reports/1\"}")],
                Err(Refusal::NotAReport {
                    entry: "report.json".into(),
                    others: 0,
                }),
            ),
            (
                &[("report.json", "not json")],
                Err(Refusal::NotAReport {
                    entry: "report.json".into(),
                    others: 0,
                }),
            ),
            (
                &[("report.json", REPORT_JSON), ("notes.txt", "")],
                Err(Refusal::Foreign {
                    entry: "notes.txt".into(),
                }),
            ),
            (
                &[("report.json", REPORT_JSON), ("events/notes.txt", "")],
                Err(Refusal::Foreign {
                    entry: "events/notes.txt".into(),
                }),
            ),
            (
                &[("report.json", REPORT_JSON), ("articles/drafts/", "")],
                Err(Refusal::Foreign {
                    entry: "articles/drafts".into(),
                }),
            ),
            (
                &[("report.json", REPORT_JSON), ("index.html/", "")],
                Err(Refusal::Foreign {
                    entry: "index.html".into(),
                }),
            ),
        ];
        for (files, expected) in cases {
            let dir = folder(files);
            assert_eq!(&check_target(dir.path()), expected, "{files:?}");
        }
    }

    #[test]
    fn a_file_a_link_or_nothing() {
        let dir = folder(&[("f.txt", "{\"x\":1}"), ("report/report.json", REPORT_JSON)]);
        assert_eq!(check_target(&dir.path().join("f.txt")), Err(Refusal::File));
        assert_eq!(check_target(&dir.path().join("new")), Ok(()));
        assert_eq!(check_target(&dir.path().join("new/deeper")), Ok(()));
        let file = dir.path().join("f.txt");
        for under in ["f.txt/report", "f.txt/a/b"] {
            assert_eq!(
                check_target(&dir.path().join(under)),
                Err(Refusal::InsideFile { file: file.clone() })
            );
        }
        assert_eq!(check_target(Path::new("/dev/null")), Err(Refusal::Special));
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(dir.path().join("report"), &link).unwrap();
            assert_eq!(check_target(&link), Err(Refusal::Link));
        }
    }

    #[test]
    fn the_report_stays_apart_from_the_inputs() {
        let dir = folder(&[("corpus/a.txt", ""), ("agg.json", "")]);
        let root = dir.path();
        let corpus = root.join("corpus");
        let inputs = [corpus.as_path(), Path::new("-")];
        let cases: &[(PathBuf, Result<(), Refusal>)] = &[
            (root.join("out"), Ok(())),
            (root.join("corpus-report"), Ok(())),
            (
                root.join("corpus"),
                Err(Refusal::IsInput {
                    input: corpus.clone(),
                }),
            ),
            (
                root.join("out/../corpus/."),
                Err(Refusal::IsInput {
                    input: corpus.clone(),
                }),
            ),
            (
                root.to_path_buf(),
                Err(Refusal::HoldsInput {
                    input: corpus.clone(),
                }),
            ),
            (
                root.join("corpus/reports/corpus"),
                Err(Refusal::InsideInput {
                    input: corpus.clone(),
                }),
            ),
        ];
        for (target, expected) in cases {
            assert_eq!(&check_apart(target, &inputs), expected, "{target:?}");
        }
        // A file input holds nothing.
        let aggregate = root.join("agg.json");
        assert_eq!(check_apart(&root.join("agg.json/x"), &[&aggregate]), Ok(()));
        assert_eq!(
            check_apart(&aggregate, &[&aggregate]),
            Err(Refusal::IsInput { input: aggregate })
        );
    }

    #[test]
    fn report_files_are_recognised() {
        for (name, expected) in [
            ("index.html", true),
            ("report.json", true),
            ("events/e.html", true),
            ("events/e.txt", false),
            ("events/a/b.html", false),
            ("notes.txt", false),
        ] {
            assert_eq!(is_report_file(name), expected, "{name}");
        }
    }
}
