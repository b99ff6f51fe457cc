//! The one loader of every embedded data table (known files, generations, locale hints, DPC,
//! recommendations, strings, lexicon, TLDs, IBAN lengths): tab-separated rows, `#` comments and
//! blank lines skipped, an optional header line, an exact column count, and a parse function per
//! table. A row that does not parse is reported with its table name and line number.
//!
//! At run time the valid rows are used and the errors dropped (never a panic); every table has a
//! test that its embedded text has no error and that a malformed row is rejected. Errors quote
//! table content only, never anything read from an export.

use std::fmt;

/// A row of a table that did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub table: &'static str,
    /// 1-based line number in the table's text.
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}: {}", self.table, self.line, self.reason)
    }
}

/// The parsed rows of a table and the rows that did not parse.
#[derive(Debug)]
pub struct Table<T> {
    pub rows: Vec<T>,
    pub errors: Vec<TableError>,
}

impl<T> Table<T> {
    /// The errors as one message per line (for test assertions).
    pub fn error_text(&self) -> String {
        self.errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// How a table's text is laid out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub table: &'static str,
    pub columns: usize,
    /// A first line to skip when it is exactly this.
    pub header: Option<&'static str>,
}

impl Layout {
    pub const fn new(table: &'static str, columns: usize) -> Layout {
        Layout {
            table,
            columns,
            header: None,
        }
    }
}

/// Load a table: `parse` gets the columns of one row (exactly `layout.columns` of them).
pub fn load<T>(
    layout: Layout,
    text: &'static str,
    mut parse: impl FnMut(&[&'static str]) -> Result<T, String>,
) -> Table<T> {
    let mut table = Table {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if index == 0 && layout.header == Some(line) {
            continue;
        }
        let columns: Vec<&'static str> = line.split('\t').collect();
        let result = if columns.len() == layout.columns {
            parse(&columns)
        } else {
            Err(format!(
                "expected {} tab-separated columns, found {}",
                layout.columns,
                columns.len()
            ))
        };
        match result {
            Ok(row) => table.rows.push(row),
            Err(reason) => table.errors.push(TableError {
                table: layout.table,
                line: index + 1,
                reason,
            }),
        }
    }
    table
}

/// A column that must not be empty.
pub fn non_empty(value: &'static str, what: &str) -> Result<&'static str, String> {
    if value.trim().is_empty() {
        Err(format!("empty {what}"))
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_comments_headers_and_line_numbers() {
        let text = "h1\th2\n# comment\n\na\t1\nb\tx\nc\n";
        let layout = Layout {
            header: Some("h1\th2"),
            ..Layout::new("demo.tsv", 2)
        };
        let table = load(layout, text, |cols| {
            let n: u32 = cols[1].parse().map_err(|_| "not a number".to_string())?;
            Ok((cols[0], n))
        });
        assert_eq!(table.rows, [("a", 1)]);
        assert_eq!(table.errors.len(), 2);
        assert_eq!(table.errors[0].line, 5);
        assert_eq!(table.errors[0].to_string(), "demo.tsv line 5: not a number");
        assert!(table.errors[1].reason.contains("expected 2"));
        assert_eq!(table.errors[1].line, 6);
    }

    #[test]
    fn empty_columns_are_named() {
        assert!(non_empty(" ", "term").unwrap_err().contains("term"));
        assert_eq!(non_empty("x", "term"), Ok("x"));
    }
}
