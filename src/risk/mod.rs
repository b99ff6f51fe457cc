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
//! Every number comes with drivers that say how it was computed. Drivers never quote a value.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Serialize;

use crate::classify::collect::{DatasetAcc, FindingAcc};
use crate::model::{Category, Kind, Provenance};
use crate::report::i18n::Lang;

const DPC_TSV: &str = include_str!("dpc.tsv");
const RECOMMENDATIONS_TSV: &str = include_str!("recommendations.tsv");

/// Confidence below which a finding is listed but not scored.
pub const SCORING_CONFIDENCE: f32 = 0.5;

/// The breach scenario of the report (`--scenario`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
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
    pub fn circumstances_of_breach(self) -> f64 {
        match self {
            Scenario::Shared => 0.25,
            Scenario::Lost => 0.5,
            Scenario::Compromised => 1.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Band {
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
        [Band::Low, Band::Medium, Band::High, Band::VeryHigh]
            .into_iter()
            .find(|b| b.id() == id)
    }
}

pub fn score_of(se: f64) -> u8 {
    (25.0 * se).round().clamp(0.0, 100.0) as u8
}

static BASE_DPC: LazyLock<HashMap<Kind, u8>> = LazyLock::new(|| {
    DPC_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let kind = Kind::from_id(cols.next()?)?;
            let dpc = cols.next()?.parse().ok()?;
            Some((kind, dpc))
        })
        .collect()
});

/// Base DPC of a kind (2, behavioural, if the table lacks it; a test checks it never does).
pub fn base_dpc(kind: Kind) -> u8 {
    BASE_DPC.get(&kind).copied().unwrap_or(2)
}

