//! Sliding window sums in O(n) whatever the window length, accurate to about one rounding of the
//! window's exact sum: the running total is an unevaluated pair `hi + lo` updated with
//! error-free two-sums, so adding and removing samples leaves no drift. Non-finite samples are
//! counted instead of added (a window holding NaN, or both infinities, sums to NaN; one holding
//! only +inf or only −inf to that infinity), and data so large that a window's partial sums could
//! overflow are summed scaled by an exact power of two.

/// A running window sum: finite values (scaled by `down`) plus counts of NaN, +inf and −inf.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlidingSum {
    hi: f64,
    lo: f64,
    nan: usize,
    pinf: usize,
    ninf: usize,
    down: f64,
    up: f64,
}

impl SlidingSum {
    /// An empty sum for windows of at most `len` samples taken from `x`.
    pub(crate) fn for_data(x: &[f64], len: usize) -> SlidingSum {
        let m = x.iter().filter(|v| v.is_finite()).fold(0.0f64, |a, v| a.max(v.abs()));
        // Keep len · max|x| below 2^1000 so that no partial sum can overflow.
        let need = m.log2() + (len as f64 + 1.0).log2();
        let e = if need > 1000.0 { (need - 1000.0).ceil() as i32 } else { 0 };
        SlidingSum { hi: 0.0, lo: 0.0, nan: 0, pinf: 0, ninf: 0, down: 2f64.powi(-e), up: 2f64.powi(e) }
    }

    #[inline]
    fn two_sum(&mut self, v: f64) {
        let s = self.hi + v;
        let bp = s - self.hi;
        let e = (self.hi - (s - bp)) + (v - bp);
        self.hi = s;
        self.lo += e;
    }

    /// Add a sample to the window.
    #[inline]
    pub(crate) fn add(&mut self, v: f64) {
        if v.is_nan() {
            self.nan += 1;
        } else if v == f64::INFINITY {
            self.pinf += 1;
        } else if v == f64::NEG_INFINITY {
            self.ninf += 1;
        } else {
            self.two_sum(v * self.down);
        }
    }

    /// Remove a sample that was added before.
    #[inline]
    pub(crate) fn remove(&mut self, v: f64) {
        if v.is_nan() {
            self.nan -= 1;
        } else if v == f64::INFINITY {
            self.pinf -= 1;
        } else if v == f64::NEG_INFINITY {
            self.ninf -= 1;
        } else {
            self.two_sum(-(v * self.down));
        }
    }

    /// The window's sum.
    #[inline]
    pub(crate) fn value(&self) -> f64 {
        if self.nan > 0 || (self.pinf > 0 && self.ninf > 0) {
            f64::NAN
        } else if self.pinf > 0 {
            f64::INFINITY
        } else if self.ninf > 0 {
            f64::NEG_INFINITY
        } else {
            (self.hi + self.lo) * self.up
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slides_without_drift() {
        let x: Vec<f64> = (0..20000).map(|i| ((i as f64) * 0.37).sin() * 1e3 + if i % 997 == 0 { 1e12 } else { 0.0 }).collect();
        let len = 300;
        let mut s = SlidingSum::for_data(&x, len);
        for (i, &v) in x.iter().enumerate() {
            s.add(v);
            if i >= len {
                s.remove(x[i - len]);
            }
            if i + 1 >= len {
                let w = &x[i + 1 - len..=i];
                let direct: f64 = w.iter().sum();
                // the plain sum is itself off by up to (len − 1)·u·Σ|w|, the sliding one by ~u·|sum|
                let tol = len as f64 * f64::EPSILON * w.iter().map(|v| v.abs()).sum::<f64>();
                assert!((s.value() - direct).abs() <= tol, "{i}: {} vs {direct}", s.value());
            }
        }
    }

    #[test]
    fn non_finite_and_huge() {
        let x = [1.0, f64::INFINITY, 2.0, f64::NEG_INFINITY, 3.0, f64::NAN, 4.0, 5.0];
        let mut s = SlidingSum::for_data(&x, 2);
        let mut got = vec![];
        for (i, &v) in x.iter().enumerate() {
            s.add(v);
            if i >= 2 {
                s.remove(x[i - 2]);
            }
            if i >= 1 {
                got.push(s.value());
            }
        }
        let want: Vec<f64> = x.windows(2).map(|w| w[0] + w[1]).collect();
        for (g, w) in got.iter().zip(&want) {
            assert!((g.is_nan() && w.is_nan()) || g == w, "{got:?} vs {want:?}");
        }
        let big = vec![1e308; 10];
        let mut s = SlidingSum::for_data(&big, 4);
        for v in &big[..4] {
            s.add(*v);
        }
        assert_eq!(s.value(), f64::INFINITY);
        s.remove(1e308);
        s.remove(1e308);
        s.add(-1e308);
        assert_eq!(s.value(), 1e308);
        s.remove(1e308);
        assert_eq!(s.value(), 0.0);
    }
}
