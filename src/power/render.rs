//! Power reports as text, Markdown, CSV and JSON.
//!
//! Fractions are written reduced as `p/q` (`1` for one, `0` for zero), counts as decimal
//! strings, and decimals are the correctly rounded `f64` nearest to the exact fraction,
//! whatever the size of its numerator and denominator.

use num_bigint::{BigUint, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use serde::Serialize;

use super::{MemberPower, PowerReport, TypePower};
use crate::error::Result;
use crate::table::{Format, Table, to_json};

/// The `f64` nearest to an exact fraction.
///
/// The quotient is computed to 66 bits with a sticky bit for the remainder and rounded
/// once, so the result is correctly rounded (in the normal range) even when numerator and
/// denominator are far beyond `f64` range.
///
/// # Example
/// ```
/// use num_bigint::BigInt;
/// use num_rational::BigRational;
/// use veto_sim::power::ratio_to_f64;
/// let huge = BigInt::from(3u8) << 5000u32;
/// let x = BigRational::new(huge.clone(), huge * 4u8);
/// assert_eq!(ratio_to_f64(&x), 0.25);
/// ```
pub fn ratio_to_f64(r: &BigRational) -> f64 {
    let numer = r.numer();
    if numer.is_zero() {
        return 0.0;
    }
    let negative = (numer.sign() == Sign::Minus) != (r.denom().sign() == Sign::Minus);
    let n = numer.magnitude();
    let d = r.denom().magnitude();
    // Scale so that the quotient has 65 to 67 bits.
    let shift = 66 - (n.bits() as i64 - d.bits() as i64);
    let (num, den): (BigUint, BigUint) = if shift >= 0 {
        (n << shift as u64, d.clone())
    } else {
        (n.clone(), d << (-shift) as u64)
    };
    let (q, rem) = num.div_rem(&den);
    let mut q = q.to_u128().unwrap_or(u128::MAX);
    if !rem.is_zero() {
        q |= 1;
    }
    let value = scale_by_power_of_two(q as f64, -shift);
    if negative { -value } else { value }
}

/// `x · 2^e` without overflow in the intermediate powers.
fn scale_by_power_of_two(mut x: f64, mut e: i64) -> f64 {
    let pow = |e: i64| f64::from_bits(((e + 1023) as u64) << 52);
    while e > 1000 {
        x *= pow(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= pow(-1000);
        e += 1000;
    }
    x * pow(e)
}

/// A reduced fraction: `p/q`, or `p` when the denominator is 1.
fn fraction(r: &BigRational) -> String {
    r.to_string()
}

/// A decimal for tables: six decimals, or scientific notation for tiny values.
fn decimal(r: &BigRational) -> String {
    let x = ratio_to_f64(r);
    if x == 0.0 {
        "0".to_string()
    } else if x.abs() >= 1e-4 {
        format!("{x:.6}")
    } else {
        format!("{x:.4e}")
    }
}

/// Fractions longer than this are left out of tables (their decimals stay).
const SHORT_FRACTION: usize = 24;

/// A count for a table: in full when short, else in scientific notation.
fn short_count(c: &BigUint) -> String {
    let text = c.to_string();
    if text.len() <= SHORT_FRACTION {
        text
    } else {
        format!(
            "{:.6e}",
            ratio_to_f64(&BigRational::from_integer(c.clone().into()))
        )
    }
}

/// A table built column by column.
#[derive(Default)]
struct Columns {
    headers: Vec<String>,
    cells: Vec<Vec<String>>,
}

impl Columns {
    fn text(&mut self, header: &str, cells: impl Iterator<Item = String>) {
        self.headers.push(header.to_string());
        self.cells.push(cells.collect());
    }

    /// An exact index: its fraction (when every fraction of the column is short enough)
    /// and its decimal.
    fn index<'a>(&mut self, header: &str, values: impl Iterator<Item = &'a BigRational>) {
        let values: Vec<&BigRational> = values.collect();
        let fractions: Vec<String> = values.iter().map(|r| fraction(r)).collect();
        if fractions.iter().all(|f| f.len() <= SHORT_FRACTION) {
            self.text(header, fractions.into_iter());
            self.text("≈", values.iter().map(|r| decimal(r)));
        } else {
            self.text(header, values.iter().map(|r| decimal(r)));
        }
    }

    fn count<'a>(&mut self, header: &str, values: impl Iterator<Item = &'a BigUint>) {
        self.text(header, values.map(short_count));
    }

    fn table(self) -> Table {
        let rows = self.cells.first().map_or(0, Vec::len);
        let mut table = Table::new(self.headers);
        for i in 0..rows {
            table.push(self.cells.iter().map(|column| column[i].clone()));
        }
        table
    }
}

