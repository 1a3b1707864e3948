//! The report's templates and static files: compiled in from `templates/`, and any of them
//! overridable by a file of the same name in a folder (`framelens report --templates DIR`).

use std::path::Path;

use super::ReportError;

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
    files: Vec<(String, String)>,
}

impl Templates {
    /// The bundled templates.
    pub fn bundled() -> Templates {
        Templates {
            files: TEMPLATE_FILES
                .iter()
                .map(|(name, content)| (name.to_string(), content.to_string()))
                .collect(),
        }
    }

    /// The bundled templates, with every file of the same name in `dir` instead.
    pub fn with_overrides(dir: &Path) -> Result<Templates, ReportError> {
        let mut templates = Templates::bundled();
        for (name, content) in &mut templates.files {
            let path = dir.join(name.as_str());
            if path.is_file() {
                *content = std::fs::read_to_string(&path)
                    .map_err(|source| ReportError::TemplateFile { path, source })?;
            }
        }
        Ok(templates)
    }

    /// A static file (`style.css`, `script.js`).
    pub fn file(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, c)| c.as_str())
    }

    /// The compiled tera templates (the `.html` files; autoescaping on).
    pub fn tera(&self) -> Result<tera::Tera, ReportError> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(
            self.files
                .iter()
                .filter(|(name, _)| name.ends_with(".html"))
                .map(|(name, content)| (name.as_str(), content.as_str())),
        )
        .map_err(|e| template_error("templates", &e))?;
        Ok(tera)
    }
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
