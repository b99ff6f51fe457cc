//! One large file read on several cores: this thread inflates the file and splits it into
//! values — JSON values taken whole, or the blocks of an HTML page of repeated blocks — (the cheap
//! part), and worker threads parse and classify batches of them, each with its own copy of the
//! parser and its own sink, merged into the file's sink at the end (merging is
//! order-independent, so the result is the one a single thread gives).
//!
//! Only parsers that keep no state between values offer copies ([`FileParser::fork`]): the
//! `Records.json` of a Takeout, gigabytes of positions in one file, or a My Activity page of
//! hundreds of MB. The workers are plain threads,
//! not the audit's thread pool, so a worker waiting for a batch never holds a pool thread another
//! file needs. A worker that fails or panics keeps draining the queue, so the reader never waits
//! forever; the first error is returned, a panic is resumed once all threads have stopped.
//!
//! Like every stage, it never prints or logs a value.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::classify::collect::FileSink;
use crate::decode::{self, Decoder, Item, RawJson, Stats, members};
use crate::error::AuditError;
use crate::model::MemberRead;
use crate::platforms::FileParser;

/// Bytes per batch handed to a worker.
const BATCH_BYTES: usize = 1 << 20;

/// Values of one file, copied out of the reader's buffer, and their pointers (one buffer each:
/// no allocation per value).
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    pointers: String,
    values: Vec<BatchValue>,
}

/// Where a value and its pointer are in their batch, and what it is.
struct BatchValue {
    bytes: std::ops::Range<usize>,
    pointer: std::ops::Range<usize>,
    form: Form,
}

/// A JSON value (and whether Meta's mojibake may be in it), or an HTML block and its place.
#[derive(Clone, Copy)]
enum Form {
    Json { repair: bool },
    HtmlBlock { index: u64 },
}

impl Batch {
    fn push(&mut self, bytes: &[u8], pointer: &str, form: Form) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(bytes);
        let pointer_start = self.pointers.len();
        self.pointers.push_str(pointer);
        self.values.push(BatchValue {
            bytes: start..self.bytes.len(),
            pointer: pointer_start..self.pointers.len(),
            form,
        });
    }

    fn full(&self) -> bool {
        self.bytes.len() >= BATCH_BYTES
    }

    /// An empty batch: a spent one handed back by a worker (its buffers already grown), else a
    /// new one.
    fn reuse(spent: &Receiver<Batch>) -> Batch {
        spent.try_recv().unwrap_or_default()
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.pointers.clear();
        self.values.clear();
    }
}

/// What a worker hands back: its sink, its first error, a panic it caught.
type WorkerResult<'a> = (
    FileSink<'a>,
    Option<AuditError>,
    Option<Box<dyn std::any::Any + Send>>,
);

