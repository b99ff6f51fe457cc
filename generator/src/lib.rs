//! Large synthetic exports for exposure's benchmarks and tests: a Facebook export with thousands
//! of message threads (long-tailed sizes) and incompressible media, a Google Takeout dominated by
//! location history and My Activity JSON, and a plain chat text. Every person, address, e-mail
//! and phone number is invented (e-mails on example.org, phones from the French fiction range
//! 01 99 00); the same seed gives the same bytes.
//!
//! Archives are written as they are generated (one record at a time into the zip writer), so a
//! 2 GB export never sits in memory. Each generator returns a [`Summary`] of what it wrote: the
//! record counts exposure's report must show, and which members hold text and which media.
//! It never reads anything but its own seed.

pub mod measure;

use std::collections::BTreeMap;
use std::io::{self, Seek, Write};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// What a generator wrote.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Report counts of the dataset kinds written (`message`, `location_point`…): exposure must
    /// find exactly these. (Profile fields and planted contacts are not counted here: detectors
    /// decide those.)
    pub counts: BTreeMap<&'static str, u64>,
    /// Members holding text (JSON, HTML), in archive order.
    pub text_members: Vec<String>,
    /// Uncompressed bytes of those members.
    pub text_bytes: u64,
    /// Media members (stored, incompressible) and their bytes.
    pub media_files: u64,
    pub media_bytes: u64,
    /// Bytes of the archive (or text file) written.
    pub archive_bytes: u64,
    /// E-mail addresses planted in free text (each occurrence).
    pub planted_emails: u64,
    /// Sensitive disclosures planted in free text (each occurrence, one at most per message or
    /// line), by the sensitive category of the term each holds, as real chats hold some: the
    /// lexicon's work on text with terms is not the same as on text without.
    pub planted_disclosures: BTreeMap<&'static str, u64>,
}

impl Summary {
    fn add(&mut self, kind: &'static str, n: u64) {
        *self.counts.entry(kind).or_default() += n;
    }
}

/// SplitMix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
    /// One chance in `n`.
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

/// Counts the bytes that reach the file (compressed), so sizes are archive sizes.
struct Counting<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Seek> Seek for Counting<W> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// A zip being written, with the summary of what went in.
struct Archive<W: Write + Seek> {
    zip: zip::ZipWriter<Counting<W>>,
    summary: Summary,
    /// Uncompressed bytes of the member being written.
    member_bytes: u64,
    member_is_text: bool,
}

impl<W: Write + Seek> Archive<W> {
    fn new(out: W) -> Self {
        Archive {
            zip: zip::ZipWriter::new(Counting {
                inner: out,
                written: 0,
            }),
            summary: Summary::default(),
            member_bytes: 0,
            member_is_text: false,
        }
    }

    fn size(&self) -> u64 {
        self.zip.get_ref().map_or(0, |c| c.written)
    }

    fn close_member(&mut self) {
        if self.member_is_text {
            self.summary.text_bytes += self.member_bytes;
        } else {
            self.summary.media_bytes += self.member_bytes;
        }
        self.member_bytes = 0;
    }

    fn start_text(&mut self, name: &str) -> io::Result<()> {
        self.close_member();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(true);
        self.zip.start_file(name, options)?;
        self.summary.text_members.push(name.to_string());
        self.member_is_text = true;
        Ok(())
    }

