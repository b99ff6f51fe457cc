//! Inputs -> entries: zip archives (zip64 and nested zips included), tar archives (`.tgz`, see
//! [`tarball`]), folders, single files and the built-in demo, listed as one flat set of entries that workers can read in parallel.
//!
//! Nothing is ever extracted to disk: members are inflated into memory (small ones whole, see
//! [`whole`]) through a [`limits::LimitedReader`], nested zips are opened in memory (up to a size limit), media members are
//! listed and counted but never inflated. Paths are sanitised (no `..`, no control characters) before
//! they are shown or matched. A damaged member or input is reported and the rest goes on.

pub mod limits;
mod recover;
mod tarball;
mod whole;

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zip::ZipArchive;

use crate::error::AuditError;
use crate::model::MemberRead;
pub use limits::{Budget, LimitedReader, Limits, RawMark};

/// One input given on the command line, or the built-in demo.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    /// Files compiled into the binary: (path inside the export, bytes).
    Embedded {
        name: String,
        files: &'static [(&'static str, &'static [u8])],
    },
}

impl Input {
    /// The name shown in reports: the file name, never the full local path.
    pub fn display_name(&self) -> String {
        match self {
            Input::Path(p) => p
                .file_name()
                .map(|n| sanitize_component(&n.to_string_lossy()))
                .unwrap_or_else(|| sanitize_component(&p.to_string_lossy())),
            Input::Embedded { name, .. } => name.clone(),
        }
    }
}

/// A file of an export, ready to be read.
#[derive(Debug)]
pub struct Entry {
    /// Index of the input it came from.
    pub input: usize,
    /// Sanitised path inside the input ('/'-separated; nested zips appear as a folder).
    pub path: String,
    /// Declared (uncompressed) size; trusted only for progress, never for limits.
    pub size: u64,
    /// Images, video, audio: counted and skipped without inflating.
    pub media: bool,
    /// `__MACOSX/`, `._*`, `.DS_Store`: re-zipping debris, skipped.
    pub os_metadata: bool,
    /// Set when the entry cannot be read at all (encrypted, nested too deep...).
    pub blocked: Option<AuditError>,
    location: Location,
}

#[derive(Debug)]
enum Location {
    File(PathBuf),
    Zip {
        archive: Arc<ZipArchive<Backing>>,
        index: usize,
    },
    Embedded(&'static [u8]),
    /// A member read into memory while its archive was listed (a small tar member).
    Memory(Arc<[u8]>),
    /// A large member of a tar archive, read again from the archive's start.
    Tar {
        path: Arc<PathBuf>,
        index: usize,
    },
}

/// What could be listed from the inputs.
#[derive(Debug, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    /// Input-level problems: (input display name, error). An input with a problem may still have entries.
    pub problems: Vec<(String, AuditError)>,
    /// Nested zips opened in memory so far, and their bytes (bounded by the limits).
    nested_zips: usize,
    nested_bytes: u64,
}

/// List every entry of every input. Never fails as a whole: problems are collected.
pub fn list_inputs(inputs: &[Input], limits: &Limits, budget: &Budget) -> Listing {
    let mut listing = Listing::default();
    for (index, input) in inputs.iter().enumerate() {
        match input {
            Input::Path(path) => list_path(index, path, limits, budget, &mut listing),
            Input::Embedded { files, .. } => {
                for (path, bytes) in files.iter() {
                    listing.entries.push(new_entry(
                        index,
                        sanitize_path(path),
                        bytes.len() as u64,
                        Location::Embedded(bytes),
                    ));
                }
            }
        }
    }
    listing
        .entries
        .sort_by(|a, b| (a.input, &a.path).cmp(&(b.input, &b.path)));
    listing
}

