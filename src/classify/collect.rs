//! Records -> per-kind aggregates, so memory grows with the number of distinct values, never with
//! the size of the export. Parsers write into a [`FileSink`] (one per file, one per worker); the
//! file's aggregate is merged into its export's once the file is done.
//!
//! Values live here only to be grouped; nothing in this module prints or logs them.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::classify::lexicon;
use crate::model::{Kind, Platform, Provenance, Record, SensitiveTag, SourceRef};
use crate::scan::{self, Detection};

/// Sources kept per finding (the rest are counted).
pub const MAX_SOURCES: usize = 10;

/// A group of records of one kind and value.
#[derive(Debug, Clone)]
pub struct FindingAcc {
    pub platform: Platform,
    pub kind: Kind,
    pub value: String,
    pub provenance: Provenance,
    pub confidence: f32,
    pub rule: &'static str,
    pub count: u64,
    pub sources: Vec<SourceRef>,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    pub sensitive: Option<(SensitiveTag, bool)>,
}

/// A high-volume kind, counted rather than listed.
#[derive(Debug, Clone, Default)]
pub struct DatasetAcc {
    pub count: u64,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    pub by_provenance: BTreeMap<Provenance, u64>,
    /// Message threads count once per thread folder (split `message_N.json` files merge).
    distinct: HashSet<String>,
}

/// Everything read from one export (or one file, before merging).
#[derive(Debug, Default)]
pub struct Aggregate {
    pub findings: HashMap<(Platform, Kind, String), FindingAcc>,
    pub datasets: BTreeMap<(Platform, Kind), DatasetAcc>,
    /// Records per kind, per the contract's counting rules (distinct values for some kinds).
    record_counts: BTreeMap<Kind, u64>,
    pub provenance: BTreeMap<Provenance, u64>,
    /// Label strings seen, for locale detection (bounded).
    pub labels: Vec<String>,
}

const MAX_LABELS: usize = 200;

impl Aggregate {
    pub fn add(&mut self, record: Record) {
        *self.provenance.entry(record.provenance).or_default() += 1;
        // A lexicon hit in a message or post is a finding about that text, not another item.
        if record.kind.is_dataset() && record.sensitive.is_none() {
            let acc = self
                .datasets
                .entry((record.platform, record.kind))
                .or_default();
            if record.kind == Kind::MessageThread && !acc.distinct.insert(record.value) {
                return;
            }
            acc.count += 1;
            *acc.by_provenance.entry(record.provenance).or_default() += 1;
            widen(&mut acc.first_seen, &mut acc.last_seen, record.time);
            *self.record_counts.entry(record.kind).or_default() += 1;
            return;
        }
        let key = (
            record.platform,
            record.kind,
            normalize_value(record.kind, &record.value),
        );
        let new_value = !self.findings.contains_key(&key);
        let derived = record.kind.is_dataset();
        if !derived && (new_value || !record.kind.counts_distinct()) {
            *self.record_counts.entry(record.kind).or_default() += 1;
        }
        let acc = self.findings.entry(key).or_insert_with(|| FindingAcc {
            platform: record.platform,
            kind: record.kind,
            value: record.value.clone(),
            provenance: record.provenance,
            confidence: record.confidence,
            rule: record.rule,
            count: 0,
            sources: Vec::new(),
            first_seen: None,
            last_seen: None,
            sensitive: None,
        });
        acc.count += 1;
        if record.confidence > acc.confidence {
            acc.confidence = record.confidence;
            acc.rule = record.rule;
        }
        if stronger(record.sensitive, acc.sensitive) {
            acc.sensitive = record.sensitive;
        }
        // Given by you beats anything else: it is the provenance a person can act on.
        if record.provenance == Provenance::Volunteered {
            acc.provenance = Provenance::Volunteered;
        }
        if acc.sources.len() < MAX_SOURCES && !acc.sources.contains(&record.source) {
            acc.sources.push(record.source);
        }
        widen(&mut acc.first_seen, &mut acc.last_seen, record.time);
    }