    fn media(&mut self, name: &str, bytes: u64, rng: &mut Rng) -> io::Result<()> {
        self.close_member();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .large_file(bytes > u32::MAX as u64 / 2);
        self.zip.start_file(name, options)?;
        self.member_is_text = false;
        self.summary.media_files += 1;
        // A JPEG start, then noise (incompressible, like a real photo).
        let mut block = [0u8; 8192];
        let mut left = bytes;
        let mut first = true;
        while left > 0 {
            for chunk in block.chunks_mut(8) {
                chunk.copy_from_slice(&rng.next().to_le_bytes());
            }
            if first {
                block[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
                first = false;
            }
            let n = left.min(block.len() as u64) as usize;
            self.put(&block[..n])?;
            left -= n as u64;
        }
        Ok(())
    }

    /// Write the text built so far into the member and empty it.
    fn flush(&mut self, text: &mut String) -> io::Result<()> {
        self.put(text.as_bytes())?;
        text.clear();
        Ok(())
    }

    /// [`Archive::flush`] once the text passes 1 MiB (records are built in a reused buffer).
    fn flush_if_full(&mut self, text: &mut String) -> io::Result<()> {
        if text.len() > 1 << 20 {
            self.flush(text)?;
        }
        Ok(())
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.member_bytes += bytes.len() as u64;
        self.zip.write_all(bytes)
    }

    fn finish(mut self) -> io::Result<Summary> {
        self.close_member();
        let counting = self.zip.finish()?;
        let mut summary = self.summary;
        summary.archive_bytes = counting.written;
        Ok(summary)
    }
}

/// `2024-03-01T12:00:00.000Z` for seconds since 1970 (civil calendar, proleptic Gregorian).
fn iso(seconds: i64, out: &mut String) {
    use std::fmt::Write as _;
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        (seconds.unsigned_abs() * 7) % 1000
    );
}

/// Meta's mojibake: UTF-8 bytes written as `\u00XX` escapes, one per byte.
fn meta_escape(text: &str, out: &mut String) {
    use std::fmt::Write as _;
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "\\u00{b:02x}");
                }
            }
        }
    }
}

const FIRST_NAMES: &[&str] = &[
    "Élodie", "Bastien", "Chloé", "Maël", "Inès", "Loïc", "Zoé", "Théo", "Léna", "Noé", "Ambre",
    "Sacha", "Jules", "Capucine", "Anaïs", "Gaspard", "Maëlle", "Raphaël", "Océane", "Timéo",
];
const LAST_NAMES: &[&str] = &[
    "Fictif",
    "Exemple",
    "Imaginaire",
    "Inventé",
    "Testard",
    "Modèle",
    "Prototype",
    "Fabulé",
    "Songé",
    "Illusoire",
    "Chimère",
    "Fantaisie",
];
const WORDS: &[&str] = &[
    "salut",
    "ça",
    "va",
    "on",
    "se",
    "voit",
    "demain",
    "à",
    "la",
    "gare",
    "café",
    "près",
    "du",
    "marché",
    "je",
    "t'envoie",
    "les",
    "photos",
    "super",
    "merci",
    "bises",
    "ce",
    "soir",
    "après",
    "le",
    "travail",
    "tu",
    "as",
    "vu",
    "film",
    "week-end",
    "prochain",
    "randonnée",
    "vélo",
    "pique-nique",
    "végétarien",
    "anniversaire",
    "de",
    "Léa",
    "rendez-vous",
    "chez",
    "médecin",
    "pharmacie",
    "concert",
    "samedi",
    "dimanche",
    "matin",
    "trop",
    "bien",
    "😊",
    "❤",
    "👍",
    "hâte",
    "vacances",
    "été",
    "plage",
    "montagne",
    "train",
    "billets",
    "réservé",
    "hôtel",
    "resto",
    "pizza",
    "crêpes",
    "appelle-moi",
    "quand",
    "tu",
    "peux",
    "ok",
    "d'accord",
    "parfait",
];
/// Invented disclosures, each holding one term of the sensitive lexicon, and its category.
const DISCLOSURES: &[(&str, &str)] = &[
    ("je suis enceinte", "health"),
    ("mon asthme revient", "health"),
    ("on se voit après la messe", "religion"),
    ("réunion du syndicat jeudi", "trade_union"),
    ("I have asthma", "health"),
    ("ma dépression va mieux", "health"),
];
const SEARCH_WORDS: &[&str] = &[
    "train", "times", "weather", "recipe", "vegan", "bakery", "near", "me", "cinema", "opening",
    "hours", "museum", "bike", "repair", "flights", "to", "lisbon", "running", "shoes", "review",
    "how", "cook", "lentils", "symptoms", "of", "flu", "best", "coffee", "in", "town", "jobs",
];
const SOURCES: &[&str] = &["WIFI", "GPS", "CELL", "WIFI", "WIFI", "GPS"];
const ACTIVITIES: &[&str] = &["STILL", "WALKING", "IN_VEHICLE", "ON_BICYCLE", "UNKNOWN"];

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// Free text of `words` words, sometimes with a planted e-mail, phone or link.
fn chat_text(rng: &mut Rng, words: u64, summary: &mut Summary, out: &mut String) {
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    if rng.one_in(400) {
        let n = rng.below(60);
        out.push_str(&format!(" écris-moi sur contact.fictif{n}@example.org"));
        summary.planted_emails += 1;
    }
    if rng.one_in(250) {
        let (disclosure, category) = rng.pick(DISCLOSURES);
        out.push(' ');
        out.push_str(disclosure);
        *summary.planted_disclosures.entry(category).or_default() += 1;
    }
    if rng.one_in(600) {
        out.push_str(&format!(
            " mon numéro 01 99 00 {:02} {:02}",
            rng.below(100),
            rng.below(100)
        ));
    }
    if rng.one_in(80) {
        out.push_str(&format!(
            " https://www.example.com/p/{}",
            rng.below(100_000)
        ));
    }
}

