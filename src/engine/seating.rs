//! Who sits on the Council under a rule, for a given year.
//!
//! * A rule with ten elected seats, no long-term tier and the year's permanent members as its
//!   permanent members (the present Council and its variants: abolished veto, two negatives,
//!   restraint, Assembly override, other quotas) seats **the year's actual Council**, all 15
//!   members.
//! * Any other rule seats its permanent members (the candidates it names, e.g. the G4), then,
//!   per regional group, the year's sitting elected members of that group who are not already
//!   permanent, up to the group's seats (by code order if more sit than there are seats); the
//!   seats still empty in each group, and every long-term seat, are **drawn in each trial**,
//!   uniformly without replacement among the group's states not yet seated. Seats allocated
//!   without groups (a plain count) are drawn among all states not yet seated.
//!
//! A rule that lists `seats.candidates` draws its open seats only among those states (still by
//! group where its seats are allocated by group).
//!
//! Drawing the open seats anew in each trial averages the result over the Councils such a rule
//! could seat, instead of picking one arbitrarily.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::rules::{Rule, SeatCount};
use crate::world::{Council, RegionalGroup, SeatKind, World};

/// A seat held by a named state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixedSeat {
    /// The state's index in `World::states`.
    pub state: usize,
    /// The state's code.
    pub code: String,
    /// Whether the seat is permanent (its cut-point is `cut_permanent`).
    pub permanent: bool,
    /// Whether its holder has a veto under the rule.
    pub holder: bool,
    /// Whether it pledged restraint under the rule.
    pub pledged: bool,
}

/// Seats drawn in each trial from a pool of states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatDraw {
    /// The group (`None`: any state not yet seated).
    pub group: Option<RegionalGroup>,
    /// How many seats (elected and long-term together).
    pub seats: usize,
    /// The states that can be drawn (indices in `World::states`).
    #[serde(skip)]
    pub candidates: Vec<usize>,
    /// How many states can be drawn.
    pub pool: usize,
}

/// The seating of one rule in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seating {
    /// The rule's name.
    pub rule: String,
    /// The year whose Council sits.
    pub year: i32,
    /// Whether this is the year's actual Council.
    pub actual_council: bool,
    /// Seats held by named states.
    pub fixed: Vec<FixedSeat>,
    /// Seats drawn in each trial.
    pub draws: Vec<SeatDraw>,
}

impl Seating {
    /// The number of seats.
    pub fn seats(&self) -> usize {
        self.fixed.len() + self.draws.iter().map(|d| d.seats).sum::<usize>()
    }

    /// Whether every seat is held by a named state (the exact path needs this).
    pub fn is_fixed(&self) -> bool {
        self.draws.iter().all(|d| d.seats == 0)
    }
}

