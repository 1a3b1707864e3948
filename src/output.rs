//! Writing output files so that a failed run never leaves a half-written one: everything is
//! written beside the target under a temporary name and moved into place only when complete.
//!
//! ```
//! use std::io::Write;
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("out.txt");
//! framelens::output::write_atomic(&path, |w| w.write_all(b"done")).unwrap();
//! assert_eq!(std::fs::read_to_string(&path).unwrap(), "done");
//! ```

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Bytes written per system call: score records run to tens of megabytes, and 8 KiB writes
/// doubled the system time of scoring SaudiNewsNet (0.06 s → 0.12 s).
const WRITE_BUFFER: usize = 1 << 20;

/// The first room set aside ahead of the writes; each later step is the room so far (so a file
/// is at most about twice its size while written), up to [`MOST_AHEAD`].
const FIRST_AHEAD: u64 = 1 << 20;
/// The largest step of room set aside at once.
const MOST_AHEAD: u64 = 64 << 20;

/// The file [`write_atomic`] writes: a temporary file with its disk space set aside ahead of
/// the writes, or a device written as it is.
///
/// Why set space aside: ext4, renaming a file over an existing one, first allocates and starts
/// writing out every block of the new file still waiting for its delayed allocation (so that a
/// crash just after a replace-by-rename does not leave an empty file). For the 64 MB of records
/// of SaudiNewsNet that rename took 25-40 ms, and the run waited for it at its very end (0.54 s
/// with the output replaced, 0.50 s with none there before). Blocks allocated up front
/// (`fallocate`, as unwritten extents: no zeroing) have nothing waiting: the rename takes
/// 3-4 ms, the writes themselves get faster, and the room not used is cut off before the
/// rename. Where a filesystem cannot set space aside (or the disk is nearly full) the file is
/// written as it comes.
pub struct OutputFile {
    file: fs::File,
    /// Bytes written so far.
    written: u64,
    /// Bytes of room set aside from the start; the file's length while it is written.
    ahead: u64,
    /// Whether to set room aside: not for a device, nor once the filesystem refused.
    reserving: bool,
}

impl OutputFile {
    fn new(file: fs::File, reserving: bool) -> OutputFile {
        OutputFile {
            file,
            written: 0,
            ahead: 0,
            reserving: reserving && cfg!(target_os = "linux"),
        }
    }

    /// Sets room aside for `len` more bytes when the room so far is short of them.
    fn reserve(&mut self, len: usize) {
        let end = self.written + len as u64;
        if !self.reserving || end <= self.ahead {
            return;
        }
        let step = self.ahead.clamp(FIRST_AHEAD, MOST_AHEAD);
        let ahead = end.max(self.ahead + step);
        #[cfg(target_os = "linux")]
        let reserved = rustix::fs::fallocate(
            &self.file,
            rustix::fs::FallocateFlags::empty(),
            self.ahead,
            ahead - self.ahead,
        );
        #[cfg(not(target_os = "linux"))]
        let reserved: Result<(), ()> = Err(());
        match reserved {
            Ok(()) => self.ahead = ahead,
            // Unsupported, or no space for the room: the bytes may still fit as they come.
            Err(_) => self.reserving = false,
        }
    }

