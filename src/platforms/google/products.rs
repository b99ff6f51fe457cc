//! The Takeout products that are not activity or location (formats/others.md §3.5, §3.7): the
//! profile (the account holder), contacts (vCard), Gmail (mbox headers; bodies only when the user
//! asks), Chrome history, YouTube subscriptions, comments and live-chat messages (CSV, and the
//! older HTML pages), Google Pay transactions, the access log (sign-ins, IP addresses, user
//! agents, devices), Play installs and the archive index.
//! Column names are matched in English first and by position otherwise (the CSV headers are
//! translated too). Never prints a value.

use std::sync::LazyLock;

use regex::Regex;
use scraper::Selector;
use serde_json::Value;

use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{Kind, Provenance, RecordSink};
use crate::platforms::FileParser;
use crate::platforms::common;

use super::activity::normalise;

const GIVEN: Provenance = Provenance::Volunteered;
const SEEN: Provenance = Provenance::Observed;
const FROM_OTHERS: Provenance = Provenance::Received;

/// The parser of a product spec of `known_files.tsv`.
pub fn parser(spec: &str) -> Option<Box<dyn FileParser>> {
    Some(match spec {
        "profile" => Box::new(Profile),
        "vcard" => Box::<VCard>::default(),
        "mbox" => Box::<Mbox>::default(),
        "chrome_history" => Box::new(ChromeHistory),
        "play_installs" => Box::new(PlayInstalls),
        "index" => Box::new(Index),
        "subscriptions" => Box::new(Rows::new(Table::Subscriptions)),
        "comments" => Box::new(Rows::new(Table::Comments)),
        "live_chats" => Box::new(Rows::new(Table::LiveChats)),
        "comments_html" => Box::new(CommentsHtml),
        "pay" => Box::new(Rows::new(Table::Pay)),
        "access_log" => Box::new(Rows::new(Table::AccessLog)),
        "access_devices" => Box::new(Rows::new(Table::AccessDevices)),
        _ => return None,
    })
}

/// `Profile/Profile.json`: names, birthday, gender, e-mails; its name is the account holder.
struct Profile;

impl FileParser for Profile {
    fn rule(&self) -> &'static str {
        "google.profile"
    }

    /// Items come one top-level key at a time (`/displayName`, `/name`, `/emails/0`...).
    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let text = value.as_str();
        match common::top_key(pointer) {
            "displayName" => {
                if let Some(name) = text {
                    sink.record(Kind::Name, name, GIVEN, pointer, None);
                    sink.set_owner(name);
                }
            }
            "name" => {
                if let Some(name) = common::str_field(&value, "formattedName") {
                    sink.record(Kind::Name, name, GIVEN, pointer, None);
                    if sink.owner().is_none() {
                        sink.set_owner(name);
                    }
                }
            }
            "birthday" => {
                if let Some(day) = text {
                    sink.record(Kind::Birthdate, day, GIVEN, pointer, None);
                }
            }
            "gender" => {
                let gender = common::str_field(&value, "type").or(text);
                if let Some(gender) = gender {
                    sink.record(Kind::Gender, gender, GIVEN, pointer, None);
                }
            }
            "emails" => {
                if let Some(address) = common::str_field(&value, "value").or(text) {
                    sink.record(Kind::Email, address, GIVEN, pointer, None);
                }
            }
            "photos" | "photoUrl" => sink.count(Kind::ProfilePhoto, GIVEN, pointer, None),
            _ => common::scan_json(sink, pointer, common::last_key(pointer), &value),
        }
        Ok(())
    }
}

/// A vCard file: each card is a contact with its names, e-mails, phones, addresses. Folded lines
/// (a leading space continues the previous one) are joined first.
#[derive(Default)]
struct VCard {
    /// The property line being unfolded.
    pending: Option<String>,
    cards: u64,
    /// What names the card being read (its `FN`, else its first e-mail or phone).
    label: Option<String>,
}

