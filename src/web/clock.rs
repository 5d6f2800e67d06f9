//! The date as the insured places count it: all of China keeps UTC+8, whatever the device's time zone.

/// Today in China.
pub fn china_today() -> chrono::NaiveDate {
    let now_ms = js_sys::Date::now() as i64 + 8 * 3_600_000;
    chrono::DateTime::from_timestamp_millis(now_ms)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}