impl Entry {
    /// Read the entry through the limits. `f` gets a reader of the inflated bytes, which hands
    /// them out all at once when they lie in memory ([`MemberRead::whole`]).
    pub fn read_with<T>(
        &self,
        limits: &Limits,
        budget: &Budget,
        f: impl FnOnce(&mut dyn MemberRead) -> Result<T, AuditError>,
    ) -> Result<T, AuditError> {
        if let Some(err) = &self.blocked {
            return Err(err.clone());
        }
        match &self.location {
            Location::File(path) => {
                if let Some(read) = whole::read_file(path) {
                    let mut reader = LimitedReader::new(read.bytes(), limits, budget, None);
                    return f(&mut reader);
                }
                let file = File::open(path).map_err(|e| AuditError::InputUnreadable(e.kind()))?;
                let mut reader =
                    LimitedReader::new(std::io::BufReader::new(file), limits, budget, None);
                f(&mut reader)
            }
            Location::Embedded(bytes) => {
                let mut reader = LimitedReader::new(*bytes, limits, budget, None);
                f(&mut reader)
            }
            Location::Memory(bytes) => {
                let mut reader = LimitedReader::new(&bytes[..], limits, budget, None);
                f(&mut reader)
            }
            Location::Tar { path, index } => tarball::read_member(path, *index, limits, budget, f),
            Location::Zip { archive, index } => {
                let mut archive = (**archive).clone();
                let mark = RawMark::now();
                if let Some(inflated) = whole::inflate(&mut archive, *index) {
                    let mut reader =
                        LimitedReader::new(inflated.bytes(), limits, budget, Some(mark));
                    return f(&mut reader);
                }
                let mark = RawMark::now();
                let member = archive.by_index(*index).map_err(map_zip_error)?;
                let mut reader =
                    LimitedReader::new(std::io::BufReader::new(member), limits, budget, Some(mark));
                f(&mut reader)
            }
        }
    }
}

fn new_entry(input: usize, path: String, size: u64, location: Location) -> Entry {
    Entry {
        media: is_media(&path),
        os_metadata: is_os_metadata(&path),
        input,
        path,
        size,
        blocked: None,
        location,
    }
}

fn list_path(index: usize, path: &Path, limits: &Limits, budget: &Budget, listing: &mut Listing) {
    let name = Input::Path(path.to_path_buf()).display_name();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            listing.problems.push((name, AuditError::InputNotFound));
            return;
        }
        Err(e) => {
            listing
                .problems
                .push((name, AuditError::InputUnreadable(e.kind())));
            return;
        }
    };
    if meta.is_dir() {
        let mut files = Vec::new();
        walk_dir(path, &mut files, listing, &name);
        files.sort();
        for file in files {
            let rel = file.strip_prefix(path).unwrap_or(&file);
            let rel = sanitize_path(&rel.to_string_lossy().replace('\\', "/"));
            if looks_like_zip_name(&rel) && looks_like_zip_file(&file) {
                open_zip_file(index, &file, &format!("{rel}/"), 1, limits, budget, listing);
            } else if tarball::is_tar_name(&rel) {
                tarball::list(index, &file, &format!("{rel}/"), limits, listing);
            } else {
                let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                listing
                    .entries
                    .push(new_entry(index, rel, size, Location::File(file)));
            }
        }
    } else if looks_like_zip_file(path) {
        open_zip_file(index, path, "", 0, limits, budget, listing);
    } else if looks_like_zip_name(&name) {
        // Named as a zip but not one (an empty or failed download, an error page saved under
        // the export's name): said as a broken archive, not as an unknown file.
        listing.problems.push((name, AuditError::ArchiveCorrupt));
    } else if tarball::is_tar_name(&name) {
        tarball::list(index, path, "", limits, listing);
    } else {
        listing.entries.push(new_entry(
            index,
            name,
            meta.len(),
            Location::File(path.to_path_buf()),
        ));
    }
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>, listing: &mut Listing, input_name: &str) {
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => {
            listing.problems.push((
                input_name.to_string(),
                AuditError::InputUnreadable(e.kind()),
            ));
            return;
        }
    };
    for item in read.flatten() {
        let path = item.path();
        // symlink_metadata: links are not followed (no loops, no escaping the folder).
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => walk_dir(&path, out, listing, input_name),
            Ok(m) if m.is_file() => out.push(path),
            _ => {}
        }
    }
}

/// The archive extension `name` ends with, in any case: `.zip`, `.tar.gz`, `.tgz` or `.tar`.
pub fn archive_extension(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    [".tar.gz", ".tgz", ".tar", ".zip"]
        .into_iter()
        .find(|ext| lower.ends_with(ext))
}

fn looks_like_zip_name(path: &str) -> bool {
    archive_extension(path) == Some(".zip")
}

