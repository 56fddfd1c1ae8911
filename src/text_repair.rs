//! Text in, text out: UTF-8 that was decoded as Windows-1252, Latin-1 or MacRoman is put back.
//!
//! # The codec facts
//!
//! A character outside ASCII is two to four bytes in UTF-8: a lead byte
//! `C2`–`DF` (two bytes), `E0`–`EF` (three) or `F0`–`F4` (four), then
//! continuation bytes `80`–`BF`. A legacy single-byte codec turns each of those
//! bytes into one character, so "á" (`C3 A1`) becomes "Ã¡" through
//! Windows-1252 or Latin-1 and "√°" through MacRoman. ASCII bytes never occur
//! inside a sequence, so a garbled run never contains an ASCII character.
//!
//! Two byte maps are enough for the three codecs:
//!
//! * **Windows** — Windows-1252 as browsers decode it: `80`–`9F` are the 27
//!   typographic characters (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž
//!   Ÿ) and the five bytes the code page leaves undefined (`81 8D 8F 90 9D`)
//!   become the C1 controls U+0081…; `A0`–`FF` are Latin-1. Latin-1 proper
//!   differs only in giving *every* byte `80`–`9F` its C1 control, so mapping
//!   both the typographic character and the control back to the same byte
//!   covers both codecs at once.
//! * **Mac** — MacRoman, where `80`–`BF` are mostly accented letters and math
//!   symbols and the lead bytes are `¬ √ ƒ ≈ ∆ « » …`, no-break space,
//!   `À Ã Õ Œ œ – — “ ” ‘ ’ ÷ ◊ ÿ Ÿ ⁄ € ‹ › ﬁ ﬂ ‡ · ‚ „ ‰ Â Ê Á Ë È Í Î Ï Ì Ó Ô`
//!   and `` Ò Ú Û Ù``.
//!
//! So a Windows lead is one of `Â`–`ô` (U+00C2–U+00F4) and a Windows
//! continuation one of the 64 characters for `80`–`BF`; the Mac sets come from
//! [`MAC_ROMAN`]. Only a lead directly followed by a continuation of the same
//! codec can start a garbled sequence, which is what the fast path looks for.
//!
//! # The context rules
//!
//! Every lead is also a character real text uses (É, Ø, “, —, √ …) and so is
//! every continuation, so the byte pattern alone proves nothing for a
//! two-character sequence. A candidate (or a cluster of adjacent candidates)
//! is repaired when two things hold:
//!
//! 1. **The garbled reading looks like no real text.** Each bigram around and
//!    inside the candidate is checked against what writing systems produce
//!    ([`bigram_odd`]): a C1 control or soft hyphen; a symbol inside a word
//!    (`Nicol√°s`, `SÃ£o`, `Introduce≈£i`); an uppercase accented letter right
//!    after a lowercase letter (`cafÃ©`, `voilÃ`); two different accented
//!    Latin letters side by side inside one sequence (`ÄŒ`, `Äú`); letters of
//!    two scripts glued together (`Ãµ`, `π` before `r`); a closing quote
//!    after an accented letter when no opening quote precedes it (`TEÅ»`,
//!    `nhá»›`, but not `«MAÇÃ»` or `“IRMÃ”`); a prefix symbol followed by an
//!    accented letter (`≈Ñ`, `√©`); a superscript after an accented capital
//!    (`Î²`, but `Å²` is a unit); a no-break space next to an ordinary space
//!    (`Ã\u{A0} Paris`) or between a one-letter accented capital and a word
//!    (`Å\u{A0}koda`); an `Â` ending a word or glued to a digit (no language
//!    ends a word in â). Several adjacent candidates that decode to letters of
//!    one script (a whole Cyrillic or Greek word) and text garbled more than
//!    once count as garbled too.
//! 2. **The decoded reading is plausible** ([`decoded_ok`]). The character
//!    must be a common letter or symbol ([`tier`] 1): Latin-1, Latin
//!    Extended-A, Vietnamese and Romanian letters, Greek, basic Cyrillic,
//!    general punctuation, currency, letterlike, arrows, math, box drawing,
//!    dingbats, kana, CJK, Hangul, emoji. Rarer characters (tier 2: IPA,
//!    Armenian, Hebrew, Arabic, Indic, Thai, Ethiopic … with their marks and
//!    punctuation; ZWJ/ZWNJ; VS16; the accents of decomposed text) need
//!    company ([`supported`]): a letter of the same script decoded with them,
//!    an emoji for a joiner, an ASCII letter before a combining accent —
//!    unless the garbled run held a C1 control, which clean text never does.
//!    Never a control, private-use, noncharacter or unassigned character.
//!    Letters must match the script of their neighbours (Greek and CJK may
//!    touch ASCII: `µm`, `のUnicode`), and a symbol must not end up inside a
//!    word (`CAPIT×NUNCA`). A decoded letter between two accented letters
//!    that are *not* garbled is refused: in garbled text they would be too.
//!
//! Text garbled more than once (up to [`MAX_DEPTH`] layers) is undone in one
//! step when a decoded run is itself a complete garbled run: the deepest
//! plausible layer wins. The whole process then repeats (at most
//! [`MAX_ROUNDS`] times) while it keeps changing something. Where a Windows
//! and a MacRoman reading overlap, the one explaining more characters wins.
//!
//! **Ambiguous cases.** Some pairs read well both ways: an all-caps word that
//! really ends in Ã/Å/Ä followed by a closing quote, an ellipsis or a mark
//! (`“IRMÃ”`, `«MAÇÃ»`, `IRMÃ…`, `CAFÃ™`) against `IRMÔ`, `MAÇû`, `PÅ`, `OÙ`. Such
//! a candidate is left alone, unless the same text also holds unambiguous
//! garbling by the same codec decoding to the same script: a consistently
//! garbled text cannot contain a genuine `Ã`, because the garbling would have
//! turned it into `Ãƒ`. So `PÃ…` alone stays, `PÃ… Ã© Ã¤` becomes `PÅ é ä`.
//!
//! `Â·` is repaired to `·`: `Â` never ends a word in any language and a
//! middle dot is common after garbling (Catalan `l·l`, separators), while a
//! literal `Â·` only appears when discussing letters, written `“Â”` instead —
//! which is kept, as are `“Ã”` and `“Ð”`.
//!
//! **Known limits.** A single rare character alone in Latin text is not
//! repaired when only one garbled pair carries it (`Ç…` for `ǅ`, `É™` for
//! `ə`, `áƒ\u{90}` for Georgian `ა`): IPA, Latin Extended-B, Armenian, Hebrew,
//! Arabic, Georgian … need a second character of their script. `ï»¿` (a
//! garbled byte-order mark) and `â€‹` (zero-width space) stay, as their
//! decodings are invisible. Text that really is written in mojibake (an
//! article about mojibake) gets repaired like any other. Decomposed text is
//! repaired but not normalized (`BUÌˆCHER` becomes `BU\u{308}CHER`). Other
//! codecs (cp1251, cp1256, Shift-JIS …) are out of scope.
//!
//! # Cost
//!
//! A garbled pair needs two adjacent non-ASCII characters, and continuations
//! are never ASCII, so [`suspicious_runs`] scans eight bytes at a time for a
//! lead byte right after a non-ASCII byte; clean text with isolated accents,
//! quotes and dashes costs that scan alone. Everything else is linear too:
//! only non-ASCII runs holding a candidate are examined, each a bounded
//! number of times, and the only backward look (for an opening quote) is
//! limited to [`OPENER_WINDOW`] bytes.

