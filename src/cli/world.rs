//! `veto-sim list states|councils|drafts|conflicts`, `veto-sim show state|draft|conflict ID`
//! and `veto-sim data build`.
//!
//! Every command renders a readable table by default, or CSV, Markdown or JSON (`--format`);
//! JSON gives the full records. Filters that do not apply to what is listed are refused rather
//! than silently ignored.

use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use super::{ListFilters, ListWhat, OutputArgs, ShowWhat};
use crate::databuild::{self, BuildOptions};
use crate::error::{Error, Result, did_you_mean};
use crate::report::{Format, Table, emit, to_json};
use crate::world::RegionalGroup;
use crate::world::{ActionKind, Conflict, Draft, Outcome, SeatKind, State, World};

const P5: [&str; 5] = ["CHN", "FRA", "GBR", "RUS", "USA"];

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

/// Renders sections (an optional title and a table each) and the JSON value in the chosen format.
fn render(output: &OutputArgs, sections: &[(Option<String>, Table)], json: &Value) -> Result<()> {
    let text = match output.format {
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
    };
    emit(output.out.as_deref(), &text)
}

fn refuse(flag: &str, what: &str) -> Error {
    Error::Usage(format!("`--{flag}` does not apply to `list {what}`"))
}

pub(crate) fn check_filters(what: &str, f: &ListFilters, allowed: &[&str]) -> Result<()> {
    let given = [
        ("year", f.year.is_some()),
        ("since", f.since.is_some()),
        ("until", f.until.is_some()),
        ("vetoed-by", f.vetoed_by.is_some()),
        ("group", f.group.is_some()),
        ("topic", f.topic.is_some()),
        ("kind", f.kind.is_some()),
        ("outcome", f.outcome.is_some()),
        ("window", f.window.is_some()),
    ];
    for (flag, set) in given {
        if set && !allowed.contains(&flag) {
            return Err(refuse(flag, what));
        }
    }
    if f.year.is_some() && (f.since.is_some() || f.until.is_some()) {
        return Err(Error::Usage(
            "give either `--year` or `--since`/`--until`, not both".into(),
        ));
    }
    Ok(())
}

fn parse_group(text: &str) -> Result<RegionalGroup> {
    RegionalGroup::parse(text).ok_or_else(|| {
        let names = RegionalGroup::ALL
            .iter()
            .flat_map(|g| [g.name(), g.short()]);
        Error::Usage(format!(
            "unknown regional group `{text}` (expected one of {}){}",
            RegionalGroup::ALL
                .iter()
                .map(|g| format!("{} ({})", g.name(), g.short()))
                .collect::<Vec<_>>()
                .join(", "),
            did_you_mean(text, names)
        ))
    })
}

/// A date bound from `--since`/`--until`: `YYYY` or `YYYY-MM-DD`, as a full date.
fn date_bound(text: &str, flag: &str, upper: bool) -> Result<String> {
    let t = text.trim();
    match crate::world::drafts::parse_date(t) {
        Some(_) if t.len() == 4 => Ok(if upper {
            format!("{t}-12-31")
        } else {
            format!("{t}-01-01")
        }),
        Some(_) => Ok(t.to_string()),
        None => Err(Error::Usage(format!(
            "`--{flag}` expects YYYY or YYYY-MM-DD, found `{text}`"
        ))),
    }
}

fn year_bound(text: &str, flag: &str) -> Result<i32> {
    date_bound(text, flag, false)?[..4]
        .parse()
        .map_err(|_| Error::Usage(format!("`--{flag}` expects a year")))
}

/// The interval of dates a draft's date covers (a year-only date covers the year).
fn draft_span(d: &Draft) -> (String, String) {
    if d.date.len() == 4 {
        (format!("{}-01-01", d.date), format!("{}-12-31", d.date))
    } else {
        (d.date.clone(), d.date.clone())
    }
}

