//! The server clock: wall time plus an offset that `--test-clock` lets tests move forward, so
//! five-minute windows and the fifteen-minute suspension can be tested without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{Datelike, Local, TimeDelta, TimeZone, Timelike};
use pinseal::DateTime;

/// Largest total shift accepted: far enough for any test, small enough that no date arithmetic
/// overflows.
const MAX_OFFSET_SECS: i64 = 100 * 366 * 86_400;

/// Wall clock plus a test offset (zero unless `--test-clock` moved it).
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

fn to_datetime<T: Datelike + Timelike>(t: &T) -> Option<DateTime> {
    DateTime::new(
        u16::try_from(t.year()).ok()?,
        u8::try_from(t.month()).ok()?,
        u8::try_from(t.day()).ok()?,
        u8::try_from(t.hour()).ok()?,
        u8::try_from(t.minute()).ok()?,
        // chrono reads a leap second as 60; the wire format stops at 59.
        u8::try_from(t.second().min(59)).ok()?,
    )
}

impl Clock {
    /// Moves the clock by `secs` (either direction); returns the total offset.
    pub fn advance(&self, secs: i64) -> i64 {
        let clamp = |v: i64| v.clamp(-MAX_OFFSET_SECS, MAX_OFFSET_SECS);
        let mut now = self.offset_secs.load(Ordering::SeqCst);
        loop {
            let next = clamp(now.saturating_add(clamp(secs)));
            match self
                .offset_secs
                .compare_exchange(now, next, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => return next,
                Err(actual) => now = actual,
            }
        }
    }

    /// The current offset in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Milliseconds since the Unix epoch, offset included: the time base of challenges and
    /// suspensions.
    pub fn now_ms(&self) -> i64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        wall.saturating_add(self.offset().saturating_mul(1000))
    }

    /// The server's local date and time, offset included.
    pub fn local_now(&self) -> DateTime {
        let shifted = Local::now().checked_add_signed(TimeDelta::seconds(self.offset()));
        shifted
            .and_then(|t| to_datetime(&t))
            .unwrap_or_else(DateTime::now_local)
    }

    /// The local date and time of an instant from [`Clock::now_ms`].
    pub fn local_at(&self, ms: i64) -> Option<DateTime> {
        Local
            .timestamp_millis_opt(ms)
            .single()
            .and_then(|t| to_datetime(&t))
    }
}

/// `YYYY-MM-DD HH:MM:SS`, for descriptions meant for people.
pub fn human(t: &DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}