/// One repaired run.
pub(crate) struct Fix {
    /// Byte offset in the input where the garbled run starts.
    pub offset: usize,
    /// Byte length of the garbled run in the input.
    pub len: usize,
    /// The garbled run as it was in the input.
    pub garbled: String,
    /// What it was put back to.
    pub fixed: String,
}

/// Repairs `text`, or returns `None` when nothing needs repair (the common
/// case, decided by a byte scan that allocates nothing).
pub(crate) fn repair(text: &str) -> Option<(String, Vec<Fix>)> {
    let mut runs = suspicious_runs(text).peekable();
    runs.peek()?;
    repair_runs(text, runs)
}

/// Repairs the given non-ASCII runs (byte ranges) of `text`.
fn repair_runs(
    text: &str,
    runs: impl Iterator<Item = (usize, usize)>,
) -> Option<(String, Vec<Fix>)> {
    let mut work: Vec<(Run, Vec<Tok>, bool)> = Vec::new();
    let mut evidence = 0u32;
    for (start, end) in runs {
        let run = Run::new(text, start, end);
        let mut ambiguous = false;
        let toks = run.process(None, &mut evidence, &mut ambiguous);
        work.push((run, toks, ambiguous));
    }
    if evidence != 0 {
        for (run, toks, ambiguous) in &mut work {
            if *ambiguous {
                let (mut unused_evidence, mut unused_ambiguous) = (0, false);
                *toks = run.process(Some(evidence), &mut unused_evidence, &mut unused_ambiguous);
            }
        }
    }
    let mut fixes = Vec::new();
    for (_, toks, _) in &work {
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].changed {
                i += 1;
                continue;
            }
            let first = i;
            while i < toks.len() && toks[i].changed {
                i += 1;
            }
            let (offset, end) = (toks[first].start, toks[i - 1].end);
            fixes.push(Fix {
                offset,
                len: end - offset,
                garbled: text[offset..end].to_string(),
                fixed: toks[first..i].iter().map(|t| t.c).collect(),
            });
        }
    }
    if fixes.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for fix in &fixes {
        out.push_str(&text[copied..fix.offset]);
        out.push_str(&fix.fixed);
        copied = fix.offset + fix.len;
    }
    out.push_str(&text[copied..]);
    Some((out, fixes))
}

/// How many times a run is repaired over, while each round changes something.
const MAX_ROUNDS: usize = 4;
/// How many garblings one candidate run may be undone through at once.
const MAX_DEPTH: usize = 3;
/// How far back (in bytes) an opening quote is looked for.
const OPENER_WINDOW: usize = 256;
const NBSP: char = '\u{A0}';

// ---------------------------------------------------------------------------
// The codecs.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Codec {
    /// Windows-1252 (browser variant) and Latin-1.
    Windows,
    /// MacRoman.
    Mac,
}

const CODECS: [Codec; 2] = [Codec::Windows, Codec::Mac];

impl Codec {
    /// The byte (`80`–`FF`) this codec decodes to `c`, if any.
    fn byte(self, c: char) -> Option<u8> {
        match self {
            Codec::Windows => windows_byte(c),
            Codec::Mac => mac_byte(c),
        }
    }
}

fn windows_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        // Latin-1, and the C1 controls for Latin-1 and cp1252's five holes.
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// MacRoman bytes `80`–`FF`.
#[rustfmt::skip]
const MAC_ROMAN: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è',
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü',
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø',
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø',
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{A0}', 'À', 'Ã', 'Õ', 'Œ', 'œ',
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ',
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô',
    '\u{F8FF}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ',
];

/// MacRoman byte for each character U+0000–U+00FF (0 where there is none).
const MAC_FROM_LATIN1: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let c = MAC_ROMAN[i] as u32;
        if c < 256 {
            table[c as usize] = 0x80 + i as u8;
        }
        i += 1;
    }
    table
};

fn mac_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 256 {
        return match MAC_FROM_LATIN1[u as usize] {
            0 => None,
            b => Some(b),
        };
    }
    Some(match c {
        'ı' => 0xF5,
        'Œ' => 0xCE,
        'œ' => 0xCF,
        'Ÿ' => 0xD9,
        'ƒ' => 0xC4,
        'ˆ' => 0xF6,
        'ˇ' => 0xFF,
        '˘' => 0xF9,
        '˙' => 0xFA,
        '˚' => 0xFB,
        '˛' => 0xFE,
        '˜' => 0xF7,
        '˝' => 0xFD,
        'Ω' => 0xBD,
        'π' => 0xB9,
        '–' => 0xD0,
        '—' => 0xD1,
        '‘' => 0xD4,
        '’' => 0xD5,
        '‚' => 0xE2,
        '“' => 0xD2,
        '”' => 0xD3,
        '„' => 0xE3,
        '†' => 0xA0,
        '‡' => 0xE0,
        '•' => 0xA5,
        '…' => 0xC9,
        '‰' => 0xE4,
        '‹' => 0xDC,
        '›' => 0xDD,
        '⁄' => 0xDA,
        '€' => 0xDB,
        '™' => 0xAA,
        '∂' => 0xB6,
        '∆' => 0xC6,
        '∏' => 0xB8,
        '∑' => 0xB7,
        '√' => 0xC3,
        '∞' => 0xB0,
        '∫' => 0xBA,
        '≈' => 0xC5,
        '≠' => 0xAD,
        '≤' => 0xB2,
        '≥' => 0xB3,
        '◊' => 0xD7,
        '\u{F8FF}' => 0xF0,
        'ﬁ' => 0xDE,
        'ﬂ' => 0xDF,
        _ => return None,
    })
}

/// Number of bytes in a UTF-8 sequence starting with `lead`.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// Whether `b` may be continuation byte number `k` (1-based) after `lead`:
/// the narrower second-byte ranges exclude overlong forms, surrogates and
/// code points past U+10FFFF.
fn continuation_ok(lead: u8, k: usize, b: u8) -> bool {
    let range = match (lead, k) {
        (0xE0, 1) => 0xA0..=0xBF,
        (0xED, 1) => 0x80..=0x9F,
        (0xF0, 1) => 0x90..=0xBF,
        (0xF4, 1) => 0x80..=0x8F,
        _ => 0x80..=0xBF,
    };
    range.contains(&b)
}

/// Whether `c` then `d` can start a garbled sequence in some codec.
fn starts_pair(c: char, d: char) -> bool {
    CODECS
        .iter()
        .any(|&k| matches!(k.byte(c), Some(0xC2..=0xF4)) && matches!(k.byte(d), Some(0x80..=0xBF)))
}

/// Decodes the garbled sequence starting at `chars[i]`: how many characters it
/// spans and the character they stood for.
fn parse(chars: &[char], i: usize, codec: Codec) -> Option<(usize, char)> {
    let lead = codec.byte(*chars.get(i)?)?;
    let len = sequence_len(lead)?;
    let mut buf = [lead, 0, 0, 0];
    for (k, slot) in buf.iter_mut().enumerate().take(len).skip(1) {
        let b = codec.byte(*chars.get(i + k)?)?;
        if !continuation_ok(lead, k, b) {
            return None;
        }
        *slot = b;
    }
    let decoded = std::str::from_utf8(&buf[..len]).ok()?.chars().next()?;
    Some((len, decoded))
}

