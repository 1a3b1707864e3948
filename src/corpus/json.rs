//! One JSON record's top-level fields, read without building a tree.
//!
//! Records are looked up by a handful of field names, so each top-level value is kept as
//! what the lookup needs: a string (borrowed from the input when it has no escapes), a
//! scalar's text, or only what kind of value it is. Nested arrays and objects are skipped
//! without being built. Reading a corpus into `serde_json::Value` trees and copying the
//! text out of them cost a few per cent of scoring it.
//!
//! Almost every record is a flat object of strings, and serde_json's string scanning and
//! visitor machinery were still most of reading one: [`flat_object`] reads that shape
//! directly, in two steps. [`scan_object`] finds where the object and each of its strings
//! end, on bytes (quotes, backslashes and control characters found together, up to
//! thirty-two bytes at a time), so that a reader can scan a record where it lies in its
//! buffer before it knows the record is whole; [`record`] then undoes the escapes, in one
//! copy. Anything else — numbers, nested values, an escape it does not know, any mistake —
//! goes to serde_json whole, so values and error messages are serde_json's (property tests
//! hold the two to the same outcome, and a scan of part of a text to the scan of the whole).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::text::Stride;

/// A JSON value: an object's fields, or what other kind of value it is ("a string").
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(crate) enum Element<'a> {
    Object(Record<'a>),
    Other(&'static str),
}

/// An object's fields in the order they came, each key with its value.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(crate) struct Record<'a>(Vec<(Cow<'a, str>, Slot<'a>)>);

/// A top-level value, as far as a field lookup needs it.
#[derive(Debug, PartialEq)]
pub(crate) enum Slot<'a> {
    Null,
    Text(Cow<'a, str>),
    /// A number or a boolean, as `serde_json::Value` writes it, and what it is ("a number").
    Scalar(String, &'static str),
    /// An array or an object ("an array").
    Nested(&'static str),
}

impl<'a> Record<'a> {
    /// The value of field `name`, as `serde_json::Map` lookups found it: the key spelled
    /// exactly (the last of repeated keys), or else the first key in sorted order that equals
    /// `name` ignoring ASCII case.
    pub(crate) fn get(&self, name: &str) -> Option<&Slot<'a>> {
        self.index(name).map(|i| &self.0[i].1)
    }

    /// [`Record::get`], moving the value out.
    pub(crate) fn take(mut self, name: &str) -> Option<Slot<'a>> {
        let i = self.index(name)?;
        Some(self.0.swap_remove(i).1)
    }

    fn index(&self, name: &str) -> Option<usize> {
        // One pass from the end, keys of another length passed over at once: the exact key
        // comes back as soon as it is met; of keys equal ignoring case, the least, the later
        // one of equals (as `min_by` over the keys from the end would give).
        let mut folded: Option<usize> = None;
        for (i, (key, _)) in self.0.iter().enumerate().rev() {
            if key.len() != name.len() {
                continue;
            }
            if key == name {
                return Some(i);
            }
            if key.eq_ignore_ascii_case(name) && folded.is_none_or(|best| **key < *self.0[best].0) {
                folded = Some(i);
            }
        }
        folded
    }
}

/// Parses one JSON value.
pub(crate) fn parse(text: &str) -> serde_json::Result<Element<'_>> {
    parse_with(text, &mut Vec::new())
}

/// [`parse`], with a buffer for the fields' places that is kept from record to record.
pub(crate) fn parse_with<'a>(
    text: &'a str,
    spans: &mut Vec<FieldSpan>,
) -> serde_json::Result<Element<'a>> {
    match flat_object(text, spans) {
        Some(record) => Ok(Element::Object(record)),
        None => serde_json::from_str(text),
    }
}

/// `text` as an object whose values are all strings, `null`, `true` or `false`, with nothing
/// but white space around it; `None` for anything else, valid or not, which serde_json then
/// reads (and words the error for). Where this gives a record, serde_json gives the same.
fn flat_object<'a>(text: &'a str, spans: &mut Vec<FieldSpan>) -> Option<Record<'a>> {
    let bytes = text.as_bytes();
    let start = skip_space(bytes, 0);
    let Scan::Flat { len, .. } = scan_object(&bytes[start..], spans) else {
        return None;
    };
    let end = start + len;
    if skip_space(bytes, end) != bytes.len() {
        return None;
    }
    record(&text[start..end], spans)
}

