//! Dense kernels shared by the project's own forward passes (the MiniLM sentence encoder in attune-embed,
//! Whisper in attune-speech): matrix products through the `gemm` crate, LayerNorm, GELU, softmax and the
//! branch-free `exp`/`erf` they use. `F` selects fused multiply-add where the caller has checked the CPU has it.
//! Also the safetensors reader their weights come in.

pub mod safetensors;

/// a·b + c, fused where the CPU can (`F`), else two roundings (a software fma would be slow).
#[inline(always)]
pub fn madd<const F: bool>(a: f32, b: f32, c: f32) -> f32 {
    if F { a.mul_add(b, c) } else { a * b + c }
}

/// Σ aᵢ·bᵢ in eight lanes (so it vectorises), lanes added at the end.
#[inline(always)]
pub fn sum_lanes<const F: bool>(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for e in 0..8 {
            acc[e] = madd::<F>(x[e], y[e], acc[e]);
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        s = madd::<F>(*x, *y, s);
    }
    s
}

/// e^(x − max x) in place; returns the sum. Lane-wise maximum and sum, so the loops vectorise.
#[inline(always)]
pub fn softmax_unnormalised(x: &mut [f32]) -> f32 {
    let mut m = [f32::NEG_INFINITY; 8];
    let mut ch = x.chunks_exact(8);
    for q in &mut ch {
        for e in 0..8 {
            m[e] = m[e].max(q[e]);
        }
    }
    let mut mx = m.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    for &v in ch.remainder() {
        mx = mx.max(v);
    }
    for v in x.iter_mut() {
        *v = exp_f32(*v - mx);
    }
    let mut acc = [0.0f32; 8];
    let mut ch = x.chunks_exact(8);
    for q in &mut ch {
        for e in 0..8 {
            acc[e] += q[e];
        }
    }
    let mut sum: f32 = acc.iter().sum();
    for &v in ch.remainder() {
        sum += v;
    }
    sum
}

/// Every row of `m` (row width `b.len()`) set to `b`.
#[inline(always)]
pub fn fill_rows(m: &mut [f32], b: &[f32]) {
    for row in m.chunks_exact_mut(b.len()) {
        row.copy_from_slice(b);
    }
}

/// `b` added to every row of `m`.
#[inline(always)]
pub fn add_rows(m: &mut [f32], b: &[f32]) {
    for row in m.chunks_exact_mut(b.len()) {
        for (x, y) in row.iter_mut().zip(b) {
            *x += y;
        }
    }
}

/// dst += a (m × k, row-major) · wᵀ, with w stored (n × k) row-major as in a PyTorch `Linear`; element
/// (i, j) of dst is `dst[i·rs + j·cs]` (rs = n, cs = 1: row-major; rs = 1, cs = ld: transposed).
#[allow(clippy::too_many_arguments)]
pub fn matmul_wt(dst: &mut [f32], rs: usize, cs: usize, a: &[f32], w: &[f32], m: usize, k: usize, n: usize) {
    gemm_strided(m, n, k, (dst, rs, cs), true, 1.0, (a, k, 1), (w, 1, k));
}

/// dst (m × n) = [dst +] scale · lhs (m × k) · rhs (k × n), each matrix given as (slice, row stride, column
/// stride); one thread. Panics (never reads or writes outside a slice) if a stride reaches past its slice.
#[allow(clippy::too_many_arguments)]
pub fn gemm_strided(m: usize, n: usize, k: usize, dst: (&mut [f32], usize, usize), accumulate: bool, scale: f32, lhs: (&[f32], usize, usize), rhs: (&[f32], usize, usize)) {
    gemm_strided_on(1, m, n, k, dst, accumulate, scale, lhs, rhs)
}

/// [`matmul_wt`] on `threads` threads (large products, such as Whisper's encoder over a 30-second window).
#[allow(clippy::too_many_arguments)]
pub fn matmul_wt_on(threads: usize, dst: &mut [f32], rs: usize, cs: usize, a: &[f32], w: &[f32], m: usize, k: usize, n: usize) {
    gemm_strided_on(threads, m, n, k, (dst, rs, cs), true, 1.0, (a, k, 1), (w, 1, k));
}

