//! Size, ratio and nesting limits, enforced while bytes are read (declared sizes can lie).
//!
//! A reader that crosses a limit fails with an `AuditError` carried inside `io::Error`; the
//! caller reports that member as `skipped` and goes on with the rest of the export.
//! It must never trust a declared size, and its errors never name a member's content.

use std::cell::Cell;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::AuditError;
use crate::model::MemberRead;

/// Limits for one run. Defaults fit a laptop and the largest real exports (tens of GB).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Inflated size of one member.
    pub max_member_bytes: u64,
    /// Inflated size of all members together.
    pub max_total_bytes: u64,
    /// Inflated / compressed ratio, checked once `ratio_grace_bytes` have been inflated, against
    /// the compressed bytes consumed so far (a bomb is stopped early, not after its whole size).
    pub max_ratio: u64,
    pub ratio_grace_bytes: u64,
    /// Zips inside zips.
    pub max_depth: u32,
    /// A nested zip is opened in memory, up to this size.
    pub max_nested_zip_bytes: u64,
    /// Nested zips opened in memory per run, and their bytes together.
    pub max_nested_zips: usize,
    pub max_nested_zip_total_bytes: u64,
    /// Entries listed per archive.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_member_bytes: 4 << 30,
            max_total_bytes: 256 << 30,
            max_ratio: 250,
            ratio_grace_bytes: 8 << 20,
            max_depth: 3,
            max_nested_zip_bytes: 512 << 20,
            max_nested_zips: 64,
            max_nested_zip_total_bytes: 1 << 30,
            max_entries: 2_000_000,
        }
    }
}

/// Bytes inflated so far in this run, shared by every worker.
#[derive(Debug, Default, Clone)]
pub struct Budget(Arc<AtomicU64>);

impl Budget {
    pub fn used(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

thread_local! {
    /// Raw (compressed) archive bytes read by this thread. A member is inflated on one thread from
    /// start to end, so the difference over its read is what it consumed of the archive.
    static RAW_BYTES_READ: Cell<u64> = const { Cell::new(0) };
}

/// Called by archive readers for every raw byte they hand to the zip decoder.
pub fn count_raw_bytes(n: usize) {
    RAW_BYTES_READ.with(|c| c.set(c.get().wrapping_add(n as u64)));
}

/// A mark to measure raw bytes consumed from (see [`count_raw_bytes`]).
#[derive(Debug, Clone, Copy)]
pub struct RawMark(u64);

impl RawMark {
    pub fn now() -> RawMark {
        RawMark(RAW_BYTES_READ.with(Cell::get))
    }

    fn consumed(self) -> u64 {
        RAW_BYTES_READ.with(Cell::get).wrapping_sub(self.0)
    }
}

/// Counts what it reads and fails once a limit is crossed.
pub struct LimitedReader<'a, R> {
    inner: R,
    limits: &'a Limits,
    budget: &'a Budget,
    /// For compressed members: where the raw byte count stood when the member was opened.
    compressed_from: Option<RawMark>,
    read: u64,
}

impl<'a, R: Read> LimitedReader<'a, R> {
    pub fn new(
        inner: R,
        limits: &'a Limits,
        budget: &'a Budget,
        compressed_from: Option<RawMark>,
    ) -> Self {
        LimitedReader {
            inner,
            limits,
            budget,
            compressed_from,
            read: 0,
        }
    }

    fn check(&self) -> Result<(), AuditError> {
        if self.read > self.limits.max_member_bytes {
            return Err(AuditError::MemberTooLarge {
                limit: self.limits.max_member_bytes,
            });
        }
        if let Some(mark) = self.compressed_from
            && self.read > self.limits.ratio_grace_bytes
            && self.read / mark.consumed().max(1) > self.limits.max_ratio
        {
            return Err(AuditError::RatioExceeded {
                limit: self.limits.max_ratio,
            });
        }
        if self.budget.used() > self.limits.max_total_bytes {
            return Err(AuditError::TotalBudgetExceeded {
                limit: self.limits.max_total_bytes,
            });
        }
        Ok(())
    }
}

impl<R: Read> Read for LimitedReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.budget.0.fetch_add(n as u64, Ordering::Relaxed);
        self.check().map_err(AuditError::into_io)?;
        Ok(n)
    }
}

