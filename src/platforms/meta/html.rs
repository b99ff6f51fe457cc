//! Meta's HTML flavour (Facebook and Instagram, formats/meta.md §5 and §8): every record of a
//! page as an [`HtmlRecord`] (title, body text, label/value rows, links, time), whatever the era's
//! markup — `section._a6-g` (2024+), `div._a6-g` (2022–23, Instagram), `div.pam.uiBoxWhite`
//! (2019–22) — plus the dates Meta prints (`Jun 04, 2025 6:46:10 pm`, `14 janv. 2020, 13:45`,
//! `Oct 19, 2019 at 2:37 PM`), with month names in several languages (`months.tsv`).
//!
//! Class names are matched by containment, never by full class lists. Records are returned to
//! parsers; nothing here prints a value.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

/// One record of a Meta HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlRecord {
    /// The heading: a name, a sender, a list title.
    pub title: Option<String>,
    /// Free text of the body (a post, a comment, a search, a message).
    pub text: Vec<String>,
    /// Label/value rows, in order; a row may hold nested records (a list, an object).
    pub fields: Vec<HtmlField>,
    /// Link targets inside the record.
    pub links: Vec<String>,
    /// The record's own printed date, as written.
    pub date: Option<String>,
}

/// A labelled row of a record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlField {
    pub label: String,
    pub value: Option<String>,
    pub children: Vec<HtmlRecord>,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

static LINK: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));

fn text_of(element: ElementRef<'_>) -> String {
    squash(&element.text().collect::<Vec<_>>().join(" "))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().classes().any(|c| c == class)
}

/// A record container of any era: `section._a6-g` (2024+), `div._a6-g` (Instagram 2022–23),
/// `div.pam.uiBoxWhite` (Facebook 2019–22).
fn is_container(element: ElementRef<'_>) -> bool {
    let name = element.value().name();
    (has_class(element, "_a6-g") && matches!(name, "section" | "div"))
        || (name == "div" && has_class(element, "pam") && has_class(element, "uiBoxWhite"))
}

/// The nearest container holding `element`.
fn owner(element: ElementRef<'_>) -> Option<ElementRef<'_>> {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| is_container(*a))
}

/// Elements inside `container` that belong to it, not to a record nested in it.
fn owned<'a>(container: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    container
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(move |e| *e != container && owner(*e) == Some(container))
}

/// Every top-level record of a page (records nested in a record are its fields' children).
pub fn records(doc: &Html) -> Vec<HtmlRecord> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| is_container(*e) && owner(*e).is_none())
        .map(record)
        .collect()
}

fn record(container: ElementRef<'_>) -> HtmlRecord {
    if has_class(container, "uiBoxWhite") && !has_class(container, "_a6-g") {
        return record_2019(container);
    }
    let mut out = HtmlRecord::default();
    for element in owned(container) {
        let name = element.value().name();
        if out.title.is_none() && (name == "h2" || has_class(element, "_a6-h")) {
            out.title = Some(text_of(element)).filter(|t| !t.is_empty());
        } else if out.date.is_none() && (has_class(element, "_a72d") || has_class(element, "_a6-o"))
        {
            out.date = Some(text_of(element)).filter(|t| !t.is_empty());
        } else if name == "tr" {
            out.fields.extend(row(element, container));
        } else if name == "div" && has_class(element, "_a6-p") {
            let text = body_text(element);
            if !text.is_empty() {
                out.text.push(text);
            }
        } else if name == "a"
            && let Some(href) = element.value().attr("href")
        {
            out.links.push(href.to_string());
        }
    }
    out
}

