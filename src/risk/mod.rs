//! Findings -> scores, by the transparent model RISK-1 (reference/detection-and-risk.md §4.2):
//! `SE = DPC × EI + CB`, score = min(100, round(25 × SE)), bands at SE 2 / 3 / 4.
//!
//! - DPC (data-processing context, 1..4) comes from `dpc.tsv` per kind; a sensitive finding
//!   (GDPR Art. 9/10) is 4 when the match is explicit, 3 for a proxy term.
//! - EI (ease of identification) is 1.0: an export always holds the owner's name and e-mail
//!   ("linked" mode).
//! - CB (circumstances of breach) comes from the scenario: shared 0.25, lost 0.5, compromised 1.0.
//! - Only findings with confidence >= 0.5 are scored; the rest are listed as "possible".
//! - A category takes the highest DPC of its findings and datasets, +1 once for volume
//!   (R-VOL thresholds below); the archive takes the highest category.
//!
//! Every number comes with structured [`Driver`]s (a rule and its parameters) that say how it was
//! computed; the report words them in the reader's language. Drivers never quote a value.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Serialize;

use crate::data::{self, Layout, Table};
use crate::model::{Category, Dataset, Finding, Kind, Platform, Provenance};

const DPC_TSV: &str = include_str!("dpc.tsv");
const RECOMMENDATIONS_TSV: &str = include_str!("recommendations.tsv");

/// Confidence below which a finding is listed but not scored.
pub const SCORING_CONFIDENCE: f32 = 0.5;

/// The breach scenario of the report (`--scenario`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// Shared with a known person (a trainer, a friend, support).
    Shared,
    /// Archive lost or stolen (default).
    Lost,
    /// Account or device compromised by someone malicious.
    Compromised,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Shared, Scenario::Lost, Scenario::Compromised];

    pub fn id(self) -> &'static str {
        match self {
            Scenario::Shared => "shared",
            Scenario::Lost => "lost",
            Scenario::Compromised => "compromised",
        }
    }

    pub fn circumstances_of_breach(self) -> f64 {
        match self {
            Scenario::Shared => 0.25,
            Scenario::Lost => 0.5,
            Scenario::Compromised => 1.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::Low, Band::Medium, Band::High, Band::VeryHigh];

    pub fn of(se: f64) -> Band {
        if se >= 4.0 {
            Band::VeryHigh
        } else if se >= 3.0 {
            Band::High
        } else if se >= 2.0 {
            Band::Medium
        } else {
            Band::Low
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
            Band::VeryHigh => "very_high",
        }
    }

    fn from_id(id: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.id() == id)
    }
}

pub fn score_of(se: f64) -> u8 {
    (25.0 * se).round().clamp(0.0, 100.0) as u8
}

fn load_dpc(text: &'static str) -> Table<(Kind, u8)> {
    data::load(Layout::new("dpc.tsv", 3), text, |cols| {
        let kind = Kind::from_id(cols[0]).ok_or_else(|| format!("unknown kind {:?}", cols[0]))?;
        let dpc: u8 = cols[1]
            .parse()
            .ok()
            .filter(|d| (1..=4).contains(d))
            .ok_or_else(|| format!("DPC must be 1 to 4, not {:?}", cols[1]))?;
        Ok((kind, dpc))
    })
}

static BASE_DPC: LazyLock<HashMap<Kind, u8>> =
    LazyLock::new(|| load_dpc(DPC_TSV).rows.into_iter().collect());

/// Base DPC of a kind (2, behavioural, if the table lacks it; a test checks it never does).
pub fn base_dpc(kind: Kind) -> u8 {
    BASE_DPC.get(&kind).copied().unwrap_or(2)
}

/// The DPC of one finding.
pub fn finding_dpc(finding: &Finding) -> u8 {
    match finding.sensitive {
        Some((_, true)) => 4,
        Some((_, false)) => 3,
        None => base_dpc(finding.kind),
    }
}

/// Why a category has its score: a rule and its parameters, worded by the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Driver {
    /// The highest DPC of the category, and what gave it.
    MaxDpc { dpc: u8, cause: DpcCause },
    /// R-VOL: `count` items of `what` reached `threshold`.
    Volume {
        count: u64,
        what: &'static str,
        threshold: u64,
    },
    /// R-VOL: the data spans `days`, at least `threshold`.
    Span { days: i64, threshold: i64 },
    /// R-VOL: a home or work location was inferred.
    HomeLocation,
    /// The formula with its numbers: `SE = DPC × EI + CB`.
    Formula { dpc: u8, ei: f64, cb: f64, se: f64 },
}