fn fmt_opt(v: Option<f64>, decimals: usize) -> String {
    v.map(|v| format!("{v:.decimals$}")).unwrap_or_default()
}

/// Lists states, councils, drafts or conflicts.
///
/// # Errors
/// A filter that does not apply or does not parse, an unknown group, member, kind or window
/// (exit code 2); a failed write.
pub fn list(
    world: &World,
    what: ListWhat,
    filters: &ListFilters,
    output: &OutputArgs,
) -> Result<()> {
    match what {
        ListWhat::States => list_states(world, filters, output),
        ListWhat::Councils => list_councils(world, filters, output),
        ListWhat::Drafts => list_drafts(world, filters, output),
        ListWhat::Conflicts => list_conflicts(world, filters, output),
        ListWhat::Reforms => Err(Error::Usage(
            "reforms are listed by the reform catalog".into(),
        )),
    }
}

fn list_states(world: &World, f: &ListFilters, output: &OutputArgs) -> Result<()> {
    check_filters("states", f, &["group", "window"])?;
    let group = f.group.as_deref().map(parse_group).transpose()?;
    let alignment = world.alignment(f.window.as_deref())?;
    let p5: Vec<usize> = P5.iter().filter_map(|c| world.state_index(c)).collect();
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
    for (i, s) in world.states.iter().enumerate() {
        if group.is_some_and(|g| g != s.group) {
            continue;
        }
        let agree: Vec<f64> = p5.iter().map(|&j| alignment.agreement(i, j)).collect();
        let filled: Vec<bool> = p5.iter().map(|&j| alignment.is_filled(i, j)).collect();
        let mut row = vec![
            s.code.clone(),
            s.name.clone(),
            s.group.short().to_string(),
            fmt_opt(s.population_m, 2),
            fmt_opt(s.gdp_musd, 0),
            s.pop_gdp_year.map(|y| y.to_string()).unwrap_or_default(),
            fmt_opt(s.ideal_point, 3),
        ];
        // A filled pair (fewer than 20 common votes in the window) is marked with `*`.
        row.extend(agree.iter().zip(&filled).map(|(a, f)| {
            if *f {
                format!("{a:.3}*")
            } else {
                format!("{a:.3}")
            }
        }));
        table.push(row);
        let agreement: serde_json::Map<String, Value> = P5
            .iter()
            .zip(&agree)
            .map(|(c, a)| (c.to_string(), json!(a)))
            .collect();
        let filled_with: Vec<&str> = P5
            .iter()
            .zip(&filled)
            .filter(|(_, f)| **f)
            .map(|(c, _)| *c)
            .collect();
        rows.push(
            json!({ "state": s, "agreement_with_p5": agreement, "filled_with": filled_with }),
        );
    }
    render(
        output,
        &[(None, table)],
        &json!({ "window": alignment.window, "states": rows }),
    )
}

fn list_councils(world: &World, f: &ListFilters, output: &OutputArgs) -> Result<()> {
    check_filters("councils", f, &["year", "since", "until", "group"])?;
    let group = f.group.as_deref().map(parse_group).transpose()?;
    let (lo, hi) = match f.year {
        Some(y) => {
            if world.council(y).is_none() {
                let years: Vec<String> =
                    world.councils.iter().map(|c| c.year.to_string()).collect();
                return Err(Error::Usage(format!(
                    "no Council for {y} in this world (years {}–{})",
                    years.first().cloned().unwrap_or_default(),
                    years.last().cloned().unwrap_or_default()
                )));
            }
            (y, y)
        }
        None => (
            f.since
                .as_deref()
                .map(|t| year_bound(t, "since"))
                .transpose()?
                .unwrap_or(i32::MIN),
            f.until
                .as_deref()
                .map(|t| year_bound(t, "until"))
                .transpose()?
                .unwrap_or(i32::MAX),
        ),
    };
    let mut table = Table::new(["year", "iso3", "name", "seat", "group"]);
    let mut councils = Vec::new();
    for c in world
        .councils
        .iter()
        .filter(|c| c.year >= lo && c.year <= hi)
    {
        let members: Vec<_> = c
            .members
            .iter()
            .filter(|m| group.is_none_or(|g| g == m.group))
            .collect();
        for m in &members {
            let name = world.state(&m.code).map_or("", |s| s.name.as_str());
            table.push([
                c.year.to_string(),
                m.code.clone(),
                name.to_string(),
                m.seat.as_str().to_string(),
                m.group.short().to_string(),
            ]);
        }
        councils.push(json!({ "year": c.year, "members": members }));
    }
    render(output, &[(None, table)], &json!({ "councils": councils }))
}