impl VCard {
    fn property(&mut self, sink: &mut dyn RecordSink, line: &str) {
        let Some((name, value)) = line.split_once(':') else {
            return;
        };
        let name = name.split(';').next().unwrap_or_default();
        let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
        let value = value
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\n", " ");
        let value = value.trim();
        let at = format!("/{}/{}", self.cards, name.to_ascii_lowercase());
        match name.as_str() {
            "BEGIN" => self.label = None,
            "END" => {
                let label = self.label.take().unwrap_or_default();
                let card = format!("/{}", self.cards);
                sink.record(Kind::Contact, &label, FROM_OTHERS, &card, None);
                self.cards += 1;
            }
            _ if value.is_empty() => {}
            "FN" => {
                sink.record(Kind::Name, value, FROM_OTHERS, &at, None);
                self.label = Some(value.to_string());
            }
            "EMAIL" | "TEL" => {
                common::contact_point(sink, value, FROM_OTHERS, &at, None);
                self.label.get_or_insert_with(|| value.to_string());
            }
            "ADR" => {
                let address: Vec<&str> = value
                    .split(';')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                sink.record(
                    Kind::PostalAddress,
                    &address.join(", "),
                    FROM_OTHERS,
                    &at,
                    None,
                );
            }
            "BDAY" => sink.record(Kind::Birthdate, value, FROM_OTHERS, &at, None),
            "ORG" | "TITLE" => sink.record(Kind::Work, value, FROM_OTHERS, &at, None),
            "NOTE" => sink.scan_text(Kind::Contact, value, FROM_OTHERS, &at, None),
            _ => {}
        }
    }
}

impl FileParser for VCard {
    fn rule(&self) -> &'static str {
        "google.contacts_vcard"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Text { line, .. } = item else {
            return Ok(());
        };
        let line = line.trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix([' ', '\t']) {
            if let Some(pending) = &mut self.pending {
                pending.push_str(rest);
            }
            return Ok(());
        }
        if let Some(done) = self.pending.replace(line.to_string()) {
            self.property(sink, &done);
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, sink: &mut dyn RecordSink) -> crate::platforms::Outcome {
        if let Some(done) = self.pending.take() {
            self.property(sink, &done);
        }
        crate::platforms::Outcome::Parsed
    }
}

/// A Gmail mbox: each message counted, its correspondents' addresses and names read from the
/// headers. Bodies are only scanned when the user asked for it (`--mail-bodies`); `Message-ID`s
/// look like addresses and are never read.
#[derive(Default)]
struct Mbox {
    messages: u64,
    in_headers: bool,
    previous_blank: bool,
    /// The header being unfolded.
    header: Option<String>,
    /// Headers of the message being read: (name, address, display name).
    parties: Vec<(String, String, Option<String>)>,
    date: Option<i64>,
    /// Provenance of the body lines of the current message.
    body: Option<Provenance>,
}

impl Mbox {
    fn header(&mut self, line: &str) {
        let Some((name, value)) = line.split_once(':') else {
            return;
        };
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "from" | "to" | "cc" | "bcc" | "reply-to" | "delivered-to" => {
                for party in split_addresses(value) {
                    let (display, address) = match (party.rfind('<'), party.rfind('>')) {
                        (Some(open), Some(close)) if open < close => (
                            Some(party[..open].trim().trim_matches('"')),
                            party[open + 1..close].trim(),
                        ),
                        _ => (None, party.trim()),
                    };
                    if address.contains('@') {
                        let display = display.filter(|d| !d.is_empty()).and_then(decode_words);
                        self.parties
                            .push((name.clone(), address.to_ascii_lowercase(), display));
                    }
                }
            }
            "date" => {
                self.date = jiff::fmt::rfc2822::parse(value.trim())
                    .ok()
                    .map(|z| z.timestamp().as_second())
            }
            _ => {}
        }
    }

    /// The headers are read: the message and its parties are recorded.
    fn end_headers(&mut self, sink: &mut dyn RecordSink) {
        if let Some(h) = self.header.take() {
            self.header(&h);
        }
        let at = format!("/{}", self.messages.saturating_sub(1));
        let own: Vec<String> = self
            .parties
            .iter()
            .filter(|(h, _, _)| h == "delivered-to")
            .map(|(_, a, _)| a.clone())
            .collect();
        let sent = self
            .parties
            .iter()
            .any(|(h, a, _)| h == "from" && own.contains(a));
        let provenance = if sent { GIVEN } else { FROM_OTHERS };
        sink.count(Kind::Message, provenance, &at, self.date);
        for (header, address, display) in std::mem::take(&mut self.parties) {
            let mine = own.contains(&address);
            let at = format!("{at}/{header}");
            sink.record(
                Kind::Email,
                &address,
                if mine { GIVEN } else { FROM_OTHERS },
                &at,
                self.date,
            );
            if let Some(name) = display {
                sink.record(
                    Kind::Name,
                    &name,
                    if mine { GIVEN } else { FROM_OTHERS },
                    &at,
                    self.date,
                );
            }
        }
        self.body = Some(provenance);
    }
}

