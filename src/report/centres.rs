//! The text table, Markdown, CSV and JSON of an asylum-centres run ([`CentresReport`]): the
//! sites and their added loads, the outcomes with their 90% intervals, the resettlement
//! places needed and the plan of the recognised by the key, then the priors and sources.

use super::{Format, Render, RenderOptions, Table, csv_header, thousands, to_json};
use crate::api::CentresReport;
use crate::centres::model::Uptake;
use crate::error::Result;
use crate::flows::estimator::Summary;

impl Render for CentresReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        render(self, format)
    }
}

/// Rows of the allocation shown in the text and Markdown tables (CSV and JSON have all).
const ALLOCATION_ROWS: usize = 15;

fn amount(name: &str, x: f64) -> String {
    match name {
        "uptake" | "protection" => format!("{:.1}%", 100.0 * x),
        "deaths" => {
            if x < 100.0 {
                format!("{x:.1}")
            } else {
                thousands(x)
            }
        }
        _ => thousands(x),
    }
}

fn per(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "-".into()
    }
}

fn band(s: &Summary) -> String {
    format!("{} ({} to {})", per(s.mean), per(s.p05), per(s.p95))
}

fn sites_table(r: &CentresReport) -> Table {
    let mut t = Table::new([
        "rank",
        "site",
        "name",
        "shared language",
        "neighbour",
        "distance km",
        "score",
        "hosted per 1,000 today",
        "applicants",
        "added per 1,000 (90%)",
        "lasting per 1,000 (90%)",
    ]);
    for (i, s) in r.choice.sites.iter().enumerate() {
        let load = r.outcome.sites.iter().find(|l| l.site.code == s.code);
        t.push([
            (i + 1).to_string(),
            s.code.clone(),
            if s.outside_region {
                format!("{} (outside the region)", s.name)
            } else {
                s.name.clone()
            },
            if s.shared_languages.is_empty() {
                "-".to_string()
            } else {
                s.shared_languages.join(", ")
            },
            if s.neighbour { "yes" } else { "no" }.to_string(),
            format!("{:.0}", s.distance_km),
            format!("{:.2}", s.score),
            per(s.load_today),
            load.map_or("-".into(), |l| thousands(l.applicants.mean)),
            load.map_or("-".into(), |l| band(&l.added_per_1000)),
            load.map_or("-".into(), |l| band(&l.lasting_per_1000)),
        ]);
    }
    t
}

fn outcomes_table(r: &CentresReport) -> Table {
    let mut t = Table::new(["figure", "mean", "5%", "95%"]);
    for f in &r.outcome.figures {
        t.push([
            f.label.to_string(),
            amount(f.name, f.value.mean),
            amount(f.name, f.value.p05),
            amount(f.name, f.value.p95),
        ]);
    }
    t
}

fn allocation_table(r: &CentresReport) -> Table {
    let mut t = Table::new([
        "state",
        "name",
        "share",
        "resettled",
        "per 1,000 inhabitants",
        "load per 1,000 before",
        "after",
    ]);
    for s in r.allocation.states.iter().take(ALLOCATION_ROWS) {
        t.push([
            s.code.clone(),
            s.name.clone(),
            format!("{:.2}%", 100.0 * s.share),
            thousands(s.allocated),
            per(s.per_1000),
            per(s.load_before),
            per(s.load_after),
        ]);
    }
    t
}

