//! My Activity (formats/others.md §3.3-3.4), also YouTube watch and search history: one record
//! per action, from JSON (`[{header, title, time, details, locationInfos…}]`) or from the HTML
//! page (`div.outer-cell` blocks). What was done is read from the title's wording in the account
//! language (`activity_words.tsv`): a search query, a watched video, a visited page, a place looked
//! up, an ad seen or clicked. `locationInfos` leak a coarse location and, for some, that it is
//! home or work. Never prints a value.

use std::borrow::Cow;
use std::sync::LazyLock;

use scraper::{ElementRef, Node};
use serde::Deserialize;
use serde_json::Value;

use crate::data::{self, Layout, Table};
use crate::decode::members::{self, Member};
use crate::decode::text::find_ci;
use crate::decode::{Item, json};
use crate::error::AuditError;
use crate::model::{Kind, Provenance, RecordSink};
use crate::platforms::common::{self, JsonRead};
use crate::platforms::meta::html::date_seconds_in;
use crate::platforms::{FileParser, Outcome};

const WORDS_TSV: &str = include_str!("activity_words.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Prefix,
    Suffix,
    Contains,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    Search,
    Watch,
    Visit,
    Place,
    Ad,
    Home,
    Work,
}

#[derive(Debug, Clone)]
struct Word {
    position: Position,
    /// Lower-case, spaces normalised.
    phrase: String,
    meaning: Meaning,
}

fn load_words(text: &'static str) -> Table<Word> {
    data::load(Layout::new("activity_words.tsv", 4), text, |cols| {
        let position = match cols[1] {
            "prefix" => Position::Prefix,
            "suffix" => Position::Suffix,
            "contains" => Position::Contains,
            other => {
                return Err(format!(
                    "position must be prefix, suffix or contains, not {other:?}"
                ));
            }
        };
        let meaning = match cols[3] {
            "search" => Meaning::Search,
            "watch" => Meaning::Watch,
            "visit" => Meaning::Visit,
            "place" => Meaning::Place,
            "ad" => Meaning::Ad,
            "home" => Meaning::Home,
            "work" => Meaning::Work,
            other => return Err(format!("unknown meaning {other:?}")),
        };
        if matches!(meaning, Meaning::Home | Meaning::Work) != (position == Position::Contains) {
            return Err("home and work rows, and only they, are `contains` rows".into());
        }
        Ok(Word {
            position,
            phrase: normalise(data::non_empty(cols[2], "phrase")?).to_lowercase(),
            meaning,
        })
    })
}

static WORDS: LazyLock<Vec<Word>> = LazyLock::new(|| load_words(WORDS_TSV).rows);

/// `printed_zones.tsv`: a zone abbreviation printed after a time, and the IANA zone it names.
fn load_printed_zones(text: &'static str) -> Table<(&'static str, &'static str)> {
    data::load(Layout::new("printed_zones.tsv", 2), text, |cols| {
        let zone = cols[1].trim();
        if jiff::tz::TimeZone::get(zone).is_err() {
            return Err(format!("{zone:?} is no IANA time zone"));
        }
        Ok((cols[0].trim(), zone))
    })
}

static PRINTED_ZONES: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| load_printed_zones(include_str!("printed_zones.tsv")).rows);

/// No-break, em and narrow spaces read as spaces, runs of spaces as one, none at either end.
/// Text already so (most titles) is borrowed, not copied.
pub(super) fn normalise(text: &str) -> Cow<'_, str> {
    let plain_spaces = text.bytes().all(|b| (b > b' ' && b < 0x80) || b == b' ');
    if plain_spaces && !text.starts_with(' ') && !text.ends_with(' ') && !text.contains("  ") {
        return Cow::Borrowed(text);
    }
    let mut joined = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || matches!(c, '\u{a0}' | '\u{2003}' | '\u{202f}'))
        .filter(|s| !s.is_empty())
    {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    Cow::Owned(joined)
}

/// Whether `text` lower-cased is `lower` (itself lower-case), compared character by character
/// with nothing allocated (ASCII text byte by byte).
fn lowercase_is(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        return text.eq_ignore_ascii_case(lower);
    }
    text.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// What a title says was done, and its object (the query, the video title...).
fn read_title(title: &str) -> Option<(Meaning, String)> {
    let title = normalise(title);
    let object = |rest: &str| {
        rest.trim_matches(|c: char| c == ' ' || c == ':')
            .to_string()
    };
    WORDS.iter().find_map(|w| {
        let n = w.phrase.len();
        match w.position {
            Position::Prefix => title
                .get(..n)
                .filter(|head| lowercase_is(head, &w.phrase))
                .map(|_| (w.meaning, object(&title[n..]))),
            Position::Suffix => title
                .len()
                .checked_sub(n)
                .and_then(|at| Some((at, title.get(at..)?)))
                .filter(|(_, tail)| lowercase_is(tail, &w.phrase))
                .map(|(at, _)| (w.meaning, object(&title[..at]))),
            Position::Contains => None,
        }
    })
}

