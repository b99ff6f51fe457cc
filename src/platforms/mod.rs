//! The platform registry: one module per platform, each implementing [`PlatformModule`], listed in
//! [`registry`] and nowhere else. A platform provides its recognition markers and export
//! generations, its known-files table (paths per generation -> decoder + parser, as data), the
//! parsers that table names, which parsers run first to give context (the account owner), its
//! text repair, and which path segments name people (for redaction). No other stage names a
//! platform: they ask the registry.
//!
//! Parsers receive decoded items ([`Item`]) and write records into a [`RecordSink`]; they never
//! print a value.

pub mod common;
pub mod facebook;
pub mod google;
pub mod instagram;
pub mod linkedin;
pub mod meta;
pub mod snapchat;
pub mod tiktok;
#[cfg(test)]
pub mod toy;
pub mod x;

use std::collections::HashSet;

use crate::data::{self, Layout, Table, TableError};
use crate::decode::{Decoder, Item};
use crate::error::AuditError;
use crate::model::{Kind, Platform, RecordSink};
use serde_json::Value;

/// Every platform exposure knows, in the order recognition prefers them on a tie: a new
/// platform is one module and one line here.
macro_rules! registry {
    ($($extra:expr),*) => {
        &[
            &facebook::FACEBOOK,
            &instagram::INSTAGRAM,
            &x::X_ARCHIVE,
            &linkedin::LINKEDIN,
            &tiktok::TIKTOK,
            &snapchat::SNAPCHAT,
            &google::GOOGLE,
            $($extra,)*
        ]
    };
}

#[cfg(not(test))]
static REGISTRY: &[&dyn PlatformModule] = registry!();
/// In unit tests the registry also holds a toy platform.
#[cfg(test)]
static REGISTRY: &[&dyn PlatformModule] = registry!(&toy::TOY);

pub fn registry() -> &'static [&'static dyn PlatformModule] {
    REGISTRY
}

/// The registered module of a platform id.
pub fn module(platform: Platform) -> Option<&'static dyn PlatformModule> {
    registry()
        .iter()
        .copied()
        .find(|m| m.platform() == platform)
}

/// Whether a path segment names a person, for any registered platform (redaction).
pub fn names_a_person(parent: &str, segment: &str) -> bool {
    registry().iter().any(|m| m.names_a_person(parent, segment))
}

/// One platform.
pub trait PlatformModule: Sync {
    fn platform(&self) -> Platform;
    /// The platform's name as people know it ("Facebook").
    fn display_name(&self) -> &'static str;
    /// Generations, known files and recognition markers (data).
    fn catalogue(&self) -> &Catalogue;
    /// The parser a known-files row names, or `None` for a spec the platform does not know.
    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>>;
    /// Parsers that run before all others because they give context (the account owner).
    fn is_pre_pass(&self, _spec: &str) -> bool {
        false
    }
    /// Repair Meta-style mojibake in this platform's JSON.
    fn repairs_mojibake(&self) -> bool {
        false
    }
    /// Whether this platform's HTML flavour holds less than its JSON one (record ids, exact
    /// times, zones): the report then says so when an export is read mostly from HTML.
    fn html_flavour_is_partial(&self) -> bool {
        true
    }
    /// The zone this platform prints HTML dates in whatever the account's (an IANA name), when
    /// it is fixed; `None` when they are printed in the account's zone.
    fn html_zone(&self) -> Option<&'static str> {
        None
    }
    /// Records a known file holds that could not be read (too large), from facts pre-pass parsers
    /// noted (`context`: an archive manifest's counts): (kind, provenance, count).
    fn unread_counts(
        &self,
        _relative_path: &str,
        _context: &std::collections::BTreeMap<String, String>,
    ) -> Vec<(crate::model::Kind, crate::model::Provenance, u64)> {
        Vec::new()
    }

    /// Notes on the export as a whole, from the input names and every entry path (`full_paths`,
    /// with the input's folders: part names), the paths relative to the export root and the
    /// facts pre-pass parsers noted (`context`: an archive manifest): parts not given, data the
    /// platform keeps elsewhere. The text adds detail to the code's description and holds no
    /// value. A note [`DiagnosticCode::PartsMissing`](crate::model::DiagnosticCode::PartsMissing)
    /// keeps the report from calling a file absent that may be in a part not given.
    fn export_notes(
        &self,
        _full_paths: &[&str],
        _relative_paths: &[&str],
        _context: &std::collections::BTreeMap<String, String>,
    ) -> Vec<(crate::model::DiagnosticCode, String)> {
        Vec::new()
    }

    /// Whether `segment` (under folder `parent`) is named after a person (a chat folder).
    fn names_a_person(&self, _parent: &str, _segment: &str) -> bool {
        false
    }
}