    /// Cuts off the room not written into.
    fn finish(self) -> io::Result<()> {
        if self.ahead > self.written {
            self.file.set_len(self.written)?;
        }
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.reserve(bytes.len());
        let n = self.file.write(bytes)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A path beside `target` that no other run uses: `.<name>.tmp-<pid>-<n>`.
fn temporary_beside(target: &Path) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Writes `target` through `write`, atomically: on any error the target is untouched and the
/// temporary file removed.
pub fn write_atomic(
    target: &Path,
    write: impl FnOnce(&mut BufWriter<OutputFile>) -> io::Result<()>,
) -> io::Result<()> {
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written as it is: renaming a
    // file over it would replace the device.
    if fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let device = fs::OpenOptions::new().write(true).open(target)?;
        let mut out = BufWriter::with_capacity(WRITE_BUFFER, OutputFile::new(device, false));
        write(&mut out)?;
        return out.into_inner().map_err(|e| e.into_error()).map(drop);
    }
    let temporary = temporary_beside(target);
    let result = (|| {
        let file = OutputFile::new(fs::File::create(&temporary)?, true);
        let mut out = BufWriter::with_capacity(WRITE_BUFFER, file);
        write(&mut out)?;
        // No `sync_all` before the rename: the rename already makes the replacement whole for
        // every reader and for a run that fails, which is the promise; waiting for the disk
        // too (surviving a power cut) cost 26 ms of a 0.5 s scoring run for 64 MB of records
        // here, and seconds on a slow or network disk, for output that can be made again.
        out.into_inner().map_err(|e| e.into_error())?.finish()?;
        fs::rename(&temporary, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// A folder written whole, then swapped in for the target folder: a failed run leaves the
/// previous folder as it was, and nothing beside it.
#[derive(Debug)]
pub struct AtomicDir {
    target: PathBuf,
    temporary: PathBuf,
    /// The missing parent folders `new` created, outermost first: removed again, when empty,
    /// if the folder is never committed.
    created: Vec<PathBuf>,
    done: bool,
}

impl AtomicDir {
    /// Starts a folder that will replace `target` (which need not exist, but when it does must
    /// be a folder: `commit` replaces nothing else).
    pub fn new(target: &Path) -> io::Result<AtomicDir> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty());
        let mut created: Vec<PathBuf> = parent
            .into_iter()
            .flat_map(Path::ancestors)
            .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
            .map(Path::to_path_buf)
            .collect();
        created.reverse();
        // Empty until created: on an error from here on, the drop removes what was made.
        let mut folder = AtomicDir {
            target: target.to_path_buf(),
            temporary: PathBuf::new(),
            created,
            done: false,
        };
        if let Some(parent) = parent {
            fs::create_dir_all(parent)?;
        }
        let temporary = temporary_beside(target);
        fs::create_dir(&temporary)?;
        folder.temporary = temporary;
        Ok(folder)
    }

    /// Where to write the folder's files for now.
    pub fn path(&self) -> &Path {
        &self.temporary
    }

    /// Moves the finished folder into place, replacing the previous one. A target that is not a
    /// folder (a file, a link, a device) is an error with nothing moved.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let had_previous = match fs::symlink_metadata(&self.target) {
            Ok(m) if m.is_dir() => true,
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "something other than a folder is there",
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        let previous = temporary_beside(&self.target);
        if had_previous {
            fs::rename(&self.target, &previous)?;
        }
        if let Err(e) = fs::rename(&self.temporary, &self.target) {
            if had_previous {
                let _ = fs::rename(&previous, &self.target);
            }
            return Err(e);
        }
        self.done = true;
        if had_previous {
            fs::remove_dir_all(&previous).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "the new folder is in place, but the previous one, moved to {}, could not \
                         be removed: {e}",
                        previous.display()
                    ),
                )
            })?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.done {
            if !self.temporary.as_os_str().is_empty() {
                let _ = fs::remove_dir_all(&self.temporary);
            }
            // Only empty folders go: another process may have written into one meanwhile.
            for dir in self.created.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let failed = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("broken"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn room_set_aside_is_cut_off_and_every_byte_kept() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        fs::write(&path, "old").unwrap();
        // 5,000,150 bytes in odd pieces: past the first steps of room (1, 2, 4 MB; 8 in all).
        let piece: Vec<u8> = (0..100_003u32).map(|i| b'a' + (i % 26) as u8).collect();
        write_atomic(&path, |w| {
            for _ in 0..50 {
                w.write_all(&piece)?;
            }
            Ok(())
        })
        .unwrap();
        let written = fs::read(&path).unwrap();
        assert_eq!(written.len(), 5_000_150);
        assert!(written.chunks(100_003).all(|c| c == piece.as_slice()));
        // The blocks the file holds: its bytes, not the 8 MB set aside.
        let held = fs::metadata(&path).unwrap().blocks() * 512;
        assert!(held < 5_000_150 + (1 << 20), "{held} bytes of disk held");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_small_file_holds_no_room_beyond_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, |w| w.write_all(b"id,words\n")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"id,words\n");
        assert_eq!(fs::metadata(&path).unwrap().len(), 9);
    }

    #[test]
    fn a_device_is_written_in_place() {
        write_atomic(Path::new("/dev/null"), |w| w.write_all(b"gone")).unwrap();
        assert!(!fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn a_folder_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("index.html"), "old").unwrap();
        {
            let unfinished = AtomicDir::new(&target).unwrap();
            fs::write(unfinished.path().join("index.html"), "new").unwrap();
        }
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        let finished = AtomicDir::new(&target).unwrap();
        fs::write(finished.path().join("index.html"), "new").unwrap();
        finished.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unfinished_folder_leaves_no_parent_it_created() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new/deeper/report");
        drop(AtomicDir::new(&target).unwrap());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        let finished = AtomicDir::new(&target).unwrap();
        finished.commit().unwrap();
        assert!(target.is_dir());
    }

    #[test]
    fn a_file_is_never_replaced_by_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("f.txt");
        fs::write(&target, "{\"x\":1}").unwrap();
        let folder = AtomicDir::new(&target).unwrap();
        fs::write(folder.path().join("index.html"), "new").unwrap();
        assert_eq!(
            folder.commit().unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "{\"x\":1}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
