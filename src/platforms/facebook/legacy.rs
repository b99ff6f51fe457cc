//! The HTML-only download of Facebook before 2018 (formats/meta.md §5.1 H0): every conversation
//! on one page, `html/messages.htm` — `div.thread` (participants as its text), then per message a
//! `div.message` (`span.user` sender, `span.meta` date such as `Wednesday, November 12, 2008 at
//! 8:53pm UTC+01`) followed by a `<p>` holding the text. No parser prints a value.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use scraper::{ElementRef, Selector};

use super::ParserSpec;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::RecordSink;
use crate::platforms::meta::html::date_seconds_in;
use crate::platforms::meta::messages::{ConversationLog, LoggedMessage};
use crate::platforms::{FileParser, Outcome};

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

static THREAD: LazyLock<Selector> = LazyLock::new(|| selector("div.thread"));
static USER: LazyLock<Selector> = LazyLock::new(|| selector("span.user"));
static META: LazyLock<Selector> = LazyLock::new(|| selector("span.meta"));

fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Default)]
pub(super) struct LegacyMessagesHtml {
    log: ConversationLog,
}

impl FileParser for LegacyMessagesHtml {
    fn rule(&self) -> &'static str {
        ParserSpec::LegacyMessagesHtml.rule()
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Html(doc) = item else {
            return Ok(());
        };
        for (t, thread) in doc.select(&THREAD).enumerate() {
            // The thread's own text, before its first message, lists the participants.
            let own: String = thread
                .children()
                .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                .collect();
            let participants: BTreeSet<String> = own
                .split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            let mut messages = Vec::new();
            let children: Vec<ElementRef> =
                thread.children().filter_map(ElementRef::wrap).collect();
            for (i, element) in children.iter().enumerate() {
                if !element.value().classes().any(|c| c == "message") {
                    continue;
                }
                let text = children
                    .get(i + 1)
                    .filter(|next| next.value().name() == "p")
                    .map(|p| text_of(*p))
                    .filter(|t| !t.is_empty());
                messages.push(LoggedMessage {
                    sender: element.select(&USER).next().map(text_of),
                    time: element
                        .select(&META)
                        .next()
                        .and_then(|m| date_seconds_in(&text_of(m), sink.timezone())),
                    text,
                    pointer: format!("/thread/{t}/message/{i}"),
                });
            }
            let key = format!("{}#thread{t}", sink.file());
            self.log
                .conversation(sink, &key, participants, messages.into_iter());
        }
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
    use crate::classify::collect::FileSink;
    use crate::model::{Kind, Platform, Provenance};

    #[test]
    fn every_conversation_of_the_single_page_is_counted() {
        let page = r#"<html><body><div class="contents"><h1>Ava Tester</h1>
            <div class="thread">Ava Tester, Ben Sample
              <div class="message"><div class="message_header"><span class="user">Ben Sample</span>
                <span class="meta">Wednesday, November 12, 2008 at 8:53pm UTC+01</span></div></div>
              <p>write to ben.sample@example.com</p>
              <div class="message"><div class="message_header"><span class="user">Ava Tester</span>
                <span class="meta">Wednesday, November 12, 2008 at 8:55pm UTC+01</span></div></div>
              <p>ok</p></div>
            <div class="thread">Ava Tester, Cara Placeholder
              <div class="message"><div class="message_header"><span class="user">Ava Tester</span>
                <span class="meta">Friday, January 2, 2009 at 9:00am UTC+01</span></div></div>
              <p>hello</p></div></div></body></html>"#;
        let doc = scraper::Html::parse_document(page);
        let mut sink = FileSink::new(Platform("facebook"), "html/messages.htm", None, "t");
        let mut parser: Box<dyn FileParser> = Box::new(LegacyMessagesHtml::default());
        parser.item(&mut sink, Item::Html(&doc)).unwrap();
        parser.finish(&mut sink);
        let agg = sink.aggregate;
        let messages = &agg.datasets[&(Platform("facebook"), Kind::Message)].dataset;
        assert_eq!(messages.count, 3);
        assert_eq!(messages.by_provenance[&Provenance::Volunteered], 2);
        assert_eq!(
            messages.first_seen,
            Some(1226519580),
            "20:53 at UTC+01 is 19:53 UTC"
        );
        assert_eq!(agg.record_counts()[&Kind::MessageThread], 2);
        let email = agg
            .findings
            .values()
            .find(|f| f.kind == Kind::Email)
            .unwrap();
        assert_eq!(email.provenance, Provenance::Received);
    }
}