#[derive(Serialize)]
struct JsonMember<'a> {
    code: &'a str,
    #[serde(rename = "type")]
    member_type: &'a str,
    shapley_shubik: String,
    shapley_shubik_decimal: f64,
    banzhaf_absolute: String,
    banzhaf_absolute_decimal: f64,
    banzhaf_normalised: String,
    banzhaf_normalised_decimal: f64,
    swings: String,
    coleman_prevent: String,
    coleman_prevent_decimal: f64,
    coleman_initiate: String,
    coleman_initiate_decimal: f64,
}

#[derive(Serialize)]
struct JsonType<'a> {
    #[serde(rename = "type")]
    member_type: &'a str,
    size: usize,
    shapley_shubik: String,
    shapley_shubik_decimal: f64,
    banzhaf_absolute: String,
    banzhaf_absolute_decimal: f64,
    banzhaf_normalised: String,
    banzhaf_normalised_decimal: f64,
    swings: String,
    coleman_prevent: String,
    coleman_prevent_decimal: f64,
    coleman_initiate: String,
    coleman_initiate_decimal: f64,
    shapley_shubik_total: String,
    shapley_shubik_total_decimal: f64,
    banzhaf_normalised_total: String,
    banzhaf_normalised_total_decimal: f64,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    rule: &'a str,
    convention: &'a str,
    players: usize,
    members: Vec<JsonMember<'a>>,
    types: Vec<JsonType<'a>>,
    coleman_act: String,
    coleman_act_decimal: f64,
    winning_coalitions: String,
}

fn json_member(m: &MemberPower) -> JsonMember<'_> {
    JsonMember {
        code: &m.code,
        member_type: &m.member_type,
        shapley_shubik: fraction(&m.shapley_shubik),
        shapley_shubik_decimal: ratio_to_f64(&m.shapley_shubik),
        banzhaf_absolute: fraction(&m.banzhaf_absolute),
        banzhaf_absolute_decimal: ratio_to_f64(&m.banzhaf_absolute),
        banzhaf_normalised: fraction(&m.banzhaf_normalised),
        banzhaf_normalised_decimal: ratio_to_f64(&m.banzhaf_normalised),
        swings: m.swings.to_string(),
        coleman_prevent: fraction(&m.coleman_prevent),
        coleman_prevent_decimal: ratio_to_f64(&m.coleman_prevent),
        coleman_initiate: fraction(&m.coleman_initiate),
        coleman_initiate_decimal: ratio_to_f64(&m.coleman_initiate),
    }
}

fn json_type(t: &TypePower) -> JsonType<'_> {
    JsonType {
        member_type: &t.member_type,
        size: t.size,
        shapley_shubik: fraction(&t.shapley_shubik),
        shapley_shubik_decimal: ratio_to_f64(&t.shapley_shubik),
        banzhaf_absolute: fraction(&t.banzhaf_absolute),
        banzhaf_absolute_decimal: ratio_to_f64(&t.banzhaf_absolute),
        banzhaf_normalised: fraction(&t.banzhaf_normalised),
        banzhaf_normalised_decimal: ratio_to_f64(&t.banzhaf_normalised),
        swings: t.swings.to_string(),
        coleman_prevent: fraction(&t.coleman_prevent),
        coleman_prevent_decimal: ratio_to_f64(&t.coleman_prevent),
        coleman_initiate: fraction(&t.coleman_initiate),
        coleman_initiate_decimal: ratio_to_f64(&t.coleman_initiate),
        shapley_shubik_total: fraction(&t.shapley_shubik_total),
        shapley_shubik_total_decimal: ratio_to_f64(&t.shapley_shubik_total),
        banzhaf_normalised_total: fraction(&t.banzhaf_normalised_total),
        banzhaf_normalised_total_decimal: ratio_to_f64(&t.banzhaf_normalised_total),
    }
}

