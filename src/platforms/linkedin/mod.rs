//! LinkedIn data exports ("Get a copy of your data", formats/others.md §2): CSV files at the
//! root of a Basic or Complete export, read by header name (case-insensitive; `Ad_Targeting.csv`
//! repeats header names, so its cells are read by position with their header). Profile, contact
//! points, logins with IPs, connections and invitations, messages (the owner is the profile's
//! name), uploaded contacts, positions and skills, activity, and what LinkedIn inferred (ad
//! targeting segments, "inferences about you"). No parser prints a value.

use std::sync::LazyLock;

use crate::data::TableError;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{Kind, Platform, Provenance, RecordSink};
use crate::platforms::common;
use crate::platforms::meta::messages::{ConversationLog, LoggedMessage};
use crate::platforms::{Catalogue, FileParser, Outcome, PlatformModule};

const KNOWN_FILES_TSV: &str = include_str!("known_files.tsv");
const GENERATIONS_TSV: &str = include_str!("generations.tsv");

const GIVEN: Provenance = Provenance::Volunteered;
const SEEN: Provenance = Provenance::Observed;

pub struct LinkedIn;

pub static LINKEDIN: LinkedIn = LinkedIn;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(
        GENERATIONS_TSV,
        KNOWN_FILES_TSV,
        &["Jobs", "Articles"],
        false,
        |spec| SPECS.iter().any(|(known, _)| *known == spec),
    )
});

/// Each parser spec a row may name, with the rule id its records carry.
const SPECS: &[(&str, &str)] = &[
    ("profile", "linkedin.profile"),
    ("emails", "linkedin.emails"),
    ("phones", "linkedin.phones"),
    ("registration", "linkedin.registration"),
    ("logins", "linkedin.logins"),
    ("connections", "linkedin.connections"),
    ("invitations", "linkedin.invitations"),
    ("messages", "linkedin.messages"),
    ("contacts", "linkedin.contacts"),
    ("positions", "linkedin.positions"),
    ("education", "linkedin.education"),
    ("skills", "linkedin.skills"),
    ("languages", "linkedin.languages"),
    ("endorsements", "linkedin.endorsements"),
    ("recommendations", "linkedin.recommendations"),
    ("company_follows", "linkedin.company_follows"),
    ("shares", "linkedin.shares"),
    ("comments", "linkedin.comments"),
    ("reactions", "linkedin.reactions"),
    ("searches", "linkedin.searches"),
    ("ads_clicked", "linkedin.ads_clicked"),
    ("ad_targeting", "linkedin.ad_targeting"),
    ("inferences", "linkedin.inferences"),
    ("receipts", "linkedin.receipts"),
    ("rich_media", "linkedin.rich_media"),
    ("job_applications", "linkedin.job_applications"),
    ("recommendations_given", "linkedin.recommendations_given"),
    ("notes", "linkedin.notes"),
    ("security_challenges", "linkedin.security_challenges"),
    ("certifications", "linkedin.certifications"),
];

impl PlatformModule for LinkedIn {
    fn platform(&self) -> Platform {
        Platform("linkedin")
    }

    fn display_name(&self) -> &'static str {
        "LinkedIn"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        let (spec, _) = SPECS.iter().copied().find(|(known, _)| *known == spec)?;
        Some(if spec == "messages" {
            Box::new(Messages::default())
        } else {
            Box::new(RowParser { spec })
        })
    }

    fn is_pre_pass(&self, spec: &str) -> bool {
        spec == "profile"
    }
}

/// A person's name from `First Name` and `Last Name` (or `FirstName`, `FullName`).
fn person(header: &[String], fields: &[String]) -> Option<String> {
    if let Some(full) = common::cell(header, fields, "FullName") {
        return Some(full.to_string());
    }
    let first = common::cell(header, fields, "First Name")
        .or_else(|| common::cell(header, fields, "FirstName"));
    let last = common::cell(header, fields, "Last Name")
        .or_else(|| common::cell(header, fields, "LastName"));
    let name = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

/// LinkedIn's dates: `2024-03-05 08:14:09 UTC`, `3/5/24, 8:14 AM`, `04 Feb 2025`, `Mar 2021`.
fn seconds(text: &str) -> Option<i64> {
    let formats = [
        "%Y-%m-%d %H:%M:%S",
        "%m/%d/%y, %I:%M %p",
        "%m/%d/%Y %H:%M",
        "%d %b %Y",
        "%Y-%m-%d",
    ];
    common::utc_seconds(text, &formats)
}

fn time_in(header: &[String], fields: &[String], names: &[&str]) -> Option<i64> {
    names
        .iter()
        .filter_map(|n| common::cell(header, fields, n))
        .find_map(seconds)
}

/// Ad-targeting columns that describe who you are (the rest are interests and segments).
const TARGETED_ATTRIBUTES: &[&str] = &[
    "Member Age",
    "Member Gender",
    "Degrees",
    "degreeClass",
    "Years of Experience",
    "Job Seniorities",
    "Profile Locations",
    "Interface Locales",
    "interfaceLocale",
    "Recent Device OS",
    "Graduation Year",
    "Member Traits",
];

struct RowParser {
    spec: &'static str,
}

impl FileParser for RowParser {
    fn rule(&self) -> &'static str {
        rule(self.spec)
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Csv {
            header,
            fields,
            record,
        } = item
        else {
            return Ok(());
        };
        row(self.spec, sink, header, fields, &format!("/{record}"));
        Ok(())
    }
}

