//! The built-in demo: the synthetic French Facebook export (`fixtures/facebook-2024-fr`) and Google
//! Takeout (`fixtures/demo-google-2025-fr`) of one invented person, compiled into the binary so
//! that workshops and first runs need no file; the same e-mail links the two. The demo must only
//! ever hold invented people, and its report is the same run after run.

use crate::archive::Input;

static DEMO_FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));
static DEMO_GOOGLE_FILES: &[(&str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/demo_google_files.rs"));

/// The demo's exports, as inputs.
pub fn inputs() -> Vec<Input> {
    vec![
        Input::Embedded {
            name: "demo-facebook-export".to_string(),
            files: DEMO_FILES,
        },
        Input::Embedded {
            name: "demo-google-takeout".to_string(),
            files: DEMO_GOOGLE_FILES,
        },
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_is_embedded() {
        assert!(super::DEMO_FILES.len() > 20);
        assert!(super::DEMO_GOOGLE_FILES.len() >= 7);
        assert!(
            super::DEMO_FILES
                .iter()
                .any(|(p, _)| p.ends_with("profile_information/profile_information.json"))
        );
    }
}