/// Bytes in memory, read all at once when the limits allow the whole of them.
impl MemberRead for LimitedReader<'_, &[u8]> {
    fn whole(&mut self) -> Option<&[u8]> {
        let len = self.inner.len() as u64;
        let read = self.read + len;
        let within_member = read <= self.limits.max_member_bytes
            && self.compressed_from.is_none_or(|mark| {
                read <= self.limits.ratio_grace_bytes
                    || read / mark.consumed().max(1) <= self.limits.max_ratio
            });
        if !within_member {
            return None;
        }
        // Counted first, as a read is: two threads never both slip under the total.
        let before = self.budget.0.fetch_add(len, Ordering::Relaxed);
        if before + len > self.limits.max_total_bytes {
            self.budget.0.fetch_sub(len, Ordering::Relaxed);
            return None;
        }
        self.read = read;
        Some(std::mem::take(&mut self.inner))
    }
}

/// Streams: a file on disk, a zip member inflated as it is read.
impl<R: Read> MemberRead for LimitedReader<'_, std::io::BufReader<R>> {}

/// A member of a tar archive.
impl<R: Read> MemberRead for LimitedReader<'_, tar::Entry<'_, R>> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(reader: &mut impl Read) -> Result<u64, AuditError> {
        std::io::copy(reader, &mut std::io::sink()).map_err(|e| AuditError::from_io(&e))
    }

    #[test]
    fn bytes_in_memory_come_whole_only_within_the_limits() {
        let data = vec![b'a'; 5000];
        // 5,000 bytes in memory under `limits`, other members having read `before`: what
        // `whole` gives, the run's total right after it, and what reading on then gives.
        let read = |limits: Limits, before: u64| {
            let budget = Budget::default();
            budget.0.fetch_add(before, Ordering::Relaxed);
            let mut reader = LimitedReader::new(&data[..], &limits, &budget, None);
            let whole = reader.whole().map(<[u8]>::len);
            (whole, budget.used(), drain(&mut reader))
        };
        let limited = |member: u64, total: u64| Limits {
            max_member_bytes: member,
            max_total_bytes: total,
            ..Limits::default()
        };
        // Within every limit (exactly at both, too): all at once, counted, and the reader is
        // at its end.
        assert_eq!(read(Limits::default(), 0), (Some(5000), 5000, Ok(0)));
        assert_eq!(read(limited(5000, 7000), 2000), (Some(5000), 7000, Ok(0)));
        // Over the member's limit: not whole and nothing counted; read as a stream, the read
        // stops at the limit as it always did.
        let over_member = Err(AuditError::MemberTooLarge { limit: 1000 });
        assert_eq!(read(limited(1000, u64::MAX), 0), (None, 0, over_member));
        // Over the run's total, counting what other members read: the same, the total left as
        // it was.
        let over_total = Err(AuditError::TotalBudgetExceeded { limit: 6000 });
        assert_eq!(
            read(limited(u64::MAX, 6000), 2000),
            (None, 2000, over_total)
        );
    }

    #[test]
    fn member_limit_stops_the_read() {
        let limits = Limits {
            max_member_bytes: 1000,
            ..Limits::default()
        };
        let budget = Budget::default();
        let data = vec![b'a'; 5000];
        let mut reader = LimitedReader::new(&data[..], &limits, &budget, None);
        assert_eq!(
            drain(&mut reader),
            Err(AuditError::MemberTooLarge { limit: 1000 })
        );
    }

    #[test]
    fn ratio_limit_applies_after_the_grace_bytes() {
        let limits = Limits {
            max_ratio: 10,
            ratio_grace_bytes: 100,
            ..Limits::default()
        };
        let budget = Budget::default();
        let data = vec![0u8; 10_000];
        // 10 raw bytes consumed for 10 000 inflated: 1000:1.
        let mark = RawMark::now();
        count_raw_bytes(10);
        let mut reader = LimitedReader::new(&data[..], &limits, &budget, Some(mark));
        assert_eq!(
            drain(&mut reader),
            Err(AuditError::RatioExceeded { limit: 10 })
        );
        // A plausible ratio passes.
        let mark = RawMark::now();
        count_raw_bytes(5_000);
        let mut reader = LimitedReader::new(&data[..], &limits, &budget, Some(mark));
        assert_eq!(drain(&mut reader), Ok(10_000));
    }

    #[test]
    fn total_budget_is_shared_between_readers() {
        let limits = Limits {
            max_total_bytes: 1500,
            ..Limits::default()
        };
        let budget = Budget::default();
        let data = vec![1u8; 1000];
        assert_eq!(
            drain(&mut LimitedReader::new(&data[..], &limits, &budget, None)),
            Ok(1000)
        );
        assert_eq!(
            drain(&mut LimitedReader::new(&data[..], &limits, &budget, None)),
            Err(AuditError::TotalBudgetExceeded { limit: 1500 })
        );
    }
}
