//! The shared vocabulary of every stage: platforms, kinds of personal data, provenance, records.
//!
//! Stages talk one way through these types (archive -> decode -> platforms/scan -> classify -> risk ->
//! report). Ids are serialised in snake_case and are part of the `exposure-report/1` contract:
//! extend them, never rename them. Nothing here holds or prints a value on its own.

use serde::Serialize;

/// A platform whose export exposure recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Facebook,
    /// Files that no platform claimed (a lone file, an unknown folder).
    Unknown,
}

impl Platform {
    pub fn id(self) -> &'static str {
        match self {
            Platform::Facebook => "facebook",
            Platform::Unknown => "unknown",
        }
    }
}

/// What a datum is. Stable ids (see DESIGN.md "Kinds").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    // identity
    Name,
    Username,
    Birthdate,
    Age,
    Gender,
    ProfilePhoto,
    Relationship,
    FamilyMember,
    Education,
    Work,
    Language,
    Website,
    Bio,
    // contact
    Email,
    Phone,
    PostalAddress,
    // gov_id
    NationalId,
    Passport,
    IdCard,
    TaxId,
    // financial
    Iban,
    PaymentCard,
    Payment,
    Purchase,
    // location
    LocationPoint,
    Place,
    HomeOrWork,
    // online_id
    IpAddress,
    Device,
    AdvertisingId,
    Login,
    UserAgent,
    // activity
    SearchQuery,
    LikedPage,
    Post,
    Comment,
    Reaction,
    WatchEvent,
    VisitedPage,
    OffPlatformEvent,
    AdImpression,
    AdClick,
    // ad targeting
    AdInterest,
    Advertiser,
    InferredAttribute,
    // communications
    Message,
    MessageThread,
    // third_party
    Contact,
    Connection,
    // credentials
    Secret,
}

impl Kind {
    pub const ALL: [Kind; 50] = [
        Kind::Name,
        Kind::Username,
        Kind::Birthdate,
        Kind::Age,
        Kind::Gender,
        Kind::ProfilePhoto,
        Kind::Relationship,
        Kind::FamilyMember,
        Kind::Education,
        Kind::Work,
        Kind::Language,
        Kind::Website,
        Kind::Bio,
        Kind::Email,
        Kind::Phone,
        Kind::PostalAddress,
        Kind::NationalId,
        Kind::Passport,
        Kind::IdCard,
        Kind::TaxId,
        Kind::Iban,
        Kind::PaymentCard,
        Kind::Payment,
        Kind::Purchase,
        Kind::LocationPoint,
        Kind::Place,
        Kind::HomeOrWork,
        Kind::IpAddress,
        Kind::Device,
        Kind::AdvertisingId,
        Kind::Login,
        Kind::UserAgent,
        Kind::SearchQuery,
        Kind::LikedPage,
        Kind::Post,
        Kind::Comment,
        Kind::Reaction,
        Kind::WatchEvent,
        Kind::VisitedPage,
        Kind::OffPlatformEvent,
        Kind::AdImpression,
        Kind::AdClick,
        Kind::AdInterest,
        Kind::Advertiser,
        Kind::InferredAttribute,
        Kind::Message,
        Kind::MessageThread,
        Kind::Contact,
        Kind::Connection,
        Kind::Secret,
    ];

