//! Post dates: parse what Ruby's `Time.parse` accepts in posts, convert between zones, format.

/// Month names, January first (for `:long_month`, `%B` and friends).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Day names, Sunday first (as `weekday` counts).
pub(crate) const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// A calendar date and wall-clock time, with the UTC offset in minutes when known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Minutes east of UTC; `None` for a floating (zone-less) time.
    pub offset: Option<i32>,
}

/// `n` in decimal, zero-padded to at least `width` digits (as `{:0width$}`).
fn push_digits(s: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = at.min(digits.len() - width.min(digits.len()));
    // ASCII digits, with one reservation for the run.
    s.extend(digits[start..].iter().map(|&d| char::from(d)));
}

impl DateTime {
    pub(crate) fn midnight(year: i32, month: u32, day: u32) -> Option<Self> {
        valid_date(year, month, day).then_some(DateTime {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            offset: None,
        })
    }

    /// Seconds since the Unix epoch of the wall-clock time, as if it were UTC.
    fn wall_seconds(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    fn from_wall_seconds(secs: i64, offset: Option<i32>) -> Self {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        DateTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
            offset,
        }
    }

    /// The UTC date and time of a Unix timestamp.
    pub(crate) fn from_timestamp(secs: i64) -> Self {
        Self::from_wall_seconds(secs, Some(0))
    }

    /// Seconds since the Unix epoch (UTC), when the offset is known.
    pub(crate) fn timestamp(&self) -> Option<i64> {
        self.offset
            .map(|off| self.wall_seconds() - i64::from(off) * 60)
    }

    /// The same instant seen in `zone`. A floating time is taken to be in `zone`
    /// already, as Jekyll reads offset-less dates in the site's time zone.
    pub(crate) fn in_zone(&self, zone: &Zone) -> Self {
        match self.timestamp() {
            None => {
                let offset = zone.offset_for_local(self.wall_seconds());
                DateTime {
                    offset: Some(offset),
                    ..*self
                }
            }
            Some(ts) => {
                let offset = zone.offset_at(ts);
                Self::from_wall_seconds(ts + i64::from(offset) * 60, Some(offset))
            }
        }
    }

    /// ISO 8601 as Jekyll's `date_to_xmlschema` prints it
    /// (`2026-01-02T02:34:11+00:00`); without an offset for a floating time.
    pub(crate) fn to_xmlschema(self) -> String {
        let mut s = String::with_capacity(25);
        match u32::try_from(self.year) {
            Ok(year) => push_digits(&mut s, year, 4),
            Err(_) => s.push_str(&format!("{:04}", self.year)),
        }
        for (sep, n) in [
            ('-', self.month),
            ('-', self.day),
            ('T', self.hour),
            (':', self.minute),
            (':', self.second),
        ] {
            s.push(sep);
            push_digits(&mut s, n, 2);
        }
        if let Some(off) = self.offset {
            s.push(if off < 0 { '-' } else { '+' });
            let off = off.unsigned_abs();
            push_digits(&mut s, off / 60, 2);
            s.push(':');
            push_digits(&mut s, off % 60, 2);
        }
        s
    }

    /// Day of the week, 0 = Sunday.
    pub(crate) fn weekday(&self) -> u32 {
        (days_from_civil(self.year, self.month, self.day) + 4).rem_euclid(7) as u32
    }

    /// ISO 8601 week number.
    pub(crate) fn iso_week(&self) -> u32 {
        let wd = (self.weekday() + 6) % 7 + 1; // Monday = 1
        let week = (self.ordinal() as i32 - wd as i32 + 10) / 7;
        if week < 1 {
            52
        } else {
            week.min(53) as u32
        }
    }

    /// Day of the year, 1-based.
    pub(crate) fn ordinal(&self) -> u32 {
        (days_from_civil(self.year, self.month, self.day) - days_from_civil(self.year, 1, 1)) as u32
            + 1
    }
}

/// A time zone: a fixed offset, or one of the rule sets for daylight saving time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Zone {
    Fixed(i32),
    /// Standard offset, and the daylight rule that adds an hour.
    Dst(i32, DstRule),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DstRule {
    /// US and Canada since 2007: second Sunday of March 02:00 local to first
    /// Sunday of November 02:00 local.
    NorthAmerica,
    /// EU: last Sunday of March to last Sunday of October, 01:00 UTC.
    Europe,
    /// South-east Australia: first Sunday of October to first Sunday of April, 02:00 standard time.
    AustraliaSouth,
    /// New Zealand: last Sunday of September to first Sunday of April, 02:00 standard time.
    NewZealand,
}