/// Feed `reader` to `parser` with `workers` threads parsing the values taken whole (JSON) or the
/// blocks (an HTML page of blocks). `None` when the parser cannot be copied or the decoder gives
/// nothing to share out (the caller reads the file on one thread).
pub fn feed_in_parallel(
    reader: &mut dyn MemberRead,
    decoder: &Decoder,
    repair: bool,
    parser: &mut dyn FileParser,
    sink: &mut FileSink<'_>,
    workers: usize,
) -> Option<Result<Stats, AuditError>> {
    // JSON values are shared out only to parsers that take them as bytes.
    let shares_out = match decoder {
        Decoder::Json { .. } => parser.raw_json(),
        Decoder::HtmlBlocks { .. } => true,
        _ => false,
    };
    if !shares_out {
        return None;
    }
    let forks: Vec<Box<dyn FileParser + Send>> =
        (0..workers).map(|_| parser.fork()).collect::<Option<_>>()?;
    let (sender, receiver) = sync_channel::<Batch>(workers * 2);
    let receiver = Mutex::new(receiver);
    // Spent batches go back to the reader, so their buffers are not grown again for each batch.
    let (give_back, spent) = sync_channel::<Batch>(workers * 2 + 2);
    let base = sink.fork();
    let outcome = std::thread::scope(|scope| {
        let handles: Vec<_> = forks
            .into_iter()
            .map(|fork| {
                let mut worker_sink = base.fork();
                let receiver = &receiver;
                let give_back = give_back.clone();
                scope.spawn(move || {
                    work(fork, &mut worker_sink, receiver, &give_back).with_sink(worker_sink)
                })
            })
            .collect();
        let mut batch = Batch::reuse(&spent);
        let send_when_full = |batch: &mut Batch| {
            if batch.full() {
                let full = std::mem::replace(batch, Batch::reuse(&spent));
                // Workers never stop receiving while the sender lives.
                let _ = sender.send(full);
            }
        };
        let mut stats = match decoder {
            Decoder::HtmlBlocks { class } => {
                decode::html::block_bytes(reader, class, &mut |index, bytes| {
                    batch.push(bytes, "", Form::HtmlBlock { index });
                    send_when_full(&mut batch);
                    Ok(())
                })
            }
            _ => decode::feed_as(reader, decoder, repair, true, &mut |item| match item {
                Item::JsonRaw {
                    pointer,
                    raw,
                    repair,
                } => {
                    batch.push(raw.bytes, pointer, Form::Json { repair });
                    send_when_full(&mut batch);
                    Ok(())
                }
                other => parser.item(sink, other),
            }),
        };
        if !batch.values.is_empty() {
            let _ = sender.send(batch);
        }
        drop(sender);
        let mut panic = None;
        for handle in handles {
            match handle.join() {
                Ok((worker_sink, error, caught)) => {
                    sink.absorb(worker_sink);
                    if let (Some(err), Ok(_)) = (error, &stats) {
                        stats = Err(err);
                    }
                    panic = panic.or(caught);
                }
                Err(payload) => panic = panic.or(Some(payload)),
            }
        }
        if let Some(payload) = panic {
            resume_unwind(payload);
        }
        stats
    });
    Some(outcome)
}

/// A worker's first error and caught panic.
struct Worked(Option<AuditError>, Option<Box<dyn std::any::Any + Send>>);