/// How a file was handled by its parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The parser knew the file.
    Parsed,
    /// The parser found the file is not of its kind and only scanned what it held.
    Scanned,
}

/// Receives the decoded items of one file.
pub trait FileParser {
    /// The rule id recorded on every record this parser writes (audit trail).
    fn rule(&self) -> &'static str;
    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError>;
    /// Whether JSON values taken whole come as their bytes ([`Item::JsonRaw`]), for a typed
    /// parse of a hot shape (millions of messages); others get built `Value`s.
    fn raw_json(&self) -> bool {
        false
    }
    /// A fresh copy for another thread, for parsers that keep no state between items (their
    /// values can be parsed in any order, on several cores: see `fanout`).
    fn fork(&self) -> Option<Box<dyn FileParser + Send>> {
        None
    }
    fn finish(self: Box<Self>, _sink: &mut dyn RecordSink) -> Outcome {
        Outcome::Parsed
    }
}

/// An export generation of a platform and the top-level folders that identify it.
#[derive(Debug, Clone)]
pub struct Generation {
    pub id: String,
    pub label: String,
    pub markers: Vec<String>,
}

/// A row of a platform's known-file table.
#[derive(Debug, Clone)]
pub struct KnownFile {
    pub generation: String,
    /// Path relative to the export root, `'` written `_`, `*` inside a segment.
    pub pattern: String,
    pub decoder: Decoder,
    /// The parser spec, as the platform's `parser` reads it.
    pub parser: String,
    /// Reported `absent` when this generation's export lacks it.
    pub expected: bool,
}

impl KnownFile {
    /// A row with no literal path segment (`*/*/*.json`): it reads files of an export already
    /// recognised, and says nothing about which platform a file belongs to.
    pub fn is_catch_all(&self) -> bool {
        self.pattern
            .split('/')
            .all(|segment| segment.starts_with('*'))
    }
}

/// What a platform knows about its exports, loaded from its data tables.
#[derive(Debug)]
pub struct Catalogue {
    pub generations: Vec<Generation>,
    pub known_files: Vec<KnownFile>,
    /// Top-level folders so generic that they prove nothing on their own.
    pub weak_dirs: &'static [&'static str],
    /// Every top-level folder of a marker or a known file.
    pub top_dirs: HashSet<String>,
    /// The rows of `known_files` by the last segment of their pattern.
    by_last_segment: common::ByLastSegment,
}