    /// The stable snake_case id, as serialised.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Username => "username",
            Kind::Birthdate => "birthdate",
            Kind::Age => "age",
            Kind::Gender => "gender",
            Kind::ProfilePhoto => "profile_photo",
            Kind::Relationship => "relationship",
            Kind::FamilyMember => "family_member",
            Kind::Education => "education",
            Kind::Work => "work",
            Kind::Language => "language",
            Kind::Website => "website",
            Kind::Bio => "bio",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::PostalAddress => "postal_address",
            Kind::NationalId => "national_id",
            Kind::Passport => "passport",
            Kind::IdCard => "id_card",
            Kind::TaxId => "tax_id",
            Kind::Iban => "iban",
            Kind::PaymentCard => "payment_card",
            Kind::Payment => "payment",
            Kind::Purchase => "purchase",
            Kind::LocationPoint => "location_point",
            Kind::Place => "place",
            Kind::HomeOrWork => "home_or_work",
            Kind::IpAddress => "ip_address",
            Kind::Device => "device",
            Kind::AdvertisingId => "advertising_id",
            Kind::Login => "login",
            Kind::UserAgent => "user_agent",
            Kind::SearchQuery => "search_query",
            Kind::LikedPage => "liked_page",
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Reaction => "reaction",
            Kind::WatchEvent => "watch_event",
            Kind::VisitedPage => "visited_page",
            Kind::OffPlatformEvent => "off_platform_event",
            Kind::AdImpression => "ad_impression",
            Kind::AdClick => "ad_click",
            Kind::AdInterest => "ad_interest",
            Kind::Advertiser => "advertiser",
            Kind::InferredAttribute => "inferred_attribute",
            Kind::Message => "message",
            Kind::MessageThread => "message_thread",
            Kind::Contact => "contact",
            Kind::Connection => "connection",
            Kind::Secret => "secret",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.id() == id)
    }

    /// The report category a kind belongs to (DESIGN.md table).
    pub fn category(self) -> Category {
        use Kind::*;
        match self {
            Name | Username | Birthdate | Age | Gender | ProfilePhoto | Relationship
            | FamilyMember | Education | Work | Language | Website | Bio => Category::Identity,
            Email | Phone | PostalAddress => Category::Contact,
            NationalId | Passport | IdCard | TaxId => Category::GovId,
            Iban | PaymentCard | Payment | Purchase => Category::Financial,
            LocationPoint | Place | HomeOrWork => Category::Location,
            IpAddress | Device | AdvertisingId | Login | UserAgent => Category::OnlineId,
            SearchQuery | LikedPage | Post | Comment | Reaction | WatchEvent | VisitedPage
            | OffPlatformEvent | AdImpression | AdClick => Category::Activity,
            AdInterest | Advertiser | InferredAttribute => Category::AdTargeting,
            Message | MessageThread => Category::Communications,
            Contact | Connection => Category::ThirdParty,
            Secret => Category::Credentials,
        }
    }

    /// High-volume kinds are counted as datasets, not listed value by value.
    pub fn is_dataset(self) -> bool {
        use Kind::*;
        matches!(
            self,
            Message
                | MessageThread
                | LocationPoint
                | Login
                | SearchQuery
                | Post
                | Comment
                | Reaction
                | WatchEvent
                | VisitedPage
                | OffPlatformEvent
                | AdImpression
                | AdClick
        )
    }

    /// Kinds whose `counts` entry is the number of distinct values, not of records (DESIGN.md).
    pub fn counts_distinct(self) -> bool {
        matches!(
            self,
            Kind::Email | Kind::Phone | Kind::IpAddress | Kind::Name
        )
    }

    /// Platform-made labels (ad interests, advertisers) are shown even in redacted output.
    pub fn is_platform_label(self) -> bool {
        matches!(
            self,
            Kind::AdInterest | Kind::Advertiser | Kind::InferredAttribute
        )
    }
}

/// Report categories: one per group of kinds, plus one per GDPR Art. 9/10 sensitive tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Identity,
    Contact,
    GovId,
    Financial,
    Location,
    OnlineId,
    Activity,
    AdTargeting,
    Communications,
    ThirdParty,
    Credentials,
    Health,
    SexLife,
    Religion,
    Political,
    TradeUnion,
    EthnicOrigin,
    Genetic,
    Biometric,
    Criminal,
}