fn vetoed_by_matches(d: &Draft, wanted: &str) -> bool {
    if wanted == "SUN" {
        d.vetoed_by_recorded.iter().any(|v| v == "USSR")
    } else {
        d.vetoed_by.iter().any(|v| v == wanted)
    }
}

fn tally_text(d: &Draft) -> String {
    match (d.n_yes, d.n_no, d.n_abstain) {
        (Some(y), Some(n), Some(a)) => format!("{y}-{n}-{a}"),
        _ => String::new(),
    }
}

/// The drafts matching the filters.
fn filter_drafts<'w>(world: &'w World, f: &ListFilters) -> Result<Vec<&'w Draft>> {
    let vetoed_by = match &f.vetoed_by {
        Some(v) => {
            let code = v.trim().to_ascii_uppercase();
            let allowed = ["CHN", "FRA", "GBR", "RUS", "USA", "SUN"];
            if !allowed.contains(&code.as_str()) {
                return Err(Error::Usage(format!(
                    "`{v}` is not a permanent member (CHN, FRA, GBR, RUS, USA; SUN for the USSR's casts only){}",
                    did_you_mean(&code, allowed)
                )));
            }
            Some(code)
        }
        None => None,
    };
    let kind = match &f.kind {
        Some(k) => Some(ActionKind::parse(k).ok_or_else(|| {
            Error::Usage(format!(
                "unknown kind `{k}` (expected one of {}){}",
                ActionKind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                did_you_mean(k, ActionKind::ALL.iter().map(|k| k.as_str()))
            ))
        })?),
        None => None,
    };
    let outcome = match &f.outcome {
        Some(o) => Some(Outcome::parse(o).ok_or_else(|| {
            Error::Usage(format!("`--outcome` expects vetoed or failed, found `{o}`"))
        })?),
        None => None,
    };
    let (lo, hi) = match f.year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => (
            f.since
                .as_deref()
                .map(|t| date_bound(t, "since", false))
                .transpose()?
                .unwrap_or_else(|| "0000-01-01".into()),
            f.until
                .as_deref()
                .map(|t| date_bound(t, "until", true))
                .transpose()?
                .unwrap_or_else(|| "9999-12-31".into()),
        ),
    };
    let topic = f.topic.as_deref().map(str::to_lowercase);
    Ok(world
        .drafts
        .iter()
        .filter(|d| {
            let (start, end) = draft_span(d);
            end >= lo && start <= hi
        })
        .filter(|d| vetoed_by.as_deref().is_none_or(|v| vetoed_by_matches(d, v)))
        .filter(|d| outcome.is_none_or(|o| d.outcome == o))
        .filter(|d| kind.is_none_or(|k| d.annotation.as_ref().is_some_and(|a| a.kind == k)))
        .filter(|d| {
            topic.as_deref().is_none_or(|t| {
                d.topic.to_lowercase().contains(t) || d.title.to_lowercase().contains(t)
            })
        })
        .collect())
}