// ---------------------------------------------------------------------------
// Finding the runs worth a look (the fast path).

/// Byte ranges of maximal non-ASCII runs that hold a lead followed by a
/// continuation. Allocation-free.
///
/// A continuation is never ASCII, so only two adjacent non-ASCII characters
/// can form a garbled pair: [`next_adjacent`] finds those eight bytes at a
/// time, so isolated accents, quotes and dashes cost nothing extra. Then
/// the first UTF-8 byte of each of the two characters rules most pairs out:
/// every lead of either codec starts with `C2 C3 C5 C6 E2 EF` and every
/// continuation with `C2 C3 C5 C6 CB CE CF E2` (so a Cyrillic or CJK run
/// costs a table look-up a character); only the rest are decoded.
fn suspicious_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let (mut pos, mut run_end) = (0, 0);
    std::iter::from_fn(move || {
        while let Some(j) = next_adjacent(bytes, pos) {
            pos = j + 1;
            // Start of the character before: at most three bytes back.
            let mut k = j - 1;
            while bytes[k] & 0xC0 == 0x80 {
                k -= 1;
            }
            if FIRST_BYTE[bytes[k] as usize] & LEAD == 0 {
                continue;
            }
            let pair = (text[k..].chars().next(), text[j..].chars().next());
            if !matches!(pair, (Some(c), Some(d)) if starts_pair(c, d)) {
                continue;
            }
            // End of the run, found once per run.
            if run_end <= j {
                run_end = j;
                while run_end < bytes.len() && bytes[run_end] >= 0x80 {
                    run_end += 1;
                }
            }
            if worth_a_look(text, k, run_end) {
                let mut start = k;
                while start > 0 && bytes[start - 1] >= 0x80 {
                    start -= 1;
                }
                pos = run_end;
                return Some((start, run_end));
            }
        }
        None
    })
}

/// Whether the garbled sequence that may start at byte `k` (inside a
/// non-ASCII run ending at `end`) could be repaired: it must decode in some
/// codec, and a run that is nothing but that sequence between ASCII
/// characters (the `’é` of French `l’été`, MacRoman for an Armenian letter)
/// must decode to something [`Run::judge`] could accept with no company.
fn worth_a_look(text: &str, k: usize, end: usize) -> bool {
    let mut chars = ['\0'; 4];
    let mut m = 0;
    for c in text[k..end].chars().take(4) {
        chars[m] = c;
        m += 1;
    }
    let lone = |n: usize| chars[..n].iter().map(|c| c.len_utf8()).sum::<usize>() == end - k;
    let alone_at_start = text[..k].chars().next_back().is_none_or(|c| c.is_ascii());
    CODECS
        .iter()
        .any(|&codec| match parse(&chars[..m], 0, codec) {
            None => false,
            Some((n, x)) if alone_at_start && lone(n) => {
                let certain = chars[..n].iter().any(|c| ('\u{80}'..='\u{9F}').contains(c));
                match tier(x) {
                    0 => false,
                    2 => certain || is_combining(x),
                    _ => true,
                }
            }
            Some(_) => true,
        })
}

/// The first index `j >= from` where a character that can be a continuation
/// ([`CONT`] in [`FIRST_BYTE`]) starts right after a non-ASCII byte: two
/// adjacent non-ASCII characters, the second one that can continue a
/// garbled pair. Eight bytes at a time (SWAR); the table is looked up only
/// for character starts after a non-ASCII byte, so a run of Chinese text
/// costs a look-up per character and no restart.
fn next_adjacent(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let continues = |j: usize| FIRST_BYTE[usize::from(bytes[j])] & CONT != 0;
    let mut i = from.max(1);
    while let Some(w) = crate::scan::word_at(bytes, i) {
        let high = w & HIGH;
        if high != 0 {
            // Bit 7 of each byte: the byte is C0–FF (bits 7 and 6 set).
            let lead = w & (w << 1) & HIGH;
            // Bit 7 of each byte: the byte before it is 80–FF.
            let after_high = (high << 8) | (u64::from(bytes[i - 1] & 0x80));
            let mut hit = lead & after_high;
            while hit != 0 {
                let j = i + (hit.trailing_zeros() / 8) as usize;
                if continues(j) {
                    return Some(j);
                }
                hit &= hit - 1;
            }
        }
        i += 8;
    }
    (i..bytes.len()).find(|&j| bytes[j] >= 0xC0 && bytes[j - 1] >= 0x80 && continues(j))
}

const LEAD: u8 = 1;
const CONT: u8 = 2;

/// For each byte: whether a character whose UTF-8 form starts with it can
/// be a lead ([`LEAD`]) or a continuation ([`CONT`]) in some codec.
const FIRST_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    table[0xC2] = LEAD | CONT;
    table[0xC3] = LEAD | CONT;
    table[0xC5] = LEAD | CONT;
    table[0xC6] = LEAD | CONT;
    table[0xCB] = CONT;
    table[0xCE] = CONT;
    table[0xCF] = CONT;
    table[0xE2] = LEAD | CONT;
    table[0xEF] = LEAD;
    table
};

// ---------------------------------------------------------------------------
// Repairing one run.

/// A character of a run being repaired, with the input bytes it stands for.
#[derive(Clone, Copy, Debug)]
struct Tok {
    c: char,
    start: usize,
    end: usize,
    changed: bool,
}

/// A candidate: `n` characters from token `at` decode to `c`.
#[derive(Clone, Copy, Debug)]
struct Cand {
    at: usize,
    n: usize,
    c: char,
}

/// One non-ASCII run of the input with the three characters either side.
struct Run<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    before: [Option<char>; 3],
    after: [Option<char>; 3],
}

enum Verdict {
    /// Garbled beyond doubt: replace with these (decoded through the
    /// codecs in the mask, bit 0 Windows, bit 1 Mac).
    Repair(Vec<Tok>, u32),
    /// Reads well both ways; repair only if the text is garbled elsewhere.
    Ambiguous(Vec<Tok>, u16),
    Keep,
}

impl<'a> Run<'a> {
    fn new(text: &'a str, start: usize, end: usize) -> Self {
        let mut before = [None; 3];
        for (slot, c) in before.iter_mut().zip(text[..start].chars().rev()) {
            *slot = Some(c);
        }
        let mut after = [None; 3];
        for (slot, c) in after.iter_mut().zip(text[end..].chars()) {
            *slot = Some(c);
        }
        Run {
            text,
            start,
            end,
            before,
            after,
        }
    }

