//! The report in a real browser: headless Chromium opens pages from disk, runs their scripts,
//! and we read the DOM it ends with. Screenshots are kept under `target/browser/` for a person
//! to look at.
//!
//! Needs Debian's `chromium`; `.ci/run` installs it and sets FRAMELENS_REQUIRE_BROWSER=1, which
//! makes a missing browser a failure instead of a skip.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn browser_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("FRAMELENS_REQUIRE_BROWSER").is_none(),
            "FRAMELENS_REQUIRE_BROWSER is set but chromium is not installed"
        );
        eprintln!("skipping: chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Runs headless Chromium on a page with the flags this sandbox needs.
fn headless(browser: &Path, page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(&url)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn dom(browser: &Path, page: &Path) -> String {
    headless(browser, page, &["--dump-dom".to_string()])
}

fn screenshot(browser: &Path, page: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    headless(browser, page, &[format!("--screenshot={}", file.display())]);
    assert!(file.exists(), "no screenshot at {}", file.display());
}

#[test]
fn the_seeds_report_reads_right_to_left_with_highlights() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let index = Path::new("reports/seeds/index.html");
    let event = Path::new("reports/seeds/events/2020-11-01-armenia-asks-russia.html");
    let index_dom = dom(&browser, index);
    // The page's own script ran: sortable headers got their state.
    assert!(
        index_dom.contains("aria-sort=\"none\""),
        "script did not run"
    );
    assert!(index_dom.contains("<svg class=\"lean-chart\""));
    let event_dom = dom(&browser, event);
    assert_eq!(
        event_dom
            .matches("<div class=\"text\" lang=\"ar\" dir=\"rtl\">")
            .count(),
        2
    );
    assert!(event_dom.matches("<mark class=\"hit side-").count() >= 10);
    screenshot(&browser, index, "seeds-index.png");
    screenshot(&browser, event, "seeds-event.png");
}

#[test]
fn no_injected_script_runs() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("injection-report");
    cargo_bin_cmd!("framelens")
        .args([
            "report",
            "tests/fixtures/report/injection.jsonl",
            "--articles",
            "all",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let mut pages = vec![out.join("index.html"), out.join("glossary.html")];
    for folder in ["events", "articles", "outlets"] {
        for entry in std::fs::read_dir(out.join(folder)).unwrap() {
            pages.push(entry.unwrap().path());
        }
    }
    for page in &pages {
        let dom = dom(&browser, page);
        // Every payload would mark the body element; the texts may mention the attribute.
        let body = dom
            .find("<body")
            .map(|i| &dom[i..i + dom[i..].find('>').unwrap()])
            .unwrap_or_else(|| panic!("{}: no DOM", page.display()));
        assert_eq!(body, "<body", "{}: an injected script ran", page.display());
    }
    screenshot(
        &browser,
        &out.join("articles/inj-1.html"),
        "injection-article.png",
    );
}
