//! Findings -> scores, by the transparent model RISK-1 (ENISA 2013 severity, reference
//! `detection-and-risk.md` §4.2, revised so that scores rank archives):
//!
//! - **Finding**: `SE = DPC × EI + CB`. DPC (data-processing context, 1..4) is the kind's base
//!   (`dpc.tsv`, R-DPC); an Art. 9/10 tag sets it to 4 for an explicit term, 3 for a proxy
//!   (R-DPC-ART9-S/-W); a label the platform itself assigned (provenance inferred or received)
//!   says what the platform guesses, not what is true: −1 (R-DPC-GUESS, ENISA "the nature of the
//!   data reveals less"); a value seen on several audited platforms is linkable: +1 (R-LINK).
//!   EI (ease of identification) is 1.0 when the export names its owner (R-EI-LINK), else 0.75
//!   (R-EI-ACCOUNT). CB comes from the scenario: shared 0.25, lost 0.5, compromised 1.0 (R-CB).
//! - **Category**: the highest DPC of its scored findings and datasets, plus at most one +1
//!   uplift (R-VOL volume or duration, R-VOL-HOME home/work, R-VOL-ART9 three or more distinct
//!   sensitive items, R-VUL an account holder under 18).
//! - **Archive**: the highest category (ENISA: never diluted by averaging, R-ARCH-MAX), plus 2
//!   points per other category at high or above and 1 per other category at medium, at most 8,
//!   never past the next band's floor (R-ARCH-BREADTH) — so archives in one band still rank.
//! - Score = round(20 × SE), 0..100: the ENISA band edges SE 2 / 3 / 4 are 40 / 60 / 80, and 100
//!   is reached only by explicit special-category data in the worst scenario, so scenarios and
//!   severities spread instead of saturating.
//! - Only findings with confidence >= 0.5 are scored (R-CONF); 0.3..0.5 are listed "to check".
//!
//! Every number carries structured [`Driver`]s (a rule id and its parameters); the report words
//! them in the reader's language. Drivers never quote a value. The privacy officer's figures
//! (exposure index, NIST SP 800-122 level, WP248 criteria) are in [`officer`].

pub mod officer;
mod recommend;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use serde::Serialize;

use crate::data::{self, Layout, Table};
use crate::model::{Category, Dataset, Finding, Kind, Provenance, SensitiveTag};

pub use recommend::{Recommendation, recommendations};

const DPC_TSV: &str = include_str!("dpc.tsv");

/// Confidence below which a finding is listed "to check" but not scored (R-CONF).
pub const SCORING_CONFIDENCE: f32 = 0.5;
/// Confidence below which a finding is dropped altogether.
pub const LISTING_CONFIDENCE: f32 = 0.3;
/// Confidence from which a finding is "confirmed" (NIST obligations).
pub const CONFIRMED_CONFIDENCE: f32 = 0.8;

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

    /// ENISA CB: confidentiality lost to known (+0.25) or unknown (+0.5) recipients, malicious
    /// intent +0.5.
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

    /// ENISA bands: SE < 2 low, < 3 medium, < 4 high, else very high.
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

    pub(crate) fn from_id(id: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.id() == id)
    }

    /// The lowest score of the next band up (None for the top band).
    fn next_floor(self) -> Option<u8> {
        match self {
            Band::Low => Some(40),
            Band::Medium => Some(60),
            Band::High => Some(80),
            Band::VeryHigh => None,
        }
    }
}

/// Display score of a severity: round(20 × SE), 0..100.
pub fn score_of(se: f64) -> u8 {
    (20.0 * se).round().clamp(0.0, 100.0) as u8
}

struct KindRow {
    kind: Kind,
    dpc: u8,
    visibility: f64,
}

fn load_dpc(text: &'static str) -> Table<KindRow> {
    data::load(Layout::new("dpc.tsv", 4), text, |cols| {
        let kind = Kind::from_id(cols[0]).ok_or_else(|| format!("unknown kind {:?}", cols[0]))?;
        let dpc: u8 = cols[1]
            .parse()
            .ok()
            .filter(|d| (1..=4).contains(d))
            .ok_or_else(|| format!("DPC must be 1 to 4, not {:?}", cols[1]))?;
        let visibility: f64 = cols[3]
            .parse()
            .ok()
            .filter(|v| [0.0, 0.25, 0.5, 0.75, 1.0].contains(v))
            .ok_or_else(|| {
                format!(
                    "visibility must be 0, 0.25, 0.5, 0.75 or 1, not {:?}",
                    cols[3]
                )
            })?;
        Ok(KindRow {
            kind,
            dpc,
            visibility,
        })
    })
}

