//! A zip whose central directory cannot be read (a download cut short): its members are found
//! by walking their local headers from the start, and every member that reads whole is kept, up
//! to the break. The report says the archive is incomplete and from which member on (by number:
//! a member's name may be a person's).
//!
//! Most members state their compressed size in their local header, and the zip crate reads
//! them. A member written by a streaming zipper (general-purpose flag bit 3) states its sizes
//! only after its data, in a data descriptor: a deflated one is inflated to the end of its
//! deflate stream (which marks its own end), and the walk goes on after the descriptor, whose
//! CRC and sizes must agree with what was read. A stored one (media are often stored) ends at
//! the first descriptor that agrees with the bytes before it and is followed by another record.
//! An encrypted one, whose bytes can be neither read nor checked, is passed over up to the first
//! descriptor whose compressed size is the length of the data before it and which another
//! record follows, and listed as encrypted.
//!
//! Must never: write anything to disk, size memory from a declared size (members are read
//! through the same limits as any other), or put a member's name in a diagnostic.

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::sync::Arc;

use super::{
    Backing, Budget, LimitedReader, Limits, Listing, Location, RawMark, new_entry, sanitize_path,
};
use crate::error::AuditError;

/// Members of a recovered zip kept in memory, each and together.
const RECOVERED_MEMBER_BYTES: u64 = 64 << 20;
const RECOVERED_TOTAL_BYTES: u64 = 512 << 20;