fn list_drafts(world: &World, f: &ListFilters, output: &OutputArgs) -> Result<()> {
    check_filters(
        "drafts",
        f,
        &[
            "year",
            "since",
            "until",
            "vetoed-by",
            "topic",
            "kind",
            "outcome",
        ],
    )?;
    let drafts = filter_drafts(world, f)?;
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
    for d in &drafts {
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
    render(output, &[(None, table)], &json!({ "drafts": drafts }))
}

fn conflict_summary(c: &Conflict) -> Value {
    let deaths: u64 = c
        .years
        .iter()
        .filter(|y| y.year >= c.first_year && y.year <= c.last_year)
        .filter_map(|y| y.deaths_best)
        .sum();
    let peak = c.destinations_on("peak").first().map(|d| d.year);
    let peak_total: u64 = c.destinations_on("peak").iter().map(|d| d.total).sum();
    let latest = c.destinations_on("latest").first().map(|d| d.year);
    let latest_total: u64 = c.destinations_on("latest").iter().map(|d| d.total).sum();
    json!({
        "id": c.id, "name": c.name, "origin": c.origin, "ucdp_ids": c.ucdp_ids,
        "first_year": c.first_year, "last_year": c.last_year, "ucdp_years": c.ucdp_years,
        "drafts": c.drafts, "deaths_best_in_years": deaths,
        "peak_year": peak, "refugees_and_asylum_seekers_at_peak": peak_total,
        "latest_year": latest, "refugees_and_asylum_seekers_latest": latest_total,
    })
}

fn list_conflicts(world: &World, f: &ListFilters, output: &OutputArgs) -> Result<()> {
    check_filters("conflicts", f, &["year", "since", "until"])?;
    let (lo, hi) = match f.year {
        Some(y) => (y, y),
        None => (
            f.since
                .as_deref()
                .map(|t| year_bound(t, "since"))
                .transpose()?
                .unwrap_or(i32::MIN),
            f.until
                .as_deref()
                .map(|t| year_bound(t, "until"))
                .transpose()?
                .unwrap_or(i32::MAX),
        ),
    };
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
    for c in world
        .conflicts
        .iter()
        .filter(|c| c.last_year >= lo && c.first_year <= hi)
    {
        let s = conflict_summary(c);
        let num = |k: &str| s[k].as_u64().map(|v| v.to_string()).unwrap_or_default();
        table.push([
            c.id.clone(),
            c.name.clone(),
            c.origin.join(";"),
            format!("{}-{}", c.first_year, c.last_year),
            c.drafts.to_string(),
            num("deaths_best_in_years"),
            num("peak_year"),
            num("refugees_and_asylum_seekers_at_peak"),
            num("refugees_and_asylum_seekers_latest"),
        ]);
        out.push(s);
    }
    render(output, &[(None, table)], &json!({ "conflicts": out }))
}

/// Shows one state, draft or conflict.
///
/// # Errors
/// An unknown id, with the nearest one suggested (exit code 2); a failed write.
pub fn show(world: &World, what: ShowWhat, id: &str, output: &OutputArgs) -> Result<()> {
    match what {
        ShowWhat::State => show_state(world, id, output),
        ShowWhat::Draft => show_draft(world, id, output),
        ShowWhat::Conflict => show_conflict(world, id, output),
        ShowWhat::Reform => Err(Error::Usage(
            "reforms are shown by the reform catalog".into(),
        )),
    }
}

fn kv(pairs: Vec<(&str, String)>) -> Table {
    let mut t = Table::new(["field", "value"]);
    for (k, v) in pairs {
        t.push([k.to_string(), v]);
    }
    t
}

#[derive(Serialize)]
struct Peer {
    iso3: String,
    agreement: f64,
    filled: bool,
}

fn show_state(world: &World, id: &str, output: &OutputArgs) -> Result<()> {
    let s: &State = world.require_state(id)?;
    let i = world.state_index(&s.code).expect("a state of the world");
    let alignment = world.alignment(None)?;
    let mut peers: Vec<Peer> = (0..world.states.len())
        .filter(|&j| j != i)
        .map(|j| Peer {
            iso3: world.states[j].code.clone(),
            agreement: alignment.agreement(i, j),
            filled: alignment.is_filled(i, j),
        })
        .collect();
    peers.sort_by(|a, b| {
        b.agreement
            .total_cmp(&a.agreement)
            .then(a.iso3.cmp(&b.iso3))
    });
    let p5: Vec<(String, f64)> = P5
        .iter()
        .filter_map(|c| {
            world
                .state_index(c)
                .map(|j| (c.to_string(), alignment.agreement(i, j)))
        })
        .collect();
    let years: Vec<(i32, SeatKind)> = world
        .councils
        .iter()
        .filter_map(|c| {
            c.members
                .iter()
                .find(|m| m.code == s.code)
                .map(|m| (c.year, m.seat))
        })
        .collect();
    let mut seats: Vec<String> = Vec::new();
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
    let vetoes = world
        .drafts
        .iter()
        .filter(|d| d.vetoed_by.contains(&s.code))
        .count();
    let top = |list: &[Peer]| {
        list.iter()
            .map(|p| format!("{} {:.3}", p.iso3, p.agreement))
            .collect::<Vec<_>>()
            .join(", ")
    };
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
        ("vetoes cast", vetoes.to_string()),
        (
            "agreement with P5",
            format!(
                "{} ({})",
                p5.iter()
                    .map(|(c, a)| format!("{c} {a:.3}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                alignment.window
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
        "window": alignment.window,
        "agreement_with_p5": p5.iter().map(|(c, a)| (c.clone(), json!(a))).collect::<serde_json::Map<_, _>>(),
        "agreement": peers,
        "council_years": world.councils.iter().filter_map(|c| c.members.iter().find(|m| m.code == s.code).map(|m| json!({"year": c.year, "seat": m.seat}))).collect::<Vec<_>>(),
        "vetoes_cast": vetoes,
    });
    render(output, &[(None, table)], &json)
}

fn draft_table(world: &World, d: &Draft) -> (Table, Option<Table>) {
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
        Some(a) => {
            let conflict = if a.conflict_id.is_empty() {
                "none".to_string()
            } else if let Some(c) = world.conflict(&a.conflict_id) {
                format!("{} ({})", c.id, c.name)
            } else {
                format!("{} (not curated yet)", a.conflict_id)
            };
            pairs.extend([
                (
                    "sponsors",
                    crate::world::drafts::known_list_text(&a.sponsors),
                ),
                ("targets", crate::world::drafts::known_list_text(&a.targets)),
                ("kind", a.kind.as_str().to_string()),
                ("mass atrocities", a.atrocity.as_str().to_string()),
                ("conflict", conflict),
                ("annotation source", a.source.clone()),
                ("annotation notes", a.notes.clone()),
            ]);
        }
        None => pairs.push(("annotation", "not annotated".into())),
    }
    pairs.push(("flags", d.flags.join(", ")));
    let votes = if d.yes.is_empty() && d.no.is_empty() && d.abstain.is_empty() {
        None
    } else {
        let mut t = Table::new(["member", "name", "vote"]);
        let mut members: Vec<(&str, &str)> = Vec::new();
        for (list, vote) in [
            (&d.yes, "yes"),
            (&d.no, "no"),
            (&d.abstain, "abstain"),
            (&d.absent, "absent"),
        ] {
            members.extend(list.iter().map(|c| (c.as_str(), vote)));
        }
        members.sort();
        for (code, vote) in members {
            let name = world.state(code).map_or(code, |s| s.name.as_str());
            t.push([code, name, vote]);
        }
        Some(t)
    };
    (kv(pairs), votes)
}

fn show_draft(world: &World, id: &str, output: &OutputArgs) -> Result<()> {
    let drafts = world.find_drafts(id);
    if drafts.is_empty() {
        return Err(Error::Usage(format!(
            "unknown draft `{id}`{}",
            did_you_mean(id, world.drafts.iter().map(|d| d.id.as_str()))
        )));
    }
    let mut sections = Vec::new();
    for d in &drafts {
        let (info, votes) = draft_table(world, d);
        sections.push((
            if drafts.len() > 1 {
                Some(d.id.clone())
            } else {
                None
            },
            info,
        ));
        if let Some(v) = votes {
            sections.push((Some(format!("Votes on {}", d.id)), v));
        }
    }
    let json = if drafts.len() == 1 {
        json!(drafts[0])
    } else {
        json!(drafts)
    };
    render(output, &sections, &json)
}

fn show_conflict(world: &World, id: &str, output: &OutputArgs) -> Result<()> {
    let wanted = id.trim().to_lowercase();
    let c = world.conflict(&wanted).ok_or_else(|| {
        Error::Usage(format!(
            "unknown conflict `{id}`{}",
            did_you_mean(&wanted, world.conflicts.iter().map(|c| c.id.as_str()))
        ))
    })?;
    let linked: Vec<&str> = world
        .drafts
        .iter()
        .filter(|d| d.annotation.as_ref().is_some_and(|a| a.conflict_id == c.id))
        .map(|d| d.id.as_str())
        .collect();
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
        ("drafts", linked.join(", ")),
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
    for basis in ["latest", "peak"] {
        let list = c.destinations_on(basis);
        let Some(first) = list.first() else { continue };
        let mut t = Table::new(["asylum", "name", "refugees", "asylum_seekers", "share"]);
        for d in list.iter().take(15) {
            let name = world.state(&d.asylum_code).map_or("", |s| s.name.as_str());
            t.push([
                d.asylum_code.clone(),
                name.to_string(),
                d.refugees.to_string(),
                d.asylum_seekers.to_string(),
                format!("{:.1}%", 100.0 * d.share),
            ]);
        }
        sections.push((
            Some(format!(
                "Largest destinations, {basis} ({}), of {}",
                first.year,
                list.len()
            )),
            t,
        ));
    }
    render(output, &sections, &json!(c))
}

/// Builds the world's tables from the raw files with the default curated folder (`curation`).
///
/// # Errors
/// See [`data_build_with`].
pub fn data_build(from: &Path, out: &Path) -> Result<()> {
    data_build_with(from, out, Path::new("curation"), &[], false, false)
}

/// Builds the world's tables from the raw files in `from` and the curated files in `curated`
/// into `out`, with extra alignment `windows`; prints what it wrote, and (unless `quiet`) a
/// progress bar and the warnings on stderr.
///
/// # Errors
/// A missing or malformed raw or curated file, or data that fail a check (exit code 2, with
/// the file, line and key); a failed write (exit code 1).
pub fn data_build_with(
    from: &Path,
    out: &Path,
    curated: &Path,
    windows: &[String],
    allow_missing: bool,
    quiet: bool,
) -> Result<()> {
    let bar = super::progress::PhaseBar::new(quiet);
    let options = BuildOptions {
        from: from.to_path_buf(),
        curated: curated.to_path_buf(),
        windows: windows.to_vec(),
        allow_missing,
    };
    let build = databuild::build_with(&options, &|s| bar.step(s));
    bar.finish();
    let build = build?;
    databuild::write(&build, out)?;
    let mut summary = String::new();
    for (name, text) in &build.files {
        let rows = if name.ends_with(".csv") {
            text.lines().count().saturating_sub(1)
        } else {
            text.lines().count()
        };
        let unit = if name.ends_with(".csv") {
            "rows"
        } else {
            "lines"
        };
        summary.push_str(&format!(
            "wrote {} ({rows} {unit})\n",
            out.join(name).display()
        ));
    }
    // The warnings are also listed in the README.md written with the tables.
    if !quiet {
        for w in &build.warnings {
            eprintln!("warning: {w}");
        }
    }
    emit(None, &summary)
}
