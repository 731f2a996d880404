//! The world's listings and entries rendered (`veto-sim list`, `veto-sim show`) and the
//! summary of `veto-sim data build`.
//!
//! A listing is one or more sections (an optional title and a table each): the text table and
//! Markdown show every section, CSV the first, and JSON the full records. A `field, value`
//! table (one entry shown) is laid out as left-aligned text.

use serde_json::{Value, json};

use super::{Format, Render, RenderOptions, Table, to_json};
use crate::api::world::{
    CatalogRow, ConflictProfile, ConflictsListing, CouncilsListing, DataBuildReport, DraftRecord,
    DraftRecords, DraftsListing, P5, Peer, ReformCatalog, ReformEntry, StateProfile, StatesListing,
};
use crate::error::Result;
use crate::world::SeatKind;
use crate::world::drafts::known_list_text;

/// A section of a listing: an optional title and its table.
type Section = (Option<String>, Table);

/// A `field, value` table as left-aligned text (values are not right-aligned like numbers).
fn kv_text(t: &Table) -> String {
    let width = t
        .rows
        .iter()
        .map(|r| r[0].chars().count())
        .max()
        .unwrap_or(0);
    t.rows
        .iter()
        .map(|r| {
            format!("{:<width$}  {}\n", r[0], r[1])
                .trim_end()
                .to_string()
                + "\n"
        })
        .collect()
}

fn text_of(t: &Table) -> String {
    if t.headers == ["field", "value"] {
        kv_text(t)
    } else {
        t.to_text()
    }
}

