//! The layout of `data/`: file names and their exact header rows.
//!
//! The data build writes these files and the world loader reads them; both take the column
//! lists from here, so the two can never disagree.

/// Member states.
pub const STATES_FILE: &str = "states.csv";
/// Columns of [`STATES_FILE`].
pub const STATES_COLUMNS: &[&str] = &[
    "iso3",
    "name",
    "official_name",
    "group",
    "group_note",
    "population_m",
    "gdp_musd",
    "pop_gdp_year",
    "pop_gdp_source",
    "capital",
    "lat",
    "lng",
    "neighbours",
    "ideal_point",
    "ideal_point_year",
    "hosted_refugees",
    "hosted_asylum_seekers",
    "hosted_year",
    "gwcode",
];

/// General Assembly agreement between pairs of states, per window.
pub const ALIGNMENT_FILE: &str = "alignment.csv";
/// Columns of [`ALIGNMENT_FILE`].
pub const ALIGNMENT_COLUMNS: &[&str] = &[
    "window",
    "a",
    "b",
    "n_common",
    "n_agree",
    "agreement",
    "filled",
];

/// Security Council membership by year.
pub const COUNCILS_FILE: &str = "councils.csv";
/// Columns of [`COUNCILS_FILE`].
pub const COUNCILS_COLUMNS: &[&str] = &["year", "iso3", "seat", "group"];

/// Vetoed and failed drafts.
pub const DRAFTS_FILE: &str = "drafts.csv";
/// Columns of [`DRAFTS_FILE`].
pub const DRAFTS_COLUMNS: &[&str] = &[
    "id",
    "symbol_recorded",
    "date",
    "outcome",
    "meeting",
    "topic",
    "title",
    "region",
    "vetoed_by",
    "vetoed_by_recorded",
    "submitted_by",
    "tally",
    "n_yes",
    "n_no",
    "n_abstain",
    "n_absent",
    "yes",
    "no",
    "abstain",
    "absent",
    "tally_source",
    "source",
    "annotated",
    "sponsors",
    "targets",
    "kind",
    "atrocity",
    "conflict_id",
    "annotation_source",
    "annotation_notes",
    "flags",
];

/// Conflicts linked to drafts.
pub const CONFLICTS_FILE: &str = "conflicts.csv";
/// Columns of [`CONFLICTS_FILE`].
pub const CONFLICTS_COLUMNS: &[&str] = &[
    "conflict_id",
    "name",
    "origin_iso3",
    "ucdp_conflict_ids",
    "first_year",
    "last_year",
    "ucdp_years",
    "drafts",
    "source",
    "notes",
];

/// Battle deaths and refugees of each conflict by year.
pub const CONFLICT_YEARS_FILE: &str = "conflict_years.csv";
/// Columns of [`CONFLICT_YEARS_FILE`].
pub const CONFLICT_YEARS_COLUMNS: &[&str] = &[
    "conflict_id",
    "year",
    "ucdp_active",
    "ucdp_intensity",
    "deaths_low",
    "deaths_best",
    "deaths_high",
    "deaths_source",
    "refugees",
    "asylum_seekers",
    "new_refugees",
    "new_asylum_seekers",
];

/// Where each conflict's refugees and asylum seekers are, in the latest year and at the peak.
pub const DESTINATIONS_FILE: &str = "conflict_destinations.csv";
/// Columns of [`DESTINATIONS_FILE`].
pub const DESTINATIONS_COLUMNS: &[&str] = &[
    "conflict_id",
    "basis",
    "year",
    "asylum_iso3",
    "refugees",
    "asylum_seekers",
    "total",
    "share",
];

/// New arrivals of each conflict's refugees and asylum seekers by origin, year and asylum state
/// (UNHCR flows), for the destinations year by year.
pub const ARRIVALS_FILE: &str = "conflict_arrivals.csv";
/// Columns of [`ARRIVALS_FILE`].
pub const ARRIVALS_COLUMNS: &[&str] = &[
    "conflict_id",
    "origin_iso3",
    "year",
    "asylum_iso3",
    "refugees",
    "asylum_seekers",
    "total",
];