fn rule(spec: &str) -> &'static str {
    SPECS
        .iter()
        .find(|(known, _)| *known == spec)
        .map_or("linkedin", |(_, rule)| rule)
}

fn row(spec: &str, sink: &mut dyn RecordSink, h: &[String], f: &[String], at: &str) {
    let get = |name: &str| common::cell(h, f, name);
    match spec {
        "profile" => {
            if let Some(name) = person(h, f) {
                sink.set_owner(&name);
                sink.record(Kind::Name, &name, GIVEN, at, None);
            }
            if let Some(maiden) = get("Maiden Name") {
                sink.record(Kind::Name, maiden, GIVEN, at, None);
            }
            let address: Vec<&str> = [get("Address"), get("Zip Code")]
                .into_iter()
                .flatten()
                .collect();
            if !address.is_empty() {
                sink.record(Kind::PostalAddress, &address.join(", "), GIVEN, at, None);
            }
            if let Some(birth) = get("Birth Date") {
                sink.record(Kind::Birthdate, birth, GIVEN, at, None);
            }
            for key in ["Headline", "Summary"] {
                if let Some(text) = get(key) {
                    sink.record(Kind::Bio, text, GIVEN, at, None);
                    sink.scan_text(Kind::Bio, text, GIVEN, at, None);
                }
            }
            if let Some(industry) = get("Industry") {
                sink.record(Kind::Work, industry, GIVEN, at, None);
            }
            if let Some(place) = get("Geo Location") {
                sink.record(Kind::Place, place, GIVEN, at, None);
            }
            for handle in list(get("Twitter Handles")) {
                sink.record(Kind::Username, handle, GIVEN, at, None);
            }
            for site in list(get("Websites")) {
                let url = site.split_once(':').map_or(site, |(kind, rest)| {
                    if kind.chars().all(|c| c.is_ascii_uppercase()) {
                        rest
                    } else {
                        site
                    }
                });
                sink.record(Kind::Website, url, GIVEN, at, None);
            }
        }
        "emails" => {
            if let Some(email) = get("Email Address") {
                sink.record(
                    Kind::Email,
                    email,
                    GIVEN,
                    at,
                    time_in(h, f, &["Updated On"]),
                );
            }
        }
        "phones" => {
            if let Some(number) = get("Number").or_else(|| get("Phone Number")) {
                sink.record(
                    Kind::Phone,
                    &common::normalize_phone(number),
                    GIVEN,
                    at,
                    None,
                );
            }
        }
        "registration" => {
            let time = time_in(h, f, &["Registered At"]);
            if let Some(ip) = get("Registration Ip") {
                common::ip_address(sink, ip, at, time);
            }
        }
        "logins" => {
            let time = time_in(h, f, &["Login Date"]);
            sink.count(Kind::Login, SEEN, at, time);
            if let Some(ip) = get("IP Address") {
                common::ip_address(sink, ip, at, time);
            }
            if let Some(agent) = get("User Agent") {
                sink.record(Kind::UserAgent, agent, SEEN, at, time);
            }
        }
        "connections" => {
            let time = time_in(h, f, &["Connected On"]);
            if let Some(name) = person(h, f) {
                sink.record(Kind::Connection, &name, GIVEN, at, time);
            }
            if let Some(email) = get("Email Address") {
                common::contact_point(sink, email, Provenance::Received, at, time);
            }
        }
        "invitations" => {
            let time = time_in(h, f, &["Sent At"]);
            let outgoing = get("Direction").is_some_and(|d| d.eq_ignore_ascii_case("OUTGOING"));
            let (other, provenance) = if outgoing {
                (get("To"), GIVEN)
            } else {
                (get("From"), Provenance::Received)
            };
            if let Some(other) = other {
                sink.record(Kind::Connection, other, provenance, at, time);
            }
            if let Some(message) = get("Message") {
                sink.scan_text(Kind::Message, message, provenance, at, time);
            }
        }
        "contacts" => {
            let time = time_in(h, f, &["CreatedAt"]);
            let points: Vec<&str> = [get("Emails"), get("PhoneNumbers")]
                .into_iter()
                .flatten()
                .flat_map(|cell| cell.split([',', ';']))
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            let name = person(h, f).or_else(|| points.first().map(|p| p.to_string()));
            if let Some(name) = name {
                sink.record(Kind::Contact, &name, GIVEN, at, time);
            }
            for point in points {
                common::contact_point(sink, point, GIVEN, at, time);
            }
        }
        "positions" => {
            let job = [get("Company Name"), get("Title")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            if !job.is_empty() {
                sink.record(Kind::Work, &job.join(" — "), GIVEN, at, None);
            }
        }
        "education" => {
            if let Some(school) = get("School Name") {
                sink.record(Kind::Education, school, GIVEN, at, None);
            }
        }
        "skills" => {
            if let Some(skill) = get("Name") {
                sink.record(Kind::Work, skill, GIVEN, at, None);
            }
        }
        "languages" => {
            if let Some(language) = get("Name") {
                sink.record(Kind::Language, language, GIVEN, at, None);
            }
        }
        "endorsements" | "recommendations" => {
            let endorser = [get("Endorser First Name"), get("Endorser Last Name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let endorser = if endorser.is_empty() {
                person(h, f)
            } else {
                Some(endorser)
            };
            if let Some(endorser) = endorser {
                sink.record(Kind::Connection, &endorser, Provenance::Received, at, None);
            }
            if let Some(text) = get("Text") {
                sink.scan_text(Kind::Post, text, Provenance::Received, at, None);
            }
        }
        // Recommendations you wrote: the person and your text about them.
        "recommendations_given" => {
            let time = time_in(h, f, &["Creation Date"]);
            if let Some(person) = person(h, f) {
                sink.record(Kind::Connection, &person, GIVEN, at, time);
            }
            if let Some(text) = get("Text") {
                sink.scan_text(Kind::Post, text, GIVEN, at, time);
            }
        }
        // Private notes you kept about connections: a person, and what you wrote of them.
        "notes" => {
            let time = time_in(h, f, &["Created On"]);
            let name = [get("Connection First Name"), get("Connection Last Name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            if !name.is_empty() {
                sink.record(Kind::Connection, &name, GIVEN, at, time);
            }
            if let Some(note) = get("Note") {
                sink.scan_text(Kind::Post, note, GIVEN, at, time);
            }
        }
        // Sign-in checks LinkedIn ran: each a login attempt it logged, with its address.
        "security_challenges" => {
            let time = time_in(h, f, &["Challenge Date", "Date"]);
            sink.count(Kind::Login, SEEN, at, time);
            if let Some(ip) = get("IP Address").or_else(|| get("IP")) {
                common::ip_address(sink, ip, at, time);
            }
            if let Some(agent) = get("User Agent") {
                sink.record(Kind::UserAgent, agent, SEEN, at, time);
            }
            if let Some(country) = get("Country") {
                sink.record(Kind::Place, country, SEEN, at, time);
            }
        }
        "certifications" => {
            let name = [get("Name"), get("Authority")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            if !name.is_empty() {
                sink.record(Kind::Education, &name.join(" — "), GIVEN, at, None);
            }
        }
        "job_applications" => {
            let time = time_in(h, f, &["Application Date"]);
            let job = [get("Company Name"), get("Job Title")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            if !job.is_empty() {
                sink.record(
                    Kind::Work,
                    &format!("applied: {}", job.join(" — ")),
                    GIVEN,
                    at,
                    time,
                );
            }
            for point in [get("Contact Email"), get("Contact Phone Number")]
                .into_iter()
                .flatten()
            {
                common::contact_point(sink, point, GIVEN, at, time);
            }
        }
        "company_follows" => {
            if let Some(company) = get("Organization") {
                sink.record(Kind::LikedPage, company, GIVEN, at, None);
            }
        }
        "shares" | "comments" | "rich_media" => {
            let kind = if spec == "comments" {
                Kind::Comment
            } else {
                Kind::Post
            };
            let time = time_in(h, f, &["Date"]);
            sink.count(kind, GIVEN, at, time);
            if let Some(text) = get("ShareCommentary").or_else(|| get("Message")) {
                sink.scan_text(kind, text, GIVEN, at, time);
            }
        }
        "reactions" => sink.count(Kind::Reaction, GIVEN, at, time_in(h, f, &["Date"])),
        "searches" => {
            let time = time_in(h, f, &["Time"]);
            sink.count(Kind::SearchQuery, GIVEN, at, time);
            if let Some(query) = get("Search Query") {
                sink.scan_text(Kind::SearchQuery, query, GIVEN, at, time);
            }
        }
        "ads_clicked" => sink.count(Kind::AdClick, SEEN, at, time_in(h, f, &["Ad clicked Date"])),
        "ad_targeting" => {
            for (column, value) in h.iter().zip(f) {
                let kind = if TARGETED_ATTRIBUTES
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(column))
                {
                    Kind::InferredAttribute
                } else {
                    Kind::AdInterest
                };
                for part in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                    sink.record(
                        kind,
                        &format!("{column}: {part}"),
                        Provenance::Inferred,
                        at,
                        None,
                    );
                }
            }
        }
        "inferences" => {
            let what = get("Type of inference").or_else(|| get("Category"));
            if let Some(inference) = get("Inference") {
                let text = match what {
                    Some(what) => format!("{what}: {inference}"),
                    None => inference.to_string(),
                };
                sink.record(
                    Kind::InferredAttribute,
                    &text,
                    Provenance::Inferred,
                    at,
                    None,
                );
            }
        }
        "receipts" => {
            let time = time_in(h, f, &["Transaction Made At"]);
            let amount = [get("Total Amount"), get("Currency Code")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            sink.record(Kind::Payment, &amount.join(" "), GIVEN, at, time);
            let address: Vec<&str> = [get("Postal Code"), get("Billing Country")]
                .into_iter()
                .flatten()
                .collect();
            if !address.is_empty() {
                sink.record(Kind::PostalAddress, &address.join(", "), GIVEN, at, time);
            }
        }
        _ => {}
    }
}

/// `[handle]`, `[PERSONAL:https://…]`, or plain comma-separated values.
fn list(cell: Option<&str>) -> Vec<&str> {
    cell.map(|c| {
        c.trim_matches(['[', ']'])
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// `messages.csv`: one row per message; a conversation is its `CONVERSATION ID`; a message is
/// `volunteered` when sent by the profile's owner.
#[derive(Default)]
struct Messages {
    log: ConversationLog,
}

impl FileParser for Messages {
    fn rule(&self) -> &'static str {
        rule("messages")
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Csv {
            header,
            fields,
            record,
        } = item
        else {
            return Ok(());
        };
        let thread = common::cell(header, fields, "CONVERSATION ID")
            .map(|id| format!("{}#{id}", sink.file()))
            .unwrap_or_else(|| sink.file().to_string());
        let message = LoggedMessage {
            sender: common::cell(header, fields, "FROM").map(str::to_string),
            time: time_in(header, fields, &["DATE"]),
            text: common::cell(header, fields, "CONTENT").map(str::to_string),
            pointer: format!("/{record}"),
        };
        self.log.message(sink, &thread, message);
        Ok(())
    }

    fn finish(self: Box<Self>, sink: &mut dyn RecordSink) -> Outcome {
        self.log.finish(sink);
        Outcome::Parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_valid() {
        assert!(CATALOGUE.1.is_empty(), "{:?}", CATALOGUE.1);
    }

    #[test]
    fn dates_of_every_linkedin_format() {
        assert_eq!(seconds("2024-03-05 08:14:09 UTC"), Some(1709626449));
        assert_eq!(seconds("3/5/24, 8:14 AM"), Some(1709626440));
        assert_eq!(seconds("04 Feb 2025"), Some(1738627200));
        assert_eq!(seconds("Not Available"), None);
    }

    #[test]
    fn ad_targeting_cells_are_lists_under_repeated_headers() {
        use crate::classify::collect::FileSink;
        let header: Vec<String> = [
            "Member Age",
            "Company Names",
            "Company Names",
            "Member Interests",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let fields: Vec<String> = [
            "25 to 34",
            "Acme; Globex",
            "Initech",
            "Baking; Diabetes Management",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut sink = FileSink::new(Platform("linkedin"), "Ad_Targeting.csv", None, "t");
        row("ad_targeting", &mut sink, &header, &fields, "/2");
        assert_eq!(
            sink.aggregate.values_of(Kind::InferredAttribute),
            ["Member Age: 25 to 34"]
        );
        assert_eq!(sink.aggregate.record_counts()[&Kind::AdInterest], 5);
    }
}
