//! Making untrusted strings inert, per output: every string from an export (values, labels, file
//! and folder names) goes through one of these before a renderer writes it.
//! - [`inert`]: control characters (C0, C1 such as U+009B CSI and U+0085 NEL, DEL) and the
//!   bidirectional overrides that can reorder what a terminal shows become spaces;
//! - [`html`]: [`inert`], then `& < > " '` escaped;
//! - [`markdown`]: [`inert`], then the characters Markdown or an HTML viewer would act on escaped;
//! - [`csv_cell`]: [`inert`], then a cell that a spreadsheet would read as a formula
//!   (`= + - @`, tab, carriage return first) is prefixed with `'`.
//! - [`fit`]: cut a line to a display width, with an ellipsis.

/// Control characters and bidirectional overrides become spaces.
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| if is_unsafe(c) { ' ' } else { c })
        .collect()
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in inert(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown table cell or line: no markup, no HTML, no line break, no `|`.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in inert(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell a spreadsheet shows as text, never runs as a formula.
pub fn csv_cell(text: &str) -> String {
    let clean = inert(text);
    let raw_first = text.chars().next();
    let formula = matches!(raw_first, Some('=' | '+' | '-' | '@' | '\t' | '\r'))
        || matches!(clean.chars().next(), Some('=' | '+' | '-' | '@'));
    if formula { format!("'{clean}") } else { clean }
}

/// `text` wrapped at `width` characters between words; the first line keeps the spaces `text`
/// starts with, lines after it start with `indent` (a word longer than the width is cut).
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let text = &articles_whole(text);
    let indent_len = indent.chars().count();
    let width = width.max(indent_len + 10);
    let words = text.trim_start_matches(' ');
    let lead = text.len() - words.len();
    let mut out = " ".repeat(lead);
    // Characters on the current line, and whether a word is on it yet.
    let mut used = lead;
    let mut first_on_line = true;
    // No break at a no-break space (`42 %` in French).
    for word in words.split_ascii_whitespace() {
        if !first_on_line && used + 1 + word.chars().count() > width {
            out.push('\n');
            out.push_str(indent);
            used = indent_len;
            first_on_line = true;
        }
        if !first_on_line {
            out.push(' ');
            used += 1;
        }
        let word = fit(word, width.saturating_sub(used).max(1));
        used += word.chars().count();
        out.push_str(&word);
        first_on_line = false;
    }
    out
}

/// `line` cut to `width` characters, the last one an ellipsis when something was cut.
pub fn fit(line: &str, width: usize) -> String {
    if line.chars().count() <= width {
        return line.to_string();
    }
    let mut out: String = line.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// An article's number stays on the line of its word ("Art. 9", "art. 10"): a no-break space,
/// as typography wants it, so that a narrow column never ends with "(art." alone.
pub fn articles_whole(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("rt. ") {
        let (before, after) = rest.split_at(at + 3);
        let word_start = before.len().saturating_sub(4);
        let article = (before.ends_with("Art.") || before.ends_with("art."))
            && !before[..word_start].ends_with(char::is_alphanumeric);
        let number = after[1..].starts_with(|c: char| c.is_ascii_digit());
        out.push_str(before);
        out.push(if article && number { '\u{a0}' } else { ' ' });
        rest = &after[1..];
    }
    out.push_str(rest);
    out
}

/// French puts a space before `:`, `;`, `?`, `!` and `»` and after `«`: a no-break space, so
/// that no line of a wrapped report starts with a colon (the table is written with plain
/// spaces, for people to edit).
pub fn french_spaces(text: &str) -> String {
    let mut out = text.to_string();
    for (plain, kept) in [
        (" :", "\u{a0}:"),
        (" ;", "\u{a0};"),
        (" ?", "\u{a0}?"),
        (" !", "\u{a0}!"),
        (" »", "\u{a0}»"),
        ("« ", "«\u{a0}"),
    ] {
        out = out.replace(plain, kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_c0_c1_and_bidi_are_removed() {
        assert_eq!(inert("a\x1b[31mb\x07c\rd"), "a [31mb c d");
        assert_eq!(inert("x\u{9b}31my\u{85}z"), "x 31my z");
        assert_eq!(inert("ab\u{202e}cd"), "ab cd");
    }

    #[test]
    fn an_article_keeps_its_number() {
        assert_eq!(
            articles_whole("Santé (art. 9) · Infractions (Art. 10)"),
            "Santé (art.\u{a0}9) · Infractions (Art.\u{a0}10)"
        );
        assert_eq!(articles_whole("a smart. 9 lives"), "a smart. 9 lives");
        assert_eq!(articles_whole("art. nine"), "art. nine");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html("<img src=x onerror=\"alert('1')\">&"),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn markdown_cannot_inject_markup() {
        assert_eq!(markdown("a|b <b>[x](y)"), "a\\|b &lt;b&gt;\\[x\\](y)");
    }

    #[test]
    fn formulas_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"x\")",
            "+1+1",
            "-2",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(csv_cell("Diabète"), "Diabète");
    }

    #[test]
    fn text_wraps_between_words() {
        assert_eq!(wrap("aaa bbb ccc ddd", 11, "  "), "aaa bbb ccc\n  ddd");
        // The first line keeps its own indentation; a word longer than a line is cut.
        assert_eq!(
            wrap("  • aaa bbb ccc ddd", 13, "    "),
            "  • aaa bbb\n    ccc ddd"
        );
        assert_eq!(wrap("abcdefghijklmnopq", 12, ""), "abcdefghijk…");
        assert_eq!(wrap("aaaa bbb 42\u{a0}%", 12, ""), "aaaa bbb\n42\u{a0}%");
        let long = "word ".repeat(40);
        assert!(
            wrap(&long, 30, "  ")
                .lines()
                .all(|l| l.chars().count() <= 30)
        );
    }

    #[test]
    fn lines_fit_their_width() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
    }
}