/// Home or work, from a location source's wording ("From your places (Home)").
fn home_or_work(source: &str) -> bool {
    let source = normalise(source).to_lowercase();
    WORDS.iter().any(|w| {
        w.position == Position::Contains
            && matches!(w.meaning, Meaning::Home | Meaning::Work)
            && source.contains(&w.phrase)
    })
}

/// The point of a Maps link (`…&center=51.5313,-0.1570&zoom=12`, `/@51.53,-0.15,12z`).
fn point_of_url(url: &str) -> Option<(f64, f64)> {
    if let Some(at) = url.find("center=") {
        let rest = &url[at + 7..];
        let end = rest.find('&').unwrap_or(rest.len());
        return common::coordinate_pair(&rest[..end].replace("%2C", ","));
    }
    None
}

/// What an action's link and product say was done, in any language: a YouTube video watched, a
/// search results page, a page visited in Chrome. For titles whose wording no row knows.
fn url_meaning(url: Option<&str>, product: Option<&str>) -> Option<Meaning> {
    let url = url.unwrap_or_default();
    if url.contains("youtube.com/watch") {
        Some(Meaning::Watch)
    } else if url.contains("/search?q=") || url.contains("/results?search_query=") {
        Some(Meaning::Search)
    } else if product == Some("Chrome") && url.starts_with("http") {
        Some(Meaning::Visit)
    } else {
        None
    }
}

/// One action, from either flavour.
struct Activity<'a> {
    title: &'a str,
    time: Option<i64>,
    /// A `details` entry or caption names Google Ads.
    from_ads: bool,
    /// (point, source wording) of each location the action was tied to.
    locations: Vec<(Option<(f64, f64)>, String)>,
    /// What the activity control that saved it implies, for a title with no verb ("Video 1"
    /// in a watch history).
    implied: Option<Meaning>,
}

/// Record one action; false when its title says nothing known (it is scanned instead).
fn record(sink: &mut dyn RecordSink, activity: &Activity, pointer: &str) -> bool {
    let time = activity.time;
    for (i, (point, source)) in activity.locations.iter().enumerate() {
        let Some(point) = point else { continue };
        let at = format!("{pointer}/locationInfos/{i}");
        let value = common::format_point(*point);
        sink.record(Kind::LocationPoint, &value, Provenance::Observed, &at, time);
        if home_or_work(source) {
            sink.record(Kind::HomeOrWork, &value, Provenance::Inferred, &at, time);
        }
    }
    let read = read_title(activity.title).or_else(|| {
        activity
            .implied
            .map(|m| (m, normalise(activity.title).into_owned()))
    });
    let (kind, provenance, object) = match read {
        Some((Meaning::Search, q)) => (Kind::SearchQuery, Provenance::Volunteered, q),
        Some((Meaning::Watch, v)) => (Kind::WatchEvent, Provenance::Observed, v),
        Some((Meaning::Visit, p)) if activity.from_ads => (Kind::AdClick, Provenance::Observed, p),
        Some((Meaning::Visit, p)) => (Kind::VisitedPage, Provenance::Observed, p),
        Some((Meaning::Place, p)) => (Kind::Place, Provenance::Volunteered, p),
        Some((Meaning::Ad, a)) => (Kind::AdImpression, Provenance::Observed, a),
        _ if activity.from_ads => (
            Kind::AdImpression,
            Provenance::Observed,
            activity.title.to_string(),
        ),
        _ => {
            sink.scan_value("title", activity.title, pointer);
            return false;
        }
    };
    let at = format!("{pointer}/title");
    if kind == Kind::Place {
        sink.record(kind, &object, provenance, &at, time);
    } else {
        // Counted as a dataset; what the words say (a health search) is found in them.
        sink.count(kind, provenance, &at, time);
        sink.scan_text(kind, &object, provenance, &at, time);
    }
    true
}

/// My Activity JSON: one array element per action.
#[derive(Default)]
pub struct JsonActivity {
    recognised: u64,
    other: u64,
}

/// A My Activity element read from its bytes (hundreds of thousands per file): only the fields
/// used. Pre-2017 `snippet` elements, elements with no title and any other shape take the
/// `Value` path.
#[derive(Deserialize)]
struct RawActivity<'a> {
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    title: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    header: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        rename = "titleUrl",
        deserialize_with = "json::borrowed_text"
    )]
    title_url: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    time: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    details: Vec<RawNamed<'a>>,
    #[serde(borrow, default, rename = "locationInfos")]
    location_infos: Vec<RawLocationInfo<'a>>,
    #[serde(
        borrow,
        default,
        rename = "activityControls",
        deserialize_with = "json::borrowed_texts"
    )]
    activity_controls: Vec<Cow<'a, str>>,
    #[serde(default)]
    snippet: Option<serde::de::IgnoredAny>,
}

