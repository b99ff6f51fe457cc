//! Message threads of Meta exports (formats/meta.md §3.4, §6, §7): Messenger and Instagram Direct
//! `message_N.json` of a thread folder, Facebook group chats (`thread_name`), and the
//! end-to-end-encrypted "flat" files (`participants` as strings, `senderName`, `text`,
//! millisecond `timestamp`).
//!
//! Messages are counted (a dataset), their text goes through the generic detectors and the
//! lexicon. A message is `volunteered` when the account holder sent it and `received` otherwise;
//! the holder is the profile's name or, failing that, the participant of a one-to-one thread who is
//! not its title. Results are resolved when the file ends, since `title` follows `messages`.
//! Messages are streamed one by one; only per-sender counts and rare detector hits are kept.
//! It never prints a message or a name; hits are kept only until the file ends.

use std::collections::BTreeMap;

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use crate::decode::json::{self, Shaped};
use crate::decode::members::{self, Member};
use crate::decode::{Item, RawJson};
use crate::error::AuditError;
use crate::model::{Kind, Provenance, RecordSink, TextHit};
use crate::platforms::common::{self, LooseInt, as_i64, last_key, str_field};
use crate::platforms::{FileParser, Outcome};

/// Hits kept per file until the senders' provenance is known; a file with more (a flood of
/// e-mail addresses in one thread) keeps the first ones, so memory stays bounded.
const MAX_PENDING_HITS: usize = 20_000;

/// A hit in a message's text, kept until the sender's provenance is known.
struct PendingHit {
    sender: Option<String>,
    pointer: String,
    time: Option<i64>,
    hit: TextHit,
}

/// Messages of one sender: count, first and last time.
type SenderStats = (u64, Option<i64>, Option<i64>);

pub struct MessageThreadParser {
    rule: &'static str,
    participants: Vec<String>,
    title: Option<String>,
    /// Per sender name, and for messages with no sender field.
    per_sender: BTreeMap<String, SenderStats>,
    no_sender: SenderStats,
    hits: Vec<PendingHit>,
    saw_thread_shape: bool,
}

/// A message in Meta's shape, read from its bytes without building a tree: only the fields
/// used are kept (borrowed when they hold no escape). Any other shape (a field of another type,
/// a key written twice) fails this parse and takes the `Value` path, so nothing is lost.
#[derive(Deserialize)]
struct RawMessage<'a> {
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    sender_name: Option<Cow<'a, str>>,
    #[serde(
        borrow,
        default,
        rename = "senderName",
        deserialize_with = "json::borrowed_text"
    )]
    sender_name_flat: Option<Cow<'a, str>>,
    #[serde(default)]
    timestamp_ms: Option<LooseInt>,
    #[serde(default)]
    timestamp: Option<LooseInt>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    content: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    share: Option<RawShare<'a>>,
}

#[derive(Deserialize)]
struct RawShare<'a> {
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    share_text: Option<Cow<'a, str>>,
}

impl<'a> RawMessage<'a> {
    /// The message read in one pass from its bytes as written ([`members::pick`], which also
    /// repairs the mojibake, its strings decoded into `buffer`), as the typed parse reads it.
    /// `None` when that read gives up, for a shape the typed parse refuses or reads otherwise
    /// (a field written twice, a field of another type): the caller then takes the longer way,
    /// which decides.
    fn read(json: &'a str, repair: bool, buffer: &'a mut Vec<u8>) -> Option<Self> {
        const KEYS: [&str; 7] = [
            "sender_name",
            "senderName",
            "timestamp_ms",
            "timestamp",
            "content",
            "text",
            "share",
        ];
        let picked = members::pick(json, repair, buffer, KEYS)?;
        let text = |n| picked.text(n).map(|text| text.map(Cow::Borrowed));
        let share = match picked.member(6) {
            None | Some(Member::Null) => None,
            // A shared link (a message in a few): its text is copied out of a buffer of its own.
            Some(Member::Object(object)) => {
                let mut spare = Vec::new();
                let shared = members::pick(object, repair, &mut spare, ["share_text"])?;
                Some(RawShare {
                    share_text: shared.text(0)?.map(|text| Cow::Owned(text.to_string())),
                })
            }
            Some(_) => return None,
        };
        Some(RawMessage {
            sender_name: text(0)?,
            sender_name_flat: text(1)?,
            timestamp_ms: LooseInt::picked(&picked, 2)?,
            timestamp: LooseInt::picked(&picked, 3)?,
            content: text(4)?,
            text: text(5)?,
            share,
        })
    }
}