/// A long-tailed thread size: Pareto (scale 100, shape 1.1), capped.
fn thread_size(rng: &mut Rng) -> u64 {
    ((100.0 / rng.unit().powf(1.0 / 1.1)) as u64).clamp(1, 200_000)
}

/// Messages per `message_N.json`, as Meta splits long threads.
const MESSAGES_PER_FILE: u64 = 10_000;

/// A Facebook export (2024 layout) of about `target_bytes` zipped: message threads with
/// long-tailed sizes, and media making about 60 % of the archive.
pub fn facebook<W: Write + Seek>(out: W, target_bytes: u64, seed: u64) -> io::Result<Summary> {
    let mut rng = Rng(seed);
    let mut archive = Archive::new(out);
    let owner = "Camille Exemple";
    let mut text = String::with_capacity(1 << 20);

    archive.start_text("personal_information/profile_information/profile_information.json")?;
    text.push_str("{\"profile_v2\": {\"name\": {\"full_name\": \"");
    meta_escape(owner, &mut text);
    text.push_str("\"}, \"emails\": {\"emails\": [\"camille.exemple@example.org\"], \"previous_emails\": []}, \"birthday\": {\"year\": 1990, \"month\": 5, \"day\": 4}}}\n");
    archive.put(text.as_bytes())?;

    let mut thread_id = 10_216_000_000_000_000u64;
    let mut clock: i64 = 1_735_000_000; // newest message, seconds
    while archive.size() < target_bytes {
        thread_id += 1 + rng.below(1_000_000);
        let group = rng.one_in(10);
        let mut participants = vec![person(&mut rng)];
        if group {
            for _ in 0..2 + rng.below(6) {
                participants.push(person(&mut rng));
            }
        }
        let title = if group {
            format!("Groupe {}", rng.pick(WORDS))
        } else {
            participants[0].clone()
        };
        participants.push(owner.to_string());
        let slug: String = title
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let folder = format!("your_facebook_activity/messages/inbox/{slug}_{thread_id}");
        // One thread takes at most about a fifth of the room left (a deflated message is ~30
        // bytes), so small archives still hold several threads and their media.
        let room = target_bytes.saturating_sub(archive.size()) / 160 + 1;
        let total = thread_size(&mut rng).min(room);
        let files = total.div_ceil(MESSAGES_PER_FILE);
        let mut written = 0;
        for file in 1..=files {
            let in_file = (total - written).min(MESSAGES_PER_FILE);
            archive.start_text(&format!("{folder}/message_{file}.json"))?;
            text.clear();
            text.push_str("{\n  \"participants\": [");
            for (i, name) in participants.iter().enumerate() {
                text.push_str(if i == 0 {
                    "\n    {\"name\": \""
                } else {
                    ",\n    {\"name\": \""
                });
                meta_escape(name, &mut text);
                text.push_str("\"}");
            }
            text.push_str("\n  ],\n  \"messages\": [");
            for i in 0..in_file {
                clock -= 1 + rng.below(900) as i64;
                let sender = &participants[rng.below(participants.len() as u64) as usize];
                text.push_str(if i == 0 {
                    "\n    {\n      \"sender_name\": \""
                } else {
                    ",\n    {\n      \"sender_name\": \""
                });
                meta_escape(sender, &mut text);
                text.push_str(&format!(
                    "\",\n      \"timestamp_ms\": {}{:03},\n      \"content\": \"",
                    clock,
                    rng.below(1000)
                ));
                let mut content = String::new();
                let words = 2 + rng.below(20);
                chat_text(&mut rng, words, &mut archive.summary, &mut content);
                meta_escape(&content, &mut text);
                text.push('"');
                if rng.one_in(40) {
                    text.push_str(&format!(
                        ",\n      \"photos\": [{{\"uri\": \"{folder}/photos/{}.jpg\", \"creation_timestamp\": {clock}}}]",
                        rng.next() % 1_000_000_000
                    ));
                }
                if rng.one_in(8) {
                    text.push_str(",\n      \"reactions\": [{\"reaction\": \"\\u00e2\\u009d\\u00a4\", \"actor\": \"");
                    meta_escape(owner, &mut text);
                    text.push_str("\"}]");
                }
                text.push_str(",\n      \"is_geoblocked_for_viewer\": false\n    }");
                archive.flush_if_full(&mut text)?;
            }
            text.push_str("\n  ],\n  \"title\": \"");
            meta_escape(&title, &mut text);
            text.push_str(&format!(
                "\",\n  \"is_still_participant\": true,\n  \"thread_path\": \"inbox/{slug}_{thread_id}\",\n  \"magic_words\": []\n}}\n"
            ));
            archive.put(text.as_bytes())?;
            written += in_file;
        }
        archive.summary.add("message", total);
        archive.summary.add("message_thread", 1);
        // Media until it is about 60 % of what has been written.
        while archive.summary.media_bytes * 10 < archive.size() * 6 {
            let bytes = 40_000 + rng.below((target_bytes / 100).clamp(1, 3_000_000));
            let name = format!("{folder}/photos/{}.jpg", rng.next() % 1_000_000_000);
            archive.media(&name, bytes, &mut rng)?;
        }
    }
    archive.finish()
}