impl Catalogue {
    /// Load `generations.tsv` (id, label, markers) and `known_files.tsv` (generation, path,
    /// decoder, parser, expected); `parser_known` checks each parser spec. With `html_twins`,
    /// each JSON row also stands for the `.html` file at the same path (a platform whose export
    /// comes in both flavours). Errors are returned with the catalogue (the valid rows are kept)
    /// for the platform's tests to assert on.
    pub fn load(
        generations_tsv: &'static str,
        known_files_tsv: &'static str,
        weak_dirs: &'static [&'static str],
        html_twins: bool,
        parser_known: impl Fn(&str) -> bool,
    ) -> (Catalogue, Vec<TableError>) {
        let generations: Table<Generation> =
            data::load(Layout::new("generations.tsv", 3), generations_tsv, |cols| {
                Ok(Generation {
                    id: data::non_empty(cols[0], "id")?.to_string(),
                    label: data::non_empty(cols[1], "label")?.to_string(),
                    markers: cols[2]
                        .split(',')
                        .map(|m| m.trim().to_string())
                        .filter(|m| !m.is_empty())
                        .collect(),
                })
            });
        let ids: Vec<String> = generations.rows.iter().map(|g| g.id.clone()).collect();
        let known: Table<KnownFile> =
            data::load(Layout::new("known_files.tsv", 5), known_files_tsv, |cols| {
                if !ids.iter().any(|id| id == cols[0]) {
                    return Err(format!("unknown generation {:?}", cols[0]));
                }
                let pattern = data::non_empty(cols[1], "path")?;
                if pattern.contains('\'') {
                    return Err("write ' as _ in paths".into());
                }
                let decoder =
                    Decoder::parse(cols[2]).ok_or_else(|| format!("bad decoder {:?}", cols[2]))?;
                if !parser_known(cols[3]) {
                    return Err(format!("unknown parser {:?}", cols[3]));
                }
                let expected = match cols[4] {
                    "yes" => true,
                    "no" => false,
                    other => return Err(format!("expected must be yes or no, not {other:?}")),
                };
                Ok(KnownFile {
                    generation: cols[0].to_string(),
                    pattern: pattern.to_string(),
                    decoder,
                    parser: cols[3].to_string(),
                    expected,
                })
            });
        let mut top_dirs: HashSet<String> = generations
            .rows
            .iter()
            .flat_map(|g| g.markers.iter().cloned())
            .collect();
        for file in &known.rows {
            let first = file.pattern.split('/').next().unwrap_or_default();
            top_dirs.insert(first.to_string());
        }
        let mut errors = generations.errors;
        errors.extend(known.errors);
        // Each JSON file has an HTML twin at the same path (the HTML flavour), read by the same
        // parser from the page's records.
        let twins: Vec<KnownFile> = known
            .rows
            .iter()
            .filter(|k| html_twins && matches!(k.decoder, Decoder::Json { .. }))
            .filter_map(|k| {
                Some(KnownFile {
                    pattern: format!("{}.html", k.pattern.strip_suffix(".json")?),
                    decoder: Decoder::Html,
                    expected: false,
                    ..k.clone()
                })
            })
            .collect();
        let mut known_files = known.rows;
        known_files.extend(twins);
        let by_last_segment = common::ByLastSegment::of(known_files.iter().map(|k| &*k.pattern));
        let catalogue = Catalogue {
            generations: generations.rows,
            known_files,
            weak_dirs,
            top_dirs,
            by_last_segment,
        };
        (catalogue, errors)
    }

    /// The known-file row for a path: the detected generation's rows first, then any
    /// generation's (accounts straddle generations and files move between them).
    pub fn find_known(&self, generation: Option<&str>, relative_path: &str) -> Option<&KnownFile> {
        let path = match_form(relative_path);
        self.first_of_generation(generation, &path, common::glob_match)
    }

    /// The first row that `matches` `path` (in match form), among the rows of `generation` then
    /// among all, looking only at those whose last segment may match.
    fn first_of_generation(
        &self,
        generation: Option<&str>,
        path: &str,
        matches: fn(&str, &str) -> bool,
    ) -> Option<&KnownFile> {
        let rows = self.rows_for(path);
        let hit = |k: &&KnownFile| matches(&k.pattern, path);
        generation
            .and_then(|g| rows.clone().filter(|k| k.generation == g).find(hit))
            .or_else(|| rows.clone().find(hit))
    }

    /// The rows that may match `path` (in match form), in table order.
    fn rows_for<'c>(&'c self, path: &str) -> impl Iterator<Item = &'c KnownFile> + Clone {
        self.by_last_segment
            .rows(path)
            .filter_map(|row| self.known_files.get(row))
    }

    /// For a file given without its folders (a lone file, a partial export): the known-file row
    /// whose last path segments match the path's, the detected generation's rows first. Rows
    /// with no literal segment (`*/*/*.json`) prove nothing about a loose file and never match.
    pub fn find_known_by_suffix(
        &self,
        generation: Option<&str>,
        relative_path: &str,
    ) -> Option<&KnownFile> {
        if let Some(known) = self
            .find_known(generation, relative_path)
            .filter(|k| !k.is_catch_all())
        {
            return Some(known);
        }
        let path = match_form(relative_path);
        self.first_of_generation(generation, &path, common::suffix_match)
    }

    /// The generations that have a known file matching `relative_path`, each with `true` when
    /// the whole path matches and `false` when only its last segments do.
    pub fn generations_by_suffix(&self, relative_path: &str) -> Vec<(&str, bool)> {
        let path = match_form(relative_path);
        let mut out: Vec<(&str, bool)> = Vec::new();
        for known in self.rows_for(&path).filter(|k| !k.is_catch_all()) {
            let g = known.generation.as_str();
            let whole = common::glob_match(&known.pattern, &path);
            if !(whole || common::suffix_match(&known.pattern, &path)) {
                continue;
            }
            match out.iter_mut().find(|(x, _)| *x == g) {
                Some(entry) => entry.1 |= whole,
                None => out.push((g, whole)),
            }
        }
        out
    }

    pub fn generation_label(&self, id: &str) -> Option<&str> {
        self.generations
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.label.as_str())
    }
}

