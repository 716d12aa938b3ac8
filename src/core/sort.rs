//! One sort for the whole core. Each `slice::sort*` call with another element type or key
//! compiles to its own copy of the standard library's sort (about 2–3 KB of wasm each; ten of
//! them were a tenth of the module). Here the work is done once, on indices, through a
//! `dyn` comparison; only the small step that moves the elements is per type.
use std::cmp::Ordering;

/// The stable order of `n` items under `cmp` (by index): a bottom-up merge sort.
pub fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut b[lo..hi] {
                // Ties take the left run first: stable.
                if j >= hi || (i < mid && cmp(a[i], a[j]) != Ordering::Greater) {
                    *slot = a[i];
                    i += 1;
                } else {
                    *slot = a[j];
                    j += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Sort `v` stably by `cmp`.
pub fn by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let perm = order(v.len(), &mut |i, j| cmp(&v[i], &v[j]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(perm.into_iter().filter_map(|i| slots[i].take()));
}

/// Sort `v` stably by a key.
pub fn by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` in its natural order.
pub fn natural<T: Ord>(v: &mut Vec<T>) {
    by(v, |a, b| a.cmp(b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut seed = 7u32;
        for n in [0usize, 1, 2, 3, 5, 8, 13, 100, 1000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) as u8 % 7, i)
                })
                .collect();
            let mut ours = v.clone();
            by_key(&mut ours, |x| x.0);
            let mut std_ = v.clone();
            std_.sort_by_key(|x| x.0);
            assert_eq!(ours, std_, "n = {n}");
            let mut words: Vec<String> = v.iter().map(|x| format!("{}{}", x.0, x.1 % 3)).collect();
            let mut expect = words.clone();
            natural(&mut words);
            expect.sort();
            assert_eq!(words, expect);
        }
    }
}
