//! Tar archives, gzipped (`.tgz`, `.tar.gz`: Google Takeout's other delivery) or not (`.tar`),
//! listed in one streaming pass. A gzip stream cannot be read from the middle, so small members
//! are kept in memory while listing (up to a total bound) and each larger one is read again from
//! the start of the archive when its turn comes: memory stays bounded whatever the archive holds.
//!
//! The listing pass itself goes through the limits (ratio, total size), so a gzip bomb stops the
//! listing with a diagnostic and the members listed so far are still audited. Nothing is
//! extracted to disk; member names are sanitised like zip members.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use flate2::read::GzDecoder;

use super::limits::{self, Budget, LimitedReader, Limits, RawMark};
use super::{Listing, Location, new_entry, sanitize_path};
use crate::error::AuditError;
use crate::model::MemberRead;

/// Members up to this size are kept in memory while listing...
const KEEP_MEMBER_BYTES: u64 = 4 << 20;
/// ...as long as all kept members together stay under this.
const KEEP_TOTAL_BYTES: u64 = 256 << 20;

/// Whether a file name is a tar archive exposure reads.
pub fn is_tar_name(path: &str) -> bool {
    super::archive_extension(path).is_some_and(|ext| ext != ".zip")
}

/// The raw bytes of an archive file, counted for the ratio check.
struct Counted(BufReader<File>);

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        limits::count_raw_bytes(n);
        Ok(n)
    }
}

/// The decompressed tar stream of `path` (gzip is recognised by its magic bytes).
fn open_stream(path: &Path) -> std::io::Result<Box<dyn Read>> {
    let mut magic = [0u8; 2];
    let gzip = File::open(path)?.read_exact(&mut magic).is_ok() && magic == [0x1f, 0x8b];
    let raw = Counted(BufReader::new(File::open(path)?));
    Ok(if gzip {
        Box::new(GzDecoder::new(raw))
    } else {
        Box::new(raw)
    })
}

/// List the regular-file members of the tar archive at `path` into `listing`, their paths under
/// `prefix` (the archive's own path inside a folder input, or "").
pub fn list(index: usize, path: &Path, prefix: &str, limits: &Limits, listing: &mut Listing) {
    let name = super::Input::Path(path.to_path_buf()).display_name();
    let stream = match open_stream(path) {
        Ok(s) => s,
        Err(e) => {
            let err = AuditError::InputUnreadable(e.kind());
            listing.problems.push((name.to_string(), err));
            return;
        }
    };
    // The whole stream is inflated once here: checked against the limits like one big member.
    let listing_budget = Budget::default();
    let stream_limits = Limits {
        max_member_bytes: limits.max_total_bytes,
        ..limits.clone()
    };
    let mark = RawMark::now();
    let limited = LimitedReader::new(stream, &stream_limits, &listing_budget, Some(mark));
    let mut archive = tar::Archive::new(limited);
    let members = match archive.entries() {
        Ok(m) => m,
        Err(_) => {
            listing
                .problems
                .push((name.to_string(), AuditError::ArchiveCorrupt));
            return;
        }
    };
    let shared_path = Arc::new(path.to_path_buf());
    let member_budget = Budget::default();
    let mut kept_bytes = 0u64;
    for (member_index, member) in members.enumerate() {
        if member_index >= limits.max_entries {
            let limit = limits.max_entries;
            listing
                .problems
                .push((name.to_string(), AuditError::TooManyEntries { limit }));
            return;
        }
        let mut member = match member {
            Ok(m) => m,
            Err(e) => {
                // A limit crossed, or the archive is truncated: what was listed is kept. A
                // stream gzip cannot read (a bad header, a broken deflate stream) or bytes that
                // are no tar (a bad header checksum, a block cut short: the tar reader's errors
                // of kind `Other`) are a corrupt archive, not a failed read of the disk.
                let err = match AuditError::from_io(&e) {
                    AuditError::Io(
                        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Other,
                    ) => AuditError::ArchiveCorrupt,
                    other => other,
                };
                listing.problems.push((name.to_string(), err));
                return;
            }
        };
        if !member.header().entry_type().is_file() {
            continue;
        }
        let member_path = format!(
            "{prefix}{}",
            sanitize_path(&String::from_utf8_lossy(&member.path_bytes()))
        );
        let size = member.size();
        let mut entry = new_entry(index, member_path, size, Location::Embedded(&[]));
        if entry.media || entry.os_metadata {
            listing.entries.push(entry);
            continue;
        }
        if size <= KEEP_MEMBER_BYTES && kept_bytes + size <= KEEP_TOTAL_BYTES {
            let mut bytes = Vec::new();
            let read = LimitedReader::new(&mut member, limits, &member_budget, None)
                .read_to_end(&mut bytes);
            match read {
                Ok(_) => {
                    kept_bytes += bytes.len() as u64;
                    entry.location = Location::Memory(Arc::from(bytes));
                }
                Err(e) => entry.blocked = Some(AuditError::from_io(&e)),
            }
        } else {
            entry.location = Location::Tar {
                path: shared_path.clone(),
                index: member_index,
            };
        }
        listing.entries.push(entry);
    }
}