    /// Repairs the run until nothing changes. With `eager` (a set of script
    /// bits), ambiguous candidates decoding to one of those scripts are
    /// repaired too. Scripts of unambiguous repairs are added to `evidence`
    /// (16 bits per codec: a consistently garbled text is garbled by one);
    /// `ambiguous` is set when an ambiguous candidate was left alone.
    fn process(&self, eager: Option<u32>, evidence: &mut u32, ambiguous: &mut bool) -> Vec<Tok> {
        let mut toks: Vec<Tok> = self.text[self.start..self.end]
            .char_indices()
            .map(|(i, c)| Tok {
                c,
                start: self.start + i,
                end: self.start + i + c.len_utf8(),
                changed: false,
            })
            .collect();
        for _ in 0..MAX_ROUNDS {
            match self.pass(&toks, eager, evidence, ambiguous) {
                Some(next) => toks = next,
                None => break,
            }
        }
        toks
    }

    /// One left-to-right pass with both codecs; `None` if nothing changed.
    /// Where the two codecs' repairs overlap, the one explaining more of the
    /// run wins (MacRoman's `–ü—Ä–∏` over the Windows pair `Ä–` inside it).
    fn pass(
        &self,
        toks: &[Tok],
        eager: Option<u32>,
        evidence: &mut u32,
        ambiguous: &mut bool,
    ) -> Option<Vec<Tok>> {
        let chars: Vec<char> = toks.iter().map(|t| t.c).collect();
        let mut lists: [Vec<Found>; 2] = [Vec::new(), Vec::new()];
        for (codec, list) in CODECS.into_iter().zip(&mut lists) {
            self.collect(toks, &chars, codec, eager, list, ambiguous);
        }
        let [windows, mac] = lists;
        if windows.is_empty() && mac.is_empty() {
            return None;
        }
        // Each list is sorted and disjoint: merge them by start, and where a
        // repair overlaps the one kept before it, keep the longer.
        let mut chosen: Vec<Found> = Vec::with_capacity(windows.len() + mac.len());
        let (mut a, mut b) = (windows.into_iter().peekable(), mac.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.0 <= y.0,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let Some(next) = (if take_a { a.next() } else { b.next() }) else {
                break;
            };
            match chosen.last_mut() {
                Some(last) if last.1 > next.0 => {
                    if next.1 - next.0 > last.1 - last.0 {
                        *last = next;
                    }
                }
                _ => chosen.push(next),
            }
        }
        for found in &chosen {
            *evidence |= found.3;
        }
        let mut out = Vec::with_capacity(toks.len());
        let mut copied = 0;
        for (s, e, new, _) in chosen {
            out.extend_from_slice(&toks[copied..s]);
            out.extend(new);
            copied = e;
        }
        out.extend_from_slice(&toks[copied..]);
        Some(out)
    }

    /// The repairs one codec finds: (start, end, replacement, evidence bits
    /// of unambiguous ones). A cluster that fails as a whole is split around
    /// the candidates that decode to nothing plausible (a garbled BOM before
    /// a garbled word), and what still fails is judged one candidate at a
    /// time.
    fn collect(
        &self,
        toks: &[Tok],
        chars: &[char],
        codec: Codec,
        eager: Option<u32>,
        found: &mut Vec<Found>,
        ambiguous: &mut bool,
    ) {
        let mut cands = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match parse(chars, i, codec) {
                Some((n, c)) => {
                    cands.push(Cand { at: i, n, c });
                    i += n;
                }
                None => i += 1,
            }
        }
        let shift = 16 * codec as u32;
        let mut accept = |group: &[Cand], verdict: Verdict| -> bool {
            let (new, bits) = match verdict {
                Verdict::Repair(new, codecs) => {
                    let scripts = u32::from(scripts_of(&new));
                    let bits = (0..2)
                        .filter(|k| codecs & (1 << k) != 0)
                        .fold(0, |acc, k| acc | scripts << (16 * k));
                    (new, bits)
                }
                Verdict::Ambiguous(new, script)
                    if eager.is_some_and(|e| e & (u32::from(script) << shift) != 0) =>
                {
                    (new, 0)
                }
                Verdict::Ambiguous(..) => {
                    *ambiguous = true;
                    return false;
                }
                Verdict::Keep => return false,
            };
            let last = group[group.len() - 1];
            found.push((group[0].at, last.at + last.n, new, bits));
            true
        };
        let mut k = 0;
        while k < cands.len() {
            let mut e = k + 1;
            while e < cands.len() && cands[e].at == cands[e - 1].at + cands[e - 1].n {
                e += 1;
            }
            let cluster = &cands[k..e];
            // A part split off around implausible decodes is judged against
            // its decoded neighbours; single candidates against the text.
            let judge = |a: usize, b: usize, decoded: bool| {
                let dp = a.checked_sub(1).map(|i| cluster[i].c).filter(|_| decoded);
                let dn = cluster.get(b).map(|c| c.c).filter(|_| decoded);
                self.judge(toks, &cluster[a..b], codec, dp, dn)
            };
            if !accept(cluster, judge(0, cluster.len(), false)) && cluster.len() > 1 {
                let split = cluster.iter().any(|c| tier(c.c) == 0);
                let mut a = 0;
                while a < cluster.len() {
                    if tier(cluster[a].c) == 0 {
                        a += 1;
                        continue;
                    }
                    let mut b = a + 1;
                    while b < cluster.len() && tier(cluster[b].c) != 0 {
                        b += 1;
                    }
                    if !(split && accept(&cluster[a..b], judge(a, b, true))) {
                        for i in a..b {
                            accept(&cluster[i..=i], judge(i, i + 1, false));
                        }
                    }
                    a = b;
                }
            }
            k = e;
        }
    }

    /// Decides one group of adjacent candidates.
    /// `dp`/`dn`: the decoded neighbours when the group is part of a larger
    /// cluster (the decoded reading is judged against them).
    fn judge(
        &self,
        toks: &[Tok],
        group: &[Cand],
        codec: Codec,
        dp: Option<char>,
        dn: Option<char>,
    ) -> Verdict {
        let s = group[0].at;
        let last = group[group.len() - 1];
        let e = last.at + last.n;
        let at = toks[s].start;
        let opener = |closer: char| has_opener(self.text, at, closer);

        let garbled: Vec<char> = toks[s..e].iter().map(|t| t.c).collect();
        let certain = garbled.iter().any(|&c| ('\u{80}'..='\u{9F}').contains(&c));
        let seqs: Vec<(usize, usize)> = group.iter().map(|c| (c.at - s, c.n)).collect();
        let mut odd = self.looks_garbled(toks, s, e, &garbled, &seqs, &opener);

        let level: Vec<Tok> = group
            .iter()
            .map(|c| Tok {
                c: c.c,
                start: toks[c.at].start,
                end: toks[c.at + c.n - 1].end,
                changed: true,
            })
            .collect();
        if group.len() >= 2 && one_script_word(&level) {
            odd = true;
        }
        let (raw_p, raw_n) = (
            self.char_at(toks, s as isize - 1),
            self.char_at(toks, e as isize),
        );
        // Between two accented letters that survived intact the text was
        // not garbled there (a list like "βèƒôřè").
        let intact = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && is_letter(c));
        if dp.is_none() && dn.is_none() && intact(raw_p) && intact(raw_n) {
            return Verdict::Keep;
        }
        let p = dp.or(raw_p);
        let n = dn.or(raw_n);
        // Garbled more than once: a decoded run that is itself a complete
        // garbled run. Once the text is known to be garbled, a decoded `Ã¹`
        // is far likelier another layer than text someone wrote; otherwise
        // the decoded run must look garbled itself. The deepest plausible
        // layer wins; the ones in between are garbage by nature.
        let mut layers = vec![(level, 1u32 << codec as u32)];
        while layers.len() < MAX_DEPTH {
            let (last, codecs) = &layers[layers.len() - 1];
            let Some((next, next_seqs, next_codec)) = decode_whole(last) else {
                break;
            };
            let chars: Vec<char> = last.iter().map(|t| t.c).collect();
            let first_odd = odd || layers.len() > 1;
            if !(first_odd || self.looks_garbled(toks, s, e, &chars, &next_seqs, &opener)) {
                break;
            }
            let codecs = codecs | 1 << next_codec as u32;
            layers.push((next, codecs));
        }
        let Some(depth) = (0..layers.len())
            .rev()
            .find(|&d| decoded_ok(&layers[d].0, p, n, certain))
        else {
            return Verdict::Keep;
        };
        // Two layers undone is garbling beyond doubt.
        odd |= depth > 0;
        let (level, codecs) = layers.swap_remove(depth);
        if odd {
            return Verdict::Repair(level, codecs);
        }
        if let [only] = level.as_slice() {
            if is_letter(only.c) && tier(only.c) == 1 {
                let bit = script(only.c).bit();
                return Verdict::Ambiguous(level, bit);
            }
        }
        Verdict::Keep
    }

    /// Character `i` of the run (negative or past the end: the input around it).
    fn char_at(&self, toks: &[Tok], i: isize) -> Option<char> {
        if i < 0 {
            self.before.get((-i - 1) as usize).copied().flatten()
        } else if (i as usize) < toks.len() {
            Some(toks[i as usize].c)
        } else {
            self.after.get(i as usize - toks.len()).copied().flatten()
        }
    }

    /// Whether `chars`, standing in for `toks[s..e]`, with sequences `seqs`
    /// (offset, length), has a bigram real text does not produce.
    fn looks_garbled(
        &self,
        toks: &[Tok],
        s: usize,
        e: usize,
        chars: &[char],
        seqs: &[(usize, usize)],
        opener: &dyn Fn(char) -> bool,
    ) -> bool {
        let mut w: Vec<Option<char>> = Vec::with_capacity(chars.len() + 6);
        for k in (1..=3).rev() {
            w.push(self.char_at(toks, s as isize - k));
        }
        w.extend(chars.iter().map(|&c| Some(c)));
        for k in 0..3 {
            w.push(self.char_at(toks, (e + k) as isize));
        }
        seqs.iter().any(|&(off, n)| {
            let (lo, hi) = (3 + off, 3 + off + n);
            // Nothing but signs between two letters (Introduce≈£i).
            let signs = w[lo..hi]
                .iter()
                .all(|c| c.is_some_and(|c| !matches!(class(c), Class::Letter | Class::Space)));
            let enclosed = w[lo - 1].is_some_and(is_letter) && w[hi].is_some_and(is_letter);
            (signs && enclosed)
                || (lo - 1..hi).any(|i| bigram_odd(&w, i, i >= lo && i + 1 < hi, opener))
        })
    }
}