const LOCAL_HEADER: &[u8; 4] = b"PK\x03\x04";
const DESCRIPTOR: &[u8; 4] = b"PK\x07\x08";
/// What may follow a member: another member, the central directory, the end records.
const NEXT_RECORDS: [&[u8; 4]; 4] = [LOCAL_HEADER, b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06"];

/// Walk the local headers of `backing` from its start and list every member that reads whole
/// (larger ones than [`RECOVERED_MEMBER_BYTES`] are listed but skipped).
pub(super) fn recover_from_local_headers(
    index: usize,
    mut backing: Backing,
    prefix: &str,
    limits: &Limits,
    budget: &Budget,
    listing: &mut Listing,
    name: &str,
) {
    if backing.seek(SeekFrom::Start(0)).is_err() {
        listing
            .problems
            .push((name.to_string(), AuditError::ArchiveCorrupt));
        return;
    }
    let member_limits = Limits {
        max_member_bytes: limits.max_member_bytes.min(RECOVERED_MEMBER_BYTES),
        ..limits.clone()
    };
    let mut read = 0usize;
    let mut kept: u64 = 0;
    while read < limits.max_entries {
        let step = match streamed_member(&mut backing, &member_limits, budget) {
            Some(step) => step,
            None => zipped_member(&mut backing, &member_limits, budget),
        };
        let (name_in_zip, mut bytes, mut blocked, last) = match step {
            Step::Member {
                name,
                bytes,
                blocked,
                last,
            } => (name, bytes, blocked, last),
            Step::Directory => {
                read += 1;
                continue;
            }
            Step::End | Step::Broken => break,
        };
        kept += bytes.len() as u64;
        if kept > RECOVERED_TOTAL_BYTES && blocked.is_none() {
            blocked = Some(AuditError::TotalBudgetExceeded {
                limit: RECOVERED_TOTAL_BYTES,
            });
            bytes = Vec::new();
        }
        let path = format!("{prefix}{}", sanitize_path(&name_in_zip));
        let size = bytes.len() as u64;
        let mut entry = new_entry(index, path, size, Location::Memory(Arc::from(bytes)));
        entry.blocked = blocked;
        listing.entries.push(entry);
        read += 1;
        if last {
            break;
        }
    }
    // Even a walk that reached the central directory's start saw a damaged archive.
    let problem = if read == 0 {
        AuditError::ArchiveCorrupt
    } else {
        AuditError::ArchiveTruncated { members_read: read }
    };
    listing.problems.push((name.to_string(), problem));
}

/// One step of the walk.
enum Step {
    /// A member, read whole or blocked by a limit; `last` when the walk cannot go past it.
    Member {
        name: String,
        bytes: Vec<u8>,
        blocked: Option<AuditError>,
        last: bool,
    },
    Directory,
    /// The central directory or the end records: no member follows.
    End,
    /// The data breaks here: this member and the rest are lost.
    Broken,
}

/// The next member, read by the zip crate (its compressed size is in its local header).
fn zipped_member(backing: &mut Backing, limits: &Limits, budget: &Budget) -> Step {
    let mark = RawMark::now();
    let member = match zip::read::read_zipfile_from_stream(backing) {
        Ok(Some(member)) => member,
        Ok(None) => return Step::End,
        Err(_) => return Step::Broken,
    };
    if member.is_dir() {
        return Step::Directory;
    }
    let Ok(name) = member.name().map(|n| n.replace('\\', "/")) else {
        return Step::Broken;
    };
    if member.encrypted() {
        // Dropping the member moves the reader past its data.
        return Step::Member {
            name,
            bytes: Vec::new(),
            blocked: Some(AuditError::Encrypted),
            last: false,
        };
    }
    // The walk needs the reader back in place after the member's data: the member is dropped
    // (and the reader moved on) when `read_whole` returns.
    match read_whole(LimitedReader::new(member, limits, budget, Some(mark))) {
        Some((bytes, blocked)) => Step::Member {
            name,
            bytes,
            blocked,
            last: false,
        },
        None => Step::Broken,
    }
}

/// The next member if its sizes follow its data (flag bit 3); `None`, with the reader back where
/// it was, for any other.
fn streamed_member(backing: &mut Backing, limits: &Limits, budget: &Budget) -> Option<Step> {
    let start = backing.stream_position().ok()?;
    let mark = RawMark::now();
    let mut fixed = [0u8; 30];
    let streamed = backing.read_exact(&mut fixed).is_ok()
        && fixed.starts_with(LOCAL_HEADER)
        && u16_at(&fixed, 6) & 0x08 != 0;
    if !streamed {
        backing.seek(SeekFrom::Start(start)).ok()?;
        return None;
    }
    let flags = u16_at(&fixed, 6);
    let method = u16_at(&fixed, 8);
    let name_len = u64::from(u16_at(&fixed, 26));
    let extra_len = u64::from(u16_at(&fixed, 28));
    let mut raw_name = Vec::new();
    let name_read = backing.by_ref().take(name_len).read_to_end(&mut raw_name);
    let data_start = start + 30 + name_len + extra_len;
    if name_read.is_err()
        || raw_name.len() as u64 != name_len
        || backing.seek(SeekFrom::Start(data_start)).is_err()
    {
        return Some(Step::Broken);
    }
    let name = String::from_utf8_lossy(&raw_name).replace('\\', "/");
    let member = Streamed {
        backing,
        name,
        data_start,
        limits,
        budget,
        mark,
    };
    if flags & 0x01 != 0 {
        return Some(member.encrypted());
    }
    match method {
        // A folder entry holds no data: its descriptor follows at once.
        0 if member.name.ends_with('/') => {
            Some(match after_descriptor(member.backing, data_start, &[], 0) {
                Some(()) => Step::Directory,
                None => Step::Broken,
            })
        }
        0 => Some(member.stored()),
        8 => Some(member.inflated()),
        // Another method: no way to find where its data ends, so the walk cannot go on.
        _ => Some(Step::Broken),
    }
}

/// A streamed member whose data starts at `data_start` (the reader is there): what reading it to
/// its end takes.
struct Streamed<'a> {
    backing: &'a mut Backing,
    name: String,
    data_start: u64,
    limits: &'a Limits,
    budget: &'a Budget,
    mark: RawMark,
}

