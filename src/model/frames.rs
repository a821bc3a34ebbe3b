//! The days of an animation's frames: a first and last day and a step of
//! days, months or years between them.

use chrono::{Days, Months, NaiveDate};

/// How far time moves between two frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Days(u32),
    Months(u32),
    Years(u32),
}

/// Why a run of frame days was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FrameError {
    #[error("'{0}' is not a step: write a number and d, m or y (1d, 7d, 1m, 1y)")]
    BadStep(String),
    #[error("--from {from} is after --to {to}")]
    Reversed { from: NaiveDate, to: NaiveDate },
    #[error("{count} frames from {from} to {to}: at most {max}; take a longer step")]
    TooMany {
        count: usize,
        from: NaiveDate,
        to: NaiveDate,
        max: usize,
    },
}

/// The most frames one animation has.
pub const MAX_FRAMES: usize = 5_000;

impl Step {
    /// `1d`, `7d`, `1m`, `1y`.
    pub fn parse(text: &str) -> Result<Self, FrameError> {
        let bad = || FrameError::BadStep(text.to_string());
        let t = text.trim();
        // The unit is the last character, whatever its width ("1д" is no step).
        let Some((at, unit)) = t.char_indices().last() else {
            return Err(bad());
        };
        let n: u32 = t[..at].parse().map_err(|_| bad())?;
        let unit = unit.to_string();
        let unit = unit.as_str();
        if n == 0 || n > 1000 {
            return Err(bad());
        }
        match unit {
            "d" => Ok(Self::Days(n)),
            "w" => Ok(Self::Days(7 * n)),
            "m" => Ok(Self::Months(n)),
            "y" => Ok(Self::Years(n)),
            _ => Err(bad()),
        }
    }

    /// `k` steps after `from`, counted from `from` so that month steps keep
    /// its day of the month (31 Jan, 28 Feb, 31 Mar), clamped to short months.
    pub fn nth(self, from: NaiveDate, k: u32) -> Option<NaiveDate> {
        match self {
            Self::Days(n) => from.checked_add_days(Days::new(u64::from(n) * u64::from(k))),
            Self::Months(n) => from.checked_add_months(Months::new(n.checked_mul(k)?)),
            Self::Years(n) => from.checked_add_months(Months::new(n.checked_mul(k)?.checked_mul(12)?)),
        }
    }

    /// "1m" again.
    pub fn label(self) -> String {
        match self {
            Self::Days(n) => format!("{n}d"),
            Self::Months(n) => format!("{n}m"),
            Self::Years(n) => format!("{n}y"),
        }
    }
}

/// The days of the frames: `from`, then a step at a time, to `to` inclusive.
pub fn frame_days(from: NaiveDate, to: NaiveDate, step: Step) -> Result<Vec<NaiveDate>, FrameError> {
    if from > to {
        return Err(FrameError::Reversed { from, to });
    }
    let mut days = vec![from];
    while let Some(next) = u32::try_from(days.len()).ok().and_then(|k| step.nth(from, k)) {
        if next > to {
            break;
        }
        if days.len() >= MAX_FRAMES {
            let count = days.len() + 1;
            return Err(FrameError::TooMany {
                count,
                from,
                to,
                max: MAX_FRAMES,
            });
        }
        days.push(next);
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn steps_parse_and_say_themselves() {
        assert_eq!(Step::parse("1m").unwrap(), Step::Months(1));
        assert_eq!(Step::parse("7d").unwrap(), Step::Days(7));
        assert_eq!(Step::parse("2w").unwrap(), Step::Days(14));
        assert_eq!(Step::parse("1y").unwrap().label(), "1y");
        assert!(Step::parse("1x").is_err() && Step::parse("0d").is_err() && Step::parse("m").is_err());
        assert!(Step::parse("1д").is_err() && Step::parse("é").is_err() && Step::parse("").is_err());
    }

    #[test]
    fn frame_days_run_from_the_first_to_the_last_inclusive() {
        // 2020-09-01 to 2022-11-01 by a month is 27 frames.
        let days = frame_days(d(2020, 9, 1), d(2022, 11, 1), Step::Months(1)).unwrap();
        assert_eq!(days.len(), 27);
        assert_eq!(days.last(), Some(&d(2022, 11, 1)));
        assert_eq!(
            frame_days(d(2022, 1, 1), d(2022, 1, 1), Step::Years(1)).unwrap(),
            [d(2022, 1, 1)]
        );
        // Month steps keep the first day's day of the month, clamped.
        let ends = frame_days(d(2021, 1, 31), d(2021, 4, 30), Step::Months(1)).unwrap();
        assert_eq!(
            ends,
            [d(2021, 1, 31), d(2021, 2, 28), d(2021, 3, 31), d(2021, 4, 30)]
        );
        assert!(matches!(
            frame_days(d(2022, 1, 1), d(2021, 1, 1), Step::Days(1)),
            Err(FrameError::Reversed { .. })
        ));
        assert!(matches!(
            frame_days(d(1900, 1, 1), d(2022, 1, 1), Step::Days(1)),
            Err(FrameError::TooMany { .. })
        ));
    }
}
