//! The privacy officer's figures, beside the ENISA score (reference §4.2.4):
//! - the exposure index (Liu–Terzi sensitivity × visibility): the share of the export's
//!   sensitive weight that other people can usually already see (β = DPC / 4, visibility per kind
//!   from `dpc.tsv`);
//! - the NIST SP 800-122 confidentiality impact level (low / moderate / high) with its six factors;
//! - the WP29 WP248 rev.01 criteria of likely high-risk processing that the export shows the
//!   platform meets.
//!
//! Everything here is computed from kinds, categories, counts and provenance: never from a value.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{
    Assessment, CONFIRMED_CONFIDENCE, Context, SCORING_CONFIDENCE, Scenario, base_dpc, visibility,
};
use crate::model::{Category, Dataset, Finding, Kind, Provenance};

/// NIST SP 800-122 PII confidentiality impact level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NistLevel {
    Low,
    Moderate,
    High,
}

impl NistLevel {
    pub fn id(self) -> &'static str {
        match self {
            NistLevel::Low => "low",
            NistLevel::Moderate => "moderate",
            NistLevel::High => "high",
        }
    }
}

/// One of the six NIST SP 800-122 §3.2 factors, with what drove it.
#[derive(Debug, Clone, PartialEq)]
pub enum NistFactor {
    Identifiability {
        ei: f64,
        named: bool,
    },
    Quantity {
        records: u64,
        third_party: u64,
    },
    FieldSensitivity {
        dpc: u8,
        category: Option<Category>,
    },
    ContextOfUse {
        inferred: u64,
        observed: u64,
        received: u64,
    },
    Obligations {
        flags: Vec<&'static str>,
    },
    Access {
        scenario: Scenario,
    },
}

impl NistFactor {
    pub fn id(&self) -> &'static str {
        match self {
            NistFactor::Identifiability { .. } => "identifiability",
            NistFactor::Quantity { .. } => "quantity",
            NistFactor::FieldSensitivity { .. } => "field_sensitivity",
            NistFactor::ContextOfUse { .. } => "context_of_use",
            NistFactor::Obligations { .. } => "obligations",
            NistFactor::Access { .. } => "access",
        }
    }
}

/// WP248 criteria, in the guidelines' order; the last three cannot be judged from an export.
pub const WP248_CRITERIA: [&str; 9] = [
    "evaluation_scoring",
    "automated_decisions",
    "systematic_monitoring",
    "sensitive_data",
    "large_scale",
    "matching_datasets",
    "vulnerable_subjects",
    "innovative_technology",
    "prevents_rights",
];

/// Criteria an export cannot show.
pub const WP248_NOT_ASSESSED: [&str; 3] = [
    "automated_decisions",
    "innovative_technology",
    "prevents_rights",
];

/// People in a category that make processing "large scale" and lift NIST to moderate.
const MANY_PEOPLE: u64 = 100;

#[derive(Debug, Clone)]
pub struct OfficerView {
    /// 0..100: the share of the sensitive weight that others can usually see.
    pub exposure_index: u8,
    pub nist_level: NistLevel,
    pub nist_factors: Vec<NistFactor>,
    /// WP248 criteria met (ids of [`WP248_CRITERIA`]).
    pub wp248: Vec<&'static str>,
}