impl Streamed<'_> {
    /// A deflated member read to the end of its deflate stream, the reader left after its data
    /// descriptor.
    fn inflated(self) -> Step {
        let mut inflater = flate2::bufread::DeflateDecoder::new(BufReader::new(&mut *self.backing));
        let limited = LimitedReader::new(&mut inflater, self.limits, self.budget, Some(self.mark));
        let Some((bytes, blocked)) = read_whole(limited) else {
            return Step::Broken;
        };
        if let Some(limit) = blocked {
            return cut_short(self.name, limit);
        }
        let compressed = inflater.total_in();
        drop(inflater);
        let at = self.data_start + compressed;
        match after_descriptor(self.backing, at, &bytes, compressed) {
            Some(()) => Step::Member {
                name: self.name,
                bytes,
                blocked: None,
                last: false,
            },
            None => Step::Broken,
        }
    }

    /// A stored member read up to its data descriptor, the reader left after it. Stored data has
    /// no end marker: it ends at the first place where a descriptor (any of its four forms)
    /// agrees with the bytes before it, CRC and both sizes, and another record follows (or the
    /// bytes end). The CRC is carried along as the bytes are read, so data crafted full of false
    /// descriptors still costs one pass.
    fn stored(self) -> Step {
        let mut reader = LimitedReader::new(
            &mut *self.backing,
            self.limits,
            self.budget,
            Some(self.mark),
        );
        let mut bytes = Vec::new();
        let mut chunk = vec![0u8; 64 << 10];
        let mut ends = StoredEnds::default();
        let (data_end, next_record) = loop {
            let read = match reader.read(&mut chunk) {
                Ok(read) => read,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    return match limit_of(&err) {
                        Some(limit) => cut_short(self.name, limit),
                        None => Step::Broken,
                    };
                }
            };
            bytes.extend_from_slice(&chunk[..read]);
            if let Some(found) = ends.first(&bytes, read == 0) {
                break found;
            }
            if read == 0 {
                return Step::Broken;
            }
        };
        let next = SeekFrom::Start(self.data_start + next_record as u64);
        if self.backing.seek(next).is_err() {
            return Step::Broken;
        }
        bytes.truncate(data_end);
        Step::Member {
            name: self.name,
            bytes,
            blocked: None,
            last: false,
        }
    }
}

impl Streamed<'_> {
    /// An encrypted member, passed over (nothing of it is kept) up to the first descriptor
    /// whose compressed size is the length of the data before it and which another record
    /// follows (or the bytes' end), the reader left after it; listed as encrypted.
    fn encrypted(self) -> Step {
        // Bytes kept from one chunk to the next: a descriptor and a record's signature.
        const OVERLAP: usize = 32;
        let mut chunk = vec![0u8; 64 << 10];
        let mut window: Vec<u8> = Vec::with_capacity(chunk.len() + OVERLAP);
        // Where `window` starts in the member's data.
        let mut window_start = 0usize;
        loop {
            let read = match self.backing.read(&mut chunk) {
                Ok(read) => read,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Step::Broken,
            };
            window.extend_from_slice(&chunk[..read]);
            let found = next_records(&window, 0, read == 0).find(|&next| {
                descriptor_forms(&window, next).any(|(end, fields, wide)| {
                    let data_len = (window_start + end) as u64;
                    match wide {
                        true => u64_at(fields, 4) == Some(data_len),
                        false => u32_at(fields, 4).map(u64::from) == Some(data_len & 0xFFFF_FFFF),
                    }
                })
            });
            if let Some(next) = found {
                let after = SeekFrom::Start(self.data_start + (window_start + next) as u64);
                if self.backing.seek(after).is_err() {
                    return Step::Broken;
                }
                return Step::Member {
                    name: self.name,
                    bytes: Vec::new(),
                    blocked: Some(AuditError::Encrypted),
                    last: false,
                };
            }
            if read == 0 {
                return Step::Broken;
            }
            let dropped = window.len().saturating_sub(OVERLAP);
            window.drain(..dropped);
            window_start += dropped;
        }
    }
}

