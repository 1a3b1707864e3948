//! From figures and texts to pages: a view for each template, numbers formatted once here.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::html::{Note, annotate, lean_chart, safe_url, side_class};
use super::templates::template_error;
use super::{Analysed, ArticlePages, ReportConfig, ReportError};
use crate::corpus::{Article, DateSource};
use crate::lexicon::{Favors, Lexicon, LexiconSet, Role, Term};
use crate::score::figures::{
    DistinctiveWords, FEW_SIDE_TAGGED_HITS, Figures, OutletFigures, SideInfo, p_label, p_value,
};
use crate::score::{ArticleScore, HitRecord, Kind, csv, sha256_hex};
use crate::stats::{BOOTSTRAP_FEW_BELOW, Interval, Lean, Method, TOO_THIN_BELOW};
use crate::text::Voice;

/// With more events than this, only events told by several outlets get pages.
const EVENT_PAGES_LIMIT: usize = 200;
/// Articles listed on an outlet page.
const OUTLET_ARTICLES: usize = 300;
/// Examples in context per glossary term.
const EXAMPLES: usize = 3;
/// Words of context on each side of an example.
const EXAMPLE_WORDS: usize = 8;
/// Inputs listed on the methodology page.
const INPUTS_LISTED: usize = 500;

/// A file name for an id: the id itself when it is plain, else a slug and a short hash, so two
/// ids never share a file and no id can climb out of the folder. A Windows device name (`CON`,
/// `nul.x`) is not plain: no file can have it there. Ids that differ only in case keep names
/// that do too; [`PageNames`] tells those apart.
pub fn slug(id: &str) -> String {
    let plain = !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !id.starts_with('.')
        && !is_device_name(id);
    if plain {
        return id.to_string();
    }
    let mut slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    slug = slug.trim_matches('-').to_string();
    let hash = &sha256_hex(id.as_bytes())[..10];
    if slug.is_empty() {
        hash.to_string()
    } else {
        format!("{slug}-{hash}")
    }
}

/// Whether Windows reserves `name` for a device, whatever its extension (`CON`, `aux.html`,
/// `COM1.x`).
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// The page names of one folder, unique even where names that differ only in case are one
/// file (macOS and Windows): each id gets its [`slug`], unless an earlier id has a name equal
/// to it ignoring case; then the slug and a short hash of the id (and a number, should that be
/// taken too). Ids are named in the report's own order, so the same inputs give the same names.
#[derive(Default)]
struct PageNames {
    /// Names given, in lower case.
    taken: HashSet<String>,
}

impl PageNames {
    /// A name for `id`, not equal ignoring case to any name given before.
    fn name(&mut self, id: &str) -> String {
        let base = slug(id);
        if self.taken.insert(base.to_ascii_lowercase()) {
            return base;
        }
        let hashed = format!("{base}-{}", &sha256_hex(id.as_bytes())[..10]);
        let mut name = hashed.clone();
        let mut n = 2;
        while !self.taken.insert(name.to_ascii_lowercase()) {
            name = format!("{hashed}-{n}");
            n += 1;
        }
        name
    }
}

fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    // A typographic minus reads better, and "-0.00" is zero.
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        return text.trim_start_matches('-').to_string();
    }
    text.replace('-', "−")
}

fn signed(value: f64) -> String {
    if value > 0.0 && number(value, 2) != "0.00" {
        format!("+{}", number(value, 2))
    } else {
        number(value, 2)
    }
}

fn interval(value: Option<&Interval>) -> String {
    match value {
        Some(i) => format!(
            "{} ({}–{})",
            number(i.estimate, 2),
            number(i.low, 2),
            number(i.high, 2)
        ),
        None => "—".to_string(),
    }
}

fn lean_text(lean: Option<&Lean>) -> String {
    match lean {
        None => "no side-tagged terms".to_string(),
        Some(lean) if lean.too_thin => format!(
            "too thin (n = {}): {} [{} to {}]",
            lean.n,
            signed(lean.lean.estimate),
            signed(lean.lean.low),
            signed(lean.lean.high)
        ),
        Some(lean) => format!(
            "{} [{} to {}], n = {}",
            signed(lean.lean.estimate),
            signed(lean.lean.low),
            signed(lean.lean.high),
            lean.n
        ),
    }
}

/// Whether the lexicons have more than two sides: then a lean between the first two would hide
/// the others, and pages show every side's share instead (methods.md: "More than two sides:
/// shares per side with a Dirichlet(counts + ½) interval").
fn many_sides(sides: &[SideInfo]) -> bool {
    sides.len() > 2
}

/// A share as a whole percentage.
fn percent(share: f64) -> String {
    format!("{}%", number(share * 100.0, 0))
}

/// A share with its interval: "25% [10–45%]".
fn share_text(share: &Interval) -> String {
    format!(
        "{} [{}–{}]",
        percent(share.estimate),
        number(share.low * 100.0, 0),
        percent(share.high)
    )
}

/// Every side's share with its interval and the side-tagged hits they rest on, marked too thin
/// as a lean would be.
fn shares_text(
    shares: Option<&[Interval]>,
    by_side: &BTreeMap<String, u64>,
    sides: &[SideInfo],
) -> String {
    let Some(shares) = shares else {
        return "no side-tagged terms".to_string();
    };
    let n: u64 = sides
        .iter()
        .map(|s| by_side.get(&s.id).copied().unwrap_or(0))
        .sum();
    let parts = sides
        .iter()
        .zip(shares)
        .map(|(side, share)| format!("{} {}", side.label, share_text(share)))
        .collect::<Vec<_>>()
        .join(", ");
    if n < TOO_THIN_BELOW {
        format!("too thin (n = {n}): {parts}")
    } else {
        format!("{parts}; n = {n}")
    }
}

/// An article's own-voice hits by side, for more than two sides: "Red side 3, Blue side 1".
fn side_counts_text(score: &ArticleScore, sides: &[SideInfo]) -> String {
    let parts: Vec<String> = sides
        .iter()
        .filter_map(|side| {
            let n = score.counts.own_by_side.get(&side.id).copied().unwrap_or(0);
            (n > 0).then(|| format!("{} {n}", side.label))
        })
        .collect();
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(", ")
    }
}

/// A test's name in the report's words: its columns are sides.
fn method_name(method: Method) -> &'static str {
    match method {
        Method::OneColumn => "none needed: every hit favors one side",
        _ => method.name(),
    }
}