/// What gave a category its highest DPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpcCause {
    Kind(Kind),
    Sensitive { kind: Kind, strong: bool },
}

#[derive(Debug, Clone)]
pub struct CategoryRisk {
    pub id: Category,
    pub score: u8,
    pub band: Band,
    pub findings: usize,
    pub drivers: Vec<Driver>,
    pub se: f64,
}

#[derive(Debug, Clone)]
pub struct ArchiveRisk {
    pub score: u8,
    pub band: Band,
    pub categories_high: usize,
    pub categories_very_high: usize,
}

/// Ease of identification: an export always holds its owner's name and e-mail ("linked").
const EASE_OF_IDENTIFICATION: f64 = 1.0;

/// Score the categories of everything found.
pub fn assess(
    findings: &[Finding],
    datasets: &[(Kind, &Dataset)],
    scenario: Scenario,
) -> (Vec<CategoryRisk>, ArchiveRisk) {
    let cb = scenario.circumstances_of_breach();
    // Per category: (max DPC, what gave it, findings counted).
    let mut per: BTreeMap<Category, (u8, Option<DpcCause>, usize)> = BTreeMap::new();
    let mut bump = |category: Category, dpc: u8, cause: DpcCause| {
        let entry = per.entry(category).or_insert((0, None, 0));
        entry.2 += 1;
        if dpc > entry.0 {
            entry.0 = dpc;
            entry.1 = Some(cause);
        }
    };
    let mut weak_labels: BTreeMap<Category, usize> = BTreeMap::new();
    for finding in findings
        .iter()
        .filter(|f| f.confidence >= SCORING_CONFIDENCE)
    {
        bump(
            finding.kind.category(),
            base_dpc(finding.kind),
            DpcCause::Kind(finding.kind),
        );
        if let Some((tag, strong)) = finding.sensitive {
            let dpc = if strong { 4 } else { 3 };
            let cause = DpcCause::Sensitive {
                kind: finding.kind,
                strong,
            };
            bump(tag.category(), dpc, cause);
            if !strong {
                *weak_labels.entry(tag.category()).or_default() += 1;
            }
        }
    }
    for (kind, _) in datasets.iter().filter(|(_, d)| d.count > 0) {
        let entry = per.entry(kind.category()).or_insert((0, None, 0));
        if base_dpc(*kind) > entry.0 {
            entry.0 = base_dpc(*kind);
            entry.1 = Some(DpcCause::Kind(*kind));
        }
    }
    let mut categories: Vec<CategoryRisk> = per
        .into_iter()
        .filter_map(|(category, (max_dpc, cause, count))| {
            let cause = cause?;
            let uplift = volume_uplift(category, findings, datasets, &weak_labels);
            let dpc = (max_dpc + u8::from(uplift.is_some())).clamp(1, 4);
            let se = f64::from(dpc) * EASE_OF_IDENTIFICATION + cb;
            let mut drivers = vec![Driver::MaxDpc {
                dpc: max_dpc,
                cause,
            }];
            drivers.extend(uplift);
            drivers.push(Driver::Formula {
                dpc,
                ei: EASE_OF_IDENTIFICATION,
                cb,
                se,
            });
            Some(CategoryRisk {
                id: category,
                score: score_of(se),
                band: Band::of(se),
                findings: count,
                drivers,
                se,
            })
        })
        .collect();
    categories.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    let top = categories.iter().map(|c| c.se).fold(0.0, f64::max);
    let archive = ArchiveRisk {
        score: score_of(top),
        band: Band::of(top),
        categories_high: categories.iter().filter(|c| c.se >= 3.0).count(),
        categories_very_high: categories.iter().filter(|c| c.se >= 4.0).count(),
    };
    (categories, archive)
}

const DAY: i64 = 86_400;

fn span_days(d: &Dataset) -> i64 {
    match (d.first_seen, d.last_seen) {
        (Some(f), Some(l)) => (l - f) / DAY,
        _ => 0,
    }
}