/// The officer's figures of one assessed report.
pub fn assess(
    findings: &[Finding],
    datasets: &[(Kind, &Dataset)],
    assessment: &Assessment,
    provenance: &BTreeMap<Provenance, u64>,
    context: &Context,
) -> OfficerView {
    let scored = || {
        findings
            .iter()
            .zip(&assessment.findings)
            .filter(|(f, _)| f.confidence >= SCORING_CONFIDENCE)
    };
    // Exposure index: Σ β·V / Σ β over scored findings and datasets (one item each).
    let (mut weight, mut visible) = (0.0, 0.0);
    for (finding, risk) in scored() {
        let beta = f64::from(risk.dpc) / 4.0;
        weight += beta;
        visible += beta * visibility(finding.kind);
    }
    for (kind, _) in datasets.iter().filter(|(_, d)| d.count > 0) {
        let beta = f64::from(base_dpc(*kind)) / 4.0;
        weight += beta;
        visible += beta * visibility(*kind);
    }
    let exposure_index = if weight > 0.0 {
        (100.0 * visible / weight).round() as u8
    } else {
        0
    };

    // Other people: the distinct persons found, not the records about them.
    let third_party = assessment
        .categories
        .iter()
        .find(|k| k.id == Category::ThirdParty)
        .map_or(0, |k| k.findings as u64);
    let records: u64 = provenance.values().sum();
    let mut flags: Vec<&'static str> = Vec::new();
    let confirmed = |f: &&Finding| f.confidence >= CONFIRMED_CONFIDENCE;
    for (finding, _) in scored() {
        let tags = finding.sensitive.iter().chain(&finding.also_sensitive);
        for (tag, _) in tags.filter(|_| confirmed(&finding)) {
            let flag = if tag.category() == Category::Criminal {
                "art10"
            } else {
                "art9"
            };
            flags.push(flag);
        }
        let flag = match finding.kind {
            Kind::NationalId | Kind::Passport | Kind::IdCard => Some("identity_document"),
            Kind::PaymentCard => Some("payment_card"),
            Kind::Secret => Some("credentials"),
            _ => None,
        };
        if let Some(flag) = flag.filter(|_| confirmed(&finding)) {
            flags.push(flag);
        }
    }
    flags.sort_unstable();
    flags.dedup();
    let top = assessment.categories.first();
    let archive_se = assessment.archive.se;
    let nist_level = if archive_se >= 4.0 || !flags.is_empty() {
        NistLevel::High
    } else if archive_se >= 2.5 || third_party >= MANY_PEOPLE {
        NistLevel::Moderate
    } else {
        NistLevel::Low
    };
    let count = |p: Provenance| provenance.get(&p).copied().unwrap_or(0);
    let nist_factors = vec![
        NistFactor::Identifiability {
            ei: context.ease_of_identification(),
            named: context.named,
        },
        NistFactor::Quantity {
            records,
            third_party,
        },
        NistFactor::FieldSensitivity {
            dpc: assessment
                .findings
                .iter()
                .map(|r| r.dpc)
                .chain(datasets.iter().map(|(k, _)| base_dpc(*k)))
                .max()
                .unwrap_or(0),
            category: top.map(|c| c.id),
        },
        NistFactor::ContextOfUse {
            inferred: count(Provenance::Inferred),
            observed: count(Provenance::Observed),
            received: count(Provenance::Received),
        },
        NistFactor::Obligations {
            flags: flags.clone(),
        },
        NistFactor::Access {
            scenario: context.scenario,
        },
    ];

    let mut wp248 = Vec::new();
    if count(Provenance::Inferred) > 0 {
        wp248.push("evaluation_scoring");
    }
    let monitored = assessment.categories.iter().any(|c| {
        matches!(
            c.id,
            Category::Location | Category::OnlineId | Category::Activity
        ) && c.drivers.iter().any(|d| {
            matches!(
                d,
                super::Driver::Volume { .. }
                    | super::Driver::Span { .. }
                    | super::Driver::HomeLocation
            )
        })
    });
    if monitored && count(Provenance::Observed) > 0 {
        wp248.push("systematic_monitoring");
    }
    let highly_personal = assessment.categories.iter().any(|c| {
        c.id.is_special()
            || matches!(
                c.id,
                Category::Communications | Category::Location | Category::Financial
            )
    });
    if highly_personal {
        wp248.push("sensitive_data");
    }
    if third_party >= MANY_PEOPLE {
        wp248.push("large_scale");
    }
    let from_partners = count(Provenance::Received) > 0
        && (findings.iter().any(|f| {
            f.by_provenance.contains_key(&Provenance::Received)
                && f.kind.category() != Category::Communications
        }) || datasets
            .iter()
            .any(|(k, d)| *k == Kind::OffPlatformEvent && d.count > 0));
    if from_partners || findings.iter().any(|f| !f.linked.is_empty()) {
        wp248.push("matching_datasets");
    }
    if context.minor {
        wp248.push("vulnerable_subjects");
    }
    OfficerView {
        exposure_index,
        nist_level,
        nist_factors,
        wp248,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Platform, SensitiveTag};

    fn finding(kind: Kind, value: &str, confidence: f32, count: u64) -> Finding {
        Finding {
            platform: Platform("test"),
            kind,
            value: value.into(),
            provenance: Provenance::Volunteered,
            by_provenance: BTreeMap::from([(Provenance::Volunteered, count)]),
            confidence,
            rule: "t",
            count,
            sources: vec![],
            first_seen: None,
            last_seen: None,
            sensitive: None,
            also_sensitive: Vec::new(),
            linked: Vec::new(),
        }
    }

    fn view(findings: &[Finding]) -> OfficerView {
        let context = Context {
            scenario: Scenario::Lost,
            named: true,
            minor: false,
        };
        let assessment = super::super::assess(findings, &[], &context);
        let provenance = BTreeMap::from([(Provenance::Volunteered, 1)]);
        assess(findings, &[], &assessment, &provenance, &context)
    }

    fn obligations(view: &OfficerView) -> Vec<&'static str> {
        view.nist_factors
            .iter()
            .find_map(|f| match f {
                NistFactor::Obligations { flags } => Some(flags.clone()),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn confirmed_identity_documents_and_art9_facts_are_obligations_and_make_nist_high() {
        let id = view(&[finding(Kind::NationalId, "v", 1.0, 1)]);
        assert_eq!(obligations(&id), ["identity_document"]);
        assert_eq!(id.nist_level, NistLevel::High);
        // Scored but unconfirmed: no obligation.
        let doubtful = view(&[finding(Kind::NationalId, "v", 0.6, 1)]);
        assert!(obligations(&doubtful).is_empty());

        let label = |strong: bool, confidence: f32| Finding {
            sensitive: Some((SensitiveTag::Health, strong)),
            ..finding(Kind::AdInterest, "label", confidence, 1)
        };
        assert_eq!(obligations(&view(&[label(true, 0.9)])), ["art9"]);
        let weak = view(&[label(false, 0.6)]);
        assert!(obligations(&weak).is_empty());
        assert_ne!(weak.nist_level, NistLevel::High);
    }

    #[test]
    fn large_scale_counts_other_people_not_records_about_them() {
        let one_friend = view(&[finding(Kind::Connection, "friend", 1.0, 150)]);
        assert!(!one_friend.wp248.contains(&"large_scale"));
        let hundred: Vec<Finding> = (0..100)
            .map(|n| finding(Kind::Connection, &format!("friend {n}"), 1.0, 1))
            .collect();
        let many = view(&hundred);
        assert!(many.wp248.contains(&"large_scale"));
        assert!(many.nist_level >= NistLevel::Moderate);
        assert!(many.nist_factors.contains(&NistFactor::Quantity {
            records: 1,
            third_party: 100
        }));
    }
}