/// The DPC of one finding.
pub fn finding_dpc(finding: &FindingAcc) -> u8 {
    match finding.sensitive {
        Some((_, true)) => 4,
        Some((_, false)) => 3,
        None => base_dpc(finding.kind),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryRisk {
    pub id: Category,
    pub score: u8,
    pub band: Band,
    pub findings: usize,
    pub drivers: Vec<String>,
    #[serde(skip)]
    pub se: f64,
}

#[derive(Debug, Clone)]
pub struct ArchiveRisk {
    pub score: u8,
    pub band: Band,
    pub categories_high: usize,
    pub categories_very_high: usize,
}

/// Score the categories of everything found.
pub fn assess(
    findings: &[FindingAcc],
    datasets: &[(Kind, &DatasetAcc)],
    scenario: Scenario,
    lang: Lang,
) -> (Vec<CategoryRisk>, ArchiveRisk) {
    let cb = scenario.circumstances_of_breach();
    // Per category: (max DPC, what gave it, findings counted).
    let mut per: BTreeMap<Category, (u8, String, usize)> = BTreeMap::new();
    let mut bump = |category: Category, dpc: u8, why: String| {
        let entry = per.entry(category).or_insert((0, String::new(), 0));
        entry.2 += 1;
        if dpc > entry.0 {
            entry.0 = dpc;
            entry.1 = why;
        }
    };
    let mut weak_labels: BTreeMap<Category, usize> = BTreeMap::new();
    for finding in findings
        .iter()
        .filter(|f| f.confidence >= SCORING_CONFIDENCE)
    {
        let kind_category = finding.kind.category();
        bump(
            kind_category,
            base_dpc(finding.kind),
            lang.driver_kind(finding.kind),
        );
        if let Some((tag, strong)) = finding.sensitive {
            let dpc = if strong { 4 } else { 3 };
            bump(
                tag.category(),
                dpc,
                lang.driver_sensitive(finding.kind, strong),
            );
            if !strong {
                *weak_labels.entry(tag.category()).or_default() += 1;
            }
        }
    }
    for (kind, _) in datasets.iter().filter(|(_, d)| d.count > 0) {
        let entry = per.entry(kind.category()).or_insert((0, String::new(), 0));
        if base_dpc(*kind) > entry.0 {
            entry.0 = base_dpc(*kind);
            entry.1 = lang.driver_kind(*kind);
        }
    }
    let volume = |category: Category| -> Option<String> {
        volume_uplift(category, findings, datasets, &weak_labels, lang)
    };
    let mut categories: Vec<CategoryRisk> = per
        .into_iter()
        .map(|(category, (max_dpc, why, count))| {
            let uplift = volume(category);
            let dpc = (max_dpc + u8::from(uplift.is_some())).clamp(1, 4);
            let se = f64::from(dpc) * 1.0 + cb;
            let mut drivers = vec![lang.driver_max_dpc(max_dpc, &why)];
            if let Some(u) = uplift {
                drivers.push(u);
            }
            drivers.push(format!("SE = {dpc} × 1.00 + {cb:.2} = {se:.2}"));
            CategoryRisk {
                id: category,
                score: score_of(se),
                band: Band::of(se),
                findings: count,
                drivers,
                se,
            }
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

fn span_days(d: &DatasetAcc) -> i64 {
    match (d.first_seen, d.last_seen) {
        (Some(f), Some(l)) => (l - f) / DAY,
        _ => 0,
    }
}

/// R-VOL: the single +1 uplift of a category, with its reason.
fn volume_uplift(
    category: Category,
    findings: &[FindingAcc],
    datasets: &[(Kind, &DatasetAcc)],
    weak_labels: &BTreeMap<Category, usize>,
    lang: Lang,
) -> Option<String> {
    let in_category = |c: Category| datasets.iter().filter(move |(k, _)| k.category() == c);
    let total = |c: Category| in_category(c).map(|(_, d)| d.count).sum::<u64>();
    let longest = |c: Category| in_category(c).map(|(_, d)| span_days(d)).max().unwrap_or(0);
    match category {
        Category::Location => {
            let points = total(Category::Location);
            let home = findings.iter().any(|f| f.kind == Kind::HomeOrWork);
            if points >= 1000 {
                Some(lang.driver_volume(points, "location_point", 1000))
            } else if home {
                Some(lang.driver_home())
            } else {
                None
            }
        }
        Category::OnlineId => {
            let days = longest(Category::OnlineId);
            (days >= 90).then(|| lang.driver_span(days, 90))
        }
        Category::Activity => {
            let events = total(Category::Activity);
            let days = longest(Category::Activity);
            if events >= 1000 {
                Some(lang.driver_volume(events, "activity", 1000))
            } else {
                (days >= 365).then(|| lang.driver_span(days, 365))
            }
        }
        Category::Communications => {
            let messages = datasets
                .iter()
                .filter(|(k, _)| *k == Kind::Message)
                .map(|(_, d)| d.count)
                .sum::<u64>();
            (messages >= 1000).then(|| lang.driver_volume(messages, "message", 1000))
        }
        Category::ThirdParty => {
            let people = findings
                .iter()
                .filter(|f| f.kind.category() == Category::ThirdParty)
                .count() as u64;
            (people >= 100).then(|| lang.driver_volume(people, "third_party", 100))
        }
        c => {
            let weak = weak_labels.get(&c).copied().unwrap_or(0) as u64;
            (weak >= 3).then(|| lang.driver_volume(weak, "weak_label", 3))
        }
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

/// A recommendation row.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: &'static str,
    pub category: Category,
    pub min_band: Band,
    pub en: &'static str,
    pub fr: &'static str,
}

static RECOMMENDATIONS: LazyLock<Vec<Recommendation>> = LazyLock::new(|| {
    RECOMMENDATIONS_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let cols: Vec<&'static str> = l.split('\t').collect();
            let [id, category, band, en, fr] = cols[..] else {
                return None;
            };
            Some(Recommendation {
                id,
                category: Category::from_id(category)?,
                min_band: Band::from_id(band)?,
                en,
                fr,
            })
        })
        .collect()
});

/// Recommendations for the categories that reached their threshold, highest score first.
pub fn recommendations(categories: &[CategoryRisk]) -> Vec<&'static Recommendation> {
    let mut out = Vec::new();
    for category in categories {
        for rec in RECOMMENDATIONS.iter() {
            if rec.category == category.id && category.band >= rec.min_band {
                out.push(rec);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Platform, SensitiveTag};

    fn finding(kind: Kind, sensitive: Option<(SensitiveTag, bool)>, confidence: f32) -> FindingAcc {
        FindingAcc {
            platform: Platform::Facebook,
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
        for kind in Kind::ALL {
            assert!(BASE_DPC.contains_key(&kind), "no DPC for {}", kind.id());
        }
        let rows = RECOMMENDATIONS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(rows, RECOMMENDATIONS.len());
    }

    #[test]
    fn worked_example_bands() {
        // A strong health label under S1: 4 × 1 + 0.5 = 4.5 -> 100, very high.
        let findings = vec![
            finding(Kind::AdInterest, Some((SensitiveTag::Health, true)), 0.9),
            finding(Kind::Email, None, 1.0),
        ];
        let (cats, archive) = assess(&findings, &[], Scenario::Lost, Lang::En);
        let health = cats.iter().find(|c| c.id == Category::Health).unwrap();
        assert_eq!((health.score, health.band), (100, Band::VeryHigh));
        let contact = cats.iter().find(|c| c.id == Category::Contact).unwrap();
        assert_eq!((contact.score, contact.band), (38, Band::Low));
        assert_eq!((archive.score, archive.band), (100, Band::VeryHigh));
        assert_eq!(archive.categories_very_high, 1);
        assert!(
            health
                .drivers
                .iter()
                .any(|d| d.contains("4 × 1.00 + 0.50 = 4.50"))
        );
    }

    #[test]
    fn weak_labels_score_lower_and_corroborate_at_three() {
        let weak =
            |n| vec![finding(Kind::AdInterest, Some((SensitiveTag::Religion, false)), 0.6); n];
        let (cats, _) = assess(&weak(1), &[], Scenario::Lost, Lang::En);
        let religion = cats.iter().find(|c| c.id == Category::Religion).unwrap();
        assert_eq!(religion.score, 88);
        let (cats, _) = assess(&weak(3), &[], Scenario::Lost, Lang::En);
        let religion = cats.iter().find(|c| c.id == Category::Religion).unwrap();
        assert_eq!(religion.score, 100);
    }

    #[test]
    fn low_confidence_findings_are_not_scored_and_scenario_changes_cb() {
        let findings = vec![finding(Kind::PaymentCard, None, 0.4)];
        let (cats, archive) = assess(&findings, &[], Scenario::Lost, Lang::En);
        assert!(cats.is_empty());
        assert_eq!(archive.score, 0);
        let findings = vec![finding(Kind::Email, None, 1.0)];
        let (_, shared) = assess(&findings, &[], Scenario::Shared, Lang::En);
        let (_, compromised) = assess(&findings, &[], Scenario::Compromised, Lang::En);
        assert_eq!((shared.score, compromised.score), (31, 50));
    }

    #[test]
    fn message_volume_lifts_communications() {
        let mut many = DatasetAcc::default();
        many.count = 1500;
        let (cats, _) = assess(&[], &[(Kind::Message, &many)], Scenario::Lost, Lang::En);
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