static KIND_ROWS: LazyLock<HashMap<Kind, KindRow>> = LazyLock::new(|| {
    load_dpc(DPC_TSV)
        .rows
        .into_iter()
        .map(|r| (r.kind, r))
        .collect()
});

/// Base DPC of a kind (2, behavioural, if the table lacks it; a test checks it never does).
pub fn base_dpc(kind: Kind) -> u8 {
    KIND_ROWS.get(&kind).map_or(2, |r| r.dpc)
}

/// Who else usually sees an item of this kind (0 no one .. 1 public).
pub fn visibility(kind: Kind) -> f64 {
    KIND_ROWS.get(&kind).map_or(0.0, |r| r.visibility)
}

/// Why a number is what it is: a rule and its parameters, worded by the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Driver {
    /// R-CONF: the detection's confidence and whether it is scored.
    Confidence { confidence: f32, scored: bool },
    /// R-DPC: the base DPC of a kind.
    BaseDpc { kind: Kind, dpc: u8 },
    /// R-DPC-ART9-S / R-DPC-ART9-W: a special-category tag.
    Sensitive {
        tag: SensitiveTag,
        strong: bool,
        dpc: u8,
    },
    /// R-DPC-GUESS: a label the platform assigned (−1).
    PlatformGuess { provenance: Provenance },
    /// R-LINK: the same value on several audited platforms (+1).
    Linked { platforms: usize },
    /// R-CAT-MAX: the highest DPC of a category, and what gave it.
    MaxDpc { dpc: u8, cause: DpcCause },
    /// R-VOL: `count` items of `what` reached `threshold`.
    Volume {
        count: u64,
        what: &'static str,
        threshold: u64,
    },
    /// R-VOL: the data spans `days`, at least `threshold`.
    Span { days: i64, threshold: i64 },
    /// R-VOL-HOME: a home or work location is in the export.
    HomeLocation,
    /// R-VOL-ART9: distinct sensitive items in the category corroborate each other.
    Corroboration { count: usize, threshold: usize },
    /// R-VUL: the account holder was under 18.
    Minor,
    /// R-EI-LINK / R-EI-ACCOUNT: ease of identification.
    Identifiability { ei: f64, named: bool },
    /// R-CB: the scenario's circumstances of breach.
    Breach { scenario: Scenario, cb: f64 },
    /// R-SE: the formula with its numbers.
    Formula {
        dpc: u8,
        ei: f64,
        cb: f64,
        se: f64,
        score: u8,
    },
    /// R-ARCH-MAX: the archive takes its highest category.
    HighestCategory { category: Category, score: u8 },
    /// R-ARCH-BREADTH: other categories add points within the band (2 per high or very high
    /// one, 1 per medium one, at most 8).
    Breadth {
        high: usize,
        medium: usize,
        points: u8,
    },
}

impl Driver {
    /// A +1 uplift of a category (volume, duration, home, corroboration, vulnerable person).
    pub fn is_uplift(&self) -> bool {
        matches!(
            self,
            Driver::Volume { .. }
                | Driver::Span { .. }
                | Driver::HomeLocation
                | Driver::Corroboration { .. }
                | Driver::Minor
        )
    }

    /// The stable rule id (the audit trail of every number).
    pub fn rule(&self) -> &'static str {
        match self {
            Driver::Confidence { .. } => "R-CONF",
            Driver::BaseDpc { .. } => "R-DPC",
            Driver::Sensitive { strong: true, .. } => "R-DPC-ART9-S",
            Driver::Sensitive { strong: false, .. } => "R-DPC-ART9-W",
            Driver::PlatformGuess { .. } => "R-DPC-GUESS",
            Driver::Linked { .. } => "R-LINK",
            Driver::MaxDpc { .. } => "R-CAT-MAX",
            Driver::Volume { .. } | Driver::Span { .. } => "R-VOL",
            Driver::HomeLocation => "R-VOL-HOME",
            Driver::Corroboration { .. } => "R-VOL-ART9",
            Driver::Minor => "R-VUL",
            Driver::Identifiability { named: true, .. } => "R-EI-LINK",
            Driver::Identifiability { named: false, .. } => "R-EI-ACCOUNT",
            Driver::Breach { .. } => "R-CB",
            Driver::Formula { .. } => "R-SE",
            Driver::HighestCategory { .. } => "R-ARCH-MAX",
            Driver::Breadth { .. } => "R-ARCH-BREADTH",
        }
    }
}

