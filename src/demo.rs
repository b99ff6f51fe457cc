//! The built-in demo export: the synthetic French Facebook export of `fixtures/facebook-2024-fr`
//! (an invented person), compiled into the binary so that workshops and first runs need no file.
//! The demo must only ever hold invented people.

use crate::archive::Input;

static DEMO_FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

/// The demo as an input.
pub fn input() -> Input {
    Input::Embedded {
        name: "demo-facebook-export".to_string(),
        files: DEMO_FILES,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_is_embedded() {
        assert!(super::DEMO_FILES.len() > 20);
        assert!(
            super::DEMO_FILES
                .iter()
                .any(|(p, _)| p.ends_with("profile_information/profile_information.json"))
        );
    }
}