/// Seats `rule` on the Council of `council.year`.
///
/// # Errors
/// [`Error::Usage`] when an empty council is given, or when a group has fewer states left than
/// seats to fill.
pub fn seat(rule: &Rule, council: &Council, world: &World) -> Result<Seating> {
    if council.members.is_empty() {
        return Err(Error::Usage(format!(
            "the Council of {} has no members",
            council.year
        )));
    }
    let index = |code: &str| -> Result<usize> {
        world.state_index(code).ok_or_else(|| {
            Error::Usage(format!(
                "`{code}` (rule {}) is not a state of this world",
                rule.name
            ))
        })
    };
    let pledged = |code: &str| {
        rule.restraint
            .as_ref()
            .is_some_and(|r| r.members.iter().any(|m| m == code))
    };
    let mut sitting_permanent: Vec<&str> = council
        .members
        .iter()
        .filter(|m| m.seat == SeatKind::Permanent)
        .map(|m| m.code.as_str())
        .collect();
    sitting_permanent.sort_unstable();
    let mut rule_permanent: Vec<&str> = rule.permanent.iter().map(String::as_str).collect();
    rule_permanent.sort_unstable();
    let actual = rule.long_term.as_ref().is_none_or(|l| l.total() == 0)
        && rule.elected.total() == 10
        && rule_permanent == sitting_permanent;
    if actual {
        let fixed = council
            .members
            .iter()
            .map(|m| {
                Ok(FixedSeat {
                    state: index(&m.code)?,
                    code: m.code.clone(),
                    permanent: m.seat == SeatKind::Permanent,
                    holder: rule.is_veto_holder(&m.code),
                    pledged: pledged(&m.code),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        return Ok(Seating {
            rule: rule.name.clone(),
            year: council.year,
            actual_council: true,
            fixed,
            draws: Vec::new(),
        });
    }

    let mut fixed = Vec::new();
    for code in &rule.permanent {
        fixed.push(FixedSeat {
            state: index(code)?,
            code: code.clone(),
            permanent: true,
            holder: rule.is_veto_holder(code),
            pledged: pledged(code),
        });
    }
    let sitting_elected = |group: Option<RegionalGroup>| -> Vec<&str> {
        council
            .members
            .iter()
            .filter(|m| m.seat == SeatKind::Elected && group.is_none_or(|g| m.group == g))
            .map(|m| m.code.as_str())
            .filter(|c| !rule.permanent.iter().any(|p| p == c))
            .collect()
    };
    // Elected seats: the sitting members first, the rest to draw.
    let mut to_draw: Vec<(Option<RegionalGroup>, usize)> = Vec::new();
    match &rule.elected {
        SeatCount::Total(n) => {
            let sitting = sitting_elected(None);
            let keep = sitting.len().min(*n as usize);
            for code in &sitting[..keep] {
                fixed.push(elected_seat(index(code)?, code));
            }
            to_draw.push((None, *n as usize - keep));
        }
        SeatCount::ByGroup(groups) => {
            for (&group, &n) in groups {
                let sitting = sitting_elected(Some(group));
                let keep = sitting.len().min(n as usize);
                for code in &sitting[..keep] {
                    fixed.push(elected_seat(index(code)?, code));
                }
                to_draw.push((Some(group), n as usize - keep));
            }
        }
    }
    match &rule.long_term {
        None => {}
        Some(SeatCount::Total(n)) => to_draw.push((None, *n as usize)),
        Some(SeatCount::ByGroup(groups)) => {
            for (&group, &n) in groups {
                to_draw.push((Some(group), n as usize));
            }
        }
    }
    // One draw per group (elected and long-term together, without replacement), groups first.
    let mut draws: Vec<SeatDraw> = Vec::new();
    for (group, n) in to_draw {
        if n == 0 {
            continue;
        }
        if let Some(d) = draws.iter_mut().find(|d| d.group == group) {
            d.seats += n;
        } else {
            draws.push(SeatDraw {
                group,
                seats: n,
                candidates: Vec::new(),
                pool: 0,
            });
        }
    }
    draws.sort_by_key(|d| d.group.is_none());
    let seated: Vec<usize> = fixed.iter().map(|f| f.state).collect();
    let mut drawn_by_groups = 0;
    let open: Vec<usize> = (0..world.states.len())
        .filter(|i| !seated.contains(i))
        .filter(|&i| rule.candidates.is_empty() || rule.candidates.contains(&world.states[i].code))
        .collect();
    for d in &mut draws {
        d.candidates = open
            .iter()
            .copied()
            .filter(|&i| d.group.is_none_or(|g| world.states[i].group == g))
            .collect();
        d.pool = d.candidates.len();
        let available = if d.group.is_some() {
            d.pool
        } else {
            d.pool - drawn_by_groups
        };
        if d.seats > available {
            return Err(Error::Usage(format!(
                "rule `{}` needs {} more seat(s) {} but only {available} state(s) are left to seat{}",
                rule.name,
                d.seats,
                d.group.map_or("from any group".to_string(), |g| format!(
                    "from the {g} group"
                )),
                if rule.candidates.is_empty() {
                    ""
                } else {
                    " among its candidates"
                },
            )));
        }
        if d.group.is_some() {
            drawn_by_groups += d.seats;
        }
    }
    Ok(Seating {
        rule: rule.name.clone(),
        year: council.year,
        actual_council: false,
        fixed,
        draws,
    })
}

fn elected_seat(state: usize, code: &str) -> FixedSeat {
    FixedSeat {
        state,
        code: code.to_string(),
        permanent: false,
        holder: false,
        pledged: false,
    }
}