/// What gave a category its highest DPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpcCause {
    Kind(Kind),
    Sensitive { kind: Kind, strong: bool },
}

/// What every number of one report depends on besides the finding itself.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub scenario: Scenario,
    /// The export names its owner (profile name, e-mail, phone or user name they gave).
    pub named: bool,
    /// The account holder was under 18 (a birth date in the export says so).
    pub minor: bool,
}

impl Context {
    /// ENISA EI: maximum (1.0) when the export names its owner, significant (0.75) otherwise.
    pub fn ease_of_identification(&self) -> f64 {
        if self.named { 1.0 } else { 0.75 }
    }

    fn shared_drivers(&self) -> [Driver; 2] {
        [
            Driver::Identifiability {
                ei: self.ease_of_identification(),
                named: self.named,
            },
            Driver::Breach {
                scenario: self.scenario,
                cb: self.scenario.circumstances_of_breach(),
            },
        ]
    }

    fn formula(&self, dpc: u8) -> (f64, u8, Driver) {
        let ei = self.ease_of_identification();
        let cb = self.scenario.circumstances_of_breach();
        let se = f64::from(dpc) * ei + cb;
        let score = score_of(se);
        (
            se,
            score,
            Driver::Formula {
                dpc,
                ei,
                cb,
                se,
                score,
            },
        )
    }
}

/// The risk of one finding, with its reasoning.
#[derive(Debug, Clone)]
pub struct FindingRisk {
    pub dpc: u8,
    pub se: f64,
    pub score: u8,
    pub band: Band,
    pub drivers: Vec<Driver>,
}

/// The DPC of one finding and how it was reached.
pub fn finding_dpc(finding: &Finding) -> (u8, Vec<Driver>) {
    let mut drivers = Vec::new();
    let mut dpc = match finding.sensitive {
        Some((tag, strong)) => {
            let dpc = if strong { 4 } else { 3 };
            drivers.push(Driver::Sensitive { tag, strong, dpc });
            dpc
        }
        None => {
            let dpc = base_dpc(finding.kind);
            drivers.push(Driver::BaseDpc {
                kind: finding.kind,
                dpc,
            });
            dpc
        }
    };
    if finding.sensitive.is_some()
        && matches!(
            finding.provenance,
            Provenance::Inferred | Provenance::Received
        )
    {
        dpc -= 1;
        drivers.push(Driver::PlatformGuess {
            provenance: finding.provenance,
        });
    }
    if !finding.linked.is_empty() && dpc < 4 {
        dpc += 1;
        drivers.push(Driver::Linked {
            platforms: finding.linked.len() + 1,
        });
    }
    (dpc.clamp(1, 4), drivers)
}

/// Score one finding (R-CONF gate, DPC, EI, CB, SE).
pub fn assess_finding(finding: &Finding, context: &Context) -> FindingRisk {
    let scored = finding.confidence >= SCORING_CONFIDENCE;
    let mut drivers = vec![Driver::Confidence {
        confidence: finding.confidence,
        scored,
    }];
    let (dpc, why) = finding_dpc(finding);
    drivers.extend(why);
    drivers.extend(context.shared_drivers());
    let (se, score, formula) = context.formula(dpc);
    drivers.push(formula);
    if !scored {
        return FindingRisk {
            dpc,
            se: 0.0,
            score: 0,
            band: Band::Low,
            drivers,
        };
    }
    FindingRisk {
        dpc,
        se,
        score,
        band: Band::of(se),
        drivers,
    }
}

#[derive(Debug, Clone)]
pub struct CategoryRisk {
    pub id: Category,
    pub score: u8,
    pub band: Band,
    /// Distinct findings counted in the category.
    pub findings: usize,
    /// Records behind them, datasets included (a category of 3,000 messages has 0 findings).
    pub records: u64,
    pub drivers: Vec<Driver>,
    pub se: f64,
}

#[derive(Debug, Clone)]
pub struct ArchiveRisk {
    pub score: u8,
    pub band: Band,
    pub se: f64,
    pub categories_high: usize,
    pub categories_very_high: usize,
    pub drivers: Vec<Driver>,
}

