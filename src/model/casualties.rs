//! Casualty counts as ranges: sources say "more than 6,500" or "hundreds",
//! rarely one number.

use super::sym::Sym;
use serde::{Deserialize, Serialize};

/// A count of people killed, as a range. `high` is `None` when the source
/// gives only a lower bound ("more than 6,500").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualties {
    pub low: u32,
    pub high: Option<u32>,
    pub best: Option<u32>,
    /// Display text, e.g. "6,500+ killed".
    pub text: Sym,
}

/// A casualty phrase the parser does not understand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CasualtyError {
    #[error(
        "cannot read the casualty phrase '{0}' (expected e.g. '280', 'more than 6,500', 'hundreds', '10-20')"
    )]
    Unknown(String),
    #[error("casualty range {low}-{high} is reversed")]
    Reversed { low: u32, high: u32 },
}

/// Word quantities and the ranges they are taken to mean: a plural needs at
/// least two of the unit, and stays below the next order of magnitude.
pub const WORD_RANGES: [(&str, u32, u32); 4] = [
    ("dozens", 24, 99),
    ("hundreds", 200, 999),
    ("thousands", 2_000, 9_999),
    ("tens of thousands", 20_000, 99_999),
];

impl Casualties {
    /// From numeric counts (as in UCDP GED's low/best/high).
    pub fn from_counts(low: u32, best: Option<u32>, high: Option<u32>) -> Result<Self, CasualtyError> {
        if let Some(h) = high
            && h < low
        {
            return Err(CasualtyError::Reversed { low, high: h });
        }
        let t = Thousands;
        let text = match (best, high) {
            (_, Some(h)) if h == low => format!("{} killed", t(low)),
            (Some(b), Some(h)) => format!("{} killed ({}–{})", t(b), t(low), t(h)),
            (None, Some(h)) => format!("{}–{} killed", t(low), t(h)),
            (_, None) => format!("{}+ killed", t(low)),
        };
        Ok(Self {
            low,
            high,
            best,
            text: text.into(),
        })
    }

    /// An exact count.
    pub fn exact(n: u32) -> Self {
        Self {
            low: n,
            high: Some(n),
            best: Some(n),
            text: format!("{} killed", Thousands(n)).into(),
        }
    }

    /// Reads the quantity a text gives: "280", "over 280", "more than 6,500",
    /// "at least 12", "10-20", "hundreds".
    pub fn parse_phrase(phrase: &str) -> Result<Self, CasualtyError> {
        let lower = phrase.trim().to_lowercase();
        let unknown = || CasualtyError::Unknown(phrase.to_string());
        if let Some((word, low, high)) = WORD_RANGES.iter().find(|(w, _, _)| *w == lower) {
            return Ok(Self {
                low: *low,
                high: Some(*high),
                best: None,
                text: format!("{word} killed").into(),
            });
        }
        for prefix in ["more than ", "over ", "at least ", "upwards of "] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                let n = parse_count(rest).ok_or_else(unknown)?;
                return Self::from_counts(n, None, None);
            }
        }
        if let Some((a, b)) = lower.split_once(['-', '–']) {
            let (low, high) = (
                parse_count(a).ok_or_else(unknown)?,
                parse_count(b).ok_or_else(unknown)?,
            );
            return Self::from_counts(low, None, Some(high));
        }
        parse_count(&lower).map(Self::exact).ok_or_else(unknown)
    }
}

/// "6,500" or "6500" to 6500.
fn parse_count(text: &str) -> Option<u32> {
    let digits: String = text.trim().chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Writes a count with thousands separators (6500 as "6,500") without allocating.
struct Thousands(u32);

impl std::fmt::Display for Thousands {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        if n < 1000 {
            write!(f, "{n}")
        } else {
            write!(f, "{},{:03}", Thousands(n / 1000), n % 1000)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bounds_are_open_ended() {
        let c = Casualties::parse_phrase("more than 6,500").unwrap();
        assert_eq!((c.low, c.high), (6500, None));
        assert_eq!(c.text, "6,500+ killed");
        let c = Casualties::parse_phrase("over 280").unwrap();
        assert_eq!((c.low, c.high), (280, None));
        assert_eq!(c.text, "280+ killed");
    }

    #[test]
    fn hundreds_is_a_documented_range() {
        let c = Casualties::parse_phrase("hundreds").unwrap();
        assert_eq!((c.low, c.high), (200, Some(999)));
        assert_eq!(c.text, "hundreds killed");
    }

    #[test]
    fn exact_and_ranges() {
        assert_eq!(
            Casualties::parse_phrase("1,234").unwrap(),
            Casualties::exact(1234)
        );
        let r = Casualties::parse_phrase("10-20").unwrap();
        assert_eq!((r.low, r.high), (10, Some(20)));
        assert_eq!(r.text, "10–20 killed");
        assert!(matches!(
            Casualties::parse_phrase("20-10"),
            Err(CasualtyError::Reversed { .. })
        ));
        let ucdp = Casualties::from_counts(3, Some(5), Some(9)).unwrap();
        assert_eq!(ucdp.text, "5 killed (3–9)");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "many", "more than", "over -5", "12 and a half", "99999999999"] {
            assert!(Casualties::parse_phrase(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(Thousands(0).to_string(), "0");
        assert_eq!(Thousands(999).to_string(), "999");
        assert_eq!(Thousands(1000).to_string(), "1,000");
        assert_eq!(Thousands(1_234_567).to_string(), "1,234,567");
    }
}
