//! `YYYYMMDDHHMMSS` local date-times, as both partner APIs write them.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// A calendar date and time of day, without a zone (the partner uses local time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// Year, 0000–9999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31 as the month allows.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl DateTime {
    /// A checked date-time; `None` unless it is a real calendar date and time.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::DateTime;
    ///
    /// let when = DateTime::new(2024, 2, 29, 23, 59, 59).ok_or("not a real date")?;
    /// assert_eq!((when.year, when.month, when.day), (2024, 2, 29));
    /// assert_eq!(DateTime::new(2023, 2, 29, 0, 0, 0), None); // not a leap year
    /// assert_eq!(DateTime::new(2024, 1, 1, 24, 0, 0), None);
    /// # Ok::<(), &str>(())
    /// ```
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let ok = year <= 9999
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        ok.then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// Parses exactly 14 ASCII digits `YYYYMMDDHHMMSS` naming a real date and time.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::DateTime;
    ///
    /// assert_eq!(
    ///     DateTime::parse_compact("20221116122653"),
    ///     DateTime::new(2022, 11, 16, 12, 26, 53)
    /// );
    /// assert_eq!(DateTime::parse_compact("20230229000000"), None); // no 29 February in 2023
    /// assert_eq!(DateTime::parse_compact("2022-11-16 12:26"), None);
    /// ```
    pub fn parse_compact(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let num = |from: usize, to: usize| -> u16 {
            b.get(from..to)
                .unwrap_or_default()
                .iter()
                .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'))
        };
        let small = |from: usize| u8::try_from(num(from, from + 2)).unwrap_or(u8::MAX);
        DateTime::new(
            num(0, 4),
            small(4),
            small(6),
            small(8),
            small(10),
            small(12),
        )
    }

    /// Seconds since 1970-01-01T00:00:00 reading this date-time as if it were UTC. Two local
    /// readings can be compared with it (the difference is exact outside DST changes).
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::DateTime;
    ///
    /// let epoch = DateTime::new(1970, 1, 1, 0, 0, 0).ok_or("epoch")?;
    /// assert_eq!(epoch.naive_unix_seconds(), 0);
    /// let sent = DateTime::parse_compact("20221116122653").ok_or("sent")?;
    /// let answered = DateTime::parse_compact("20221116122700").ok_or("answered")?;
    /// assert_eq!(sent.naive_unix_seconds(), 1_668_601_613);
    /// assert_eq!(answered.naive_unix_seconds() - sent.naive_unix_seconds(), 7);
    /// # Ok::<(), &str>(())
    /// ```
    pub fn naive_unix_seconds(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// `YYYYMMDDHHMMSS`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::DateTime;
    ///
    /// let when = DateTime::new(2022, 1, 2, 3, 4, 5).ok_or("not a real date")?;
    /// assert_eq!(when.to_compact(), "20220102030405");
    /// assert_eq!(when.to_string(), "20220102030405"); // Display writes the same
    /// # Ok::<(), &str>(())
    /// ```
    pub fn to_compact(&self) -> String {
        use crate::text::push_padded;
        let mut out = String::with_capacity(14);
        push_padded(&mut out, self.year, 4);
        for part in [self.month, self.day, self.hour, self.minute, self.second] {
            push_padded(&mut out, u16::from(part), 2);
        }
        out
    }

    /// The current local date and time from the operating system's clock.
    ///
    /// Native builds only: the core never reads a clock by itself. Under WebAssembly the
    /// JavaScript boundary reads `Date` and passes it in [`crate::BuildOptions`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{BuildOptions, DateTime};
    ///
    /// // The clock's reading cannot be asserted, only its shape.
    /// let now = DateTime::now_local();
    /// let compact = now.to_compact();
    /// assert_eq!(compact.len(), 14);
    /// assert_eq!(DateTime::parse_compact(&compact), Some(now));
    /// let options = BuildOptions::new(now); // what the Reset PIN builder takes
    /// assert_eq!(options.now, now);
    /// ```
    #[cfg(not(target_arch = "wasm32"))]
    pub fn now_local() -> Self {
        now_local_impl()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn now_local_impl() -> DateTime {
    use chrono::{Datelike, Timelike};
    let now = chrono::Local::now();
    let small = |v: u32| u8::try_from(v).unwrap_or(0);
    DateTime {
        year: u16::try_from(now.year()).unwrap_or(0),
        month: small(now.month()),
        day: small(now.day()),
        hour: small(now.hour()),
        minute: small(now.minute()),
        // A leap second reads as 60 in chrono; the wire format stops at 59.
        second: small(now.second().min(59)),
    }
}

impl fmt::Display for DateTime {
    /// Writes `YYYYMMDDHHMMSS`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_compact())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases = [
            ("20221116122653", true),
            ("20240229000000", true),  // leap year
            ("20000229235959", true),  // 400-year rule
            ("19000229120000", false), // 100-year rule
            ("20230229120000", false),
            ("20221131120000", false),
            ("20221116240000", false),
            ("20221116236000", false),
            ("20221116235960", false),
            ("20221300120000", false),
            ("20221100120000", false),
            ("20221116", false),
            ("2022111612265a", false),
            ("+0221116122653", false),
            ("202211161226530", false),
            ("２０２２1116122653", false),
        ];
        for (text, ok) in cases {
            assert_eq!(DateTime::parse_compact(text).is_some(), ok, "{text}");
        }
    }

    #[test]
    fn display_round_trips() {
        let d = DateTime::parse_compact("20221116122653").unwrap();
        assert_eq!(d.to_string(), "20221116122653");
        assert_eq!(d.to_compact(), "20221116122653");
        let early = DateTime::new(2, 3, 4, 5, 6, 7).unwrap();
        assert_eq!(early.to_compact(), "00020304050607");
        #[cfg(not(target_arch = "wasm32"))]
        {
            let now = DateTime::now_local();
            assert_eq!(DateTime::parse_compact(&now.to_string()), Some(now));
        }
    }

    #[test]
    fn naive_seconds() {
        let epoch = DateTime::parse_compact("19700101000000").unwrap();
        assert_eq!(epoch.naive_unix_seconds(), 0);
        let d = DateTime::parse_compact("20221116122653").unwrap();
        assert_eq!(d.naive_unix_seconds(), 1_668_601_613);
    }
}
