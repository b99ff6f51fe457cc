//! `exposure-generator KIND MEGABYTES OUTPUT [SEED]`: writes a large synthetic export (KIND is
//! `facebook`, `takeout`, `takeout-comparison` — the shape set beside google_takeout_parser — or
//! `chat`) and prints what it wrote. See the library for what is in it.

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;

use exposure_generator::TakeoutShape;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(kind), Some(megabytes), Some(output)) = (
        args.first(),
        args.get(1).and_then(|m| m.parse::<u64>().ok()),
        args.get(2),
    ) else {
        eprintln!(
            "usage: exposure-generator facebook|takeout|takeout-comparison|chat MEGABYTES OUTPUT [SEED]"
        );
        return ExitCode::from(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let bytes = megabytes << 20;
    let file = match File::create(output) {
        Ok(file) => BufWriter::with_capacity(1 << 20, file),
        Err(err) => {
            eprintln!("cannot create {output}: {err}");
            return ExitCode::from(2);
        }
    };
    let summary = match kind.as_str() {
        "facebook" => exposure_generator::facebook(file, bytes, seed),
        "takeout" => exposure_generator::takeout(file, bytes, Default::default(), seed),
        "takeout-comparison" => {
            exposure_generator::takeout(file, bytes, TakeoutShape::PARSER_COMPARISON, seed)
        }
        "chat" => exposure_generator::chat_log(file, bytes, seed),
        _ => {
            eprintln!("unknown kind {kind}: facebook, takeout, takeout-comparison or chat");
            return ExitCode::from(2);
        }
    };
    match summary {
        Ok(summary) => {
            println!(
                "{output}: {} MB written, {} MB of text in {} members, {} media files ({} MB)",
                summary.archive_bytes >> 20,
                summary.text_bytes >> 20,
                summary.text_members.len(),
                summary.media_files,
                summary.media_bytes >> 20
            );
            for (kind, count) in &summary.counts {
                println!("  {kind}: {count}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("writing {output} failed: {err}");
            ExitCode::FAILURE
        }
    }
}