/// Normalise a relative path for matching: `'` and `’` become `_` (both spellings occur).
pub fn match_form(path: &str) -> std::borrow::Cow<'_, str> {
    // Most paths hold neither: borrowed as they are (this runs for every member).
    if path.contains(['\'', '’']) {
        path.replace(['\'', '’'], "_").into()
    } else {
        path.into()
    }
}

/// Scans every scalar of a JSON file no parser knows (fed by the `Leaves` selection), and
/// records a position written as two keys of one object (see [`KeyedPosition`]).
#[derive(Default)]
pub struct GenericJsonParser {
    position: KeyedPosition,
}

impl FileParser for GenericJsonParser {
    fn rule(&self) -> &'static str {
        "scan.generic"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        if let Item::Json { pointer, value } = item {
            let key = common::last_key(pointer).to_lowercase();
            if let Some(point) = self.position.leaf(pointer, &key, &value) {
                let object = pointer.rsplit_once('/').map_or("", |(object, _)| object);
                sink.scanned_record(Kind::LocationPoint, &common::format_point(point), object);
            }
            common::scan_json(sink, pointer, &key, &value);
        }
        Ok(())
    }

    fn finish(self: Box<Self>, _sink: &mut dyn RecordSink) -> Outcome {
        Outcome::Scanned
    }
}

