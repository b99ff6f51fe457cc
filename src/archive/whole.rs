//! Small deflated zip members inflated whole, in one call (libdeflate: about twice as fast as a
//! streaming inflate on export JSON), and small files of a folder read whole, into buffers kept
//! per thread and read into again: the decoders then read them where they lie.
//!
//! Only a member that is deflated, not encrypted, and whose declared sizes are both at most
//! [`WHOLE_MEMBER_BYTES`] is taken: its inflated bytes must then fill exactly the size it
//! declares and match its CRC. Any other member, and any that fails one of these checks (a
//! declared size that lies, a damaged stream), is left to the streaming reader, which reports
//! it as it always has; so is a file that is not a regular file or whose size changes while it
//! is read. Must never: trust a declared size beyond the buffer it sizes (the inflate is
//! bounded by the buffer), or hand over bytes whose CRC was not checked.

use std::cell::RefCell;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use zip::{CompressionMethod, ZipArchive};

use super::Backing;

/// The largest member taken whole, inflated and compressed (below the ratio limit's grace, so
/// the limits apply to it as to a streamed one), and the largest file.
pub(super) const WHOLE_MEMBER_BYTES: u64 = 4 << 20;

/// A thread's buffers and decompressor, taken out while a member is read (so that a read
/// inside that read finds none and makes its own).
#[derive(Default)]
struct Buffers {
    raw: Vec<u8>,
    inflated: Vec<u8>,
    decompressor: Option<libdeflater::Decompressor>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::default();
}

/// A member inflated whole, or a file read whole; its buffers go back to the thread when it is
/// dropped.
pub(super) struct Whole {
    buffers: Buffers,
    len: usize,
}

impl Whole {
    /// The thread's buffers, their bytes for `len` to be written.
    fn of_len(len: usize) -> Whole {
        Whole {
            buffers: BUFFERS.with(|kept| std::mem::take(&mut *kept.borrow_mut())),
            len,
        }
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.buffers.inflated[..self.len]
    }
}

/// Buffers only grow: the bytes of an earlier use are written over, never zeroed again.
fn grow(buffer: &mut Vec<u8>, len: usize) {
    if buffer.len() < len {
        buffer.resize(len, 0);
    }
}

impl Drop for Whole {
    fn drop(&mut self) {
        let buffers = std::mem::take(&mut self.buffers);
        BUFFERS.with(|kept| *kept.borrow_mut() = buffers);
    }
}

/// Member `index` of `archive` inflated whole, or `None` for the streaming reader to read it.
pub(super) fn inflate(archive: &mut ZipArchive<Backing>, index: usize) -> Option<Whole> {
    let mut member = archive.by_index_raw(index).ok()?;
    let (size, compressed) = (member.size(), member.compressed_size());
    if member.compression() != CompressionMethod::Deflated
        || member.encrypted()
        || size > WHOLE_MEMBER_BYTES
        || compressed > WHOLE_MEMBER_BYTES
    {
        return None;
    }
    let (size, compressed) = (
        usize::try_from(size).ok()?,
        usize::try_from(compressed).ok()?,
    );
    let crc = member.crc32();
    let mut inflated = Whole::of_len(size);
    let buffers = &mut inflated.buffers;
    grow(&mut buffers.raw, compressed);
    grow(&mut buffers.inflated, size);
    let raw = &mut buffers.raw[..compressed];
    member.read_exact(raw).ok()?;
    let decompressor = buffers
        .decompressor
        .get_or_insert_with(libdeflater::Decompressor::new);
    let out = &mut buffers.inflated[..size];
    let written = decompressor.deflate_decompress(raw, out).ok()?;
    (written == size && libdeflater::crc32(out) == crc).then_some(inflated)
}