impl Category {
    pub const ALL: [Category; 20] = [
        Category::Identity,
        Category::Contact,
        Category::GovId,
        Category::Financial,
        Category::Location,
        Category::OnlineId,
        Category::Activity,
        Category::AdTargeting,
        Category::Communications,
        Category::ThirdParty,
        Category::Credentials,
        Category::Health,
        Category::SexLife,
        Category::Religion,
        Category::Political,
        Category::TradeUnion,
        Category::EthnicOrigin,
        Category::Genetic,
        Category::Biometric,
        Category::Criminal,
    ];

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Category::Identity => "identity",
            Category::Contact => "contact",
            Category::GovId => "gov_id",
            Category::Financial => "financial",
            Category::Location => "location",
            Category::OnlineId => "online_id",
            Category::Activity => "activity",
            Category::AdTargeting => "ad_targeting",
            Category::Communications => "communications",
            Category::ThirdParty => "third_party",
            Category::Credentials => "credentials",
            Category::Health => "health",
            Category::SexLife => "sex_life",
            Category::Religion => "religion",
            Category::Political => "political",
            Category::TradeUnion => "trade_union",
            Category::EthnicOrigin => "ethnic_origin",
            Category::Genetic => "genetic",
            Category::Biometric => "biometric",
            Category::Criminal => "criminal",
        }
    }
}

/// Where a record came from (DESIGN.md "Provenance").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// You typed or uploaded it.
    Volunteered,
    /// The platform logged it while you used the service.
    Observed,
    /// The platform derived it from other data.
    Inferred,
    /// Other users or partner businesses sent it.
    Received,
}

impl Provenance {
    pub const ALL: [Provenance; 4] = [
        Provenance::Volunteered,
        Provenance::Observed,
        Provenance::Inferred,
        Provenance::Received,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Provenance::Volunteered => "volunteered",
            Provenance::Observed => "observed",
            Provenance::Inferred => "inferred",
            Provenance::Received => "received",
        }
    }

    pub fn from_id(id: &str) -> Option<Provenance> {
        Provenance::ALL.iter().copied().find(|p| p.id() == id)
    }
}

/// GDPR Art. 9 special categories and Art. 10 (criminal) data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitiveTag {
    Health,
    SexLife,
    Religion,
    Political,
    TradeUnion,
    EthnicOrigin,
    Genetic,
    Biometric,
    Criminal,
}

impl SensitiveTag {
    pub fn category(self) -> Category {
        match self {
            SensitiveTag::Health => Category::Health,
            SensitiveTag::SexLife => Category::SexLife,
            SensitiveTag::Religion => Category::Religion,
            SensitiveTag::Political => Category::Political,
            SensitiveTag::TradeUnion => Category::TradeUnion,
            SensitiveTag::EthnicOrigin => Category::EthnicOrigin,
            SensitiveTag::Genetic => Category::Genetic,
            SensitiveTag::Biometric => Category::Biometric,
            SensitiveTag::Criminal => Category::Criminal,
        }
    }
}

/// Where in the export a record was read: the file (path inside the export) and a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SourceRef {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// One fact read from one place.
#[derive(Debug, Clone)]
pub struct Record {
    pub platform: Platform,
    pub kind: Kind,
    /// The datum itself. Never printed unless the report is unredacted.
    pub value: String,
    pub provenance: Provenance,
    pub source: SourceRef,
    /// Unix seconds, when the source dates the fact.
    pub time: Option<i64>,
    /// 0..1: 1.0 for a known key of a known file, lower for pattern hits in free text.
    pub confidence: f32,
    /// Id of the parser or detector rule that produced the record (audit trail).
    pub rule: &'static str,
    /// Set when the source field itself is special-category data (a profile's religious view);
    /// lexicon tags are added later, in `classify`. `bool` = strong (explicit) rather than a proxy.
    pub sensitive: Option<(SensitiveTag, bool)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for kind in Kind::ALL {
            assert!(seen.insert(kind.id()), "duplicate id {}", kind.id());
            assert_eq!(Kind::from_id(kind.id()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
        assert_eq!(Kind::from_id("nope"), None);
    }

    #[test]
    fn categories_follow_the_design_table() {
        assert_eq!(Kind::Email.category(), Category::Contact);
        assert_eq!(Kind::AdInterest.category(), Category::AdTargeting);
        assert_eq!(Kind::Connection.category(), Category::ThirdParty);
        assert_eq!(Kind::IpAddress.category(), Category::OnlineId);
        assert_eq!(Category::GovId.id(), "gov_id");
    }
}
