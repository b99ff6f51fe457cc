//! Google Takeout (formats/others.md §3): one export in one or more parts (`takeout-…-001.zip`,
//! `-002`…), with folder and file names in the account language (`known_files.tsv` has a block
//! per language; the language is reported from the top-level folders the parsers saw). Products:
//! My Activity in JSON and HTML ([`activity`]), Location History in its three shapes
//! ([`location`]), and the profile, contacts, mail headers, Chrome, YouTube, Pay, access-log and
//! Play files ([`products`]). Files no row names go through the generic scanner. No parser prints
//! a value.

mod activity;
mod location;
mod products;

use std::sync::LazyLock;

use crate::data::TableError;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{DiagnosticCode, Platform, RecordSink};
use crate::platforms::{Catalogue, FileParser, Outcome, PlatformModule};

const KNOWN_FILES_TSV: &str = include_str!("known_files.tsv");
const GENERATIONS_TSV: &str = include_str!("generations.tsv");

/// Every parser spec `known_files.tsv` may name.
const PARSERS: &[&str] = &[
    "index",
    "activity",
    "activity_html",
    "records",
    "semantic",
    "location_settings",
    "on_device_timeline",
    "profile",
    "vcard",
    "mbox",
    "chrome_history",
    "subscriptions",
    "comments",
    "live_chats",
    "comments_html",
    "pay",
    "access_log",
    "access_devices",
    "play_installs",
];

/// Parsers whose files hold location history itself (not its settings).
const LOCATION_PARSERS: &[&str] = &["records", "semantic", "on_device_timeline"];

pub struct Google;

pub static GOOGLE: Google = Google;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(
        GENERATIONS_TSV,
        KNOWN_FILES_TSV,
        &[
            "Contacts", "Mail", "Profile", "Profil", "Perfil", "Chrome", "E-mail",
        ],
        false,
        |spec| PARSERS.contains(&spec),
    )
});

impl PlatformModule for Google {
    fn platform(&self) -> Platform {
        Platform("google")
    }

    fn display_name(&self) -> &'static str {
        "Google"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        let inner: Box<dyn FileParser> = match spec {
            "activity" => Box::<activity::JsonActivity>::default(),
            "activity_html" => Box::<activity::HtmlActivity>::default(),
            "records" => Box::new(location::Records),
            "semantic" => Box::new(location::Semantic),
            "location_settings" => Box::new(location::Settings),
            "on_device_timeline" => Box::new(location::OnDevice),
            other => products::parser(other)?,
        };
        Some(Box::new(Localised::new(inner)))
    }

    /// My Activity pages hold the same records as the JSON (with their times), so an HTML Takeout
    /// is not flagged as partial.
    fn html_flavour_is_partial(&self) -> bool {
        false
    }

    /// The profile names the account holder for the mail and contacts parsers.
    fn is_pre_pass(&self, spec: &str) -> bool {
        spec == "profile"
    }

    fn export_notes(
        &self,
        full_paths: &[&str],
        relative_paths: &[&str],
        _context: &std::collections::BTreeMap<String, String>,
    ) -> Vec<(DiagnosticCode, String)> {
        let mut notes = Vec::new();
        if let Some(missing) = crate::platforms::common::missing_parts(full_paths) {
            notes.push((DiagnosticCode::PartsMissing, missing));
        }
        let holds_location = relative_paths.iter().any(|p| {
            CATALOGUE
                .0
                .find_known(None, p)
                .is_some_and(|k| LOCATION_PARSERS.contains(&k.parser.as_str()))
        });
        if !holds_location {
            notes.push((DiagnosticCode::HeldOnDevice, String::new()));
        }
        notes
    }
}

/// Labels the first folder of its file (the account language shows in it), then hands every item
/// to the product's parser, whose typed reads and copies for other threads it passes on.
struct Localised {
    inner: Box<dyn FileParser>,
    labelled: bool,
    /// Copies were made: items went to them, so the label is left to `finish`.
    forked: std::cell::Cell<bool>,
}

impl Localised {
    fn new(inner: Box<dyn FileParser>) -> Self {
        Localised {
            inner,
            labelled: false,
            forked: std::cell::Cell::new(false),
        }
    }

    fn label(&mut self, sink: &mut dyn RecordSink) {
        if self.labelled {
            return;
        }
        self.labelled = true;
        let first = sink
            .file()
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        sink.label(&first);
    }
}

