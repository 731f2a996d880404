//! Exact a-priori voting power: Shapley–Shubik, Banzhaf and Coleman indices.
//!
//! Two kinds of game are supported, and both give exact rational values:
//!
//! - [`TypedGame`]: members fall into a few types (permanent, elected, ...) whose members
//!   are interchangeable, and any monotone rule decides from the number of yes-voters of
//!   each type. [`typed_power`] enumerates the vectors of counts per type and weighs each by
//!   binomial coefficients, so it is exact for rules that no weighted game can express
//!   (such as "a veto needs two permanent negatives").
//! - [`WeightedGame`]: each player has a positive integer weight and a coalition wins when
//!   its weight reaches the quota. [`weighted_power`] counts coalitions by size and weight
//!   with generating functions, in machine words modulo several primes joined by the
//!   Chinese remainder theorem, so it never overflows whatever the number of players.
//!
//! All values follow the yes/no convention: a member who abstains counts as voting no.
//! For a game of `n` players with `W` winning coalitions among the `2^n`:
//!
//! - a *swing* of player `i` is a coalition `S` without `i` that loses while `S ∪ {i}` wins;
//! - Banzhaf absolute = swings / 2^(n−1), normalised = swings / total swings of all players;
//! - Shapley–Shubik = Σ over the swings `S` of |S|!·(n−|S|−1)!/n!;
//! - Coleman's power of the collectivity to act = W / 2^n, a member's power to prevent
//!   action = swings / W and to initiate action = swings / (2^n − W).
//!
//! Where a denominator is zero (no winning coalition at all, or every coalition winning,
//! or no swing anywhere) the ratio is reported as 0: in each of those cases the numerator
//! is zero too, since nobody can ever change the outcome.

mod count;
mod modular;
mod parse;
mod render;
mod typed;
mod weighted;

pub use parse::parse_weights_file;
pub use render::ratio_to_f64;
pub use typed::typed_power;
pub use weighted::{BanzhafReport, weighted_banzhaf, weighted_power};

use std::fmt;

use num_bigint::BigUint;
use num_rational::BigRational;

/// The convention under which all indices are computed: abstention counts as no.
pub const YES_NO: &str = "yes-no";

/// One type of interchangeable members in a [`TypedGame`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberType {
    /// The type's name, such as `permanent` or `elected`.
    pub name: String,
    /// The codes of its members, such as `["CHN", "FRA", "GBR", "RUS", "USA"]`.
    pub members: Vec<String>,
}

impl MemberType {
    /// A type named `name` with these member codes.
    pub fn new<S: Into<String>>(
        name: impl Into<String>,
        members: impl IntoIterator<Item = S>,
    ) -> Self {
        MemberType {
            name: name.into(),
            members: members.into_iter().map(Into::into).collect(),
        }
    }
}

/// The rule of a [`TypedGame`]: `wins(counts)` tells whether a coalition with `counts[t]`
/// yes-voters of type `t` wins.
pub type WinRule = Box<dyn Fn(&[usize]) -> bool + Send + Sync>;

/// A simple game whose members fall into types of interchangeable members.
///
/// `wins` receives one count per type, in the order of `types`, and must be monotone:
/// adding a yes-voter never turns a winning coalition into a losing one.
pub struct TypedGame {
    /// The rule's name, shown in reports.
    pub name: String,
    /// The member types, in report order.
    pub types: Vec<MemberType>,
    /// Whether a coalition with these counts of yes-voters per type wins.
    pub wins: WinRule,
}

impl TypedGame {
    /// A typed game from its name, types and rule.
    ///
    /// # Example
    /// ```
    /// use veto_sim::power::{MemberType, TypedGame, typed_power};
    /// // Three members, two votes needed.
    /// let game = TypedGame::new("2 of 3", vec![MemberType::new("member", ["A", "B", "C"])],
    ///     |c: &[usize]| c[0] >= 2);
    /// let report = typed_power(&game);
    /// assert_eq!(report.members[0].shapley_shubik.to_string(), "1/3");
    /// ```
    pub fn new(
        name: impl Into<String>,
        types: Vec<MemberType>,
        wins: impl Fn(&[usize]) -> bool + Send + Sync + 'static,
    ) -> Self {
        TypedGame {
            name: name.into(),
            types,
            wins: Box::new(wins),
        }
    }

    /// The number of members of all types.
    pub fn players(&self) -> usize {
        self.types.iter().map(|t| t.members.len()).sum()
    }
}

impl fmt::Debug for TypedGame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedGame")
            .field("name", &self.name)
            .field("types", &self.types)
            .finish_non_exhaustive()
    }
}

/// A weighted voting game: a coalition wins when the sum of its members' weights is at
/// least `quota`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedGame {
    /// The game's name, shown in reports.
    pub name: String,
    /// Each player's code and positive weight, in report order.
    pub players: Vec<(String, u64)>,
    /// The weight a coalition needs to win.
    pub quota: u64,
}

/// The indices of one member.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberPower {
    /// The member's code.
    pub code: String,
    /// The member's type (for weighted games, `weight W`).
    pub member_type: String,
    /// Shapley–Shubik index.
    pub shapley_shubik: BigRational,
    /// Banzhaf index, absolute: swings / 2^(n−1).
    pub banzhaf_absolute: BigRational,
    /// Banzhaf index, normalised so that all members' values sum to 1.
    pub banzhaf_normalised: BigRational,
    /// Number of losing coalitions that this member turns into winning ones by joining.
    pub swings: BigUint,
    /// Coleman's power to prevent action: swings / winning coalitions.
    pub coleman_prevent: BigRational,
    /// Coleman's power to initiate action: swings / losing coalitions.
    pub coleman_initiate: BigRational,
}

/// The indices of one member type: the values of a single member of the type, and the
/// type's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct TypePower {
    /// The type's name.
    pub member_type: String,
    /// Number of members of the type.
    pub size: usize,
    /// Shapley–Shubik index of one member.
    pub shapley_shubik: BigRational,
    /// Absolute Banzhaf index of one member.
    pub banzhaf_absolute: BigRational,
    /// Normalised Banzhaf index of one member.
    pub banzhaf_normalised: BigRational,
    /// Swings of one member.
    pub swings: BigUint,
    /// Coleman's power to prevent action of one member.
    pub coleman_prevent: BigRational,
    /// Coleman's power to initiate action of one member.
    pub coleman_initiate: BigRational,
    /// Shapley–Shubik index of the whole type (size × one member's value).
    pub shapley_shubik_total: BigRational,
    /// Normalised Banzhaf index of the whole type.
    pub banzhaf_normalised_total: BigRational,
}

/// Exact power indices of every member of a game.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerReport {
    /// The rule's name.
    pub rule: String,
    /// Always [`YES_NO`]: abstention counts as no.
    pub convention: &'static str,
    /// One entry per member, in the order the game gives them.
    pub members: Vec<MemberPower>,
    /// One entry per member type (for weighted games, per distinct weight).
    pub types: Vec<TypePower>,
    /// Coleman's power of the collectivity to act: winning coalitions / 2^n.
    pub coleman_act: BigRational,
    /// Number of winning coalitions among the 2^n.
    pub winning_coalitions: BigUint,
    /// Number of members.
    pub players: usize,
}
