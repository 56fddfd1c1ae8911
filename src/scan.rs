//! Byte searches eight bytes at a time: fast in wasm too, where `str::contains` walks byte by byte.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES << 7;

/// Whether any byte of `x` equals `b`.
#[inline]
fn has_byte(x: u64, b: u8) -> bool {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & HIGH != 0
}

/// The high bit of each byte of `x` that equals `b`, and no other bit.
#[inline]
fn byte_mask(x: u64, b: u8) -> u64 {
    const LOW7: u64 = ONES * 0x7F;
    let y = x ^ (ONES * u64::from(b));
    // A byte's low seven bits plus 0x7F carry into its high bit unless they
    // are zero, and never into the next byte: exact, unlike `has_byte`.
    !(((y & LOW7) + LOW7) | y) & HIGH
}

/// The eight bytes at `i` as a little-endian word, if there are eight: a
/// reference to them, then one load (copying them into an array first
/// costs a memcpy call per word in wasm at opt-level "z").
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk = bytes.get(i..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*chunk))
}

/// Calls `f` with the offset of every `a` and every `b` in `hay`, in order.
pub(crate) fn each_of(hay: &[u8], a: u8, b: u8, f: impl FnMut(usize)) {
    each_where(
        hay,
        |x| byte_mask(x, a) | byte_mask(x, b),
        |c| c == a || c == b,
        f,
    );
}

/// Calls `f` with the offset of every byte of `bytes` in `hay`, in order.
pub(crate) fn each_of3(hay: &[u8], bytes: [u8; 3], f: impl FnMut(usize)) {
    let [a, b, c] = bytes;
    each_where(
        hay,
        |x| byte_mask(x, a) | byte_mask(x, b) | byte_mask(x, c),
        |x| x == a || x == b || x == c,
        f,
    );
}

/// Calls `f` with the offset of every `a` in `hay`, in order.
pub(crate) fn each_byte(hay: &[u8], a: u8, f: impl FnMut(usize)) {
    each_where(hay, |x| byte_mask(x, a), |c| c == a, f);
}

