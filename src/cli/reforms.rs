//! `veto-sim list reforms` and `veto-sim show reform NAME`.

use serde::Serialize;

use super::OutputArgs;
use crate::error::Result;
use crate::report::{Format, Table, emit, to_json};
use crate::rules::{Rule, catalog};
use crate::world::World;

/// A catalog row, as rendered in every format.
#[derive(Serialize)]
struct CatalogRow {
    name: String,
    seats: u32,
    quota: u32,
    veto: String,
    restraint: String,
    r#override: String,
    description: String,
    source: String,
}

fn row(rule: &Rule) -> CatalogRow {
    let veto = match &rule.veto {
        None => "none".to_string(),
        Some(v) if v.negatives_to_block == 1 => format!("{} holders", v.holders.len()),
        Some(v) => format!(
            "{} holders, {} to block",
            v.holders.len(),
            v.negatives_to_block
        ),
    };
    CatalogRow {
        name: rule.name.clone(),
        seats: rule.seats(),
        quota: rule.quota,
        veto,
        restraint: rule.restraint.as_ref().map_or(String::new(), |r| {
            format!(
                "{} on atrocity drafts, compliance {}",
                r.members.join("+"),
                r.compliance
            )
        }),
        r#override: rule.override_majority.map_or(String::new(), |o| {
            format!("Assembly {}/{}", o.numerator, o.denominator)
        }),
        description: rule.description.clone(),
        source: rule.source.clone(),
    }
}

/// Lists the catalog.
///
/// # Errors
/// A broken embedded rule, or failure to write the output.
pub fn list(world: &World, output: &OutputArgs) -> Result<()> {
    let codes = world.state_codes();
    let rows: Vec<CatalogRow> = catalog::all(&codes)?.iter().map(row).collect();
    let text = match output.format {
        Format::Json => to_json(&rows)?,
        format => {
            let wide = matches!(format, Format::Csv);
            let mut headers = vec!["name", "seats", "quota", "veto", "restraint", "override"];
            if wide {
                headers.extend(["description", "source"]);
            } else {
                headers.push("source");
            }
            let mut table = Table::new(headers);
            for r in &rows {
                let mut cells = vec![
                    r.name.clone(),
                    r.seats.to_string(),
                    r.quota.to_string(),
                    r.veto.clone(),
                    r.restraint.clone(),
                    r.r#override.clone(),
                ];
                if wide {
                    cells.extend([r.description.clone(), r.source.clone()]);
                } else {
                    cells.push(first_clause(&r.source));
                }
                table.push(cells);
            }
            match format {
                Format::Csv => table.to_csv()?,
                Format::Markdown => table.to_markdown(),
                _ => {
                    let mut text = table.to_text();
                    text.push_str("\n`veto-sim show reform NAME` prints a rule with its description and full source.\n");
                    text
                }
            }
        }
    };
    emit(output.out.as_deref(), &text)
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

/// Shows one reform: its YAML file as embedded (table, markdown), or the validated rule (JSON,
/// CSV).
///
/// # Errors
/// An unknown name (with the nearest suggestion), or failure to write the output.
pub fn show(world: &World, name: &str, output: &OutputArgs) -> Result<()> {
    let entry = catalog::entry(name)?;
    let rule = catalog::reform(name, &world.state_codes())?;
    let text = match output.format {
        Format::Table => entry.yaml.to_string(),
        Format::Markdown => format!("# Reform `{}`\n\n```yaml\n{}```\n", entry.name, entry.yaml),
        Format::Json => to_json(&rule)?,
        Format::Csv => {
            let r = row(&rule);
            let mut table = Table::new([
                "name",
                "seats",
                "quota",
                "veto",
                "restraint",
                "override",
                "description",
                "source",
            ]);
            table.push([
                r.name,
                r.seats.to_string(),
                r.quota.to_string(),
                r.veto,
                r.restraint,
                r.r#override,
                r.description,
                r.source,
            ]);
            table.to_csv()?
        }
    };
    emit(output.out.as_deref(), &text)
}
