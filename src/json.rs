//! JSON in: one call from text to any type with the crate's checks, field paths and typed
//! problems, and many JSON documents read from one input, line by line.
//!
//! # Into any type
//!
//! The crate's input types ([`Household`](crate::Household), [`Person`](crate::Person),
//! [`Month`](crate::Month), [`Money`](crate::Money), …) check themselves as they are
//! deserialised, inside any type of yours. [`from_str`] (also [`crate::from_json`]) reads a
//! JSON text into such a type and gives a [`crate::Error`] with the full path from the
//! outer document and, for every check the crate makes, the typed [`Problem`]:
//!
//! ```
//! use doudi::{Error, Household, Month, Problem};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Request {
//!     month: Month,
//!     household: Household,
//! }
//!
//! let text = r#"{"month": "2020-03", "household": {"id": "h1", "area": "urban", "members": [
//!     {"id": "a", "birth_date": "1990-01-01", "sex": "male", "relation": "head",
//!      "id_number": "420302199001010019"}]}}"#;
//! let err = doudi::from_json::<Request>(text).unwrap_err();
//! assert_eq!(err.to_string(), "household.members[0].id_number: check digit is 9, expected 5");
//! assert!(matches!(
//!     err,
//!     Error::Invalid { ref path, problem: Problem::IdNumberCheckDigit { found: '9', expected: '5' } }
//!         if path == "household.members[0].id_number"
//! ));
//! ```
//!
//! With `serde_json::from_str` directly the same checks run and the same words come back,
//! but serde's error keeps only a message: use [`from_str`] to keep the path and the type.
//!
//! # Many documents
//!
//! [`documents`] reads an input that holds many JSON documents — JSON Lines, or documents
//! written over several lines by another tool — and hands on each with its line numbers,
//! so that one bad line never costs the others (see [`Documents`] for the rules).

use std::io::BufRead;
use std::ops::RangeInclusive;

use serde::de::DeserializeOwned;

use crate::error::{Error, Path, Problem, Result};

pub use crate::read::MAX_DOCUMENT_BYTES;

/// Reads a JSON text into any type, with the crate's checks, the full path of a bad value
/// and the typed [`Problem`] of every check the crate makes (see the [module
/// docs](self)).
///
/// # Errors
///
/// [`Error::Invalid`] for a value that fails a check of the crate (with its path from the
/// outer document and its problem), or a missing or repeated field (named by its own path);
/// [`Error::Json`] for text that is not JSON or does not have the type's shape.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    crate::model::read_json(text)
}

/// One JSON document of an input that holds many, with where it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    lines: RangeInclusive<usize>,
    text: std::result::Result<String, Error>,
}

impl Document {
    /// The lines it stood on (1-based, first and last).
    pub fn lines(&self) -> RangeInclusive<usize> {
        self.lines.clone()
    }

    /// Its first line.
    pub fn line(&self) -> usize {
        *self.lines.start()
    }

    /// Its text, or why it could not be read (not UTF-8, too long).
    ///
    /// # Errors
    ///
    /// The reading error, with the line in the input.
    pub fn text(&self) -> std::result::Result<&str, &Error> {
        self.text.as_deref()
    }

    /// Reads the document into any type, as [`from_str`]; a syntax error's line counts
    /// from the start of the input.
    ///
    /// # Errors
    ///
    /// The reading error, or [`from_str`]'s.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        self.read(from_str)
    }

    /// Reads the document with `read` (e.g. `DecisionRecord::from_json`); a syntax
    /// error's line counts from the start of the input, as [`Document::parse`]'s.
    ///
    /// # Errors
    ///
    /// The reading error, or `read`'s.
    pub fn read<T>(&self, read: impl FnOnce(&str) -> Result<T>) -> Result<T> {
        let text = self.text.as_deref().map_err(Clone::clone)?;
        read(text).map_err(|e| e.lines_after(self.line().saturating_sub(1)))
    }

    /// Where it stood, for messages: `line 3` or `lines 3–9`.
    pub fn position(&self) -> String {
        let (first, last) = (*self.lines.start(), *self.lines.end());
        if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}–{last}")
        }
    }
}