/// [`gemm_strided`] on `threads` threads (1: on the caller's thread).
#[allow(clippy::too_many_arguments)]
pub fn gemm_strided_on(threads: usize, m: usize, n: usize, k: usize, dst: (&mut [f32], usize, usize), accumulate: bool, scale: f32, lhs: (&[f32], usize, usize), rhs: (&[f32], usize, usize)) {
    if m == 0 || n == 0 {
        return;
    }
    let (d, drs, dcs) = dst;
    let (a, ars, acs) = lhs;
    let (b, brs, bcs) = rhs;
    let last = |rows: usize, cols: usize, rs: usize, cs: usize| (rows - 1) * rs + (cols - 1) * cs;
    assert!(last(m, n, drs, dcs) < d.len(), "gemm: dst too small");
    if k > 0 {
        assert!(last(m, k, ars, acs) < a.len() && last(k, n, brs, bcs) < b.len(), "gemm: operand too small");
    }
    // SAFETY: every element addressed through these sizes and strides lies inside its slice (checked
    // above), and dst does not overlap lhs or rhs (a &mut and two & borrows).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            d.as_mut_ptr(),
            dcs as isize,
            drs as isize,
            accumulate,
            a.as_ptr(),
            acs as isize,
            ars as isize,
            b.as_ptr(),
            bcs as isize,
            brs as isize,
            1.0,
            scale,
            false,
            false,
            false,
            if threads > 1 { gemm::Parallelism::Rayon(threads) } else { gemm::Parallelism::None },
        )
    }
}

/// LayerNorm of one row (biased variance, as BERT), with lane-wise sums.
#[inline(always)]
pub fn layer_norm<const F: bool>(row: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let n = row.len() as f32;
    let mut acc = [0.0f32; 8];
    let mut ch = row.chunks_exact(8);
    for q in &mut ch {
        for e in 0..8 {
            acc[e] += q[e];
        }
    }
    let mut sum: f32 = acc.iter().sum();
    for &v in ch.remainder() {
        sum += v;
    }
    let mean = sum / n;
    for v in row.iter_mut() {
        *v -= mean;
    }
    let var = sum_lanes::<F>(row, row) / n;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, &gg), &bb) in row.iter_mut().zip(g).zip(b) {
        *v = madd::<F>(*v * inv, gg, bb);
    }
}

