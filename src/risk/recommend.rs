//! Recommendations: concrete next steps per category and platform (`recommendations.tsv`, EN and
//! FR), shown when a category reaches a row's band in an export of the row's platform.

use std::sync::LazyLock;

use super::{Band, CategoryRisk};
use crate::data::{self, Layout, Table};
use crate::model::{Category, Platform};

const RECOMMENDATIONS_TSV: &str = include_str!("recommendations.tsv");

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
    use crate::model::{Finding, Kind, Provenance};
    use crate::risk::{Context, Scenario, assess};

    #[test]
    fn every_recommendation_parses_and_names_a_known_platform() {
        let recs = load_recommendations(RECOMMENDATIONS_TSV);
        assert!(recs.errors.is_empty(), "{}", recs.error_text());
        let mut ids = std::collections::HashSet::new();
        for rec in &recs.rows {
            assert!(ids.insert(rec.id), "{} twice", rec.id);
            if let Some(id) = rec.platform {
                assert!(
                    crate::platforms::module(Platform(id)).is_some(),
                    "{}: unknown platform {id}",
                    rec.id
                );
            }
        }
        // Every sensitive category has a next step, whatever the platform.
        for category in Category::ALL.into_iter().filter(|c| c.is_special()) {
            assert!(
                recs.rows
                    .iter()
                    .any(|r| r.category == category && r.platform.is_none()),
                "{}",
                category.id()
            );
        }
    }

    #[test]
    fn malformed_rows_are_rejected() {
        let recs = load_recommendations(
            "r\thealth\tmedium\t*\ten\tfr\nr\thealth\tnone\t*\ten\tfr\nr\thealth\tlow\t\ten\tfr\n",
        );
        assert_eq!(recs.rows.len(), 1);
        assert_eq!(recs.errors.len(), 2);
    }

    #[test]
    fn recommendations_follow_the_platforms_of_the_report() {
        let finding = Finding {
            platform: Platform("facebook"),
            kind: Kind::AdInterest,
            value: "v".into(),
            provenance: Provenance::Inferred,
            by_provenance: Default::default(),
            confidence: 1.0,
            rule: "t",
            count: 1,
            sources: vec![],
            first_seen: None,
            last_seen: None,
            sensitive: None,
            also_sensitive: vec![],
            linked: vec![],
        };
        let context = Context {
            scenario: Scenario::Compromised,
            named: true,
            minor: false,
        };
        let mut cats = assess(&[finding], &[], &context).categories;
        cats[0].band = Band::VeryHigh;
        let for_facebook = recommendations(&cats, &[Platform("facebook")]);
        let for_other = recommendations(&cats, &[Platform("toy")]);
        assert!(for_facebook.iter().any(|r| r.platform == Some("facebook")));
        assert!(for_other.iter().all(|r| r.platform.is_none()));
    }
}