/// Read member `index` of the tar archive at `path` again, from the start of the archive.
pub fn read_member<T>(
    path: &Path,
    index: usize,
    limits: &Limits,
    budget: &Budget,
    f: impl FnOnce(&mut dyn MemberRead) -> Result<T, AuditError>,
) -> Result<T, AuditError> {
    let stream = open_stream(path).map_err(|e| AuditError::InputUnreadable(e.kind()))?;
    let mark = RawMark::now();
    let mut archive = tar::Archive::new(stream);
    let mut members = archive.entries().map_err(|_| AuditError::ArchiveCorrupt)?;
    let member = members
        .nth(index)
        .ok_or(AuditError::MemberCorrupt)?
        .map_err(|e| AuditError::from_io(&e))?;
    let mut reader = LimitedReader::new(member, limits, budget, Some(mark));
    f(&mut reader)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A gzipped tar of `files`, written to a temporary folder.
    fn tgz(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takeout-20250301T101010Z-003.tgz");
        let gz = flate2::write::GzEncoder::new(
            File::create(&path).unwrap(),
            flate2::Compression::default(),
        );
        let mut builder = tar::Builder::new(gz);
        for (name, data) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, name, &data[..]).unwrap();
        }
        builder
            .into_inner()
            .unwrap()
            .finish()
            .unwrap()
            .flush()
            .unwrap();
        (dir, path)
    }

    fn read_all(listing: &Listing, path: &str) -> Vec<u8> {
        let entry = listing.entries.iter().find(|e| e.path == path).unwrap();
        entry
            .read_with(&Limits::default(), &Budget::default(), |r| {
                let mut out = Vec::new();
                r.read_to_end(&mut out)
                    .map_err(|e| AuditError::from_io(&e))?;
                Ok(out)
            })
            .unwrap()
    }

    #[test]
    fn small_members_are_kept_and_large_ones_read_again() {
        let large: Vec<u8> = (0..5u32 << 20).map(|i| (i % 251) as u8).collect();
        let (_dir, path) = tgz(&[
            (
                "Takeout/Profile/Profile.json",
                b"{\"displayName\":\"A\"}".to_vec(),
            ),
            ("Takeout/Location History/Records.json", large.clone()),
            ("Takeout/My Activity/x.json", b"[]".to_vec()),
        ]);
        let mut listing = Listing::default();
        list(0, &path, "", &Limits::default(), &mut listing);
        assert!(listing.problems.is_empty());
        let paths: Vec<&str> = listing.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "Takeout/Profile/Profile.json",
                "Takeout/Location History/Records.json",
                "Takeout/My Activity/x.json"
            ]
        );
        assert!(matches!(listing.entries[0].location, Location::Memory(_)));
        assert!(matches!(
            listing.entries[1].location,
            Location::Tar { index: 1, .. }
        ));
        assert_eq!(
            read_all(&listing, "Takeout/Profile/Profile.json"),
            b"{\"displayName\":\"A\"}"
        );
        assert_eq!(
            read_all(&listing, "Takeout/Location History/Records.json"),
            large
        );
    }

    #[test]
    fn a_truncated_archive_keeps_what_came_before() {
        let (_dir, path) = tgz(&[
            ("Takeout/a.json", b"[1]".to_vec()),
            (
                "Takeout/b.json",
                (0..200_000u32).map(|i| (i * 7 % 256) as u8).collect(),
            ),
        ]);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
        let mut listing = Listing::default();
        list(0, &path, "", &Limits::default(), &mut listing);
        assert_eq!(listing.entries.len(), 2);
        assert_eq!(read_all(&listing, "Takeout/a.json"), b"[1]");
        assert!(listing.entries[1].blocked.is_some(), "the member cut short");
        assert_eq!(listing.problems.len(), 1, "the listing stops at the cut");
    }

    #[test]
    fn a_gzip_bomb_stops_the_listing() {
        let (_dir, path) = tgz(&[
            ("Takeout/a.json", b"[1]".to_vec()),
            ("Takeout/zeros.json", vec![0u8; 4 << 20]),
        ]);
        let limits = Limits {
            ratio_grace_bytes: 64 << 10,
            max_ratio: 20,
            ..Limits::default()
        };
        let mut listing = Listing::default();
        list(0, &path, "", &limits, &mut listing);
        assert_eq!(read_all(&listing, "Takeout/a.json"), b"[1]");
        assert_eq!(
            listing.problems[0].1,
            AuditError::RatioExceeded { limit: 20 }
        );
        assert_eq!(
            listing.entries[1].blocked,
            Some(AuditError::RatioExceeded { limit: 20 })
        );
    }

    #[test]
    fn a_gzip_stream_that_is_no_gzip_is_a_corrupt_archive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takeout.tgz");
        std::fs::write(&path, b"\x1f\x8b\x08garbage, not a deflate stream").unwrap();
        let mut listing = Listing::default();
        list(0, &path, "", &Limits::default(), &mut listing);
        assert!(listing.entries.is_empty());
        assert!(
            matches!(listing.problems[..], [(_, AuditError::ArchiveCorrupt)]),
            "{:?}",
            listing.problems
        );
    }

    #[test]
    fn bytes_that_are_no_tar_are_a_corrupt_archive() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("short.tgz", b"hello, not gzip and not tar".to_vec()),
            (
                "noise.tar",
                (0..1500u32).map(|n| (n * 7 + 3) as u8).collect(),
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let mut listing = Listing::default();
            list(0, &path, "", &Limits::default(), &mut listing);
            assert!(listing.entries.is_empty(), "{name}");
            assert!(
                matches!(listing.problems[..], [(_, AuditError::ArchiveCorrupt)]),
                "{name}: {:?}",
                listing.problems
            );
        }
    }

    #[test]
    fn tar_names() {
        assert!(is_tar_name("takeout-1.tgz") && is_tar_name("x.TAR.GZ") && is_tar_name("a.tar"));
        assert!(!is_tar_name("a.zip") && !is_tar_name("tar.json"));
    }
}