/// A regular file of at most [`WHOLE_MEMBER_BYTES`] read whole, or `None` for the streaming
/// reader to read it (a larger file, another kind of file, one that cannot be opened here, or
/// one whose size changed while it was read).
pub(super) fn read_file(path: &Path) -> Option<Whole> {
    let mut file = File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() > WHOLE_MEMBER_BYTES {
        return None;
    }
    let size = usize::try_from(metadata.len()).ok()?;
    let mut read = Whole::of_len(size);
    grow(&mut read.buffers.inflated, size);
    file.read_exact(&mut read.buffers.inflated[..size]).ok()?;
    // Nothing after: the file did not grow while it was read.
    (file.read(&mut [0u8; 1]).ok()? == 0).then_some(read)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};
    use std::sync::Arc;

    use zip::write::SimpleFileOptions;

    use super::*;

    fn zip_of(files: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        for (name, data, method) in files {
            let options = SimpleFileOptions::default().compression_method(*method);
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    fn archive(bytes: Vec<u8>) -> ZipArchive<Backing> {
        ZipArchive::new(Backing::Memory(Cursor::new(Arc::from(bytes)))).unwrap()
    }

    fn streamed(archive: &mut ZipArchive<Backing>, index: usize) -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        archive.by_index(index)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Export-like JSON of about `len` bytes.
    fn json_text(len: usize) -> Vec<u8> {
        let mut text = b"[".to_vec();
        let mut n = 0u32;
        while text.len() < len {
            text.extend_from_slice(
                format!("{{\"n\":{n},\"t\":\"caf\\u00c3\\u00a9 {n}\"}},").as_bytes(),
            );
            n = n.wrapping_mul(2_654_435_761).wrapping_add(1);
        }
        text.truncate(len);
        text
    }

    #[test]
    fn small_deflated_members_come_whole_as_they_stream() {
        use CompressionMethod::{Deflated, Stored};
        let cap = WHOLE_MEMBER_BYTES as usize;
        let noise: Vec<u8> = (0..50_000u32)
            .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let (text, largest, over) = (json_text(300_000), json_text(cap), json_text(cap + 1));
        let files: [(&str, &[u8], _); 7] = [
            ("empty.json", b"", Deflated),
            ("one.json", b"1", Deflated),
            ("text.json", &text, Deflated),
            ("noise.bin", &noise, Deflated),
            ("largest.json", &largest, Deflated),
            ("stored.json", b"[1]", Stored),
            ("over.json", &over, Deflated),
        ];
        let mut archive = archive(zip_of(&files));
        for (index, (name, data, _)) in files.iter().enumerate() {
            let whole = inflate(&mut archive, index);
            let taken = !matches!(*name, "stored.json" | "over.json");
            assert_eq!(whole.is_some(), taken, "{name}");
            if let Some(whole) = whole {
                assert_eq!(whole.bytes(), *data, "{name}");
                assert_eq!(whole.bytes(), streamed(&mut archive, index).unwrap());
            }
        }
        // The buffers kept from the largest member serve a smaller one after it.
        let again = inflate(&mut archive, 1).unwrap();
        assert_eq!(again.bytes(), b"1");
    }

    #[test]
    fn small_regular_files_are_read_whole_and_others_left_to_the_stream() {
        let dir = tempfile::tempdir().unwrap();
        let cap = WHOLE_MEMBER_BYTES as usize;
        for (name, data) in [
            ("empty.json", Vec::new()),
            ("one.json", b"1".to_vec()),
            ("text.json", json_text(300_000)),
            ("largest.json", json_text(cap)),
            ("small.json", b"[2]".to_vec()),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, &data).unwrap();
            let whole = read_file(&path).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(whole.bytes(), &data[..], "{name}");
        }
        let over = dir.path().join("over.json");
        std::fs::write(&over, json_text(cap + 1)).unwrap();
        assert!(read_file(&over).is_none(), "larger than the cap");
        assert!(read_file(dir.path()).is_none(), "a folder");
        assert!(read_file(&dir.path().join("missing")).is_none(), "missing");
        #[cfg(unix)]
        assert!(
            read_file(Path::new("/dev/zero")).is_none(),
            "not a regular file"
        );
    }

    /// `zip` with the central directory's field at `offset` of its (only) entry replaced.
    fn with_directory_field(mut zip: Vec<u8>, offset: usize, value: u32) -> Vec<u8> {
        let entry = zip.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        zip[entry + offset..entry + offset + 4].copy_from_slice(&value.to_le_bytes());
        zip
    }

    #[test]
    fn members_whose_headers_lie_are_left_to_the_streaming_reader() {
        const CRC: usize = 16;
        const SIZE: usize = 24;
        let text = json_text(100_000);
        let zip = zip_of(&[("a.json", &text, CompressionMethod::Deflated)]);
        let true_crc = archive(zip.clone()).by_index_raw(0).unwrap().crc32();
        let size = text.len() as u32;
        let lies = [
            (CRC, true_crc ^ 1),
            (SIZE, size - 1),
            (SIZE, size + 1),
            (SIZE, WHOLE_MEMBER_BYTES as u32 + 1),
        ];
        assert!(inflate(&mut archive(zip.clone()), 0).is_some());
        for (offset, value) in lies {
            let mut lying = archive(with_directory_field(zip.clone(), offset, value));
            assert!(inflate(&mut lying, 0).is_none(), "{offset} {value}");
        }
        // The streaming reader reports the wrong CRC, as it always has.
        let mut lying = archive(with_directory_field(zip, CRC, true_crc ^ 1));
        assert!(streamed(&mut lying, 0).is_err());
    }
}