    pub fn merge(&mut self, other: Aggregate) {
        for (key, theirs) in other.findings {
            let distinct = key.1.counts_distinct();
            let derived = key.1.is_dataset();
            match self.findings.get_mut(&key) {
                None => {
                    if !derived {
                        *self.record_counts.entry(key.1).or_default() +=
                            if distinct { 1 } else { theirs.count };
                    }
                    self.findings.insert(key, theirs);
                }
                Some(mine) => {
                    if !distinct && !derived {
                        *self.record_counts.entry(key.1).or_default() += theirs.count;
                    }
                    mine.count += theirs.count;
                    if theirs.confidence > mine.confidence {
                        mine.confidence = theirs.confidence;
                        mine.rule = theirs.rule;
                    }
                    if stronger(theirs.sensitive, mine.sensitive) {
                        mine.sensitive = theirs.sensitive;
                    }
                    if theirs.provenance == Provenance::Volunteered {
                        mine.provenance = Provenance::Volunteered;
                    }
                    for source in theirs.sources {
                        if mine.sources.len() < MAX_SOURCES && !mine.sources.contains(&source) {
                            mine.sources.push(source);
                        }
                    }
                    widen(&mut mine.first_seen, &mut mine.last_seen, theirs.first_seen);
                    widen(&mut mine.first_seen, &mut mine.last_seen, theirs.last_seen);
                }
            }
        }
        for (key, theirs) in other.datasets {
            let mine = self.datasets.entry(key).or_default();
            let mut added = 0;
            if theirs.distinct.is_empty() {
                added = theirs.count;
                for (p, n) in theirs.by_provenance {
                    *mine.by_provenance.entry(p).or_default() += n;
                }
            } else {
                // Distinct-valued datasets (threads): count values not seen yet.
                let provenance = theirs.by_provenance.keys().next().copied();
                for value in theirs.distinct {
                    if mine.distinct.insert(value) {
                        added += 1;
                    }
                }
                if let Some(p) = provenance {
                    *mine.by_provenance.entry(p).or_default() += added;
                }
            }
            mine.count += added;
            *self.record_counts.entry(key.1).or_default() += added;
            widen(&mut mine.first_seen, &mut mine.last_seen, theirs.first_seen);
            widen(&mut mine.first_seen, &mut mine.last_seen, theirs.last_seen);
        }
        for (p, n) in other.provenance {
            *self.provenance.entry(p).or_default() += n;
        }
        for label in other.labels {
            if self.labels.len() < MAX_LABELS {
                self.labels.push(label);
            }
        }
    }

    pub fn record_counts(&self) -> &BTreeMap<Kind, u64> {
        &self.record_counts
    }

    pub fn total_records(&self) -> u64 {
        self.record_counts.values().sum()
    }
}

fn stronger(new: Option<(SensitiveTag, bool)>, old: Option<(SensitiveTag, bool)>) -> bool {
    matches!(
        (new, old),
        (Some(_), None) | (Some((_, true)), Some((_, false)))
    )
}

fn widen(first: &mut Option<i64>, last: &mut Option<i64>, time: Option<i64>) {
    if let Some(t) = time {
        *first = Some(first.map_or(t, |f| f.min(t)));
        *last = Some(last.map_or(t, |l| l.max(t)));
    }
}

