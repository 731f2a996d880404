//! A buffered stream of 32-bit words from `ChaCha8Rng`.
//!
//! The engine takes each trial's fixed draws (the shock, every pooled state's noise, the
//! restraint uniforms) as one run of words, so that the normal sampler can work on them
//! together ([`super::normal::Ziggurat::first_test`]); everything else takes single words. The
//! words come in the generator's own order: the same sequence as calls to `next_u32`.
//! `rand_chacha` picks its fastest block function for the CPU at run time (four blocks at a
//! time with AVX2).

use std::convert::Infallible;

use rand::{RngExt, SeedableRng, TryRng};
use rand_chacha::ChaCha8Rng;

/// Words kept at least.
const MIN_CAPACITY: usize = 1024;

/// A `ChaCha8Rng` stream read through a buffer.
#[derive(Debug, Clone)]
pub struct Words {
    rng: Box<ChaCha8Rng>,
    buf: Vec<u32>,
    /// The next unread word.
    pos: usize,
    /// The end of the words made so far.
    end: usize,
}

impl Words {
    /// The stream `stream` of `ChaCha8Rng::seed_from_u64(seed)`, for runs of up to `longest`
    /// words at a time.
    pub fn new(seed: u64, stream: u64, longest: usize) -> Words {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        let capacity = (2 * longest).max(MIN_CAPACITY).next_multiple_of(256);
        Words {
            rng: Box::new(rng),
            buf: vec![0; capacity],
            pos: capacity,
            end: capacity,
        }
    }

    /// Moves the unread words to the front of the buffer and makes new ones after them, at
    /// least half the buffer.
    #[cold]
    #[inline(never)]
    fn refill(&mut self) {
        let unread = self.end - self.pos;
        self.buf.copy_within(self.pos..self.end, 0);
        self.pos = 0;
        self.rng.fill(&mut self.buf[unread..]);
        self.end = self.buf.len();
    }

    /// The next word.
    #[inline(always)]
    pub fn word(&mut self) -> u32 {
        if self.pos == self.end {
            self.refill();
        }
        let word = self.buf[self.pos];
        self.pos += 1;
        word
    }

    /// The next `n` words (at most half the capacity), read in place.
    ///
    /// Reading them where the generator wrote them, rather than from a copy just made, keeps
    /// the vector loads that follow from waiting on the copy's stores.
    #[inline(always)]
    pub fn take(&mut self, n: usize) -> &[u32] {
        if self.end - self.pos < n {
            self.refill();
        }
        let run = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        run
    }
}

impl TryRng for Words {
    type Error = Infallible;

    #[inline(always)]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.word())
    }

    /// Two words, the first as the low half (as `ChaCha8Rng` does).
    #[inline(always)]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let low = u64::from(self.word());
        Ok((u64::from(self.word()) << 32) | low)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(4) {
            let word = self.word().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn words_follow_the_generator_in_order() {
        let mut reference = ChaCha8Rng::seed_from_u64(11);
        reference.set_stream(3);
        let want: Vec<u32> = (0..5_000).map(|_| reference.next_u32()).collect();
        let mut words = Words::new(11, 3, 40);
        let mut got = Vec::new();
        let mut k = 0;
        while got.len() + 40 < want.len() {
            // Runs and single words interleaved, across refills at every offset.
            if k % 3 == 0 {
                got.push(words.word());
            } else {
                got.extend_from_slice(words.take(1 + k % 37));
            }
            k += 1;
        }
        assert_eq!(got, want[..got.len()]);
    }
}