impl MessageThreadParser {
    /// A thread parser whose records carry `rule` (e.g. `facebook.message_thread`).
    pub fn new(rule: &'static str) -> Self {
        MessageThreadParser {
            rule,
            participants: Vec::new(),
            title: None,
            per_sender: BTreeMap::new(),
            no_sender: (0, None, None),
            hits: Vec::new(),
            saw_thread_shape: false,
        }
    }

    fn message(&mut self, sink: &dyn RecordSink, pointer: &str, message: &Value) {
        let sender = str_field(message, "sender_name").or_else(|| str_field(message, "senderName"));
        let time = message
            .get("timestamp_ms")
            .or_else(|| message.get("timestamp"))
            .and_then(as_i64);
        let texts = [
            str_field(message, "content"),
            str_field(message, "text"),
            message
                .get("share")
                .and_then(|s| str_field(s, "share_text")),
        ];
        self.message_parts(sink, pointer, sender, time, texts);
    }

    /// A message as written: read in one pass ([`RawMessage::read`]); else repaired in its
    /// bytes and read by the typed parse; else as a `Value`.
    fn raw_message(
        &mut self,
        sink: &mut dyn RecordSink,
        pointer: &str,
        written: RawJson<'_>,
        repair: bool,
    ) -> Result<(), AuditError> {
        members::with_buffer(|buffer| {
            let one_pass = written
                .text()
                .and_then(|json| RawMessage::read(json, repair, buffer));
            if let Some(raw) = one_pass {
                self.typed_message(sink, pointer, &raw);
                return Ok(());
            }
            let (bytes, repair) = json::repaired_bytes(written.bytes, repair, buffer);
            json::parse_shaped::<RawMessage<'_>>(bytes, repair, |_| true).map(|read| match read {
                Shaped::Typed(raw) => self.typed_message(sink, pointer, &raw),
                Shaped::Value(value) => self.message(sink, pointer, &value),
                Shaped::TooLarge => sink.value_skipped(),
            })
        })
    }

    fn typed_message(&mut self, sink: &dyn RecordSink, pointer: &str, raw: &RawMessage<'_>) {
        let sender = raw
            .sender_name
            .as_deref()
            .or(raw.sender_name_flat.as_deref());
        let share_text = raw.share.as_ref().and_then(|s| s.share_text.as_deref());
        let texts = [raw.content.as_deref(), raw.text.as_deref(), share_text];
        let time = raw.timestamp_ms.or(raw.timestamp).and_then(|t| t.0);
        self.message_parts(sink, pointer, sender, time, texts);
    }

    fn message_parts(
        &mut self,
        sink: &dyn RecordSink,
        pointer: &str,
        sender: Option<&str>,
        time_ms: Option<i64>,
        texts: [Option<&str>; 3],
    ) {
        let time = time_ms.filter(|&t| t > 0).map(|ms| ms / 1000);
        let stats = match sender {
            None => &mut self.no_sender,
            Some(name) => {
                if !self.per_sender.contains_key(name) {
                    self.per_sender.insert(name.to_string(), (0, None, None));
                }
                self.per_sender.get_mut(name).expect("inserted above")
            }
        };
        let (count, first, last) = stats;
        *count += 1;
        if let Some(t) = time {
            *first = Some(first.map_or(t, |f| f.min(t)));
            *last = Some(last.map_or(t, |l| l.max(t)));
        }
        for text in texts.into_iter().flatten() {
            for hit in sink.text_hits(text) {
                if self.hits.len() < MAX_PENDING_HITS {
                    self.hits.push(PendingHit {
                        sender: sender.map(str::to_string),
                        pointer: pointer.to_string(),
                        time,
                        hit,
                    });
                }
            }
        }
    }

    fn owner(&self, profile_owner: Option<&str>) -> Option<String> {
        if let Some(owner) = profile_owner {
            return Some(owner.to_string());
        }
        match (&self.title, self.participants.as_slice()) {
            (Some(title), [a, b]) if a == title => Some(b.clone()),
            (Some(title), [a, b]) if b == title => Some(a.clone()),
            _ => None,
        }
    }
}

