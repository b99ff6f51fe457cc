//! Records -> findings and datasets, the one place where records are classified: grouped by kind
//! and value (memory grows with the number of distinct values, never with the size of the
//! export), tagged with the sensitive-term lexicon (labels the platform made up, and free text),
//! given their confidence. Parsers write into a [`FileSink`] (one per file, one per worker)
//! through the [`RecordSink`] trait; the file's aggregate is merged into its export's once the
//! file is done.
//!
//! Values live here only to be grouped; nothing in this module prints or logs them.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::classify::{lexicon, provenance};
use crate::model::{
    Dataset, Finding, Kind, Platform, Provenance, Record, RecordSink, SensitiveTag, SourceRef,
    TextHit,
};
use crate::scan::{self, Reach};

/// Sources kept per finding (the rest are counted).
pub const MAX_SOURCES: usize = 10;

/// Distinct values kept as findings per platform and kind. Past it, a new value that is neither
/// sensitive nor doubtful is counted (records, provenance, dates) but not kept: memory grows with
/// distinct values only up to this cap (a Takeout holds hundreds of thousands of distinct search
/// queries and places; the report lists a few hundred). Counted-distinct kinds (e-mails, phones)
/// count each unkept record as a new value past the cap.
pub const MAX_FINDINGS_PER_KIND: usize = 20_000;

/// Below this confidence a finding is set aside "to check" (see `set_aside_unconfirmed`), so it
/// is always kept.
const KEEP_BELOW_CONFIDENCE: f32 = 0.5;

/// Confidence of a lexicon hit: explicit terms said in the first person are near certain.
fn lexicon_confidence(strong: bool, first_person: bool) -> f32 {
    if strong && first_person { 0.9 } else { 0.6 }
}

/// Kinds whose values are labels a platform shows (interests, advertisers, pages, places): the
/// lexicon tags them when they name a sensitive topic.
fn is_tagged_label(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::AdInterest
            | Kind::InferredAttribute
            | Kind::Advertiser
            | Kind::LikedPage
            | Kind::Group
            | Kind::Event
            | Kind::Place
            | Kind::HomeOrWork
    )
}

/// A dataset being counted.
#[derive(Debug, Clone, Default)]
pub struct DatasetAcc {
    pub dataset: Dataset,
    /// Message threads count once per thread folder (split `message_N.json` files merge).
    distinct: HashSet<String>,
}

/// Everything read from one export (or one file, before merging).
#[derive(Debug, Default)]
pub struct Aggregate {
    pub findings: HashMap<(Platform, Kind, String), Finding>,
    pub datasets: BTreeMap<(Platform, Kind), DatasetAcc>,
    /// Records per kind, per the contract's counting rules (distinct values for some kinds).
    record_counts: BTreeMap<Kind, u64>,
    pub provenance: BTreeMap<Provenance, u64>,
    /// Label strings seen, for locale detection (bounded).
    pub labels: Vec<String>,
    /// The account holder's name, when a pre-pass parser told it.
    pub owner: Option<String>,
    /// The account's time zone, when a pre-pass parser told it.
    pub timezone: Option<String>,
    /// Facts of the export pre-pass parsers noted (see `RecordSink::set_context`), bounded.
    pub context: BTreeMap<String, String>,
    /// Per platform and kind, the capped findings by the hash of their key: the cap keeps the
    /// values of smallest hash, so what is kept does not depend on the order files are merged.
    capped: HashMap<(Platform, Kind), BTreeMap<u64, String>>,
    /// Per platform and kind, the doubtful findings kept past the cap (they are set aside "to
    /// check" later): at most [`MAX_FINDINGS_PER_KIND`], then they are capped as others are.
    doubtful: HashMap<(Platform, Kind), usize>,
    /// Records of values past the cap: counted, not kept.
    pub unlisted: BTreeMap<(Platform, Kind), Dataset>,
}

/// Entries kept in an export's context.
const MAX_CONTEXT: usize = 10_000;

const MAX_LABELS: usize = 200;

impl Aggregate {
    /// One more item of a dataset kind (its value is not kept).
    fn count_item(
        &mut self,
        platform: Platform,
        kind: Kind,
        provenance: Provenance,
        time: Option<i64>,
    ) {
        let dataset = &mut self.datasets.entry((platform, kind)).or_default().dataset;
        dataset.count += 1;
        *dataset.by_provenance.entry(provenance).or_default() += 1;
        if let Some(t) = time {
            *dataset.by_year.entry(crate::model::year_of(t)).or_default() += 1;
            dataset.days.insert(t);
        }
        widen(&mut dataset.first_seen, &mut dataset.last_seen, time);
        *self.record_counts.entry(kind).or_default() += 1;
    }