/// A table row: `label | value`, a link, or a label over nested records.
fn row<'a>(tr: ElementRef<'a>, record: ElementRef<'a>) -> Option<HtmlField> {
    let cells: Vec<ElementRef> = tr
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| c.value().name() == "td")
        .collect();
    match cells.as_slice() {
        [label, value, ..] => Some(HtmlField {
            label: text_of(*label),
            value: Some(text_of(*value)).filter(|v| !v.is_empty()),
            children: Vec::new(),
        }),
        [cell] => {
            let children: Vec<HtmlRecord> = cell
                .descendants()
                .filter_map(ElementRef::wrap)
                .filter(|e| is_container(*e) && owner(*e) == Some(record))
                .map(self::record)
                .collect();
            if children.is_empty() {
                // A link cell (or Instagram's `div._a6-q` label followed by its value).
                let full = text_of(*cell);
                let label = cell
                    .children()
                    .filter_map(ElementRef::wrap)
                    .find(|e| has_class(*e, "_a6-q"))
                    .map(text_of);
                return match label {
                    Some(label) if full.len() > label.len() => Some(HtmlField {
                        value: Some(full[label.len()..].trim().to_string()),
                        label,
                        children: Vec::new(),
                    }),
                    _ => Some(HtmlField {
                        label: "URL".to_string(),
                        value: Some(full).filter(|v| !v.is_empty()),
                        children: Vec::new(),
                    }),
                };
            }
            let label = squash(
                &cell
                    .children()
                    .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                    .collect::<String>(),
            );
            Some(HtmlField {
                label,
                value: None,
                children,
            })
        }
        [] => None,
    }
}

/// The text of a body, without its tables, nested records, reaction lists and headings.
fn body_text(body: ElementRef<'_>) -> String {
    fn walk(element: ElementRef<'_>, out: &mut String) {
        for child in element.children() {
            if let Some(text) = child.value().as_text() {
                out.push(' ');
                out.push_str(text);
            } else if let Some(element) = ElementRef::wrap(child) {
                let name = element.value().name();
                let skipped = matches!(name, "table" | "ul" | "footer" | "h2" | "script" | "style")
                    || is_container(element);
                if !skipped {
                    walk(element, out);
                }
            }
        }
    }
    let mut out = String::new();
    walk(body, &mut out);
    squash(&out)
}

/// A record of the 2019–22 markup: title, date, and content blocks (`div._2pin`) whose lines are
/// `Label: value` or bare text. The first block is the record's own; the others (events of a
/// business, the place of a post) are nested records.
fn record_2019(container: ElementRef<'_>) -> HtmlRecord {
    let mut out = HtmlRecord::default();
    let mut blocks: Vec<HtmlRecord> = Vec::new();
    for element in container.children().filter_map(ElementRef::wrap) {
        if has_class(element, "_2lel") {
            out.title = Some(text_of(element)).filter(|t| !t.is_empty());
        } else if has_class(element, "_2lem") {
            out.date = Some(text_of(element)).filter(|t| !t.is_empty());
        } else if has_class(element, "_2let") {
            let found: Vec<ElementRef> = element
                .descendants()
                .filter_map(ElementRef::wrap)
                .filter(|e| has_class(*e, "_2pin"))
                .collect();
            if found.is_empty() {
                let text = body_text(element);
                if !text.is_empty() {
                    out.text.push(text);
                }
            }
            for block in found {
                let mut part = HtmlRecord::default();
                for line in block.children().filter_map(ElementRef::wrap) {
                    let text = text_of(line);
                    if text.is_empty() {
                        continue;
                    }
                    match text.split_once(": ") {
                        Some((label, value)) => part.fields.push(HtmlField {
                            label: label.to_string(),
                            value: Some(value.to_string()),
                            children: Vec::new(),
                        }),
                        None => part.text.push(text),
                    }
                }
                blocks.push(part);
            }
        }
        out.links.extend(
            element
                .select(&LINK)
                .filter_map(|a| a.value().attr("href").map(str::to_string)),
        );
    }
    let mut blocks = blocks.into_iter();
    if let Some(first) = blocks.next() {
        out.fields = first.fields;
        out.text.extend(first.text);
    }
    for (i, block) in blocks.enumerate() {
        out.fields.push(HtmlField {
            label: format!("{}", i + 1),
            value: None,
            children: vec![block],
        });
    }
    out
}