/// The JSON documents of an input, one after the other; made by [`documents`].
///
/// - The input is UTF-8, with or without a byte-order mark; lines end with LF, CRLF or a
///   lone CR. A line that is not UTF-8 is an error naming its byte offset; an input in
///   UTF-16 is one error.
/// - Blank lines are skipped (and counted: [`Documents::blank_lines`]).
/// - A document starts on a line that is not blank and ends on the first line where its
///   brackets close: one document a line (JSON Lines), or one written over several lines.
///   A document still open when a line starts with `{` or `[` in its first column, or when
///   the input ends, ends there: it is handed on incomplete, and reading it gives the
///   parser's error; the next document starts on that line.
/// - A document with a line that is not UTF-8, or longer than [`MAX_DOCUMENT_BYTES`], is
///   an error; its lines are still followed by the same rules, so that the error names
///   them all and the next document starts where it would have.
///
/// So every line is accounted for: it is blank, or part of exactly one document, which
/// reads or fails on its own.
#[derive(Debug)]
pub struct Documents<R> {
    input: R,
    /// The line last read (1-based).
    line: usize,
    /// Bytes read so far.
    offset: usize,
    blank: usize,
    /// A line read ahead that starts the next document.
    ahead: Option<Line>,
    /// A carriage return ended the last chunk: a line feed right after it ends no line.
    after_cr: bool,
    done: bool,
}

/// The documents of `input` (see [`Documents`] for how lines make documents).
///
/// # Example
///
/// ```
/// use doudi::Household;
///
/// let input = "\u{feff}{\"id\": \"h1\", \"area\": \"urban\", \"members\": [{\"id\": \"a\", \"birth_date\": \"1980-01-01\", \"sex\": \"male\", \"relation\": \"head\"}]}\r\nnot json\r\n\r\n{\n  \"id\": \"h2\", \"area\": \"rural\",\n  \"members\": [{\"id\": \"b\", \"birth_date\": \"1950-01-01\", \"sex\": \"female\", \"relation\": \"head\"}]\n}\n";
/// let mut docs = doudi::json::documents(input.as_bytes());
/// let read: Vec<(String, Result<String, String>)> = docs
///     .by_ref()
///     .map(|d| (d.position(), d.parse::<Household>().map(|h| h.id().to_string()).map_err(|e| e.to_string())))
///     .collect();
/// assert_eq!(read, [
///     ("line 1".to_owned(), Ok("h1".to_owned())),
///     ("line 2".to_owned(), Err("line 2 column 2: expected ident".to_owned())),
///     ("lines 4–7".to_owned(), Ok("h2".to_owned())),
/// ]);
/// assert_eq!(docs.blank_lines(), 1);
/// ```
pub fn documents<R: BufRead>(input: R) -> Documents<R> {
    Documents {
        input,
        line: 0,
        offset: 0,
        blank: 0,
        ahead: None,
        after_cr: false,
        done: false,
    }
}

impl<R: BufRead> Documents<R> {
    /// How many blank lines were skipped so far.
    pub fn blank_lines(&self) -> usize {
        self.blank
    }

    /// How many lines were read so far.
    pub fn lines_read(&self) -> usize {
        self.line
    }

    /// The next line's bytes (without its end), its number and its offset; `None` at the
    /// end. A read error ends the input, as an error line.
    fn next_line(&mut self) -> Option<std::result::Result<Line, Error>> {
        if let Some(ahead) = self.ahead.take() {
            return Some(Ok(ahead));
        }
        if self.done {
            return None;
        }
        let mut line = Vec::new();
        let start = self.offset;
        // The line's length in bytes, also of what is not kept.
        let mut length = 0usize;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    self.line = self.line.saturating_add(1);
                    return Some(Err(Error::Invalid {
                        path: Path::root(),
                        problem: Problem::ReadFailed {
                            what: "the input".to_owned(),
                            cause: crate::error::Cause::new(e),
                        },
                    }));
                }
            };
            if buf.is_empty() {
                self.done = true;
                if line.is_empty() && (start == self.offset) {
                    return None;
                }
                break;
            }
            // A line feed right after a carriage return that ended the last line.
            if self.after_cr {
                self.after_cr = false;
                if buf.first() == Some(&b'\n') {
                    self.input.consume(1);
                    self.offset = self.offset.saturating_add(1);
                    continue;
                }
            }
            match buf.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(at) => {
                    let end = buf.get(at).copied();
                    length = length.saturating_add(at);
                    line.extend_from_slice(buf.get(..at).unwrap_or_default());
                    let mut used = at.saturating_add(1);
                    if end == Some(b'\r') {
                        match buf.get(used) {
                            Some(b'\n') => used = used.saturating_add(1),
                            Some(_) => {}
                            None => self.after_cr = true,
                        }
                    }
                    self.input.consume(used);
                    self.offset = self.offset.saturating_add(used);
                    break;
                }
                None => {
                    let n = buf.len();
                    length = length.saturating_add(n);
                    // A line longer than a document may be keeps only what shows it is.
                    if line.len() <= MAX_DOCUMENT_BYTES {
                        line.extend_from_slice(buf);
                    }
                    self.input.consume(n);
                    self.offset = self.offset.saturating_add(n);
                }
            }
        }
        self.line = self.line.saturating_add(1);
        Some(Ok((line, self.line, start, length)))
    }
}