/// A repair found in a run: token range, replacement, evidence bits.
type Found = (usize, usize, Vec<Tok>, u32);

/// A decoded run, the (offset, length) of the sequences it came from, and
/// the codec.
type Layer = (Vec<Tok>, Vec<(usize, usize)>, Codec);

/// Decodes all of `level` as one garbled run in some codec, if it is one.
fn decode_whole(level: &[Tok]) -> Option<Layer> {
    let chars: Vec<char> = level.iter().map(|t| t.c).collect();
    'codec: for codec in CODECS {
        let mut out = Vec::new();
        let mut seqs = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let Some((n, c)) = parse(&chars, i, codec) else {
                continue 'codec;
            };
            out.push(Tok {
                c,
                start: level[i].start,
                end: level[i + n - 1].end,
                changed: true,
            });
            seqs.push((i, n));
            i += n;
        }
        return Some((out, seqs, codec));
    }
    None
}

/// Whether an opening quote matching `closer` occurs in the [`OPENER_WINDOW`]
/// bytes before `at`, not itself part of a garbled pair (the `«` of `Â«`).
fn has_opener(text: &str, at: usize, closer: char) -> bool {
    let openers: &[char] = match closer {
        '”' => &['“', '„', '”'],
        '»' => &['«', '»'],
        '«' => &['»'],
        '’' => &['‘'],
        '“' => &['„'],
        '‘' => &['‚'],
        '›' => &['‹', '›'],
        '‹' => &['›'],
        _ => return false,
    };
    let mut from = at.saturating_sub(OPENER_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut prev: Option<char> = None;
    for c in text[from..at].chars() {
        if openers.contains(&c) && !prev.is_some_and(|p| starts_pair(p, c)) {
            return true;
        }
        prev = Some(c);
    }
    false
}

// ---------------------------------------------------------------------------
// Character classes and the bigram rules.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Letter,
    Digit,
    Space,
    /// `( [ { “ ‘ « ‹ „ ‚ ¿ ¡`
    Open,
    /// `) ] } . , ; : ! ? " ' ” ’ » ›`
    Close,
    Ellipsis,
    Dash,
    /// Relations and operators written between operands: `≈ ≠ ≤ ≥ ± ÷ × = < > + ~`.
    Rel,
    /// Prefix math signs: `√ ∆ ∑ ∏ ∫ ∂ ¬ ◊ ⁄ ƒ ∞`.
    Op,
    /// Currency and other signs written before a number: `€ £ ¥ ¢ ¤ $ # § ¶`.
    Cur,
    /// `™ ® ©`
    Mark,
    /// `² ³ ¹`
    Sup,
    Degree,
    /// Written after a number: `% ‰ ª º ½ ¼ ¾ † ‡ * ′ ″`.
    Post,
    /// Spacing accents and bullets, never next to a letter: `• · ¦ ¨ ´ ¸ ¯ ˆ ˜ …`.
    Other,
    /// Controls, soft hyphen, invisible format characters, private use.
    Ctrl,
    /// Anything else: no opinion.
    Neutral,
}

fn class(c: char) -> Class {
    use Class::*;
    match c {
        '\t' | '\n' | '\r' | ' ' | NBSP => Space,
        '\0'..='\u{1F}'
        | '\u{7F}'..='\u{9F}'
        | '\u{AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{E000}'..='\u{F8FF}'
        | '\u{FFF9}'..='\u{FFFF}' => Ctrl,
        '0'..='9' => Digit,
        '(' | '[' | '{' | '“' | '‘' | '«' | '‹' | '„' | '‚' | '¿' | '¡' => Open,
        ')' | ']' | '}' | '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’' | '»'
        | '›' => Close,
        '…' => Ellipsis,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => Dash,
        '≈' | '≠' | '≤' | '≥' | '±' | '÷' | '×' | '=' | '<' | '>' | '+' | '~' | '∼' => {
            Rel
        }
        '√' | '∆' | '∑' | '∏' | '∫' | '∂' | '¬' | '◊' | '⁄' | 'ƒ' | '∞' => Op,
        '€' | '£' | '¥' | '¢' | '¤' | '$' | '#' | '§' | '¶' => Cur,
        '™' | '®' | '©' => Mark,
        '²' | '³' | '¹' => Sup,
        '°' => Degree,
        '%' | '‰' | 'ª' | 'º' | '½' | '¼' | '¾' | '†' | '‡' | '*' | '′' | '″' => {
            Post
        }
        '•' | '·' | '¦' | '¨' | '´' | '¸' | '¯' | 'ˆ' | '˜' | 'ˇ' | '˘' | '˙' | '˚' | '˛' | '˝' => {
            Other
        }
        _ if c.is_alphabetic() => Letter,
        _ if c.is_whitespace() => Space,
        _ if c.is_numeric() => Digit,
        _ => Neutral,
    }
}