/// Options of a generated Takeout.
#[derive(Debug, Clone, Copy)]
pub struct TakeoutShape {
    /// Shares of the target size taken by `Records.json` and by Semantic Location History (the
    /// rest is My Activity JSON).
    pub records_share: f64,
    pub semantic_share: f64,
    /// Cells of an HTML My Activity page (YouTube Music), 0 for none.
    pub html_cells: u64,
}

impl Default for TakeoutShape {
    fn default() -> Self {
        TakeoutShape {
            records_share: 0.7,
            semantic_share: 0.1,
            html_cells: 0,
        }
    }
}

impl TakeoutShape {
    /// The Takeout set beside google_takeout_parser: location points and My Activity only (what
    /// that parser reads), with a large HTML page.
    pub const PARSER_COMPARISON: TakeoutShape = TakeoutShape {
        records_share: 0.8,
        semantic_share: 0.0,
        html_cells: 150_000,
    };
}

/// A Google Takeout (English folder names) of about `target_bytes` zipped: `Records.json`,
/// Semantic Location History month files, and My Activity JSON for Search, YouTube and Chrome.
pub fn takeout<W: Write + Seek>(
    out: W,
    target_bytes: u64,
    shape: TakeoutShape,
    seed: u64,
) -> io::Result<Summary> {
    let mut rng = Rng(seed);
    let mut archive = Archive::new(out);
    let mut text = String::with_capacity(1 << 20);

    archive.start_text("Takeout/archive_browser.html")?;
    archive.put(b"<html><body><h1>Archive for sam.exemple@example.org</h1></body></html>\n")?;
    archive.start_text("Takeout/Profile/Profile.json")?;
    archive.put(b"{\"name\": {\"givenName\": \"Sam\", \"familyName\": \"Exemple\", \"formattedName\": \"Sam Exemple\"}, \"displayName\": \"Sam Exemple\", \"emails\": [{\"value\": \"sam.exemple@example.org\"}]}\n")?;

    // Records.json: one position per element, a walk around an invented track.
    let records_target = (target_bytes as f64 * shape.records_share) as u64;
    archive.start_text("Takeout/Location History (Timeline)/Records.json")?;
    text.push_str("{\n  \"locations\": [");
    let (mut lat, mut lon) = (483_000_000i64, 23_000_000i64);
    let mut time: i64 = 1_500_000_000;
    let mut n = 0u64;
    while archive.size() < records_target {
        lat += rng.below(2001) as i64 - 1000;
        lon += rng.below(2001) as i64 - 1000;
        time += 30 + rng.below(300) as i64;
        text.push_str(if n == 0 { "\n    {\n" } else { ",\n    {\n" });
        text.push_str(&format!(
            "      \"latitudeE7\": {lat},\n      \"longitudeE7\": {lon},\n      \"accuracy\": {},\n",
            5 + rng.below(60)
        ));
        if rng.one_in(3) {
            text.push_str(&format!(
                "      \"altitude\": {},\n      \"verticalAccuracy\": {},\n",
                30 + rng.below(300),
                2 + rng.below(20)
            ));
        }
        if rng.one_in(4) {
            text.push_str(
                "      \"activity\": [{\n        \"activity\": [{\n          \"type\": \"",
            );
            text.push_str(rng.pick(ACTIVITIES));
            text.push_str(&format!(
                "\",\n          \"confidence\": {}\n        }}],\n        \"timestamp\": \"",
                rng.below(101)
            ));
            iso(time, &mut text);
            text.push_str("\"\n      }],\n");
        }
        text.push_str("      \"source\": \"");
        text.push_str(rng.pick(SOURCES));
        text.push_str(
            "\",\n      \"deviceTag\": 1283746501,\n      \"platformType\": \"ANDROID\",\n",
        );
        if n % 10 == 9 {
            text.push_str(&format!("      \"timestampMs\": \"{time}000\"\n    }}"));
        } else {
            text.push_str("      \"timestamp\": \"");
            iso(time, &mut text);
            text.push_str("\"\n    }");
        }
        n += 1;
        archive.flush_if_full(&mut text)?;
    }
    text.push_str("\n  ]\n}\n");
    archive.flush(&mut text)?;
    archive.summary.add("location_point", n);

    // Semantic Location History: a month file at a time.
    let semantic_target = archive.size() + (target_bytes as f64 * shape.semantic_share) as u64;
    let mut month = 0u32;
    while archive.size() < semantic_target {
        let (year, m) = (2016 + month / 12, month % 12);
        const MONTHS: [&str; 12] = [
            "JANUARY",
            "FEBRUARY",
            "MARCH",
            "APRIL",
            "MAY",
            "JUNE",
            "JULY",
            "AUGUST",
            "SEPTEMBER",
            "OCTOBER",
            "NOVEMBER",
            "DECEMBER",
        ];
        archive.start_text(&format!(
            "Takeout/Location History (Timeline)/Semantic Location History/{year}/{year}_{}.json",
            MONTHS[m as usize]
        ))?;
        text.push_str("{\n  \"timelineObjects\": [");
        for i in 0..400 {
            time += 600 + rng.below(7200) as i64;
            text.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
            if i % 2 == 0 {
                let home = rng.one_in(5);
                text.push_str(&format!(
                    "\n      \"placeVisit\": {{\n        \"location\": {{\n          \"latitudeE7\": {lat},\n          \"longitudeE7\": {lon},\n          \"placeId\": \"ChIJGenerated{}\",\n          \"address\": \"{} rue Imaginaire, 69000 Lyon, France\",\n",
                    rng.below(1_000_000),
                    1 + rng.below(200)
                ));
                if home {
                    text.push_str("          \"semanticType\": \"TYPE_HOME\",\n");
                }
                text.push_str("          \"locationConfidence\": 91.5\n        },\n        \"duration\": {\n          \"startTimestamp\": \"");
                iso(time, &mut text);
                text.push_str("\",\n          \"endTimestamp\": \"");
                iso(time + 1800, &mut text);
                text.push_str("\"\n        },\n        \"placeConfidence\": \"HIGH_CONFIDENCE\",\n        \"visitConfidence\": 93\n      }\n    }");
                archive.summary.add("location_point", 1);
            } else {
                let points = rng.below(6);
                text.push_str(&format!(
                    "\n      \"activitySegment\": {{\n        \"startLocation\": {{\"latitudeE7\": {lat}, \"longitudeE7\": {lon}}},\n        \"endLocation\": {{\"latitudeE7\": {}, \"longitudeE7\": {}}},\n        \"duration\": {{\"startTimestamp\": \"",
                    lat + 5000,
                    lon - 5000
                ));
                iso(time, &mut text);
                text.push_str(&format!(
                    "\", \"endTimestamp\": \"\"}},\n        \"distance\": {},\n        \"activityType\": \"{}\",\n        \"simplifiedRawPath\": {{\"points\": [",
                    rng.below(20_000),
                    rng.pick(ACTIVITIES)
                ));
                for p in 0..points {
                    if p > 0 {
                        text.push_str(", ");
                    }
                    text.push_str(&format!(
                        "{{\"latE7\": {}, \"lngE7\": {}, \"accuracyMeters\": 10, \"timestamp\": \"",
                        lat + p as i64 * 700,
                        lon + p as i64 * 300
                    ));
                    iso(time + p as i64 * 60, &mut text);
                    text.push_str("\"}");
                }
                text.push_str("]}\n      }\n    }");
                archive.summary.add("location_point", points);
            }
        }
        text.push_str("\n  ]\n}\n");
        archive.flush(&mut text)?;
        month += 1;
    }

    // My Activity JSON: searches, watches, visits.
    let products: [(&str, &str, &str, &'static str); 3] = [
        (
            "Search",
            "Searched for",
            "https://www.google.com/search?q\\u003d",
            "search_query",
        ),
        (
            "YouTube",
            "Watched",
            "https://www.youtube.com/watch?v\\u003d",
            "watch_event",
        ),
        (
            "Chrome",
            "Visited",
            "https://www.example.com/page?id\\u003d",
            "visited_page",
        ),
    ];
    let activity_start = archive.size();
    let activity_target = target_bytes.saturating_sub(activity_start);
    for (index, (product, verb, url, kind)) in products.iter().enumerate() {
        let until = activity_start + activity_target * (index as u64 + 1) / 3;
        archive.start_text(&format!("Takeout/My Activity/{product}/MyActivity.json"))?;
        text.push('[');
        let mut count = 0u64;
        // At least one record per product, then until its share is written.
        while count == 0 || archive.size() < until {
            time -= 20 + rng.below(4000) as i64;
            let mut words = String::new();
            for w in 0..1 + rng.below(5) {
                if w > 0 {
                    words.push(' ');
                }
                words.push_str(rng.pick(SEARCH_WORDS));
            }
            text.push_str(if count == 0 { "\n  {" } else { ",\n  {" });
            text.push_str(&format!(
                "\n    \"header\": \"{product}\",\n    \"title\": \"{verb} {words}\",\n    \"titleUrl\": \"{url}{}\",\n    \"time\": \"",
                words.replace(' ', "+")
            ));
            iso(time, &mut text);
            text.push_str(&format!(
                "\",\n    \"products\": [\"{product}\"],\n    \"activityControls\": [\"Web \\u0026 App Activity\"]\n  }}"
            ));
            count += 1;
            archive.flush_if_full(&mut text)?;
        }
        text.push_str("\n]\n");
        archive.flush(&mut text)?;
        archive.summary.add(kind, count);
    }

    if shape.html_cells > 0 {
        archive.start_text("Takeout/My Activity/YouTube Music/MyActivity.html")?;
        archive.put(b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>My Activity</title></head><body><div class=\"mdl-grid\">")?;
        for n in 0..shape.html_cells {
            text.push_str(&format!(
                "<div class=\"outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp\"><div class=\"mdl-grid\"><div class=\"header-cell mdl-cell mdl-cell--12-col\"><p class=\"mdl-typography--title\">YouTube<br></p></div><div class=\"content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1\">Watched&nbsp;<a href=\"https://www.youtube.com/watch?v=v{n}\">Video number {n}</a><br><a href=\"https://www.youtube.com/channel/c{n}\">Channel {n}</a><br>Mar 1, 2024, 1:00:00\u{202f}PM UTC</div><div class=\"content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 mdl-typography--text-right\"></div><div class=\"content-cell mdl-cell mdl-cell--12-col mdl-typography--caption\"><b>Products:</b><br>&emsp;YouTube<br><b>Why is this here?</b><br>&emsp;This activity was saved to your Google Account because the following settings were on:&nbsp;YouTube watch history.</div></div></div>\n"
            ));
            archive.flush_if_full(&mut text)?;
        }
        text.push_str("</div></body></html>\n");
        archive.flush(&mut text)?;
        archive.summary.add("watch_event", shape.html_cells);
    }
    archive.finish()
}

/// A plain chat text (one `date, time - Name: message` line each) of about `target_bytes`.
pub fn chat_log<W: Write>(mut out: W, target_bytes: u64, seed: u64) -> io::Result<Summary> {
    let mut rng = Rng(seed);
    let mut summary = Summary::default();
    let mut text = String::with_capacity(1 << 20);
    let mut written = 0u64;
    let mut time: i64 = 1_600_000_000;
    let mut stamp = String::new();
    while written < target_bytes {
        time += 1 + rng.below(600) as i64;
        stamp.clear();
        iso(time, &mut stamp);
        // 2024-03-01T12:00 -> 01/03/2024, 12:00
        text.push_str(&format!(
            "{}/{}/{}, {} - {}: ",
            &stamp[8..10],
            &stamp[5..7],
            &stamp[0..4],
            &stamp[11..16],
            person(&mut rng)
        ));
        let words = 2 + rng.below(20);
        chat_text(&mut rng, words, &mut summary, &mut text);
        text.push('\n');
        if text.len() > 1 << 20 {
            out.write_all(text.as_bytes())?;
            written += text.len() as u64;
            text.clear();
        }
    }
    out.write_all(text.as_bytes())?;
    written += text.len() as u64;
    summary.text_bytes = written;
    summary.archive_bytes = written;
    out.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        let mut s = String::new();
        iso(0, &mut s);
        assert_eq!(&s[..19], "1970-01-01T00:00:00");
        s.clear();
        iso(1_709_294_400, &mut s);
        assert_eq!(&s[..19], "2024-03-01T12:00:00");
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let make = |seed| {
            let mut out = io::Cursor::new(Vec::new());
            facebook(&mut out, 300_000, seed).unwrap();
            out.into_inner()
        };
        assert_eq!(make(7), make(7));
        assert_ne!(make(7), make(8));
    }

    #[test]
    fn media_is_about_sixty_percent() {
        let mut out = io::Cursor::new(Vec::new());
        let summary = facebook(&mut out, 20_000_000, 1).unwrap();
        let share = summary.media_bytes as f64 / summary.archive_bytes as f64;
        assert!((0.5..0.7).contains(&share), "{share}");
        assert!(summary.counts["message"] > 1000);
    }
}
