//! The five United Nations regional groups, as the states table records them and as rules
//! allocate elected seats by them.

use std::fmt;

use serde::Serialize;

/// The five United Nations regional groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RegionalGroup {
    /// African States.
    #[serde(rename = "African")]
    African,
    /// Asia-Pacific States.
    #[serde(rename = "Asia-Pacific")]
    AsiaPacific,
    /// Eastern European States.
    #[serde(rename = "Eastern European")]
    EasternEuropean,
    /// Latin American and Caribbean States.
    #[serde(rename = "Latin American and Caribbean")]
    LatinAmericanCaribbean,
    /// Western European and Others.
    #[serde(rename = "Western European and Others")]
    WesternEuropeanOthers,
}

impl RegionalGroup {
    /// All five groups in a fixed order.
    pub const ALL: [RegionalGroup; 5] = [
        RegionalGroup::African,
        RegionalGroup::AsiaPacific,
        RegionalGroup::EasternEuropean,
        RegionalGroup::LatinAmericanCaribbean,
        RegionalGroup::WesternEuropeanOthers,
    ];

    /// The group's name as written in rule files and data.
    pub fn name(self) -> &'static str {
        match self {
            RegionalGroup::African => "African",
            RegionalGroup::AsiaPacific => "Asia-Pacific",
            RegionalGroup::EasternEuropean => "Eastern European",
            RegionalGroup::LatinAmericanCaribbean => "Latin American and Caribbean",
            RegionalGroup::WesternEuropeanOthers => "Western European and Others",
        }
    }

    /// A short label for seat names.
    pub fn short(self) -> &'static str {
        match self {
            RegionalGroup::African => "AFR",
            RegionalGroup::AsiaPacific => "APG",
            RegionalGroup::EasternEuropean => "EEG",
            RegionalGroup::LatinAmericanCaribbean => "GRULAC",
            RegionalGroup::WesternEuropeanOthers => "WEOG",
        }
    }

    /// Parses a group name (also accepting the short labels), case-insensitively.
    pub fn parse(text: &str) -> Option<RegionalGroup> {
        let wanted = text.trim();
        RegionalGroup::ALL.into_iter().find(|g| {
            g.name().eq_ignore_ascii_case(wanted) || g.short().eq_ignore_ascii_case(wanted)
        })
    }
}

impl fmt::Display for RegionalGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_groups_parse_long_and_short_names() {
        assert_eq!(
            RegionalGroup::parse("asia-pacific"),
            Some(RegionalGroup::AsiaPacific)
        );
        assert_eq!(
            RegionalGroup::parse("WEOG"),
            Some(RegionalGroup::WesternEuropeanOthers)
        );
        assert_eq!(RegionalGroup::parse("Europe"), None);
    }
}