/// Everything scored: one risk per finding (same order as the findings given), the categories
/// (highest first) and the archive.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub findings: Vec<FindingRisk>,
    pub categories: Vec<CategoryRisk>,
    pub archive: ArchiveRisk,
}

#[derive(Default)]
struct CategoryAcc {
    dpc: u8,
    cause: Option<DpcCause>,
    findings: usize,
    records: u64,
    sensitive: BTreeSet<usize>,
    first: Option<i64>,
    last: Option<i64>,
}

impl CategoryAcc {
    fn bump(&mut self, dpc: u8, cause: DpcCause) {
        if dpc > self.dpc {
            self.dpc = dpc;
            self.cause = Some(cause);
        }
    }
}

/// Score everything found.
pub fn assess(
    findings: &[Finding],
    datasets: &[(Kind, &Dataset)],
    context: &Context,
) -> Assessment {
    let risks: Vec<FindingRisk> = findings
        .iter()
        .map(|f| assess_finding(f, context))
        .collect();
    let mut per: BTreeMap<Category, CategoryAcc> = BTreeMap::new();
    for (i, (finding, risk)) in findings.iter().zip(&risks).enumerate() {
        if finding.confidence < SCORING_CONFIDENCE {
            continue;
        }
        let own = per.entry(finding.kind.category()).or_default();
        own.findings += 1;
        own.records += finding.count;
        widen(&mut own.first, &mut own.last, finding.first_seen);
        widen(&mut own.first, &mut own.last, finding.last_seen);
        match finding.sensitive {
            None => own.bump(risk.dpc, DpcCause::Kind(finding.kind)),
            Some((tag, strong)) => {
                own.bump(base_dpc(finding.kind), DpcCause::Kind(finding.kind));
                let acc = per.entry(tag.category()).or_default();
                acc.findings += 1;
                acc.records += finding.count;
                acc.sensitive.insert(i);
                acc.bump(
                    risk.dpc,
                    DpcCause::Sensitive {
                        kind: finding.kind,
                        strong,
                    },
                );
            }
        }
        // A label naming several categories counts in each, at the DPC its tag there gives.
        for &(tag, strong) in &finding.also_sensitive {
            let as_tagged = Finding {
                sensitive: Some((tag, strong)),
                also_sensitive: Vec::new(),
                ..finding.clone()
            };
            let acc = per.entry(tag.category()).or_default();
            acc.findings += 1;
            acc.records += finding.count;
            acc.sensitive.insert(i);
            acc.bump(
                finding_dpc(&as_tagged).0,
                DpcCause::Sensitive {
                    kind: finding.kind,
                    strong,
                },
            );
        }
    }
    for (kind, dataset) in datasets.iter().filter(|(_, d)| d.count > 0) {
        let acc = per.entry(kind.category()).or_default();
        acc.records += dataset.count;
        acc.bump(base_dpc(*kind), DpcCause::Kind(*kind));
    }
    let mut categories: Vec<CategoryRisk> = per
        .into_iter()
        .filter_map(|(category, acc)| {
            let cause = acc.cause?;
            let uplift = uplift(category, &acc, findings, datasets, context);
            let dpc = (acc.dpc + u8::from(uplift.is_some())).clamp(1, 4);
            let (se, score, formula) = context.formula(dpc);
            let mut drivers = vec![Driver::MaxDpc {
                dpc: acc.dpc,
                cause,
            }];
            drivers.extend(uplift);
            drivers.extend(context.shared_drivers());
            drivers.push(formula);
            Some(CategoryRisk {
                id: category,
                score,
                band: Band::of(se),
                findings: acc.findings,
                records: acc.records,
                drivers,
                se,
            })
        })
        .collect();
    categories.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.id.is_special().cmp(&a.id.is_special()))
            .then(a.id.cmp(&b.id))
    });
    let archive = archive_risk(&categories);
    Assessment {
        findings: risks,
        categories,
        archive,
    }
}