/// Addresses of a header, split at commas outside quotes and angle brackets.
fn split_addresses(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut angle, mut start) = (false, false, 0);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' => angle = true,
            '>' => angle = false,
            ',' if !quoted && !angle => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

/// A display name, with RFC 2047 `=?UTF-8?Q?…?=` words decoded; `None` for other encodings.
fn decode_words(text: &str) -> Option<String> {
    if !text.contains("=?") {
        return Some(text.to_string());
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let inner = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?="));
        let Some(inner) = inner else {
            out.push_str(word);
            out.push(' ');
            continue;
        };
        let mut parts = inner.splitn(3, '?');
        let (charset, encoding, data) = (parts.next()?, parts.next()?, parts.next()?);
        if !charset.eq_ignore_ascii_case("utf-8") || !encoding.eq_ignore_ascii_case("q") {
            return None;
        }
        let mut bytes = Vec::new();
        let raw = data.as_bytes();
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'_' => bytes.push(b' '),
                b'=' if i + 2 < raw.len() => {
                    let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok()?;
                    bytes.push(u8::from_str_radix(hex, 16).ok()?);
                    i += 2;
                }
                b => bytes.push(b),
            }
            i += 1;
        }
        out.push_str(&String::from_utf8(bytes).ok()?);
    }
    Some(out.trim().to_string())
}

impl FileParser for Mbox {
    fn rule(&self) -> &'static str {
        "google.mail_mbox"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Text { line, number } = item else {
            return Ok(());
        };
        let line = line.trim_end_matches('\r');
        if line.starts_with("From ") && (number == 1 || self.previous_blank) {
            if self.in_headers {
                self.end_headers(sink);
            }
            self.messages += 1;
            self.in_headers = true;
            self.date = None;
            self.body = None;
        } else if self.in_headers {
            if line.is_empty() {
                self.in_headers = false;
                self.end_headers(sink);
            } else if line.starts_with([' ', '\t']) {
                if let Some(h) = &mut self.header {
                    h.push(' ');
                    h.push_str(line.trim());
                }
            } else if let Some(done) = self.header.replace(line.to_string()) {
                self.header(&done);
            }
        } else if let Some(provenance) = self.body.filter(|_| sink.reads_message_bodies()) {
            let at = format!("/{}/body", self.messages.saturating_sub(1));
            sink.scan_text(Kind::Message, line, provenance, &at, self.date);
        }
        self.previous_blank = line.is_empty();
        Ok(())
    }

    fn finish(mut self: Box<Self>, sink: &mut dyn RecordSink) -> crate::platforms::Outcome {
        if self.in_headers {
            self.end_headers(sink);
        }
        crate::platforms::Outcome::Parsed
    }
}

/// Chrome `{"Browser History": [...]}`: each element a visited page.
struct ChromeHistory;

impl FileParser for ChromeHistory {
    fn rule(&self) -> &'static str {
        "google.chrome_history"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let page = common::str_field(&value, "title").or_else(|| common::str_field(&value, "url"));
        let time = value
            .get("time_usec")
            .and_then(common::as_i64)
            .map(|us| us / 1_000_000);
        match page {
            Some(page) => {
                let at = format!("{pointer}/title");
                sink.count(Kind::VisitedPage, SEEN, &at, time);
                sink.scan_text(Kind::VisitedPage, page, SEEN, &at, time);
            }
            None => common::scan_json(sink, pointer, "", &value),
        }
        Ok(())
    }
}

/// Play Store `Installs.json`: the apps installed and the device each went to.
struct PlayInstalls;

impl FileParser for PlayInstalls {
    fn rule(&self) -> &'static str {
        "google.play_installs"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let install = value.get("install").unwrap_or(&value);
        if let Some(title) = install.pointer("/doc/title").and_then(Value::as_str) {
            // The app's name says what it is for (a health diary...): the lexicon reads it.
            sink.scan_value("title", title, &format!("{pointer}/install/doc/title"));
        }
        let device = install.get("deviceAttribute").and_then(|d| {
            common::str_field(d, "deviceDisplayName").or_else(|| common::str_field(d, "model"))
        });
        let time = install.get("firstInstallationTime").and_then(Value::as_str);
        let time = time.and_then(|t| common::utc_seconds(t, &[]));
        if let Some(device) = device {
            let at = format!("{pointer}/install/deviceAttribute");
            sink.record(Kind::Device, device, SEEN, &at, time);
        }
        Ok(())
    }
}