impl RawActivity<'_> {
    fn fields(&self) -> ActivityFields<'_> {
        ActivityFields {
            title: self.title.as_deref().unwrap_or_default(),
            time: self.time.as_deref(),
            title_url: self.title_url.as_deref(),
            header: self.header.as_deref(),
            from_ads: self.details.iter().any(|d| names_ads(d.name.as_deref())),
            locations: self
                .location_infos
                .iter()
                .map(|info| location(info.url.as_deref(), info.source.as_deref()))
                .collect(),
            controls: Controls::of(self.activity_controls.iter().map(|c| c.as_ref())),
        }
    }
}

#[derive(Deserialize)]
struct RawNamed<'a> {
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct RawLocationInfo<'a> {
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    url: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    source: Option<Cow<'a, str>>,
}

/// The fields of an element that make its [`Activity`], however they were read.
struct ActivityFields<'t> {
    title: &'t str,
    time: Option<&'t str>,
    title_url: Option<&'t str>,
    header: Option<&'t str>,
    from_ads: bool,
    locations: Vec<(Option<(f64, f64)>, String)>,
    controls: Controls,
}

impl<'t> ActivityFields<'t> {
    fn activity(self) -> Activity<'t> {
        Activity {
            title: self.title,
            time: self.time.and_then(|t| common::utc_seconds(t, &[])),
            from_ads: self.from_ads,
            locations: self.locations,
            implied: self.controls.meaning(self.title_url, self.header),
        }
    }
}

/// A `locationInfos` entry: its point (from its link) and its source wording.
fn location(url: Option<&str>, source: Option<&str>) -> (Option<(f64, f64)>, String) {
    (
        url.and_then(point_of_url),
        source.unwrap_or_default().to_string(),
    )
}

/// Whether a `details` entry's name says the action came from Google Ads.
fn names_ads(name: Option<&str>) -> bool {
    name.is_some_and(|n| n.contains("Google Ads"))
}

/// An element read in one pass from its text ([`members`]), as the typed parse reads it:
/// `None` for anything that read leaves to the typed parse (a field of another type, an
/// element with no title or with a `snippet`, a key written twice...), which then decides.
fn read_activity<'a>(
    json: &'a str,
    buffer: &'a mut Vec<u8>,
    spare: &mut Vec<u8>,
) -> Option<Activity<'a>> {
    const KEYS: [&str; 8] = [
        "title",
        "header",
        "titleUrl",
        "time",
        "details",
        "locationInfos",
        "activityControls",
        "snippet",
    ];
    let picked = members::pick(json, false, buffer, KEYS)?;
    if !matches!(picked.member(7), None | Some(Member::Null)) {
        return None;
    }
    // An absent list is empty; `null` or another type is left to the typed parse.
    let list = |n| match picked.member(n) {
        None => Some(None),
        Some(Member::Array(array)) => Some(Some(*array)),
        Some(_) => None,
    };
    let mut from_ads = false;
    if let Some(details) = list(4)? {
        members::elements(details, |detail| {
            let named = members::pick(detail, false, spare, ["name"])?;
            from_ads |= names_ads(named.text(0)?);
            Some(())
        })?;
    }
    let mut locations = Vec::new();
    if let Some(infos) = list(5)? {
        members::elements(infos, |info| {
            let info = members::pick(info, false, spare, ["url", "source"])?;
            locations.push(location(info.text(0)?, info.text(1)?));
            Some(())
        })?;
    }
    let mut controls = Controls::default();
    if let Some(array) = list(6)? {
        members::for_each_text(array, false, spare, |control| controls.saw(control))?;
    }
    Some(
        ActivityFields {
            title: picked.text(0)??,
            time: picked.text(3)?,
            title_url: picked.text(2)?,
            header: picked.text(1)?,
            from_ads,
            locations,
            controls,
        }
        .activity(),
    )
}

/// What the activity controls that saved an action say of it (a watch or search history).
#[derive(Default)]
struct Controls {
    watch: bool,
    search: bool,
}

impl Controls {
    fn saw(&mut self, control: &str) {
        self.watch |= find_ci(control, "watch history").is_some();
        self.search |= find_ci(control, "search history").is_some();
    }

    fn of<'c>(controls: impl Iterator<Item = &'c str>) -> Controls {
        let mut seen = Controls::default();
        controls.for_each(|control| seen.saw(control));
        seen
    }

    /// What the controls imply, else the action's link and product.
    fn meaning(&self, title_url: Option<&str>, header: Option<&str>) -> Option<Meaning> {
        if self.watch {
            Some(Meaning::Watch)
        } else if self.search {
            Some(Meaning::Search)
        } else {
            url_meaning(title_url, header)
        }
    }
}

impl JsonActivity {
    fn count(&mut self, recognised: bool) {
        if recognised {
            self.recognised += 1;
        } else {
            self.other += 1;
        }
    }