/// R-ARCH-MAX and R-ARCH-BREADTH.
fn archive_risk(categories: &[CategoryRisk]) -> ArchiveRisk {
    let high = categories.iter().filter(|c| c.se >= 3.0).count();
    let very_high = categories.iter().filter(|c| c.se >= 4.0).count();
    let Some(top) = categories.first() else {
        return ArchiveRisk {
            score: 0,
            band: Band::Low,
            se: 0.0,
            categories_high: 0,
            categories_very_high: 0,
            drivers: Vec::new(),
        };
    };
    let band = Band::of(top.se);
    let others = &categories[1..];
    let high_others = others.iter().filter(|c| c.se >= 3.0).count();
    let medium_others = others.iter().filter(|c| (2.0..3.0).contains(&c.se)).count();
    let wanted = (2 * high_others + medium_others).min(8) as u8;
    let ceiling = band.next_floor().map_or(100, |floor| floor - 1);
    let score = (top.score + wanted).min(ceiling).max(top.score);
    let mut drivers = vec![Driver::HighestCategory {
        category: top.id,
        score: top.score,
    }];
    if score > top.score {
        drivers.push(Driver::Breadth {
            high: high_others,
            medium: medium_others,
            points: score - top.score,
        });
    }
    ArchiveRisk {
        score,
        band,
        se: top.se,
        categories_high: high,
        categories_very_high: very_high,
        drivers,
    }
}

const DAY: i64 = 86_400;

fn span_days(first: Option<i64>, last: Option<i64>) -> i64 {
    match (first, last) {
        (Some(f), Some(l)) => (l - f) / DAY,
        _ => 0,
    }
}

fn widen(first: &mut Option<i64>, last: &mut Option<i64>, time: Option<i64>) {
    if let Some(t) = time {
        *first = Some(first.map_or(t, |f| f.min(t)));
        *last = Some(last.map_or(t, |l| l.max(t)));
    }
}

/// Distinct sensitive items that corroborate a special category (R-VOL-ART9).
const CORROBORATION: usize = 3;

/// The single +1 uplift of a category, with its reason (uplifts never stack).
fn uplift(
    category: Category,
    acc: &CategoryAcc,
    findings: &[Finding],
    datasets: &[(Kind, &Dataset)],
    context: &Context,
) -> Option<Driver> {
    let in_category = || {
        datasets
            .iter()
            .filter(move |(k, _)| k.category() == category)
    };
    let total = |kind: Option<Kind>| {
        in_category()
            .filter(|(k, _)| kind.is_none_or(|want| *k == want))
            .map(|(_, d)| d.count)
            .sum::<u64>()
    };
    let longest = in_category()
        .map(|(_, d)| span_days(d.first_seen, d.last_seen))
        .chain(std::iter::once(span_days(acc.first, acc.last)))
        .max()
        .unwrap_or(0);
    let volume = |count: u64, what: &'static str, threshold: u64| {
        (count >= threshold).then_some(Driver::Volume {
            count,
            what,
            threshold,
        })
    };
    let span = |threshold: i64| {
        (longest >= threshold).then_some(Driver::Span {
            days: longest,
            threshold,
        })
    };
    let mut days = crate::model::DaySet::default();
    for (_, dataset) in in_category() {
        days.union(&dataset.days);
    }
    let by_volume = match category {
        Category::Location => volume(total(Some(Kind::LocationPoint)), "location_point", 1000)
            .or_else(|| volume(days.len(), "location_day", 30))
            .or_else(|| {
                findings
                    .iter()
                    .any(|f| f.kind == Kind::HomeOrWork && f.confidence >= SCORING_CONFIDENCE)
                    .then_some(Driver::HomeLocation)
            }),
        Category::OnlineId => span(90),
        Category::Activity => volume(total(None), "activity", 1000).or_else(|| span(365)),
        Category::Communications => volume(total(Some(Kind::Message)), "message", 1000),
        Category::Financial => span(365),
        // Other people, not records about them: a friend met in 150 threads is one.
        Category::ThirdParty => volume(acc.findings as u64, "third_party", 100),
        c if c.is_special() => {
            (acc.sensitive.len() >= CORROBORATION).then_some(Driver::Corroboration {
                count: acc.sensitive.len(),
                threshold: CORROBORATION,
            })
        }
        _ => None,
    };
    by_volume.or_else(|| context.minor.then_some(Driver::Minor))
}

/// Whether a birth date in the export makes the account holder younger than 18 in
/// `reference_year` (the year of the newest data). Only a four-digit year in the value is read.
pub fn minor_in(birth_dates: &[&str], reference_year: i32) -> bool {
    birth_dates.iter().any(|value| {
        birth_year(value).is_some_and(|year| (0..18).contains(&(reference_year - year)))
    })
}

fn birth_year(value: &str) -> Option<i32> {
    value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse::<i32>().ok())
        .find(|year| (1900..=2100).contains(year))
}

