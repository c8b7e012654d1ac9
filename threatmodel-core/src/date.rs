//! Calendar dates as annotations write them: ISO 8601 extended format, `YYYY-MM-DD`.

/// Whether `text` is a real calendar date written `YYYY-MM-DD` (ISO 8601 extended format):
/// `2028-02-29` is, `2027-02-29`, `2027-6-30` and `30/06/2027` are not.
pub fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        text[0..4].parse::<i32>(),
        text[5..7].parse::<u8>(),
        text[8..10].parse::<u8>(),
    ) else {
        return false;
    };
    time::Month::try_from(month)
        .and_then(|month| time::Date::from_calendar_date(year, month, day))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::is_iso_date;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(is_iso_date("2027-06-30"));
        assert!(is_iso_date("2028-02-29"));
        assert!(!is_iso_date("2027-02-29"));
        assert!(!is_iso_date("2027-13-01"));
        assert!(!is_iso_date("2027-00-10"));
        assert!(!is_iso_date("2027-6-30"));
        assert!(!is_iso_date("30/06/2027"));
        assert!(!is_iso_date("2027-06-3x"));
        assert!(!is_iso_date("2027-06-301"));
    }
}