const CSV_HEADERS: [&str; 13] = [
    "code",
    "type",
    "shapley_shubik",
    "shapley_shubik_decimal",
    "banzhaf_absolute",
    "banzhaf_absolute_decimal",
    "banzhaf_normalised",
    "banzhaf_normalised_decimal",
    "swings",
    "coleman_prevent",
    "coleman_prevent_decimal",
    "coleman_initiate",
    "coleman_initiate_decimal",
];

impl PowerReport {
    /// The report in the given format.
    ///
    /// - `Table` and `Markdown`: a header (rule, players, convention, Coleman's power to
    ///   act), one row per member and one per member type. Fractions longer than 24
    ///   characters are shown as `…` next to their decimal; CSV and JSON carry them in full.
    /// - `Csv`: one row per member, every index as an exact fraction and a decimal.
    /// - `Json`: one document with members, types, Coleman's power to act and the number of
    ///   winning coalitions; fractions and counts as strings, decimals as numbers.
    ///
    /// # Errors
    /// Only if the CSV or JSON writer fails, which does not happen for in-memory output.
    pub fn render(&self, format: Format) -> Result<String> {
        match format {
            Format::Json => to_json(&self.json()),
            Format::Csv => self.csv_table().to_csv(),
            Format::Table => Ok(self.text(false)),
            Format::Markdown => Ok(self.text(true)),
        }
    }

