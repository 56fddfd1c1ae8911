//! JSON-like values: what a front-matter key or a `site` setting holds, in file order.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::HashMap;
use std::fmt;

/// A value from YAML front matter or from `site` settings, shaped like JSON.
///
/// YAML tags (`!foo`) are dropped and the tagged value kept; mapping keys that are
/// not strings (numbers, booleans) become their string form, as they would in JSON.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`, `~` or an empty value.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string (dates stay strings, as typed).
    String(String),
    /// A sequence.
    List(Vec<Value>),
    /// A mapping, keys in file order.
    Map(Map),
}

/// An ordered mapping of string keys to values. A key given twice keeps the last
/// value, as Jekyll's YAML reader (Psych) does.
#[derive(Clone, Debug, Default)]
pub struct Map {
    entries: Vec<(String, Value)>,
    /// Positions by key, kept once the map is large: a front matter with tens
    /// of thousands of keys must not take quadratic time to build.
    index: Option<HashMap<String, usize>>,
}

/// Below this many entries a scan is as fast as a hash lookup.
const INDEX_FROM: usize = 32;

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.entries == other.entries
    }
}

impl Map {
    /// An empty map.
    pub fn new() -> Self {
        Map::default()
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    /// Whether `key` is present (even with a null value).
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets `key`, replacing an earlier value in place or appending.
    pub fn insert(&mut self, key: String, value: Value) {
        if let Some(i) = self.position(&key) {
            self.entries[i].1 = value;
            return;
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() > INDEX_FROM {
            self.reindex();
        }
    }

    fn reindex(&mut self) {
        self.index = (self.entries.len() > INDEX_FROM).then(|| {
            self.entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.clone(), i))
                .collect()
        });
    }

    /// Removes `key` and returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let at = self.position(key)?;
        let value = self.entries.remove(at).1;
        if let Some(index) = &mut self.index {
            index.remove(key);
            for i in index.values_mut().filter(|i| **i > at) {
                *i -= 1;
            }
        }
        Some(value)
    }

    /// Removes every key of `keys` in one pass over the entries (not one pass
    /// per key); their values come back in the order of `keys`.
    pub(crate) fn take<const N: usize>(&mut self, keys: [&str; N]) -> [Option<Value>; N] {
        let mut out: [Option<Value>; N] = std::array::from_fn(|_| None);
        let entries = std::mem::take(&mut self.entries);
        self.entries.reserve(entries.len());
        for (key, value) in entries {
            match keys.iter().position(|k| k.len() == key.len() && *k == key) {
                Some(i) => out[i] = Some(value),
                None => self.entries.push((key, value)),
            }
        }
        if self.index.is_some() {
            self.reindex();
        }
        out
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The values, mutably, in order.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Value> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// The entries, values mutably, in order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Value)> {
        self.entries.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Value {
    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value as text the way Liquid or Jekyll would print a scalar
    /// (`to_s`): strings as they are, numbers and booleans in their usual form,
    /// null as empty. Lists and maps give `None`.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::Null => Some(String::new()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(format_float(*f)),
            Value::String(s) => Some(s.clone()),
            Value::List(_) | Value::Map(_) => None,
        }
    }

    /// Whether Liquid treats the value as true (everything but null and false).
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Value::Null | Value::Bool(false))
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        // What `{:.1}` prints: the integer (exact below 1e15) and `.0`, with
        // the sign of -0.0.
        let sign = if f.is_sign_negative() { "-" } else { "" };
        format!("{sign}{}.0", f.abs() as i64)
    } else {
        plain_decimal(f)
    }
}

/// A float as Rust's `Display` prints it: the shortest decimal that reads
/// back as the same float, never with an exponent (`1e21` is
/// `1000000000000000000000`, `1e-7` is `0.0000001`); `NaN`, `inf`, `-inf`.
/// Written here so that the wasm needs none of Rust's float formatting (about
/// 10 KB gzipped): there, the digits come from JavaScript.
pub(crate) fn plain_decimal(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    let mut out = String::from(if f.is_sign_negative() { "-" } else { "" });
    if f.is_infinite() {
        out.push_str("inf");
        return out;
    }
    if f == 0.0 {
        out.push('0');
        return out;
    }
    let (digits, point) = shortest_digits(f.abs());
    if digits.is_empty() {
        // Not reached (a finite non-zero float has digits); no broken number.
        out.push('0');
        return out;
    }
    let len = digits.len() as i32;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point >= len {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - len) as usize));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