/// Battle deaths and UNHCR refugee outflows by origin country-year (the elasticity panel).
pub const FLOWS_PANEL_FILE: &str = "flows_panel.csv";
/// Columns of [`FLOWS_PANEL_FILE`].
pub const FLOWS_PANEL_COLUMNS: &[&str] = &[
    "iso3",
    "year",
    "deaths_low",
    "deaths_best",
    "deaths_high",
    "deaths_source",
    "new_refugees",
    "new_asylum_seekers",
];

/// Member states and the non-member origins of conflicts: geographic region, centroid, land
/// neighbours and past asylum effort (destinations, gravity model and keys).
pub const HOST_STATES_FILE: &str = "host_states.csv";
/// Columns of [`HOST_STATES_FILE`].
pub const HOST_STATES_COLUMNS: &[&str] = &[
    "iso3",
    "member",
    "region",
    "subregion",
    "lat",
    "lng",
    "neighbours",
    "applications_2010_2014",
    "resettled_2010_2014",
];

/// Adopted Council resolutions: each member's vote and the kind of action taken.
pub const ADOPTED_FILE: &str = "adopted.csv";
/// Columns of [`ADOPTED_FILE`].
pub const ADOPTED_COLUMNS: &[&str] = &[
    "resolution",
    "number",
    "date",
    "kind",
    "kind_rule",
    "yes",
    "abstain",
    "no",
    "not_voting",
    "title",
];

/// Every table of the world, in the order they are hashed.
pub const TABLE_FILES: &[&str] = &[
    STATES_FILE,
    ALIGNMENT_FILE,
    COUNCILS_FILE,
    DRAFTS_FILE,
    CONFLICTS_FILE,
    CONFLICT_YEARS_FILE,
    DESTINATIONS_FILE,
    FLOWS_PANEL_FILE,
    HOST_STATES_FILE,
    ADOPTED_FILE,
    ARRIVALS_FILE,
];

/// Tables a world folder may lack (worlds built before them): the world then has no
/// refugee-flow panel, host table or adopted resolutions, and the commands that need them
/// say so.
pub const OPTIONAL_FILES: &[&str] = &[
    FLOWS_PANEL_FILE,
    HOST_STATES_FILE,
    ADOPTED_FILE,
    ARRIVALS_FILE,
];

/// The alignment window used when none is named.
pub const DEFAULT_WINDOW: &str = "2010-2019";

/// Codes that are not UN member states but may appear in the veto record and its
/// annotations: former states and the non-member observer and disputed territories.
pub const OTHER_CODES: &[(&str, &str)] = &[
    (
        "SUN",
        "Union of Soviet Socialist Republics (to 1991; its seat is Russia's)",
    ),
    (
        "YUG",
        "Yugoslavia (Socialist Federal Republic, and the Federal Republic to 2003)",
    ),
    ("SCG", "Serbia and Montenegro (2003-2006)"),
    ("CSK", "Czechoslovakia (to 1992)"),
    ("DDR", "German Democratic Republic (to 1990)"),
    ("YMD", "People's Democratic Republic of Yemen (to 1990)"),
    ("YAR", "Yemen Arab Republic (to 1990)"),
    ("PSE", "State of Palestine (non-member observer state)"),
    ("VAT", "Holy See (non-member observer state)"),
    ("XKX", "Kosovo"),
    ("TWN", "Taiwan"),
    ("ESH", "Western Sahara"),
];

/// The member state whose seat or membership a former state's code continues, if any:
/// the Russian Federation continues the USSR's membership and permanent seat.
pub fn successor(code: &str) -> Option<&'static str> {
    match code {
        "SUN" => Some("RUS"),
        _ => None,
    }
}