impl Zone {
    /// The zone for a `site.timezone` value: an IANA name this table knows
    /// (the zones blogs use), `UTC`, or a fixed offset like `+05:30`.
    pub(crate) fn parse(name: &str) -> Option<Zone> {
        let name = name.trim();
        if let Some(off) = parse_offset(name) {
            return Some(Zone::Fixed(off));
        }
        let h = 60;
        use DstRule::*;
        let zone = match name {
            "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Z" | "Zulu" | "Universal"
            | "Etc/Universal" | "Africa/Abidjan" | "Atlantic/Reykjavik" => Zone::Fixed(0),
            "America/New_York" | "US/Eastern" | "America/Toronto" | "America/Detroit"
            | "EST5EDT" => Zone::Dst(-5 * h, NorthAmerica),
            "America/Chicago" | "US/Central" | "America/Winnipeg" | "CST6CDT" => {
                Zone::Dst(-6 * h, NorthAmerica)
            }
            "America/Denver" | "US/Mountain" | "America/Edmonton" | "MST7MDT" => {
                Zone::Dst(-7 * h, NorthAmerica)
            }
            "America/Phoenix" | "US/Arizona" | "MST" => Zone::Fixed(-7 * h),
            "America/Los_Angeles" | "US/Pacific" | "America/Vancouver" | "PST8PDT" => {
                Zone::Dst(-8 * h, NorthAmerica)
            }
            "America/Anchorage" | "US/Alaska" => Zone::Dst(-9 * h, NorthAmerica),
            "Pacific/Honolulu" | "US/Hawaii" | "HST" => Zone::Fixed(-10 * h),
            "America/Halifax" | "Canada/Atlantic" => Zone::Dst(-4 * h, NorthAmerica),
            "America/Sao_Paulo" | "America/Argentina/Buenos_Aires" | "America/Buenos_Aires" => {
                Zone::Fixed(-3 * h)
            }
            "America/Mexico_City" => Zone::Fixed(-6 * h),
            "America/Bogota" | "America/Lima" => Zone::Fixed(-5 * h),
            "Europe/London" | "Europe/Dublin" | "Europe/Lisbon" | "WET" => Zone::Dst(0, Europe),
            "Europe/Paris" | "Europe/Berlin" | "Europe/Madrid" | "Europe/Rome"
            | "Europe/Amsterdam" | "Europe/Brussels" | "Europe/Vienna" | "Europe/Zurich"
            | "Europe/Stockholm" | "Europe/Oslo" | "Europe/Copenhagen" | "Europe/Prague"
            | "Europe/Warsaw" | "Europe/Budapest" | "Europe/Belgrade" | "Europe/Zagreb"
            | "Europe/Ljubljana" | "Europe/Bratislava" | "Europe/Luxembourg" | "Europe/Monaco"
            | "CET" | "MET" => Zone::Dst(h, Europe),
            "Europe/Athens" | "Europe/Helsinki" | "Europe/Kiev" | "Europe/Kyiv" | "Europe/Riga"
            | "Europe/Tallinn" | "Europe/Vilnius" | "Europe/Sofia" | "Europe/Bucharest" | "EET" => {
                Zone::Dst(2 * h, Europe)
            }
            "Europe/Moscow" | "Europe/Istanbul" | "Asia/Istanbul" => Zone::Fixed(3 * h),
            "Asia/Dubai" => Zone::Fixed(4 * h),
            "Asia/Karachi" => Zone::Fixed(5 * h),
            "Asia/Kolkata" | "Asia/Calcutta" => Zone::Fixed(5 * h + 30),
            "Asia/Kathmandu" => Zone::Fixed(5 * h + 45),
            "Asia/Dhaka" => Zone::Fixed(6 * h),
            "Asia/Bangkok" | "Asia/Jakarta" | "Asia/Ho_Chi_Minh" | "Asia/Saigon" => {
                Zone::Fixed(7 * h)
            }
            "Asia/Shanghai" | "Asia/Hong_Kong" | "Asia/Taipei" | "Asia/Singapore"
            | "Asia/Manila" | "Asia/Kuala_Lumpur" | "Australia/Perth" | "PRC" => Zone::Fixed(8 * h),
            "Asia/Tokyo" | "Asia/Seoul" | "Japan" => Zone::Fixed(9 * h),
            "Australia/Brisbane" => Zone::Fixed(10 * h),
            "Australia/Sydney"
            | "Australia/Melbourne"
            | "Australia/Canberra"
            | "Australia/Hobart" => Zone::Dst(10 * h, AustraliaSouth),
            "Australia/Adelaide" => Zone::Dst(9 * h + 30, AustraliaSouth),
            "Pacific/Auckland" | "NZ" => Zone::Dst(12 * h, NewZealand),
            _ => return None,
        };
        Some(zone)
    }