/// Calls `f` with the offset of every byte `wanted` picks: `mask` gives the
/// high bit of each such byte in a word, eight at a time; the last few bytes
/// go through `wanted` one by one.
#[inline(always)]
fn each_where(
    hay: &[u8],
    mask: impl Fn(u64) -> u64,
    wanted: impl Fn(u8) -> bool,
    mut f: impl FnMut(usize),
) {
    let mut i = 0;
    while let Some(x) = word_at(hay, i) {
        let mut found = mask(x);
        while found != 0 {
            f(i + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
        i += 8;
    }
    for (j, &c) in hay[i..].iter().enumerate() {
        if wanted(c) {
            f(i + j);
        }
    }
}

/// How many UTF-16 code units the UTF-8 text `bytes` makes: one per
/// character, two for one outside the Basic Multilingual Plane. Eight bytes
/// at a time: a continuation byte (`10xxxxxx`) starts no character, a lead
/// byte of four (`11110xxx`) makes a surrogate pair. (For the wasm's block
/// slices of the HTML string.)
#[cfg(any(test, target_arch = "wasm32"))]
pub(crate) fn utf16_len(bytes: &[u8]) -> usize {
    let mut units = 0;
    let mut i = 0;
    while let Some(x) = word_at(bytes, i) {
        units += 8;
        if x & HIGH != 0 {
            let continuation = x & !(x << 1) & HIGH;
            let four = x & (x << 1) & (x << 2) & (x << 3) & HIGH;
            units -= continuation.count_ones() as usize;
            units += four.count_ones() as usize;
        }
        i += 8;
    }
    for &b in &bytes[i..] {
        units += usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
    }
    units
}

/// The first `needle` in `hay` at or after `from`.
pub(crate) fn find_byte(hay: &[u8], needle: u8, from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(x) = word_at(hay, i) {
        if has_byte(x, needle) {
            break;
        }
        i += 8;
    }
    hay.get(i..)?
        .iter()
        .position(|&b| b == needle)
        .map(|p| i + p)
}

/// The first `needle` (not empty) in `hay` at or after `from`: a byte search,
/// then a comparison. A needle that starts with a non-ASCII lead byte is
/// searched by its second byte: a lead byte such as EF (which also starts
/// Chinese fullwidth punctuation) is common, one continuation byte is not.
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let k = usize::from(needle.len() >= 2 && first >= 0xC0);
    let mut at = from + k;
    while let Some(i) = find_byte(hay, needle[k], at) {
        let start = i - k;
        if hay[start..].starts_with(needle) {
            return Some(start);
        }
        at = i + 1;
    }
    None
}

/// [`find_bytes`] on text.
pub(crate) fn find_str(hay: &str, needle: &str, from: usize) -> Option<usize> {
    find_bytes(hay.as_bytes(), needle.as_bytes(), from)
}

/// For each `(first, second)` pair, whether `hay` holds `first` directly followed by `second`.
pub(crate) fn has_pairs<const N: usize>(hay: &[u8], pairs: [(u8, u8); N]) -> [bool; N] {
    pairs.map(|(first, second)| has_pair_of(hay, first, &[second]))
}

/// Whether `hay` holds `first` directly followed by one of `seconds`: one
/// search for `first` whatever the number of seconds.
pub(crate) fn has_pair_of(hay: &[u8], first: u8, seconds: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = find_byte(hay, first, at) {
        if hay.get(i + 1).is_some_and(|b| seconds.contains(b)) {
            return true;
        }
        at = i + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_utf16_units_as_rust_does() {
        let texts = [
            "",
            "a",
            "plain ascii, longer than eight bytes",
            "é",
            "café au lait, crème brûlée",
            "“quoted” – dash — and ’",
            "中文字符，標點。",
            "🎉",
            "a🎉b😀c𝄞d and more text after them",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        ];
        for text in texts {
            for start in 0..text.len() {
                let Some(rest) = text.get(start..) else {
                    continue;
                };
                assert_eq!(
                    utf16_len(rest.as_bytes()),
                    rest.encode_utf16().count(),
                    "{rest:?}"
                );
            }
        }
    }

    #[test]
    fn finds_bytes_and_pairs() {
        let hay = b"0123456789abcdef{x}{:y $ $$ end";
        assert_eq!(find_byte(hay, b'{', 0), Some(16));
        assert_eq!(find_byte(hay, b'{', 17), Some(19));
        assert_eq!(find_byte(hay, b'#', 0), None);
        assert_eq!(
            has_pairs(hay, [(b'{', b':'), (b'$', b'$'), (b'*', b'*')]),
            [true, true, false]
        );
        assert_eq!(has_pairs(b"", [(b'{', b'{')]), [false]);
        assert!(has_pair_of(b"a{b{%", b'{', b"{%"));
        assert!(!has_pair_of(b"a{b{ %{", b'{', b"{%"));
        assert_eq!(find_str("a\u{FDD2}b\u{FDD2}\n", "\u{FDD2}\n", 0), Some(5));
        assert_eq!(find_str("a\u{FDD2}\n", "\u{FDD2}\n", 2), None);
        assert_eq!(find_str("abc", "", 0), None);
        assert_eq!(find_str("abc \u{FDD0}0\u{FDD1}", "\u{FDD1}", 0), Some(8));
        assert_eq!(find_str("abc \u{FDD0}0", "\u{FDD1}", 0), None);
        assert_eq!(find_str("\u{FFFD}", "\u{FFFD}", 0), Some(0));
        assert_eq!(find_str("\u{EFBF}\u{FFFC}", "\u{FFFD}", 0), None);
        let mut at = Vec::new();
        each_of(b"\n\x0b\x8a\r\nxxxxxxx\x0d\x8d\x0a", b'\n', b'\r', |i| {
            at.push(i)
        });
        assert_eq!(at, [0, 3, 4, 12, 14]);
        at.clear();
        each_byte(b"\n\x0b\x8a\r\nxxxxxxx\x0d\x8d\x0a\x8a\n", b'\n', |i| {
            at.push(i)
        });
        assert_eq!(at, [0, 4, 14, 16]);
    }
}