    pub fn add(&mut self, record: Record) {
        // A lexicon hit in a message or post is a finding about that text, not another item:
        // it is not counted again in the provenance headline.
        if !(record.kind.is_dataset() && record.sensitive.is_some()) {
            *self.provenance.entry(record.provenance).or_default() += 1;
        }
        if record.kind.is_dataset() && record.sensitive.is_none() {
            if record.kind == Kind::MessageThread {
                let acc = self
                    .datasets
                    .entry((record.platform, record.kind))
                    .or_default();
                if !acc.distinct.insert(record.value) {
                    return;
                }
            }
            self.count_item(record.platform, record.kind, record.provenance, record.time);
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
        let (tag, also) = if new_value {
            label_tags(record.kind, &record.value)
        } else {
            (None, Vec::new())
        };
        if new_value {
            let sensitive = record.sensitive.is_some() || tag.is_some();
            if !self.admit(&key, sensitive, record.confidence) {
                let unlisted = self.unlisted.entry((key.0, key.1)).or_default();
                unlisted.count += 1;
                *unlisted.by_provenance.entry(record.provenance).or_default() += 1;
                widen(
                    &mut unlisted.first_seen,
                    &mut unlisted.last_seen,
                    record.time,
                );
                return;
            }
        }
        let acc = self.findings.entry(key).or_insert_with(|| Finding {
            platform: record.platform,
            kind: record.kind,
            value: record.value.clone(),
            provenance: record.provenance,
            by_provenance: BTreeMap::new(),
            confidence: label_confidence(record.kind, tag, record.confidence),
            rule: record.rule,
            count: 0,
            sources: Vec::new(),
            first_seen: None,
            last_seen: None,
            sensitive: tag,
            also_sensitive: also,
            linked: Vec::new(),
        });
        acc.count += 1;
        if more_confident((record.confidence, record.rule), (acc.confidence, acc.rule)) {
            acc.confidence = record.confidence;
            acc.rule = record.rule;
        }
        if stronger(record.sensitive, acc.sensitive) {
            acc.sensitive = record.sensitive;
        }
        acc.confidence = label_confidence(acc.kind, acc.sensitive, acc.confidence);
        if record.value < acc.value {
            acc.value = record.value;
        }
        *acc.by_provenance.entry(record.provenance).or_default() += 1;
        acc.provenance = dominant(&acc.by_provenance);
        add_source(&mut acc.sources, record.source);
        widen(&mut acc.first_seen, &mut acc.last_seen, record.time);
    }

    /// Whether a new value (its grouping key) is kept as a finding: always when it is sensitive;
    /// when it is doubtful, while fewer than the cap of its platform and kind were kept so (a
    /// log of a million private IP addresses stays bounded); else while its platform and kind
    /// are under the cap, or when its hash is smaller than the largest kept one, which then
    /// leaves the findings for `unlisted`.
    fn admit(&mut self, key: &(Platform, Kind, String), sensitive: bool, confidence: f32) -> bool {
        if sensitive {
            return true;
        }
        if confidence < KEEP_BELOW_CONFIDENCE {
            let kept = self.doubtful.entry((key.0, key.1)).or_default();
            if *kept < MAX_FINDINGS_PER_KIND {
                *kept += 1;
                return true;
            }
        }
        let hash = stable_hash(&key.2);
        let kept = self.capped.entry((key.0, key.1)).or_default();
        if kept.len() < MAX_FINDINGS_PER_KIND {
            kept.insert(hash, key.2.clone());
            return true;
        }
        match kept.last_key_value() {
            Some((&largest, _)) if hash < largest => {}
            _ => return false,
        }
        let evicted = kept.pop_last().map(|(_, k)| k);
        kept.insert(hash, key.2.clone());
        let Some(evicted) = evicted else {
            return true;
        };
        let evicted_key = (key.0, key.1, evicted);
        // A value that became sensitive since it was capped stays (no longer counted in the cap).
        if self
            .findings
            .get(&evicted_key)
            .is_some_and(|f| f.sensitive.is_some())
        {
            return true;
        }
        if let Some(finding) = self.findings.remove(&evicted_key) {
            self.unlist(key.0, key.1, &finding);
        }
        true
    }

    /// Count a finding's records among the unlisted ones of its platform and kind.
    fn unlist(&mut self, platform: Platform, kind: Kind, finding: &Finding) {
        let unlisted = self.unlisted.entry((platform, kind)).or_default();
        absorb(
            unlisted,
            finding.count,
            &finding.by_provenance,
            finding.first_seen,
            finding.last_seen,
        );
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
                    let sensitive = theirs.sensitive.is_some();
                    if self.admit(&key, sensitive, theirs.confidence) {
                        self.findings.insert(key, theirs);
                    } else {
                        self.unlist(key.0, key.1, &theirs);
                    }
                }
                Some(mine) => {
                    if !distinct && !derived {
                        *self.record_counts.entry(key.1).or_default() += theirs.count;
                    }
                    mine.count += theirs.count;
                    if more_confident(
                        (theirs.confidence, theirs.rule),
                        (mine.confidence, mine.rule),
                    ) {
                        mine.confidence = theirs.confidence;
                        mine.rule = theirs.rule;
                    }
                    if stronger(theirs.sensitive, mine.sensitive) {
                        mine.sensitive = theirs.sensitive;
                    }
                    mine.confidence = label_confidence(mine.kind, mine.sensitive, mine.confidence);
                    if theirs.value < mine.value {
                        mine.value = theirs.value;
                    }
                    for (p, n) in theirs.by_provenance {
                        *mine.by_provenance.entry(p).or_default() += n;
                    }
                    mine.provenance = dominant(&mine.by_provenance);
                    for source in theirs.sources {
                        add_source(&mut mine.sources, source);
                    }
                    widen(&mut mine.first_seen, &mut mine.last_seen, theirs.first_seen);
                    widen(&mut mine.first_seen, &mut mine.last_seen, theirs.last_seen);
                }
            }
        }
        for (key, theirs) in other.unlisted {
            let mine = self.unlisted.entry(key).or_default();
            absorb(
                mine,
                theirs.count,
                &theirs.by_provenance,
                theirs.first_seen,
                theirs.last_seen,
            );
            if !key.1.is_dataset() {
                *self.record_counts.entry(key.1).or_default() += theirs.count;
            }
        }
        for (key, theirs) in other.datasets {
            let mine = self.datasets.entry(key).or_default();
            let mut added = 0;
            if theirs.distinct.is_empty() {
                added = theirs.dataset.count;
                for (p, n) in theirs.dataset.by_provenance {
                    *mine.dataset.by_provenance.entry(p).or_default() += n;
                }
            } else {
                // Distinct-valued datasets (threads): count values not seen yet.
                let provenance = theirs.dataset.by_provenance.keys().next().copied();
                for value in theirs.distinct {
                    if mine.distinct.insert(value) {
                        added += 1;
                    }
                }
                if let Some(p) = provenance {
                    *mine.dataset.by_provenance.entry(p).or_default() += added;
                }
            }
            let dataset = &mut mine.dataset;
            for (year, n) in theirs.dataset.by_year {
                *dataset.by_year.entry(year).or_default() += n;
            }
            dataset.days.union(&theirs.dataset.days);
            dataset.count += added;
            *self.record_counts.entry(key.1).or_default() += added;
            widen(
                &mut dataset.first_seen,
                &mut dataset.last_seen,
                theirs.dataset.first_seen,
            );
            widen(
                &mut dataset.first_seen,
                &mut dataset.last_seen,
                theirs.dataset.last_seen,
            );
        }
        // Merged in any order, the same result: the smaller of two answers is kept.
        self.owner = smaller(self.owner.take(), other.owner);
        self.timezone = smaller(self.timezone.take(), other.timezone);
        for (key, value) in other.context {
            let room = self.context.len() < MAX_CONTEXT;
            match self.context.get_mut(&key) {
                Some(mine) if value < *mine => *mine = value,
                Some(_) => {}
                None if room => {
                    self.context.insert(key, value);
                }
                None => {}
            }
        }
        for (p, n) in other.provenance {
            *self.provenance.entry(p).or_default() += n;
        }
        // The smallest labels of all files: the same sample whatever the merge order.
        self.labels.extend(other.labels);
        self.labels.sort_unstable();
        self.labels.truncate(MAX_LABELS);
    }

    /// Settle the counts of distinct-valued kinds (e-mails, phones...) once the export is read
    /// whole. Past the cap, a value not kept cannot be told from one met before, so each of its
    /// records was counted as a new value. The kept values of smallest hash are a k-minimum-values
    /// sketch of every value met (merging keeps it one: a value another part left out had the
    /// cap's number of smaller hashes there), so the number of distinct values is estimated from
    /// the largest kept hash, `(k − 1) · 2⁶⁴ / h` (within about 1/√k, under 1 %), to which the
    /// values kept outside the sketch (sensitive or doubtful) are added. A kind that never
    /// reached the cap keeps its exact count.
    pub fn settle_distinct_counts(&mut self) {
        let overflowed: Vec<(Platform, Kind)> = self
            .unlisted
            .iter()
            .filter(|((_, kind), unlisted)| kind.counts_distinct() && unlisted.count > 0)
            .map(|(key, _)| *key)
            .collect();
        let mut settled: BTreeMap<Kind, u64> = BTreeMap::new();
        for &(platform, kind) in &overflowed {
            if let Some(kept) = self.capped.get(&(platform, kind)) {
                *settled.entry(kind).or_default() += distinct_estimate(kept);
            }
        }
        // Every kept value of those kinds the estimates do not stand for counts once.
        for (platform, kind, value) in self.findings.keys() {
            if !settled.contains_key(kind) {
                continue;
            }
            let in_sketch = overflowed.contains(&(*platform, *kind))
                && self
                    .capped
                    .get(&(*platform, *kind))
                    .is_some_and(|kept| kept.contains_key(&stable_hash(value)));
            if !in_sketch {
                *settled.entry(*kind).or_default() += 1;
            }
        }
        for (kind, count) in settled {
            self.record_counts.insert(kind, count);
        }
    }

    /// Take out the findings below `threshold` confidence (to be listed "to check", not scored):
    /// they leave the record counts and the provenance headline too. Findings below `floor` are
    /// dropped. Returns the set-aside findings.
    pub fn set_aside_unconfirmed(&mut self, threshold: f32, floor: f32) -> Vec<Finding> {
        let keys: Vec<(Platform, Kind, String)> = self
            .findings
            .iter()
            .filter(|(_, f)| f.confidence < threshold)
            .map(|(k, _)| k.clone())
            .collect();
        let mut set_aside = Vec::new();
        for key in keys {
            let Some(finding) = self.findings.remove(&key) else {
                continue;
            };
            if !finding.kind.is_dataset() {
                let records = if finding.kind.counts_distinct() {
                    1
                } else {
                    finding.count
                };
                if let Some(n) = self.record_counts.get_mut(&finding.kind) {
                    *n = n.saturating_sub(records);
                }
                for (p, n) in &finding.by_provenance {
                    if let Some(total) = self.provenance.get_mut(p) {
                        *total = total.saturating_sub(*n);
                    }
                }
            }
            if finding.confidence >= floor {
                set_aside.push(finding);
            }
        }
        self.record_counts.retain(|_, n| *n > 0);
        set_aside
    }

    pub fn record_counts(&self) -> &BTreeMap<Kind, u64> {
        &self.record_counts
    }

    pub fn total_records(&self) -> u64 {
        self.record_counts.values().sum()
    }

    /// The values of one kind's findings, sorted (for parser tests).
    #[cfg(test)]
    pub fn values_of(&self, kind: Kind) -> Vec<String> {
        let mut values: Vec<String> = self
            .findings
            .values()
            .filter(|f| f.kind == kind)
            .map(|f| f.value.clone())
            .collect();
        values.sort();
        values
    }
}