/// GELU with the error function, x·Φ(x) = ½x(1 + erf(x/√2)).
#[inline(always)]
pub fn gelu<const F: bool>(x: f32) -> f32 {
    0.5 * x * (1.0 + erf::<F>(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// erf by Abramowitz & Stegun 7.1.28 (|error| ≤ 3·10⁻⁷ in exact arithmetic): a branch-free polynomial and
/// four squarings, so loops over it vectorise.
#[inline(always)]
#[allow(clippy::excessive_precision)] // the published coefficients, as printed
pub fn erf<const F: bool>(x: f32) -> f32 {
    let a = x.abs();
    let m = |c: f32, y: f32| madd::<F>(a, y, c);
    let p = m(1.0, m(0.070_523_08, m(0.042_282_012, m(0.009_270_527, m(0.000_152_014_3, m(0.000_276_567_2, 0.000_043_063_8))))));
    let p2 = p * p;
    let p4 = p2 * p2;
    let p8 = p4 * p4;
    let p16 = p8 * p8;
    let r = 1.0 - 1.0 / p16;
    r.copysign(x)
}

/// e^x for x ≤ 0 (softmax after subtracting the maximum): x = n·ln2 + r with |r| ≤ ln2/2, e^r by its
/// Taylor polynomial to degree 7 (relative error < 2·10⁻⁷ before rounding), 2ⁿ put into the exponent
/// bits; x is clamped at −87 (e^−87 ≈ 1.6·10⁻³⁸, nothing beside a softmax's largest term, which is 1).
/// Branch-free, so it vectorises.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    // 1.5·2²³: adding it rounds to an integer held in the low mantissa bits (|n| < 2²²).
    const SHIFT: f32 = 12_582_912.0;
    let x = x.max(-87.0);
    let t = x * std::f32::consts::LOG2_E + SHIFT;
    let n = t - SHIFT;
    // ln 2 in two parts so n·ln2 is exact enough.
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    let p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    // 2ⁿ: n + 127 into the exponent field (the shift drops SHIFT's own bits).
    let bits = t.to_bits().wrapping_add(127) << 23;
    p * f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_and_exp_are_accurate() {
        // erf against its Taylor series (|x| < 2) and the asymptotic tail.
        let erf64 = |x: f64| -> f64 {
            if x.abs() < 3.0 {
                let mut sum = 0.0;
                let mut term = x;
                let mut k = 0.0;
                while term.abs() > 1e-18 {
                    sum += term / (2.0 * k + 1.0);
                    k += 1.0;
                    term *= -x * x / k;
                }
                sum * 2.0 / std::f64::consts::PI.sqrt()
            } else {
                x.signum()
            }
        };
        let mut worst = 0.0f64;
        for i in -4000..=4000 {
            let x = i as f64 / 1000.0;
            if x.abs() >= 3.0 {
                continue;
            }
            worst = worst.max((erf::<false>(x as f32) as f64 - erf64(x)).abs());
        }
        assert!(worst < 1.5e-6, "erf error {worst}");
        assert_eq!(erf::<false>(10.0), 1.0);
        assert_eq!(erf::<false>(-10.0), -1.0);
        let mut worst = 0.0f64;
        for i in 0..=16000 {
            let x = (-(i as f64) / 200.0) as f32 as f64;
            let want = x.exp();
            let got = exp_f32(x as f32) as f64;
            worst = worst.max(((got - want) / want).abs());
        }
        assert!(worst < 1e-6, "exp relative error {worst}");
        assert_eq!(exp_f32(0.0), 1.0);
        assert!(exp_f32(-1000.0) < 1e-37);
        assert!(exp_f32(-87.0) > 0.0);
    }
}

/// dst (m × n, row-major) = a (m × k) · wᵀ with w (n × k) row-major, for few rows (m ≤ 8): a matrix–vector
/// product, limited by reading `w` once, so each row of `w` is used for every row of `a` while it is in
/// cache (gemm would pack all of `w` first). Split over `threads` by rows of `w`; AVX2 and FMA where the CPU
/// has them.
pub fn gemv_rows(dst: &mut [f32], a: &[f32], w: &[f32], m: usize, k: usize, n: usize, threads: usize) {
    assert!(dst.len() >= m * n && a.len() >= m * k && w.len() >= n * k, "gemv_rows: operand too small");
    if m == 0 || n == 0 {
        return;
    }
    by_columns(dst, m, n, threads, |out, j0, j1| gemv_block(out, a, w, m, k, j0, j1));
}

/// Runs `block(out, j0, j1)` — the product's columns j0..j1 for every row, as m × (j1 − j0) — over `threads`
/// threads (at most one per 4,096 columns) and copies each block into dst (m × n). A panic in a thread is
/// raised again here.
fn by_columns(dst: &mut [f32], m: usize, n: usize, threads: usize, block: impl Fn(&mut [f32], usize, usize) + Sync) {
    let threads = threads.clamp(1, n.div_ceil(4096).max(1));
    let per = n.div_ceil(threads);
    let run = |j0: usize, j1: usize| {
        let mut out = vec![0.0f32; m * (j1 - j0)];
        block(&mut out, j0, j1);
        (j0, j1, out)
    };
    let blocks: Vec<(usize, usize, Vec<f32>)> = if threads == 1 {
        vec![run(0, n)]
    } else {
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..threads).map(|t| (t * per, ((t + 1) * per).min(n))).map(|(j0, j1)| s.spawn(move || run(j0, j1))).collect();
            hs.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        })
    };
    for (j0, j1, out) in blocks {
        scatter(dst, &out, m, n, j0, j1);
    }
}

/// `out` holds rows j0..j1 of the product transposed per row of `a` (m × (j1 − j0)); copy into dst (m × n).
fn scatter(dst: &mut [f32], out: &[f32], m: usize, n: usize, j0: usize, j1: usize) {
    let w = j1 - j0;
    for r in 0..m {
        dst[r * n + j0..r * n + j1].copy_from_slice(&out[r * w..(r + 1) * w]);
    }
}

fn gemv_block(out: &mut [f32], a: &[f32], w: &[f32], m: usize, k: usize, j0: usize, j1: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            unsafe { gemv_block_avx2(out, a, w, m, k, j0, j1) };
            return;
        }
    }
    gemv_block_impl::<false>(out, a, w, m, k, j0, j1);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn gemv_block_avx2(out: &mut [f32], a: &[f32], w: &[f32], m: usize, k: usize, j0: usize, j1: usize) {
    gemv_block_impl::<true>(out, a, w, m, k, j0, j1);
}

