//! The shared vocabulary of every stage: platforms, kinds of personal data, provenance, records,
//! findings, file statuses, diagnostics, and the [`RecordSink`] that parsers write into.
//!
//! Stages talk one way through these types (archive -> decode -> platforms/scan -> classify -> risk ->
//! report). Ids are serialised in snake_case and are part of the `exposure-report/1` contract:
//! extend them, never rename them. Nothing here prints a value; no type here names a platform
//! (platform ids come from the registry in `platforms`).

use std::collections::BTreeMap;

use serde::Serialize;

/// A platform id as the registry in `platforms` names it (`"facebook"`), or `unknown` for files
/// that no platform claimed (a lone file, an unknown folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Platform(pub &'static str);

impl Platform {
    pub const UNKNOWN: Platform = Platform("unknown");

    pub fn id(self) -> &'static str {
        self.0
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
    /// A group you joined or run.
    Group,
    /// An event you answered (going, interested, declined).
    Event,
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
    pub const ALL: [Kind; 52] = [
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
        Kind::Group,
        Kind::Event,
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
            Kind::Group => "group",
            Kind::Event => "event",
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
            SearchQuery | LikedPage | Group | Event | Post | Comment | Reaction | WatchEvent
            | VisitedPage | OffPlatformEvent | AdImpression | AdClick => Category::Activity,
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
    /// A GDPR Art. 9 special category or Art. 10 (criminal) data.
    pub fn is_special(self) -> bool {
        self >= Category::Health
    }

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
    pub const ALL: [SensitiveTag; 9] = [
        SensitiveTag::Health,
        SensitiveTag::SexLife,
        SensitiveTag::Religion,
        SensitiveTag::Political,
        SensitiveTag::TradeUnion,
        SensitiveTag::EthnicOrigin,
        SensitiveTag::Genetic,
        SensitiveTag::Biometric,
        SensitiveTag::Criminal,
    ];

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

/// A group of records of one kind and value: one e-mail seen in three files is one finding.
#[derive(Debug, Clone)]
pub struct Finding {
    pub platform: Platform,
    pub kind: Kind,
    /// The datum. Never printed unless the report is unredacted.
    pub value: String,
    /// The provenance of most of its records (ties: the earlier in `Provenance::ALL`).
    pub provenance: Provenance,
    /// Records of this value per provenance: one IP logged 38 times and typed once keeps both.
    pub by_provenance: BTreeMap<Provenance, u64>,
    pub confidence: f32,
    pub rule: &'static str,
    pub count: u64,
    pub sources: Vec<SourceRef>,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    /// GDPR Art. 9/10 tag; `bool` = strong (explicit) rather than a proxy.
    pub sensitive: Option<(SensitiveTag, bool)>,
    /// Other Art. 9/10 categories the same label names ("Jewish culture": religion, and ethnic
    /// origin), one tag each, strongest hit kept; the finding counts in each.
    pub also_sensitive: Vec<(SensitiveTag, bool)>,
    /// The other audited platforms where the same value was found (cross-platform linkage).
    pub linked: Vec<Platform>,
}

/// The distinct calendar days (UTC, 1970 to 2149) items fell on, a bit per day: a location
/// trail is judged by the days it covers, not by its first and last point.
#[derive(Debug, Clone, Default)]
pub struct DaySet {
    bits: Vec<u64>,
    /// The day inserted last: items mostly come in order, many on one day.
    last: Option<i64>,
}

impl PartialEq for DaySet {
    fn eq(&self, other: &Self) -> bool {
        let (short, long) = if self.bits.len() <= other.bits.len() {
            (&self.bits, &other.bits)
        } else {
            (&other.bits, &self.bits)
        };
        long.starts_with(short) && long[short.len()..].iter().all(|w| *w == 0)
    }
}

impl Eq for DaySet {}

impl DaySet {
    const DAYS: i64 = 1 << 16;

    /// The day of Unix seconds `time` (a day outside the range is not kept).
    pub fn insert(&mut self, time: i64) {
        let day = time.div_euclid(86_400);
        if self.last == Some(day) || !(0..Self::DAYS).contains(&day) {
            return;
        }
        self.last = Some(day);
        let word = (day / 64) as usize;
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (day % 64);
    }

    pub fn union(&mut self, other: &DaySet) {
        if self.bits.len() < other.bits.len() {
            self.bits.resize(other.bits.len(), 0);
        }
        for (mine, theirs) in self.bits.iter_mut().zip(&other.bits) {
            *mine |= theirs;
        }
    }

    /// How many distinct days.
    pub fn len(&self) -> u64 {
        self.bits.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A high-volume kind (messages, location points...), counted rather than listed.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub count: u64,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    pub by_provenance: BTreeMap<Provenance, u64>,
    /// Items per calendar year (UTC) of their date, for the report's timeline.
    pub by_year: BTreeMap<i32, u64>,
    /// The days dated items fell on.
    pub days: DaySet,
}

/// The calendar year (UTC) of Unix seconds, without a time-zone database (cheap enough for
/// every item of a dataset): the civil-from-days algorithm of the proleptic Gregorian calendar.
pub fn year_of(seconds: i64) -> i32 {
    let days = seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March
    let year = year_of_era + era * 400 + i64::from(month_index >= 10);
    year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// A hit in free text, before it is recorded: a detector's (`kind` set) or the sensitive-term
/// lexicon's (`kind` None: the finding takes the kind of the text it was found in).
#[derive(Debug, Clone, PartialEq)]
pub struct TextHit {
    pub kind: Option<Kind>,
    pub value: String,
    pub confidence: f32,
    pub rule: &'static str,
    pub sensitive: Option<(SensitiveTag, bool)>,
}

/// What parsers write into while reading one file. Implemented by `classify`; parsers see only
/// this trait, so they never depend on how records are grouped, tagged or counted.
pub trait RecordSink {
    /// The path of the file being read (relative to its export root).
    fn file(&self) -> &str;
    /// The account holder's name, when a pre-pass (the profile) told it.
    fn owner(&self) -> Option<&str>;
    /// Tell later parsers who the account holder is (called by pre-pass parsers).
    fn set_owner(&mut self, name: &str);
    /// The account's time zone (an IANA name), when a pre-pass (a time-zone file) told it.
    fn timezone(&self) -> Option<&str>;
    /// Tell later parsers the account's time zone (called by pre-pass parsers).
    fn set_timezone(&mut self, zone: &str);
    /// Remember a fact of the export for later parsers and for files that cannot be read (a
    /// manifest's record count per file). Keys are the platform's own; values are never
    /// printed.
    fn set_context(&mut self, key: &str, value: &str);
    /// A fact read from a known field (confidence 1.0, the parser's rule).
    fn record(
        &mut self,
        kind: Kind,
        value: &str,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    );
    /// A known field that is itself special-category data (a profile's religious view, the face
    /// template face recognition kept), with how the platform came to hold it.
    fn sensitive_record(
        &mut self,
        kind: Kind,
        value: &str,
        tag: SensitiveTag,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    );
    /// `count` items of a dataset kind at once, with the earliest and latest times known.
    fn count_many(
        &mut self,
        kind: Kind,
        provenance: Provenance,
        count: u64,
        first: Option<i64>,
        last: Option<i64>,
    );
    /// What the detectors and the lexicon find in a free text (nothing is recorded yet).
    fn text_hits(&self, text: &str) -> Vec<TextHit>;
    /// Record one hit of [`RecordSink::text_hits`] found in a text of kind `text_kind`.
    fn text_hit(
        &mut self,
        text_kind: Kind,
        hit: TextHit,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    );
    /// A scalar of a file (or field) no parser knows, under the JSON key `key` (lower-case). Its
    /// hits take their provenance from the key path, the file, else their kind
    /// (`classify::provenance`).
    fn scan_value(&mut self, key: &str, text: &str, pointer: &str);
    /// A fact a file no parser knows gives by its keys (a position from `latitude` and
    /// `longitude`): provenance from the key path, the file, else its kind, as for
    /// [`RecordSink::scan_value`].
    fn scanned_record(&mut self, kind: Kind, value: &str, pointer: &str);
    /// A label string of the export's own wording (for account-language detection).
    fn label(&mut self, label: &str);
    /// A value of the file was too large to hold and was skipped (the file's diagnostic says so).
    fn value_skipped(&mut self);
    /// Whether the user asked for message bodies of mail archives to be scanned (they are
    /// otherwise read for their headers only).
    fn reads_message_bodies(&self) -> bool {
        false
    }

    /// One dataset item (a message, a login...), counted, not listed.
    fn count(&mut self, kind: Kind, provenance: Provenance, pointer: &str, time: Option<i64>) {
        self.record(kind, "", provenance, pointer, time);
    }

    /// Free text (a post, a comment): every detector and lexicon hit, recorded at once.
    fn scan_text(
        &mut self,
        text_kind: Kind,
        text: &str,
        provenance: Provenance,
        pointer: &str,
        time: Option<i64>,
    ) {
        for hit in self.text_hits(text) {
            self.text_hit(text_kind, hit, provenance, pointer, time);
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Parsed,
    Scanned,
    Skipped,
    Failed,
    Absent,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Parsed => "parsed",
            Status::Scanned => "scanned",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
            Status::Absent => "absent",
        }
    }
}

/// One file of an export and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct FileStatus {
    pub path: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parser: Option<&'static str>,
    pub records: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostic: Option<DiagnosticCode>,
}

/// A problem worth telling, with a stable code. Never carries a value read from an export.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: DiagnosticCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub message: String,
    /// For a message of an error (`AuditError::params`): what it is written around, so that a
    /// report can word it in its own language.
    #[serde(skip)]
    pub error_params: Option<Vec<String>>,
}

macro_rules! diagnostic_codes {
    ($($variant:ident = $id:literal: $text:literal,)*) => {
        /// Every diagnostic code of the report contract (`diagnostics[].code`, `files[].diagnostic`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DiagnosticCode {
            $($variant,)*
        }

        impl DiagnosticCode {
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant,)*];

            /// The stable id, as serialised.
            pub fn id(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$variant => $id,)*
                }
            }

            /// A plain-English description, with no value in it.
            pub fn describe(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$variant => $text,)*
                }
            }
        }
    };
}