/// What the detectors and the lexicon find in a free text.
pub fn text_hits(text: &str) -> Vec<TextHit> {
    let mut hits = detector_hits(text);
    hits.extend(lexicon::match_text(text).into_iter().map(lexicon_hit));
    hits
}

/// [`text_hits`] for a chunk of a plain text file, whose lines are its texts: the detectors run
/// over the whole chunk, the lexicon line by line, so a term counts once per line that holds it
/// (a line of a chat log is a message, counted as a message is elsewhere), and a line's
/// exclusion phrases and first-person words bear on that line only.
fn text_file_hits(chunk: &str) -> Vec<TextHit> {
    let mut hits = detector_hits(chunk);
    hits.extend(lexicon::match_lines(chunk).into_iter().map(lexicon_hit));
    hits
}

fn detector_hits(text: &str) -> Vec<TextHit> {
    let mut detections = Vec::new();
    scan::scan_text(text, &mut detections);
    detections
        .into_iter()
        .map(|d| TextHit {
            kind: Some(d.kind),
            value: d.value,
            confidence: d.confidence,
            rule: d.rule,
            sensitive: None,
        })
        .collect()
}

fn lexicon_hit((hit, first_person): (lexicon::LexiconHit, bool)) -> TextHit {
    TextHit {
        kind: None,
        value: hit.term.to_string(),
        confidence: lexicon_confidence(hit.strong, first_person),
        rule: "lexicon.text",
        sensitive: Some((hit.tag, hit.strong)),
    }
}