impl FileParser for Localised {
    fn rule(&self) -> &'static str {
        self.inner.rule()
    }

    fn raw_json(&self) -> bool {
        self.inner.raw_json()
    }

    fn fork(&self) -> Option<Box<dyn FileParser + Send>> {
        let copy = self.inner.fork()?;
        self.forked.set(true);
        // The copies never label: the file's own parser does, once.
        Some(copy)
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        self.label(sink);
        self.inner.item(sink, item)
    }

    fn finish(mut self: Box<Self>, sink: &mut dyn RecordSink) -> Outcome {
        if self.forked.get() {
            self.label(sink);
        }
        self.inner.finish(sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_load_without_errors() {
        assert!(CATALOGUE.1.is_empty(), "{:?}", CATALOGUE.1);
        assert!(CATALOGUE.0.known_files.len() > 100);
        for spec in PARSERS {
            assert!(GOOGLE.parser(spec).is_some(), "{spec}");
        }
        assert!(GOOGLE.parser("nope").is_none());
    }

    #[test]
    fn the_language_label_passes_on_typed_reads_and_copies() {
        // The hot files are read typed from their bytes, the position files also on several
        // cores: the wrapper that labels the language must not hide that.
        for spec in ["records", "semantic", "activity"] {
            let parser = GOOGLE.parser(spec).unwrap();
            assert!(parser.raw_json(), "{spec} read typed");
            assert_eq!(parser.fork().is_some(), spec != "activity", "{spec} copies");
        }
        assert!(!GOOGLE.parser("profile").unwrap().raw_json());
    }

    #[test]
    fn a_file_read_by_copies_is_labelled_once() {
        use crate::classify::collect::FileSink;
        let folder = "Location History (Timeline)/Records.json";
        let mut sink = FileSink::new(Platform("google"), folder, None, "rule");
        let parser = GOOGLE.parser("records").unwrap();
        let _copies = [parser.fork(), parser.fork()];
        parser.finish(&mut sink);
        assert_eq!(
            sink.aggregate.labels,
            vec!["Location History (Timeline)".to_string()]
        );
    }

    #[test]
    fn translated_paths_find_their_parser() {
        let cases = [
            ("My Activity/Search/MyActivity.json", "activity"),
            ("Mon activité/Recherche/MonActivité.html", "activity_html"),
            ("Meine Aktivitäten/Suche/MeineAktivitäten.json", "activity"),
            ("Mi actividad/Búsqueda/MyActivity.json", "activity"),
            (
                "Mijn activiteit/Video_s zoeken/MyActivity.html",
                "activity_html",
            ),
            ("Location History (Timeline)/Records.json", "records"),
            ("Location History/Location History.json", "records"),
            (
                "Historique des positions (Vos trajets)/Semantic Location History/2024/2024_JUNE.json",
                "semantic",
            ),
            (
                "Historique des positions (Vos trajets)/Chronologie.json",
                "on_device_timeline",
            ),
            (
                "YouTube und YouTube Music/Verlauf/Wiedergabeverlauf.html",
                "activity_html",
            ),
            (
                "YouTube and YouTube Music/comments/comments.csv",
                "comments",
            ),
            (
                "Gmail/Alle E-Mails einschließlich Spam-Nachrichten und E.mbox",
                "mbox",
            ),
            ("Google Kontakte/Alle Kontakte/Alle Kontakte.vcf", "vcard"),
            ("Chrome/BrowserHistory.json", "chrome_history"),
            (
                "Access Log Activity/Devices - A list of devices (i.e. Nest, Pixel, iPh.csv",
                "access_devices",
            ),
        ];
        for (path, parser) in cases {
            let known = CATALOGUE.0.find_known(None, path);
            assert_eq!(known.map(|k| k.parser.as_str()), Some(parser), "{path}");
        }
        assert!(
            CATALOGUE
                .0
                .find_known(None, "My Activity/MyActivity.json")
                .is_none()
        );
        assert!(
            CATALOGUE
                .0
                .find_known(None, "Chrome/Bookmarks.html")
                .is_none()
        );
        // A language with no rows: product files two folders down are read by their structure.
        let polish = CATALOGUE
            .0
            .find_known(None, "Moja aktywność/Wyszukiwarka/MojaAktywność.html");
        assert_eq!(polish.map(|k| k.parser.as_str()), Some("activity_html"));
        let profile = CATALOGUE.0.find_known(None, "Profil/Profil.json");
        assert_eq!(
            profile.map(|k| k.parser.as_str()),
            Some("profile"),
            "specific rows first"
        );
    }
}