/// The halves of a position met as leaves of one JSON object, the object's other keys
/// between them or not: `latitude`/`longitude`, `lat`/`lng` or `lon`/`long`, in degrees, or
/// `latitudeE7`/`longitudeE7` in 10^-7 degrees (underscores ignored), numbers or numeric
/// strings. A half under another object starts afresh.
#[derive(Default)]
struct KeyedPosition {
    object: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl KeyedPosition {
    /// Takes in the leaf at `pointer` (its key `key`, lower case): the position, once both
    /// halves of one object are met and make a valid point.
    fn leaf(&mut self, pointer: &str, key: &str, value: &Value) -> Option<(f64, f64)> {
        // Most leaves are no coordinate: looked at no further, with nothing allocated.
        if !["la", "lo", "ln"]
            .iter()
            .any(|start| key.starts_with(start))
        {
            return None;
        }
        let (is_latitude, scale) = match key.replace('_', "").as_str() {
            "latitude" | "lat" => (true, 1.0),
            "longitude" | "lon" | "lng" | "long" => (false, 1.0),
            "latitudee7" => (true, 1e-7),
            "longitudee7" => (false, 1e-7),
            _ => return None,
        };
        let (object, last) = pointer.rsplit_once('/')?;
        // A half in a list (`"lat": [..]`) is no coordinate.
        if last.to_lowercase() != key {
            return None;
        }
        let degrees = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|d| d.is_finite())?
            * scale;
        if self.object != object {
            *self = KeyedPosition {
                object: object.to_string(),
                ..KeyedPosition::default()
            };
        }
        let half = if is_latitude {
            &mut self.latitude
        } else {
            &mut self.longitude
        };
        *half = Some(degrees);
        let point = common::valid_point(self.latitude?, self.longitude?);
        *self = KeyedPosition::default();
        point
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_looked_up_by_last_segment_answer_as_a_walk_over_every_row() {
        // Each platform's own patterns (stars filled in, in another case, under another folder,
        // shortened to their last segments) and paths no row knows, against every platform.
        let mut paths = vec![
            "photos/IMG_0001.JPG".to_string(),
            "notes/note_12.txt".to_string(),
            "a.json".to_string(),
            "x/y/z/".to_string(),
            String::new(),
        ];
        for module in registry() {
            for known in &module.catalogue().known_files {
                let filled = known.pattern.replace('*', "x7");
                let last = filled.rsplit('/').next().unwrap_or_default().to_string();
                paths.extend([
                    filled.to_uppercase(),
                    format!("wrapper/{filled}"),
                    last.clone(),
                    format!("other/{last}"),
                    filled,
                ]);
            }
        }
        for module in registry() {
            let catalogue = module.catalogue();
            let generation = catalogue.generations.first().map(|g| g.id.as_str());
            for path in &paths {
                let form = match_form(path);
                for generation in [None, generation] {
                    let walk = |matches: fn(&str, &str) -> bool| {
                        let all = &catalogue.known_files;
                        let hit = |k: &&KnownFile| matches(&k.pattern, &form);
                        generation
                            .and_then(|g| all.iter().filter(|k| k.generation == g).find(hit))
                            .or_else(|| all.iter().find(hit))
                    };
                    let pattern = |k: Option<&KnownFile>| k.map(|k| k.pattern.clone());
                    let whole = walk(common::glob_match);
                    let known = catalogue.find_known(generation, path);
                    assert_eq!(pattern(known), pattern(whole), "{path}");
                    let by_suffix = whole
                        .filter(|k| !k.is_catch_all())
                        .or_else(|| walk(common::suffix_match));
                    let found = catalogue.find_known_by_suffix(generation, path);
                    assert_eq!(pattern(found), pattern(by_suffix), "{path}");
                }
                let mut by_generation: Vec<(&str, bool)> = Vec::new();
                for known in catalogue.known_files.iter().filter(|k| !k.is_catch_all()) {
                    let whole = common::glob_match(&known.pattern, &form);
                    if whole || common::suffix_match(&known.pattern, &form) {
                        match by_generation
                            .iter_mut()
                            .find(|(g, _)| *g == known.generation)
                        {
                            Some(seen) => seen.1 |= whole,
                            None => by_generation.push((&known.generation, whole)),
                        }
                    }
                }
                assert_eq!(
                    catalogue.generations_by_suffix(path),
                    by_generation,
                    "{path}"
                );
            }
        }
    }

