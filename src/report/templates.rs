//! The report's templates and static files: compiled in from `templates/`, and any of them
//! overridable by a file of the same name in a folder (`framelens report --templates DIR`).

use std::path::{Path, PathBuf};

use super::ReportError;
use super::folder::LITTER;

/// (name, content) of every bundled template and static file.
pub const TEMPLATE_FILES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("event.html", include_str!("../../templates/event.html")),
    ("outlet.html", include_str!("../../templates/outlet.html")),
    ("article.html", include_str!("../../templates/article.html")),
    (
        "glossary.html",
        include_str!("../../templates/glossary.html"),
    ),
    (
        "methodology.html",
        include_str!("../../templates/methodology.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    ("script.js", include_str!("../../templates/script.js")),
];

/// The templates a report is rendered with.
#[derive(Clone, Debug)]
pub struct Templates {
    files: Vec<TemplateFile>,
    /// The folder overriding the bundled files, if any.
    folder: Option<PathBuf>,
}

/// One template or static file.
#[derive(Clone, Debug)]
struct TemplateFile {
    name: &'static str,
    content: String,
    /// The file it was read from, when it overrides the bundled one.
    path: Option<PathBuf>,
}

impl Templates {
    /// The bundled templates.
    pub fn bundled() -> Templates {
        Templates {
            files: TEMPLATE_FILES
                .iter()
                .map(|&(name, content)| TemplateFile {
                    name,
                    content: content.to_string(),
                    path: None,
                })
                .collect(),
            folder: None,
        }
    }

    /// The bundled templates, with every file of the same name in `dir` instead.
    ///
    /// `dir` must be a folder, and hold nothing but files named as the bundled ones (hidden
    /// files and a file manager's litter aside): a misspelt name (`Index.html`) would leave the
    /// bundled template in use without a word, so it is an error. Names are compared exactly,
    /// also on file systems that ignore case, so that a folder means the same everywhere.
    pub fn with_overrides(dir: &Path) -> Result<Templates, ReportError> {
        let folder_error = |problem: String| ReportError::TemplateFolder {
            path: dir.to_path_buf(),
            problem,
        };
        if !dir.exists() {
            return Err(folder_error("no such folder".to_string()));
        }
        if !dir.is_dir() {
            return Err(folder_error("not a folder".to_string()));
        }
        let mut names = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| folder_error(e.to_string()))?;
        for entry in entries {
            let entry = entry.map_err(|e| folder_error(e.to_string()))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        let mut templates = Templates::bundled();
        let mut unknown = Vec::new();
        for name in names {
            if name.starts_with('.') || LITTER.contains(&name.as_str()) {
                continue;
            }
            let Some(file) = templates.files.iter_mut().find(|f| f.name == name) else {
                unknown.push(name);
                continue;
            };
            let path = dir.join(&name);
            file.content =
                std::fs::read_to_string(&path).map_err(|source| ReportError::TemplateFile {
                    path: path.clone(),
                    source,
                })?;
            file.path = Some(path);
        }
        if !unknown.is_empty() {
            return Err(ReportError::UnknownTemplates {
                path: dir.to_path_buf(),
                names: unknown,
            });
        }
        templates.folder = Some(dir.to_path_buf());
        Ok(templates)
    }

    /// A static file (`style.css`, `script.js`).
    pub fn file(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|f| f.name == name)
            .map_or("", |f| f.content.as_str())
    }

    /// Where the template `name` comes from, for messages: the file that overrides it, or its
    /// bundled name.
    pub fn origin(&self, name: &str) -> String {
        self.files
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.path.as_ref())
            .map_or_else(|| name.to_string(), |path| path.display().to_string())
    }

    /// The compiled tera templates (the `.html` files; autoescaping on).
    pub fn tera(&self) -> Result<tera::Tera, ReportError> {
        let html = || self.files.iter().filter(|f| f.name.ends_with(".html"));
        // Each parsed on its own first, so that a syntax error names the file it is in; tera
        // parses them all at once.
        for file in html() {
            tera::Template::new(file.name, None, &file.content).map_err(|e| {
                // Worded as tera words it when it parses them all.
                let e = tera::Error::chain(format!("Failed to parse '{}'", file.name), e);
                template_error(&self.origin(file.name), &e)
            })?;
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(html().map(|f| (f.name, f.content.as_str())))
            .map_err(|e| {
                let culprit = match e.kind {
                    tera::ErrorKind::MissingParent { ref current, .. } => Some(current),
                    tera::ErrorKind::CircularExtend { ref tpl, .. } => Some(tpl),
                    _ => None,
                };
                let name = match (culprit, &self.folder) {
                    (Some(name), _) => self.origin(name),
                    (None, Some(folder)) => format!("templates in {}", folder.display()),
                    (None, None) => "templates".to_string(),
                };
                template_error(&name, &e)
            })?;
        Ok(tera)
    }
}

/// The message for files of a templates folder that are no template: each name, with the
/// template it was probably meant to be when only the case differs, and the names allowed.
pub(super) fn unknown_templates(names: &[String]) -> String {
    let named: Vec<String> = names
        .iter()
        .map(|name| {
            match TEMPLATE_FILES
                .iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(name))
            {
                Some((known, _)) => {
                    format!("{name} (did you mean {known}? names are case-sensitive)")
                }
                None => name.clone(),
            }
        })
        .collect();
    let allowed: Vec<&str> = TEMPLATE_FILES.iter().map(|(name, _)| *name).collect();
    format!(
        "{}; it may hold only {} (hidden files are ignored)",
        named.join(", "),
        allowed.join(", ")
    )
}

/// A tera error with its whole chain, which says where in the template it went wrong.
pub fn template_error(name: &str, error: &tera::Error) -> ReportError {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    ReportError::Template {
        name: name.to_string(),
        message,
    }
}