/// R-VOL: the single +1 uplift of a category, with its reason.
fn volume_uplift(
    category: Category,
    findings: &[Finding],
    datasets: &[(Kind, &Dataset)],
    weak_labels: &BTreeMap<Category, usize>,
) -> Option<Driver> {
    let in_category = |c: Category| datasets.iter().filter(move |(k, _)| k.category() == c);
    let total = |c: Category| in_category(c).map(|(_, d)| d.count).sum::<u64>();
    let longest = |c: Category| in_category(c).map(|(_, d)| span_days(d)).max().unwrap_or(0);
    let volume = |count: u64, what: &'static str, threshold: u64| {
        (count >= threshold).then_some(Driver::Volume {
            count,
            what,
            threshold,
        })
    };
    let span =
        |days: i64, threshold: i64| (days >= threshold).then_some(Driver::Span { days, threshold });
    match category {
        Category::Location => {
            let home = findings.iter().any(|f| f.kind == Kind::HomeOrWork);
            volume(total(Category::Location), "location_point", 1000)
                .or_else(|| home.then_some(Driver::HomeLocation))
        }
        Category::OnlineId => span(longest(Category::OnlineId), 90),
        Category::Activity => volume(total(Category::Activity), "activity", 1000)
            .or_else(|| span(longest(Category::Activity), 365)),
        Category::Communications => {
            let messages = datasets
                .iter()
                .filter(|(k, _)| *k == Kind::Message)
                .map(|(_, d)| d.count)
                .sum::<u64>();
            volume(messages, "message", 1000)
        }
        Category::ThirdParty => {
            let people = findings
                .iter()
                .filter(|f| f.kind.category() == Category::ThirdParty)
                .count() as u64;
            volume(people, "third_party", 100)
        }
        c => volume(
            weak_labels.get(&c).copied().unwrap_or(0) as u64,
            "weak_label",
            3,
        ),
    }
}

/// Share of all records that the person supplied themselves.
pub fn self_supplied_share(provenance: &BTreeMap<Provenance, u64>) -> f64 {
    let total: u64 = provenance.values().sum();
    if total == 0 {
        return 0.0;
    }
    let given = provenance
        .get(&Provenance::Volunteered)
        .copied()
        .unwrap_or(0);
    (given as f64 / total as f64 * 1000.0).round() / 1000.0
}

/// A recommendation row: shown when its category reaches `min_band` in an export of its
/// platform (`None`: any platform).
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: &'static str,
    pub category: Category,
    pub min_band: Band,
    pub platform: Option<&'static str>,
    pub en: &'static str,
    pub fr: &'static str,
}

fn load_recommendations(text: &'static str) -> Table<Recommendation> {
    data::load(Layout::new("recommendations.tsv", 6), text, |cols| {
        Ok(Recommendation {
            id: data::non_empty(cols[0], "id")?,
            category: Category::from_id(cols[1])
                .ok_or_else(|| format!("unknown category {:?}", cols[1]))?,
            min_band: Band::from_id(cols[2])
                .ok_or_else(|| format!("unknown band {:?}", cols[2]))?,
            platform: match data::non_empty(cols[3], "platform")? {
                "*" => None,
                id => Some(id),
            },
            en: data::non_empty(cols[4], "English text")?,
            fr: data::non_empty(cols[5], "French text")?,
        })
    })
}

static RECOMMENDATIONS: LazyLock<Vec<Recommendation>> =
    LazyLock::new(|| load_recommendations(RECOMMENDATIONS_TSV).rows);