    fn json(&self) -> JsonReport<'_> {
        JsonReport {
            rule: &self.rule,
            convention: self.convention,
            players: self.players,
            members: self.members.iter().map(json_member).collect(),
            types: self.types.iter().map(json_type).collect(),
            coleman_act: fraction(&self.coleman_act),
            coleman_act_decimal: ratio_to_f64(&self.coleman_act),
            winning_coalitions: self.winning_coalitions.to_string(),
        }
    }

    fn csv_table(&self) -> Table {
        let mut table = Table::new(CSV_HEADERS);
        for m in &self.members {
            let j = json_member(m);
            table.push([
                j.code.to_string(),
                j.member_type.to_string(),
                j.shapley_shubik,
                j.shapley_shubik_decimal.to_string(),
                j.banzhaf_absolute,
                j.banzhaf_absolute_decimal.to_string(),
                j.banzhaf_normalised,
                j.banzhaf_normalised_decimal.to_string(),
                j.swings,
                j.coleman_prevent,
                j.coleman_prevent_decimal.to_string(),
                j.coleman_initiate,
                j.coleman_initiate_decimal.to_string(),
            ]);
        }
        table
    }

    fn member_table(&self) -> Table {
        let rows = &self.members;
        let mut columns = Columns::default();
        columns.text("code", rows.iter().map(|m| m.code.clone()));
        columns.text("type", rows.iter().map(|m| m.member_type.clone()));
        columns.index("Shapley-Shubik", rows.iter().map(|m| &m.shapley_shubik));
        columns.index("Banzhaf abs.", rows.iter().map(|m| &m.banzhaf_absolute));
        columns.index("Banzhaf norm.", rows.iter().map(|m| &m.banzhaf_normalised));
        columns.count("swings", rows.iter().map(|m| &m.swings));
        columns.index("Coleman prevent", rows.iter().map(|m| &m.coleman_prevent));
        columns.index("Coleman initiate", rows.iter().map(|m| &m.coleman_initiate));
        columns.table()
    }

    /// One row per member type: its size and each index, each member's and the type's total.
    pub fn type_table(&self) -> Table {
        let rows = &self.types;
        let mut columns = Columns::default();
        columns.text("type", rows.iter().map(|t| t.member_type.clone()));
        columns.text("members", rows.iter().map(|t| t.size.to_string()));
        columns.index("SS each", rows.iter().map(|t| &t.shapley_shubik));
        columns.index("SS total", rows.iter().map(|t| &t.shapley_shubik_total));
        columns.index(
            "Banzhaf norm. each",
            rows.iter().map(|t| &t.banzhaf_normalised),
        );
        columns.index(
            "Banzhaf norm. total",
            rows.iter().map(|t| &t.banzhaf_normalised_total),
        );
        columns.count("swings each", rows.iter().map(|t| &t.swings));
        columns.table()
    }

    /// Whether some exact value is too long to show in a table.
    fn has_long_fractions(&self) -> bool {
        self.members.iter().any(|m| {
            [
                &m.shapley_shubik,
                &m.banzhaf_absolute,
                &m.banzhaf_normalised,
                &m.coleman_prevent,
                &m.coleman_initiate,
            ]
            .iter()
            .any(|r| fraction(r).len() > SHORT_FRACTION)
        }) || self.types.iter().any(|t| {
            fraction(&t.shapley_shubik_total).len() > SHORT_FRACTION
                || fraction(&t.banzhaf_normalised_total).len() > SHORT_FRACTION
        })
    }

    fn text(&self, markdown: bool) -> String {
        let all = BigUint::from(1u8) << self.players;
        let header = [
            format!("Rule: {}", self.rule),
            format!("Players: {}", self.players),
            format!("Convention: {} (abstention counts as no)", self.convention),
            format!(
                "Coleman's power to act: {}{} ({} winning coalitions of {})",
                if fraction(&self.coleman_act).len() <= SHORT_FRACTION {
                    format!("{} ≈ ", fraction(&self.coleman_act))
                } else {
                    "≈ ".to_string()
                },
                decimal(&self.coleman_act),
                short_count(&self.winning_coalitions),
                short_count(&all),
            ),
        ];
        let long = self.has_long_fractions();
        let mut out = String::new();
        if markdown {
            for line in &header {
                out.push_str(&format!("- {line}\n"));
            }
            if long {
                out.push_str("- Exact fractions too long for a table are left out; `--format csv` or `json` gives them all.\n");
            }
            out.push_str("\n### Members\n\n");
            out.push_str(&self.member_table().to_markdown());
            out.push_str("\n### Member types\n\n");
            out.push_str(&self.type_table().to_markdown());
        } else {
            for line in &header {
                out.push_str(line);
                out.push('\n');
            }
            if long {
                out.push_str("Exact fractions too long for a table are left out; --format csv or json gives them all.\n");
            }
            out.push_str("\nMembers\n");
            out.push_str(&self.member_table().to_text());
            out.push_str("\nMember types\n");
            out.push_str(&self.type_table().to_text());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn decimals_are_correctly_rounded() {
        for (n, d) in [
            (1, 3),
            (2, 3),
            (421, 2145),
            (53, 2048),
            (-7, 10),
            (1, 1),
            (9949, 32768),
        ] {
            assert_eq!(ratio_to_f64(&r(n, d)), n as f64 / d as f64);
        }
        assert_eq!(ratio_to_f64(&r(0, 5)), 0.0);
    }

    #[test]
    fn decimals_of_huge_fractions_do_not_overflow() {
        let big = BigInt::from(1u8) << 4000u32;
        let x = BigRational::new(&big + 1u8, &big * 3u8);
        assert_eq!(ratio_to_f64(&x), 1.0 / 3.0);
        let tiny = BigRational::new(BigInt::from(1u8), BigInt::from(1u8) << 1060u32);
        // 2^-1060 is subnormal: 2^14 units of 2^-1074.
        assert_eq!(ratio_to_f64(&tiny), f64::from_bits(1 << 14));
        let large = BigRational::new(BigInt::from(1u8) << 1000u32, BigInt::from(1u8));
        assert_eq!(ratio_to_f64(&large), f64::from_bits((1000 + 1023) << 52));
    }

    #[test]
    fn fractions_print_reduced() {
        assert_eq!(fraction(&r(2, 4)), "1/2");
        assert_eq!(fraction(&r(4, 4)), "1");
        assert_eq!(fraction(&r(0, 4)), "0");
    }
}