/// A record as the JSON shape Meta's parsers read: `title`, `text`, `timestamp`, and the rows as
/// `label_values` (a dated value becomes `timestamp_value`; nested records become `vec` items,
/// a `dict` each, or a plain `value`).
pub fn to_value(record: &HtmlRecord, zone: Option<&str>) -> serde_json::Value {
    use serde_json::{Map, Value};
    let seconds = |text: &str| date_seconds_in(text, zone);
    fn entries(record: &HtmlRecord, seconds: &dyn Fn(&str) -> Option<i64>) -> Vec<Value> {
        let mut out = Vec::new();
        for field in &record.fields {
            let mut entry = Map::new();
            entry.insert("label".into(), Value::from(field.label.clone()));
            if !field.children.is_empty() {
                let items = field
                    .children
                    .iter()
                    .map(|child| {
                        let mut item = Map::new();
                        if child.fields.is_empty() {
                            let plain = child.text.first().or(child.title.as_ref());
                            item.insert("value".into(), Value::from(plain.cloned()));
                        } else {
                            let mut dict = entries(child, seconds);
                            if let Some(title) = &child.title {
                                dict.insert(
                                    0,
                                    serde_json::json!({"label": "Name", "value": title}),
                                );
                            }
                            item.insert("dict".into(), Value::Array(dict));
                        }
                        if let Some(seconds) = child.date.as_deref().and_then(seconds) {
                            item.insert("timestamp".into(), Value::from(seconds));
                        }
                        Value::Object(item)
                    })
                    .collect();
                entry.insert("vec".into(), Value::Array(items));
            } else if let Some(value) = &field.value {
                match seconds(value) {
                    Some(seconds) => entry.insert("timestamp_value".into(), Value::from(seconds)),
                    None => entry.insert("value".into(), Value::from(value.clone())),
                };
            }
            out.push(Value::Object(entry));
        }
        out
    }
    let mut out = Map::new();
    if let Some(title) = &record.title {
        out.insert("title".into(), Value::from(title.clone()));
    }
    if !record.text.is_empty() {
        out.insert("text".into(), Value::from(record.text.join("\n")));
    }
    if let Some(seconds) = record.date.as_deref().and_then(seconds) {
        out.insert("timestamp".into(), Value::from(seconds));
    }
    let fields = entries(record, &seconds);
    if !fields.is_empty() {
        out.insert("label_values".into(), Value::Array(fields));
    }
    Value::Object(out)
}

/// A Messenger / Instagram Direct page as the items of a JSON thread: `/title`,
/// `/participants/N` and `/messages/N` (`sender_name`, `content`, `timestamp_ms`).
pub fn thread_items(doc: &Html, zone: Option<&str>) -> Vec<(String, serde_json::Value)> {
    use serde_json::json;
    static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("header h1, div._3b0d"));
    static PARTICIPANTS: LazyLock<Selector> = LazyLock::new(|| selector("header > div, div._2lek"));
    let mut items = Vec::new();
    if let Some(title) = doc.select(&TITLE).next().map(text_of) {
        items.push(("/title".to_string(), json!(title)));
    }
    let line = doc
        .select(&PARTICIPANTS)
        .filter(|e| !has_class(*e, "_2lel"))
        .map(text_of)
        .find(|t| t.contains(':'));
    if let Some(line) = line {
        let names = line.split_once(':').map(|(_, n)| n).unwrap_or("");
        let mut list = names.to_string();
        for joiner in [" and ", " et ", " en ", " und ", " y ", " e "] {
            list = list.replace(joiner, ", ");
        }
        for (i, name) in list
            .split(", ")
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .enumerate()
        {
            items.push((format!("/participants/{i}"), json!({"name": name})));
        }
    }
    for (i, record) in records(doc).iter().enumerate() {
        let mut message = serde_json::Map::new();
        if let Some(sender) = &record.title {
            message.insert("sender_name".into(), json!(sender));
        }
        if !record.text.is_empty() {
            message.insert("content".into(), json!(record.text.join("\n")));
        }
        if let Some(seconds) = record
            .date
            .as_deref()
            .and_then(|d| date_seconds_in(d, zone))
        {
            message.insert("timestamp_ms".into(), json!(seconds * 1000));
        }
        items.push((format!("/messages/{i}"), serde_json::Value::Object(message)));
    }
    items
}