/// The confidence of a finding of `kind`: a platform label the lexicon tags is sensitive data
/// as surely as its term is (strong 0.9, weak 0.6: a weak label such as "Méditation guidée" is
/// scored but not a confirmed Art. 9 fact), however sure its parser was of the label itself.
fn label_confidence(kind: Kind, sensitive: Option<(SensitiveTag, bool)>, confidence: f32) -> f32 {
    match sensitive {
        Some((_, strong)) if is_tagged_label(kind) => {
            confidence.min(if strong { STRONG_LABEL } else { WEAK_LABEL })
        }
        _ => confidence,
    }
}

/// Confidence of a label the lexicon tags with a strong or a weak term.
const STRONG_LABEL: f32 = 0.9;
const WEAK_LABEL: f32 = 0.6;

/// A sensitive tag and whether its term is strong.
type Tag = (SensitiveTag, bool);

/// The lexicon's tags of a platform label (ad interest, advertiser...): the strongest first,
/// then one per other category it names, the strong hit of each preferred (the method keeps
/// every category: "Avortement" is health and political).
fn label_tags(kind: Kind, value: &str) -> (Option<Tag>, Vec<Tag>) {
    if !is_tagged_label(kind) {
        return (None, Vec::new());
    }
    let hits = if matches!(kind, Kind::Place | Kind::HomeOrWork) {
        lexicon::match_place(value)
    } else {
        lexicon::match_label(value)
    };
    let primary = hits
        .iter()
        .find(|h| h.strong)
        .or_else(|| hits.first())
        .map(|h| (h.tag, h.strong));
    let mut also: Vec<Tag> = Vec::new();
    for hit in &hits {
        if primary.is_some_and(|(tag, _)| tag == hit.tag) {
            continue;
        }
        match also.iter_mut().find(|(tag, _)| *tag == hit.tag) {
            Some(kept) => kept.1 |= hit.strong,
            None => also.push((hit.tag, hit.strong)),
        }
    }
    also.sort();
    (primary, also)
}

/// The provenance of most records (ties: the earlier in `Provenance::ALL`).
pub fn dominant(by_provenance: &BTreeMap<Provenance, u64>) -> Provenance {
    Provenance::ALL
        .into_iter()
        .rev()
        .max_by_key(|p| by_provenance.get(p).copied().unwrap_or(0))
        .unwrap_or(Provenance::Volunteered)
}

/// Whether a sensitive tag outranks another: any over none, strong over weak, then (a total
/// order, so merges in any order agree) the earlier tag.
fn stronger(new: Option<(SensitiveTag, bool)>, old: Option<(SensitiveTag, bool)>) -> bool {
    match (new, old) {
        (Some(_), None) => true,
        (Some((new_tag, new_strong)), Some((old_tag, old_strong))) => {
            (new_strong && !old_strong) || (new_strong == old_strong && new_tag < old_tag)
        }
        _ => false,
    }
}

/// Whether (confidence, rule) outranks another: higher confidence, then the smaller rule id.
fn more_confident(new: (f32, &'static str), old: (f32, &'static str)) -> bool {
    new.0 > old.0 || (new.0 == old.0 && new.1 < old.1)
}

/// Keep a finding's first sources in (file, pointer) order, at most [`MAX_SOURCES`].
fn add_source(sources: &mut Vec<SourceRef>, source: SourceRef) {
    if let Err(at) = sources.binary_search(&source)
        && at < MAX_SOURCES
    {
        sources.insert(at, source);
        sources.truncate(MAX_SOURCES);
    }
}

fn smaller<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A hash that is the same in every run (the cap must keep the same values every time).
/// The number of distinct values a k-minimum-values sketch (the `k` smallest hashes of the
/// values met) stands for: `(k − 1) · 2⁶⁴ / largest`, and never fewer than it holds.
fn distinct_estimate(kept: &BTreeMap<u64, String>) -> u64 {
    let Some((&largest, _)) = kept.last_key_value() else {
        return 0;
    };
    let k = kept.len() as u64;
    if k < 2 {
        return k;
    }
    let estimate = (k - 1) as f64 * 2f64.powi(64) / (largest as f64 + 1.0);
    (estimate.round() as u64).max(k)
}

fn stable_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

