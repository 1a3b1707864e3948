//! One JSON record's top-level fields, read without building a tree.
//!
//! Records are looked up by a handful of field names, so each top-level value is kept as
//! what the lookup needs: a string (borrowed from the input when it has no escapes), a
//! scalar's text, or only what kind of value it is. Nested arrays and objects are skipped
//! without being built. Reading a corpus into `serde_json::Value` trees and copying the
//! text out of them cost a few per cent of scoring it.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A JSON value: an object's fields, or what other kind of value it is ("a string").
pub(crate) enum Element<'a> {
    Object(Record<'a>),
    Other(&'static str),
}

/// An object's fields in the order they came, each key with its value.
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
        if let Some(i) = self.0.iter().rposition(|(k, _)| k == name) {
            return Some(i);
        }
        self.0
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, (k, _))| k.eq_ignore_ascii_case(name))
            .min_by(|(_, (a, _)), (_, (b, _))| a.cmp(b))
            .map(|(i, _)| i)
    }
}

/// Parses one JSON value.
pub(crate) fn parse(text: &str) -> serde_json::Result<Element<'_>> {
    serde_json::from_str(text)
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
