//! The archive layer and everything after it: arbitrary bytes as an input audited whole, named
//! after what its first bytes are: a gzip stream as a `.tgz`, a tar as a `.tar` (the `ustar`
//! magic or no zip signature), anything else as a `.zip` (so the zip corpus stays a zip corpus
//! and the tar reader is driven too).
#![no_main]

use exposure::archive::{Input, Limits};
use exposure::audit::{self, AuditOptions, NoProgress};
use libfuzzer_sys::fuzz_target;

mod one_thread;

fuzz_target!(init: one_thread::audit_on_one_thread(), |data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let name = if data.starts_with(&[0x1f, 0x8b]) {
        "export.tgz"
    } else if data.get(257..262) == Some(b"ustar") || !data.starts_with(b"PK") {
        "export.tar"
    } else {
        "export.zip"
    };
    let path = dir.path().join(name);
    std::fs::write(&path, data).unwrap();
    let options = AuditOptions {
        limits: Limits {
            max_total_bytes: 64 << 20,
            ..Limits::default()
        },
        progress: &NoProgress,
        mail_bodies: true,
    };
    let _ = audit::run(&[Input::Path(path)], &options);
});