    /// An element as a `Value` (the shapes the typed read leaves).
    fn value(&mut self, sink: &mut dyn RecordSink, pointer: &str, value: &Value) {
        // Pre-2017 YouTube history: `{snippet: {title, publishedAt}}`, a watched video each.
        if let Some(snippet) = value.get("snippet") {
            let time =
                common::str_field(snippet, "publishedAt").and_then(|t| common::utc_seconds(t, &[]));
            let title = common::str_field(snippet, "title").unwrap_or_default();
            sink.record(
                Kind::WatchEvent,
                title,
                Provenance::Observed,
                &format!("{pointer}/snippet"),
                time,
            );
            self.recognised += 1;
            return;
        }
        let Some(title) = common::str_field(value, "title") else {
            common::scan_json(sink, pointer, "", value);
            self.other += 1;
            return;
        };
        let names = |key: &str| -> Vec<String> {
            value
                .get(key)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|d| common::str_field(d, "name"))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let locations = value
            .get("locationInfos")
            .and_then(Value::as_array)
            .map(|infos| {
                infos
                    .iter()
                    .map(|info| {
                        let point = common::str_field(info, "url").and_then(point_of_url);
                        let source = common::str_field(info, "source")
                            .unwrap_or_default()
                            .to_string();
                        (point, source)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let controls = value
            .get("activityControls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        let activity = Activity {
            title,
            time: common::str_field(value, "time").and_then(|t| common::utc_seconds(t, &[])),
            from_ads: names("details").iter().any(|d| d.contains("Google Ads")),
            locations,
            implied: Controls::of(controls).meaning(
                common::str_field(value, "titleUrl"),
                common::str_field(value, "header"),
            ),
        };
        let recognised = record(sink, &activity, pointer);
        self.count(recognised);
    }
}

impl FileParser for JsonActivity {
    fn rule(&self) -> &'static str {
        "google.activity"
    }

    fn raw_json(&self) -> bool {
        true
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        if let Item::JsonRaw {
            pointer,
            raw,
            repair: false,
        } = item
        {
            let recognised = members::with_two_buffers(|buffer, spare| {
                let activity = raw
                    .text()
                    .and_then(|json| read_activity(json, buffer, spare));
                activity.map(|activity| record(sink, &activity, pointer))
            });
            if let Some(recognised) = recognised {
                self.count(recognised);
                return Ok(());
            }
        }
        let accept = |raw: &RawActivity<'_>| raw.title.is_some() && raw.snippet.is_none();
        match common::read_json::<RawActivity<'_>>(item, accept, sink)? {
            JsonRead::Typed(pointer, raw) => {
                self.count(record(sink, &raw.fields().activity(), pointer));
            }
            JsonRead::Value(pointer, value) => self.value(sink, pointer, &value),
            JsonRead::Nothing => {}
        }
        Ok(())
    }

    /// A file whose elements have no title at all is not My Activity (only scanned).
    fn finish(self: Box<Self>, _sink: &mut dyn RecordSink) -> Outcome {
        if self.recognised == 0 && self.other > 0 {
            Outcome::Scanned
        } else {
            Outcome::Parsed
        }
    }
}

/// The elements under `root`, itself included, in document order.
fn elements(root: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    root.descendants().filter_map(ElementRef::wrap)
}

/// Whether an element is a `tag` (any when `None`) whose class attribute has every word of `all`
/// and none of `none`. Read from the attribute's text: scraper's class matching interns each
/// class in a table shared by every thread, which costs a lock per class on pages read on several
/// cores.
fn has_classes(element: &ElementRef<'_>, tag: Option<&str>, all: &[&str], none: &[&str]) -> bool {
    let value = element.value();
    if tag.is_some_and(|tag| value.name() != tag) {
        return false;
    }
    let class = value.attr("class").unwrap_or_default();
    let has = |name: &str| class.split_ascii_whitespace().any(|word| word == name);
    all.iter().all(|name| has(name)) && !none.iter().any(|name| has(name))
}

/// The first element under `root` that [`has_classes`].
fn first_with<'a>(
    root: ElementRef<'a>,
    tag: Option<&str>,
    all: &[&str],
    none: &[&str],
) -> Option<ElementRef<'a>> {
    elements(root).find(|e| has_classes(e, tag, all, none))
}

/// The links (`a[href]`) under `root`, and where each points.
fn links(root: ElementRef<'_>) -> impl Iterator<Item = &str> {
    elements(root).filter_map(|a| {
        (a.value().name() == "a")
            .then(|| a.value().attr("href"))
            .flatten()
    })
}

/// My Activity HTML: one `div.outer-cell` per action (streamed one block at a time by the
/// `html:outer-cell` decoder); its body cell is the title line, then subtitles, then the printed
/// time, separated by `<br>`. A cell's pointer is its block's place in the page, so blocks can
/// be read in any order, on several cores.
#[derive(Default)]
pub struct HtmlActivity;

