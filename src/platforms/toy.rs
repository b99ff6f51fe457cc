//! A test-only platform: one module and one registry line, to prove that a platform plugs in
//! without any other stage naming it. Its export is a `toy_export/` folder holding a CSV of
//! people, a text diary, an HTML page, and a file whose parser panics.
//! It must never be compiled outside tests.

use std::sync::LazyLock;

use crate::data::TableError;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{Kind, Platform, Provenance, RecordSink};
use crate::platforms::{Catalogue, FileParser, PlatformModule};

const GENERATIONS: &str = "v1\ttoy layout\ttoy_export\n";
const KNOWN_FILES: &str = "v1\ttoy_export/people.csv\tcsv\tpeople\tyes\n\
v1\ttoy_export/diary.txt\ttext\tdiary\tno\n\
v1\ttoy_export/page.html\thtml\tpage\tno\n\
v1\ttoy_export/panic.json\tjson\tpanic\tno\n\
v1\ttoy_export/profile.json\tjson\tprofile\tno\n\
v1\ttoy_export/missing.json\tjson\tpeople\tyes\n";

pub struct Toy;

pub static TOY: Toy = Toy;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(GENERATIONS, KNOWN_FILES, &[], false, |spec| {
        ["people", "diary", "page", "panic", "profile"].contains(&spec)
    })
});

impl PlatformModule for Toy {
    fn platform(&self) -> Platform {
        Platform("toy")
    }

    fn display_name(&self) -> &'static str {
        "Toy"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        let rule = match spec {
            "people" => "toy.people",
            "diary" => "toy.diary",
            "page" => "toy.page",
            "panic" => "toy.panic",
            "profile" => "toy.profile",
            _ => return None,
        };
        Some(Box::new(ToyParser { rule }))
    }

    fn is_pre_pass(&self, spec: &str) -> bool {
        spec == "profile"
    }

    fn names_a_person(&self, parent: &str, _segment: &str) -> bool {
        parent == "toy_chats"
    }
}

struct ToyParser {
    rule: &'static str,
}

impl FileParser for ToyParser {
    fn rule(&self) -> &'static str {
        self.rule
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        match (self.rule, item) {
            ("toy.people", Item::Csv { header, fields, .. }) => {
                for (name, value) in header.iter().zip(fields) {
                    match name.as_str() {
                        "Name" => {
                            sink.record(Kind::Connection, value, Provenance::Volunteered, "", None)
                        }
                        "Email" => sink.scan_value("email", value, ""),
                        _ => {}
                    }
                }
            }
            ("toy.diary", Item::Text { line, number }) => {
                sink.scan_text(
                    Kind::Post,
                    line,
                    Provenance::Volunteered,
                    &format!("/line/{number}"),
                    None,
                );
            }
            ("toy.page", Item::Html(doc)) => {
                let selector = scraper::Selector::parse("li").expect("static selector");
                for li in doc.select(&selector) {
                    let text: String = li.text().collect();
                    sink.record(Kind::AdInterest, &text, Provenance::Inferred, "", None);
                }
            }
            (
                "toy.profile",
                Item::Json {
                    pointer: "/name",
                    value,
                },
            ) => {
                if let Some(name) = value.as_str() {
                    sink.set_owner(name);
                    sink.record(Kind::Name, name, Provenance::Volunteered, "/name", None);
                }
            }
            ("toy.panic", Item::Json { value, .. }) => {
                let text = value.as_str().unwrap_or_default();
                // A deliberate out-of-bounds slice, as a careless parser would write.
                std::hint::black_box(&text[..text.len() + 1]);
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_toy_catalogue_is_valid() {
        assert!(CATALOGUE.1.is_empty(), "{:?}", CATALOGUE.1);
        assert_eq!(TOY.catalogue().known_files.len(), 6);
    }
}