fn direction(language: &str) -> &'static str {
    match language {
        "ar" | "fa" | "ur" | "he" => "rtl",
        _ => "ltr",
    }
}

fn voice_phrase(voice: Voice) -> &'static str {
    match voice {
        Voice::Own => "the outlet's own words",
        Voice::Quoted => "in a quotation",
        Voice::Reported => "in reported speech",
    }
}

/// Where things are, for links: pages by id, relative to the report folder.
struct Paths {
    events: HashMap<String, String>,
    articles: HashMap<String, String>,
    /// By outlet id (`None`: the unknown outlet).
    outlets: HashMap<Option<String>, String>,
}

impl Paths {
    fn outlet(&self, outlet: &Option<String>) -> String {
        self.outlets.get(outlet).cloned().unwrap_or_else(|| {
            // Every outlet of the figures has a page; this is only a fallback.
            let id = outlet.as_deref().unwrap_or(UNKNOWN_OUTLET_PAGE);
            format!("outlets/{}.html", slug(id))
        })
    }
}

/// The page name of the unknown outlet, before [`PageNames`] keeps it apart from an outlet of
/// that id.
const UNKNOWN_OUTLET_PAGE: &str = "unknown-outlet";

/// Pages in `folder` for `ids`, in their order, with names unique ignoring case.
fn page_paths<'i, K: Clone + Eq + std::hash::Hash + 'i>(
    folder: &str,
    ids: impl IntoIterator<Item = (&'i K, &'i str)>,
) -> HashMap<K, String> {
    let mut names = PageNames::default();
    ids.into_iter()
        .map(|(key, id)| (key.clone(), format!("{folder}/{}.html", names.name(id))))
        .collect()
}

/// Everything a lexicon says about a term, by `lexicon/term`.
struct TermBook<'a> {
    set: &'a LexiconSet,
    terms: HashMap<String, (&'a crate::lexicon::Lexicon, &'a Term)>,
}

impl<'a> TermBook<'a> {
    fn new(set: &'a LexiconSet) -> TermBook<'a> {
        let mut terms = HashMap::new();
        for lexicon in set.lexicons() {
            for term in &lexicon.terms {
                terms.insert(format!("{}/{}", lexicon.meta.id, term.id), (lexicon, term));
            }
        }
        TermBook { set, terms }
    }

    fn label(&self, key: &str) -> String {
        self.terms
            .get(key)
            .map(|(_, t)| t.label.clone().unwrap_or_else(|| t.id.clone()))
            .unwrap_or_else(|| key.to_string())
    }

    fn frame_label(&self, key: &str) -> String {
        self.terms
            .get(key)
            .and_then(|(l, t)| {
                let id = t.frame.as_deref()?;
                Some(
                    l.frame(id)
                        .map_or_else(|| id.to_string(), |f| f.label.clone()),
                )
            })
            .unwrap_or_else(|| "no frame".to_string())
    }

    fn side_label(&self, side: Option<&str>) -> String {
        match side {
            Some(side) => self.set.side_label(side).unwrap_or(side).to_string(),
            None => "no side".to_string(),
        }
    }
}

#[derive(Serialize)]
struct NoteView {
    id: String,
    number: usize,
    class: String,
    matched: String,
    label: String,
    side: String,
    frame: String,
    voice: String,
    explanation: String,
    neutral: String,
}

/// The annotated text of an article and its notes. Only loaded terms and non-neutral
/// attributions are highlighted; `prefix` keeps note ids unique on a page.
fn annotated(
    article: &Article,
    score: &ArticleScore,
    book: &TermBook,
    sides: &[String],
    prefix: &str,
) -> (String, Vec<NoteView>) {
    let shown: Vec<&HitRecord> = score
        .hits
        .iter()
        .filter(|h| match h.kind {
            Kind::Loaded => true,
            Kind::Attribution => h.stance != Some(crate::lexicon::Stance::Neutral),
            Kind::Name => false,
        })
        .collect();
    let mut notes = Vec::new();
    let mut views = Vec::new();
    for (i, hit) in shown.iter().enumerate() {
        let key = hit.key();
        let (explanation, neutral) = book
            .terms
            .get(&key)
            .map(|(_, t)| (t.explanation.clone(), t.neutral.join("; ")))
            .unwrap_or_default();
        let side = match hit.kind {
            Kind::Attribution => format!(
                "{} toward {}",
                hit.stance.map_or("attribution", |s| s.as_str()),
                hit.actor_side.as_deref().map_or_else(
                    || "an unnamed or third party".to_string(),
                    |s| { book.side_label(Some(s)) }
                )
            ),
            _ => match hit.side.as_deref() {
                Some(side) => format!("favors the {}", book.side_label(Some(side))),
                None => "favors no side".to_string(),
            },
        };
        let label = book.label(&key);
        let frame = book.frame_label(&key);
        let voice = voice_phrase(hit.voice).to_string();
        let id = format!("{prefix}n{}", i + 1);
        notes.push(Note {
            hit,
            number: i + 1,
            id: id.clone(),
            summary: format!("{label}: {side}; {frame}; {voice}."),
        });
        views.push(NoteView {
            id,
            number: i + 1,
            class: side_class(hit.side.as_deref(), sides)
                + if hit.kind == Kind::Attribution {
                    " attribution"
                } else {
                    ""
                },
            matched: hit.matched.clone(),
            label,
            side,
            frame,
            voice,
            explanation,
            neutral,
        });
    }
    (annotate(&article.text, &notes, sides), views)
}

#[derive(Serialize)]
struct Common<'a> {
    report_title: &'a str,
    page_title: String,
    root: &'a str,
    version: &'a str,
    stamp: Option<&'a str>,
    corpus: &'a crate::score::figures::CorpusSummary,
    sides: Vec<SideView>,
}

#[derive(Serialize, Clone)]
struct SideView {
    id: String,
    label: String,
    class: String,
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    #[serde(flatten)]
    common: Common<'a>,
    #[serde(flatten)]
    view: T,
}

/// Where rendered files go: (path in the folder, content). Files are handed over one at a time,
/// so a report of thousands of pages never sits in memory whole.
pub type Sink<'s> = dyn FnMut(&str, &str) -> Result<(), ReportError> + 's;

struct Renderer<'a, 's> {
    tera: tera::Tera,
    config: &'a ReportConfig,
    figures: &'a Figures,
    sides: Vec<SideView>,
    sink: &'a mut Sink<'s>,
}

