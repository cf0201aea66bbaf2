//! The French school year: 1 September to 31 August.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A school year, named by the calendar year it starts in (2026 is 2026-2027).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SchoolYear(pub i32);

impl SchoolYear {
    /// The school year a date falls in: from 1 September on, the year that starts then.
    pub fn containing(date: NaiveDate) -> SchoolYear {
        if date.month() >= 9 {
            SchoolYear(date.year())
        } else {
            SchoolYear(date.year() - 1)
        }
    }

    /// 1 September of the start year.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 9, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 August of the following year.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 8, 31).unwrap_or(NaiveDate::MAX)
    }

    /// Whether `date` falls in this school year.
    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.first_day() && date <= self.last_day()
    }

    /// "2026-2027".
    pub fn label(self) -> String {
        format!("{}-{}", self.0, self.0 + 1)
    }

    /// Whether a case file may be set to this year (a sanity range, not a policy).
    pub fn is_plausible(self) -> bool {
        (2000..=2100).contains(&self.0)
    }
}

/// Age in whole years on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// A date as French users read it: dd/mm/yyyy.
pub fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn the_year_turns_on_the_first_of_september() {
        assert_eq!(SchoolYear::containing(d(2026, 8, 31)), SchoolYear(2025));
        assert_eq!(SchoolYear::containing(d(2026, 9, 1)), SchoolYear(2026));
        assert_eq!(SchoolYear(2026).label(), "2026-2027");
        assert!(SchoolYear(2026).contains(d(2027, 8, 31)));
        assert!(!SchoolYear(2026).contains(d(2027, 9, 1)));
    }

    #[test]
    fn age_counts_the_birthday_itself() {
        assert_eq!(age_on(d(2010, 3, 14), d(2025, 3, 13)), 14);
        assert_eq!(age_on(d(2010, 3, 14), d(2025, 3, 14)), 15);
        assert_eq!(french_date(d(2026, 1, 5)), "05/01/2026");
    }
}