/// Add counted records (with their provenances and dates) to a dataset-like tally.
fn absorb(
    into: &mut Dataset,
    count: u64,
    by_provenance: &BTreeMap<Provenance, u64>,
    first: Option<i64>,
    last: Option<i64>,
) {
    into.count += count;
    for (p, n) in by_provenance {
        *into.by_provenance.entry(*p).or_default() += n;
    }
    widen(&mut into.first_seen, &mut into.last_seen, first);
    widen(&mut into.first_seen, &mut into.last_seen, last);
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
        _ if is_spaced_once(value) => value.to_string(),
        _ => value.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Whether `value` is ASCII with single spaces between words and none at either end: its
/// whitespace needs no folding (most values).
fn is_spaced_once(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && bytes.iter().all(|&b| (b' '..0x80).contains(&b))
        && !value.contains("  ")
}

/// What a parser writes into while reading one file.
pub struct FileSink<'a> {
    pub platform: Platform,
    pub file: &'a str,
    /// The account holder's name, when the profile told it (messages use it for provenance).
    pub owner: Option<&'a str>,
    /// The account's time zone, when a time-zone file told it (HTML dates use it).
    pub timezone: Option<&'a str>,
    pub rule: &'static str,
    /// The user asked for mail bodies to be scanned (`--mail-bodies`).
    pub message_bodies: bool,
    /// What the file's path says of who put scanned values there (`classify::provenance`).
    file_provenance: Option<Provenance>,
    pub aggregate: Aggregate,
    /// Records written so far (the file's `records` in the report).
    pub written: u64,
    /// Values too large to hold that a parser skipped (see [`RecordSink::value_skipped`]).
    pub values_skipped: u64,
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
            timezone: None,
            rule,
            message_bodies: false,
            file_provenance: provenance::of_file(platform, file),
            aggregate: Aggregate::default(),
            written: 0,
            values_skipped: 0,
        }
    }

    /// An empty sink with the same settings (a worker's, merged back by [`FileSink::absorb`]).
    pub fn fork(&self) -> FileSink<'a> {
        FileSink {
            aggregate: Aggregate::default(),
            written: 0,
            values_skipped: 0,
            ..*self
        }
    }

    /// Take in what a forked sink recorded.
    pub fn absorb(&mut self, other: FileSink<'_>) {
        self.written += other.written;
        self.values_skipped += other.values_skipped;
        self.aggregate.merge(other.aggregate);
    }

    /// The same sink, told the account's time zone.
    pub fn with_timezone(mut self, zone: Option<&'a str>) -> Self {
        self.timezone = zone;
        self
    }

    /// Free text of a file no parser knows: each hit takes the file's provenance, else its
    /// kind's (`classify::provenance`), never a blanket "volunteered".
    /// Several chunks of one text (a large file, in order; bytes from
    /// `decode::text::for_each_chunk`), scanned in parallel: the detectors and the lexicon run on
    /// every core, the hits are recorded here in chunk order.
    pub fn scan_unknown_chunks(&mut self, chunks: &[Vec<u8>]) {
        let hits: Vec<Vec<TextHit>> = chunks
            .par_iter()
            .map(|bytes| text_file_hits(&crate::decode::text::lossy(bytes)))
            .collect();
        for chunk_hits in hits {
            self.record_unknown_hits(chunk_hits);
        }
    }

    fn record_unknown_hits(&mut self, hits: Vec<TextHit>) {
        for hit in hits {
            let provenance = self
                .file_provenance
                .unwrap_or_else(|| provenance::of_kind(hit.kind.unwrap_or(Kind::Post)));
            self.text_hit(Kind::Post, hit, provenance, "", None);
        }
    }

    pub fn with_message_bodies(mut self, read: bool) -> Self {
        self.message_bodies = read;
        self
    }

    fn source(&self, pointer: &str) -> SourceRef {
        SourceRef {
            file: self.file.to_string(),
            pointer: (!pointer.is_empty()).then(|| pointer.to_string()),
        }
    }

    fn push(&mut self, mut record: Record) {
        if identifies_no_one(record.kind, &record.value) {
            return;
        }
        if record.kind == Kind::IpAddress {
            match scan::ip_reach(&record.value) {
                Some(Reach::Nowhere) => return,
                // Listed for a check, not scored (R-CONF): the same private numbers serve
                // millions of networks.
                Some(Reach::Local) => {
                    record.confidence = record.confidence.min(LOCAL_ADDRESS_CONFIDENCE);
                }
                _ => {}
            }
        }
        self.written += 1;
        self.aggregate.add(record);
    }
}