    /// Offset in minutes at the UTC instant `ts`.
    pub(crate) fn offset_at(&self, ts: i64) -> i32 {
        match *self {
            Zone::Fixed(off) => off,
            Zone::Dst(std, rule) => {
                let year = DateTime::from_wall_seconds(ts, None).year;
                let (start, end) = rule.utc_bounds(year, std);
                let in_dst = if start < end {
                    ts >= start && ts < end
                } else {
                    ts >= start || ts < end
                };
                std + if in_dst { 60 } else { 0 }
            }
        }
    }

    /// Offset for a wall-clock time in this zone (an ambiguous hour takes standard time).
    fn offset_for_local(&self, wall: i64) -> i32 {
        let guess = self.offset_at(wall);
        self.offset_at(wall - i64::from(guess) * 60)
    }
}

impl DstRule {
    /// UTC seconds when daylight time starts and ends in `year`.
    fn utc_bounds(self, year: i32, std: i32) -> (i64, i64) {
        let std = i64::from(std) * 60;
        let at = |month, day, hour: i64| days_from_civil(year, month, day) * 86_400 + hour * 3600;
        match self {
            DstRule::NorthAmerica => (
                at(3, nth_sunday(year, 3, 2), 2) - std,
                at(11, nth_sunday(year, 11, 1), 2) - (std + 3600),
            ),
            DstRule::Europe => (
                at(3, last_sunday(year, 3), 1),
                at(10, last_sunday(year, 10), 1),
            ),
            DstRule::AustraliaSouth => (
                at(10, nth_sunday(year, 10, 1), 2) - std,
                at(4, nth_sunday(year, 4, 1), 2) - std,
            ),
            DstRule::NewZealand => (
                at(9, last_sunday(year, 9), 2) - std,
                at(4, nth_sunday(year, 4, 1), 2) - std,
            ),
        }
    }
}

fn nth_sunday(year: i32, month: u32, n: u32) -> u32 {
    let first = DateTime::midnight(year, month, 1).map_or(0, |d| d.weekday());
    1 + (7 - first) % 7 + 7 * (n - 1)
}

fn last_sunday(year: i32, month: u32) -> u32 {
    let last = days_in_month(year, month);
    let wd = DateTime::midnight(year, month, last).map_or(0, |d| d.weekday());
    last - wd
}

/// Parses a date the way Ruby's `Time.parse` reads the forms posts use:
/// `2026-01-02`, `2016-6-13 12:00:00`, `2011-04-25 11:16`,
/// `2014-03-19T10:14:29-04:00`, `2013-05-12 14:45:00 +0200`, `… Z`, `… UTC`.
pub(crate) fn parse(text: &str) -> Option<DateTime> {
    let mut p = Cursor {
        s: text.trim().as_bytes(),
        i: 0,
    };
    let year = p.number(1, 4)? as i32;
    p.eat(b'-').then_some(())?;
    let month = p.number(1, 2)?;
    p.eat(b'-').then_some(())?;
    let day = p.number(1, 2)?;
    let mut dt = DateTime::midnight(year, month, day)?;
    if p.eat(b'T') || p.eat(b't') || p.eat_spaces() {
        if let Some(hour) = p.number(1, 2) {
            p.eat(b':').then_some(())?;
            let minute = p.number(2, 2)?;
            let second = if p.eat(b':') { p.number(2, 2)? } else { 0 };
            if p.eat(b'.') || p.eat(b',') {
                while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                    p.i += 1;
                }
            }
            if hour > 23 || minute > 59 || second > 60 {
                return None;
            }
            dt.hour = hour;
            dt.minute = minute;
            dt.second = second.min(59);
            p.eat_spaces();
        }
    }
    let rest = std::str::from_utf8(&p.s[p.i..]).ok()?.trim();
    if !rest.is_empty() {
        dt.offset = Some(parse_offset(rest)?);
    }
    Some(dt)
}

