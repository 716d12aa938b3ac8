//! A small string-keyed map in insertion order (a `Vec` of pairs, found by a linear scan).
//! The pack's tables have tens to a few hundred keys and are read a few times per update;
//! this keeps `std`'s hash map (hashbrown, several KB of wasm) out of the core.

#[derive(Debug, Clone, PartialEq)]
pub struct Map<V> {
    pairs: Vec<(String, V)>,
}

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map { pairs: Vec::new() }
    }
}

impl<V> Map<V> {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn get(&self, key: &str) -> Option<&V> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// Insert or replace; returns the value it replaced.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.pairs.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.pairs.push((key, value));
                None
            }
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.pairs.iter().position(|(k, _)| k == key)?;
        Some(self.pairs.remove(i).1)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.pairs.iter().map(|(k, v)| (k, v))
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.pairs.iter().map(|(k, _)| k)
    }
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.pairs.iter().map(|(_, v)| v)
    }
    pub fn len(&self) -> usize {
        self.pairs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// `map["key"]` panics on a missing key, like `HashMap` (for tests and known keys).
impl<V> std::ops::Index<&str> for Map<V> {
    type Output = V;
    fn index(&self, key: &str) -> &V {
        self.get(key).expect("no such key")
    }
}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.iter().map(|(k, v)| (k, v))
    }
}

impl<V> FromIterator<(String, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

/// Where a number key was first seen: an open-addressing table sized for `n` keys (no hash map
/// in the wasm for this).
pub struct FirstSeen {
    slots: Vec<(u64, usize)>,
}

impl FirstSeen {
    pub fn new(n: usize) -> FirstSeen {
        FirstSeen {
            slots: vec![(u64::MAX, 0); (2 * n).next_power_of_two().max(8)],
        }
    }

    /// The index stored for `key`, else `next` (stored for it now). `u64::MAX` is no key; at
    /// most `n` distinct keys.
    pub fn slot(&mut self, key: u64, next: usize) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        loop {
            match self.slots[i] {
                (k, at) if k == key => return at,
                (u64::MAX, _) => {
                    self.slots[i] = (key, next);
                    return next;
                }
                _ => i = (i + 1) & mask,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_seen_gives_each_key_its_first_index() {
        let keys: Vec<u64> = (0..500u64).map(|i| ((i * 7919) % 97) << 20).collect();
        let mut t = FirstSeen::new(keys.len());
        let mut firsts: Vec<u64> = Vec::new();
        for &k in &keys {
            let at = t.slot(k, firsts.len());
            if at == firsts.len() {
                firsts.push(k);
            }
            assert_eq!(firsts[at], k);
        }
        assert_eq!(firsts.len(), 97);
    }

    #[test]
    fn behaves_like_a_map() {
        let mut m = Map::new();
        assert_eq!(m.insert("a".into(), 1), None);
        assert_eq!(m.insert("b".into(), 2), None);
        assert_eq!(m.insert("a".into(), 3), Some(1));
        assert_eq!(m.get("a"), Some(&3));
        assert!(m.contains_key("b") && !m.contains_key("c"));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(m.remove("a"), Some(3));
        assert_eq!(m.len(), 1);
        let n: Map<i32> = [("x".to_string(), 1), ("x".to_string(), 2)]
            .into_iter()
            .collect();
        assert_eq!(n.get("x"), Some(&2));
    }
}