impl RecordSink for FileSink<'_> {
    fn file(&self) -> &str {
        self.file
    }

    fn owner(&self) -> Option<&str> {
        self.owner.or(self.aggregate.owner.as_deref())
    }

    fn set_owner(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            self.aggregate.owner = Some(name.to_string());
        }
    }

    fn timezone(&self) -> Option<&str> {
        self.timezone.or(self.aggregate.timezone.as_deref())
    }

    /// A valid zone counts as one fact read from the file (it is context, not a finding).
    fn set_timezone(&mut self, zone: &str) {
        let zone = zone.trim();
        if jiff::tz::TimeZone::get(zone).is_ok() {
            self.aggregate.timezone = Some(zone.to_string());
            self.written += 1;
        }
    }

    fn set_context(&mut self, key: &str, value: &str) {
        if self.aggregate.context.len() < MAX_CONTEXT {
            self.aggregate
                .context
                .insert(key.to_string(), value.to_string());
        }
    }

    fn record(
        &mut self,
        kind: Kind,
        value: &str,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        // Items of a dataset are counted, not kept: no record is built (streams of millions).
        if kind.is_dataset() && kind != Kind::MessageThread {
            self.written += 1;
            *self.aggregate.provenance.entry(provenance).or_default() += 1;
            self.aggregate
                .count_item(self.platform, kind, provenance, time);
            return;
        }
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

    fn sensitive_record(
        &mut self,
        kind: Kind,
        value: &str,
        tag: SensitiveTag,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        // "Prefer not to say", "unregistered": the field is there, but says nothing.
        if lexicon::says_nothing(value) {
            return;
        }
        self.push(Record {
            platform: self.platform,
            kind,
            value: value.trim().to_string(),
            provenance,
            source: self.source(pointer),
            time,
            confidence: 1.0,
            rule: self.rule,
            sensitive: Some((tag, true)),
        });
    }

    fn count_many(
        &mut self,
        kind: Kind,
        provenance: Provenance,
        count: u64,
        first: Option<i64>,
        last: Option<i64>,
    ) {
        if count == 0 || !kind.is_dataset() {
            return;
        }
        self.written += count;
        *self.aggregate.provenance.entry(provenance).or_default() += count;
        *self.aggregate.record_counts.entry(kind).or_default() += count;
        let dataset = &mut self
            .aggregate
            .datasets
            .entry((self.platform, kind))
            .or_default()
            .dataset;
        dataset.count += count;
        *dataset.by_provenance.entry(provenance).or_default() += count;
        widen(&mut dataset.first_seen, &mut dataset.last_seen, first);
        widen(&mut dataset.first_seen, &mut dataset.last_seen, last);
    }

    fn text_hits(&self, text: &str) -> Vec<TextHit> {
        text_hits(text)
    }

    fn text_hit(
        &mut self,
        text_kind: Kind,
        hit: TextHit,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        self.push(Record {
            platform: self.platform,
            kind: hit.kind.unwrap_or(text_kind),
            value: hit.value,
            provenance,
            source: self.source(pointer),
            time,
            confidence: hit.confidence,
            rule: hit.rule,
            sensitive: hit.sensitive,
        });
    }

    fn scan_value(&mut self, key: &str, text: &str, pointer: &str) {
        let mut detections = Vec::new();
        scan::scan_value(key, text, &mut detections);
        if detections.is_empty() {
            return;
        }
        let from_key = provenance::of_key(self.platform, pointer).or(self.file_provenance);
        for d in detections {
            self.push(Record {
                platform: self.platform,
                kind: d.kind,
                provenance: from_key.unwrap_or_else(|| provenance::of_kind(d.kind)),
                value: d.value,
                source: self.source(pointer),
                time: None,
                confidence: d.confidence,
                rule: d.rule,
                sensitive: None,
            });
        }
    }

    fn scanned_record(&mut self, kind: Kind, value: &str, pointer: &str) {
        let provenance = provenance::of_key(self.platform, pointer)
            .or(self.file_provenance)
            .unwrap_or_else(|| provenance::of_kind(kind));
        self.record(kind, value, provenance, pointer, None);
    }

    fn label(&mut self, label: &str) {
        if self.aggregate.labels.len() < MAX_LABELS && label.len() < 120 {
            self.aggregate.labels.push(label.to_string());
        }
    }

    fn value_skipped(&mut self) {
        self.values_skipped += 1;
    }

    fn reads_message_bodies(&self) -> bool {
        self.message_bodies
    }
}

/// Whether `value`, of `kind`, points at no one, whatever found it: an advertising ID of zeros
/// (`00000000-0000-0000-0000-000000000000`) is what a device gives once its user has limited ad
/// tracking; `noreply@…` and `…@facebookmail.com` are a platform's machinery. (A loopback,
/// broadcast or multicast IP address, no one's either, is left out by `push`, which reads an
/// address's reach once.)
fn identifies_no_one(kind: Kind, value: &str) -> bool {
    match kind {
        Kind::AdvertisingId => value.bytes().all(|b| matches!(b, b'0' | b'-')),
        Kind::Email => crate::scan::is_automated_sender(value),
        _ => false,
    }
}

/// The confidence an IP address of a private, shared or link network gets at most: below
/// [`crate::risk::SCORING_CONFIDENCE`], so it is listed to check but not scored.
const LOCAL_ADDRESS_CONFIDENCE: f32 = 0.4;

#[cfg(test)]
mod tests {
    use super::*;

