//! Small maps that keep keys in the order the server sent them: [`Map`] of plain strings, and
//! [`Extra`] of values kept as JSON text, two types so that one is never written as the other.

use crate::json::Json;

/// String keys to string values, in the order received.
/// A key given twice keeps its first position and its last value, as `JSON.parse` does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Map(Vec<(String, String)>);

impl Map {
    /// An empty map.
    pub fn new() -> Map {
        Map(Vec::new())
    }

    /// Sets `key` to `value`.
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, String)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Map {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

/// Keys to values kept exactly as the JSON text the server sent (`extra`, `runtimeEnv.other`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra(Map);

impl Extra {
    /// An empty map.
    pub fn new() -> Extra {
        Extra(Map::new())
    }

    /// Keeps `value` under `key`, as received.
    pub(crate) fn keep(&mut self, key: impl Into<String>, value: Json) {
        self.0.insert(key.into(), value.text().to_owned());
    }

    /// The JSON text kept under `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key)
    }

    /// The entries (key, JSON text), in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter()
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Map;

    #[test]
    fn keeps_order_and_the_last_value() {
        let m: Map = [("b", "1"), ("a", "2"), ("b", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(m.iter().collect::<Vec<_>>(), [("b", "3"), ("a", "2")]);
        assert_eq!(m.get("a"), Some("2"));
        assert_eq!(m.len(), 2);
    }
}