diagnostic_codes! {
    InputNotFound = "input.not_found": "input path does not exist",
    InputUnreadable = "input.unreadable": "input cannot be read",
    ArchiveCorrupt = "archive.corrupt": "not a valid archive (a zip's central directory or a tar or gzip stream truncated or corrupt)",
    TooManyEntries = "archive.too_many_entries": "archive holds more entries than are listed; the rest were not read",
    EncryptedMember = "archive.encrypted_member": "member is encrypted",
    UnsupportedCompression = "archive.unsupported_compression": "member uses a compression method exports do not use",
    CorruptMember = "archive.corrupt_member": "member data is corrupt or truncated",
    DuplicateMember = "archive.duplicate_member": "same file already read (from another part of the export, or under a name the archive used twice)",
    Media = "archive.media": "photo, video or sound file: counted, not read",
    MediaSkipped = "archive.media_skipped": "photo, video and sound files were counted, not read",
    OsMetadata = "archive.os_metadata": "operating-system debris (__MACOSX, .DS_Store): skipped",
    MemberSize = "limit.member_size": "member is larger than the per-file limit once inflated",
    CompressionRatio = "limit.compression_ratio": "member inflates far more than real exports do (possible zip bomb)",
    TotalSize = "limit.total_size": "the total inflated-size budget of this run is used up",
    NestingDepth = "limit.nesting_depth": "nested archive deeper than the limit",
    NestedArchiveSize = "limit.nested_archive_size": "nested archive too large to open in memory",
    NestedArchives = "limit.nested_archives": "too many nested archives, or too many bytes of them, to open in memory",
    ValueSize = "limit.value_size": "a value too large to hold was skipped; the rest of the file was read",
    ReadError = "io.read_error": "read error",
    MalformedJson = "decode.malformed_json": "malformed JSON; what came before the error was read",
    JsonTooDeep = "decode.json_too_deep": "JSON nested deeper than the parser allows",
    MalformedCsv = "decode.malformed_csv": "malformed CSV; what came before the error was read",
    InvalidUtf8 = "decode.invalid_utf8": "text is not valid UTF-8",
    UnexpectedShape = "parse.unexpected_shape": "file does not have the shape this parser expects",
    ShapeUnrecognised = "parse.shape_unrecognised": "a known file whose shape the parser did not recognise; it was scanned instead",
    UnrecognisedFormat = "scan.unrecognised_format": "not a format exposure reads (a zip, tar or tgz archive, a folder, or a JSON, CSV, HTML or text file)",
    HtmlFlavour = "decode.html_flavour": "HTML flavour: record ids, some media metadata and exact seconds are not in this export; the JSON flavour gives a complete audit",
    LocalTimes = "decode.local_times": "HTML dates carry no time zone and the export names none: they are read as UTC, and may be off by the account's offset",
    InternalPanic = "internal.panic": "internal error while reading this file; the rest of the export was audited",
    PartsMissing = "archive.parts_missing": "parts of this multi-part export were not given; what they hold is not in this report",
    InputEmpty = "input.empty": "the folder or archive holds no file",
    OverlappingMember = "archive.overlapping_member": "members that share their data with another member (an overlapping-entry zip bomb?) were read once",
    ArchiveTruncated = "archive.truncated": "incomplete archive (an interrupted download?): the members before the break were read from their local headers",
    HeldOnDevice = "absent.held_on_device": "no location history in this export: since 2024 Google keeps Timeline on the phone (Maps app, Settings, Export Timeline data), or it is in a part not given; absent here does not mean none is kept",
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl std::fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A file's bytes as the archive hands them to the decoders: read as a stream, and all at once
/// when they already lie in memory (a small zip member inflated whole, the demo export), so a
/// decoder can read them where they are instead of copying them into a buffer of its own.
pub trait MemberRead: std::io::Read {
    /// Every byte not read yet, at once, when they lie in memory and reading them all keeps
    /// within the run's limits: they then count as read, and the reader is at its end. `None`
    /// otherwise, nothing read: the bytes are to be read as a stream, which stops where a limit
    /// is crossed.
    fn whole(&mut self) -> Option<&[u8]> {
        None
    }
}

/// Bytes in memory, with no limit to keep (tests, fuzzing).
impl MemberRead for &[u8] {
    fn whole(&mut self) -> Option<&[u8]> {
        Some(std::mem::take(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_set_counts_distinct_days_within_its_range() {
        let mut a = DaySet::default();
        assert!(a.is_empty());
        for t in [0, 3_600, 86_399, 86_400, 1_700_000_000, -1, 1 << 40] {
            a.insert(t);
        }
        // 1970-01-01 (three times), 1970-01-02, 2023-11-14; before 1970 and far ahead: not kept.
        assert_eq!(a.len(), 3);
        let mut b = DaySet::default();
        b.insert(86_400);
        b.insert(2 * 86_400);
        b.union(&a);
        assert_eq!(b.len(), 4);
        let mut c = a.clone();
        c.union(&DaySet::default());
        assert_eq!(c, a);
        // The same day again, and again after another: counted once.
        let mut d = DaySet::default();
        for t in [10, 20, 86_400 * 3, 30, 86_400 * 3 + 5] {
            d.insert(t);
        }
        assert_eq!(d.len(), 2);
        assert_ne!(d, a);
    }

    #[test]
    fn years_of_unix_seconds() {
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(1_700_000_000), 2023);
        assert_eq!(year_of(1_704_067_199), 2023); // 2023-12-31T23:59:59Z
        assert_eq!(year_of(1_704_067_200), 2024);
        assert_eq!(year_of(951_782_400), 2000); // 2000-02-29
        assert_eq!(year_of(-1), 1969);
    }

    #[test]
    fn diagnostic_codes_are_pinned() {
        let ids: Vec<&str> = DiagnosticCode::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(
            ids,
            [
                "input.not_found",
                "input.unreadable",
                "archive.corrupt",
                "archive.too_many_entries",
                "archive.encrypted_member",
                "archive.unsupported_compression",
                "archive.corrupt_member",
                "archive.duplicate_member",
                "archive.media",
                "archive.media_skipped",
                "archive.os_metadata",
                "limit.member_size",
                "limit.compression_ratio",
                "limit.total_size",
                "limit.nesting_depth",
                "limit.nested_archive_size",
                "limit.nested_archives",
                "limit.value_size",
                "io.read_error",
                "decode.malformed_json",
                "decode.json_too_deep",
                "decode.malformed_csv",
                "decode.invalid_utf8",
                "parse.unexpected_shape",
                "parse.shape_unrecognised",
                "scan.unrecognised_format",
                "decode.html_flavour",
                "decode.local_times",
                "internal.panic",
                "archive.parts_missing",
                "input.empty",
                "archive.overlapping_member",
                "archive.truncated",
                "absent.held_on_device",
            ]
        );
        for code in DiagnosticCode::ALL {
            assert_eq!(
                serde_json::to_string(code).unwrap(),
                format!("\"{}\"", code.id())
            );
            assert!(!code.describe().is_empty());
        }
    }

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
