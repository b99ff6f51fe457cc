//! Typed errors of the library, each with a stable diagnostic code.
//!
//! These messages end up in reports and on stderr, so they must never carry a value read from an
//! export: no file content, no parser message that quotes input (serde_json's messages do, so JSON
//! errors keep only line and column). File paths travel separately, in the diagnostic's `file`.

use thiserror::Error;

use crate::model::DiagnosticCode;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum AuditError {
    #[error("input path does not exist")]
    InputNotFound,
    #[error("input cannot be read ({0:?})")]
    InputUnreadable(std::io::ErrorKind),
    #[error(
        "not a valid archive (a zip's central directory or a tar or gzip stream truncated or corrupt)"
    )]
    ArchiveCorrupt,
    #[error(
        "incomplete archive (an interrupted download?): its index is missing; the first {members_read} members were read from their local headers, nothing after them"
    )]
    ArchiveTruncated { members_read: usize },
    #[error("archive holds more than {limit} entries; the rest were not listed")]
    TooManyEntries { limit: usize },
    #[error("member is larger than the per-file limit of {limit} bytes once inflated")]
    MemberTooLarge { limit: u64 },
    #[error("member inflates more than {limit}:1 (possible zip bomb)")]
    RatioExceeded { limit: u64 },
    #[error("the total inflated-size budget of {limit} bytes for this run is used up")]
    TotalBudgetExceeded { limit: u64 },
    #[error("nested archive deeper than {limit} levels")]
    NestingTooDeep { limit: u32 },
    #[error("nested archive larger than {limit} bytes is not opened in memory")]
    NestedArchiveTooLarge { limit: u64 },
    #[error("more nested archives than the {limit} this run opens in memory")]
    TooManyNestedArchives { limit: usize },
    #[error("member is encrypted")]
    Encrypted,
    #[error(
        "the archive lists {hidden} entries under names it already used; each name was read once"
    )]
    DuplicateNames { hidden: u64 },
    #[error(
        "member shares its data with another member (an overlapping-entry zip bomb?); read once"
    )]
    OverlappingMember,
    #[error("member uses a compression method exports do not use")]
    UnsupportedCompression,
    #[error("member data is corrupt or truncated")]
    MemberCorrupt,
    #[error("read error ({0:?})")]
    Io(std::io::ErrorKind),
    #[error("malformed JSON at line {line}, column {column}")]
    MalformedJson { line: usize, column: usize },
    #[error("JSON nested deeper than the parser allows")]
    JsonTooDeep,
    #[error("malformed CSV at record {record}")]
    MalformedCsv { record: u64 },
    #[error("file does not have the shape this parser expects")]
    UnexpectedShape,
    #[error("text is not valid UTF-8")]
    InvalidUtf8,
}

impl AuditError {
    /// Stable code, part of the report contract (`diagnostics[].code`, `files[].diagnostic`).
    pub fn code(&self) -> DiagnosticCode {
        use DiagnosticCode as C;
        match self {
            AuditError::InputNotFound => C::InputNotFound,
            AuditError::InputUnreadable(_) => C::InputUnreadable,
            AuditError::ArchiveCorrupt => C::ArchiveCorrupt,
            AuditError::ArchiveTruncated { .. } => C::ArchiveTruncated,
            AuditError::OverlappingMember => C::OverlappingMember,
            AuditError::DuplicateNames { .. } => C::DuplicateMember,
            AuditError::TooManyEntries { .. } => C::TooManyEntries,
            AuditError::MemberTooLarge { .. } => C::MemberSize,
            AuditError::RatioExceeded { .. } => C::CompressionRatio,
            AuditError::TotalBudgetExceeded { .. } => C::TotalSize,
            AuditError::NestingTooDeep { .. } => C::NestingDepth,
            AuditError::NestedArchiveTooLarge { .. } => C::NestedArchiveSize,
            AuditError::TooManyNestedArchives { .. } => C::NestedArchives,
            AuditError::Encrypted => C::EncryptedMember,
            AuditError::UnsupportedCompression => C::UnsupportedCompression,
            AuditError::MemberCorrupt => C::CorruptMember,
            AuditError::Io(_) => C::ReadError,
            AuditError::MalformedJson { .. } => C::MalformedJson,
            AuditError::JsonTooDeep => C::JsonTooDeep,
            AuditError::MalformedCsv { .. } => C::MalformedCsv,
            AuditError::UnexpectedShape => C::UnexpectedShape,
            AuditError::InvalidUtf8 => C::InvalidUtf8,
        }
    }