    #[test]
    fn positions_are_read_from_two_keys_of_one_object() {
        let mut position = KeyedPosition::default();
        let mut leaves = |leaves: &[(&str, Value)]| -> Vec<(f64, f64)> {
            leaves
                .iter()
                .filter_map(|(pointer, value)| {
                    let key = common::last_key(pointer).to_lowercase();
                    position.leaf(pointer, &key, value)
                })
                .collect()
        };
        use serde_json::json;
        assert_eq!(
            leaves(&[
                ("/b/0/latitude", json!(48.8566)),
                ("/b/0/city", json!("Paris")),
                ("/b/0/longitude", json!(2.3522)),
            ]),
            [(48.8566, 2.3522)]
        );
        assert_eq!(
            leaves(&[("/p/lng", json!("-0.1276")), ("/p/lat", json!(" 51.5072 "))]),
            [(51.5072, -0.1276)]
        );
        let e7 = leaves(&[
            ("/l/0/latitudeE7", json!(451234567)),
            ("/l/0/longitude_e7", json!(48765432)),
        ]);
        assert_eq!(e7.len(), 1);
        assert!((e7[0].0 - 45.1234567).abs() < 1e-9 && (e7[0].1 - 4.8765432).abs() < 1e-9);
        // Halves of different objects, out of range, (0, 0), not numbers, in lists: nothing.
        assert!(leaves(&[("/a/0/lat", json!(48.85)), ("/a/1/lon", json!(2.35))]).is_empty());
        assert!(leaves(&[("/a/lat", json!(91.0)), ("/a/lon", json!(2.0))]).is_empty());
        assert!(leaves(&[("/a/lat", json!(0)), ("/a/lon", json!(0))]).is_empty());
        assert!(leaves(&[("/a/lat", json!("north")), ("/a/lon", json!(2.0))]).is_empty());
        assert!(leaves(&[("/a/lat/0", json!(48.0)), ("/a/lon/0", json!(2.0))]).is_empty());
        assert!(leaves(&[("/a/latency", json!(48.0)), ("/a/lon", json!(2.0))]).is_empty());
        // A half left alone is forgotten once another object's half comes.
        assert_eq!(
            leaves(&[
                ("/a/0/lat", json!(10.0)),
                ("/a/1/lat", json!(43.3)),
                ("/a/1/lon", json!(5.4)),
            ]),
            [(43.3, 5.4)]
        );
    }

    #[test]
    fn the_registry_names_each_platform_once() {
        let mut ids = HashSet::new();
        for module in registry() {
            assert!(ids.insert(module.platform()), "{:?}", module.platform());
            assert_ne!(module.platform(), Platform::UNKNOWN);
            assert!(!module.catalogue().generations.is_empty());
        }
        assert_eq!(
            module(Platform("toy")).map(|m| m.display_name()),
            Some("Toy")
        );
        assert!(module(Platform::UNKNOWN).is_none());
    }

    #[test]
    fn suffixes_match_files_given_alone() {
        assert!(common::suffix_match(
            "messages/*/*/message_*.json",
            "message_1.json"
        ));
        assert!(common::suffix_match(
            "messages/*/*/message_*.json",
            "inbox/a_1/message_2.json"
        ));
        assert!(!common::suffix_match(
            "messages/*/*/message_*.json",
            "posts/message_1.json/x"
        ));
        assert!(common::suffix_match(
            "connections/friends/your_friends.json",
            "your_friends.json"
        ));
        assert!(!common::suffix_match(
            "your_facebook_activity/messages/*.json",
            "notes.json"
        ));
    }

    #[test]
    fn a_malformed_known_file_row_is_rejected_with_its_line() {
        let generations = "# id\tlabel\tmarkers\ng1\tfirst\tdir_a,dir_b\n";
        let known = "g1\tdir_a/x.json\tjson\tok\tyes\n\
                     g2\tdir_a/y.json\tjson\tok\tyes\n\
                     g1\tdir_a/z.json\txml\tok\tyes\n\
                     g1\tdir_a/w.json\tjson\tnope\tyes\n\
                     g1\tdir_a/v.json\tjson\tok\tmaybe\n\
                     g1\tdir_b/it's.json\tjson\tok\tno\n";
        let (catalogue, errors) = Catalogue::load(generations, known, &[], true, |p| p == "ok");
        assert_eq!(catalogue.known_files.len(), 2, "one row and its HTML twin");
        assert_eq!(catalogue.known_files[1].pattern, "dir_a/x.html");
        assert_eq!(catalogue.known_files[1].decoder, Decoder::Html);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        assert!(catalogue.top_dirs.contains("dir_b"));
    }
}