/// Where a record that may follow a member starts in `bytes`, from `from` on (`whole`: no more
/// bytes will come, so their end counts too).
fn next_records(bytes: &[u8], from: usize, whole: bool) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(&bytes[from..], b"PK")
        .map(move |at| from + at)
        .filter(|&at| {
            let next = &bytes[at..bytes.len().min(at + 4)];
            NEXT_RECORDS.iter().any(|record| next == *record)
        })
        .chain(whole.then_some(bytes.len()))
}

/// The data descriptors that may end at `next` in `bytes`, one per form (longest first): where
/// the data would end, the descriptor's fields after its signature, and whether its sizes are
/// 64-bit. The signature itself is not checked: sizes (and a CRC) that agree are what count.
fn descriptor_forms(bytes: &[u8], next: usize) -> impl Iterator<Item = (usize, &[u8], bool)> {
    // (descriptor length, with its signature, with 64-bit sizes).
    const FORMS: [(usize, bool, bool); 4] = [
        (24, true, true),
        (20, false, true),
        (16, true, false),
        (12, false, false),
    ];
    FORMS.into_iter().filter_map(move |(len, signed, wide)| {
        let end = next.checked_sub(len)?;
        Some((end, &bytes[end + usize::from(signed) * 4..next], wide))
    })
}

/// A member a limit stopped before its end: listed, blocked, and the last the walk can reach
/// (where it ends is unknown).
fn cut_short(name: String, limit: AuditError) -> Step {
    Step::Member {
        name,
        bytes: Vec::new(),
        blocked: Some(limit),
        last: true,
    }
}

/// The search for a stored member's end in its bytes as they grow (see [`Streamed::stored`]).
#[derive(Default)]
struct StoredEnds {
    /// Signatures starting below this were looked at.
    searched: usize,
    /// The CRC of the bytes up to `crc_end` (libdeflate's, with SIMD: flate2's, on the zlib-rs
    /// backend, runs a table loop several times slower).
    crc: libdeflater::Crc,
    crc_end: usize,
}

impl StoredEnds {
    /// The data's end and where the next record starts, if a descriptor that agrees is found in
    /// `bytes` (`whole`: no more bytes will come, so the bytes' end may follow a descriptor).
    fn first(&mut self, bytes: &[u8], whole: bool) -> Option<(usize, usize)> {
        let complete = bytes.len().saturating_sub(NEXT_RECORDS[0].len() - 1);
        let records: Vec<usize> = next_records(bytes, self.searched, whole).collect();
        self.searched = self.searched.max(complete);
        records
            .into_iter()
            .find_map(|next| Some((self.agreeing_end(bytes, next)?, next)))
    }

    /// Where the data ends if a descriptor that agrees with it ends at `next` (the shortest
    /// data first).
    fn agreeing_end(&mut self, bytes: &[u8], next: usize) -> Option<usize> {
        descriptor_forms(bytes, next).find_map(|(end, fields, wide)| {
            let sizes_agree = if wide {
                u64_at(fields, 4) == Some(end as u64) && u64_at(fields, 12) == Some(end as u64)
            } else {
                let narrow = Some(end as u32);
                u32_at(fields, 4) == narrow && u32_at(fields, 8) == narrow
            };
            (sizes_agree && u32_at(fields, 0) == Some(self.crc_to(bytes, next, end))).then_some(end)
        })
    }

    /// The CRC of `bytes[..end]`, for an `end` at most 24 bytes before `next`; the running CRC
    /// moves on to 24 bytes before `next` (the records are met in order, so it only moves on).
    fn crc_to(&mut self, bytes: &[u8], next: usize, end: usize) -> u32 {
        let base = next.saturating_sub(24).max(self.crc_end);
        self.crc.update(&bytes[self.crc_end..base]);
        self.crc_end = base;
        // A copy of the running CRC, moved on over the last bytes.
        let mut crc = libdeflater::Crc::with_initial(self.crc.sum());
        crc.update(&bytes[base..end.max(base)]);
        crc.sum()
    }
}