/// A page of one business's activity off Meta (Facebook from 2026, Instagram): the business
/// and one printed time per event (`None` where an event prints none).
#[derive(Debug, Default, PartialEq)]
pub struct BusinessPage {
    pub business: Option<String>,
    pub events: Vec<Option<String>>,
}

static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static H2: LazyLock<Selector> = LazyLock::new(|| selector("h2"));
/// Older Instagram pages: `Activity received from <business>`.
static RECEIVED_FROM: LazyLock<Selector> = LazyLock::new(|| selector("._38my"));
static TABLE: LazyLock<Selector> = LazyLock::new(|| selector("table"));
static VALUE_CELL: LazyLock<Selector> = LazyLock::new(|| selector("._a6_r"));

/// Reads a page of one business's activity off Meta. The business is the page's first `h2`,
/// else its `h1` (Instagram), else the older Instagram line `Activity received from …`. Each
/// event is a table holding no other table (its `ID`, `Event` and `Received on` rows, in the
/// account's language; the table that wraps them holds tables and is no event), its time the
/// first value that reads as a date; on older Instagram pages, with no table, each value that
/// reads as a date is an event's.
pub fn business_page(doc: &Html) -> BusinessPage {
    let first_text = |css: &Selector| doc.select(css).map(text_of).find(|text| !text.is_empty());
    let business = first_text(&H2).or_else(|| first_text(&H1)).or_else(|| {
        first_text(&RECEIVED_FROM).map(|line| {
            line.strip_prefix("Activity received from ")
                .map_or(line.clone(), str::to_string)
        })
    });
    let printed_date =
        |cell: ElementRef<'_>| Some(text_of(cell)).filter(|t| parse_date(t).is_some());
    let holds_table = |table: ElementRef<'_>| {
        table
            .descendants()
            .skip(1)
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().name() == "table")
    };
    let mut events: Vec<Option<String>> = doc
        .select(&TABLE)
        .filter(|table| !holds_table(*table))
        .map(|table| table.select(&VALUE_CELL).find_map(printed_date))
        .collect();
    if events.is_empty() {
        events = doc
            .select(&VALUE_CELL)
            .filter_map(printed_date)
            .map(Some)
            .collect();
    }
    BusinessPage { business, events }
}

/// A date as Meta prints it, read as a wall-clock time: `(year, month, day, hour, minute,
/// second)`. The zone is not printed; the caller decides which one applies.
pub fn parse_date(text: &str) -> Option<(i16, i8, i8, i8, i8, i8)> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let mut clock: Option<(i8, i8, i8)> = None;
    let mut pm = None;
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let lower = token.to_lowercase();
        let bare = lower.trim_end_matches('.');
        if let Some((h, rest)) = bare.split_once(':') {
            let mut parts = rest.split(':');
            let h: i8 = h.parse().ok()?;
            let m: i8 = parts.next()?.get(..2)?.parse().ok()?;
            let s: i8 = parts
                .next()
                .and_then(|s| s.get(..2)?.parse().ok())
                .unwrap_or(0);
            clock = Some((h, m, s));
            if bare.ends_with("pm") {
                pm = Some(true);
            } else if bare.ends_with("am") {
                pm = Some(false);
            }
        } else if matches!(bare, "am" | "a" | "vorm") {
            pm = Some(false);
        } else if matches!(bare, "pm" | "p" | "nachm") {
            pm = Some(true);
        } else if let Ok(n) = bare.parse::<u16>() {
            if n >= 1000 {
                year = Some(n as i16);
            } else if (1..=31).contains(&n) && day.is_none() {
                day = Some(n as i8);
            }
        } else if let Some(m) = crate::scan::month_number(bare) {
            month = i8::try_from(m).ok();
        }
    }
    let (mut hour, minute, second) = clock.unwrap_or((0, 0, 0));
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let (year, month, day) = (year?, month?, day?);
    (hour < 24 && minute < 60 && second < 60).then_some((year, month, day, hour, minute, second))
}