/// `s.parse::<f64>().ok()`, in the wasm without Rust's float parsing (its
/// tables and code, about 7 KB gzipped): there, the text is checked against
/// the grammar of `f64::from_str` and its value read by JavaScript's
/// `parseFloat`, which rounds correctly too.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    return s.parse().ok();
    #[cfg(target_arch = "wasm32")]
    return parse_with(s, js_sys::parse_float);
}

/// `f64::from_str`'s grammar: a sign, then `inf`, `infinity` or `nan` (any
/// case), or digits with an optional `.` and exponent; `decimal` reads the
/// digits' value.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn parse_with(s: &str, decimal: impl Fn(&str) -> f64) -> Option<f64> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else if is_decimal(body.as_bytes()) {
        decimal(body)
    } else {
        return None;
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `Digit+ | Digit+ '.' Digit* | Digit* '.' Digit+`, then `[eE] Sign? Digit+`.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn is_decimal(b: &[u8]) -> bool {
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let int = digits(0);
    let mut i = int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        frac = digits(i + 1);
        i += 1 + frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// A positive finite float's shortest round-trip digits, without leading or
/// trailing zeros, and where the decimal point goes: the value is
/// `0.DIGITS × 10^point`. Parsed from `text`, the float in decimal or
/// exponent notation (`123.45`, `1.5e+300`, `1e-7`, `0.000001`).
fn digits_of(text: &str) -> (String, i32) {
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let trimmed = all.trim_start_matches('0');
    let point = int.len() as i32 + exp - (all.len() - trimmed.len()) as i32;
    (trimmed.trim_end_matches('0').to_owned(), point)
}

#[cfg(not(target_arch = "wasm32"))]
fn shortest_digits(f: f64) -> (String, i32) {
    digits_of(&format!("{f:e}"))
}

/// JavaScript's `Number.prototype.toString` gives the shortest round-trip
/// digits too, the closest of them when several are as short; but when two
/// are exactly as close it takes the even one, where Rust rounds up. The
/// float's exact digits say whether it sits halfway: `toPrecision(100)`
/// gives them (every double with a halfway case has fewer than 100; one
/// with more would have to agree with the halfway point to 100 digits).
/// Two decimals of 15 digits or fewer are never the same double (10^15 <
/// 2^53), so shorter digits cannot be a tie and need no second call.
#[cfg(target_arch = "wasm32")]
fn shortest_digits(f: f64) -> (String, i32) {
    let number = js_sys::Number::from(f);
    let text = |r: Result<js_sys::JsString, JsValue>| r.map(String::from).unwrap_or_default();
    let shortest = digits_of(&text(number.to_string_with_radix(10)));
    if shortest.0.len() < 16 {
        return shortest;
    }
    let exact = digits_of(&text(number.to_precision(100)));
    halfway_up(shortest, exact)
}

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsValue;

/// Rust's choice between two shortest digit strings exactly as close: when
/// the exact digits are the shortest's length plus a final 5, the upper one.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn halfway_up(shortest: (String, i32), exact: (String, i32)) -> (String, i32) {
    let (digits, point) = exact;
    if digits.len() != shortest.0.len() + 1 || !digits.ends_with('5') {
        return shortest;
    }
    // The digits before the 5, plus one in the last place.
    let mut up = digits.into_bytes();
    up.pop();
    let mut point = point;
    let mut k = up.len();
    loop {
        if k == 0 {
            up.insert(0, b'1');
            point += 1;
            break;
        }
        k -= 1;
        if up[k] == b'9' {
            up[k] = b'0';
        } else {
            up[k] += 1;
            break;
        }
    }
    let up = String::from_utf8(up).unwrap_or_default();
    (up.trim_end_matches('0').to_owned(), point)
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) => s.serialize_f64(*f),
            Value::String(v) => s.serialize_str(v),
            Value::List(items) => s.collect_seq(items),
            Value::Map(map) => map.serialize(s),
        }
    }
}

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JS numbers arrive as f64; keep whole ones whole.
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(Value::Int(v as i64))
        } else {
            Ok(Value::Float(v))
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<Value>()? {
            let value: Value = access.next_value()?;
            let key = match key {
                Value::String(s) => s,
                other => other.to_text().unwrap_or_default(),
            };
            map.insert(key, value);
        }
        Ok(Value::Map(map))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // serde_yaml hands tagged values (`!tag value`) over as enums: keep the value.
        use de::VariantAccess;
        let (_tag, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant()
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

impl<'de> Deserialize<'de> for Map {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Map, D::Error> {
        match Value::deserialize(d)? {
            Value::Map(m) => Ok(m),
            Value::Null => Ok(Map::new()),
            _ => Err(de::Error::custom("expected a mapping")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimal_is_rusts_display() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut floats = vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            0.3,
            2.5,
            -1.5e300,
            1e21,
            1e-7,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            123_456.789,
            1e15,
            0.000_001,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            floats.push(f64::from_bits(seed));
        }
        for f in floats {
            assert_eq!(plain_decimal(f), f.to_string(), "{:e}", f);
        }
    }

    #[test]
    fn parse_f64_follows_from_strs_grammar() {
        for text in [
            "1",
            "-1",
            "+1",
            "1.",
            ".5",
            "-.5",
            "+.5e3",
            "1e5",
            "1E+5",
            "1e-5",
            "1.5e300",
            "1e400",
            "-0",
            "0.0",
            "inf",
            "-inf",
            "+Infinity",
            "INF",
            "NaN",
            "-nan",
            "infinit",
            "nana",
            "",
            ".",
            "+",
            "-",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            " 1",
            "1 ",
            "0x10",
            "1_000",
            "١",
            "1e5.5",
            "..5",
            "5..",
            "+-1",
            "1.5e3x",
            "00012.50",
            "123456789012345678901234567890",
        ] {
            // Rust's own parser stands in for JavaScript's parseFloat: the
            // grammar is what is tested here.
            let ours = parse_with(text, |d| d.parse().unwrap_or(f64::NAN));
            let std = text.parse::<f64>().ok();
            assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{text:?}");
        }
    }

    #[test]
    fn digits_read_javascripts_number_to_string() {
        // What `Number.prototype.toString` prints, in both notations.
        for (js, digits, point) in [
            ("123.456", "123456", 3),
            ("1e+21", "1", 22),
            ("1.5e-7", "15", -6),
            ("0.000001", "1", -5),
            ("5e-324", "5", -323),
            ("1.7976931348623157e+308", "17976931348623157", 309),
            ("100", "1", 3),
            ("0.5", "5", 0),
        ] {
            assert_eq!(digits_of(js), (digits.to_owned(), point), "{js}");
        }
    }

    #[test]
    fn halfway_floats_round_up_as_rust_does() {
        // (JavaScript's toString, its toPrecision(100), Rust's Display.)
        let zeros = |s: &str, n: usize| format!("{s}{}", "0".repeat(n));
        for (js, exact, rust) in [
            ("562949953421312.2", zeros("562949953421312.25", 83), "562949953421312.25"),
            ("29705857989568.562", zeros("29705857989568.5625", 82), "29705857989568.5625"),
            ("1149880605261568.2", zeros("1149880605261568.25", 82), "1149880605261568.25"),
            ("0.1", zeros("0.1000000000000000055511151231257827021181583404541015625", 45), "0.1"),
            ("0.95", zeros("0.9499999999999999555910790149937383830547332763671875", 48), "0.95"),
            ("9.5367431640625e-7", zeros("9.5367431640625", 86) + "e-7", "9.5367431640625e-7"),
            (
                "2.5822498780869086e+120",
                "2.582249878086908589655919172003011874329705792829223512830659356540647622016841194629645353280137831e+120".to_owned(),
                "2.5822498780869086e120",
            ),
        ] {
            let (digits, point) = halfway_up(digits_of(js), digits_of(&exact));
            let rust: f64 = rust.parse().unwrap_or(f64::NAN);
            let (want, want_point) = digits_of(&format!("{rust:e}"));
            assert_eq!((digits, point), (want, want_point), "{js}");
        }
        // Carries: 0.95 exactly halfway between 0.9 and 1 (as digits).
        assert_eq!(
            halfway_up(("9".into(), 0), ("95".into(), 0)),
            ("1".into(), 1)
        );
        assert_eq!(
            halfway_up(("18".into(), 1), ("195".into(), 1)),
            ("2".into(), 1)
        );
    }

    #[test]
    fn whole_floats_keep_one_decimal() {
        assert_eq!(Value::Float(3.0).to_text().unwrap(), "3.0");
        assert_eq!(Value::Float(-0.0).to_text().unwrap(), "-0.0");
        assert_eq!(Value::Float(-12.0).to_text().unwrap(), "-12.0");
        assert_eq!(Value::Float(1e15).to_text().unwrap(), "1000000000000000");
        assert_eq!(Value::Float(0.25).to_text().unwrap(), "0.25");
    }
}