fn is_letter(c: char) -> bool {
    class(c) == Class::Letter
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| matches!(class(c), Class::Letter | Class::Digit))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Georgian,
    Ethiopic,
    Cjk,
    Emoji,
    Other,
}

impl Script {
    fn bit(self) -> u16 {
        1 << self as u16
    }
}

fn script(c: char) -> Script {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x2FF | 0x1E00..=0x1EFF | 0xFB00..=0xFB06 => {
            Script::Latin
        }
        0xB5 | 0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x530..=0x58F | 0xFB13..=0xFB17 => Script::Armenian,
        0x590..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x900..=0xDFF => Script::Indic,
        0xE00..=0xE7F => Script::Thai,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Script::Georgian,
        0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F => Script::Ethiopic,
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3000..=0x31FF
        | 0x3400..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF => Script::Cjk,
        0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF => Script::Emoji,
        0x1F000..=0x1FAFF => Script::Emoji,
        _ => Script::Other,
    }
}

/// The bigram `w[i]`, `w[i + 1]` of a garbled reading: does real text never
/// produce it? `inside` when both characters belong to one garbled sequence.
fn bigram_odd(w: &[Option<char>], i: usize, inside: bool, opener: &dyn Fn(char) -> bool) -> bool {
    let get = |k: usize| w.get(k).copied().flatten();
    let (Some(a), Some(b)) = (get(i), get(i + 1)) else {
        return false;
    };
    let before = if i == 0 { None } else { get(i - 1) };
    let (after, after2) = (get(i + 2), get(i + 3));
    let (ca, cb) = (class(a), class(b));
    if ca == Class::Ctrl || cb == Class::Ctrl {
        return true;
    }
    match (ca, cb) {
        (Class::Letter, Class::Letter) => {
            let (sa, sb) = (script(a), script(b));
            sa != sb
                || (a.is_lowercase() && b.is_uppercase())
                || (inside && sa == Script::Latin && !a.is_ascii() && !b.is_ascii() && a != b)
        }
        (Class::Letter, _) => letter_then(a, b, cb, before, after, after2, opener),
        (_, Class::Letter) => then_letter(a, ca, b, before),
        _ => between_signs(a, ca, b, cb),
    }
}

/// A letter followed by something else.
fn letter_then(
    a: char,
    b: char,
    cb: Class,
    before: Option<char>,
    after: Option<char>,
    after2: Option<char>,
    opener: &dyn Fn(char) -> bool,
) -> bool {
    use Class::*;
    let ascii = a.is_ascii();
    let after_alnum = is_alnum(after);
    // No language ends a word in â, and none glues it to a digit.
    if a == 'Â' && is_alnum(before) && cb != Space && cb != Neutral {
        return true;
    }
    match cb {
        // A no-break space after Â, before another space, or between a
        // one-letter accented capital and a word (Å\u{A0}koda for Škoda).
        Space => {
            b == NBSP
                && (a == 'Â'
                    || after.is_some_and(char::is_whitespace)
                    || (!ascii && a.is_uppercase() && !is_alnum(before) && is_alnum(after)))
        }
        Digit | Neutral => false,
        Open | Close if b.is_ascii() => false,
        Open | Close => {
            if after_alnum {
                // Only an apostrophe joins letters, and only after elided
                // ASCII consonants (l’été, it’s).
                !(ascii && b == '’')
            } else if matches!(b, '“' | '‘' | '”' | '’' | '»' | '«' | '›' | '‹') {
                // Closing quote: fine after ASCII, after an accented letter
                // only when its opening quote is there (“IRMÃ”, «MAÇÃ», but
                // not TEÅ» for TEŻ, nhá»› for nhớ).
                !(ascii || opener(b))
            } else {
                true
            }
        }
        Ellipsis => !ascii && after_alnum,
        // A dash between an accented letter and a letter is only a range
        // like "Å–Ö".
        Dash => !ascii && after_alnum && !(!is_alnum(before) && !is_alnum(after2)),
        Rel | Degree => !ascii,
        // ACME™, NESTLÉ®: after a word of two letters or more.
        Mark => !ascii && (after_alnum || !before.is_some_and(is_letter)),
        // m², Å² (but not Î² for β or Ã² for ò).
        Sup => after_alnum || !(ascii || a == 'Å'),
        Post => !(ascii && matches!(b, '†' | '‡' | '*' | '%' | '′' | '″')),
        Op | Cur | Other | Ctrl => true,
        Letter => false,
    }
}

/// Something other than a letter followed by a letter.
fn then_letter(a: char, ca: Class, b: char, before: Option<char>) -> bool {
    use Class::*;
    let greek = script(b) == Script::Greek;
    match ca {
        Space | Digit | Neutral | Ellipsis | Dash => false,
        // An opening quote starts a word; glued after one it is odd.
        Open => !a.is_ascii() && is_alnum(before),
        Close => !a.is_ascii() && a != '’',
        Rel => !(b.is_ascii() || greek),
        Op => match a {
            '√' | '∆' | '∑' | '∏' | '∫' | '∂' | '∞' => !(b.is_ascii() || greek),
            _ => !b.is_ascii(),
        },
        Cur => !b.is_ascii(),
        // °C, °F.
        Degree => !b.is_ascii_uppercase(),
        // Catalan l·l.
        Other => {
            !(a == '·' && b.is_ascii_lowercase() && before.is_some_and(|c| c.is_ascii_lowercase()))
        }
        Mark | Sup | Post | Ctrl => true,
        Letter => false,
    }
}

/// Two characters neither of which is a letter.
fn between_signs(a: char, ca: Class, b: char, cb: Class) -> bool {
    use Class::*;
    if ca == Space || cb == Space {
        // A no-break space next to another space: the "à " of "Ã\u{A0} ".
        return (a == NBSP && b.is_whitespace()) || (b == NBSP && a.is_whitespace());
    }
    if matches!(ca, Neutral | Digit) || matches!(cb, Neutral | Digit) {
        return false;
    }
    let value = matches!(b, '√' | '∞');
    !match ca {
        Open => matches!(cb, Open | Cur | Rel | Ellipsis | Dash) || (cb == Op && value),
        Close => matches!(cb, Close | Ellipsis | Dash),
        Ellipsis => matches!(cb, Close | Ellipsis | Dash),
        Dash => matches!(cb, Dash | Cur | Open | Rel | Ellipsis) || (cb == Op && value),
        Rel => matches!(cb, Cur | Dash | Rel) || (cb == Op && value),
        Mark | Sup | Degree | Post => matches!(cb, Close | Ellipsis | Dash),
        _ => false,
    }
}

