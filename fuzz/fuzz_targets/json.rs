//! The streaming JSON decoder with each selection, mojibake repair on and off, raw values or
//! built, read whole in memory and as a stream (both must deliver the same); the end of a
//! container found 64 bytes at a time, checked against reading it byte by byte; the repair of a
//! value's raw bytes, checked against repairing the value after parsing it; and the one-pass
//! member reader, checked against serde_json (what it reads is valid JSON, its strings are
//! serde_json's, repaired when asked).
#![no_main]

use exposure::decode::json::{self, JsonOptions, Select};
use exposure::decode::members::{self, Member};
use exposure::decode::{self, Decoder, mojibake};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let select = match choice % 4 {
        0 => Select::Default,
        1 => Select::Leaves,
        2 => Select::Records,
        _ => Select::path("/messages/*"),
    };
    let decoder = Decoder::Json {
        select: select.clone(),
        js_prefix: false,
    };
    let _ = decode::feed(
        &mut &rest[..],
        &decoder,
        choice & 0x80 != 0,
        &mut |_| Ok(()),
    );
    let options = JsonOptions {
        select,
        repair: choice & 0x80 != 0,
        js_prefix: choice & 0x40 != 0,
        raw: choice & 0x20 != 0,
    };
    assert!(json::whole_reads_as_streamed(rest, &options));

    if matches!(rest.first(), Some(b'{' | b'[')) {
        let cut = usize::from(choice) % (rest.len() + 1);
        assert!(decode::walk_agrees_with_bytes(rest, cut));
    }

    let mut scratch = Vec::new();
    let repaired = mojibake::repair_raw(rest, &mut scratch);
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(rest) {
        mojibake::repair_value(&mut value);
        let repaired = repaired.expect("a valid value's literals are well formed");
        let read: serde_json::Value =
            serde_json::from_slice(repaired).expect("a repaired valid value is valid");
        assert_eq!(read, value);
    }

    let Some(text) = members::utf8(rest) else {
        return;
    };
    for repair in [false, true] {
        let mut buffer = Vec::new();
        let mut read = Vec::new();
        let whole = members::read_object(text, repair, &mut buffer, Some, |key, value| {
            read.push((key, value));
            Some(())
        });
        if whole.is_none() {
            continue;
        }
        let mut value: serde_json::Value =
            serde_json::from_slice(rest).expect("what the member reader reads is valid JSON");
        if repair {
            mojibake::repair_value(&mut value);
        }
        let decoded = members::utf8(&buffer).expect("decoded strings are UTF-8");
        for (n, (key, member)) in read.iter().enumerate() {
            // serde_json keeps the last value of a key written twice.
            let last = read[n + 1..].iter().all(|(later, _)| later != key);
            if let (true, Member::Text(text)) = (last, member) {
                let text = text.get(decoded).expect("a decoded string is UTF-8 by itself");
                assert_eq!(Some(text), value[*key].as_str(), "a string read otherwise");
            }
            if let (true, Member::Array(array)) = (last, member) {
                check_array(array, repair, &value[*key]);
            }
        }
    }
});

/// An array the member reader passed over: its elements and its strings read as serde_json
/// reads them (`value`, repaired when `repair`).
fn check_array(array: &str, repair: bool, value: &serde_json::Value) {
    let items = value.as_array().expect("an array read as an array");
    let mut n = 0;
    members::elements(array, |element| {
        let mut item: serde_json::Value =
            serde_json::from_str(element).expect("an element read is valid JSON");
        if repair {
            mojibake::repair_value(&mut item);
        }
        assert_eq!(Some(&item), items.get(n), "an element read otherwise");
        n += 1;
        Some(())
    })
    .expect("a checked array reads element by element");
    assert_eq!(n, items.len(), "elements lost");
    let mut buffer = Vec::new();
    let mut texts = Vec::new();
    if members::for_each_text(array, repair, &mut buffer, |text| texts.push(text.to_string()))
        .is_some()
    {
        let expected: Vec<&str> = items.iter().map(|item| item.as_str().expect("a string")).collect();
        assert_eq!(texts, expected, "strings read otherwise");
    }
}