fn looks_like_zip_file(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map(|_| magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06")
        .unwrap_or(false)
}

fn open_zip_file(
    index: usize,
    path: &Path,
    prefix: &str,
    depth: u32,
    limits: &Limits,
    budget: &Budget,
    listing: &mut Listing,
) {
    let name = Input::Path(path.to_path_buf()).display_name();
    let backing = match File::open(path).and_then(Backing::file) {
        Ok(b) => b,
        Err(e) => {
            listing
                .problems
                .push((name, AuditError::InputUnreadable(e.kind())));
            return;
        }
    };
    list_zip(
        index, backing, prefix, depth, limits, budget, listing, &name,
    );
}

#[allow(clippy::too_many_arguments)]
fn list_zip(
    index: usize,
    backing: Backing,
    prefix: &str,
    depth: u32,
    limits: &Limits,
    budget: &Budget,
    listing: &mut Listing,
    name: &str,
) {
    let archive = match ZipArchive::new(backing.clone()) {
        Ok(a) => Arc::new(a),
        Err(_) => {
            recover::recover_from_local_headers(
                index, backing, prefix, limits, budget, listing, name,
            );
            return;
        }
    };
    let mut scratch = (*archive).clone();
    let count = archive.len();
    // The zip reader keeps one entry per name: entries the directory declares beyond that were
    // hidden under a name already used.
    if let Some(declared) = declared_entries(&mut scratch.clone().into_inner())
        && declared > count as u64
    {
        listing.problems.push((
            name.to_string(),
            AuditError::DuplicateNames {
                hidden: declared - count as u64,
            },
        ));
    }
    // Where each member's local header is: two entries on one header are one member's data
    // listed twice (an overlapping-entry bomb), read once.
    let mut headers_seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    if count > limits.max_entries {
        listing.problems.push((
            name.to_string(),
            AuditError::TooManyEntries {
                limit: limits.max_entries,
            },
        ));
    }
    for member_index in 0..count.min(limits.max_entries) {
        let Ok(member) = scratch.by_index_raw(member_index) else {
            listing
                .problems
                .push((name.to_string(), AuditError::MemberCorrupt));
            continue;
        };
        if member.is_dir() {
            continue;
        }
        let Ok(name_in_zip) = member.name().map(|n| n.replace('\\', "/")) else {
            listing
                .problems
                .push((name.to_string(), AuditError::MemberCorrupt));
            continue;
        };
        let path = format!("{prefix}{}", sanitize_path(&name_in_zip));
        let size = member.size();
        let encrypted = member.encrypted();
        let overlapping = !headers_seen.insert(member.header_start());
        drop(member);
        let mut entry = new_entry(
            index,
            path.clone(),
            size,
            Location::Zip {
                archive: archive.clone(),
                index: member_index,
            },
        );
        if overlapping {
            entry.blocked = Some(AuditError::OverlappingMember);
        } else if encrypted {
            entry.blocked = Some(AuditError::Encrypted);
        } else if looks_like_zip_name(&path) && !entry.os_metadata {
            if depth + 1 > limits.max_depth {
                entry.blocked = Some(AuditError::NestingTooDeep {
                    limit: limits.max_depth,
                });
            } else if size > limits.max_nested_zip_bytes {
                entry.blocked = Some(AuditError::NestedArchiveTooLarge {
                    limit: limits.max_nested_zip_bytes,
                });
            } else if listing.nested_zips >= limits.max_nested_zips
                || listing.nested_bytes.saturating_add(size) > limits.max_nested_zip_total_bytes
            {
                entry.blocked = Some(AuditError::TooManyNestedArchives {
                    limit: limits.max_nested_zips,
                });
            } else {
                let nested_limits = Limits {
                    max_member_bytes: limits.max_nested_zip_bytes.min(limits.max_member_bytes),
                    ..limits.clone()
                };
                let bytes = entry.read_with(&nested_limits, budget, |r| {
                    let mut buf = Vec::new();
                    r.read_to_end(&mut buf)
                        .map_err(|e| AuditError::from_io(&e))?;
                    Ok(buf)
                });
                match bytes {
                    Ok(bytes) => {
                        listing.nested_zips += 1;
                        listing.nested_bytes += bytes.len() as u64;
                        let backing = Backing::Memory(Cursor::new(Arc::from(bytes)));
                        list_zip(
                            index,
                            backing,
                            &format!("{path}/"),
                            depth + 1,
                            limits,
                            budget,
                            listing,
                            name,
                        );
                        continue;
                    }
                    Err(err) => entry.blocked = Some(err),
                }
            }
        }
        listing.entries.push(entry);
    }
}

fn map_zip_error(err: zip::result::ZipError) -> AuditError {
    use zip::result::ZipError;
    match err {
        ZipError::Io(e) => AuditError::from_io(&e),
        ZipError::UnsupportedArchive(msg) if msg.to_ascii_lowercase().contains("password") => {
            AuditError::Encrypted
        }
        ZipError::UnsupportedArchive(_) => AuditError::UnsupportedCompression,
        _ => AuditError::MemberCorrupt,
    }
}

/// The number of entries a zip's end-of-central-directory record declares (`None` when it is
/// not found in the last 64 KiB, or the archive is zip64, whose count lives elsewhere).
fn declared_entries(backing: &mut Backing) -> Option<u64> {
    let len = backing.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(66_000);
    backing.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; tail_len as usize];
    backing.read_exact(&mut tail).ok()?;
    let at = tail
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x05, 0x06])?;
    let total = tail.get(at + 10..at + 12)?;
    let total = u16::from_le_bytes([total[0], total[1]]);
    (total != u16::MAX).then_some(u64::from(total))
}

