//! The server clock: wall time plus an offset that `--test-clock` lets tests move forward, so
//! five-minute windows and the fifteen-minute suspension can be tested without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{Datelike, Local, NaiveDateTime, TimeDelta, TimeZone, Timelike};

/// Largest total shift accepted: far enough for any test, small enough that no date arithmetic
/// overflows.
const MAX_OFFSET_SECS: i64 = 100 * 366 * 86_400;

/// Wall clock plus a test offset (zero unless `--test-clock` moved it).
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
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

    /// The server's local date and time, offset included (whole seconds).
    pub fn local_now(&self) -> NaiveDateTime {
        let now = Local::now();
        let shifted = now
            .checked_add_signed(TimeDelta::seconds(self.offset()))
            .unwrap_or(now);
        whole_seconds(shifted.naive_local())
    }

    /// The local date and time of an instant from [`Clock::now_ms`].
    pub fn local_at(&self, ms: i64) -> Option<NaiveDateTime> {
        Local
            .timestamp_millis_opt(ms)
            .single()
            .map(|t| whole_seconds(t.naive_local()))
    }
}

/// `t` without its fraction of a second (a leap second reads as :59).
fn whole_seconds(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).unwrap_or(t)
}

/// `YYYYMMDDHHMMSS`, the wire format of `requestDateTime`/`responseDateTime`.
pub fn compact(t: &NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `YYYY-MM-DD HH:MM:SS`, for descriptions meant for people.
pub fn human(t: &NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