/// Share of the records in each provenance, rounded to 0.001 (all four, in `Provenance::ALL` order).
pub fn provenance_shares(provenance: &BTreeMap<Provenance, u64>) -> BTreeMap<Provenance, f64> {
    let total: u64 = provenance.values().sum();
    Provenance::ALL
        .into_iter()
        .map(|p| {
            let n = provenance.get(&p).copied().unwrap_or(0);
            let share = if total == 0 {
                0.0
            } else {
                (n as f64 / total as f64 * 1000.0).round() / 1000.0
            };
            (p, share)
        })
        .collect()
}

/// Share of all records that the person supplied themselves.
pub fn self_supplied_share(provenance: &BTreeMap<Provenance, u64>) -> f64 {
    provenance_shares(provenance)
        .get(&Provenance::Volunteered)
        .copied()
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Platform;

    fn finding(
        kind: Kind,
        sensitive: Option<(SensitiveTag, bool)>,
        provenance: Provenance,
        confidence: f32,
    ) -> Finding {
        Finding {
            platform: Platform("test"),
            kind,
            value: "v".into(),
            provenance,
            by_provenance: BTreeMap::from([(provenance, 1)]),
            confidence,
            rule: "t",
            count: 1,
            sources: vec![],
            first_seen: None,
            last_seen: None,
            sensitive,
            also_sensitive: Vec::new(),
            linked: Vec::new(),
        }
    }

    fn lost() -> Context {
        Context {
            scenario: Scenario::Lost,
            named: true,
            minor: false,
        }
    }

    fn category(assessment: &Assessment, id: Category) -> &CategoryRisk {
        assessment.categories.iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn every_kind_has_a_dpc_row() {
        let dpc = load_dpc(DPC_TSV);
        assert!(dpc.errors.is_empty(), "{}", dpc.error_text());
        for kind in Kind::ALL {
            assert!(KIND_ROWS.contains_key(&kind), "no DPC for {}", kind.id());
        }
        let bad = load_dpc("name\t1\tsimple\t1\nnope\t1\tx\t0\nemail\t9\tx\t0\nphone\t1\tx\t0.3\n");
        assert_eq!(bad.rows.len(), 1);
        let lines: Vec<usize> = bad.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4]);
    }

    #[test]
    fn an_explicit_label_you_gave_outranks_one_the_platform_guessed() {
        let given = finding(
            Kind::LikedPage,
            Some((SensitiveTag::Health, true)),
            Provenance::Volunteered,
            0.9,
        );
        let guessed = finding(
            Kind::AdInterest,
            Some((SensitiveTag::Health, true)),
            Provenance::Inferred,
            0.9,
        );
        let weak_guess = finding(
            Kind::AdInterest,
            Some((SensitiveTag::Religion, false)),
            Provenance::Inferred,
            0.6,
        );
        let score = |f: &Finding| assess_finding(f, &lost()).score;
        // 4 × 1 + 0.5 = 4.5 -> 90; guessed: 3 -> 70; weak guess: 2 -> 50.
        assert_eq!(
            (score(&given), score(&guessed), score(&weak_guess)),
            (90, 70, 50)
        );
        let risk = assess_finding(&guessed, &lost());
        let rules: Vec<&str> = risk.drivers.iter().map(Driver::rule).collect();
        assert_eq!(
            rules,
            [
                "R-CONF",
                "R-DPC-ART9-S",
                "R-DPC-GUESS",
                "R-EI-LINK",
                "R-CB",
                "R-SE"
            ]
        );
    }

    #[test]
    fn scores_spread_with_severity() {
        let benign = vec![
            finding(Kind::Name, None, Provenance::Volunteered, 1.0),
            finding(Kind::Email, None, Provenance::Volunteered, 1.0),
            finding(Kind::AdInterest, None, Provenance::Inferred, 1.0),
        ];
        let mut one_weak = benign.clone();
        one_weak.push(finding(
            Kind::AdInterest,
            Some((SensitiveTag::Religion, false)),
            Provenance::Inferred,
            0.6,
        ));
        let mut guessed = benign.clone();
        guessed.push(finding(
            Kind::AdInterest,
            Some((SensitiveTag::Health, true)),
            Provenance::Inferred,
            0.9,
        ));
        let mut diagnosis = benign.clone();
        diagnosis.push(finding(
            Kind::Message,
            Some((SensitiveTag::Health, true)),
            Provenance::Volunteered,
            0.9,
        ));
        diagnosis.push(finding(Kind::HomeOrWork, None, Provenance::Inferred, 1.0));
        let trail = Dataset {
            count: 5000,
            ..Dataset::default()
        };
        let score = |findings: &[Finding], datasets: &[(Kind, &Dataset)]| {
            assess(findings, datasets, &lost()).archive.score
        };
        let scores = [
            score(&benign, &[]),
            score(&one_weak, &[]),
            score(&guessed, &[]),
            score(&diagnosis, &[(Kind::LocationPoint, &trail)]),
        ];
        assert!(scores.windows(2).all(|w| w[0] < w[1]), "{scores:?}");
        assert_eq!(
            Band::of(assess(&benign, &[], &lost()).archive.se),
            Band::Medium
        );
        assert_eq!(
            assess(&diagnosis, &[(Kind::LocationPoint, &trail)], &lost())
                .archive
                .band,
            Band::VeryHigh
        );
    }

    #[test]
    fn the_scenario_changes_every_number() {
        let findings = vec![finding(
            Kind::AdInterest,
            Some((SensitiveTag::Political, true)),
            Provenance::Inferred,
            0.9,
        )];
        let at = |scenario| {
            let context = Context { scenario, ..lost() };
            assess(&findings, &[], &context).archive.score
        };
        assert_eq!(
            (
                at(Scenario::Shared),
                at(Scenario::Lost),
                at(Scenario::Compromised)
            ),
            (66, 71, 82)
        );
    }

    #[test]
    fn three_distinct_sensitive_items_corroborate_a_category() {
        let weak = |n| {
            vec![
                finding(
                    Kind::AdInterest,
                    Some((SensitiveTag::Religion, false)),
                    Provenance::Inferred,
                    0.6
                );
                n
            ]
        };
        assert_eq!(
            category(&assess(&weak(2), &[], &lost()), Category::Religion).score,
            50
        );
        let three = assess(&weak(3), &[], &lost());
        let religion = category(&three, Category::Religion);
        assert_eq!(religion.score, 70);
        assert!(religion.drivers.contains(&Driver::Corroboration {
            count: 3,
            threshold: 3
        }));
    }

    #[test]
    fn low_confidence_findings_are_not_scored() {
        let findings = vec![finding(
            Kind::PaymentCard,
            None,
            Provenance::Volunteered,
            0.4,
        )];
        let assessment = assess(&findings, &[], &lost());
        assert!(assessment.categories.is_empty());
        assert_eq!(assessment.archive.score, 0);
        assert_eq!(assessment.findings[0].score, 0);
        assert_eq!(
            assessment.findings[0].drivers[0],
            Driver::Confidence {
                confidence: 0.4,
                scored: false
            }
        );
    }

    #[test]
    fn messages_without_findings_are_explained_by_their_count() {
        let many = Dataset {
            count: 1500,
            ..Dataset::default()
        };
        let assessment = assess(&[], &[(Kind::Message, &many)], &lost());
        let messages = category(&assessment, Category::Communications);
        assert_eq!(
            (messages.score, messages.findings, messages.records),
            (70, 0, 1500)
        );
        assert!(messages.drivers.contains(&Driver::Volume {
            count: 1500,
            what: "message",
            threshold: 1000
        }));
    }

    #[test]
    fn a_location_trail_counts_its_days_and_other_people_count_once_each() {
        let day = 86_400;
        let trail = |times: &[i64]| {
            let mut dataset = Dataset {
                count: times.len() as u64,
                ..Dataset::default()
            };
            for &t in times {
                dataset.days.insert(t);
            }
            dataset
        };
        let uplifted = |dataset: &Dataset| {
            let assessment = assess(&[], &[(Kind::LocationPoint, dataset)], &lost());
            category(&assessment, Category::Location)
                .drivers
                .iter()
                .any(Driver::is_uplift)
        };
        // Two points a year apart, or forty on one day: no trail. Thirty days: one.
        assert!(!uplifted(&trail(&[0, 365 * day])));
        assert!(!uplifted(&trail(&[7 * day; 40])));
        let month: Vec<i64> = (0..30).map(|d| 1_700_000_000 + d * day).collect();
        assert!(uplifted(&trail(&month)));
        assert!(!uplifted(&trail(&month[..29])));

        let contacts = |people: usize, records: u64| {
            let findings: Vec<Finding> = (0..people)
                .map(|n| Finding {
                    value: format!("person {n}"),
                    count: records,
                    ..finding(Kind::Contact, None, Provenance::Volunteered, 1.0)
                })
                .collect();
            let assessment = assess(&findings, &[], &lost());
            category(&assessment, Category::ThirdParty)
                .drivers
                .iter()
                .any(Driver::is_uplift)
        };
        assert!(!contacts(1, 150), "one person met 150 times");
        assert!(!contacts(99, 3));
        assert!(contacts(100, 1));
    }

    #[test]
    fn each_category_s_volume_or_duration_uplift_has_its_threshold() {
        let day = 86_400;
        let dataset = |count: u64, days: i64| Dataset {
            count,
            first_seen: Some(1_600_000_000),
            last_seen: Some(1_600_000_000 + days * day),
            ..Dataset::default()
        };
        let uplifted = |kind: Kind, dataset: &Dataset| {
            let assessment = assess(&[], &[(kind, dataset)], &lost());
            category(&assessment, kind.category())
                .drivers
                .iter()
                .any(Driver::is_uplift)
        };
        // Logins: 90 days of history.
        assert!(uplifted(Kind::Login, &dataset(2, 90)));
        assert!(!uplifted(Kind::Login, &dataset(2, 89)));
        // Activity: 1,000 events, or a year.
        assert!(uplifted(Kind::SearchQuery, &dataset(1000, 1)));
        assert!(uplifted(Kind::SearchQuery, &dataset(2, 365)));
        assert!(!uplifted(Kind::SearchQuery, &dataset(999, 364)));
        // Messages: 1,000.
        assert!(uplifted(Kind::Message, &dataset(1000, 0)));
        assert!(!uplifted(Kind::Message, &dataset(999, 3000)));
    }

    #[test]
    fn breadth_ranks_archives_within_a_band_without_leaving_it() {
        let high = |kind| finding(kind, None, Provenance::Volunteered, 1.0);
        let one = vec![high(Kind::Iban)];
        let three = vec![
            high(Kind::Iban),
            high(Kind::NationalId),
            high(Kind::PaymentCard),
        ];
        let (a, b) = (
            assess(&one, &[], &lost()).archive,
            assess(&three, &[], &lost()).archive,
        );
        assert_eq!((a.score, a.band), (70, Band::High));
        // IBAN and card are one category (financial); the NIR is another high one.
        assert_eq!((b.score, b.band), (72, Band::High));
        assert!(b.drivers.contains(&Driver::Breadth {
            high: 1,
            medium: 0,
            points: 2
        }));
        let many: Vec<Finding> = [
            Kind::Iban,
            Kind::NationalId,
            Kind::PaymentCard,
            Kind::Secret,
        ]
        .into_iter()
        .map(high)
        .collect();
        // The credential makes it very high (4 -> 90); two other high categories add 4.
        assert_eq!(assess(&many, &[], &lost()).archive.score, 94);
    }

    #[test]
    fn an_unnamed_export_is_less_identifying_and_a_minor_lifts_every_category() {
        let findings = vec![finding(Kind::Email, None, Provenance::Volunteered, 1.0)];
        let unnamed = Context {
            named: false,
            ..lost()
        };
        assert_eq!(assess(&findings, &[], &unnamed).archive.score, 25); // 1 × 0.75 + 0.5
        let minor = Context {
            minor: true,
            ..lost()
        };
        let contact = assess(&findings, &[], &minor);
        assert_eq!(contact.archive.score, 50);
        assert!(contact.categories[0].drivers.contains(&Driver::Minor));
        assert!(minor_in(&["2012-05-01"], 2026));
        assert!(!minor_in(&["1990-05-01", "12/03/1985"], 2026));
        assert!(!minor_in(&["no year"], 2026));
    }

    #[test]
    fn a_value_linked_across_platforms_gains_a_level() {
        let mut email = finding(Kind::Email, None, Provenance::Volunteered, 1.0);
        email.linked = vec![Platform("x")];
        let (dpc, drivers) = finding_dpc(&email);
        assert_eq!(dpc, 2);
        assert!(drivers.contains(&Driver::Linked { platforms: 2 }));
    }

    #[test]
    fn shares_are_rounded_fractions_of_all_four() {
        let p = BTreeMap::from([(Provenance::Volunteered, 1), (Provenance::Observed, 2)]);
        let shares = provenance_shares(&p);
        assert_eq!(shares.len(), 4);
        assert_eq!(shares[&Provenance::Observed], 0.667);
        assert_eq!(self_supplied_share(&p), 0.333);
        assert_eq!(self_supplied_share(&BTreeMap::new()), 0.0);
    }
}