/// A zip's bytes, cloneable so that each worker reads with its own cursor.
#[derive(Debug, Clone)]
enum Backing {
    File { file: Arc<File>, pos: u64, len: u64 },
    Memory(Cursor<Arc<[u8]>>),
}

impl Backing {
    fn file(file: File) -> std::io::Result<Backing> {
        let len = file.metadata()?.len();
        Ok(Backing::File {
            file: Arc::new(file),
            pos: 0,
            len,
        })
    }
}

impl Read for Backing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Backing::File { file, pos, .. } => {
                let n = read_at(file, buf, *pos)?;
                *pos += n as u64;
                limits::count_raw_bytes(n);
                Ok(n)
            }
            Backing::Memory(cursor) => {
                let n = cursor.read(buf)?;
                limits::count_raw_bytes(n);
                Ok(n)
            }
        }
    }
}

impl Seek for Backing {
    fn seek(&mut self, target: SeekFrom) -> std::io::Result<u64> {
        match self {
            Backing::File { pos, len, .. } => {
                let new = match target {
                    SeekFrom::Start(n) => Some(n),
                    SeekFrom::End(d) => len.checked_add_signed(d),
                    SeekFrom::Current(d) => pos.checked_add_signed(d),
                };
                let new = new.ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before start")
                })?;
                *pos = new;
                Ok(new)
            }
            Backing::Memory(cursor) => cursor.seek(target),
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

const MEDIA_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff", "mp4", "mov", "avi",
    "mkv", "webm", "m4v", "3gp", "mp3", "m4a", "aac", "wav", "ogg", "opus", "amr", "flac",
];