/// Check the data descriptor at `at` against the member's `data` and `compressed` size, and
/// move the reader past it. A descriptor may start with its own signature, and holds 32-bit
/// sizes or (zip64) 64-bit ones: the form taken is the one whose CRC and sizes agree and after
/// which another record starts (or the bytes end).
fn after_descriptor(backing: &mut Backing, at: u64, data: &[u8], compressed: u64) -> Option<()> {
    backing.seek(SeekFrom::Start(at)).ok()?;
    let mut window = Vec::with_capacity(28);
    backing.by_ref().take(28).read_to_end(&mut window).ok()?;
    let crc = libdeflater::crc32(data);
    let size = data.len() as u64;
    let signed = usize::from(window.starts_with(DESCRIPTOR)) * 4;
    let fields = &window[signed..];
    if u32_at(fields, 0)? != crc {
        return None;
    }
    let narrow = u64::from(u32_at(fields, 4)?) == compressed & 0xFFFF_FFFF
        && u64::from(u32_at(fields, 8)?) == size & 0xFFFF_FFFF;
    let wide = u64_at(fields, 4) == Some(compressed) && u64_at(fields, 12) == Some(size);
    let next_record = |len: usize| {
        window
            .get(len..len + 4)
            .is_none_or(|next| NEXT_RECORDS.iter().any(|record| next == *record))
    };
    let len = [(narrow, signed + 12), (wide, signed + 20)]
        .into_iter()
        .find(|&(agrees, len)| agrees && next_record(len))
        .map(|(_, len)| len)?;
    backing.seek(SeekFrom::Start(at + len as u64)).ok()?;
    Some(())
}

/// A member's bytes read to its end: `None` when its data breaks off; empty bytes and the limit
/// when one stopped it.
fn read_whole(mut reader: impl Read) -> Option<(Vec<u8>, Option<AuditError>)> {
    let mut bytes = Vec::new();
    match reader.read_to_end(&mut bytes) {
        Ok(_) => Some((bytes, None)),
        Err(err) => limit_of(&err).map(|limit| (Vec::new(), Some(limit))),
    }
}