/// A line's bytes (without its end; cut short past the longest document), its number
/// (1-based), its offset in the input and its length in bytes.
type Line = (Vec<u8>, usize, usize, usize);

/// Whether a line starts a document on its own: `{` or `[` in its first column.
fn starts_document(line: &[u8]) -> bool {
    matches!(line.first(), Some(b'{' | b'['))
}

/// How brackets nest, followed across the lines of one document.
#[derive(Debug, Default, Clone, Copy)]
struct Nesting {
    depth: i64,
    in_string: bool,
    escaped: bool,
    opened: bool,
}

impl Nesting {
    fn scan(&mut self, text: &[u8]) {
        for &b in text {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth = self.depth.saturating_add(1);
                    self.opened = true;
                }
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
    }

    /// The brackets opened so far are closed (or the text opened none).
    fn closed(&self) -> bool {
        self.depth <= 0 && !self.in_string
    }
}

impl<R: BufRead> Iterator for Documents<R> {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        let mut text: Vec<u8> = Vec::new();
        let mut first = 0;
        let mut last = 0;
        let mut open = false;
        let mut nesting = Nesting::default();
        // Why the document cannot be read, once known; its lines are still followed to
        // its end, so that they belong to it.
        let mut failure: Option<Problem> = None;
        // The document's size in bytes: its lines, joined by line feeds.
        let mut size = 0usize;
        loop {
            let (mut bytes, number, mut offset, length) = match self.next_line() {
                None => break,
                Some(Err(error)) => {
                    if !open {
                        return Some(Document {
                            lines: self.line..=self.line,
                            text: Err(error),
                        });
                    }
                    break;
                }
                Some(Ok(line)) => line,
            };
            if number == 1 {
                if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                    // Not a document but an encoding: one error, and the input ends.
                    self.done = true;
                    return Some(Document {
                        lines: 1..=1,
                        text: Err(Error::Invalid {
                            path: Path::root(),
                            problem: Problem::Utf16,
                        }),
                    });
                }
                if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
                    bytes = rest.to_vec();
                    offset = 3;
                }
            }
            if !open {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    self.blank = self.blank.saturating_add(1);
                    continue;
                }
                open = true;
                first = number;
            } else if starts_document(&bytes) {
                // The open document ends here; this line starts the next.
                self.ahead = Some((bytes, number, offset, length));
                break;
            }
            last = number;
            size = size
                .saturating_add(length)
                .saturating_add(usize::from(size > 0));
            if failure.is_none() {
                if let Err(e) = std::str::from_utf8(&bytes) {
                    failure = Some(Problem::NotUtf8 {
                        offset: offset.saturating_add(e.valid_up_to()),
                    });
                } else if text.len().saturating_add(bytes.len()) >= MAX_DOCUMENT_BYTES {
                    failure = Some(Problem::TooManyBytes {
                        bytes: text.len().saturating_add(bytes.len()),
                        limit: MAX_DOCUMENT_BYTES,
                    });
                }
                if failure.is_some() {
                    text = Vec::new();
                }
            }
            nesting.scan(&bytes);
            if failure.is_none() {
                if !text.is_empty() {
                    text.push(b'\n');
                }
                text.extend_from_slice(&bytes);
            }
            if nesting.closed() {
                break;
            }
        }
        if !open {
            return None;
        }
        // A document too long is measured to its end, not to where reading stopped.
        if let Some(Problem::TooManyBytes { bytes, .. }) = &mut failure {
            *bytes = size;
        }
        let text = match failure {
            Some(problem) => Err(Error::Invalid {
                path: Path::root(),
                problem,
            }),
            // Every line was checked to be UTF-8, and they were joined with line feeds.
            None => Ok(String::from_utf8(text).unwrap_or_default()),
        };
        Some(Document {
            lines: first..=last,
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each document as (first line, last line, text or error message).
    fn read(input: &[u8]) -> (Vec<(usize, usize, String)>, usize) {
        let mut docs = documents(input);
        let out = docs
            .by_ref()
            .map(|d| {
                let text = match d.text() {
                    Ok(t) => t.to_owned(),
                    Err(e) => format!("error: {e}"),
                };
                (*d.lines.start(), *d.lines.end(), text)
            })
            .collect();
        (out, docs.blank_lines())
    }

    fn doc(first: usize, last: usize, text: &str) -> (usize, usize, String) {
        (first, last, text.to_owned())
    }

    #[test]
    fn every_line_ending_ends_a_line() {
        let (docs, blank) = read(b"{\"a\":1}\n{\"b\":2}\r\n{\"c\":3}\r{\"d\":4}");
        assert_eq!(
            docs,
            [
                doc(1, 1, "{\"a\":1}"),
                doc(2, 2, "{\"b\":2}"),
                doc(3, 3, "{\"c\":3}"),
                doc(4, 4, "{\"d\":4}")
            ]
        );
        assert_eq!(blank, 0);
        // A carriage return at the end of a buffer, its line feed in the next.
        let input = std::io::BufReader::with_capacity(8, &b"{\"a\":1}\r\n{\"b\":2}\r\n"[..]);
        let docs: Vec<_> = documents(input).map(|d| d.lines()).collect();
        assert_eq!(docs, [1..=1, 2..=2]);
    }

    #[test]
    fn a_byte_order_mark_and_blank_lines_cost_nothing() {
        let (docs, blank) = read(b"\xEF\xBB\xBF{\"a\":1}\n\n  \t\n{\"b\":2}\n\n");
        assert_eq!(docs, [doc(1, 1, "{\"a\":1}"), doc(4, 4, "{\"b\":2}")]);
        assert_eq!(blank, 3);
        let (docs, blank) = read(b"\n \n\r\n");
        assert!(docs.is_empty());
        assert_eq!(blank, 3);
        assert!(read(b"").0.is_empty());
    }

    #[test]
    fn a_document_may_span_lines() {
        let (docs, _) = read(b"{\n  \"a\": [1,\n 2],\n  \"s\": \"}{\"\n}\n{\"b\":2}\n");
        assert_eq!(
            docs,
            [
                doc(1, 5, "{\n  \"a\": [1,\n 2],\n  \"s\": \"}{\"\n}"),
                doc(6, 6, "{\"b\":2}")
            ]
        );
    }

    #[test]
    fn an_open_document_ends_where_the_next_begins() {
        // A truncated line: handed on as it is (its reading fails), and the next line is
        // a document of its own.
        let (docs, _) = read(b"{\"a\": [1,\n{\"b\":2}\n");
        assert_eq!(docs, [doc(1, 1, "{\"a\": [1,"), doc(2, 2, "{\"b\":2}")]);
        // Garbage is one document a line.
        let (docs, _) = read(b"hello\n]\n{\"b\":2}");
        assert_eq!(
            docs,
            [doc(1, 1, "hello"), doc(2, 2, "]"), doc(3, 3, "{\"b\":2}")]
        );
        // Open at the end of the input.
        let (docs, _) = read(b"{\"b\":2}\n{\"a\": \"x");
        assert_eq!(docs, [doc(1, 1, "{\"b\":2}"), doc(2, 2, "{\"a\": \"x")]);
    }

    #[test]
    fn bytes_that_are_not_utf8_fail_their_document_only() {
        let (docs, _) = read(b"{\"a\":1}\n{\"b\":\"\xFF\"}\n{\"c\":3}\n");
        assert_eq!(
            docs,
            [
                doc(1, 1, "{\"a\":1}"),
                doc(
                    2,
                    2,
                    "error: not UTF-8 (an invalid byte at offset 14 of the input)"
                ),
                doc(3, 3, "{\"c\":3}")
            ]
        );
        // In the middle of a document over several lines: its lines stay together.
        let (docs, _) = read(b"{\n \"b\": \"\xC3\"\n}\n{\"c\":3}");
        assert_eq!(docs[0].0..=docs[0].1, 1..=3);
        assert_eq!(docs[1], doc(4, 4, "{\"c\":3}"));
        let (docs, _) = read(b"\xFF\xFE{\x00");
        assert_eq!(
            docs,
            [doc(1, 1, "error: the input is UTF-16; write it as UTF-8")]
        );
    }

    #[test]
    fn a_document_too_long_fails_alone() {
        let mut input = b"{\"a\":\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_DOCUMENT_BYTES));
        input.extend_from_slice(b"\"}\n{\"b\":2}\n");
        let (docs, _) = read(&input);
        assert_eq!(docs.len(), 2);
        // The whole line, measured to its end: 6 bytes before the x's, 2 after.
        assert_eq!(
            docs[0].2,
            format!(
                "error: {} bytes exceed the limit of {MAX_DOCUMENT_BYTES} bytes",
                6 + MAX_DOCUMENT_BYTES + 2
            )
        );
        assert_eq!(docs[1], doc(2, 2, "{\"b\":2}"));
    }

    #[test]
    fn parse_errors_count_lines_from_the_start_of_the_input() {
        let docs: Vec<Document> = documents(&b"{\"a\":1}\n\n{\n \"month\": 5,\n}"[..]).collect();
        let err = docs[1].parse::<serde_json::Value>().unwrap_err();
        assert!(matches!(err, Error::Json { line: 5, .. }), "{err:?}");
        assert_eq!(docs[1].position(), "lines 3–5");
    }
}