/// What [`scan_object`] found at the start of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// A flat object (see [`flat_object`]) of `len` bytes, `lines` line breaks among them.
    Flat { len: usize, lines: usize },
    /// The bytes end inside what may still become a flat object: more bytes will tell.
    Short,
    /// Not a flat object, or not JSON: serde_json's to read.
    Other,
}

/// Where one field of a scanned object is: its key's and its value's text (between the
/// quotes), and whether each has escapes to undo.
#[derive(Clone, Debug)]
pub(crate) struct FieldSpan {
    key: Range<usize>,
    key_escaped: bool,
    value: SpanValue,
}

#[derive(Clone, Debug)]
enum SpanValue {
    Text(Range<usize>, bool),
    Null,
    True,
    False,
}

/// Scans the flat object that opens `bytes` (its first byte is `{`) without building it: only
/// where it ends and where its fields are (in `spans`), found on bytes, so that a reader can
/// call it on what it has read so far and read on when the answer is [`Scan::Short`]. Strings
/// are checked for control characters here; their escapes and UTF-8 are checked by whoever
/// builds the record ([`record`]).
pub(crate) fn scan_object(bytes: &[u8], spans: &mut Vec<FieldSpan>) -> Scan {
    spans.clear();
    let mut lines = 0;
    match scan_fields(bytes, spans, &mut lines) {
        Ok(len) => Scan::Flat { len, lines },
        Err(scan) => scan,
    }
}

/// [`scan_object`]'s work: the object's length, or why it is none yet.
fn scan_fields(bytes: &[u8], spans: &mut Vec<FieldSpan>, lines: &mut usize) -> Result<usize, Scan> {
    // The byte at `i`, [`Scan::Short`] past the end.
    let at = |i: usize| bytes.get(i).copied().ok_or(Scan::Short);
    if at(0)? != b'{' {
        return Err(Scan::Other);
    }
    let mut i = space(bytes, 1, lines);
    if at(i)? == b'}' {
        return Ok(i + 1);
    }
    loop {
        if at(i)? != b'"' {
            return Err(Scan::Other);
        }
        let (key_end, key_escaped) = string_end(bytes, i + 1)?;
        let key = i + 1..key_end;
        i = space(bytes, key_end + 1, lines);
        if at(i)? != b':' {
            return Err(Scan::Other);
        }
        i = space(bytes, i + 1, lines);
        // A literal is taken only if a delimiter follows it (checked below): `nullx` is
        // serde_json's to refuse. Numbers and nested values are left to serde_json.
        let value = match at(i)? {
            b'"' => {
                let (end, escaped) = string_end(bytes, i + 1)?;
                let value = SpanValue::Text(i + 1..end, escaped);
                i = end + 1;
                value
            }
            b'n' => {
                i += literal(&bytes[i..], b"null")?;
                SpanValue::Null
            }
            b't' => {
                i += literal(&bytes[i..], b"true")?;
                SpanValue::True
            }
            b'f' => {
                i += literal(&bytes[i..], b"false")?;
                SpanValue::False
            }
            _ => return Err(Scan::Other),
        };
        spans.push(FieldSpan {
            key,
            key_escaped,
            value,
        });
        i = space(bytes, i, lines);
        match at(i)? {
            b',' => i = space(bytes, i + 1, lines),
            b'}' => return Ok(i + 1),
            _ => return Err(Scan::Other),
        }
    }
}

/// The length of `word` when `rest` starts with it; [`Scan::Short`] when `rest` is the start
/// of it.
fn literal(rest: &[u8], word: &[u8]) -> Result<usize, Scan> {
    if rest.starts_with(word) {
        Ok(word.len())
    } else if word.starts_with(rest) {
        Err(Scan::Short)
    } else {
        Err(Scan::Other)
    }
}