fn is_media(path: &str) -> bool {
    path.rsplit_once('.')
        .map(|(_, ext)| MEDIA_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

fn is_os_metadata(path: &str) -> bool {
    path.split('/').any(|c| c == "__MACOSX")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with("._") || n == ".DS_Store" || n == "Thumbs.db")
}

/// Make a member path safe to show and match: '/'-separated, no empty, `.` or `..` components, no
/// control characters.
pub fn sanitize_path(path: &str) -> String {
    // Most names need nothing done (a member of every export goes through here).
    let clean = !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..");
    if clean {
        return path.to_string();
    }
    path.split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .map(sanitize_component)
        .collect::<Vec<_>>()
        .join("/")
}

fn sanitize_component(component: &str) -> String {
    component.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_bytes(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        for (name, data) in files {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    fn read_all(entry: &Entry, limits: &Limits, budget: &Budget) -> Result<Vec<u8>, AuditError> {
        entry.read_with(limits, budget, |r| {
            let mut v = Vec::new();
            r.read_to_end(&mut v).map_err(|e| AuditError::from_io(&e))?;
            Ok(v)
        })
    }

    #[test]
    fn sanitize_removes_traversal_and_control_characters() {
        assert_eq!(sanitize_path("../../etc/pa\x1bss\u{7}wd"), "etc/passwd");
        assert_eq!(sanitize_path("/a//b/./c\\d"), "a/b/c/d");
        // A clean name is kept as it is; one a step from clean is mended.
        for clean in ["a/b/c.json", "résumé/ça.txt", "a..b/.c"] {
            assert_eq!(sanitize_path(clean), clean);
        }
        for (name, mended) in [
            ("a/b/", "a/b"),
            ("a/./b", "a/b"),
            ("a/../b", "a/b"),
            ("a\\b", "a/b"),
            ("a/b\u{9b}c", "a/bc"),
            ("a/b\u{85}", "a/b"),
            ("..", ""),
        ] {
            assert_eq!(sanitize_path(name), mended, "{name:?}");
        }
    }

    #[test]
    fn classifies_media_and_os_debris() {
        assert!(is_media("a/b/photo.JPG"));
        assert!(!is_media("a/b/photo.json"));
        assert!(is_os_metadata("__MACOSX/a/._x.json"));
        assert!(is_os_metadata("a/.DS_Store"));
        assert!(!is_os_metadata("a/b.json"));
    }

    #[test]
    fn lists_and_reads_a_zip_with_a_nested_zip() {
        let inner = zip_bytes(&[("deep/file.json", b"{\"a\":1}")]);
        let outer = zip_bytes(&[
            ("root/data.json", b"[1,2,3]"),
            ("root/photo.jpg", b"\xff\xd8\xff"),
            ("root/part2.zip", &inner),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.zip");
        std::fs::write(&path, outer).unwrap();
        let limits = Limits::default();
        let budget = Budget::default();
        let listing = list_inputs(&[Input::Path(path)], &limits, &budget);
        assert!(listing.problems.is_empty());
        let paths: Vec<_> = listing.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "root/data.json",
                "root/part2.zip/deep/file.json",
                "root/photo.jpg"
            ]
        );
        assert!(listing.entries[2].media);
        assert_eq!(
            read_all(&listing.entries[0], &limits, &budget).unwrap(),
            b"[1,2,3]"
        );
        assert_eq!(
            read_all(&listing.entries[1], &limits, &budget).unwrap(),
            b"{\"a\":1}"
        );
    }

    /// List a zip (written to a temporary file) under `limits`: every path, and the blocked
    /// ones with their codes.
    fn list_with(zip: Vec<u8>, limits: &Limits) -> (Vec<String>, Vec<(String, &'static str)>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.zip");
        std::fs::write(&path, zip).unwrap();
        let listing = list_inputs(&[Input::Path(path)], limits, &Budget::default());
        let blocked = listing
            .entries
            .iter()
            .filter_map(|e| e.blocked.as_ref().map(|b| (e.path.clone(), b.code().id())))
            .collect();
        (
            listing.entries.into_iter().map(|e| e.path).collect(),
            blocked,
        )
    }

    #[test]
    fn nesting_beyond_the_limit_is_blocked_not_fatal() {
        let level2 = zip_bytes(&[("x.json", b"{}")]);
        let level1 = zip_bytes(&[("in.zip", &level2)]);
        let outer = zip_bytes(&[("a.json", b"{}"), ("mid.zip", &level1)]);
        let limits = Limits {
            max_depth: 1,
            ..Limits::default()
        };
        let (paths, blocked) = list_with(outer, &limits);
        assert_eq!(
            blocked,
            [("mid.zip/in.zip".to_string(), "limit.nesting_depth")]
        );
        assert!(paths.iter().any(|p| p == "a.json"));
    }

    #[test]
    fn nested_zips_are_bounded_in_number() {
        let inner = zip_bytes(&[("x.json", b"{}")]);
        let outer = zip_bytes(&[("a.zip", &inner), ("b.zip", &inner), ("c.json", b"{}")]);
        let limits = Limits {
            max_nested_zips: 1,
            ..Limits::default()
        };
        let (paths, blocked) = list_with(outer, &limits);
        assert_eq!(blocked, [("b.zip".to_string(), "limit.nested_archives")]);
        assert!(paths.iter().any(|p| p == "a.zip/x.json"));
        assert!(paths.iter().any(|p| p == "c.json"));
    }

    #[test]
    fn a_truncated_zip_is_a_problem_not_a_panic() {
        let bytes = zip_bytes(&[("a.json", b"{\"k\": \"v\"}")]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.zip");
        std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
        let listing = list_inputs(&[Input::Path(path)], &Limits::default(), &Budget::default());
        assert_eq!(listing.problems.len(), 1);
        assert_eq!(listing.problems[0].1.code().id(), "archive.truncated");
        assert_eq!(
            listing.entries.len(),
            1,
            "the member before the break is read"
        );
        // A file named .zip that is no zip at all (empty, an error page) is a broken archive.
        for (file, bytes) in [("empty.zip", &b""[..]), ("page.zip", b"<html>Error</html>")] {
            let path = dir.path().join(file);
            std::fs::write(&path, bytes).unwrap();
            let listing = list_inputs(&[Input::Path(path)], &Limits::default(), &Budget::default());
            assert_eq!(
                listing.problems[0].1.code().id(),
                "archive.corrupt",
                "{file}"
            );
            assert!(listing.entries.is_empty(), "{file}");
        }
        // Random bytes named .zip are corrupt, not truncated.
        let junk = dir.path().join("junk.zip");
        std::fs::write(&junk, b"PK\x03\x04 not really").unwrap();
        let listing = list_inputs(&[Input::Path(junk)], &Limits::default(), &Budget::default());
        assert_eq!(listing.problems[0].1.code().id(), "archive.corrupt");
        assert!(listing.entries.is_empty());
    }

    #[test]
    fn a_member_whose_crc_lies_is_an_error_not_bytes() {
        // Small and deflated: read whole, unless its CRC disagrees; then the streaming reader
        // reads it and fails as it always has.
        let text: Vec<u8> = (0..5_000u32)
            .flat_map(|n| format!("{{\"n\":{n}}},").into_bytes())
            .collect();
        let zip = zip_bytes(&[("a.json", &text)]);
        let mut lying = zip.clone();
        let entry = lying.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        lying[entry + 16] ^= 1;
        let limits = Limits::default();
        let budget = Budget::default();
        for (bytes, honest) in [(zip, true), (lying, false)] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("e.zip");
            std::fs::write(&path, bytes).unwrap();
            let listing = list_inputs(&[Input::Path(path)], &limits, &budget);
            let read = read_all(&listing.entries[0], &limits, &budget);
            assert_eq!(read.is_ok(), honest);
            if honest {
                assert_eq!(read.unwrap(), text);
            }
        }
    }

    #[test]
    fn a_download_cut_in_a_member_keeps_the_members_before_it() {
        let big: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let bytes = zip_bytes(&[
            ("one.json", b"{\"k\": 1}"),
            ("two.json", b"{\"k\": 2}"),
            ("big.bin.json", &big),
            ("four.json", b"{\"k\": 4}"),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.zip");
        // Cut inside the third member's data.
        let cut = bytes
            .windows(12)
            .position(|w| w == b"big.bin.json")
            .unwrap()
            + 4_000;
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let listing = list_inputs(&[Input::Path(path)], &Limits::default(), &Budget::default());
        let names: Vec<&str> = listing.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(names, ["one.json", "two.json"]);
        assert_eq!(
            listing.problems[0].1,
            AuditError::ArchiveTruncated { members_read: 2 }
        );
        let mut text = String::new();
        listing.entries[1]
            .read_with(&Limits::default(), &Budget::default(), |r| {
                r.read_to_string(&mut text)
                    .map_err(|e| AuditError::from_io(&e))
            })
            .unwrap();
        assert_eq!(text, "{\"k\": 2}");
    }

    #[test]
    fn folders_are_walked_and_missing_paths_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/c.json"), b"{}").unwrap();
        let listing = list_inputs(
            &[
                Input::Path(dir.path().to_path_buf()),
                Input::Path(dir.path().join("missing.zip")),
            ],
            &Limits::default(),
            &Budget::default(),
        );
        assert_eq!(listing.entries.len(), 1);
        assert_eq!(listing.entries[0].path, "a/b/c.json");
        assert_eq!(listing.problems[0].1, AuditError::InputNotFound);
    }
}
