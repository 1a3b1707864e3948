//! `framelens normalize`: show the text as the matcher sees it.

use std::io::Read;

use anyhow::Context;
use clap::{Args, ValueEnum};
use framelens::text::{Folding, normalize_with};

use super::{LangArg, Outcome, print};

#[derive(Args)]
pub struct NormalizeArgs {
    /// The text's language. Arabic and English share one normalization (so mixed text works);
    /// the flag documents intent and is checked.
    #[arg(long, value_enum, default_value = "ar")]
    lang: LangArg,
    /// Also fold hamza on a carrier (ؤ → و, ئ → ي), as lexicons with `normalization = "hamza"`.
    #[arg(long, value_enum, default_value = "standard")]
    folding: FoldingArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum FoldingArg {
    Standard,
    Hamza,
}

pub fn run(args: &NormalizeArgs) -> anyhow::Result<Outcome> {
    let _ = args.lang;
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read stdin as UTF-8 text")?;
    let folding = match args.folding {
        FoldingArg::Standard => Folding::Standard,
        FoldingArg::Hamza => Folding::Hamza,
    };
    let mut normalized = normalize_with(&text, folding);
    if text.ends_with('\n') && !normalized.ends_with('\n') {
        normalized.push('\n');
    }
    print(&normalized)?;
    Ok(Outcome::Clean)
}
