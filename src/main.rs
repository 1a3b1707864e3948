//! The `framelens` binary: everything lives in the library and the CLI module.

mod cli;

/// Scoring reads articles on one thread and frees them on another, and builds records on the
/// workers that the reading thread frees: with the system allocator the threads queued on its
/// arena locks (close to a tenth of a corpus run in futex calls and scheduling). mimalloc
/// frees across threads without a shared lock.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