impl Worked {
    fn with_sink(self, sink: FileSink<'_>) -> WorkerResult<'_> {
        (sink, self.0, self.1)
    }
}

fn work(
    mut parser: Box<dyn FileParser + Send>,
    sink: &mut FileSink<'_>,
    receiver: &Mutex<Receiver<Batch>>,
    give_back: &SyncSender<Batch>,
) -> Worked {
    let mut error = None;
    let mut caught = None;
    loop {
        let next = receiver
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .recv();
        let Ok(mut batch) = next else {
            return Worked(error, caught);
        };
        if error.is_some() || caught.is_some() {
            continue; // drain, so the reader is never stuck
        }
        let run = catch_unwind(AssertUnwindSafe(|| {
            // JSON values are checked UTF-8 all together, in one pass, not one by one.
            let holds_json =
                matches!(batch.values.first(), Some(v) if matches!(v.form, Form::Json { .. }));
            let text = holds_json.then(|| members::utf8(&batch.bytes)).flatten();
            for value in &batch.values {
                let bytes = &batch.bytes[value.bytes.clone()];
                match value.form {
                    Form::Json { repair } => parser.item(
                        sink,
                        Item::JsonRaw {
                            pointer: &batch.pointers[value.pointer.clone()],
                            raw: text
                                .and_then(|text| text.get(value.bytes.clone()))
                                .map_or(RawJson::new(bytes), RawJson::checked),
                            repair,
                        },
                    )?,
                    Form::HtmlBlock { index } => {
                        let doc = decode::html::parse_block(bytes);
                        parser.item(sink, Item::HtmlBlock { index, doc: &doc })?
                    }
                }
            }
            Ok::<(), AuditError>(())
        }));
        match run {
            Ok(Ok(())) => {}
            Ok(Err(err)) => error = Some(err),
            Err(payload) => caught = Some(payload),
        }
        // Never waits: when the reader has spares enough, this one is dropped; so is one grown
        // by a huge value (kept, it would hold that memory for the rest of the file).
        if batch.bytes.capacity() <= 2 * BATCH_BYTES && batch.pointers.capacity() <= BATCH_BYTES {
            batch.clear();
            let _ = give_back.try_send(batch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Select;
    use crate::model::{Kind, Platform, Provenance, RecordSink};
    use crate::platforms::Outcome;

    /// Counts each value; errors on `"bad"`, panics on `"boom"`.
    struct Counter;

    impl FileParser for Counter {
        fn rule(&self) -> &'static str {
            "test.counter"
        }
        fn raw_json(&self) -> bool {
            true
        }
        fn fork(&self) -> Option<Box<dyn FileParser + Send>> {
            Some(Box::new(Counter))
        }
        fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
            if let Item::JsonRaw { pointer, raw, .. } = item {
                let bytes = raw.bytes;
                match bytes {
                    b"\"bad\"" => return Err(AuditError::UnexpectedShape),
                    b"\"boom\"" => panic!("a parser bug"),
                    _ => {}
                }
                // Read as text: a worker slices it out of its batch, checked once.
                let time = raw.text().and_then(|t| t.parse().ok());
                sink.count(Kind::LocationPoint, Provenance::Observed, pointer, time);
            }
            if let Item::HtmlBlock { index, doc } = item {
                let text: String = doc.root_element().text().collect();
                if text.contains("boom") {
                    panic!("a parser bug");
                }
                // The block's place is its time; its text must be its own.
                if text.trim() == format!("cell {index}") {
                    let time = Some(index as i64);
                    sink.count(Kind::LocationPoint, Provenance::Observed, "/", time);
                }
            }
            Ok(())
        }
        fn finish(self: Box<Self>, _: &mut dyn RecordSink) -> Outcome {
            Outcome::Parsed
        }
    }

    fn run(json: &str, workers: usize) -> (Option<Result<Stats, AuditError>>, FileSink<'static>) {
        let decoder = Decoder::Json {
            select: Select::path("/locations/*"),
            js_prefix: false,
        };
        let mut sink = FileSink::new(Platform("test"), "Records.json", None, "test.counter");
        let mut parser = Counter;
        let outcome = feed_in_parallel(
            &mut json.as_bytes(),
            &decoder,
            false,
            &mut parser,
            &mut sink,
            workers,
        );
        (outcome, sink)
    }

    fn locations(values: &[String]) -> String {
        format!("{{\"locations\": [{}], \"note\": \"x\"}}", values.join(","))
    }

    #[test]
    fn workers_count_what_one_thread_counts() {
        // About 3 MB of values: several batches.
        let values: Vec<String> = (0..300_000).map(|i| format!("{}", 1_000_000 + i)).collect();
        let json = locations(&values);
        let (one, one_sink) = run(&json, 1);
        let (three, three_sink) = run(&json, 3);
        assert_eq!(one.unwrap().unwrap(), three.unwrap().unwrap());
        // Every position, and the note beside the list (a value off the path, delivered whole).
        assert_eq!(one_sink.written, 300_001);
        assert_eq!(three_sink.written, 300_001);
        let points = |sink: &FileSink| {
            let d = &sink.aggregate.datasets[&(Platform("test"), Kind::LocationPoint)].dataset;
            (d.count, d.first_seen, d.last_seen)
        };
        assert_eq!(
            points(&three_sink),
            (300_001, Some(1_000_000), Some(1_299_999))
        );
        assert_eq!(points(&one_sink), points(&three_sink));
    }

    #[test]
    fn the_blocks_of_a_page_are_shared_out_with_their_places() {
        let blocks: String = (0..20_000)
            .map(|i| format!("<div class=\"cell x\">cell {i}</div>\n"))
            .collect();
        let page = format!("<html><body>{blocks}</body></html>");
        let decoder = Decoder::HtmlBlocks {
            class: "cell".into(),
        };
        let run = |workers: usize, page: &str| {
            let mut sink = FileSink::new(Platform("test"), "page.html", None, "test.counter");
            let outcome = feed_in_parallel(
                &mut page.as_bytes(),
                &decoder,
                false,
                &mut Counter,
                &mut sink,
                workers,
            );
            (outcome, sink)
        };
        for workers in [1, 3] {
            let (outcome, sink) = run(workers, &page);
            assert_eq!(outcome.unwrap().unwrap().items, 20_000);
            let d = &sink.aggregate.datasets[&(Platform("test"), Kind::LocationPoint)].dataset;
            assert_eq!(
                (d.count, d.first_seen, d.last_seen),
                (20_000, Some(0), Some(19_999))
            );
        }
        let broken = page.replace("cell 15000<", "boom<");
        let panicked = std::panic::catch_unwind(AssertUnwindSafe(|| run(2, &broken)));
        assert!(panicked.is_err(), "the worker's panic reaches the caller");
        // A page decoder with nothing to share out, or a parser that cannot be copied: `None`.
        let mut sink = FileSink::new(Platform("test"), "page.html", None, "test.counter");
        let whole = feed_in_parallel(
            &mut page.as_bytes(),
            &Decoder::Html,
            false,
            &mut Counter,
            &mut sink,
            2,
        );
        assert!(whole.is_none());
    }

    #[test]
    fn an_error_or_a_panic_in_a_worker_never_leaves_the_reader_waiting() {
        let mut values: Vec<String> = (0..200_000).map(|i| i.to_string()).collect();
        values[150_000] = "\"bad\"".into();
        let (outcome, _) = run(&locations(&values), 2);
        assert_eq!(outcome.unwrap().unwrap_err(), AuditError::UnexpectedShape);

        values[150_000] = "\"boom\"".into();
        let json = locations(&values);
        let panicked = std::panic::catch_unwind(AssertUnwindSafe(|| run(&json, 2)));
        assert!(panicked.is_err(), "the worker's panic reaches the caller");
    }

    #[test]
    fn malformed_json_stops_the_reader_and_the_workers() {
        let values: Vec<String> = (0..100_000).map(|i| i.to_string()).collect();
        let mut json = locations(&values);
        json.truncate(json.len() / 2);
        let (outcome, sink) = run(&json, 2);
        assert!(matches!(
            outcome.unwrap().unwrap_err(),
            AuditError::MalformedJson { .. }
        ));
        assert!(sink.written > 0, "what was read before the error is kept");
    }

    #[test]
    fn spent_batches_go_back_unless_a_huge_value_grew_them() {
        let (sender, receiver) = sync_channel::<Batch>(4);
        let (give_back, spent) = sync_channel::<Batch>(4);
        let mut small = Batch::default();
        small.push(b"1", "/0", Form::Json { repair: false });
        let mut grown = Batch::default();
        grown.push(
            &vec![b'1'; 3 * BATCH_BYTES],
            "/1",
            Form::Json { repair: false },
        );
        for batch in [small, grown] {
            sender.send(batch).unwrap();
        }
        drop(sender);
        let mut sink = FileSink::new(Platform("test"), "Records.json", None, "test.counter");
        let worked = work(
            Box::new(Counter),
            &mut sink,
            &Mutex::new(receiver),
            &give_back,
        );
        assert!(worked.0.is_none() && worked.1.is_none());
        assert_eq!(sink.written, 2, "both batches were read");
        let back: Vec<Batch> = spent.try_iter().collect();
        assert_eq!(back.len(), 1, "only the small batch is kept for reuse");
        assert!(back[0].values.is_empty() && back[0].bytes.is_empty());
        assert!(back[0].bytes.capacity() < BATCH_BYTES);
    }
}