impl FileParser for MessageThreadParser {
    fn rule(&self) -> &'static str {
        self.rule
    }

    fn raw_json(&self) -> bool {
        true
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let (pointer, value) = match item {
            Item::JsonRaw {
                pointer,
                raw,
                repair,
            } => {
                if last_key(pointer) == "messages" {
                    self.saw_thread_shape = true;
                    return self.raw_message(sink, pointer, raw, repair);
                }
                match json::parse_raw(raw.bytes, repair)? {
                    Some(value) => (pointer, value),
                    None => {
                        sink.value_skipped();
                        return Ok(());
                    }
                }
            }
            Item::Json { pointer, value } => (pointer, value),
            Item::Html(doc) => {
                for (pointer, value) in super::html::thread_items(doc, sink.timezone()) {
                    self.item(
                        sink,
                        Item::Json {
                            pointer: &pointer,
                            value,
                        },
                    )?;
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        // The key an item sits under: `/messages/3`, or deeper when a file holds several
        // conversations (`/ai_conversations_v2/0/messages/3`).
        match last_key(pointer) {
            "participants" => {
                self.saw_thread_shape = true;
                let name = str_field(&value, "name").or_else(|| value.as_str());
                if let Some(name) = name {
                    self.participants.push(name.trim().to_string());
                }
            }
            "messages" => {
                self.saw_thread_shape = true;
                self.message(sink, pointer, &value);
            }
            "title" | "threadName" | "thread_name" => {
                self.title = value.as_str().map(|s| s.trim().to_string());
            }
            "thread_path"
            | "thread_type"
            | "is_still_participant"
            | "magic_words"
            | "image"
            | "joinable_mode"
            | "is_pending" => {}
            key => {
                // Not part of a thread: scan it like any unknown field.
                common::scan_json(sink, pointer, &key.to_lowercase(), &value);
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, sink: &mut dyn RecordSink) -> Outcome {
        if !self.saw_thread_shape {
            return Outcome::Scanned;
        }
        let owner = self.owner(sink.owner());
        let provenance_of = |sender: &Option<String>| match (sender, &owner) {
            (Some(s), Some(o)) if s == o => Provenance::Volunteered,
            _ => Provenance::Received,
        };
        // The thread: one per folder (split files `message_1.json`, `message_2.json` merge).
        let file = sink.file().to_string();
        let thread_key = match file.rsplit_once('/') {
            Some((folder, name)) if name.starts_with("message_") => folder.to_string(),
            _ => file,
        };
        sink.record(
            Kind::MessageThread,
            &thread_key,
            Provenance::Volunteered,
            "",
            None,
        );
        if self.no_sender.0 > 0 {
            let (count, first, last) = self.no_sender;
            sink.count_many(Kind::Message, provenance_of(&None), count, first, last);
        }
        for (sender, (count, first, last)) in self.per_sender {
            let provenance = provenance_of(&Some(sender));
            sink.count_many(Kind::Message, provenance, count, first, last);
        }
        for pending in self.hits {
            let provenance = provenance_of(&pending.sender);
            sink.text_hit(
                Kind::Message,
                pending.hit,
                provenance,
                &pending.pointer,
                pending.time,
            );
        }
        Outcome::Parsed
    }
}

/// One message of a conversation log.
pub struct LoggedMessage {
    pub sender: Option<String>,
    pub time: Option<i64>,
    pub text: Option<String>,
    pub pointer: String,
}

/// Conversations whose file lists every conversation and no profile may name the account
/// holder (Instagram `messages.json` before 2020, Facebook `html/messages.htm` before 2018, and
/// other platforms' chat files). A message is `volunteered` when the holder sent it: the owner a
/// pre-pass named when it takes part, else the one participant present in every conversation.
/// Per-sender counts and capped hits are kept until the file ends; memory grows with the number of
/// conversations and senders, not of messages.
#[derive(Default)]
pub struct ConversationLog {
    participants: BTreeMap<String, std::collections::BTreeSet<String>>,
    per_sender: BTreeMap<Option<String>, (u64, Option<i64>, Option<i64>)>,
    hits: Vec<(Option<String>, String, Option<i64>, TextHit)>,
}

impl ConversationLog {
    /// A whole conversation at once.
    pub fn conversation(
        &mut self,
        sink: &mut dyn RecordSink,
        thread: &str,
        participants: std::collections::BTreeSet<String>,
        messages: impl Iterator<Item = LoggedMessage>,
    ) {
        self.thread(sink, thread, participants);
        for message in messages {
            self.message(sink, thread, message);
        }
    }

    /// A conversation and some of its participants (counted once, whatever is called again).
    pub fn thread(
        &mut self,
        sink: &mut dyn RecordSink,
        thread: &str,
        participants: impl IntoIterator<Item = String>,
    ) {
        if !self.participants.contains_key(thread) {
            sink.record(
                Kind::MessageThread,
                thread,
                Provenance::Volunteered,
                "",
                None,
            );
        }
        self.participants
            .entry(thread.to_string())
            .or_default()
            .extend(participants);
    }

    /// One message of a conversation (its sender joins the participants).
    pub fn message(&mut self, sink: &mut dyn RecordSink, thread: &str, message: LoggedMessage) {
        self.thread(sink, thread, message.sender.clone());
        let (count, first, last) = self.per_sender.entry(message.sender.clone()).or_default();
        *count += 1;
        if let Some(t) = message.time {
            *first = Some(first.map_or(t, |f: i64| f.min(t)));
            *last = Some(last.map_or(t, |l: i64| l.max(t)));
        }
        if let Some(text) = &message.text {
            for hit in sink.text_hits(text) {
                if self.hits.len() < MAX_PENDING_HITS {
                    self.hits.push((
                        message.sender.clone(),
                        message.pointer.clone(),
                        message.time,
                        hit,
                    ));
                }
            }
        }
    }

    /// Record the counted messages and the hits, now that the holder is known.
    pub fn finish(self, sink: &mut dyn RecordSink) {
        let mut sets = self.participants.into_values();
        let common = sets
            .next()
            .map(|first| sets.fold(first, |acc, set| acc.intersection(&set).cloned().collect()))
            .unwrap_or_default();
        let owner = sink.owner().map(str::to_string).or_else(|| {
            (common.len() == 1)
                .then(|| common.iter().next().cloned())
                .flatten()
        });
        let provenance_of = |sender: &Option<String>| match (sender, &owner) {
            (Some(s), Some(o)) if s == o => Provenance::Volunteered,
            _ => Provenance::Received,
        };
        for (sender, (count, first, last)) in &self.per_sender {
            sink.count_many(Kind::Message, provenance_of(sender), *count, *first, *last);
        }
        for (sender, pointer, time, hit) in self.hits {
            sink.text_hit(Kind::Message, hit, provenance_of(&sender), &pointer, time);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::collect::FileSink;
    use crate::decode::{self, Decoder, Select};
    use crate::model::{Platform, SensitiveTag};

    const FB: Platform = Platform("facebook");

    fn parse(
        file: &str,
        owner: Option<&str>,
        text: &str,
    ) -> (Outcome, crate::classify::collect::Aggregate) {
        let mut sink = FileSink::new(FB, file, owner, "facebook.message_thread");
        let mut parser: Box<dyn FileParser> =
            Box::new(MessageThreadParser::new("facebook.message_thread"));
        let decoder = Decoder::Json {
            select: Select::Default,
            js_prefix: false,
        };
        decode::feed_as(
            &mut text.as_bytes(),
            &decoder,
            true,
            parser.raw_json(),
            &mut |item| parser.item(&mut sink, item),
        )
        .unwrap();
        let outcome = parser.finish(&mut sink);
        (outcome, sink.aggregate)
    }

    /// The fields of a raw message, owned, for comparing two reads.
    type Fields = (
        [Option<String>; 5],
        Option<LooseInt>,
        Option<LooseInt>,
        bool,
    );

    fn fields(message: &RawMessage<'_>) -> Fields {
        let owned = |text: &Option<Cow<'_, str>>| text.as_deref().map(str::to_string);
        let share = message.share.as_ref();
        (
            [
                owned(&message.sender_name),
                owned(&message.sender_name_flat),
                owned(&message.content),
                owned(&message.text),
                share.and_then(|s| owned(&s.share_text)),
            ],
            message.timestamp_ms,
            message.timestamp,
            share.is_some(),
        )
    }

    /// A message as the longer way reads it: repaired in its bytes, then the typed parse.
    fn typed_fields(json: &str, repair: bool) -> Option<Fields> {
        let mut scratch = Vec::new();
        let (bytes, repair) = json::repaired_bytes(json.as_bytes(), repair, &mut scratch);
        match json::parse_shaped::<RawMessage<'_>>(bytes, repair, |_| true) {
            Ok(Shaped::Typed(message)) => Some(fields(&message)),
            _ => None,
        }
    }

    #[test]
    fn the_one_pass_read_agrees_with_the_typed_parse() {
        // Read in one pass, with what the typed parse gives.
        let read = [
            r#"{"sender_name": "Ana\u00c3\u00afs", "timestamp_ms": 1734999751533,
                "content": "caf\u00c3\u00a9 \u00f0\u009f\u0098\u008a\nok \"quoted\"",
                "is_geoblocked_for_viewer": false}"#,
            r#"{"senderName": "Bob", "timestamp": 1734999751533, "text": "hi", "type": 1}"#,
            r#"{"sender_name": "A", "timestamp_ms": null, "timestamp": 5, "content": null}"#,
            r#"{"timestamp_ms": -5, "timestamp": " 17 "}"#,
            r#"{"sender_name": "A", "timestamp_ms": "1600000000000",
                "photos": [{"uri": "photos/1.jpg", "creation_timestamp": 1600000000}],
                "reactions": [{"reaction": "\u00e2\u009d\u00a4", "actor": "B"}]}"#,
            r#"{"sender_name": "A", "share": null, "content": "\u00e9t\u00e9 \u2764 \ud83d\ude0a"}"#,
            r#"{"sender_name": "A", "content": "caf\u00c3"}"#,
            r#"{"sender_name": "A", "content": "caf\u00c3\u00a9 raw \u00e9 é"}"#,
            r#"{}"#,
            r#"{"sender_name": "A", "share": {"link": "https://example.org/a?b\u003dc",
                "share_text": "S\u00c3\u00a9 \u00e2\u009d\u00a4"}, "content": "l\u00c3\u00a0"}"#,
            r#"{"share": {}, "content": "x"}"#,
            r#"{"share": {"share_text": null, "original_content_owner": {"name": "X"}}}"#,
        ];
        for json in read {
            for repair in [false, true] {
                let mut buffer = Vec::new();
                let fast =
                    RawMessage::read(json, repair, &mut buffer).map(|message| fields(&message));
                assert!(fast.is_some(), "{json}");
                assert_eq!(fast, typed_fields(json, repair), "{json} repair={repair}");
            }
        }
        // Left to the longer way: a field twice, of another type (a shared link included), a
        // key with an escape, not JSON.
        let left = [
            r#"{"sender_name": "A", "sender_name": "B"}"#,
            r#"{"sender_name": null, "sender_name": "B"}"#,
            r#"{"content": 5}"#,
            r#"{"timestamp_ms": 1.6e12}"#,
            r#"{"timestamp_ms": true}"#,
            r#"{"share": "x"}"#,
            r#"{"share": ["x"]}"#,
            r#"{"share": {"share_text": 3}}"#,
            r#"{"share": {"share_text": "a", "share_text": "b"}}"#,
            r#"{"cont\u0065nt": "x"}"#,
            r#"{"content": "x""#,
            r#"["A", 1]"#,
        ];
        for json in left {
            let mut buffer = Vec::new();
            assert!(
                RawMessage::read(json, true, &mut buffer).is_none(),
                "{json}"
            );
        }
    }

    const THREAD: &str = r#"{"participants": [{"name": "Test User"}, {"name": "Alice Example"}],
      "messages": [
        {"sender_name": "Alice Example", "timestamp_ms": 1600000060000, "content": "mail me: alice@example.org"},
        {"sender_name": "Test User", "timestamp_ms": 1600000000000, "content": "Hello"}],
      "title": "Alice Example", "thread_path": "inbox/alice_ABC123"}"#;

    #[test]
    fn attributes_messages_using_the_title_when_no_profile() {
        let (outcome, agg) = parse("messages/inbox/alice_ABC123/message_1.json", None, THREAD);
        assert_eq!(outcome, Outcome::Parsed);
        let messages = &agg.datasets[&(FB, Kind::Message)].dataset;
        assert_eq!(messages.count, 2);
        assert_eq!(messages.by_provenance[&Provenance::Volunteered], 1);
        assert_eq!(messages.by_provenance[&Provenance::Received], 1);
        let email = agg
            .findings
            .values()
            .find(|f| f.kind == Kind::Email)
            .unwrap();
        assert_eq!(email.provenance, Provenance::Received);
        assert_eq!(agg.record_counts()[&Kind::MessageThread], 1);
    }

    #[test]
    fn reads_the_end_to_end_encrypted_flat_format() {
        let flat = r#"{"participants": ["Test User", "Alice Example"], "threadName": "Alice Example",
          "messages": [{"senderName": "Test User", "text": "je suis diabétique", "timestamp": 1600000000000}]}"#;
        let (_, agg) = parse("messages/alice_1.json", Some("Test User"), flat);
        let messages = &agg.datasets[&(FB, Kind::Message)].dataset;
        assert_eq!(messages.by_provenance[&Provenance::Volunteered], 1);
        assert_eq!(messages.first_seen, Some(1600000000));
        let health = agg
            .findings
            .values()
            .find(|f| f.kind == Kind::Message)
            .unwrap();
        assert_eq!(health.sensitive, Some((SensitiveTag::Health, true)));
    }

    #[test]
    fn a_settings_file_in_the_messages_folder_is_only_scanned() {
        let (outcome, agg) = parse(
            "messages/autofill_information.json",
            None,
            r#"{"autofill_information_v2": {"EMAIL": ["x@example.com"]}}"#,
        );
        assert_eq!(outcome, Outcome::Scanned);
        assert!(agg.findings.values().any(|f| f.kind == Kind::Email));
    }
}
