//! The seed corpus, compiled into the binary so `framelens` works from any folder: the five
//! founding articles of `seeds/` and their manifest, `seeds/corpus.toml`.
//!
//! ```
//! assert_eq!(framelens::corpus::bundled::FILES.len(), 5);
//! ```

/// The folder the bundled files are shown under.
pub const ROOT: &str = "seeds";

/// Where the bundled manifest is shown as coming from.
pub const MANIFEST_PATH: &str = "seeds/corpus.toml";

/// The manifest.
pub const MANIFEST: &str = include_str!("../../seeds/corpus.toml");

/// (file name, text) of every seed, in file-name order (the order a folder is read in).
pub const FILES: &[(&str, &str)] = &[
    (
        "000_5d4b8b73bcb36329.txt",
        include_str!("../../seeds/000_5d4b8b73bcb36329.txt"),
    ),
    (
        "001_38c028186f790bcf.txt",
        include_str!("../../seeds/001_38c028186f790bcf.txt"),
    ),
    (
        "002_0b453c8b0ae0108c.txt",
        include_str!("../../seeds/002_0b453c8b0ae0108c.txt"),
    ),
    (
        "003_f3f23a5f4c908b16.txt",
        include_str!("../../seeds/003_f3f23a5f4c908b16.txt"),
    ),
    (
        "004_5db8549f8bdebb44.txt",
        include_str!("../../seeds/004_5db8549f8bdebb44.txt"),
    ),
];