fn text(r: &CentresReport, markdown: bool) -> String {
    let m = &r.meta;
    let table = |t: Table| {
        if markdown {
            t.to_markdown()
        } else {
            t.to_text()
        }
    };
    let gap = if markdown { "\n\n" } else { "\n" };
    let list = |items: &[String]| -> String { items.iter().map(|n| format!("- {n}\n")).collect() };
    let head = format!(
        "UN-run asylum centres in the region for {}: {} would-be travellers from {} ({}); key `{}`; {} trials, seed {}; veto-sim {}, world {}",
        r.what,
        thousands(r.travellers),
        r.origin_name,
        r.origin,
        m.key.as_str(),
        m.trials,
        m.seed,
        m.provenance.version,
        m.provenance.short_hash()
    );
    let sites_head = if r.choice.sites.len() <= r.max_sites {
        format!(
            "Sites (every one receives applicants, split by population and GDP; none with a recorded armed conflict on its territory in {}):",
            r.choice.conflict_year
        )
    } else {
        format!(
            "Sites of the region ranked by shared official language, proximity and capacity (none with a recorded armed conflict on its territory in {}); the first {} receive applicants, split by population and GDP:",
            r.choice.conflict_year, r.max_sites
        )
    };
    let excluded = if r.choice.excluded.is_empty() {
        String::new()
    } else {
        format!(
            "{gap}Left out of the region: {}.",
            r.choice
                .excluded
                .iter()
                .map(|(c, why)| format!("{c} ({why})"))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let uptake = match &r.uptake {
        Uptake::Fixed { share } => format!("Uptake fixed at {:.1}%.", 100.0 * share),
        Uptake::Prior { prior } => format!(
            "Uptake: a declared prior, median {:.0}%, 90% interval {:.0}% to {:.0}%.",
            100.0 * prior.median,
            100.0 * prior.interval90[0],
            100.0 * prior.interval90[1]
        ),
    };
    let p = &r.protection;
    let protection = format!(
        "Protection rate (recognised + complementary over decisions on the merits): {:.1}%, drawn between {:.1}% and {:.1}% (mode at the central rate): {}.",
        100.0 * p.central,
        100.0 * p.low,
        100.0 * p.high,
        p.basis
    );
    let rs = &r.resettlement;
    let resettlement = format!(
        "Resettlement places needed: {} (90% interval {} to {}), against {} refugees resettled worldwide in {} ({:.0}% of that year's places) and {} in {}.",
        thousands(rs.needed.mean),
        thousands(rs.needed.p05),
        thousands(rs.needed.p95),
        thousands(rs.world),
        rs.year,
        if rs.world > 0.0 {
            100.0 * rs.needed.mean / rs.world
        } else {
            f64::NAN
        },
        thousands(rs.latest_world),
        rs.latest_year
    );
    let a = &r.allocation;
    let alloc_head = format!(
        "The {} recognised (mean) resettled by the `{}` key among {} states (the first {} shown); Gini of refugees hosted per 1,000 inhabitants over the key's states: {:.3} today, {:.3} after:",
        thousands(a.refugees),
        a.key.as_str(),
        a.states.iter().filter(|s| s.in_key).count(),
        ALLOCATION_ROWS.min(a.states.len()),
        a.gini_before,
        a.gini_after
    );
    let priors: Vec<String> = r
        .priors
        .iter()
        .map(|p| {
            format!(
                "{} ({}): median {}, 90% interval {} to {} ({} scale). {}",
                p.name,
                p.unit,
                p.median,
                p.interval90[0],
                p.interval90[1],
                match p.scale {
                    crate::centres::priors::Scale::Logit => "logit",
                    crate::centres::priors::Scale::Log => "log",
                },
                p.source
            )
        })
        .collect();
    format!(
        "{head}\n\n{sites_head}{gap}{}{excluded}\n\nOutcomes, mean and 90% interval over the priors (Monte Carlo; a site's load is its fixed share of the total, so its interval is exact given the total). Everyone is accounted for: apply at a centre + travel anyway = would-be travellers (largest discrepancy over the trials: {:.1e}).{gap}{}\n{uptake}\n{protection}\n\n{resettlement}\n\n{alloc_head}{gap}{}\nPriors:{gap}{}\nNotes:{gap}{}\nSources:{gap}{}",
        table(sites_table(r)),
        r.outcome.conservation_error,
        table(outcomes_table(r)),
        table(allocation_table(r)),
        list(&priors),
        list(&r.notes),
        list(&r.sources),
    )
}

fn csv(r: &CentresReport) -> Result<String> {
    let mut t = Table::new(["section", "key", "label", "mean", "p05", "p95"]);
    for f in &r.outcome.figures {
        t.push([
            "outcome".to_string(),
            f.name.to_string(),
            f.label.to_string(),
            f.value.mean.to_string(),
            f.value.p05.to_string(),
            f.value.p95.to_string(),
        ]);
    }
    for l in &r.outcome.sites {
        for (what, s) in [
            ("applicants", &l.applicants),
            ("added_per_1000", &l.added_per_1000),
            ("lasting_per_1000", &l.lasting_per_1000),
        ] {
            t.push([
                "site".to_string(),
                l.site.code.clone(),
                what.to_string(),
                s.mean.to_string(),
                s.p05.to_string(),
                s.p95.to_string(),
            ]);
        }
    }
    let rs = &r.resettlement;
    t.push([
        "resettlement".to_string(),
        rs.year.to_string(),
        format!("places needed; resettled worldwide that year: {}", rs.world),
        rs.needed.mean.to_string(),
        rs.needed.p05.to_string(),
        rs.needed.p95.to_string(),
    ]);
    for s in &r.allocation.states {
        t.push([
            "allocation".to_string(),
            s.code.clone(),
            format!("resettled by the key (share {})", s.share),
            s.allocated.to_string(),
            String::new(),
            String::new(),
        ]);
    }
    #[derive(serde::Serialize)]
    struct Summary<'a> {
        origin: &'a str,
        year: i32,
        what: &'a str,
        travellers: f64,
        protection_central: f64,
        protection_interval: [f64; 2],
        resettled_worldwide: f64,
        gini_before: f64,
        gini_after: f64,
        conservation_error: f64,
    }
    Ok(format!(
        "{}{}",
        csv_header(
            &r.meta,
            &Summary {
                origin: &r.origin,
                year: r.year,
                what: &r.what,
                travellers: r.travellers,
                protection_central: r.protection.central,
                protection_interval: [r.protection.low, r.protection.high],
                resettled_worldwide: rs.world,
                gini_before: r.allocation.gini_before,
                gini_after: r.allocation.gini_after,
                conservation_error: r.outcome.conservation_error,
            }
        )?,
        t.to_csv()?
    ))
}

/// Renders the report.
///
/// # Errors
/// Only a failure to serialise.
fn render(report: &CentresReport, format: Format) -> Result<String> {
    Ok(match format {
        Format::Json => to_json(report)?,
        Format::Csv => csv(report)?,
        Format::Table => text(report, false),
        Format::Markdown => text(report, true),
    })
}

impl Render for crate::api::CentresPlanReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let band = |s: &Summary| {
            format!(
                "{} ({} to {})",
                thousands(s.mean),
                thousands(s.p05),
                thousands(s.p95)
            )
        };
        let mut t = Table::new([
            "uptake",
            "protection rate",
            "key",
            "apply at a centre (90%)",
            "travel anyway",
            "recognised",
            "of world resettlement",
            "deaths avoided (90%)",
            "fees avoided US$",
            "Gini before",
            "after",
        ]);
        for c in &self.cells {
            t.push([
                c.uptake.clone(),
                c.protection_rate.clone(),
                c.key.as_str().to_string(),
                band(&c.centres),
                thousands(c.travelling.mean),
                thousands(c.recognised.mean),
                format!("{:.0}%", 100.0 * c.share_of_world_resettlement),
                format!(
                    "{} ({} to {})",
                    amount("deaths", c.deaths.mean),
                    amount("deaths", c.deaths.p05),
                    amount("deaths", c.deaths.p95)
                ),
                thousands(c.fees.mean),
                format!("{:.3}", c.gini_before),
                format!("{:.3}", c.gini_after),
            ]);
        }
        let m = &self.meta;
        let head = format!(
            "Centre plan `{}` ({}): {}; {} cells, {} would-be travellers ({}), {} trials each, seed {}; veto-sim {}, world {}",
            self.name,
            self.file,
            self.description.trim_end_matches('.'),
            self.cells.len(),
            thousands(self.cells.first().map_or(0.0, |c| c.travellers)),
            self.what,
            m.trials,
            m.seed,
            m.provenance.version,
            m.provenance.short_hash()
        );
        Ok(match format {
            Format::Json => to_json(self)?,
            Format::Table => format!("{head}\n\n{}", t.to_text()),
            Format::Markdown => format!("{head}\n\n{}", t.to_markdown()),
            Format::Csv => {
                let mut c = Table::new([
                    "uptake",
                    "protection_rate",
                    "key",
                    "travellers",
                    "centres_mean",
                    "centres_p05",
                    "centres_p95",
                    "travelling_mean",
                    "recognised_mean",
                    "recognised_p05",
                    "recognised_p95",
                    "deaths_mean",
                    "deaths_p05",
                    "deaths_p95",
                    "fees_mean",
                    "share_of_world_resettlement",
                    "gini_before",
                    "gini_after",
                ]);
                for x in &self.cells {
                    c.push([
                        x.uptake.clone(),
                        x.protection_rate.clone(),
                        x.key.as_str().to_string(),
                        x.travellers.to_string(),
                        x.centres.mean.to_string(),
                        x.centres.p05.to_string(),
                        x.centres.p95.to_string(),
                        x.travelling.mean.to_string(),
                        x.recognised.mean.to_string(),
                        x.recognised.p05.to_string(),
                        x.recognised.p95.to_string(),
                        x.deaths.mean.to_string(),
                        x.deaths.p05.to_string(),
                        x.deaths.p95.to_string(),
                        x.fees.mean.to_string(),
                        x.share_of_world_resettlement.to_string(),
                        x.gini_before.to_string(),
                        x.gini_after.to_string(),
                    ]);
                }
                #[derive(serde::Serialize)]
                struct Config<'a> {
                    plan: &'a str,
                    file: &'a str,
                    origin: &'a str,
                    year: i32,
                }
                format!(
                    "{}{}",
                    csv_header(
                        m,
                        &Config {
                            plan: &self.name,
                            file: &self.file,
                            origin: &self.origin,
                            year: self.year,
                        }
                    )?,
                    c.to_csv()?
                )
            }
        })
    }
}