/// `archive_browser.html`: the index of the export, which names the account's e-mail.
struct Index;

impl FileParser for Index {
    fn rule(&self) -> &'static str {
        "google.archive_index"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        if let Item::Html(doc) = item {
            let text =
                normalise(&doc.root_element().text().collect::<Vec<_>>().join(" ")).into_owned();
            for hit in sink.text_hits(&text) {
                if hit.kind == Some(Kind::Email) {
                    sink.text_hit(Kind::Email, hit, GIVEN, "/header", None);
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy)]
enum Table {
    Subscriptions,
    Comments,
    /// Messages in live streams' chats: comments' columns without a parent; the header row
    /// may be missing.
    LiveChats,
    Pay,
    AccessLog,
    AccessDevices,
}

/// The CSV products, one record per row.
struct Rows {
    table: Table,
    /// Whether the first row has been looked at: a "header" holding a time is a row of a file
    /// written without its header (live chats).
    started: bool,
}

impl Rows {
    fn new(table: Table) -> Rows {
        Rows {
            table,
            started: false,
        }
    }

    fn row(&self, sink: &mut dyn RecordSink, header: &[String], fields: &[String], record: u64) {
        if fields.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let at = format!("/{record}");
        let time = row_time(fields);
        match self.table {
            Table::Subscriptions => {
                let channel = column(header, fields, "Channel Title", 2).unwrap_or_default();
                sink.record(Kind::LikedPage, channel, GIVEN, &at, None);
            }
            Table::Comments | Table::LiveChats => {
                let name = match self.table {
                    Table::LiveChats => "Live Chat Text",
                    _ => "Comment Text",
                };
                let last = fields.len().saturating_sub(1);
                let text = comment_text(column(header, fields, name, last).unwrap_or_default());
                sink.count(Kind::Comment, GIVEN, &at, time);
                sink.scan_text(Kind::Comment, &text, GIVEN, &at, time);
            }
            Table::Pay => {
                let description = column(header, fields, "Description", 2).unwrap_or_default();
                sink.record(Kind::Payment, description, GIVEN, &at, time);
            }
            Table::AccessLog => {
                sink.count(Kind::Login, SEEN, &at, time);
                if let Some(ip) = column(header, fields, "IP Address", 2) {
                    common::ip_address(sink, ip, &format!("{at}/ip"), time);
                }
                if let Some(agent) = column(header, fields, "User Agent String", 8) {
                    sink.record(
                        Kind::UserAgent,
                        agent,
                        SEEN,
                        &format!("{at}/user_agent"),
                        time,
                    );
                }
            }
            Table::AccessDevices => {
                let parts: Vec<&str> = [("Brand Name", 2), ("Model Name", 3)]
                    .iter()
                    .filter_map(|(name, i)| column(header, fields, name, *i))
                    .collect();
                sink.record(Kind::Device, &parts.join(" "), SEEN, &at, time);
            }
        }
    }
}

/// A cell by its English header, else by its position.
fn column<'r>(
    header: &[String],
    fields: &'r [String],
    name: &str,
    position: usize,
) -> Option<&'r str> {
    common::cell(header, fields, name).or_else(|| {
        let known = header.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
        (!known)
            .then(|| {
                fields
                    .get(position)
                    .map(|f| f.trim())
                    .filter(|f| !f.is_empty())
            })
            .flatten()
    })
}

/// The first cell that reads as a time (ISO, or printed like `Apr 1, 2024, 9:00:03 AM BST`).
fn row_time(fields: &[String]) -> Option<i64> {
    fields.iter().find_map(|f| {
        let f = normalise(f);
        common::utc_seconds(&f, &["%Y-%m-%d %H:%M:%S"]).or_else(|| {
            f.contains(':')
                .then(|| crate::platforms::meta::html::date_seconds(&f))
                .flatten()
        })
    })
}

