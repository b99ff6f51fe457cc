//! The archive layer and everything after it: arbitrary bytes as a `.zip` input, audited whole.
#![no_main]

use exposure::archive::{Input, Limits};
use exposure::audit::{self, AuditOptions, NoProgress};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.zip");
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