/// Several decoded characters that are all letters of one script: a garbled
/// word (`ÐŸÑ€Ð¸Ð²ÐµÑ‚`, `Î•Î»Î»Î·Î½Î¹ÎºÎ¬`, `–ü—Ä–∏`).
fn one_script_word(level: &[Tok]) -> bool {
    let key = script_key(level[0].c);
    level.iter().any(|t| is_letter(t.c))
        && level
            .iter()
            .all(|t| matches!(class(t.c), Class::Letter | Class::Neutral) && script_key(t.c) == key)
}

fn scripts_of(level: &[Tok]) -> u16 {
    let mut bits = 0;
    for t in level {
        bits |= if is_letter(t.c) {
            script(t.c).bit()
        } else {
            Script::Latin.bit()
        };
    }
    bits
}

// ---------------------------------------------------------------------------
// The decoded reading.

/// How plausible `c` is as the character behind a garbled run: 1 common,
/// 2 only in company (see [`supported`]), 0 never (controls, most combining
/// marks, private use, noncharacters, unassigned).
fn tier(c: char) -> u8 {
    let u = c as u32;
    let letterish = c.is_alphabetic() || c.is_numeric();
    match u {
        // ASCII is never the result of a decoding; C1 controls never plausible.
        0..=0x9F => 0,
        0xAD => 2,
        0xA0..=0x17F => 1,
        0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x218..=0x21B | 0x2BB | 0x2BC => 1,
        // The accents of decomposed (NFD) Latin text, after a letter.
        0x300..=0x308 | 0x30A..=0x30C | 0x327 | 0x328 => 2,
        0x300..=0x36F => 0,
        0x386..=0x3CE if c.is_alphabetic() => 1,
        0x400..=0x45F => 1,
        // Vietnamese and polytonic Greek (its spacing accents need company).
        0x1E00..=0x1FFF => 2 - u8::from(c.is_alphabetic()),
        0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => 0,
        0x2010..=0x2027 | 0x2030..=0x205E => 1,
        0x2000..=0x200A | 0x200C | 0x200D | 0x202F => 2,
        0x2070 | 0x2071 | 0x2074..=0x208E | 0x2090..=0x209C => 1,
        0x20A0..=0x20C0 => 1,
        0x2100..=0x218B => 1,
        0x2190..=0x23FF => 1,
        0x2460..=0x24FF => 1,
        0x2500..=0x2BFF => 1,
        0x3000..=0x3029 | 0x3030..=0x303F => 1,
        0x3041..=0x3096 | 0x309B..=0x30FF => 1,
        0x4E00..=0x9FFF => 1,
        0xAC00..=0xD7A3 => 1,
        0xE000..=0xF8FF => 0,
        0xFB00..=0xFB06 => 1,
        0xFE0F => 2,
        0xFEFF | 0xFFF0..=0xFFFF => 0,
        0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 => 1,
        0x1F000..=0x1FAFF => 1,
        0xE0020..=0xE007F => 2,
        // Letters, marks and punctuation of the other scripts.
        0x370..=0x8FF
        | 0x900..=0x1DBF
        | 0x2C00..=0x2DFF
        | 0xA000..=0xABFF
        | 0xD7B0..=0xD7FF
        | 0xFB1D..=0xFDFF
        | 0xFE70..=0xFEFC => 2,
        _ => u8::from(letterish) * 2,
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Groups characters for [`supported`]: the script, or for scripts without
/// a name here, their 256-character block.
fn script_key(c: char) -> u32 {
    match script(c) {
        Script::Other => 0x100 + (c as u32 >> 8),
        sc => sc as u32,
    }
}

/// Whether the decoded `level`, between `p` and `n`, is text someone wrote.
/// `certain`: the garbled run held a C1 control, which no clean text does,
/// so a rare character needs no company.
fn decoded_ok(level: &[Tok], p: Option<char>, n: Option<char>, certain: bool) -> bool {
    let chars: Vec<char> = level.iter().map(|t| t.c).collect();
    for (i, &c) in chars.iter().enumerate() {
        match tier(c) {
            0 => return false,
            2 if !certain && !supported(&chars, i, p, n) => return false,
            _ => {}
        }
    }
    // A word of three letters or more in one script stands on its own,
    // whatever it touches (a Latin B typed in a Cyrillic word).
    let word = chars.len() >= 3 && one_script_word(level);
    let mut seq = Vec::with_capacity(chars.len() + 2);
    seq.push(p.filter(|_| !word));
    seq.extend(chars.iter().map(|&c| Some(c)));
    seq.push(n.filter(|_| !word));
    for pair in seq.windows(2) {
        if let [Some(x), Some(y)] = *pair {
            if is_letter(x) && is_letter(y) && !compatible(x, y) {
                return false;
            }
        }
    }
    // A sign ending up inside a word (CAPIT×NUNCA) is not a repair.
    for k in 1..=chars.len() {
        let c = chars[k - 1];
        let sign = !matches!(
            class(c),
            Class::Letter
                | Class::Digit
                | Class::Space
                | Class::Dash
                | Class::Ellipsis
                | Class::Neutral
                | Class::Ctrl
        ) && !matches!(c, '’' | '\'' | '·');
        if sign && seq[k - 1].is_some_and(is_letter) && seq[k + 1].is_some_and(is_letter) {
            return false;
        }
    }
    true
}

/// Letters that may stand side by side: one script, or a Greek or CJK
/// letter next to an ASCII one (µm, πr², のUnicode; not œψâ or ßÇ姂á).
fn compatible(x: char, y: char) -> bool {
    let (a, b) = (script(x), script(y));
    let mixes = |s: Script| matches!(s, Script::Greek | Script::Cjk);
    a == b || (mixes(a) && y.is_ascii()) || (mixes(b) && x.is_ascii())
}

/// Whether the rare character `chars[i]` has company that vouches for it:
/// a combining accent follows a letter decoded with it or an ASCII letter
/// (NFD text); ZWJ/ZWNJ sit among emoji or letters
/// of a script that uses them; VS16 and tags sit with an emoji; IPA and
/// other rare Latin letters come with another one (ɪɡə); letters, marks and
/// punctuation of other scripts come with a letter of their script.
fn supported(chars: &[char], i: usize, p: Option<char>, n: Option<char>) -> bool {
    let c = chars[i];
    let prev = if i == 0 { p } else { Some(chars[i - 1]) };
    let others = || {
        chars
            .iter()
            .enumerate()
            .filter(move |&(j, _)| j != i)
            .map(|(_, &d)| d)
    };
    let emoji = |d: char| script(d) == Script::Emoji;
    if is_combining(c) {
        // A letter decoded with it, or an ASCII base letter before it.
        return if i == 0 {
            p.is_some_and(|d| d.is_ascii_alphabetic())
        } else {
            prev.is_some_and(|d| is_letter(d) || is_combining(d))
        };
    }
    match c as u32 {
        0x200C | 0x200D => {
            return others()
                .chain(p)
                .chain(n)
                .any(|d| emoji(d) || (is_letter(d) && script(d) != Script::Latin));
        }
        0xFE0F | 0xE0020..=0xE007F => return others().any(emoji),
        _ => {}
    }
    let key = script_key(c);
    if script(c) == Script::Latin {
        return is_letter(c)
            && others()
                .chain(p)
                .chain(n)
                .any(|d| is_letter(d) && script(d) == Script::Latin && tier(d) == 2);
    }
    others()
        .chain(p)
        .chain(n)
        .any(|d| is_letter(d) && script_key(d) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        repair(s).map_or_else(|| s.to_string(), |(out, _)| out)
    }

    #[track_caller]
    fn check(garbled: &str, expected: &str) {
        assert_eq!(fixed(garbled), expected, "repairing {garbled:?}");
    }

    #[track_caller]
    fn clean(s: &str) {
        assert!(repair(s).is_none(), "{s:?} changed to {:?}", fixed(s));
    }

    #[test]
    fn named_examples_are_repaired() {
        check(
            "Venezuelan leader Nicol√°s Maduro said",
            "Venezuelan leader Nicolás Maduro said",
        );
        check("cafÃ©", "café");
        check("â€œquotedâ€\u{9d}", "“quoted”");
        check("Acme â„¢", "Acme ™");
        check("Jo√£o", "João");
        check("SÃ£o Paulo", "São Paulo");
        check("cafÃƒÂ©", "café");
        check("caf√É¬©", "café");
        check("itâ€™s", "it’s");
        check("Â·", "·");
        check("Â© 2026", "© 2026");
        check("ÄŒeskÃ¡ republika", "Česká republika");
        check("Vou Ã\u{A0} praia", "Vou à praia");
        check("Ele Ã© bom", "Ele é bom");
        check("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет");
        check("–ü—Ä–∏–≤–µ—Ç", "Привет");
        check("ðŸ˜€", "😀");
        check("â„¢", "™");
        check("The letter Î² is beta", "The letter β is beta");
        check("Pavol Å\u{A0}imo", "Pavol Šimo");
        check("bá»™ nhá»›", "bộ nhớ");
        check("O√É¬π est-il ?", "Où est-il ?");
        check("tÃƒÆ’Ã‚Â©", "té");
        check("Å\u{81}Ã“DÅ¹ TEÅ»", "ŁÓDŹ TEŻ");
        check("Introduce≈£i", "Introduceţi");
        check("UMA MAÃ‡Ãƒ", "UMA MAÇÃ");
        check("BUÌˆCHER", "BU\u{308}CHER");
        check("ã\u{81}®Unicode", "のUnicode");
    }

    #[test]
    fn legitimate_text_is_left_alone() {
        for s in [
            "√2 ≈ 1.41",
            "100°C",
            "SÃO PAULO",
            "U+00C3 is Ã",
            "€5, £4, ©2026",
            "“like this” and dashes – —",
            "naïve",
            "Øresund",
            "Ångström",
            "Ärger",
            "Åland",
            "ÅLAND, ÃS, ÄRGER",
            "“IRMÃ”",
            "«MAÇÃ»",
            "the letter “Â”",
            "l’été",
            "«été»",
            "word—élan",
            "10 Å²",
            "x≈π",
            "≈£5",
            "from –∞ to +∞",
            "NESTLÉ®",
            "“café”’",
            "A IRMÃ… E O IRMÃO",
            "“Ã”",
            "ÀÁÂÃÄÅÆÇÈÉ",
            "œàâçèéîïùûê",
            "Hawaiʻi, Ærø, Føroyar, Þórður",
            "Москва, Ελληνικά, 日本語",
            "Emoji 👍🏽 ❤️",
        ] {
            clean(s);
        }
    }

    #[test]
    fn first_byte_table_covers_both_codecs() {
        let specials = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars();
        let latin1 = ('\u{80}'..='\u{FF}').chain(specials);
        for c in latin1.chain(MAC_ROMAN) {
            let mut utf8 = [0; 4];
            let first = c.encode_utf8(&mut utf8).as_bytes()[0];
            for codec in CODECS {
                match codec.byte(c) {
                    Some(0xC2..=0xF4) => assert!(FIRST_BYTE[first as usize] & LEAD != 0, "{c}"),
                    Some(0x80..=0xBF) => assert!(FIRST_BYTE[first as usize] & CONT != 0, "{c}"),
                    _ => {}
                }
            }
        }
        for (i, &c) in MAC_ROMAN.iter().enumerate() {
            assert_eq!(mac_byte(c), Some(0x80 + i as u8));
        }
    }

    /// The fast path only skips what the full pipeline would leave alone.
    #[test]
    fn fast_path_agrees_with_the_full_pipeline() {
        let tokens = [
            "Ã©",
            "√°",
            "â€œ",
            "Ã\u{81}",
            "Å\u{a0}",
            "’é",
            "ÃƒÂ©",
            "Ð¸",
            "Ì\u{88}",
            "Â·",
            "Ã",
            "”",
            "«",
            "»",
            "é",
            "–",
            "∞",
            "≈",
            "£",
            "Î²",
            "ðŸ˜€",
            "ï»¿",
            "a",
            "k",
            " ",
            ".",
            "É",
            "™",
        ];
        let mut state = 0x0DDB_1A5E_5BAD_5EEDu64;
        let mut repaired = 0;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 61) as usize;
            let s: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    tokens[(state % tokens.len() as u64) as usize]
                })
                .collect();
            let bytes = s.as_bytes();
            let mut all_runs = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] < 0x80 {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < bytes.len() && bytes[i] >= 0x80 {
                    i += 1;
                }
                all_runs.push((start, i));
            }
            let fast = repair(&s).map(|(out, _)| out);
            let full = repair_runs(&s, all_runs.into_iter()).map(|(out, _)| out);
            assert_eq!(fast, full, "{s:?}");
            repaired += usize::from(full.is_some());
        }
        assert!(repaired > 5_000, "only {repaired} strings repaired");
    }

    #[test]
    fn fixes_point_into_the_input() {
        let input = "a cafÃ© and SÃ£o";
        let (out, fixes) = repair(input).unwrap();
        assert_eq!(out, "a café and São");
        assert_eq!(fixes.len(), 2);
        for f in &fixes {
            assert_eq!(&input[f.offset..f.offset + f.len], f.garbled);
        }
        assert_eq!(
            (fixes[0].garbled.as_str(), fixes[0].fixed.as_str()),
            ("Ã©", "é")
        );
    }

    #[test]
    fn survives_random_suspicious_text() {
        let alphabet: Vec<char> =
            "ÃÂÅÄÆÇÐÑØÙâãäå√∫≈ƒ–—“”‘’«»…€™©®°±²³·¸¹º»¼½¾¿ŠŒŽšœžŸ\u{81}\u{8d}\u{9d}\u{a0}ðŸ‚¬ aZ9.-"
                .chars()
                .collect();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 59) as usize;
            let s: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            if let Some((out, fixes)) = repair(&s) {
                let mut rebuilt = String::new();
                let mut copied = 0;
                for f in &fixes {
                    assert!(f.offset >= copied && f.len > 0);
                    assert_eq!(&s[f.offset..f.offset + f.len], f.garbled);
                    rebuilt.push_str(&s[copied..f.offset]);
                    rebuilt.push_str(&f.fixed);
                    copied = f.offset + f.len;
                }
                rebuilt.push_str(&s[copied..]);
                assert_eq!(rebuilt, out);
                assert!(out.len() < s.len());
            }
        }
    }
}
