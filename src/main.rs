//! The `framelens` binary: everything lives in the library and the CLI module.

mod cli;

/// Scoring reads articles on one thread and frees them on another, and builds records on the
/// workers that the reading thread frees: with the system allocator the threads queued on its
/// arena locks (close to a tenth of a corpus run in futex calls and scheduling). mimalloc
/// frees across threads without a shared lock.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // mimalloc asks for transparent huge pages, and the first touch of each zeroes 2 MiB
    // however little of it is used before it is given back. On SaudiNewsNet that made the
    // system time swing between 0.06 and 0.19 s from run to run (0.05-0.10 s without them)
    // and the peak memory 69 MB (41 MB without). Where the kernel refuses, only speed differs.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    cli::main()
}