/// Recommendations for the categories that reached their threshold, highest score first, for
/// the platforms of the report (rows of other platforms are left out).
pub fn recommendations(
    categories: &[CategoryRisk],
    platforms: &[Platform],
) -> Vec<&'static Recommendation> {
    let mut out = Vec::new();
    for category in categories {
        for rec in RECOMMENDATIONS.iter() {
            let for_platform = rec
                .platform
                .is_none_or(|id| platforms.iter().any(|p| p.id() == id));
            if rec.category == category.id && category.band >= rec.min_band && for_platform {
                out.push(rec);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SensitiveTag;

    fn finding(kind: Kind, sensitive: Option<(SensitiveTag, bool)>, confidence: f32) -> Finding {
        Finding {
            platform: Platform("test"),
            kind,
            value: "v".into(),
            provenance: Provenance::Inferred,
            confidence,
            rule: "t",
            count: 1,
            sources: vec![],
            first_seen: None,
            last_seen: None,
            sensitive,
        }
    }

    #[test]
    fn every_kind_has_a_dpc_row_and_every_recommendation_parses() {
        let dpc = load_dpc(DPC_TSV);
        assert!(dpc.errors.is_empty(), "{}", dpc.error_text());
        for kind in Kind::ALL {
            assert!(BASE_DPC.contains_key(&kind), "no DPC for {}", kind.id());
        }
        let recs = load_recommendations(RECOMMENDATIONS_TSV);
        assert!(recs.errors.is_empty(), "{}", recs.error_text());
        for rec in &recs.rows {
            if let Some(id) = rec.platform {
                assert!(
                    crate::platforms::module(Platform(id)).is_some(),
                    "{}: unknown platform {id}",
                    rec.id
                );
            }
        }
    }

    #[test]
    fn malformed_rows_are_rejected() {
        let dpc = load_dpc("name\t1\tsimple\nnope\t1\tx\nemail\t9\tx\n");
        assert_eq!(dpc.rows.len(), 1);
        let lines: Vec<usize> = dpc.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
        let recs = load_recommendations(
            "r\thealth\tmedium\t*\ten\tfr\nr\thealth\tnone\t*\ten\tfr\nr\thealth\tlow\t\ten\tfr\n",
        );
        assert_eq!(recs.rows.len(), 1);
        assert_eq!(recs.errors.len(), 2);
    }

    #[test]
    fn recommendations_follow_the_platforms_of_the_report() {
        let findings = vec![finding(Kind::AdInterest, None, 1.0); 1];
        let (mut cats, _) = assess(&findings, &[], Scenario::Compromised);
        cats[0].band = Band::VeryHigh;
        let for_facebook = recommendations(&cats, &[Platform("facebook")]);
        let for_other = recommendations(&cats, &[Platform("toy")]);
        assert!(for_facebook.iter().any(|r| r.platform == Some("facebook")));
        assert!(for_other.iter().all(|r| r.platform.is_none()));
    }

    #[test]
    fn worked_example_bands() {
        // A strong health label under S1: 4 × 1 + 0.5 = 4.5 -> 100, very high.
        let findings = vec![
            finding(Kind::AdInterest, Some((SensitiveTag::Health, true)), 0.9),
            finding(Kind::Email, None, 1.0),
        ];
        let (cats, archive) = assess(&findings, &[], Scenario::Lost);
        let health = cats.iter().find(|c| c.id == Category::Health).unwrap();
        assert_eq!((health.score, health.band), (100, Band::VeryHigh));
        let contact = cats.iter().find(|c| c.id == Category::Contact).unwrap();
        assert_eq!((contact.score, contact.band), (38, Band::Low));
        assert_eq!((archive.score, archive.band), (100, Band::VeryHigh));
        assert_eq!(archive.categories_very_high, 1);
        assert!(health.drivers.contains(&Driver::Formula {
            dpc: 4,
            ei: 1.0,
            cb: 0.5,
            se: 4.5
        }));
    }

    #[test]
    fn weak_labels_score_lower_and_corroborate_at_three() {
        let weak =
            |n| vec![finding(Kind::AdInterest, Some((SensitiveTag::Religion, false)), 0.6); n];
        let (cats, _) = assess(&weak(1), &[], Scenario::Lost);
        let religion = cats.iter().find(|c| c.id == Category::Religion).unwrap();
        assert_eq!(religion.score, 88);
        let (cats, _) = assess(&weak(3), &[], Scenario::Lost);
        let religion = cats.iter().find(|c| c.id == Category::Religion).unwrap();
        assert_eq!(religion.score, 100);
    }

    #[test]
    fn low_confidence_findings_are_not_scored_and_scenario_changes_cb() {
        let findings = vec![finding(Kind::PaymentCard, None, 0.4)];
        let (cats, archive) = assess(&findings, &[], Scenario::Lost);
        assert!(cats.is_empty());
        assert_eq!(archive.score, 0);
        let findings = vec![finding(Kind::Email, None, 1.0)];
        let (_, shared) = assess(&findings, &[], Scenario::Shared);
        let (_, compromised) = assess(&findings, &[], Scenario::Compromised);
        assert_eq!((shared.score, compromised.score), (31, 50));
    }

    #[test]
    fn message_volume_lifts_communications() {
        let many = Dataset {
            count: 1500,
            ..Dataset::default()
        };
        let (cats, _) = assess(&[], &[(Kind::Message, &many)], Scenario::Lost);
        assert_eq!(cats[0].id, Category::Communications);
        assert_eq!(cats[0].score, 88);
    }

    #[test]
    fn shares_are_rounded_fractions() {
        let mut p = BTreeMap::new();
        p.insert(Provenance::Volunteered, 1);
        p.insert(Provenance::Observed, 2);
        assert_eq!(self_supplied_share(&p), 0.333);
        assert_eq!(self_supplied_share(&BTreeMap::new()), 0.0);
    }
}
