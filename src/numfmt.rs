//! Numbers as text without a negative zero.
//!
//! A value such as `-0.0001` rounded to three places prints as `-0.000`, which reads as a
//! signed result where there is none. [`no_negative_zero`] removes the sign from every number
//! in a text that rounds to zero; tables apply it to every cell they hold.

use std::borrow::Cow;

/// `text` with the `-` dropped from each number made only of zeros (`-0`, `-0.000`,
/// `-0.0%`). A `-` after a letter, digit or `_` is not a sign and is kept (`S/2011-0`).
pub fn no_negative_zero(text: &str) -> Cow<'_, str> {
    if !text.contains("-0") {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in text.match_indices("-0") {
        let sign = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let digits = &text[i + 1..];
        let end = digits
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(digits.len());
        let number = &digits[..end];
        let zero = number.chars().all(|c| c == '0' || c == '.') && !number.ends_with('.');
        // A number followed by a letter is part of a word or code, not a figure.
        let word = digits[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '-');
        if sign && zero && !word {
            out.push_str(&text[last..i]);
            last = i + 1;
        }
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// `x` with `decimals` places, never as `-0.000`.
pub fn fixed(x: f64, decimals: usize) -> String {
    no_negative_zero(&format!("{x:.decimals$}")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_zeros_lose_their_sign() {
        assert_eq!(no_negative_zero("-0.000"), "0.000");
        assert_eq!(no_negative_zero("-0"), "0");
        assert_eq!(no_negative_zero("-0.0%"), "0.0%");
        assert_eq!(no_negative_zero("[-0.000, 0.004]"), "[0.000, 0.004]");
        assert_eq!(
            no_negative_zero("0.1 (-0.00 to -0.01)"),
            "0.1 (0.00 to -0.01)"
        );
        assert_eq!(fixed(-0.0001, 3), "0.000");
        assert_eq!(fixed(-0.0, 1), "0.0");
    }

    #[test]
    fn other_minus_signs_stay() {
        for keep in [
            "-0.001", "-1.000", "-10", "S/2011-0", "1990-01", "a-0b", "x_-0", "-0.5",
        ] {
            assert_eq!(no_negative_zero(keep), keep);
        }
        assert_eq!(no_negative_zero("2010-2019"), "2010-2019");
        assert_eq!(no_negative_zero("-0-1"), "-0-1");
    }
}