/// The grouping key of a value: one email written in two cases is one finding.
pub fn normalize_value(kind: Kind, value: &str) -> String {
    match kind {
        Kind::Email | Kind::Username | Kind::Website => value.trim().to_lowercase(),
        Kind::Phone => value
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
        Kind::Iban | Kind::PaymentCard | Kind::NationalId => value
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_uppercase(),
        _ => value.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// What a parser writes into while reading one file.
pub struct FileSink<'a> {
    pub platform: Platform,
    pub file: &'a str,
    /// The account holder's name, when the profile told it (messages use it for provenance).
    pub owner: Option<&'a str>,
    pub rule: &'static str,
    pub aggregate: Aggregate,
    /// Records written so far (the file's `records` in the report).
    pub written: u64,
}

impl<'a> FileSink<'a> {
    pub fn new(
        platform: Platform,
        file: &'a str,
        owner: Option<&'a str>,
        rule: &'static str,
    ) -> Self {
        FileSink {
            platform,
            file,
            owner,
            rule,
            aggregate: Aggregate::default(),
            written: 0,
        }
    }

    /// A fact read from a known field: confidence 1.0, this parser's rule.
    pub fn record(
        &mut self,
        kind: Kind,
        value: &str,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        let value = value.trim();
        if value.is_empty() && !kind.is_dataset() {
            return;
        }
        self.push(Record {
            platform: self.platform,
            kind,
            value: value.to_string(),
            provenance,
            source: self.source(pointer),
            time,
            confidence: 1.0,
            rule: self.rule,
            sensitive: None,
        });
    }

    /// A known field that is itself special-category data (a profile's religious view).
    pub fn sensitive_record(
        &mut self,
        kind: Kind,
        value: &str,
        tag: SensitiveTag,
        pointer: &str,
        time: Option<i64>,
    ) {
        if value.trim().is_empty() {
            return;
        }
        self.push(Record {
            platform: self.platform,
            kind,
            value: value.trim().to_string(),
            provenance: Provenance::Volunteered,
            source: self.source(pointer),
            time,
            confidence: 1.0,
            rule: self.rule,
            sensitive: Some((tag, true)),
        });
    }

    /// One dataset item (a message, a login...), counted, not listed.
    pub fn count(&mut self, kind: Kind, provenance: Provenance, pointer: &str, time: Option<i64>) {
        self.record(kind, "", provenance, pointer, time);
    }

    /// `count` dataset items at once, of which the earliest and latest times are known.
    pub fn count_many(
        &mut self,
        kind: Kind,
        provenance: Provenance,
        count: u64,
        first: Option<i64>,
        last: Option<i64>,
    ) {
        debug_assert!(kind.is_dataset());
        if count == 0 {
            return;
        }
        self.written += count;
        *self.aggregate.provenance.entry(provenance).or_default() += count;
        *self.aggregate.record_counts.entry(kind).or_default() += count;
        let acc = self
            .aggregate
            .datasets
            .entry((self.platform, kind))
            .or_default();
        acc.count += count;
        *acc.by_provenance.entry(provenance).or_default() += count;
        widen(&mut acc.first_seen, &mut acc.last_seen, first);
        widen(&mut acc.first_seen, &mut acc.last_seen, last);
    }

    /// A detector hit.
    pub fn detection(
        &mut self,
        detection: Detection,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        self.push(Record {
            platform: self.platform,
            kind: detection.kind,
            value: detection.value,
            provenance,
            source: self.source(pointer),
            time,
            confidence: detection.confidence,
            rule: detection.rule,
            sensitive: None,
        });
    }

    /// Free text (a message, a post): generic detectors, and the lexicon for sensitive topics.
    /// Lexicon hits become findings of the text's own kind whose value is the matched term.
    pub fn scan_text(
        &mut self,
        text_kind: Kind,
        text: &str,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        let mut hits = Vec::new();
        scan::scan_text(text, &mut hits);
        for hit in hits {
            self.detection(hit, provenance, pointer, time);
        }
        for (hit, first_person) in lexicon::match_text(text) {
            let confidence = if first_person && hit.strong { 0.9 } else { 0.6 };
            let tag = (hit.tag, hit.strong);
            self.lexicon_hit(
                text_kind, hit.term, tag, confidence, provenance, pointer, time,
            );
        }
    }

    /// A sensitive term found in a text of kind `text_kind` (the finding's value is the term).
    #[allow(clippy::too_many_arguments)]
    pub fn lexicon_hit(
        &mut self,
        text_kind: Kind,
        term: &str,
        tag: (SensitiveTag, bool),
        confidence: f32,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        self.push(Record {
            platform: self.platform,
            kind: text_kind,
            value: term.to_string(),
            provenance,
            source: self.source(pointer),
            time,
            confidence,
            rule: "lexicon.text",
            sensitive: Some(tag),
        });
    }

    /// A scalar of a file no parser knows (or an unknown field): generic detectors only.
    pub fn scan_value(&mut self, key: &str, text: &str, pointer: &str) {
        let mut hits = Vec::new();
        scan::scan_value(key, text, &mut hits);
        for hit in hits {
            self.detection(hit, Provenance::Volunteered, pointer, None);
        }
    }

    /// A label string (for locale detection).
    pub fn label(&mut self, label: &str) {
        if self.aggregate.labels.len() < MAX_LABELS && label.len() < 120 {
            self.aggregate.labels.push(label.to_string());
        }
    }

    fn source(&self, pointer: &str) -> SourceRef {
        SourceRef {
            file: self.file.to_string(),
            pointer: (!pointer.is_empty()).then(|| pointer.to_string()),
        }
    }

    fn push(&mut self, record: Record) {
        self.written += 1;
        self.aggregate.add(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sink() -> FileSink<'static> {
        FileSink::new(Platform::Facebook, "f.json", None, "test")
    }

    #[test]
    fn distinct_kinds_count_values_and_others_count_records() {
        let mut s = sink();
        s.record(
            Kind::Email,
            "A@Example.com",
            Provenance::Volunteered,
            "/0",
            None,
        );
        s.record(
            Kind::Email,
            "a@example.com",
            Provenance::Observed,
            "/1",
            None,
        );
        s.record(Kind::AdInterest, "Hiking", Provenance::Inferred, "/2", None);
        s.record(Kind::AdInterest, "Hiking", Provenance::Inferred, "/3", None);
        let counts = s.aggregate.record_counts();
        assert_eq!(counts[&Kind::Email], 1);
        assert_eq!(counts[&Kind::AdInterest], 2);
        let email = s
            .aggregate
            .findings
            .values()
            .find(|f| f.kind == Kind::Email)
            .unwrap();
        assert_eq!(email.count, 2);
        assert_eq!(email.sources.len(), 2);
        assert_eq!(email.provenance, Provenance::Volunteered);
    }

    #[test]
    fn datasets_count_items_and_distinct_threads() {
        let mut a = sink();
        a.count(
            Kind::Message,
            Provenance::Volunteered,
            "/messages/0",
            Some(10),
        );
        a.count(Kind::Message, Provenance::Received, "/messages/1", Some(5));
        a.record(
            Kind::MessageThread,
            "inbox/x",
            Provenance::Volunteered,
            "",
            None,
        );
        let mut b = sink();
        b.record(
            Kind::MessageThread,
            "inbox/x",
            Provenance::Volunteered,
            "",
            None,
        );
        b.record(
            Kind::MessageThread,
            "inbox/y",
            Provenance::Volunteered,
            "",
            None,
        );
        let mut total = Aggregate::default();
        total.merge(a.aggregate);
        total.merge(b.aggregate);
        assert_eq!(total.record_counts()[&Kind::Message], 2);
        assert_eq!(total.record_counts()[&Kind::MessageThread], 2);
        let messages = &total.datasets[&(Platform::Facebook, Kind::Message)];
        assert_eq!(
            (messages.first_seen, messages.last_seen),
            (Some(5), Some(10))
        );
        assert!(total.findings.is_empty());
    }

    #[test]
    fn merging_keeps_distinct_counts_distinct() {
        let mut a = sink();
        a.record(Kind::IpAddress, "192.0.2.1", Provenance::Observed, "", None);
        let mut b = sink();
        b.record(Kind::IpAddress, "192.0.2.1", Provenance::Observed, "", None);
        b.record(Kind::IpAddress, "192.0.2.2", Provenance::Observed, "", None);
        let mut total = Aggregate::default();
        total.merge(a.aggregate);
        total.merge(b.aggregate);
        assert_eq!(total.record_counts()[&Kind::IpAddress], 2);
    }

    #[test]
    fn text_scanning_finds_detectors_and_lexicon_terms() {
        let mut s = sink();
        s.scan_text(
            Kind::Post,
            "je suis diabétique, écrivez à a.b@example.com",
            Provenance::Volunteered,
            "/0",
            None,
        );
        let kinds: Vec<_> = s.aggregate.findings.values().map(|f| f.kind).collect();
        assert!(kinds.contains(&Kind::Email));
        let post = s
            .aggregate
            .findings
            .values()
            .find(|f| f.kind == Kind::Post)
            .unwrap();
        assert_eq!(post.sensitive, Some((SensitiveTag::Health, true)));
        assert!((post.confidence - 0.9).abs() < 1e-6);
    }
}
