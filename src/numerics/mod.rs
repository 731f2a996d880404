//! Pure numerical routines the models share: quadrature over a normal variable, the normal
//! distribution function and its inverse, and the Poisson-binomial distribution. Nothing here
//! knows of votes or rules.

pub mod normal;
pub mod poisson;
pub mod quadrature;

pub use normal::{QUANTILE_LIMIT, normal_quantile, phi};
pub use poisson::{poisson_binomial, quantile};
pub use quadrature::{
    GK_TOLERANCE, GaussHermite, expect_adaptive, gauss_kronrod, kronrod_15, normal_integral,
};