    /// The values the message is written around, in its order: the `{}` of its
    /// `error.<code>` row in the report's strings, which words the message in each language.
    pub fn params(&self) -> Vec<String> {
        match self {
            AuditError::InputUnreadable(kind) | AuditError::Io(kind) => vec![format!("{kind:?}")],
            AuditError::ArchiveTruncated { members_read } => vec![members_read.to_string()],
            AuditError::TooManyEntries { limit } | AuditError::TooManyNestedArchives { limit } => {
                vec![limit.to_string()]
            }
            AuditError::MemberTooLarge { limit }
            | AuditError::RatioExceeded { limit }
            | AuditError::TotalBudgetExceeded { limit }
            | AuditError::NestedArchiveTooLarge { limit } => vec![limit.to_string()],
            AuditError::NestingTooDeep { limit } => vec![limit.to_string()],
            AuditError::DuplicateNames { hidden } => vec![hidden.to_string()],
            AuditError::MalformedJson { line, column } => {
                vec![line.to_string(), column.to_string()]
            }
            AuditError::MalformedCsv { record } => vec![record.to_string()],
            AuditError::InputNotFound
            | AuditError::ArchiveCorrupt
            | AuditError::Encrypted
            | AuditError::OverlappingMember
            | AuditError::UnsupportedCompression
            | AuditError::MemberCorrupt
            | AuditError::JsonTooDeep
            | AuditError::UnexpectedShape
            | AuditError::InvalidUtf8 => Vec::new(),
        }
    }

    /// Limits and archive damage make a file `skipped`; parse errors make it `failed`.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            AuditError::MemberTooLarge { .. }
                | AuditError::RatioExceeded { .. }
                | AuditError::TotalBudgetExceeded { .. }
                | AuditError::NestingTooDeep { .. }
                | AuditError::NestedArchiveTooLarge { .. }
                | AuditError::TooManyNestedArchives { .. }
                | AuditError::Encrypted
                | AuditError::UnsupportedCompression
        )
    }

    /// Errors in a file's content (its bytes were all there to read): the generic scanner may
    /// still find what comes before the error.
    pub fn is_in_content(&self) -> bool {
        matches!(
            self,
            AuditError::MalformedJson { .. }
                | AuditError::JsonTooDeep
                | AuditError::MalformedCsv { .. }
                | AuditError::UnexpectedShape
                | AuditError::InvalidUtf8
        )
    }

    /// Recover an error carried through `std::io::Error` (limits are enforced inside readers).
    pub fn from_io(err: &std::io::Error) -> AuditError {
        if let Some(inner) = err.get_ref().and_then(|e| e.downcast_ref::<AuditError>()) {
            return inner.clone();
        }
        match err.kind() {
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
                AuditError::MemberCorrupt
            }
            kind => AuditError::Io(kind),
        }
    }

    pub fn into_io(self) -> std::io::Error {
        std::io::Error::other(self)
    }

    /// Map a serde_json error without keeping its message (it may quote input).
    pub fn from_json(err: serde_json::Error) -> AuditError {
        use serde_json::error::Category;
        match err.classify() {
            // serde_json wraps the reader's io::Error; limits travel inside it.
            Category::Io => AuditError::from_io(&std::io::Error::from(err)),
            Category::Syntax | Category::Eof => {
                if err.to_string().starts_with("recursion limit exceeded") {
                    AuditError::JsonTooDeep
                } else {
                    AuditError::MalformedJson {
                        line: err.line(),
                        column: err.column(),
                    }
                }
            }
            Category::Data => AuditError::UnexpectedShape,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_errors_survive_a_trip_through_io_error() {
        let io = AuditError::RatioExceeded { limit: 100 }.into_io();
        assert_eq!(
            AuditError::from_io(&io),
            AuditError::RatioExceeded { limit: 100 }
        );
        assert_eq!(
            AuditError::from_io(&io).code().id(),
            "limit.compression_ratio"
        );
    }

    #[test]
    fn json_errors_never_quote_the_input() {
        let err =
            serde_json::from_str::<serde_json::Value>("{\"secret@example.com\" 1}").unwrap_err();
        let mapped = AuditError::from_json(err);
        assert!(matches!(mapped, AuditError::MalformedJson { line: 1, .. }));
        assert!(!mapped.to_string().contains("secret"));
    }

    #[test]
    fn recursion_limit_is_its_own_code() {
        let deep = "[".repeat(1000);
        let err = serde_json::from_str::<serde_json::Value>(&deep).unwrap_err();
        assert_eq!(AuditError::from_json(err), AuditError::JsonTooDeep);
    }
}