    fn sink() -> FileSink<'static> {
        FileSink::new(Platform("test"), "f.json", None, "test")
    }

    #[test]
    fn values_are_grouped_with_their_whitespace_folded() {
        for value in [
            "Café de la Gare",
            "Gare du Nord",
            " Gare  du\tNord ",
            "Gare\u{a0}du Nord",
            "x\u{1f}y",
            "",
            " ",
            "a  b",
            "a\nb",
        ] {
            let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(normalize_value(Kind::Place, value), folded, "{value:?}");
        }
        assert!(is_spaced_once("Gare du Nord") && !is_spaced_once("Gare  du Nord"));
    }

    #[test]
    fn a_text_file_counts_a_term_once_per_line_and_its_exclusions_per_line() {
        let sensitive = |hits: Vec<TextHit>| hits.iter().filter(|h| h.sensitive.is_some()).count();
        let chunk =
            "my cancer treatment\nCancer, my sign in astrology\nstill my cancer, my cancer\n";
        // As one text, the exclusion silences every line; as lines, only its own.
        assert_eq!(sensitive(text_hits(chunk)), 0);
        assert_eq!(sensitive(text_file_hits(chunk)), 2);
        assert_eq!(sensitive(text_file_hits("no term here\n\n")), 0);
        // The detectors still read the chunk whole.
        let emails = text_file_hits("write to\nana.fictive@example.org\n");
        assert_eq!(
            emails
                .iter()
                .filter(|h| h.kind == Some(Kind::Email))
                .count(),
            1
        );
    }

    #[test]
    fn a_label_naming_two_categories_keeps_both() {
        let mut s = sink();
        s.record(
            Kind::AdInterest,
            "Jewish culture",
            Provenance::Inferred,
            "/0",
            None,
        );
        s.record(Kind::AdInterest, "Hiking", Provenance::Inferred, "/1", None);
        let tagged: Vec<_> = s
            .aggregate
            .findings
            .values()
            .map(|f| (f.value.as_str(), f.sensitive, f.also_sensitive.clone()))
            .filter(|(_, sensitive, _)| sensitive.is_some())
            .collect();
        assert_eq!(
            tagged,
            [(
                "Jewish culture",
                Some((SensitiveTag::Religion, true)),
                vec![(SensitiveTag::EthnicOrigin, true)]
            )]
        );
    }

    #[test]
    fn an_advertising_id_of_zeros_is_no_identifier() {
        let mut s = sink();
        for id in [
            "00000000-0000-0000-0000-000000000000",
            "0000000000000000",
            "6f1c2a90-0000-4b7e-9d11-3a5e0c7b2f48",
            "00000000-0000-0000-0000-000000000001",
        ] {
            s.record(Kind::AdvertisingId, id, Provenance::Observed, "/0", None);
        }
        // The two IDs that are not all zeros are kept.
        assert_eq!(s.written, 2);
        // Zeros are an identifier's value only for advertising IDs.
        s.record(Kind::Device, "0000", Provenance::Observed, "/1", None);
        assert_eq!(s.written, 3);
    }

    #[test]
    fn local_addresses_are_listed_to_check_and_the_machine_s_own_dropped() {
        let mut s = sink();
        for ip in [
            "192.0.2.17",
            "192.168.1.20",
            "100.64.3.4",
            "fe80::1",
            "127.0.0.1",
            "::1",
        ] {
            s.record(Kind::IpAddress, ip, Provenance::Observed, "/0", None);
        }
        let hits = text_hits("from 10.0.0.5 and 203.0.113.9");
        for hit in hits {
            s.text_hit(Kind::Message, hit, Provenance::Received, "/1", None);
        }
        let confidence = |ip: &str| {
            s.aggregate
                .findings
                .values()
                .find(|f| f.kind == Kind::IpAddress && f.value == ip)
                .map(|f| f.confidence)
        };
        assert_eq!(confidence("192.0.2.17"), Some(1.0));
        assert_eq!(confidence("203.0.113.9"), Some(0.9));
        for local in ["192.168.1.20", "100.64.3.4", "fe80::1", "10.0.0.5"] {
            assert_eq!(confidence(local), Some(LOCAL_ADDRESS_CONFIDENCE), "{local}");
        }
        assert_eq!(confidence("127.0.0.1"), None);
        assert_eq!(confidence("::1"), None);
        const {
            assert!(LOCAL_ADDRESS_CONFIDENCE < crate::risk::SCORING_CONFIDENCE);
            assert!(LOCAL_ADDRESS_CONFIDENCE >= crate::risk::LISTING_CONFIDENCE);
        }
    }

    #[test]
    fn a_platform_sender_is_no_one_s_address_whether_parsed_or_scanned() {
        let mut s = sink();
        s.record(
            Kind::Email,
            "NoReply@Example.com",
            Provenance::Received,
            "/0",
            None,
        );
        s.record(Kind::Post, "", Provenance::Volunteered, "/1", None);
        let hits = text_hits("from notification@facebookmail.com and ana.fictive@example.org");
        assert_eq!(
            hits.iter().filter(|h| h.kind == Some(Kind::Email)).count(),
            2
        );
        for hit in hits {
            s.text_hit(Kind::Post, hit, Provenance::Received, "/2", None);
        }
        let emails = s.aggregate.record_counts();
        assert_eq!(emails.get(&Kind::Email), Some(&1), "{emails:?}");
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

    /// Everything a report can show of an aggregate, in a comparable form.
    fn fingerprint(agg: &Aggregate) -> String {
        let mut findings: Vec<String> = agg.findings.values().map(|f| format!("{f:?}")).collect();
        findings.sort();
        format!(
            "{findings:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            agg.record_counts, agg.provenance, agg.unlisted, agg.labels, agg.owner, agg.context
        )
    }

    fn file_aggregate(file: &str, values: &[(&str, Provenance, f32)]) -> Aggregate {
        let mut agg = Aggregate::default();
        for (i, (value, provenance, confidence)) in values.iter().enumerate() {
            for (kind, rule) in [(Kind::Email, "scan.email"), (Kind::AdInterest, "test")] {
                agg.add(Record {
                    platform: Platform("test"),
                    kind,
                    value: value.to_string(),
                    provenance: *provenance,
                    source: SourceRef {
                        file: file.to_string(),
                        pointer: Some(format!("/{i}")),
                    },
                    time: Some(i as i64),
                    confidence: *confidence,
                    rule,
                    sensitive: None,
                });
            }
            agg.labels.push(value.to_string());
            agg.context.insert("k".into(), value.to_string());
        }
        agg.owner = Some(file.to_string());
        agg
    }

    #[test]
    fn merging_in_any_order_gives_the_same_aggregate() {
        use Provenance::*;
        let parts = || {
            vec![
                file_aggregate(
                    "a.json",
                    &[
                        ("X@example.com", Volunteered, 0.9),
                        ("y@example.com", Observed, 0.8),
                    ],
                ),
                file_aggregate(
                    "b.json",
                    &[
                        ("x@example.com", Observed, 0.9),
                        ("z@example.com", Received, 0.7),
                    ],
                ),
                file_aggregate(
                    "c.json",
                    &[
                        ("x@EXAMPLE.com", Received, 0.95),
                        ("y@example.com", Volunteered, 0.8),
                    ],
                ),
            ]
        };
        let merged = |order: [usize; 3]| {
            let mut parts: Vec<Option<Aggregate>> = parts().into_iter().map(Some).collect();
            let mut total = Aggregate::default();
            for i in order {
                total.merge(parts[i].take().unwrap());
            }
            fingerprint(&total)
        };
        let first = merged([0, 1, 2]);
        for order in [[2, 1, 0], [1, 0, 2], [1, 2, 0]] {
            assert_eq!(merged(order), first, "order {order:?}");
        }
        // Also when merged pairwise first (workers folding, then reducing).
        let mut p = parts();
        let c = p.pop().unwrap();
        let mut bc = p.pop().unwrap();
        bc.merge(c);
        let mut a = p.pop().unwrap();
        a.merge(bc);
        assert_eq!(fingerprint(&a), first);
    }

    #[test]
    fn distinct_values_past_the_cap_are_estimated_not_counted_per_record() {
        // Three times the cap of e-mails, each met twice, in two parts that share a third of
        // their values: every record past the cap used to count as a new value.
        let distinct = 3 * MAX_FINDINGS_PER_KIND;
        let part = |range: std::ops::Range<usize>| {
            let mut s = sink();
            for round in 0..2 {
                for i in range.clone() {
                    let email = format!("person{i}@example.org");
                    s.record(Kind::Email, &email, Provenance::Received, "/e", Some(round));
                }
            }
            s.aggregate
        };
        let mut merged = part(0..2 * MAX_FINDINGS_PER_KIND);
        merged.merge(part(MAX_FINDINGS_PER_KIND..distinct));
        let mut one = sink();
        one.record(
            Kind::Email,
            "one.more@example.org",
            Provenance::Received,
            "/e",
            None,
        );
        merged.merge(one.aggregate);
        merged.settle_distinct_counts();
        let counted = merged.record_counts()[&Kind::Email] as f64;
        let expected = (distinct + 1) as f64;
        assert!(
            (counted / expected - 1.0).abs() < 0.02,
            "{counted} distinct e-mails estimated for {expected}"
        );
        // Under the cap the count stays exact.
        let mut small = part(0..100);
        small.settle_distinct_counts();
        assert_eq!(small.record_counts()[&Kind::Email], 100);
    }

    #[test]
    fn distinct_values_past_the_cap_are_counted_not_kept_whatever_the_order() {
        let n = MAX_FINDINGS_PER_KIND + 500;
        let sink_of = |range: std::ops::Range<usize>| {
            let mut s = sink();
            for i in range {
                s.record(
                    Kind::Place,
                    &format!("query {i}"),
                    Provenance::Volunteered,
                    "/q",
                    None,
                );
            }
            s.aggregate
        };
        let mut forward = sink_of(0..n / 2);
        forward.merge(sink_of(n / 2..n));
        let mut backward = sink_of(n / 2..n);
        backward.merge(sink_of(0..n / 2));
        for agg in [&forward, &backward] {
            assert_eq!(
                agg.record_counts()[&Kind::Place],
                n as u64,
                "every record counted"
            );
            assert_eq!(agg.findings.len(), MAX_FINDINGS_PER_KIND);
            assert_eq!(agg.unlisted[&(Platform("test"), Kind::Place)].count, 500);
        }
        assert_eq!(
            forward.values_of(Kind::Place),
            backward.values_of(Kind::Place),
            "the same values are kept"
        );
        // A sensitive value is kept past the cap.
        let mut s = sink();
        for i in 0..MAX_FINDINGS_PER_KIND {
            s.record(
                Kind::AdInterest,
                &format!("interest {i}"),
                Provenance::Inferred,
                "/i",
                None,
            );
        }
        s.record(
            Kind::AdInterest,
            "Diabète",
            Provenance::Inferred,
            "/d",
            None,
        );
        assert!(s.aggregate.findings.values().any(|f| f.sensitive.is_some()));
        // Doubtful values (private IP addresses) are kept past the cap, up to a cap of their own.
        let mut s = sink();
        for i in 0..2 * MAX_FINDINGS_PER_KIND + 100 {
            let ip = format!("10.{}.{}.{}", i >> 16, (i >> 8) & 0xFF, i & 0xFF);
            s.record(Kind::IpAddress, &ip, Provenance::Observed, "/ip", None);
        }
        assert_eq!(s.aggregate.findings.len(), 2 * MAX_FINDINGS_PER_KIND);
        assert_eq!(
            s.aggregate.unlisted[&(Platform("test"), Kind::IpAddress)].count,
            100
        );
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
        let messages = &total.datasets[&(Platform("test"), Kind::Message)].dataset;
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
    fn platform_labels_are_tagged_once_when_grouped() {
        let mut s = sink();
        s.record(
            Kind::AdInterest,
            "Diabète",
            Provenance::Inferred,
            "/0",
            None,
        );
        s.record(Kind::Name, "Diabète", Provenance::Volunteered, "/1", None);
        let tag_of = |kind| {
            s.aggregate
                .findings
                .values()
                .find(|f| f.kind == kind)
                .unwrap()
                .sensitive
        };
        assert_eq!(tag_of(Kind::AdInterest), Some((SensitiveTag::Health, true)));
        assert_eq!(tag_of(Kind::Name), None, "a name is not a label");
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
