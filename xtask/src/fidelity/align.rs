//! Aligning two sequences: a longest common subsequence by Myers' O(ND) algorithm in linear
//! space (divide and conquer on the middle snake), so long, similar traces align quickly.

/// The index pairs `(i, j)` with `a[i] == b[j]` of a longest common subsequence, in order.
pub fn lcs<T: Eq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    recurse(a, 0, b, 0, &mut pairs);
    pairs
}

fn recurse<T: Eq>(a: &[T], a0: usize, b: &[T], b0: usize, pairs: &mut Vec<(usize, usize)>) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    pairs.extend((0..prefix).map(|i| (a0 + i, b0 + i)));
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let (a0, b0) = (a0 + prefix, b0 + prefix);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if !a.is_empty() && !b.is_empty() {
        let snake = middle_snake(a, b);
        // Both halves cost less than the whole once the common ends are gone (Myers 1986, 4b),
        // so this terminates; the check guards against a mistake turning into endless recursion.
        if (snake.x0, snake.y0) != (0, 0) || (snake.x1, snake.y1) != (a.len(), b.len()) {
            recurse(&a[..snake.x0], a0, &b[..snake.y0], b0, pairs);
            pairs.extend((0..snake.x1 - snake.x0).map(|i| (a0 + snake.x0 + i, b0 + snake.y0 + i)));
            recurse(
                &a[snake.x1..],
                a0 + snake.x1,
                &b[snake.y1..],
                b0 + snake.y1,
                pairs,
            );
        }
    }
    let (an, bn) = (a0 + a.len(), b0 + b.len());
    pairs.extend((0..suffix).map(|i| (an + i, bn + i)));
}

/// A diagonal run `a[x0..x1] == b[y0..y1]` in the middle of a shortest edit script.
struct Snake {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

/// Myers' middle snake: forward and backward searches on diagonals k = x - y meet halfway.
fn middle_snake<T: Eq>(a: &[T], b: &[T]) -> Snake {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let delta = n - m;
    let odd = delta % 2 != 0;
    let max = (n + m + 1) / 2 + 1;
    let offset = max + 1;
    let size = (2 * offset + 1) as usize;
    // vf[k]: furthest x on diagonal k going forward; vb[k]: furthest distance from the end going
    // backward on diagonal k of the reversed sequences.
    let mut vf = vec![0isize; size];
    let mut vb = vec![0isize; size];
    let at = |k: isize| (k + offset) as usize;
    for d in 0..=max {
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && vf[at(k - 1)] < vf[at(k + 1)]) {
                vf[at(k + 1)]
            } else {
                vf[at(k - 1)] + 1
            };
            let mut y = x - k;
            let (x0, y0) = (x, y);
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            vf[at(k)] = x;
            // The backward diagonal that lands on this one is kb = delta - k.
            let kb = delta - k;
            if odd && kb > -d && kb < d && x + vb[at(kb)] >= n {
                return Snake {
                    x0: x0 as usize,
                    y0: y0 as usize,
                    x1: x as usize,
                    y1: y as usize,
                };
            }
            k += 2;
        }
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && vb[at(k - 1)] < vb[at(k + 1)]) {
                vb[at(k + 1)]
            } else {
                vb[at(k - 1)] + 1
            };
            let mut y = x - k;
            let (x0, y0) = (x, y);
            while x < n && y < m && a[(n - x - 1) as usize] == b[(m - y - 1) as usize] {
                x += 1;
                y += 1;
            }
            vb[at(k)] = x;
            let kf = delta - k;
            if !odd && kf >= -d && kf <= d && x + vf[at(kf)] >= n {
                return Snake {
                    x0: (n - x) as usize,
                    y0: (m - y) as usize,
                    x1: (n - x0) as usize,
                    y1: (m - y0) as usize,
                };
            }
            k += 2;
        }
    }
    // Unreachable for non-empty inputs: the searches meet by d = ceil((n + m) / 2).
    Snake {
        x0: 0,
        y0: 0,
        x1: 0,
        y1: 0,
    }
}

/// One step of an alignment, for printing diffs and counting what differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `a[i] == b[j]`.
    Same(usize, usize),
    /// `a[i]` has no partner.
    OnlyA(usize),
    /// `b[j]` has no partner.
    OnlyB(usize),
}

/// The alignment of `a` (length `na`) and `b` (length `nb`) given by `pairs`: within each gap the
/// lines of `a` come before those of `b`, as in a unified diff.
pub fn steps(pairs: &[(usize, usize)], na: usize, nb: usize) -> Vec<Step> {
    let mut out = Vec::with_capacity(na.max(nb));
    let (mut i, mut j) = (0, 0);
    for &(pi, pj) in pairs.iter().chain(std::iter::once(&(na, nb))) {
        out.extend((i..pi).map(Step::OnlyA));
        out.extend((j..pj).map(Step::OnlyB));
        if pi < na && pj < nb {
            out.push(Step::Same(pi, pj));
        }
        (i, j) = (pi + 1, pj + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The LCS length by the textbook quadratic table, to check Myers against.
    fn lcs_len_dp(a: &[u8], b: &[u8]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diag = 0;
            for (j, y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    fn check(a: &[u8], b: &[u8]) {
        let pairs = lcs(a, b);
        assert_eq!(pairs.len(), lcs_len_dp(a, b), "{a:?} {b:?}");
        for w in pairs.windows(2) {
            assert!(w[0].0 < w[1].0 && w[0].1 < w[1].1, "{pairs:?}");
        }
        for &(i, j) in &pairs {
            assert_eq!(a[i], b[j]);
        }
    }

    #[test]
    fn myers_finds_a_longest_common_subsequence() {
        check(b"ABCABBA", b"CBABAC");
        check(b"", b"abc");
        check(b"abc", b"");
        check(b"abc", b"abc");
        check(b"abcdef", b"xyz");
        check(b"aaaa", b"aa");
        check(b"xaxbxc", b"abc");
        // Small pseudo-random sequences over a small alphabet, against the table.
        let mut seed = 0x2545_f491_u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for _ in 0..500 {
            let la = (next() % 12) as usize;
            let lb = (next() % 12) as usize;
            let a: Vec<u8> = (0..la).map(|_| b'a' + (next() % 3) as u8).collect();
            let b: Vec<u8> = (0..lb).map(|_| b'a' + (next() % 3) as u8).collect();
            check(&a, &b);
        }
    }

    #[test]
    fn steps_put_each_gap_in_diff_order() {
        let a = b"abxd";
        let b = b"aycd";
        let pairs = lcs(a, b);
        assert_eq!(
            steps(&pairs, a.len(), b.len()),
            [
                Step::Same(0, 0),
                Step::OnlyA(1),
                Step::OnlyA(2),
                Step::OnlyB(1),
                Step::OnlyB(2),
                Step::Same(3, 3),
            ]
        );
    }
}