/// The record of an object [`scan_object`] found flat, `text` being the object's bytes (the
/// ones scanned, checked to be UTF-8); `None` when a string holds an escape serde_json would
/// refuse.
pub(crate) fn record<'a>(text: &'a str, spans: &[FieldSpan]) -> Option<Record<'a>> {
    let mut fields = Vec::with_capacity(spans.len());
    for span in spans {
        let key = string(text, span.key.clone(), span.key_escaped)?;
        let slot = match &span.value {
            SpanValue::Text(range, escaped) => Slot::Text(string(text, range.clone(), *escaped)?),
            SpanValue::Null => Slot::Null,
            SpanValue::True => Slot::Scalar("true".to_string(), "a boolean"),
            SpanValue::False => Slot::Scalar("false".to_string(), "a boolean"),
        };
        fields.push((key, slot));
    }
    Some(Record(fields))
}

/// The index of the first byte at or after `i` that is not JSON white space.
fn skip_space(bytes: &[u8], i: usize) -> usize {
    space(bytes, i, &mut 0)
}

/// [`skip_space`], adding the line breaks skipped to `lines`.
fn space(bytes: &[u8], mut i: usize, lines: &mut usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' => {}
            b'\n' => *lines += 1,
            _ => break,
        }
        i += 1;
    }
    i
}

/// The closing quote of the JSON string whose contents start at byte `start` (just after its
/// opening quote), and whether the string has escapes: the first `"` not escaped. The byte
/// after a backslash is never the closing quote, whatever it is ([`string`] judges it).
/// [`Scan::Short`] when the bytes end first, [`Scan::Other`] at a control character, which a
/// JSON string cannot hold as it is (escaped or not).
fn string_end(bytes: &[u8], start: usize) -> Result<(usize, bool), Scan> {
    let stride = Stride::ThirtyTwo.allowed();
    let mut i = start;
    let mut escaped = false;
    loop {
        let Some(k) = special_byte(bytes, i, stride) else {
            return Err(Scan::Short);
        };
        match bytes[k] {
            b'"' => return Ok((k, escaped)),
            b'\\' => match bytes.get(k + 1) {
                None => return Err(Scan::Short),
                Some(&b) if b < 0x20 => return Err(Scan::Other),
                Some(_) => {
                    escaped = true;
                    i = k + 2;
                }
            },
            _ => return Err(Scan::Other),
        }
    }
}

/// Whether a string's scan stops at `b`: a quote, a backslash or a control character.
fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The first byte at or after `i` that [`is_special`], `stride` bytes at a time: one pass
/// over an article's text instead of a search for quotes and backslashes and a second for
/// control characters. `None` when there is none (or `i` is past the end).
fn special_byte(bytes: &[u8], mut i: usize, stride: Stride) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        if stride == Stride::ThirtyTwo {
            // SAFETY: the processor has AVX2: `Stride::allowed` gives no longer stride.
            match unsafe { special_byte_avx2(bytes, i) } {
                Ok(k) => return Some(k),
                Err(at) => i = at,
            }
        }
        if stride >= Stride::Sixteen {
            use crate::text::wide::Bytes16;
            while i + 16 <= bytes.len() {
                let v = Bytes16::load(bytes, i);
                let bits = (v.is(b'"') | v.is(b'\\') | v.within(0, 0x1F)).bits();
                if bits != 0 {
                    return Some(i + bits.trailing_zeros() as usize);
                }
                i += 16;
            }
        }
    }
    // Elsewhere only this loop is left, and `stride` says nothing.
    let _ = stride;
    let k = bytes.get(i..)?.iter().position(|&b| is_special(b))?;
    Some(i + k)
}

/// [`special_byte`] thirty-two bytes at a time: `Ok` with the byte, or `Err` with where
/// fewer than thirty-two bytes are left.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn special_byte_avx2(bytes: &[u8], mut i: usize) -> Result<usize, usize> {
    use crate::text::wide::Bytes32;
    while i + 32 <= bytes.len() {
        let v = Bytes32::load(bytes, i);
        let bits = v.is(b'"').or(v.is(b'\\')).or(v.within(0, 0x1F)).bits();
        if bits != 0 {
            return Ok(i + bits.trailing_zeros() as usize);
        }
        i += 32;
    }
    Err(i)
}