#[inline(always)]
fn gemv_block_impl<const F: bool>(out: &mut [f32], a: &[f32], w: &[f32], m: usize, k: usize, j0: usize, j1: usize) {
    let width = j1 - j0;
    for j in j0..j1 {
        let wr = &w[j * k..(j + 1) * k];
        for r in 0..m {
            out[r * width + (j - j0)] = sum_lanes::<F>(&a[r * k..(r + 1) * k], wr);
        }
    }
}

#[cfg(test)]
mod gemv_tests {
    use super::*;

    #[test]
    fn gemv_matches_gemm_on_any_thread_count() {
        let (m, k, n) = (3usize, 37usize, 9001usize);
        let a: Vec<f32> = (0..m * k).map(|i| ((i * 7919) % 13) as f32 / 13.0 - 0.5).collect();
        let w: Vec<f32> = (0..n * k).map(|i| ((i * 104_729) % 17) as f32 / 17.0 - 0.5).collect();
        let mut want = vec![0.0f32; m * n];
        matmul_wt(&mut want, n, 1, &a, &w, m, k, n);
        for threads in [1, 2, 3] {
            let mut got = vec![f32::NAN; m * n];
            gemv_rows(&mut got, &a, &w, m, k, n, threads);
            let worst = got.iter().zip(&want).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
            assert!(worst < 1e-4, "m {m}, threads {threads}: {worst}");
        }
    }
}

/// [`gemv_rows`] with `w` held as IEEE half-precision bits (the form Whisper's weights ship in): half the
/// memory to read per decoding step. Each row of `w` is widened once into a buffer and used for every row of
/// `a`, so the result equals [`gemv_rows`] on the widened matrix. Any number of rows.
pub fn gemv_rows_f16(dst: &mut [f32], a: &[f32], w: &[u16], m: usize, k: usize, n: usize, threads: usize) {
    assert!(dst.len() >= m * n && a.len() >= m * k && w.len() >= n * k, "gemv_rows_f16: operand too small");
    if m == 0 || n == 0 {
        return;
    }
    by_columns(dst, m, n, threads, |out, j0, j1| gemv_f16_block(out, a, w, m, k, j0, j1));
}

/// Half-precision bits to `f32` (exact).
pub fn f16_to_f32(bits: u16) -> f32 {
    half::f16::from_bits(bits).to_f32()
}