/// `Z`, `UTC`, `GMT`, `+02:00`, `+0200`, `-04`, `+5:30`.
fn parse_offset(s: &str) -> Option<i32> {
    if matches!(s, "Z" | "z" | "UTC" | "GMT" | "utc" | "gmt") {
        return Some(0);
    }
    // Only ASCII can be an offset (and splitting below needs byte = char).
    if !s.is_ascii() {
        return None;
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None if rest.len() <= 2 => (rest, "0"),
        None => return None,
    };
    if h.is_empty() || !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.i += usize::from(hit);
        hit
    }
    fn eat_spaces(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i > start
    }
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i - start < max && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if self.i - start < min {
            self.i = start;
            return None;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid_date(year: i32, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(s: &str, zone: Option<&str>) -> String {
        let d = parse(s).unwrap();
        match zone {
            Some(z) => d.in_zone(&Zone::parse(z).unwrap()).to_xmlschema(),
            None => d.to_xmlschema(),
        }
    }

    #[test]
    fn front_matter_date_forms_parse() {
        assert_eq!(xml("2026-01-02T02:34:11", None), "2026-01-02T02:34:11");
        assert_eq!(xml("2016-6-13 12:00:00", None), "2016-06-13T12:00:00");
        assert_eq!(xml("2011-04-25 11:16", None), "2011-04-25T11:16:00");
        assert_eq!(
            xml("2013-05-12 14:45:00 +0200", None),
            "2013-05-12T14:45:00+02:00"
        );
        assert_eq!(
            xml("2014-03-19T10:14:29-04:00", None),
            "2014-03-19T10:14:29-04:00"
        );
        assert_eq!(
            xml("2020-01-01 10:00:00 Z", None),
            "2020-01-01T10:00:00+00:00"
        );
        assert!(parse("2020-02-30").is_none());
        // Found by fuzzing: a non-ASCII offset of four bytes split mid-character.
        assert!(parse("2020-01-01 -\u{FFFD}").is_none());
        assert!(parse("yesterday").is_none());
    }

    #[test]
    fn offsets_convert_to_the_site_zone_and_move_the_day() {
        assert_eq!(
            xml("2013-10-28 20:14:39 -0500", Some("UTC")),
            "2013-10-29T01:14:39+00:00"
        );
        assert_eq!(
            xml("2019-08-08 11:33:00 +0800", Some("UTC")),
            "2019-08-08T03:33:00+00:00"
        );
        assert_eq!(xml("2008-10-18", Some("UTC")), "2008-10-18T00:00:00+00:00");
    }

    #[test]
    fn daylight_saving_rules_apply() {
        assert_eq!(
            xml("2024-07-01 12:00:00 +0000", Some("America/Los_Angeles")),
            "2024-07-01T05:00:00-07:00"
        );
        assert_eq!(
            xml("2024-01-15 12:00:00 +0000", Some("America/Los_Angeles")),
            "2024-01-15T04:00:00-08:00"
        );
        assert_eq!(
            xml("2024-07-01", Some("Europe/Berlin")),
            "2024-07-01T00:00:00+02:00"
        );
        assert_eq!(
            xml("2024-12-01", Some("Europe/Berlin")),
            "2024-12-01T00:00:00+01:00"
        );
        assert_eq!(
            xml("2024-01-10", Some("Australia/Sydney")),
            "2024-01-10T00:00:00+11:00"
        );
    }

    #[test]
    fn civil_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn xmlschema_matches_the_format_it_replaced() {
        let old = |d: DateTime| {
            let mut s = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year, d.month, d.day, d.hour, d.minute, d.second
            );
            if let Some(off) = d.offset {
                let sign = if off < 0 { '-' } else { '+' };
                let off = off.abs();
                s.push_str(&format!("{sign}{:02}:{:02}", off / 60, off % 60));
            }
            s
        };
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for year in [-12345, -5, 0, 7, 99, 999, 1970, 2026, 9999, 10000, 123456] {
            for _ in 0..200 {
                let d = DateTime {
                    year,
                    month: next(13) as u32,
                    day: next(32) as u32,
                    hour: next(120) as u32,
                    minute: next(61) as u32,
                    second: next(61) as u32,
                    offset: [
                        None,
                        Some(0),
                        Some(-330),
                        Some(345),
                        Some(-6000),
                        Some(1439),
                    ][next(6) as usize],
                };
                assert_eq!(d.to_xmlschema(), old(d));
            }
        }
    }
}