/// The string at `range` of `text` (between its quotes) with its escapes undone: borrowed
/// when it has none. `None` when an escape is not one of the short ones or a `\u` of a scalar
/// value (a surrogate pair included).
fn string(text: &str, range: Range<usize>, escaped: bool) -> Option<Cow<'_, str>> {
    let raw = &text[range];
    if !escaped {
        return Some(Cow::Borrowed(raw));
    }
    // Unescaping only shortens: the raw length is enough.
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(k) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..k]);
        let escape = &rest.as_bytes()[k + 1..];
        let (c, len) = match escape.first()? {
            b'"' => ('"', 1),
            b'\\' => ('\\', 1),
            b'/' => ('/', 1),
            b'b' => ('\x08', 1),
            b'f' => ('\x0c', 1),
            b'n' => ('\n', 1),
            b'r' => ('\r', 1),
            b't' => ('\t', 1),
            b'u' => unicode_escape(&escape[1..])?,
            _ => return None,
        };
        out.push(c);
        // Every byte of an escape is ASCII, so the rest starts on a character boundary.
        rest = &rest[k + 1 + len..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// The character of a `\u` escape, given the bytes after its `u`, and how many bytes the
/// escape takes after the backslash: `uXXXX` (5), or `uXXXX\uXXXX` (11) for a surrogate pair.
/// `None` for a lone surrogate or a digit missing, which serde_json refuses.
fn unicode_escape(after_u: &[u8]) -> Option<(char, usize)> {
    let first = hex4(after_u)?;
    if let Some(c) = char::from_u32(first) {
        return Some((c, 5));
    }
    if !(0xD800..0xDC00).contains(&first) || after_u.get(4..6)? != b"\\u" {
        return None;
    }
    let second = hex4(&after_u[6..])?;
    if !(0xDC00..0xE000).contains(&second) {
        return None;
    }
    let c = char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))?;
    Some((c, 11))
}

/// The value of four hex digits opening `bytes`.
fn hex4(bytes: &[u8]) -> Option<u32> {
    bytes.get(..4)?.iter().try_fold(0, |n, &b| {
        let digit = char::from(b).to_digit(16)?;
        Some(n << 4 | digit)
    })
}

impl<'de> Deserialize<'de> for Element<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ElementVisitor)
    }
}

struct ElementVisitor;

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = Element<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Element<'de>, M::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            fields.push((key.0, map.next_value::<Slot<'de>>()?));
        }
        Ok(Element::Object(Record(fields)))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Element<'de>, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Element::Other("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Element<'de>, E> {
        Ok(Element::Other("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Element<'de>, E> {
        Ok(Element::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Element<'de>, E> {
        Ok(Element::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Element<'de>, E> {
        Ok(Element::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Element<'de>, E> {
        Ok(Element::Other("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Element<'de>, E> {
        Ok(Element::Other("null"))
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor).map(Key)
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s))
    }
}

impl<'de> Deserialize<'de> for Slot<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SlotVisitor)
    }
}

struct SlotVisitor;

impl<'de> Visitor<'de> for SlotVisitor {
    type Value = Slot<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Slot<'de>, E> {
        Ok(Slot::Null)
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Slot<'de>, E> {
        Ok(Slot::Text(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Slot<'de>, E> {
        Ok(Slot::Text(Cow::Owned(s.to_string())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Slot<'de>, E> {
        Ok(Slot::Text(Cow::Owned(s)))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Slot<'de>, E> {
        Ok(Slot::Scalar(b.to_string(), "a boolean"))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Slot<'de>, E> {
        Ok(Slot::Scalar(n.to_string(), "a number"))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Slot<'de>, E> {
        Ok(Slot::Scalar(n.to_string(), "a number"))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Slot<'de>, E> {
        // Written as `serde_json::Value` writes a float (JSON has no infinities or NaN).
        let text = serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |n| n.to_string());
        Ok(Slot::Scalar(text, "a number"))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Slot<'de>, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Slot::Nested("an array"))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Slot<'de>, M::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Slot::Nested("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `serde_json::Value` gives for the same lookup: the oracle this module replaced.
    fn by_value(text: &str, name: &str) -> Option<Slot<'static>> {
        use serde_json::Value;
        let Value::Object(map) = serde_json::from_str::<Value>(text).ok()? else {
            return None;
        };
        let value = map.get(name).or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })?;
        Some(match value {
            Value::Null => Slot::Null,
            Value::String(s) => Slot::Text(Cow::Owned(s.clone())),
            Value::Number(n) => Slot::Scalar(n.to_string(), "a number"),
            Value::Bool(b) => Slot::Scalar(b.to_string(), "a boolean"),
            Value::Array(_) => Slot::Nested("an array"),
            Value::Object(_) => Slot::Nested("an object"),
        })
    }

    fn ours(text: &str, name: &str) -> Option<Slot<'static>> {
        match parse(text).ok()? {
            Element::Object(record) => record.get(name).map(|slot| match slot {
                Slot::Null => Slot::Null,
                Slot::Text(s) => Slot::Text(Cow::Owned(s.to_string())),
                Slot::Scalar(s, what) => Slot::Scalar(s.clone(), what),
                Slot::Nested(what) => Slot::Nested(what),
            }),
            Element::Other(_) => None,
        }
    }

