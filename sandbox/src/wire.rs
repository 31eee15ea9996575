//! Serde types for untrusted JSON: [`Field`], any JSON value whose strings and numbers are
//! wiped when dropped (request bodies carry PINs); [`Members`], an object's members in order;
//! [`Object`], a body that must be a JSON object.

use core::fmt;
use core::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use zeroize::Zeroizing;

/// One JSON value of a request. Strings and number texts are wiped when dropped.
///
/// As a struct field with `#[serde(default)]`, a key that is not there is [`Field::Missing`]
/// (while `null` is [`Field::Null`]).
#[derive(Default)]
pub enum Field {
    /// The key is not in the object.
    #[default]
    Missing,
    /// `null`.
    Null,
    /// `true` or `false` (no field reads a boolean: only the type matters).
    Bool,
    /// A number, as decimal text: integers as their digits (a sign for negatives), any other
    /// number with a `.` or an exponent (so it is never all digits).
    Number(Zeroizing<String>),
    /// A string.
    Text(Zeroizing<String>),
    /// An array. No field reads an array's items: they are kept so that their strings are
    /// wiped when dropped too.
    Array(#[allow(dead_code)] Vec<Field>),
    /// An object.
    Object(Members),
}

impl Field {
    /// The JSON type's name, for messages (never the value).
    pub fn kind(&self) -> &'static str {
        match self {
            Field::Missing => "nothing",
            Field::Null => "null",
            Field::Bool => "boolean",
            Field::Number(_) => "number",
            Field::Text(_) => "string",
            Field::Array(_) => "array",
            Field::Object(_) => "object",
        }
    }

    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Field::Text(s) => Some(s),
            _ => None,
        }
    }

    /// A string as it is or a number as its text; `None` for anything else.
    pub fn text(&self) -> Option<&str> {
        match self {
            Field::Text(s) | Field::Number(s) => Some(s),
            _ => None,
        }
    }

    /// Absent as the partner means it: missing, `null` or `""`.
    pub fn is_absent(&self) -> bool {
        match self {
            Field::Missing | Field::Null => true,
            Field::Text(s) => s.is_empty(),
            _ => false,
        }
    }
}

impl fmt::Debug for Field {
    // Values may be PINs: only the type is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field({})", self.kind())
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Field, E> {
        Ok(Field::Bool)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field, E> {
        Ok(Field::Number(Zeroizing::new(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
        Ok(Field::Number(Zeroizing::new(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field, E> {
        // serde_json's own float text: always a `.` or an exponent (`9999.0`, `1e300`), so a
        // fractional or exponent number never passes for digits. JSON has no NaN/Infinity.
        let text =
            serde_json::Number::from_f64(v).map_or_else(|| "NaN".to_owned(), |n| n.to_string());
        Ok(Field::Number(Zeroizing::new(text)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        Ok(Field::Text(Zeroizing::new(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Field, E> {
        Ok(Field::Text(Zeroizing::new(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field, E> {
        Ok(Field::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Field, E> {
        Ok(Field::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        Field::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Field>()? {
            items.push(item);
        }
        Ok(Field::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
        MembersVisitor.visit_map(map).map(Field::Object)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

/// An object's members in the order given, duplicates kept (lookups take the last, as
/// JavaScript's `JSON.parse` does).
#[derive(Debug, Default)]
pub struct Members(pub Vec<(String, Field)>);

impl Members {
    /// The last value of `key`, or [`Field::Missing`].
    pub fn get(&self, key: &str) -> &Field {
        const MISSING: &Field = &Field::Missing;
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map_or(MISSING, |(_, v)| v)
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let mut members = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Field>()? {
            members.push((key, value));
        }
        Ok(Members(members))
    }
}

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MembersVisitor)
    }
}

/// A `T` read from a JSON object only: an array or a scalar is a type error, even where `T`'s
/// derived `Deserialize` would take a sequence.
pub struct Object<T>(pub T);

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ObjectVisitor<T> {
    type Value = Object<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Object)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    #[test]
    fn numbers_keep_their_digit_status() {
        let m: Members =
            serde_json::from_str(r#"{"a":9999,"b":-1,"c":1.5,"d":9999.0,"e":1e3,"f":-0}"#).unwrap();
        let text = |k| m.get(k).text().unwrap().to_owned();
        assert_eq!(text("a"), "9999");
        assert_eq!(text("b"), "-1");
        for k in ["c", "d", "e", "f"] {
            assert!(!text(k).bytes().all(|b| b.is_ascii_digit()), "{k}");
        }
    }

    #[test]
    fn members_keep_order_and_last_duplicate_wins() {
        let m: Members = serde_json::from_str(r#"{"x":1,"a":"one","x":"two","n":null}"#).unwrap();
        let keys: Vec<&str> = m.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["x", "a", "x", "n"]);
        assert_eq!(m.get("x").as_str(), Some("two"));
        assert!(matches!(m.get("n"), Field::Null));
        assert!(matches!(m.get("zz"), Field::Missing));
        assert!(serde_json::from_str::<Members>("[1]").is_err());
    }

    #[test]
    fn objects_only() {
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct Body {
            token: Field,
        }
        let ok: Object<Body> =
            serde_json::from_str(r#"{"token":"t","extra":[1,{"a":2}]}"#).unwrap();
        assert_eq!(ok.0.token.as_str(), Some("t"));
        let missing: Object<Body> = serde_json::from_str("{}").unwrap();
        assert!(matches!(missing.0.token, Field::Missing));
        let null: Object<Body> = serde_json::from_str(r#"{"token":null}"#).unwrap();
        assert!(matches!(null.0.token, Field::Null));
        for bad in [
            r#"["t"]"#,
            "\"t\"",
            "5",
            "null",
            r#"{"token":"a","token":"b"}"#,
        ] {
            let e = serde_json::from_str::<Object<Body>>(bad).err().unwrap();
            assert_eq!(e.classify(), serde_json::error::Category::Data, "{bad}");
        }
    }
}