/// Renders sections and the JSON value in `format`.
fn render(format: Format, sections: &[Section], json: &Value) -> Result<String> {
    Ok(match format {
        Format::Json => to_json(json)?,
        Format::Csv => sections
            .first()
            .map(|(_, t)| t.to_csv())
            .transpose()?
            .unwrap_or_default(),
        Format::Table => sections
            .iter()
            .map(|(title, t)| match title {
                Some(title) => format!("{title}\n\n{}", text_of(t)),
                None => text_of(t),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => sections
            .iter()
            .map(|(title, t)| match title {
                Some(title) => format!("### {title}\n\n{}", t.to_markdown()),
                None => t.to_markdown(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

fn fmt_opt(v: Option<f64>, decimals: usize) -> String {
    v.map(|v| format!("{v:.decimals$}")).unwrap_or_default()
}

fn kv(pairs: Vec<(&str, String)>) -> Table {
    let mut t = Table::new(["field", "value"]);
    for (k, v) in pairs {
        t.push([k.to_string(), v]);
    }
    t
}

impl Render for StatesListing {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let mut headers = vec![
            "iso3".to_string(),
            "name".into(),
            "group".into(),
            "population_m".into(),
            "gdp_musd".into(),
            "year".into(),
            "ideal_point".into(),
        ];
        headers.extend(P5.iter().map(|c| format!("agree_{c}")));
        let mut table = Table::new(headers);
        let mut rows = Vec::new();
        for row in &self.states {
            let s = &row.state;
            let mut cells = vec![
                s.code.clone(),
                s.name.clone(),
                s.group.short().to_string(),
                fmt_opt(s.population_m, 2),
                fmt_opt(s.gdp_musd, 0),
                s.pop_gdp_year.map(|y| y.to_string()).unwrap_or_default(),
                fmt_opt(s.ideal_point, 3),
            ];
            // A filled pair (fewer than 20 common votes in the window) is marked with `*`.
            cells.extend(row.agreement_with_p5.iter().map(|(_, a, filled)| {
                if *filled {
                    format!("{a:.3}*")
                } else {
                    format!("{a:.3}")
                }
            }));
            table.push(cells);
            let agreement: serde_json::Map<String, Value> = row
                .agreement_with_p5
                .iter()
                .map(|(c, a, _)| (c.clone(), json!(a)))
                .collect();
            let filled_with: Vec<&str> = row
                .agreement_with_p5
                .iter()
                .filter(|(_, _, f)| *f)
                .map(|(c, _, _)| c.as_str())
                .collect();
            rows.push(
                json!({ "state": s, "agreement_with_p5": agreement, "filled_with": filled_with }),
            );
        }
        render(
            format,
            &[(None, table)],
            &json!({ "window": self.window, "states": rows }),
        )
    }
}

impl Render for CouncilsListing {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let mut table = Table::new(["year", "iso3", "name", "seat", "group"]);
        let mut councils = Vec::new();
        for c in &self.councils {
            for (m, name) in &c.members {
                table.push([
                    c.year.to_string(),
                    m.code.clone(),
                    name.clone(),
                    m.seat.as_str().to_string(),
                    m.group.short().to_string(),
                ]);
            }
            let members: Vec<_> = c.members.iter().map(|(m, _)| m).collect();
            councils.push(json!({ "year": c.year, "members": members }));
        }
        render(format, &[(None, table)], &json!({ "councils": councils }))
    }
}

fn tally_text(d: &crate::world::Draft) -> String {
    match (d.n_yes, d.n_no, d.n_abstain) {
        (Some(y), Some(n), Some(a)) => format!("{y}-{n}-{a}"),
        _ => String::new(),
    }
}

impl Render for DraftsListing {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let mut table = Table::new([
            "id",
            "date",
            "outcome",
            "topic",
            "vetoed_by",
            "vote",
            "tally",
            "kind",
            "atrocity",
            "conflict",
        ]);
        for d in &self.drafts {
            let (kind, atrocity, conflict) = match &d.annotation {
                Some(a) => (
                    a.kind.as_str().to_string(),
                    a.atrocity.as_str().to_string(),
                    a.conflict_id.clone(),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            table.push([
                d.id.clone(),
                d.date.clone(),
                d.outcome.as_str().to_string(),
                d.topic.clone(),
                d.vetoed_by.join(";"),
                tally_text(d),
                d.tally.as_str().to_string(),
                kind,
                atrocity,
                conflict,
            ]);
        }
        render(format, &[(None, table)], &json!({ "drafts": self.drafts }))
    }
}

impl Render for ConflictsListing {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let mut table = Table::new([
            "id",
            "name",
            "origin",
            "years",
            "drafts",
            "deaths_best",
            "peak_year",
            "displaced_at_peak",
            "displaced_latest",
        ]);
        let mut out = Vec::new();
        for c in &self.conflicts {
            table.push([
                c.id.clone(),
                c.name.clone(),
                c.origin.join(";"),
                format!("{}-{}", c.first_year, c.last_year),
                c.drafts.to_string(),
                c.deaths_best.to_string(),
                c.peak.0.map(|y| y.to_string()).unwrap_or_default(),
                c.peak.1.to_string(),
                c.latest.1.to_string(),
            ]);
            out.push(json!({
                "id": c.id, "name": c.name, "origin": c.origin, "ucdp_ids": c.ucdp_ids,
                "first_year": c.first_year, "last_year": c.last_year, "ucdp_years": c.ucdp_years,
                "drafts": c.drafts, "deaths_best_in_years": c.deaths_best,
                "peak_year": c.peak.0, "refugees_and_asylum_seekers_at_peak": c.peak.1,
                "latest_year": c.latest.0, "refugees_and_asylum_seekers_latest": c.latest.1,
            }));
        }
        render(format, &[(None, table)], &json!({ "conflicts": out }))
    }
}

/// Council years as ranges of consecutive years in the same seat (`2014-2015`, `1946-2026
/// (permanent)`).
fn seat_ranges(years: &[(i32, SeatKind)]) -> Vec<String> {
    let mut seats = Vec::new();
    let mut k = 0;
    while k < years.len() {
        let (start, seat) = years[k];
        let mut end = start;
        while k + 1 < years.len() && years[k + 1].0 == end + 1 && years[k + 1].1 == seat {
            k += 1;
            end = years[k].0;
        }
        let range = if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        };
        seats.push(if seat == SeatKind::Permanent {
            format!("{range} (permanent)")
        } else {
            range
        });
        k += 1;
    }
    seats
}

impl Render for StateProfile {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let s = &self.state;
        let seats = seat_ranges(&self.council_years);
        let top = |list: &[Peer]| {
            list.iter()
                .map(|p| format!("{} {:.3}", p.iso3, p.agreement))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let peers = &self.peers;
        let n = peers.len();
        let table = kv(vec![
            ("iso3", s.code.clone()),
            ("name", s.name.clone()),
            ("official name", s.official_name.clone()),
            ("regional group", s.group.name().to_string()),
            ("group note", s.group_note.clone()),
            ("population (millions)", fmt_opt(s.population_m, 3)),
            ("GDP (millions USD)", fmt_opt(s.gdp_musd, 0)),
            (
                "population/GDP year",
                s.pop_gdp_year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| "unknown".into()),
            ),
            ("population/GDP source", s.pop_gdp_source.clone()),
            ("capital", s.capital.clone()),
            ("centroid (lat, lng)", format!("{:.4}, {:.4}", s.lat, s.lng)),
            ("land neighbours", s.neighbours.join(", ")),
            (
                "ideal point",
                s.ideal_point.map_or("unknown".into(), |v| {
                    format!("{v:.4} ({})", s.ideal_point_year.unwrap_or(0))
                }),
            ),
            (
                "hosts (UNHCR)",
                format!(
                    "{} refugees, {} asylum seekers ({})",
                    s.hosted_refugees, s.hosted_asylum_seekers, s.hosted_year
                ),
            ),
            (
                "Council years",
                if seats.is_empty() {
                    "none since 1990".into()
                } else {
                    seats.join(", ")
                },
            ),
            ("vetoes cast", self.vetoes_cast.to_string()),
            (
                "agreement with P5",
                format!(
                    "{} ({})",
                    self.agreement_with_p5
                        .iter()
                        .map(|(c, a)| format!("{c} {a:.3}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.window
                ),
            ),
            ("closest in the Assembly", top(&peers[..5.min(n)])),
            (
                "farthest in the Assembly",
                top(&peers[n.saturating_sub(5)..]),
            ),
        ]);
        let json = json!({
            "state": s,
            "window": self.window,
            "agreement_with_p5": self.agreement_with_p5.iter().map(|(c, a)| (c.clone(), json!(a))).collect::<serde_json::Map<_, _>>(),
            "agreement": peers,
            "council_years": self.council_years.iter().map(|(year, seat)| json!({"year": year, "seat": seat})).collect::<Vec<_>>(),
            "vetoes_cast": self.vetoes_cast,
        });
        render(format, &[(None, table)], &json)
    }
}

/// A draft's fields, and the members' votes when recorded.
fn draft_tables(record: &DraftRecord) -> (Table, Option<Table>) {
    let d = &record.draft;
    let names = |codes: &[String]| codes.join(", ");
    let mut pairs = vec![
        ("id", d.id.clone()),
        ("symbol as recorded", d.symbol_recorded.clone()),
        ("date", d.date.clone()),
        ("outcome", d.outcome.as_str().to_string()),
        ("meeting", d.meeting.clone()),
        ("topic", d.topic.clone()),
        ("title", d.title.clone()),
        ("region", d.region.clone()),
        (
            "vetoed by",
            if d.vetoed_by.is_empty() {
                String::new()
            } else {
                format!(
                    "{} (recorded: {})",
                    names(&d.vetoed_by),
                    d.vetoed_by_recorded.join(", ")
                )
            },
        ),
        ("submitted by (failed-votes file)", names(&d.submitted_by)),
        (
            "vote",
            format!("{} {}", tally_text(d), d.tally.as_str())
                .trim()
                .to_string(),
        ),
        ("yes", names(&d.yes)),
        ("no", names(&d.no)),
        ("abstain", names(&d.abstain)),
        ("absent", names(&d.absent)),
        ("vote source", d.tally_source.clone()),
        ("record source", d.source.clone()),
    ];
    match &d.annotation {
        Some(a) => pairs.extend([
            ("sponsors", known_list_text(&a.sponsors)),
            ("targets", known_list_text(&a.targets)),
            ("kind", a.kind.as_str().to_string()),
            ("mass atrocities", a.atrocity.as_str().to_string()),
            ("conflict", record.conflict.clone().unwrap_or_default()),
            ("annotation source", a.source.clone()),
            ("annotation notes", a.notes.clone()),
        ]),
        None => pairs.push(("annotation", "not annotated".into())),
    }
    pairs.push(("flags", d.flags.join(", ")));
    let votes = (!record.votes.is_empty()).then(|| {
        let mut t = Table::new(["member", "name", "vote"]);
        for (code, name, vote) in &record.votes {
            t.push([code.as_str(), name.as_str(), *vote]);
        }
        t
    });
    (kv(pairs), votes)
}

impl Render for DraftRecords {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let mut sections = Vec::new();
        let several = self.drafts.len() > 1;
        for record in &self.drafts {
            let (info, votes) = draft_tables(record);
            sections.push((several.then(|| record.draft.id.clone()), info));
            if let Some(v) = votes {
                sections.push((Some(format!("Votes on {}", record.draft.id)), v));
            }
        }
        let json = if several {
            json!(self.drafts.iter().map(|r| &r.draft).collect::<Vec<_>>())
        } else {
            json!(self.drafts[0].draft)
        };
        render(format, &sections, &json)
    }
}

impl Render for ConflictProfile {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let c = &self.conflict;
        let info = kv(vec![
            ("id", c.id.clone()),
            ("name", c.name.clone()),
            ("origin", c.origin.join(", ")),
            (
                "UCDP conflict ids",
                c.ucdp_ids
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("years", format!("{}-{}", c.first_year, c.last_year)),
            ("UCDP active years", c.ucdp_years.clone()),
            ("drafts", self.linked_drafts.join(", ")),
            ("source", c.source.clone()),
            ("notes", c.notes.clone()),
        ]);
        let mut years = Table::new([
            "year",
            "ucdp",
            "deaths_low",
            "deaths_best",
            "deaths_high",
            "refugees",
            "asylum_seekers",
            "new_refugees",
            "new_asylum_seekers",
        ]);
        let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
        for y in &c.years {
            years.push([
                y.year.to_string(),
                y.ucdp_intensity
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "-".into()),
                n(y.deaths_low),
                n(y.deaths_best),
                n(y.deaths_high),
                n(y.refugees),
                n(y.asylum_seekers),
                n(y.new_refugees),
                n(y.new_asylum_seekers),
            ]);
        }
        let mut sections = vec![
            (None, info),
            (
                Some(
                    "By year (deaths in the origin state(s); UNHCR stocks and new arrivals)"
                        .to_string(),
                ),
                years,
            ),
        ];
        for list in &self.destinations {
            let mut t = Table::new(["asylum", "name", "refugees", "asylum_seekers", "share"]);
            for (d, name) in &list.largest {
                t.push([
                    d.asylum_code.clone(),
                    name.clone(),
                    d.refugees.to_string(),
                    d.asylum_seekers.to_string(),
                    format!("{:.1}%", 100.0 * d.share),
                ]);
            }
            sections.push((
                Some(format!(
                    "Largest destinations, {} ({}), of {}",
                    list.basis, list.year, list.count
                )),
                t,
            ));
        }
        render(format, &sections, &json!(c))
    }
}

/// The source cut at a word boundary to about 60 characters, for a narrow table.
fn first_clause(source: &str) -> String {
    const WIDTH: usize = 60;
    if source.chars().count() <= WIDTH {
        return source.to_string();
    }
    let mut cut = String::new();
    for word in source.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > WIDTH {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{cut} …")
}

/// The catalog's full columns, as CSV gives them.
const CATALOG_COLUMNS: [&str; 8] = [
    "name",
    "seats",
    "quota",
    "veto",
    "restraint",
    "override",
    "description",
    "source",
];

fn catalog_cells(r: &CatalogRow) -> Vec<String> {
    vec![
        r.name.clone(),
        r.seats.to_string(),
        r.quota.to_string(),
        r.veto.clone(),
        r.restraint.clone(),
        r.r#override.clone(),
    ]
}

impl Render for ReformCatalog {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        if format == Format::Json {
            return to_json(&self.reforms);
        }
        // The text and Markdown tables cut the source short and leave out the description.
        let wide = format == Format::Csv;
        let mut table = if wide {
            Table::new(CATALOG_COLUMNS)
        } else {
            Table::new([
                "name",
                "seats",
                "quota",
                "veto",
                "restraint",
                "override",
                "source",
            ])
        };
        for r in &self.reforms {
            let mut cells = catalog_cells(r);
            if wide {
                cells.extend([r.description.clone(), r.source.clone()]);
            } else {
                cells.push(first_clause(&r.source));
            }
            table.push(cells);
        }
        Ok(match format {
            Format::Csv => table.to_csv()?,
            Format::Markdown => table.to_markdown(),
            _ => {
                let mut text = table.to_text();
                text.push_str("\n`veto-sim show reform NAME` prints a rule with its description and full source.\n");
                text
            }
        })
    }
}

impl Render for ReformEntry {
    /// The YAML file as embedded (table, Markdown), or the validated rule (JSON, CSV).
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        Ok(match format {
            Format::Table => self.yaml.clone(),
            Format::Markdown => format!("# Reform `{}`\n\n```yaml\n{}```\n", self.name, self.yaml),
            Format::Json => to_json(&self.rule)?,
            Format::Csv => {
                let r = self.row();
                let mut table = Table::new(CATALOG_COLUMNS);
                let mut cells = catalog_cells(&r);
                cells.extend([r.description, r.source]);
                table.push(cells);
                table.to_csv()?
            }
        })
    }
}

impl DataBuildReport {
    /// One line per file written: `wrote PATH (N rows)` (`lines` for files other than CSV).
    pub fn summary(&self) -> String {
        self.written
            .iter()
            .map(|f| format!("wrote {} ({} {})\n", f.path.display(), f.count, f.unit))
            .collect()
    }
}
