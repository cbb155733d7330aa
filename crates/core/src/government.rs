//! Decision organs (决策机关), identified by their administrative division code.

use crate::error::InputError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A six-digit administrative division code (行政区划代码, GB/T 2260), e.g. `370103` for 市中区.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GovernmentCode(String);

impl GovernmentCode {
    pub fn parse(s: &str) -> Result<Self, InputError> {
        let s = s.trim();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0') {
            Ok(GovernmentCode(s.to_owned()))
        } else {
            Err(InputError::new(
                "governmentCode",
                format!("行政区划代码应为6位数字（如 370103），收到“{s}”"),
                format!("an administrative division code has 6 digits (e.g. 370103), got \"{s}\""),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for GovernmentCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        GovernmentCode::parse(&s).map_err(|e| e.en)
    }
}

impl From<GovernmentCode> for String {
    fn from(c: GovernmentCode) -> String {
        c.0
    }
}

impl fmt::Display for GovernmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The level of a decision organ: the regulation applies to county level and above (R-01-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GovernmentLevel {
    Provincial,
    Municipal,
    /// 区、县（市）.
    District,
}

impl GovernmentLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            GovernmentLevel::Provincial => "PROVINCIAL",
            GovernmentLevel::Municipal => "MUNICIPAL",
            GovernmentLevel::District => "DISTRICT",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PROVINCIAL" => Some(GovernmentLevel::Provincial),
            "MUNICIPAL" => Some(GovernmentLevel::Municipal),
            "DISTRICT" => Some(GovernmentLevel::District),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_codes_are_six_digits() {
        assert_eq!(GovernmentCode::parse("370103").map(|c| c.to_string()), Ok("370103".to_owned()));
        assert_eq!(GovernmentCode::parse(" 370117 ").map(|c| c.to_string()), Ok("370117".to_owned()));
        for bad in ["", "37010", "3701030", "37010a", "037010", "３７０１０３"] {
            assert!(GovernmentCode::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