impl Renderer<'_, '_> {
    fn page(
        &mut self,
        file: String,
        template: &str,
        title: String,
        view: impl Serialize,
    ) -> Result<(), ReportError> {
        let root = if file.contains('/') { "../" } else { "" };
        let page = Page {
            common: Common {
                report_title: &self.config.title,
                page_title: title,
                root,
                version: env!("CARGO_PKG_VERSION"),
                stamp: self.config.stamp.as_deref(),
                corpus: &self.figures.corpus,
                sides: self.sides.clone(),
            },
            view,
        };
        let context =
            tera::Context::from_serialize(&page).map_err(|e| template_error(template, &e))?;
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_error(&self.config.templates.origin(template), &e))?;
        (self.sink)(&file, &html)
    }
}

/// Renders every file of the report: (path in the folder, content).
pub fn render(
    analysed: &Analysed,
    set: &LexiconSet,
    texts: &HashMap<&str, &Article>,
    have_texts: bool,
    config: &ReportConfig,
    sink: &mut Sink,
) -> Result<(), ReportError> {
    let figures = &analysed.figures;
    let aggregate = &analysed.aggregate;
    let sides: Vec<String> = figures.sides.iter().map(|s| s.id.clone()).collect();
    let side_views = side_views(&figures.sides);
    let book = TermBook::new(set);
    let scores: HashMap<&str, &ArticleScore> = aggregate
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let event_pages: Vec<&crate::score::figures::EventFigures> = figures
        .events
        .iter()
        .filter(|e| figures.events.len() <= EVENT_PAGES_LIMIT || e.outlets.len() > 1)
        .collect();
    let paths = Paths {
        events: page_paths("events", event_pages.iter().map(|e| (&e.id, e.id.as_str()))),
        articles: page_paths(
            "articles",
            (aggregate.articles.iter())
                .filter(|a| {
                    have_texts
                        && match config.articles {
                            ArticlePages::All => true,
                            ArticlePages::Hits => a.counts.hits > 0,
                            ArticlePages::None => false,
                        }
                })
                .map(|a| (&a.id, a.id.as_str())),
        ),
        outlets: page_paths(
            "outlets",
            (figures.outlets.iter()).map(|o| {
                (
                    &o.outlet,
                    o.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET_PAGE),
                )
            }),
        ),
    };
    let mut renderer = Renderer {
        tera: config.templates.tera()?,
        config,
        figures,
        sides: side_views,
        sink,
    };
    let language = aggregate
        .articles
        .first()
        .map_or("ar", |a| a.language.as_str())
        .to_string();

    // The overview.
    let mut index = index_view(figures, set, &paths, &event_pages, &language);
    index.from_aggregate = !have_texts;
    renderer.page("index.html".into(), "index.html", "Overview".into(), index)?;

    // Events.
    for event in &event_pages {
        let view = event_view(event, &scores, texts, &book, &sides, &figures.sides, &paths);
        let title = event.title.clone().unwrap_or_else(|| event.id.clone());
        renderer.page(paths.events[&event.id].clone(), "event.html", title, view)?;
    }

    // Outlets.
    for outlet in &figures.outlets {
        let view = outlet_view(outlet, figures, aggregate, &book, &paths);
        renderer.page(
            paths.outlet(&outlet.outlet),
            "outlet.html",
            outlet.name.clone(),
            view,
        )?;
    }

    // Articles.
    for score in &aggregate.articles {
        let (Some(file), Some(article)) =
            (paths.articles.get(&score.id), texts.get(score.id.as_str()))
        else {
            continue;
        };
        let view = article_view(article, score, figures, &book, &sides, &paths);
        let title = score.title.clone().unwrap_or_else(|| score.id.clone());
        renderer.page(file.clone(), "article.html", title, view)?;
    }

    // Glossary and methodology.
    let glossary = glossary_view(set, aggregate, texts, &book, &sides, &paths, figures);
    renderer.page(
        "glossary.html".into(),
        "glossary.html",
        "Glossary".into(),
        glossary,
    )?;
    let methodology = MethodologyView {
        methods: &figures.methods,
        lexicons: &figures.lexicons,
        inputs: figures.inputs.iter().take(INPUTS_LISTED).collect(),
        inputs_omitted: figures.inputs.len().saturating_sub(INPUTS_LISTED),
    };
    renderer.page(
        "methodology.html".into(),
        "methodology.html",
        "Methodology".into(),
        methodology,
    )?;

    // Data and static files.
    let sink = renderer.sink;
    let mut json = serde_json::to_string_pretty(figures).expect("figures serialize");
    json.push('\n');
    sink("report.json", &json)?;
    sink("articles.csv", &csv::articles(&aggregate.articles, &sides))?;
    sink("hits.csv", &csv::hits(&aggregate.articles))?;
    sink("outlets.csv", &csv::outlets(figures))?;
    sink("terms.csv", &csv::terms(figures))?;
    for name in ["style.css", "script.js"] {
        sink(name, config.templates.file(name))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct OutletRow {
    name: String,
    href: String,
    articles: usize,
    words: u64,
    hits: u64,
    rate: String,
    rate_bootstrap: String,
    /// Fewer than [`BOOTSTRAP_FEW_BELOW`] articles: the bootstrap intervals are not shown.
    few_articles: bool,
    own_rate: String,
    own_rate_bootstrap: String,
    own: u64,
    quoted: u64,
    reported: u64,
    lean: String,
    lean_bootstrap: Option<String>,
    lean_quoted: String,
    lean_reported: String,
    unknown: bool,
    notes: Option<String>,
}

fn outlet_row(o: &OutletFigures, href: String, sides: &[SideInfo]) -> OutletRow {
    let voice = |v: Voice| &o.voices[&v];
    // With more than two sides every lean shown is every side's share instead.
    let lean = |v: Voice| {
        if many_sides(sides) {
            shares_text(voice(v).side_shares.as_deref(), &voice(v).by_side, sides)
        } else {
            lean_text(voice(v).lean.as_ref())
        }
    };
    OutletRow {
        name: o.name.clone(),
        href,
        articles: o.articles,
        words: o.words,
        hits: o.hits,
        rate: interval(o.rate.as_ref()),
        rate_bootstrap: bootstrap_range(o.articles, o.rate_bootstrap.as_ref()),
        few_articles: o.articles < BOOTSTRAP_FEW_BELOW,
        own_rate: interval(o.own_rate.as_ref()),
        own_rate_bootstrap: bootstrap_range(o.articles, o.own_rate_bootstrap.as_ref()),
        own: voice(Voice::Own).hits,
        quoted: voice(Voice::Quoted).hits,
        reported: voice(Voice::Reported).hits,
        lean: lean(Voice::Own),
        lean_bootstrap: o
            .lean_bootstrap
            .as_ref()
            .filter(|_| o.articles > 1 && !many_sides(sides))
            .map(|i| match few_articles(o.articles) {
                Some(few) => few,
                None => format!("{} to {}", signed(i.low), signed(i.high)),
            }),
        lean_quoted: lean(Voice::Quoted),
        lean_reported: lean(Voice::Reported),
        unknown: o.outlet.is_none(),
        notes: None,
    }
}

/// A bootstrap interval, or why there is none: resampling one article says nothing, and a few
/// give an interval too narrow to trust, so only their number is shown.
fn bootstrap_range(articles: usize, value: Option<&Interval>) -> String {
    if articles < 2 {
        return "1 article".into();
    }
    if let Some(few) = few_articles(articles) {
        return few;
    }
    match value {
        Some(i) => format!("{}–{}", number(i.low, 2), number(i.high, 2)),
        None => "—".into(),
    }
}

/// "3 articles" when there are more than one but fewer than [`BOOTSTRAP_FEW_BELOW`]: what a
/// page shows instead of a bootstrap interval from them.
fn few_articles(articles: usize) -> Option<String> {
    (articles > 1 && articles < BOOTSTRAP_FEW_BELOW).then(|| format!("{articles} articles"))
}

#[derive(Serialize)]
struct WordView {
    term: String,
    z: String,
    lexicon_term: Option<String>,
}

#[derive(Serialize)]
struct DistinctiveView {
    name: String,
    lang: String,
    words: Vec<WordView>,
}

fn distinctive_view(groups: &[DistinctiveWords], language: &str) -> Vec<DistinctiveView> {
    groups
        .iter()
        .map(|g| DistinctiveView {
            name: g.name.clone(),
            lang: language.to_string(),
            words: g
                .words
                .iter()
                .map(|w| WordView {
                    term: w.score.term.clone(),
                    z: number(w.score.z, 1),
                    lexicon_term: w.lexicon_term.clone(),
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct IndexView {
    from_aggregate: bool,
    first_side: String,
    second_side: String,
    too_thin_below: u64,
    bootstrap_few_below: usize,
    lexicons: Vec<LexiconView>,
    lean_chart: String,
    /// With more than two sides, every outlet's shares instead of the lean chart.
    shares: Option<SharesView>,
    outlets: Vec<OutletRow>,
    frames: Vec<FrameView>,
    heatmap: Vec<HeatRow>,
    choices: Vec<ChoiceView>,
    attribution_columns: Vec<String>,
    attribution: Vec<CellRow>,
    tests: TestsView,
    distinctive: Vec<DistinctiveView>,
    events: Vec<EventRow>,
    events_omitted: usize,
}

/// Every outlet's own-voice share of each side, when there are more than two sides.
#[derive(Serialize)]
struct SharesView {
    sides: Vec<SideView>,
    rows: Vec<SharesRow>,
}

#[derive(Serialize)]
struct SharesRow {
    name: String,
    /// Each side's share with its interval ("—" without side-tagged hits).
    cells: Vec<String>,
    /// The side-tagged hits the shares rest on.
    n: u64,
    /// Fewer than [`TOO_THIN_BELOW`].
    thin: bool,
}

/// Each side with its label and colour class.
fn side_views(sides: &[crate::score::figures::SideInfo]) -> Vec<SideView> {
    let ids: Vec<String> = sides.iter().map(|s| s.id.clone()).collect();
    sides
        .iter()
        .map(|s| SideView {
            id: s.id.clone(),
            label: s.label.clone(),
            class: side_class(Some(&s.id), &ids),
        })
        .collect()
}

fn shares_view(figures: &Figures) -> Option<SharesView> {
    if !many_sides(&figures.sides) {
        return None;
    }
    let side_ids: Vec<String> = figures.sides.iter().map(|s| s.id.clone()).collect();
    let rows = figures
        .outlets
        .iter()
        .map(|o| {
            let own = &o.voices[&Voice::Own].by_side;
            let n = side_ids
                .iter()
                .map(|s| own.get(s).copied().unwrap_or(0))
                .sum();
            SharesRow {
                name: o.name.clone(),
                cells: match &o.side_shares {
                    Some(shares) => shares.iter().map(share_text).collect(),
                    None => vec!["—".to_string(); side_ids.len()],
                },
                n,
                thin: n < TOO_THIN_BELOW,
            }
        })
        .collect();
    Some(SharesView {
        sides: side_views(&figures.sides),
        rows,
    })
}

#[derive(Serialize)]
struct LexiconView {
    id: String,
    version: String,
    title: String,
}

#[derive(Serialize)]
struct FrameView {
    id: String,
    label: String,
    description: String,
}

#[derive(Serialize)]
struct HeatCell {
    rate: String,
    count: u64,
    level: usize,
}

#[derive(Serialize)]
struct HeatRow {
    name: String,
    cells: Vec<HeatCell>,
}

#[derive(Serialize)]
struct VariantView {
    label: String,
    side: Option<String>,
    class: String,
}

#[derive(Serialize)]
struct CellRow {
    name: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct ChoiceView {
    label: String,
    variants: Vec<VariantView>,
    rows: Vec<CellRow>,
}

#[derive(Serialize)]
struct OverallView {
    method: String,
    figures: String,
    reason: String,
}

#[derive(Serialize)]
struct PairView {
    a: String,
    b: String,
    method: String,
    p: String,
    p_holm: String,
    v: String,
    lean_difference: String,
}

#[derive(Serialize)]
struct TestsView {
    note: String,
    thin: bool,
    overall: Option<OverallView>,
    pairwise: Vec<PairView>,
}

#[derive(Serialize)]
struct EventRow {
    title: String,
    href: Option<String>,
    dates: String,
    outlets: usize,
    articles: usize,
}

fn dates(first: Option<chrono::NaiveDate>, last: Option<chrono::NaiveDate>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "undated".to_string(),
    }
}

fn index_view(
    figures: &Figures,
    set: &LexiconSet,
    paths: &Paths,
    event_pages: &[&crate::score::figures::EventFigures],
    language: &str,
) -> IndexView {
    let side_ids: Vec<String> = figures.sides.iter().map(|s| s.id.clone()).collect();
    let label = |i: usize| {
        figures
            .sides
            .get(i)
            .map_or_else(|| "—".to_string(), |s| s.label.clone())
    };
    let rows: Vec<(String, Option<Lean>)> = figures
        .outlets
        .iter()
        .map(|o| (o.name.clone(), o.lean))
        .collect();
    // Frames: every frame an outlet used in its own voice, in lexicon order.
    let mut frames: Vec<FrameView> = Vec::new();
    for lexicon in set.lexicons() {
        for frame in &lexicon.frames {
            let used = figures
                .outlets
                .iter()
                .any(|o| o.own_by_frame.contains_key(&frame.id));
            if used && !frames.iter().any(|f| f.id == frame.id) {
                frames.push(FrameView {
                    id: frame.id.clone(),
                    label: frame.label.clone(),
                    description: frame.description.clone(),
                });
            }
        }
    }
    let max_rate = figures
        .outlets
        .iter()
        .flat_map(|o| o.own_frame_rates.values())
        .fold(0.0_f64, |a, &b| a.max(b));
    let heatmap = figures
        .outlets
        .iter()
        .map(|o| HeatRow {
            name: o.name.clone(),
            cells: frames
                .iter()
                .map(|f| {
                    let rate = o.own_frame_rates.get(&f.id).copied().unwrap_or(0.0);
                    HeatCell {
                        rate: number(rate, 2),
                        count: o.own_by_frame.get(&f.id).copied().unwrap_or(0),
                        level: if max_rate > 0.0 {
                            ((rate / max_rate) * 5.0).ceil() as usize
                        } else {
                            0
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let choices = figures
        .choices
        .iter()
        .map(|c| ChoiceView {
            label: c.label.clone(),
            variants: c
                .variants
                .iter()
                .map(|(_, label, side)| VariantView {
                    label: label.clone(),
                    side: side
                        .as_ref()
                        .map(|s| set.side_label(s).unwrap_or(s).to_string()),
                    class: side_class(side.as_deref(), &side_ids),
                })
                .collect(),
            rows: c
                .outlets
                .iter()
                .filter(|u| !u.shares.is_empty())
                .map(|u| CellRow {
                    name: u.name.clone(),
                    cells: u
                        .counts
                        .iter()
                        .zip(&u.shares)
                        .map(|(n, s)| format!("{n} ({}%)", number(s * 100.0, 0)))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    // Attribution: one column per stance × side that occurs.
    let mut columns: Vec<(crate::lexicon::Stance, String)> = figures
        .outlets
        .iter()
        .flat_map(|o| o.attribution.iter().map(|a| (a.stance, a.side.clone())))
        .collect();
    columns.sort();
    columns.dedup();
    let attribution_columns = columns
        .iter()
        .map(|(stance, side)| {
            let toward = if side.is_empty() {
                "others".to_string()
            } else {
                set.side_label(side).unwrap_or(side).to_string()
            };
            format!("{stance} → {toward}")
        })
        .collect();
    let attribution = figures
        .outlets
        .iter()
        .map(|o| CellRow {
            name: o.name.clone(),
            cells: columns
                .iter()
                .map(|(stance, side)| {
                    o.attribution
                        .iter()
                        .find(|a| a.stance == *stance && &a.side == side)
                        .map_or(0, |a| a.count)
                        .to_string()
                })
                .collect(),
        })
        .collect();
    let n: u64 = figures.tests.table.iter().flatten().sum();
    let tests = TestsView {
        note: figures.tests.note.clone(),
        thin: n < FEW_SIDE_TAGGED_HITS,
        overall: figures.tests.overall.as_ref().map(|t| OverallView {
            method: method_name(t.method).to_string(),
            figures: match t.df {
                Some(df) => format!(
                    "statistic {} with {df} degrees of freedom, p {}, Cramér's V {}, n = {}",
                    number(t.statistic, 2),
                    p_label(t.p_value),
                    number(t.cramers_v, 2),
                    t.n
                ),
                None => format!(
                    "p {}, Cramér's V {}, n = {}",
                    p_label(t.p_value),
                    number(t.cramers_v, 2),
                    t.n
                ),
            },
            reason: t.reason.clone(),
        }),
        pairwise: figures
            .tests
            .pairwise
            .iter()
            .map(|p| PairView {
                a: p.a.clone(),
                b: p.b.clone(),
                method: method_name(p.test.method).to_string(),
                p: p_value(p.test.p_value),
                p_holm: p_value(p.p_holm),
                v: number(p.test.cramers_v, 2),
                lean_difference: p.lean_difference.map_or_else(|| "—".into(), signed),
            })
            .collect(),
    };
    let events = event_pages
        .iter()
        .map(|e| EventRow {
            title: e.title.clone().unwrap_or_else(|| e.id.clone()),
            href: paths.events.get(&e.id).cloned(),
            dates: dates(e.first_date, e.last_date),
            outlets: e.outlets.len(),
            articles: e.articles.len(),
        })
        .collect();
    IndexView {
        from_aggregate: false,
        first_side: label(0),
        second_side: label(1),
        too_thin_below: figures.methods.too_thin_below,
        bootstrap_few_below: figures.methods.bootstrap_few_below,
        lexicons: set
            .lexicons()
            .iter()
            .map(|l| LexiconView {
                id: l.meta.id.clone(),
                version: l.meta.version.clone(),
                title: l.meta.title.clone(),
            })
            .collect(),
        lean_chart: if many_sides(&figures.sides) {
            String::new()
        } else {
            lean_chart(&rows, &label(1), &label(0))
        },
        shares: shares_view(figures),
        outlets: figures
            .outlets
            .iter()
            .map(|o| outlet_row(o, paths.outlet(&o.outlet), &figures.sides))
            .collect(),
        frames,
        heatmap,
        choices,
        attribution_columns,
        attribution,
        tests,
        distinctive: distinctive_view(&figures.distinctive, language),
        events,
        events_omitted: figures.events.len() - event_pages.len(),
    }
}

#[derive(Serialize)]
struct ColumnView {
    outlet: String,
    date: String,
    href: Option<String>,
    title: Option<String>,
    lang: String,
    dir: String,
    html: String,
    notes: Vec<NoteView>,
}

#[derive(Serialize)]
struct ComparisonRow {
    label: String,
    anchor: String,
    side: String,
    class: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct ComparisonView {
    outlets: Vec<String>,
    rows: Vec<ComparisonRow>,
}

#[derive(Serialize)]
struct EventHeader {
    id: String,
    title: String,
    /// Whose headline the title is, when it is one.
    title_note: Option<String>,
    dates: String,
    articles: usize,
    outlets: usize,
}

#[derive(Serialize)]
struct EventView {
    event: EventHeader,
    columns: Vec<ColumnView>,
    others: Vec<ArticleRow>,
    comparison: ComparisonView,
    distinctive: Vec<DistinctiveView>,
}

fn event_view(
    event: &crate::score::figures::EventFigures,
    scores: &HashMap<&str, &ArticleScore>,
    texts: &HashMap<&str, &Article>,
    book: &TermBook,
    sides: &[String],
    side_info: &[SideInfo],
    paths: &Paths,
) -> EventView {
    // One column per outlet, side by side: its article with the most loaded terms (the first
    // such in canonical order); an event of hundreds of articles still reads as a comparison.
    let mut shown: Vec<&ArticleScore> = Vec::new();
    for id in &event.articles {
        let Some(score) = scores.get(id.as_str()).copied() else {
            continue;
        };
        match shown.iter_mut().find(|s| s.outlet == score.outlet) {
            Some(best) if score.counts.hits > best.counts.hits => *best = score,
            Some(_) => {}
            None => shown.push(score),
        }
    }
    let others: Vec<ArticleRow> = event
        .articles
        .iter()
        .filter_map(|id| scores.get(id.as_str()).copied())
        .filter(|a| !shown.iter().any(|s| s.id == a.id))
        .map(|a| article_row(a, paths, side_info))
        .collect();
    let mut columns = Vec::new();
    for (i, score) in shown.iter().enumerate() {
        let id = &score.id;
        let Some(article) = texts.get(id.as_str()) else {
            continue;
        };
        let (html, notes) = annotated(article, score, book, sides, &format!("c{}-", i + 1));
        let outlet = event
            .outlets
            .iter()
            .find(|o| o.outlet == score.outlet)
            .map_or_else(
                || crate::corpus::UNKNOWN_OUTLET.to_string(),
                |o| o.name.clone(),
            );
        columns.push(ColumnView {
            outlet,
            date: score
                .date
                .map_or_else(|| "undated".into(), |d| d.to_string()),
            href: paths.articles.get(id).map(|p| format!("../{p}")),
            title: score.title.clone(),
            lang: score.language.clone(),
            dir: direction(&score.language).into(),
            html,
            notes,
        });
    }
    // Who used which term in which voice.
    let mut keys: Vec<String> = event
        .outlets
        .iter()
        .flat_map(|o| o.terms.iter().map(|t| t.term.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let rows = keys
        .iter()
        .map(|key| {
            let side = event
                .outlets
                .iter()
                .flat_map(|o| &o.terms)
                .find(|t| &t.term == key)
                .and_then(|t| {
                    t.by_side
                        .iter()
                        .max_by_key(|(_, n)| **n)
                        .map(|(s, _)| s.clone())
                })
                .filter(|s| !s.is_empty());
            ComparisonRow {
                label: book.label(key),
                anchor: slug(key),
                side: book.side_label(side.as_deref()),
                class: side_class(side.as_deref(), sides),
                cells: event
                    .outlets
                    .iter()
                    .map(|o| match o.terms.iter().find(|t| &t.term == key) {
                        None => "—".to_string(),
                        Some(t) => Voice::ALL
                            .iter()
                            .filter_map(|v| {
                                let n = t.by_voice.get(v).copied().unwrap_or(0);
                                (n > 0).then(|| format!("{n} {v}"))
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                    .collect(),
            }
        })
        .collect();
    EventView {
        event: EventHeader {
            id: event.id.clone(),
            title: event.title.clone().unwrap_or_else(|| event.id.clone()),
            title_note: event.headline_of.as_ref().map(|id| {
                let outlet = scores
                    .get(id.as_str())
                    .and_then(|a| event.outlets.iter().find(|o| o.outlet == a.outlet))
                    .map_or(crate::corpus::UNKNOWN_OUTLET, |o| o.name.as_str());
                format!(
                    "The event has no title of its own: this is the headline of an article by \
                     {outlet}, in that outlet's words, not the report's."
                )
            }),
            dates: dates(event.first_date, event.last_date),
            articles: event.articles.len(),
            outlets: event.outlets.len(),
        },
        columns,
        others,
        comparison: ComparisonView {
            outlets: event.outlets.iter().map(|o| o.name.clone()).collect(),
            rows,
        },
        distinctive: distinctive_view(&event.distinctive, "und"),
    }
}

#[derive(Serialize)]
struct TermRow {
    label: String,
    anchor: String,
    frame: String,
    sides: String,
    own: u64,
    quoted: u64,
    reported: u64,
    total: u64,
}

#[derive(Serialize)]
struct ArticleRow {
    title: String,
    href: Option<String>,
    date: String,
    words: u64,
    hits: u64,
    lean: String,
    lang: String,
    dir: String,
}

/// A line about an article in a table, linking to its page when it has one.
fn article_row(a: &ArticleScore, paths: &Paths, sides: &[SideInfo]) -> ArticleRow {
    ArticleRow {
        title: a.title.clone().unwrap_or_else(|| a.id.clone()),
        href: paths.articles.get(&a.id).map(|p| format!("../{p}")),
        date: a.date.map_or_else(|| "undated".into(), |d| d.to_string()),
        words: a.words,
        hits: a.counts.hits,
        lean: if many_sides(sides) {
            side_counts_text(a, sides)
        } else {
            a.lean.map_or_else(|| "—".into(), signed)
        },
        lang: a.language.clone(),
        dir: direction(&a.language).into(),
    }
}

#[derive(Serialize)]
struct OutletView {
    outlet: OutletRow,
    bootstrap_few_below: usize,
    terms: Vec<TermRow>,
    distinctive: Vec<WordView>,
    articles: Vec<ArticleRow>,
    articles_omitted: usize,
}

fn outlet_view(
    outlet: &OutletFigures,
    figures: &Figures,
    aggregate: &crate::score::Aggregate,
    book: &TermBook,
    paths: &Paths,
) -> OutletView {
    let mut row = outlet_row(outlet, String::new(), &figures.sides);
    row.notes = outlet
        .outlet
        .as_ref()
        .and_then(|id| aggregate.outlets.get(id))
        .and_then(|o| o.notes.clone());
    let terms = outlet
        .terms
        .iter()
        .map(|t| {
            let voice = |v: Voice| t.by_voice.get(&v).copied().unwrap_or(0);
            TermRow {
                label: t.label.clone(),
                anchor: slug(&t.term),
                frame: book.frame_label(&t.term),
                sides: t
                    .by_side
                    .iter()
                    .map(|(s, n)| {
                        let side = if s.is_empty() { None } else { Some(s.as_str()) };
                        format!("{} {n}", book.side_label(side))
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                own: voice(Voice::Own),
                quoted: voice(Voice::Quoted),
                reported: voice(Voice::Reported),
                total: t.total,
            }
        })
        .collect();
    let distinctive = figures
        .distinctive
        .iter()
        .find(|d| d.outlet == outlet.outlet)
        .map(|d| distinctive_view(std::slice::from_ref(d), "und"))
        .and_then(|mut v| v.pop())
        .map_or_else(Vec::new, |v| v.words);
    let mine: Vec<&ArticleScore> = aggregate
        .articles
        .iter()
        .filter(|a| a.outlet == outlet.outlet)
        .collect();
    // Articles with the most loaded terms first, then in canonical order.
    let mut listed = mine.clone();
    listed.sort_by_key(|a| std::cmp::Reverse(a.counts.hits));
    let articles = listed
        .iter()
        .take(OUTLET_ARTICLES)
        .map(|a| article_row(a, paths, &figures.sides))
        .collect();
    OutletView {
        outlet: row,
        bootstrap_few_below: figures.methods.bootstrap_few_below,
        terms,
        distinctive,
        articles,
        articles_omitted: mine.len().saturating_sub(OUTLET_ARTICLES),
    }
}

#[derive(Serialize)]
struct ArticleHeader {
    title: String,
    lang: String,
    dir: String,
    outlet: String,
    outlet_href: String,
    date: String,
    date_source: String,
    event: Option<String>,
    event_href: Option<String>,
    source: String,
    url: Option<String>,
    url_href: Option<String>,
    credits: Option<String>,
    words: u64,
    hits: u64,
    lean: Option<String>,
    /// Own-voice hits by side, shown instead of `lean` with more than two sides.
    by_side: Option<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct DroppedView {
    line: usize,
    text: String,
    reason: String,
}

#[derive(Serialize)]
struct ArticleView {
    article: ArticleHeader,
    html: String,
    notes: Vec<NoteView>,
    dropped: Vec<DroppedView>,
}

fn article_view(
    article: &Article,
    score: &ArticleScore,
    figures: &Figures,
    book: &TermBook,
    sides: &[String],
    paths: &Paths,
) -> ArticleView {
    let (html, notes) = annotated(article, score, book, sides, "");
    let outlet = figures
        .outlets
        .iter()
        .find(|o| o.outlet == score.outlet)
        .map_or_else(
            || crate::corpus::UNKNOWN_OUTLET.to_string(),
            |o| o.name.clone(),
        );
    let date_source = match &article.date_source {
        DateSource::Metadata { origin, .. } => format!("from {origin}"),
        DateSource::Text { line, matched, .. } => format!("read from line {line}: “{matched}”"),
        DateSource::None => "no date in the metadata or the text".to_string(),
    };
    let event_title = score.event.as_ref().map(|id| {
        figures
            .events
            .iter()
            .find(|e| &e.id == id)
            .and_then(|e| e.title.clone())
            .unwrap_or_else(|| id.clone())
    });
    ArticleView {
        article: ArticleHeader {
            title: score.title.clone().unwrap_or_else(|| score.id.clone()),
            lang: score.language.clone(),
            dir: direction(&score.language).into(),
            outlet,
            outlet_href: format!("../{}", paths.outlet(&score.outlet)),
            date: score
                .date
                .map_or_else(|| "undated".into(), |d| d.to_string()),
            date_source,
            event: event_title,
            event_href: score
                .event
                .as_ref()
                .and_then(|e| paths.events.get(e))
                .map(|p| format!("../{p}")),
            source: score.source.clone(),
            url: article.url.clone(),
            url_href: article
                .url
                .as_deref()
                .and_then(safe_url)
                .map(str::to_string),
            credits: (!article.credits.is_empty()).then(|| article.credits.join(", ")),
            words: score.words,
            hits: score.counts.hits,
            lean: score
                .lean
                .map(signed)
                .filter(|_| !many_sides(&figures.sides)),
            by_side: many_sides(&figures.sides)
                .then(|| side_counts_text(score, &figures.sides))
                .filter(|text| text != "—"),
            notes: article.notes.clone(),
        },
        html,
        notes,
        dropped: article
            .dropped
            .iter()
            .map(|d| DroppedView {
                line: d.line,
                text: d.text.clone(),
                reason: d.reason.describe(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct ExampleView {
    left: String,
    matched: String,
    right: String,
    outlet: String,
    href: String,
    voice: String,
    lang: String,
    dir: String,
}

#[derive(Serialize)]
struct GlossaryTerm {
    key: String,
    anchor: String,
    label: Option<String>,
    forms: String,
    favors: String,
    class: String,
    frame: Option<String>,
    severity: String,
    neutral: String,
    explanation: String,
    uses: usize,
    examples: Vec<ExampleView>,
}

#[derive(Serialize)]
struct GlossaryLexicon {
    id: String,
    anchor: String,
    title: String,
    version: String,
    description: String,
    lang: String,
    dir: String,
    terms: Vec<GlossaryTerm>,
}

#[derive(Serialize)]
struct GlossaryView {
    lexicons: Vec<GlossaryLexicon>,
}

fn glossary_view(
    set: &LexiconSet,
    aggregate: &crate::score::Aggregate,
    texts: &HashMap<&str, &Article>,
    book: &TermBook,
    sides: &[String],
    paths: &Paths,
    figures: &Figures,
) -> GlossaryView {
    // Uses of each term, in canonical article order.
    let mut uses: HashMap<String, Vec<(&ArticleScore, &HitRecord)>> = HashMap::new();
    for article in &aggregate.articles {
        for hit in &article.hits {
            uses.entry(hit.key()).or_default().push((article, hit));
        }
    }
    let lexicons = set
        .lexicons()
        .iter()
        .map(|lexicon| {
            let terms = lexicon
                .terms
                .iter()
                .map(|term| {
                    let key = format!("{}/{}", lexicon.meta.id, term.id);
                    let found = uses.get(&key).map_or(&[][..], Vec::as_slice);
                    let examples = found
                        .iter()
                        .filter_map(|(score, hit)| {
                            let article = texts.get(score.id.as_str())?;
                            let crate::kwic::Context { left, right, .. } = crate::kwic::context(
                                &article.text,
                                hit.byte_start..hit.byte_end,
                                EXAMPLE_WORDS,
                            );
                            let outlet = figures
                                .outlets
                                .iter()
                                .find(|o| o.outlet == score.outlet)
                                .map_or_else(
                                    || crate::corpus::UNKNOWN_OUTLET.to_string(),
                                    |o| o.name.clone(),
                                );
                            Some(ExampleView {
                                left,
                                matched: hit.matched.clone(),
                                right,
                                outlet,
                                href: paths
                                    .articles
                                    .get(&score.id)
                                    .cloned()
                                    .unwrap_or_else(|| paths.outlet(&score.outlet)),
                                voice: voice_phrase(hit.voice).into(),
                                lang: score.language.clone(),
                                dir: direction(&score.language).into(),
                            })
                        })
                        .take(EXAMPLES)
                        .collect();
                    let (favors, class) = favors_view(book, lexicon, term, sides);
                    GlossaryTerm {
                        anchor: slug(&key),
                        key,
                        label: term.label.clone(),
                        forms: term.forms.join("، "),
                        favors,
                        class,
                        frame: term.frame.as_ref().map(|id| {
                            lexicon.frame(id).map_or_else(
                                || id.clone(),
                                |f| format!("{} — {}", f.label, f.description),
                            )
                        }),
                        severity: term.severity.to_string(),
                        neutral: term.neutral.join("; "),
                        explanation: term.explanation.clone(),
                        uses: found.len(),
                        examples,
                    }
                })
                .collect();
            GlossaryLexicon {
                id: lexicon.meta.id.clone(),
                anchor: slug(&lexicon.meta.id),
                title: lexicon.meta.title.clone(),
                version: lexicon.meta.version.clone(),
                description: lexicon.meta.description.clone(),
                lang: lexicon.meta.language.code().into(),
                dir: lexicon.meta.language.direction().into(),
                terms,
            }
        })
        .collect();
    GlossaryView { lexicons }
}

fn favors_view(
    book: &TermBook,
    lexicon: &Lexicon,
    term: &Term,
    sides: &[String],
) -> (String, String) {
    match (&term.role, &term.favors) {
        (Role::Attribution { stance, .. }, _) => (
            format!("{stance} toward the party it introduces"),
            "side-none attribution".into(),
        ),
        (_, Favors::Side(side)) => (book.side_label(Some(side)), side_class(Some(side), sides)),
        (_, Favors::Actor) if term.cause_cues.is_empty() => (
            "the side whose people or cause it names".into(),
            "side-none".into(),
        ),
        (_, Favors::Actor) => (
            format!(
                "the side whose people or cause it names; the opponent of a side named after {}",
                term.cause_cues.join("، ")
            ),
            "side-none".into(),
        ),
        (_, Favors::AgainstActor) if term.undone_by.is_empty() => (
            "the opponent of the side it names".into(),
            "side-none".into(),
        ),
        (_, Favors::AgainstActor) => {
            let undoers: Vec<&str> = term
                .undone_by
                .iter()
                .map(|id| {
                    lexicon
                        .terms
                        .iter()
                        .find(|t| &t.id == id)
                        .and_then(|t| t.label.as_deref())
                        .unwrap_or(id)
                })
                .collect();
            (
                format!(
                    "the opponent of the side it names; that side itself when it is the one \
                     undoing it ({})",
                    undoers.join("; ")
                ),
                "side-none".into(),
            )
        }
        (_, Favors::Neutral) => ("no side: loaded language".into(), "side-none".into()),
    }
}

#[derive(Serialize)]
struct MethodologyView<'a> {
    methods: &'a crate::score::figures::MethodsUsed,
    lexicons: &'a [crate::score::figures::LexiconUsed],
    inputs: Vec<&'a crate::score::InputStamp>,
    inputs_omitted: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_distinct() {
        assert_eq!(slug("000_5d4b8b73bcb36329"), "000_5d4b8b73bcb36329");
        let a = slug("dump.jsonl#12");
        let b = slug("dump.jsonl#13");
        assert!(a.starts_with("dump-jsonl-12-") && a != b);
        assert!(!slug("../../etc/passwd").contains('/'));
        assert!(!slug(".hidden").starts_with('.'));
        assert_eq!(slug("مرتزقة").len(), 10);
        // Windows device names, whatever the case and extension, are not file names there.
        for device in ["CON", "nul", "aux.x", "com1", "LPT9.html"] {
            assert_ne!(slug(device), device, "{device}");
        }
        for plain in ["console", "com10", "icon", "com"] {
            assert_eq!(slug(plain), plain, "{plain}");
        }
    }

    #[test]
    fn page_names_are_unique_ignoring_case() {
        let mut names = PageNames::default();
        let hash = |id: &str| sha256_hex(id.as_bytes())[..10].to_string();
        let (a, o) = (hash("a"), hash("o"));
        let spelt = format!("A-{a}");
        // (id, name): the first keeps its slug, a later one equal ignoring case gets a hash.
        let table = [
            ("A", "A".to_string()),
            ("a", format!("a-{a}")),
            ("b", "b".to_string()),
            ("O", "O".to_string()),
            ("o", format!("o-{o}")),
            // Even an id spelling out what a collision was named is kept apart.
            (&spelt, format!("{spelt}-{}", hash(&spelt))),
        ];
        for (id, name) in &table {
            assert_eq!(&names.name(id), name, "{id}");
        }
    }

    #[test]
    fn bootstrap_intervals_from_few_articles_show_only_their_number() {
        let interval = Interval {
            estimate: 0.8,
            low: 0.5,
            high: 1.25,
        };
        // (articles, bootstrap interval, what a page shows)
        let cases = [
            (1, Some(interval), "1 article"),
            (2, Some(interval), "2 articles"),
            (4, Some(interval), "4 articles"),
            (4, None, "4 articles"),
            (5, Some(interval), "0.50–1.25"),
            (5, None, "—"),
        ];
        for (articles, value, shown) in cases {
            assert_eq!(
                bootstrap_range(articles, value.as_ref()),
                shown,
                "{articles}"
            );
        }
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(-0.5, 2), "−0.50");
        assert_eq!(number(-0.0001, 2), "0.00");
        assert_eq!(signed(0.25), "+0.25");
        assert_eq!(p_value(0.0004), "< 0.001");
    }
}