/// Unix seconds of a printed date read in UTC.
pub fn date_seconds(text: &str) -> Option<i64> {
    date_seconds_in(text, None)
}

/// Unix seconds of a printed date: in the offset it prints (`UTC+01`, before 2018), else in the
/// account's zone (an IANA name), else in UTC.
pub fn date_seconds_in(text: &str, zone: Option<&str>) -> Option<i64> {
    let (y, mo, d, h, mi, s) = parse_date(text)?;
    let civil = jiff::civil::DateTime::new(y, mo, d, h, mi, s, 0).ok()?;
    let zone = printed_offset(text)
        .or_else(|| zone.and_then(|z| jiff::tz::TimeZone::get(z).ok()))
        .unwrap_or(jiff::tz::TimeZone::UTC);
    civil.to_zoned(zone).ok().map(|z| z.timestamp().as_second())
}

/// `UTC+01`, `UTC-05:30`: an offset printed after the time.
fn printed_offset(text: &str) -> Option<jiff::tz::TimeZone> {
    let at = text.find("UTC")?;
    let rest = &text[at + 3..];
    let sign: i32 = match rest.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = rest[1..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None => (digits.parse::<i32>().ok()?, 0),
    };
    let seconds = sign * (hours * 3600 + minutes * 60);
    jiff::tz::Offset::from_seconds(seconds)
        .ok()
        .map(jiff::tz::TimeZone::fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_of_the_2024_markup_with_nesting() {
        let doc = Html::parse_document(
            r#"<main><section class="_a6-g"><h2 class="_2ph_ _a6-h _a6-i">Acme</h2>
            <div class="_2ph_ _a6-p"><div class="_2pin"><div>a post text</div></div>
            <table><tr><td class="_a6_q">Action</td><td class="_a6_r">Clicked ad</td></tr>
            <tr><td class="_a6_q" colspan="2">Events<div>
              <section class="_a6-g"><div class="_2ph_ _a6-p"><table>
                <tr><td class="_a6_q">Event</td><td class="_a6_r">PAGE_VIEW</td></tr>
                <tr><td class="_a6_q">Received on</td><td class="_a6_r">Jun 04, 2025 6:46:10 pm</td></tr></table></div></section>
              <section class="_a6-g"><div class="_2ph_ _a6-p">69003</div></section></div></td></tr></table></div>
            <footer class="_3-94 _a6-o"><div class="_a72d">Jun 04, 2025 6:46:10 pm</div></footer></section></main>"#,
        );
        let records = records(&doc);
        assert_eq!(
            records.len(),
            1,
            "nested sections are not records of their own"
        );
        let r = &records[0];
        assert_eq!(r.title.as_deref(), Some("Acme"));
        assert_eq!(r.text, ["a post text"]);
        assert_eq!(r.fields[0].value.as_deref(), Some("Clicked ad"));
        assert_eq!(r.fields[1].label, "Events");
        assert_eq!(r.fields[1].children.len(), 2);
        let value = to_value(r, None);
        assert_eq!(value["timestamp"], 1749062770);
        assert_eq!(
            value["label_values"][1]["vec"][0]["dict"][1]["timestamp_value"],
            1749062770
        );
        assert_eq!(value["label_values"][1]["vec"][1]["value"], "69003");
    }

    #[test]
    fn reads_records_of_the_2019_markup() {
        let doc = Html::parse_document(
            r#"<div class="_4t5n"><div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder">
            <div class="_3-96 _2pio _2lek _2lel">Shop</div><div class="_3-96 _2let"><div>
            <div class="_2pin"><div>ID: 1</div><div>Type: PAGE_VIEW</div></div>
            <div class="_2pin"><div>ID: 2</div><div>Type: PURCHASE</div></div></div></div>
            <div class="_3-94 _2lem">Jan 14, 2020, 1:45 PM</div></div></div>"#,
        );
        let r = &records(&doc)[0];
        assert_eq!(r.title.as_deref(), Some("Shop"));
        assert_eq!(
            r.fields.len(),
            3,
            "two lines of the first block and the second block"
        );
        assert_eq!(r.date.as_deref().and_then(date_seconds), Some(1579009500));
    }

    #[test]
    fn reads_records_of_the_2022_markup_and_instagram_rows() {
        let doc = Html::parse_document(
            r#"<div class="_3-95 _a6-g"><div class="_2ph_ _a6-h _a6-i">Ben Sample</div>
            <div class="_2ph_ _a6-p">hello</div><div class="_3-94 _a6-o">Sep 8, 2016, 4:36 PM</div></div>
            <div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder"><div class="_3-95 _2pim _a6-h _a6-i">pix_otter</div>
            <div class="_3-95 _a6-p"><table><tr><td class="_2pin _a6_q"><div class="_a6-q">Interesse</div><div><div>Hiking</div></div></td></tr></table></div></div>"#,
        );
        let records = records(&doc);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].title.as_deref(), Some("Ben Sample"));
        assert_eq!(records[0].text, ["hello"]);
        assert_eq!(
            records[0].date.as_deref().and_then(date_seconds),
            Some(1473352560)
        );
        assert_eq!(records[1].fields[0].label, "Interesse");
        assert_eq!(records[1].fields[0].value.as_deref(), Some("Hiking"));
    }

    #[test]
    fn message_pages_become_thread_items() {
        let doc = Html::parse_document(
            r#"<header><h1>Ben Sample</h1><div>Participants: Ben Sample and Ava Tester</div></header>
            <main><section class="_a6-g"><h2 class="_2ph_ _a6-h _a6-i">Ben Sample</h2>
            <div class="_2ph_ _a6-p"><div><div></div><div>hello</div></div></div>
            <footer class="_3-94 _a6-o"><div class="_a72d">Jun 04, 2025 6:46:10 pm</div></footer></section></main>"#,
        );
        let items = thread_items(&doc, None);
        let pointers: Vec<&str> = items.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/title",
                "/participants/0",
                "/participants/1",
                "/messages/0"
            ]
        );
        assert_eq!(items[3].1["content"], "hello");
        assert_eq!(items[3].1["timestamp_ms"], 1749062770000i64);
    }

    #[test]
    fn dates_are_read_in_the_account_zone() {
        let utc = date_seconds("Jun 04, 2025 6:46:10 pm").unwrap();
        let paris = date_seconds_in("Jun 04, 2025 6:46:10 pm", Some("Europe/Paris")).unwrap();
        assert_eq!(utc - paris, 2 * 3600, "summer time in Paris is UTC+2");
        let winter = date_seconds_in("janv. 01, 2023 1:10:00 am", Some("Europe/Paris")).unwrap();
        assert_eq!(winter, 1672531800, "winter time is UTC+1: 00:10 UTC");
    }

    #[test]
    fn dates_in_several_languages_and_orders() {
        let at = |t: &str| parse_date(t).map(|(y, mo, d, h, mi, _)| (y, mo, d, h, mi));
        assert_eq!(at("Oct 19, 2019 at 2:37 PM"), Some((2019, 10, 19, 14, 37)));
        assert_eq!(at("19 Oct 2019, 14:37"), Some((2019, 10, 19, 14, 37)));
        assert_eq!(at("14 janv. 2020, 13:45"), Some((2020, 1, 14, 13, 45)));
        assert_eq!(at("mrt 02, 2026 4:57:45 pm"), Some((2026, 3, 2, 16, 57)));
        assert_eq!(at("Aug 17, 2025 12:23 am"), Some((2025, 8, 17, 0, 23)));
        assert_eq!(at("17. Mrz. 2026, 20:30:41"), Some((2026, 3, 17, 20, 30)));
        assert_eq!(at("3. Okt. 2024, 08:05"), Some((2024, 10, 3, 8, 5)));
        assert_eq!(at("12 Şub 2025 21:04"), Some((2025, 2, 12, 21, 4)));
        assert_eq!(at("9 Ağu 2023 07:15"), Some((2023, 8, 9, 7, 15)));
        assert_eq!(at("30 Eyl 2022 10:00"), Some((2022, 9, 30, 10, 0)));
        assert_eq!(at("no date here"), None);
    }

    #[test]
    fn a_business_page_gives_its_business_and_one_time_per_event() {
        let event = |kind: &str, when: &str| {
            format!(
                "<table><tr><td class=\"_a6_q\">ID</td><td class=\"_a6_r\">42</td></tr>\
                 <tr><td class=\"_a6_q\">Event</td><td class=\"_a6_r\">{kind}</td></tr>\
                 <tr><td class=\"_a6_q\">Received on</td><td class=\"_a6_r\">{when}</td></tr></table>"
            )
        };
        // Facebook 2026: a header, the business in h2, a wrapper table nesting the events.
        let facebook = format!(
            "<header><h1>Your activity off Meta technologies</h1></header><h2>A Shop</h2>\
             <table><tr><td class=\"_a6_r\">Jan 01, 2026 1:00 am</td></tr>\
             <tr><td>{}{}</td></tr></table>",
            event("PAGE_VIEW", "Jan 10, 2026 9:00:00 am"),
            event("PURCHASE", "no date")
        );
        assert_eq!(
            business_page(&Html::parse_document(&facebook)),
            BusinessPage {
                business: Some("A Shop".into()),
                events: vec![Some("Jan 10, 2026 9:00:00 am".into()), None],
            }
        );
        // Instagram: the business in h1.
        let instagram = format!(
            "<h1>829 Studio</h1>{}",
            event("LEAD", "Jan 05, 2026 4:10 pm")
        );
        let page = business_page(&Html::parse_document(&instagram));
        assert_eq!(page.business.as_deref(), Some("829 Studio"));
        assert_eq!(page.events.len(), 1);
        // Older Instagram: the line naming the business, value cells with no table.
        let older = "<span class=\"_38my\">Activity received from Old Shop<span></span></span>\
            <div class=\"_a6_r\">7</div><div class=\"_a6_r\">PAGE_VIEW</div>\
            <div class=\"_a6_r\">Mar 03, 2024 7:12 pm</div>\
            <div class=\"_a6_r\">7</div><div class=\"_a6_r\">PURCHASE</div>\
            <div class=\"_a6_r\">Mar 04, 2024 8:01 am</div>";
        let page = business_page(&Html::parse_document(older));
        assert_eq!(page.business.as_deref(), Some("Old Shop"));
        assert_eq!(page.events.len(), 2);
        // A page naming no business, and one with no event.
        assert_eq!(
            business_page(&Html::parse_document("<p>nothing</p>")),
            BusinessPage::default()
        );
        let empty = business_page(&Html::parse_document("<h2>Quiet</h2>"));
        assert_eq!(
            (empty.business.as_deref(), empty.events.len()),
            (Some("Quiet"), 0)
        );
    }
}