    #[test]
    fn fields_are_found_as_a_value_tree_finds_them() {
        let text = r#"{"Text": "أ", "text": "ب\n\"ج\"", "TEXT": "د", "id": 17, "score": 1.50,
            "neg": -3, "ok": true, "none": null, "tags": ["a", {"b": 1}],
            "meta": {"outlet": "x"}, "dup": "first", "dup": "last"}"#;
        let cases: [(&str, Option<Slot>); 12] = [
            ("text", Some(Slot::Text("ب\n\"ج\"".into()))),
            ("Text", Some(Slot::Text("أ".into()))),
            ("tExt", Some(Slot::Text("د".into()))),
            ("id", Some(Slot::Scalar("17".into(), "a number"))),
            ("score", Some(Slot::Scalar("1.5".into(), "a number"))),
            ("neg", Some(Slot::Scalar("-3".into(), "a number"))),
            ("OK", Some(Slot::Scalar("true".into(), "a boolean"))),
            ("none", Some(Slot::Null)),
            ("tags", Some(Slot::Nested("an array"))),
            ("meta", Some(Slot::Nested("an object"))),
            ("dup", Some(Slot::Text("last".into()))),
            ("missing", None),
        ];
        for (name, want) in cases {
            assert_eq!(ours(text, name), want, "{name}");
            assert_eq!(by_value(text, name), want, "{name} (serde_json::Value)");
        }
        // 1e400 does not fit an f64: both readers refuse the record alike.
        assert!(serde_json::from_str::<serde_json::Value>(r#"{"big": 1e400}"#).is_err());
        assert!(parse(r#"{"big": 1e400}"#).is_err());
    }

    #[test]
    fn other_values_are_named() {
        for (text, want) in [
            ("[1, {\"a\": 2}]", "an array"),
            ("\"x\"", "a string"),
            ("2.5", "a number"),
            ("-1", "a number"),
            ("true", "a boolean"),
            ("null", "null"),
        ] {
            match parse(text) {
                Ok(Element::Other(what)) => assert_eq!(what, want, "{text}"),
                _ => panic!("{text}: not read as {want}"),
            }
        }
    }

    /// What serde_json alone gives for `text`: the outcome [`parse`] must match.
    fn by_serde(text: &str) -> Result<Element<'_>, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn both(text: &str) -> (Result<Element<'_>, String>, Result<Element<'_>, String>) {
        (parse(text).map_err(|e| e.to_string()), by_serde(text))
    }

    #[test]
    fn flat_objects_read_as_serde_json_reads_them() {
        let cases = [
            r#"{"a": "x", "b": null, "c": true, "d": false}"#,
            "  {}  ",
            "{ \"a\" :\t\"\" ,\r\n\"a\":\"b\"}\n",
            r#"{"t": "q\"uote\\ \/ \b\f\n\r\t \u0041\u00e9\u0627 \ud83d\ude00 \u0000"}"#,
            r#"{"k\u0065y": "v", "": ""}"#,
            // Refused by the fast path, read by serde_json: numbers, nested values.
            r#"{"n": 17, "f": 1.50, "a": [1, "x"], "o": {"p": "q"}}"#,
            // Mistakes: serde_json's errors, word for word.
            r#"{"a": "x",}"#,
            r#"{"a": "x" "b": "y"}"#,
            r#"{"a": "x"} x"#,
            r#"{"a": nul}"#,
            r#"{"a": nullx}"#,
            r#"{"a": truee}"#,
            r#"{"a": "x"#,
            r#"{"a": "x\"#,
            r#"{"a": "\x"}"#,
            r#"{"a": "\u12"}"#,
            r#"{"a": "\uD800"}"#,
            r#"{"a": "\uD800\u0041"}"#,
            r#"{"a": "\uDC00"}"#,
            r#"{"a": "\uD83D\uDBFF"}"#,
            "{\"a\": \"tab\there\"}",
            "{\"a\": \"\u{1f}\"}",
            r#"{a: "x"}"#,
            r#"{"a" "x"}"#,
            "{",
            "",
            r#""just a string""#,
        ];
        for text in cases {
            let (ours, serde) = both(text);
            assert_eq!(ours, serde, "{text:?}");
        }
        // Escapes make an owned string, plain text stays borrowed from the line.
        let Some(record) = flat_object(r#"{"a": "plain", "b": "a\nb"}"#, &mut Vec::new()) else {
            panic!("not read");
        };
        assert!(matches!(record.0[0].1, Slot::Text(Cow::Borrowed("plain"))));
        assert_eq!(record.0[1].1, Slot::Text(Cow::Owned("a\nb".into())));
    }

    /// Pieces of JSON string bodies: escapes good and bad, surrogate halves, control
    /// characters, quotes and backslashes, non-ASCII.
    fn string_body() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-zA-Z0-9 ]{0,5}",
            "[\\u{600}-\\u{6ff}é€😀]{1,3}",
            Just("\\".to_string()),
            Just("\"".to_string()),
            "\\\\[\"\\\\/bfnrtuxU0 ]",
            "\\\\u[0-9a-fA-FgG]{0,4}",
            "\\\\u[dD][89aAbB][0-9a-f]{2}(\\\\u[dD][89a-fA-F][0-9a-f]{2})?",
            "\\\\u[dD][c-fC-F][0-9a-f]{2}",
            "[\\u{0}-\\u{1f}\\u{7f}]",
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any string body, as a key and as a value, read by the fast path or not, gives what
        /// serde_json gives: the same fields, or the same error.
        #[test]
        fn strings_read_as_serde_json_reads_them(
            key in string_body(),
            value in string_body(),
            space in "[ \t\r\n]{0,2}",
        ) {
            let text = format!("{space}{{\"{key}\":{space}\"{value}\", \"k\": null}}{space}");
            let (ours, serde) = both(&text);
            prop_assert_eq!(ours, serde, "{:?}", text);
        }

        /// Any sequence of JSON-ish tokens, mostly not JSON at all.
        #[test]
        fn token_soup_reads_as_serde_json_reads_it(
            tokens in proptest::collection::vec(
                prop_oneof![
                    Just("{"), Just("}"), Just("["), Just("]"), Just(":"), Just(","),
                    Just(" "), Just("\n"), Just("\"a\""), Just("\"\\n\""), Just("\""),
                    Just("null"), Just("true"), Just("false"), Just("nul"), Just("1"),
                    Just("\\"), Just("x"),
                ],
                0..14,
            ),
        ) {
            let text = tokens.concat();
            let (ours, serde) = both(&text);
            prop_assert_eq!(ours, serde, "{:?}", text);
        }

        /// Objects of the flat shape with any keys and values, pieces sometimes left out.
        #[test]
        fn flat_shapes_read_as_serde_json_reads_them(
            fields in proptest::collection::vec(
                (string_body(), prop_oneof![
                    string_body().prop_map(|s| format!("\"{s}\"")),
                    Just("null".to_string()),
                    Just("true".to_string()),
                    Just("false".to_string()),
                    Just("-0".to_string()),
                    Just("[\"a\"]".to_string()),
                ], any::<u8>()),
                0..5,
            ),
        ) {
            let mut text = String::from("{");
            for (i, (key, value, drop)) in fields.iter().enumerate() {
                if i > 0 && drop % 7 != 0 {
                    text.push(',');
                }
                text.push_str(&format!("\"{key}\""));
                if drop % 11 != 0 {
                    text.push(':');
                }
                text.push_str(value);
            }
            if fields.len() % 5 != 4 {
                text.push('}');
            }
            let (ours, serde) = both(&text);
            prop_assert_eq!(ours, serde, "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Scanning the first bytes of a text decides nothing the whole text would decide
        /// otherwise: a prefix is the object the whole is (when it holds all of it), or
        /// short of it, or not flat only where the whole is not; and an object scanned flat
        /// is the record `flat_object` reads from it alone, its line breaks counted.
        #[test]
        fn scanning_a_prefix_agrees_with_scanning_the_whole(
            fields in proptest::collection::vec(
                (string_body(), prop_oneof![
                    string_body().prop_map(|s| format!("\"{s}\"")),
                    Just("null".to_string()),
                    Just("true".to_string()),
                    Just("false".to_string()),
                    Just("1".to_string()),
                ], "[ \n]{0,2}"),
                0..4,
            ),
            after in "[ \n,\\]\"{}a]{0,4}",
            cut in any::<proptest::sample::Index>(),
        ) {
            let mut text = String::from("{");
            for (i, (key, value, space)) in fields.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!("{space}\"{key}\"{space}:{space}{value}"));
            }
            text.push('}');
            text.push_str(&after);
            let bytes = text.as_bytes();
            let mut spans = Vec::new();
            let whole = scan_object(bytes, &mut spans);
            if let Scan::Flat { len, lines } = whole {
                prop_assert_eq!(lines, bytes[..len].iter().filter(|&&b| b == b'\n').count());
                let object = &text[..len];
                let ours = record(object, &spans);
                let theirs = flat_object(object, &mut Vec::new());
                prop_assert_eq!(ours, theirs);
            }
            let cut = cut.index(bytes.len() + 1);
            let prefix = scan_object(&bytes[..cut], &mut spans);
            match (prefix, whole) {
                (Scan::Flat { len, .. }, Scan::Flat { len: whole_len, .. }) => {
                    prop_assert_eq!(len, whole_len);
                }
                (Scan::Flat { .. }, _) => prop_assert!(false, "{:?} flat, whole {:?}", &text[..cut], whole),
                (Scan::Short, Scan::Flat { len, .. }) => prop_assert!(cut < len),
                (Scan::Short, _) => {}
                (Scan::Other, whole) => prop_assert_eq!(whole, Scan::Other),
            }
        }

        /// Looking for quotes, backslashes and control characters sixteen or thirty-two bytes
        /// at a time finds what looking byte by byte finds, from anywhere.
        #[test]
        fn special_bytes_are_found_at_every_stride(
            bytes in proptest::collection::vec(
                prop_oneof![8 => 0x20u8..0x7f, 2 => 0x80u8.., 1 => any::<u8>()],
                0..120,
            ),
            from in 0usize..130,
        ) {
            let by_byte = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| is_special(b)))
                .map(|k| from + k);
            for stride in [Stride::Char, Stride::Sixteen, Stride::ThirtyTwo] {
                prop_assert_eq!(special_byte(&bytes, from, stride.allowed()), by_byte, "{:?}", stride);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Any object of short keys (differing in case) and scalar or nested values: every
        /// lookup finds what a `serde_json::Value` tree finds.
        #[test]
        fn lookups_match_the_value_tree(
            fields in proptest::collection::vec(
                ("[tTeE]{1,3}", prop_oneof![
                    Just("null".to_string()),
                    "-?[0-9]{1,4}(\\.[0-9]{1,3})?".prop_map(|s| s),
                    "[a-zأب\\\\n\" ]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
                    Just("[1, [2], {}]".to_string()),
                    Just("{\"a\": {\"b\": []}}".to_string()),
                    Just("false".to_string()),
                ]),
                0..8,
            ),
            name in "[tTeE]{1,3}",
        ) {
            let body: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {v}", serde_json::to_string(k).unwrap()))
                .collect();
            let text = format!("{{{}}}", body.join(", "));
            prop_assert_eq!(ours(&text, &name), by_value(&text, &name), "{}", text);
        }
    }
}