fn gemv_f16_block(out: &mut [f32], a: &[f32], w: &[u16], m: usize, k: usize, j0: usize, j1: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") && std::arch::is_x86_feature_detected!("f16c") {
            // SAFETY: the CPU has AVX2, FMA and F16C (checked just above).
            unsafe { gemv_f16_block_avx2(out, a, w, m, k, j0, j1) };
            return;
        }
    }
    let width = j1 - j0;
    let mut row = vec![0.0f32; k];
    for j in j0..j1 {
        for (x, &b) in row.iter_mut().zip(&w[j * k..(j + 1) * k]) {
            *x = f16_to_f32(b);
        }
        for r in 0..m {
            out[r * width + (j - j0)] = sum_lanes::<false>(&a[r * k..(r + 1) * k], &row);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn gemv_f16_block_avx2(out: &mut [f32], a: &[f32], w: &[u16], m: usize, k: usize, j0: usize, j1: usize) {
    use std::arch::x86_64::{__m128i, _mm256_cvtph_ps, _mm256_storeu_ps, _mm_loadu_si128};
    let width = j1 - j0;
    let k8 = k / 8 * 8;
    let mut row = vec![0.0f32; k];
    for j in j0..j1 {
        let wr = &w[j * k..(j + 1) * k];
        let mut i = 0;
        while i < k8 {
            // SAFETY: i + 8 ≤ k8 ≤ k = wr.len() = row.len(): eight u16 read, eight f32 written, in bounds.
            unsafe {
                let h = _mm_loadu_si128(wr.as_ptr().add(i) as *const __m128i);
                _mm256_storeu_ps(row.as_mut_ptr().add(i), _mm256_cvtph_ps(h));
            }
            i += 8;
        }
        for t in k8..k {
            row[t] = f16_to_f32(wr[t]);
        }
        // SAFETY: row.len() = k and a.len() ≥ m·k (asserted by the caller).
        unsafe { dots_avx2(out, a, &row, m, k, width, j - j0) };
    }
}

/// out[r·width + col] = a_r · row for every row r of `a` (m × k): four rows at a time, so four independent
/// FMA chains hide the instruction's latency (one row: four partial sums over the row instead).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn dots_avx2(out: &mut [f32], a: &[f32], row: &[f32], m: usize, k: usize, width: usize, col: usize) {
    use std::arch::x86_64::*;
    let k8 = k / 8 * 8;
    let hsum = |v: __m256| -> f32 {
        let mut l = [0.0f32; 8];
        // SAFETY: l holds eight floats.
        unsafe { _mm256_storeu_ps(l.as_mut_ptr(), v) };
        l.iter().sum()
    };
    let rp = row.as_ptr();
    let mut r = 0;
    while r + 4 <= m {
        let (p0, p1, p2, p3) = (a[r * k..].as_ptr(), a[(r + 1) * k..].as_ptr(), a[(r + 2) * k..].as_ptr(), a[(r + 3) * k..].as_ptr());
        let (mut c0, mut c1, mut c2, mut c3) = (_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps());
        let mut i = 0;
        while i < k8 {
            // SAFETY: i + 8 ≤ k; rows r..r+4 of a and `row` hold k floats each.
            unsafe {
                let w = _mm256_loadu_ps(rp.add(i));
                c0 = _mm256_fmadd_ps(_mm256_loadu_ps(p0.add(i)), w, c0);
                c1 = _mm256_fmadd_ps(_mm256_loadu_ps(p1.add(i)), w, c1);
                c2 = _mm256_fmadd_ps(_mm256_loadu_ps(p2.add(i)), w, c2);
                c3 = _mm256_fmadd_ps(_mm256_loadu_ps(p3.add(i)), w, c3);
            }
            i += 8;
        }
        for (q, c) in [c0, c1, c2, c3].into_iter().enumerate() {
            let ar = &a[(r + q) * k..(r + q + 1) * k];
            let tail: f32 = (k8..k).map(|t| ar[t] * row[t]).sum();
            out[(r + q) * width + col] = hsum(c) + tail;
        }
        r += 4;
    }
    while r < m {
        let p = a[r * k..].as_ptr();
        let mut c = [_mm256_setzero_ps(); 4];
        let mut i = 0;
        while i + 32 <= k8 {
            for (u, cu) in c.iter_mut().enumerate() {
                // SAFETY: i + 8u + 8 ≤ i + 32 ≤ k.
                unsafe { *cu = _mm256_fmadd_ps(_mm256_loadu_ps(p.add(i + 8 * u)), _mm256_loadu_ps(rp.add(i + 8 * u)), *cu) };
            }
            i += 32;
        }
        while i < k8 {
            // SAFETY: i + 8 ≤ k.
            unsafe { c[0] = _mm256_fmadd_ps(_mm256_loadu_ps(p.add(i)), _mm256_loadu_ps(rp.add(i)), c[0]) };
            i += 8;
        }
        let ar = &a[r * k..(r + 1) * k];
        let tail: f32 = (k8..k).map(|t| ar[t] * row[t]).sum();
        out[r * width + col] = hsum(_mm256_add_ps(_mm256_add_ps(c[0], c[1]), _mm256_add_ps(c[2], c[3]))) + tail;
        r += 1;
    }
}

#[cfg(test)]
mod gemv_f16_tests {
    use super::*;

    #[test]
    fn half_weights_give_the_widened_product() {
        for m in [1usize, 5, 12] {
            check_half(m);
        }
    }

    fn check_half(m: usize) {
        let (k, n) = (41usize, 5000usize);
        let a: Vec<f32> = (0..m * k).map(|i| ((i * 7919) % 13) as f32 / 13.0 - 0.5).collect();
        let w16: Vec<u16> = (0..n * k).map(|i| half::f16::from_f32(((i * 104_729) % 17) as f32 / 17.0 - 0.5).to_bits()).collect();
        let w: Vec<f32> = w16.iter().map(|&b| f16_to_f32(b)).collect();
        let mut want = vec![0.0f32; m * n];
        matmul_wt(&mut want, n, 1, &a, &w, m, k, n);
        for threads in [1, 2] {
            let mut got = vec![f32::NAN; m * n];
            gemv_rows_f16(&mut got, &a, &w16, m, k, n, threads);
            let worst = got.iter().zip(&want).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
            assert!(worst < 1e-4, "m {m}, threads {threads}: {worst}");
        }
    }
}