impl FileParser for HtmlActivity {
    fn rule(&self) -> &'static str {
        "google.activity_html"
    }

    fn fork(&self) -> Option<Box<dyn FileParser + Send>> {
        Some(Box::new(HtmlActivity))
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let (doc, index) = match item {
            Item::HtmlBlock { index, doc } => (doc, Some(index)),
            Item::Html(doc) => (doc, None),
            _ => return Ok(()),
        };
        let cells = elements(doc.root_element())
            .filter(|e| has_classes(e, Some("div"), &["outer-cell"], &[]));
        for (n, cell) in cells.enumerate() {
            // A block holds one cell; a whole page (or a crafted block) numbers its own.
            let pointer = match index {
                Some(index) if n == 0 => format!("/{index}"),
                Some(index) => format!("/{index}/{n}"),
                None => format!("/{n}"),
            };
            let body = first_with(
                cell,
                Some("div"),
                &["content-cell", "mdl-typography--body-1"],
                &["mdl-typography--text-right"],
            );
            let Some(body) = body else { continue };
            let lines = lines_of(body);
            let Some(title) = lines.first() else { continue };
            let time = lines
                .get(1..)
                .and_then(|rest| rest.iter().rev().find_map(|l| html_time(l)));
            let caption = first_with(
                cell,
                Some("div"),
                &["content-cell", "mdl-typography--caption"],
                &[],
            );
            // The caption is mostly the same boilerplate in every cell: it is normalised only
            // when it may name Google Ads or holds a map link (whose source it gives).
            let caption_raw = caption.map(|c| c.text().collect::<String>());
            let caption_used = caption_raw
                .as_deref()
                .is_some_and(|raw| raw.contains("Google"))
                || caption.is_some_and(|c| links(c).any(|url| url.contains("center=")));
            let caption_text = match caption_raw {
                Some(raw) if caption_used => normalise(&raw).into_owned(),
                _ => String::new(),
            };
            // `.header-cell .mdl-typography--title`: a title inside a header cell.
            let header = elements(cell)
                .filter(|e| has_classes(e, None, &["header-cell"], &[]))
                .find_map(|h| {
                    elements(h)
                        .skip(1)
                        .find(|e| has_classes(e, None, &["mdl-typography--title"], &[]))
                })
                .map(|h| normalise(&h.text().collect::<String>()).into_owned())
                .unwrap_or_default();
            let locations = caption
                .map(|c| {
                    links(c)
                        .filter_map(point_of_url)
                        .map(|p| (Some(p), caption_text.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let activity = Activity {
                title,
                time,
                from_ads: caption_text.contains("Google Ads") || header == "Ads",
                locations,
                implied: url_meaning(links(body).next(), Some(header.as_str())),
            };
            record(sink, &activity, &pointer);
        }
        Ok(())
    }
}

/// The text lines of a body cell (`<br>` ends a line), spaces normalised.
fn lines_of(cell: ElementRef) -> Vec<String> {
    let mut lines = vec![String::new()];
    for node in cell.descendants() {
        match node.value() {
            Node::Element(e) if e.name() == "br" => lines.push(String::new()),
            Node::Text(t) => {
                if let Some(line) = lines.last_mut() {
                    line.push_str(t);
                }
            }
            _ => {}
        }
    }
    lines
        .into_iter()
        .map(|l| normalise(&l).into_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// A printed activity time: `Mar 31, 2024, 10:02:44 AM BST`, `2 févr. 2025, 09:14:03 UTC`,
/// `29.12.2022, 21:05:47 MEZ`. The abbreviation printed is that of the export's moment, not of
/// the action's (a January time labelled BST): the time is read in the zone it names
/// (`printed_zones.tsv`), with the offset that zone had on the action's date; an unknown or
/// missing abbreviation (before 2018 none was printed) is read as UTC.
fn html_time(line: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if !line.contains(':') {
        return None;
    }
    // Day-first numeric dates become `29 dec 2022` for the shared date reader.
    let rewritten: Vec<String> = line
        .split(' ')
        .map(|token| {
            let bare = token.trim_end_matches(',');
            let parts: Vec<&str> = bare.split('.').collect();
            match parts.as_slice() {
                [d, m, y]
                    if [d, m, y]
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) =>
                {
                    m.parse::<usize>()
                        .ok()
                        .and_then(|m| MONTHS.get(m.checked_sub(1)?))
                        .map(|name| format!("{d} {name} {y},"))
                        .unwrap_or_else(|| token.to_string())
                }
                _ => token.to_string(),
            }
        })
        .collect();
    let printed = line.rsplit(' ').next().unwrap_or("");
    let zone = PRINTED_ZONES
        .iter()
        .find(|(abbreviation, _)| *abbreviation == printed)
        .map(|(_, zone)| *zone);
    date_seconds_in(&rewritten.join(" "), zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an activity says, to compare the two reads.
    type Said = (
        String,
        Option<i64>,
        bool,
        Vec<(Option<(f64, f64)>, String)>,
        Option<Meaning>,
    );

    fn said(activity: &Activity) -> Said {
        (
            activity.title.to_string(),
            activity.time,
            activity.from_ads,
            activity.locations.clone(),
            activity.implied,
        )
    }

    /// The element read in one pass, and as the typed parse reads it (`None` where it would
    /// take the `Value` path).
    fn both_reads(element: &str) -> (Option<Said>, Option<Said>) {
        let (mut buffer, mut spare) = (Vec::new(), Vec::new());
        let one_pass = read_activity(element, &mut buffer, &mut spare).map(|a| said(&a));
        let typed = serde_json::from_str::<RawActivity>(element)
            .ok()
            .filter(|raw| raw.title.is_some() && raw.snippet.is_none())
            .map(|raw| said(&raw.fields().activity()));
        (one_pass, typed)
    }

    #[test]
    fn elements_read_in_one_pass_as_the_typed_parse_reads_them() {
        let read = [
            r#"{"header": "Search", "title": "Searched for flu", "titleUrl": "https://www.google.com/search?q\u003dflu", "time": "2024-03-24T14:35:36.352Z", "products": ["Search"], "activityControls": ["Web \u0026 App Activity"]}"#,
            r#"{"header": "YouTube", "title": "Video 1", "activityControls": ["YouTube watch history"], "subtitles": [{"name": "Chan", "url": "u"}]}"#,
            r#"{"header": "Maps", "title": "Viewed area", "time": "2024-01-02T03:04:05Z", "locationInfos": [{"name": "At this general area", "url": "https://www.google.com/maps/@?api\u003d1\u0026map_action\u003dmap\u0026center\u003d48.85,2.35\u0026zoom\u003d12", "source": "From your home", "sourceUrl": "x"}, {"source": null}]}"#,
            r#"{"title": "Visited shop", "details": [{"name": "From Google Ads"}, {}], "titleUrl": null}"#,
            r#"{"title": "Visited shop", "details": [], "locationInfos": [], "activityControls": [], "snippet": null}"#,
        ];
        for element in read {
            let (one_pass, typed) = both_reads(element);
            assert!(one_pass.is_some(), "{element}");
            assert_eq!(one_pass, typed, "{element}");
        }
        // Shapes left to the typed parse, which then decides (some it reads, most it refuses).
        let left = [
            r#"{"header": "Search"}"#,
            r#"{"title": null}"#,
            r#"{"title": "t", "snippet": {"title": "x"}}"#,
            r#"{"title": "t", "details": null}"#,
            r#"{"title": "t", "details": ["Google Ads"]}"#,
            r#"{"title": "t", "activityControls": [null]}"#,
            r#"{"title": "t", "activityControls": "Web"}"#,
            r#"{"title": "t", "locationInfos": [{"url": 3}]}"#,
            r#"{"title": "t", "title": "u"}"#,
            r#"{"title": 7}"#,
            r#"{"title": "t", "time": ["2024"]}"#,
            r#"["title"]"#,
            r#"{"title": "t""#,
        ];
        for element in left {
            assert_eq!(both_reads(element).0, None, "{element}");
        }
    }

    #[test]
    fn the_word_table_loads_and_rejects_bad_rows() {
        let table = load_words(WORDS_TSV);
        assert!(table.errors.is_empty(), "{:?}", table.errors);
        assert!(table.rows.len() >= 50);
        let bad = load_words(
            "en\tprefix\tSearched\tnope\nen\tcontains\tSearched\tsearch\nen\tinfix\tx\tad\n",
        );
        assert_eq!(bad.rows.len(), 0);
        assert_eq!(bad.errors.len(), 3);
    }

    #[test]
    fn spaces_are_normalised_and_plain_text_borrowed() {
        let cases = [
            ("Searched for flu", "Searched for flu", true),
            ("  Searched  for\tflu ", "Searched for flu", false),
            (
                "Watched\u{a0}Tuto\u{202f}vélo\u{2003}",
                "Watched Tuto vélo",
                false,
            ),
            ("vélo rapide", "vélo rapide", false),
            ("", "", true),
            ("   ", "", false),
        ];
        for (text, normal, borrowed) in cases {
            let got = normalise(text);
            assert_eq!(got, normal, "{text:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{text:?}");
        }
    }

    #[test]
    fn case_blind_comparisons_allocate_nothing_and_agree_with_lowercasing() {
        for (text, lower) in [
            ("Searched for", "searched for"),
            ("RECHERCHÉ", "recherché"),
            ("Vu", "vu"),
            ("Vue", "vu"),
            ("Recherch", "recherché"),
            ("Searched For", "searched for"),
            ("ab", "aé"),
        ] {
            assert_eq!(
                lowercase_is(text, lower),
                text.to_lowercase() == lower,
                "{text:?}"
            );
        }
        let controls =
            |control: &'static str| Controls::of([control].into_iter()).meaning(None, None);
        assert_eq!(controls("YouTube Watch History"), Some(Meaning::Watch));
        assert_eq!(controls("Search history"), Some(Meaning::Search));
        assert_eq!(controls("YouTube"), None);
        assert_eq!(controls("Web & App Activity"), None);
    }

    #[test]
    fn titles_are_read_in_every_language() {
        let cases = [
            (
                "Searched for migraine with aura",
                Meaning::Search,
                "migraine with aura",
            ),
            (
                "Vous avez recherché\u{a0}vélo cargo",
                Meaning::Search,
                "vélo cargo",
            ),
            (
                "Gesucht nach: Hautarzt Termin",
                Meaning::Search,
                "Hautarzt Termin",
            ),
            (
                "Berliner Mauer\u{a0}angesehen",
                Meaning::Watch,
                "Berliner Mauer",
            ),
            (
                "Has visto Receta de paella",
                Meaning::Watch,
                "Receta de paella",
            ),
            ("Hai visitato Example page", Meaning::Visit, "Example page"),
            ("Gezocht naar fietsroute", Meaning::Search, "fietsroute"),
            ("Pesquisou bolo de fubá", Meaning::Search, "bolo de fubá"),
            ("Directions to Kew Gardens", Meaning::Place, "Kew Gardens"),
        ];
        for (title, meaning, object) in cases {
            assert_eq!(
                read_title(title),
                Some((meaning, object.to_string())),
                "{title}"
            );
        }
        assert_eq!(read_title("Used Google Maps"), None);
        assert_eq!(
            read_title("Watch"),
            None,
            "a word alone is not the longer phrase"
        );
        assert_eq!(read_title("É"), None);
    }

    #[test]
    fn links_say_what_was_done_in_any_language() {
        let watch = Some("https://www.youtube.com/watch?v=abc");
        assert_eq!(url_meaning(watch, Some("YouTube")), Some(Meaning::Watch));
        let search = Some("https://www.google.com/search?q=rower");
        assert_eq!(
            url_meaning(search, Some("Wyszukiwarka")),
            Some(Meaning::Search)
        );
        let page = Some("https://example.org/a");
        assert_eq!(url_meaning(page, Some("Chrome")), Some(Meaning::Visit));
        assert_eq!(url_meaning(page, Some("Maps")), None);
        assert_eq!(url_meaning(None, Some("Chrome")), None);
        // Known wording still comes first; the link only decides for unknown wording.
        let activity = |title| Activity {
            title,
            time: None,
            from_ads: false,
            locations: Vec::new(),
            implied: url_meaning(watch, Some("YouTube")),
        };
        let mut sink = crate::classify::collect::FileSink::new(
            crate::model::Platform("google"),
            "a.json",
            None,
            "test",
        );
        assert!(record(&mut sink, &activity("Obejrzano: film"), "/0"));
        assert!(record(&mut sink, &activity("Searched for x"), "/1"));
        let counts = sink.aggregate.record_counts();
        assert_eq!(counts[&Kind::WatchEvent], 1);
        assert_eq!(counts[&Kind::SearchQuery], 1);
    }

    #[test]
    fn home_and_work_sources_and_map_points() {
        assert!(home_or_work("From your places (Home)"));
        assert!(home_or_work("Depuis vos adresses (Domicile)"));
        assert!(!home_or_work("From your Location History"));
        let url =
            "https://www.google.com/maps/@?api=1&map_action=map&center=51.5313,-0.1570&zoom=12";
        assert_eq!(point_of_url(url), Some((51.5313, -0.157)));
        assert_eq!(
            point_of_url("https://www.google.com/maps/place/?q=place_id:Ch"),
            None
        );
        assert_eq!(point_of_url("https://x/?center=999,1"), None);
    }

    #[test]
    fn printed_times_in_three_languages_in_the_zone_they_name() {
        // 10:02:44 in London on 31 March 2024 (summer time since that night): 09:02:44 UTC.
        assert_eq!(
            html_time("Mar 31, 2024, 10:02:44\u{202f}AM BST"),
            Some(1711879364 - 3600)
        );
        assert_eq!(html_time("2 févr. 2025, 09:14:03 UTC"), Some(1738487643));
        // 21:05:47 in Berlin in December (UTC+1): 20:05:47 UTC.
        assert_eq!(
            html_time("29.12.2022, 21:05:47 MEZ"),
            Some(1672347947 - 3600)
        );
        // A January time labelled BST (the export's moment): London was on GMT then.
        assert_eq!(
            html_time("Jan 10, 2024, 9:00:00\u{202f}AM BST"),
            html_time("Jan 10, 2024, 9:00:00\u{202f}AM UTC")
        );
        // No abbreviation (before 2018), or one not listed: UTC.
        assert_eq!(
            html_time("Jun 23, 2015, 2:43:45 PM"),
            html_time("Jun 23, 2015, 2:43:45 PM XYZT")
        );
        assert_eq!(html_time("Geschichte Kompakt Demo"), None);
    }

    #[test]
    fn the_printed_zones_table_loads_and_rejects_bad_rows() {
        let table = load_printed_zones(include_str!("printed_zones.tsv"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        assert!(table.rows.contains(&("BST", "Europe/London")));
        let bad = load_printed_zones("ABC\tNowhere/Atlantis\nUTC\tUTC\n");
        assert_eq!(bad.rows, [("UTC", "UTC")]);
        assert_eq!(bad.errors.len(), 1);
    }

    #[test]
    fn classes_are_matched_as_the_selectors_they_replace() {
        let doc = scraper::Html::parse_fragment(
            "<div class=\"outer-cell a\"><p class=\"content-cell mdl-typography--body-1\">p</p>\
             <div class=\"content-cell  mdl-typography--body-1 mdl-typography--text-right\">r</div>\
             <div class=\"mdl-typography--body-1\tcontent-cell\">body</div>\
             <div class=\"content-cell-x mdl-typography--caption\">no</div></div>",
        );
        let by_selector = |css: &str| {
            let selector = scraper::Selector::parse(css).unwrap();
            doc.select(&selector)
                .map(|e| e.inner_html())
                .collect::<Vec<_>>()
        };
        let by_classes = |tag, all: &[&str], none: &[&str]| {
            elements(doc.root_element())
                .filter(|e| has_classes(e, tag, all, none))
                .map(|e| e.inner_html())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            by_classes(
                Some("div"),
                &["content-cell", "mdl-typography--body-1"],
                &["mdl-typography--text-right"]
            ),
            by_selector("div.content-cell.mdl-typography--body-1:not(.mdl-typography--text-right)")
        );
        assert_eq!(by_classes(None, &["content-cell"], &[]).len(), 3);
        assert_eq!(
            by_classes(
                Some("div"),
                &["content-cell", "mdl-typography--caption"],
                &[]
            ),
            by_selector("div.content-cell.mdl-typography--caption")
        );
        assert_eq!(by_classes(Some("div"), &["outer-cell"], &[]).len(), 1);
    }

    #[test]
    fn html_cells_give_ads_places_and_homes_from_their_captions() {
        use crate::classify::collect::FileSink;
        use crate::model::Platform;
        let cell = |body: &str, caption: &str| {
            format!(
                "<div class=\"outer-cell mdl-cell\"><div class=\"mdl-grid\">\
                 <div class=\"header-cell mdl-cell\"><p class=\"mdl-typography--title\">Search<br></p></div>\
                 <div class=\"content-cell mdl-cell mdl-typography--body-1\">{body}<br>Mar 1, 2024, 1:00:00 PM UTC</div>\
                 <div class=\"content-cell mdl-typography--body-1 mdl-typography--text-right\"></div>\
                 <div class=\"content-cell mdl-typography--caption\"><b>Products:</b><br>&emsp;Search<br>{caption}</div>\
                 </div></div>"
            )
        };
        let page = [
            cell(
                "Visited&nbsp;<a href=\"https://shop.example\">Shop</a>",
                "<b>Details:</b><br>&emsp;From&nbsp;Google&nbsp;Ads<br>",
            ),
            cell("Visited <a href=\"https://news.example\">News</a>", ""),
            cell(
                "Searched for <a href=\"https://www.google.com/search?q=x\">bakery</a>",
                "<b>Locations:</b><br>&emsp;At <a href=\"https://www.google.com/maps/@?api=1&amp;map_action=map&amp;center=51.5313,-0.1570&amp;zoom=12\">this general area</a> - From your places (Home)<br>",
            ),
        ]
        .concat();
        let decoder = crate::decode::Decoder::HtmlBlocks {
            class: "outer-cell".into(),
        };
        let mut sink = FileSink::new(Platform("test"), "MyActivity.html", None, "t");
        let mut parser = HtmlActivity;
        crate::decode::feed(&mut page.as_bytes(), &decoder, false, &mut |item| {
            parser.item(&mut sink, item)
        })
        .unwrap();
        let count = |kind| {
            sink.aggregate
                .datasets
                .get(&(Platform("test"), kind))
                .map_or(0, |d| d.dataset.count)
        };
        assert_eq!(count(Kind::AdClick), 1, "the visit from an ad");
        assert_eq!(count(Kind::VisitedPage), 1);
        assert_eq!(count(Kind::SearchQuery), 1);
        assert_eq!(count(Kind::LocationPoint), 1);
        let homes = sink
            .aggregate
            .findings
            .keys()
            .filter(|(_, kind, _)| *kind == Kind::HomeOrWork);
        assert_eq!(homes.count(), 1, "the place is the user's home");
    }

    #[test]
    fn body_lines_split_at_breaks() {
        let doc = scraper::Html::parse_fragment(
            "<div class=\"x\">Watched&nbsp;<a href=\"u\">A &amp; B</a><br><a href=\"c\">Chan</a><br>Mar 1, 2024, 1:00:00 PM UTC</div>",
        );
        let div = first_with(doc.root_element(), Some("div"), &["x"], &[]).unwrap();
        assert_eq!(
            lines_of(div),
            ["Watched A & B", "Chan", "Mar 1, 2024, 1:00:00 PM UTC"]
        );
    }
}