/// The limit a read error stands for, if it is one (any other error is broken data).
fn limit_of(err: &std::io::Error) -> Option<AuditError> {
    match AuditError::from_io(err) {
        limit @ (AuditError::MemberTooLarge { .. }
        | AuditError::RatioExceeded { .. }
        | AuditError::TotalBudgetExceeded { .. }) => Some(limit),
        _ => None,
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    /// How a streamed member's data descriptor is written.
    #[derive(Clone, Copy)]
    enum Descriptor {
        /// With its signature, 32-bit sizes.
        Signed,
        /// Without a signature, 32-bit sizes.
        Bare,
        /// With its signature, zip64's 64-bit sizes.
        Wide,
        /// A CRC that does not match the data.
        BadCrc,
    }

    /// A member as a streaming zipper writes it (flag bit 3): header with no sizes, data, then
    /// the descriptor. `stored` writes the data as is (method 0).
    fn streamed(out: &mut Vec<u8>, name: &str, data: &[u8], stored: bool, form: Descriptor) {
        let body = if stored {
            data.to_vec()
        } else {
            let mut deflater =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            deflater.write_all(data).unwrap();
            deflater.finish().unwrap()
        };
        out.extend_from_slice(LOCAL_HEADER);
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&0x0808u16.to_le_bytes());
        out.extend_from_slice(&(if stored { 0u16 } else { 8 }).to_le_bytes());
        out.extend_from_slice(&[0; 16]); // time, date, CRC and sizes: in the descriptor
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&body);
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let crc = match form {
            Descriptor::BadCrc => crc.sum() ^ 1,
            _ => crc.sum(),
        };
        if !matches!(form, Descriptor::Bare) {
            out.extend_from_slice(DESCRIPTOR);
        }
        out.extend_from_slice(&crc.to_le_bytes());
        if matches!(form, Descriptor::Wide) {
            out.extend_from_slice(&(body.len() as u64).to_le_bytes());
            out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        } else {
            out.extend_from_slice(&(body.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        }
    }

    /// The members recovered from `bytes`: (path, content), and the problem's member count.
    fn recovered(bytes: Vec<u8>) -> (Vec<(String, Vec<u8>)>, Option<usize>) {
        let mut listing = Listing::default();
        let backing = Backing::Memory(Cursor::new(Arc::from(bytes)));
        let limits = Limits::default();
        let budget = Budget::default();
        recover_from_local_headers(0, backing, "", &limits, &budget, &mut listing, "t.zip");
        let members = listing
            .entries
            .iter()
            .map(|entry| {
                let content = entry
                    .read_with(&limits, &budget, |r| {
                        let mut bytes = Vec::new();
                        r.read_to_end(&mut bytes)
                            .map_err(|e| AuditError::from_io(&e))?;
                        Ok(bytes)
                    })
                    .unwrap();
                (entry.path.clone(), content)
            })
            .collect();
        let read = match listing.problems.as_slice() {
            [(_, AuditError::ArchiveTruncated { members_read })] => Some(*members_read),
            _ => None,
        };
        (members, read)
    }

    /// A zip's bytes up to the end of a first, sound member (`first.json`, `text(1)`).
    fn first_member() -> Vec<u8> {
        let mut bytes = Vec::new();
        streamed(
            &mut bytes,
            "first.json",
            &text(1),
            false,
            Descriptor::Signed,
        );
        bytes
    }

    fn text(n: usize) -> Vec<u8> {
        format!(
            "{{\"n\": {n}, \"text\": \"{}\"}}",
            "bonjour ".repeat(n * 40)
        )
        .into_bytes()
    }

    #[test]
    fn streamed_members_are_read_past_every_form_of_descriptor() {
        let mut bytes = Vec::new();
        let forms = [Descriptor::Signed, Descriptor::Bare, Descriptor::Wide];
        for (n, form) in forms.into_iter().enumerate() {
            streamed(&mut bytes, &format!("m{n}.json"), &text(n), false, form);
        }
        streamed(&mut bytes, "folder/", b"", true, Descriptor::Signed);
        // An empty member: its zip64 descriptor also reads as a 32-bit one.
        streamed(&mut bytes, "empty.json", b"", false, Descriptor::Wide);
        streamed(&mut bytes, "last.json", &text(7), false, Descriptor::Bare);
        let (members, read) = recovered(bytes);
        let names: Vec<&str> = members.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            names,
            ["m0.json", "m1.json", "m2.json", "empty.json", "last.json"]
        );
        assert_eq!(members[2].1, text(2));
        assert_eq!(members[4].1, text(7));
        assert_eq!(read, Some(6), "the folder counts as read");
    }

    #[test]
    fn stored_streamed_members_end_at_the_first_descriptor_that_agrees() {
        // Data holding a false descriptor and record signatures (a zip stored in a zip).
        let mut tricky = b"photo bytes PK\x07\x08".to_vec();
        tricky.extend_from_slice(&[0; 12]);
        tricky.extend_from_slice(b"PK\x03\x04 more PK\x01\x02 and PK");
        let mut bytes = Vec::new();
        let forms = [
            Descriptor::Signed,
            Descriptor::Bare,
            Descriptor::Wide,
            Descriptor::Signed,
        ];
        let contents = [tricky.clone(), text(1), vec![0xFF; 70_000], b"PK".to_vec()];
        for (n, (form, data)) in forms.into_iter().zip(&contents).enumerate() {
            streamed(&mut bytes, &format!("s{n}.bin"), data, true, form);
        }
        streamed(&mut bytes, "after.json", &text(3), false, Descriptor::Bare);
        // The last member stored, its descriptor at the very end of the bytes.
        streamed(&mut bytes, "last.bin", &tricky, true, Descriptor::Bare);
        let (members, read) = recovered(bytes);
        let names: Vec<&str> = members.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            names,
            [
                "s0.bin",
                "s1.bin",
                "s2.bin",
                "s3.bin",
                "after.json",
                "last.bin"
            ]
        );
        for (n, data) in contents.iter().enumerate() {
            assert_eq!(&members[n].1, data, "s{n}");
        }
        assert_eq!(members[4].1, text(3));
        assert_eq!(members[5].1, tricky);
        assert_eq!(read, Some(6));
    }

    #[test]
    fn a_streamed_member_over_the_limit_is_listed_blocked_and_ends_the_walk() {
        for stored in [true, false] {
            let mut bytes = Vec::new();
            streamed(&mut bytes, "big.bin", &text(40), stored, Descriptor::Signed);
            streamed(
                &mut bytes,
                "after.json",
                &text(1),
                false,
                Descriptor::Signed,
            );
            let mut listing = Listing::default();
            let backing = Backing::Memory(Cursor::new(Arc::from(bytes)));
            let limits = Limits {
                max_member_bytes: 1_000,
                ..Limits::default()
            };
            let budget = Budget::default();
            recover_from_local_headers(0, backing, "", &limits, &budget, &mut listing, "t.zip");
            let listed: Vec<(&str, bool)> = listing
                .entries
                .iter()
                .map(|entry| (entry.path.as_str(), entry.blocked.is_some()))
                .collect();
            assert_eq!(listed, [("big.bin", true)], "stored: {stored}");
            assert!(matches!(
                listing.entries[0].blocked,
                Some(AuditError::MemberTooLarge { .. })
            ));
        }
    }

    #[test]
    fn an_encrypted_streamed_member_is_listed_and_passed_over() {
        for (form, stored, len) in [
            (Descriptor::Signed, false, 2),
            (Descriptor::Bare, true, 3),
            (Descriptor::Wide, true, 300),
        ] {
            let mut bytes = first_member();
            let secret = bytes.len();
            // Its bytes stand for ciphertext: 96 KB in one case, past one chunk read.
            streamed(&mut bytes, "secret.json", &text(len), stored, form);
            bytes[secret + 6] |= 0x01;
            streamed(&mut bytes, "after.json", &text(4), false, Descriptor::Bare);
            let mut listing = Listing::default();
            let backing = Backing::Memory(Cursor::new(Arc::from(bytes)));
            let (limits, budget) = (Limits::default(), Budget::default());
            recover_from_local_headers(0, backing, "", &limits, &budget, &mut listing, "t.zip");
            let listed: Vec<(&str, bool)> = listing
                .entries
                .iter()
                .map(|e| {
                    (
                        e.path.as_str(),
                        matches!(e.blocked, Some(AuditError::Encrypted)),
                    )
                })
                .collect();
            assert_eq!(
                listed,
                [
                    ("first.json", false),
                    ("secret.json", true),
                    ("after.json", false)
                ],
                "{len}"
            );
        }
    }

    #[test]
    fn the_walk_stops_where_a_streamed_member_cannot_be_trusted_or_ended() {
        for (case, stored, broken) in [
            ("crc", false, Descriptor::BadCrc),
            ("stored crc", true, Descriptor::BadCrc),
            ("cut", false, Descriptor::Signed),
            ("stored cut", true, Descriptor::Signed),
        ] {
            let mut bytes = first_member();
            streamed(&mut bytes, "broken.json", &text(2), stored, broken);
            if case.ends_with("cut") {
                bytes.truncate(bytes.len() - 30);
            }
            streamed(
                &mut bytes,
                "after.json",
                &text(3),
                false,
                Descriptor::Signed,
            );
            let (members, read) = recovered(bytes);
            assert_eq!(members.len(), 1, "{case}");
            assert_eq!(members[0], ("first.json".to_string(), text(1)), "{case}");
            assert_eq!(read, Some(1), "{case}");
        }
    }
}