/// The text of a comment: `{"takeoutSegments":[{"text":…}]}` (old) or comma-joined segments
/// `{"text":"a"},{"text":"b"}` (since 2024), else the cell as it is.
fn comment_text(cell: &str) -> String {
    let segments = serde_json::from_str::<Value>(cell)
        .ok()
        .and_then(|v| v.get("takeoutSegments").cloned())
        .or_else(|| serde_json::from_str::<Value>(&format!("[{cell}]")).ok());
    match segments.as_ref().and_then(Value::as_array) {
        Some(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        None => cell.to_string(),
    }
}

impl FileParser for Rows {
    fn rule(&self) -> &'static str {
        match self.table {
            Table::Subscriptions => "google.youtube_subscriptions",
            Table::Comments => "google.youtube_comments",
            Table::LiveChats => "google.youtube_live_chats",
            Table::Pay => "google.pay_transactions",
            Table::AccessLog => "google.access_log",
            Table::AccessDevices => "google.access_devices",
        }
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Csv {
            header,
            fields,
            record,
        } = item
        else {
            return Ok(());
        };
        if !std::mem::replace(&mut self.started, true) && row_time(header).is_some() {
            // No header: the first row was taken for one. Its columns are read by position.
            self.row(sink, &[], header, 1);
            self.row(sink, &[], fields, record);
        } else {
            self.row(sink, header, fields, record);
        }
        Ok(())
    }
}

/// The text of an element, line by line (a `br` ends a line).
fn lines_of(element: scraper::ElementRef<'_>) -> Vec<String> {
    let mut lines = vec![String::new()];
    for node in element.children() {
        let text: String = match node.value() {
            scraper::Node::Element(e) if e.name() == "br" => {
                lines.push(String::new());
                continue;
            }
            scraper::Node::Text(text) => text.to_string(),
            _ => scraper::ElementRef::wrap(node)
                .map(|e| e.text().collect())
                .unwrap_or_default(),
        };
        if let Some(line) = lines.last_mut() {
            line.push_str(&text);
        }
    }
    lines
}

/// YouTube comments and live-chat messages as older Takeouts give them
/// (`my-comments/my-comments.html`, `my-live-chat-messages/my-live-chat-messages.html`): one
/// `li` each, a line saying where and when (`… at 2019-05-06 14:32:07 UTC`), a `br`, then the
/// text. Times are read as UTC.
struct CommentsHtml;

impl FileParser for CommentsHtml {
    fn rule(&self) -> &'static str {
        "google.youtube_comments_html"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        static ITEM: LazyLock<Selector> =
            LazyLock::new(|| Selector::parse("li").expect("static selector"));
        static STAMP: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}")
                .expect("static time pattern")
        });
        let Item::Html(doc) = item else {
            return Ok(());
        };
        for (i, li) in doc.select(&ITEM).enumerate() {
            let lines = lines_of(li);
            let time = lines
                .first()
                .and_then(|line| STAMP.find(line))
                .and_then(|m| {
                    common::utc_seconds(&m.as_str().replace('T', " "), &["%Y-%m-%d %H:%M:%S"])
                });
            let text = lines.get(1..).unwrap_or_default().join("\n");
            let at = format!("/{i}");
            sink.count(Kind::Comment, GIVEN, &at, time);
            sink.scan_text(Kind::Comment, text.trim(), GIVEN, &at, time);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_texts_in_both_shapes() {
        assert_eq!(
            comment_text(r#"{"takeoutSegments":[{"text":"a"},{"text":"b"}]}"#),
            "ab"
        );
        assert_eq!(
            comment_text(r#"{"text":"a"},{"text":"\n"},{"text":"b"}"#),
            "a\nb"
        );
        assert_eq!(comment_text("plain words"), "plain words");
    }

    #[test]
    fn mail_headers_are_split_and_decoded() {
        assert_eq!(
            split_addresses(r#""Doe, Jo" <jo@example.org>, x@example.net"#).len(),
            2
        );
        assert_eq!(
            decode_words("=?UTF-8?Q?Sol=C3=A8ne_Maquette?=").as_deref(),
            Some("Solène Maquette")
        );
        assert_eq!(decode_words("Plain Name").as_deref(), Some("Plain Name"));
        assert_eq!(
            decode_words("=?UTF-8?B?U29sw6huZQ==?="),
            None,
            "other encodings are not guessed"
        );
        assert_eq!(decode_words("=?UTF-8?Q?bad=ZZx?="), None);
    }

    #[test]
    fn columns_by_name_then_position() {
        let header = [
            "Channel Id".to_string(),
            "Channel Url".into(),
            "Channel Title".into(),
        ];
        let fields = ["UC1".to_string(), "u".into(), "Knit Club".into()];
        assert_eq!(
            column(&header, &fields, "Channel Title", 2),
            Some("Knit Club")
        );
        let translated = ["ID".to_string(), "URL".into(), "Titre".into()];
        assert_eq!(
            column(&translated, &fields, "Channel Title", 2),
            Some("Knit Club")
        );
        let empty = ["UC1".to_string(), "u".into(), " ".into()];
        assert_eq!(column(&header, &empty, "Channel Title", 2), None);
    }
}
