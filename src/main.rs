//! The `framelens` binary: everything lives in the library and the CLI module.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
