//! Small maps that keep keys in the order the server sent them: [`Map`] of plain strings, and
//! [`Extra`] of values kept as JSON text, two types so that one is never written as the other.

use crate::json::Json;

/// String keys to string values, in the order received.
/// A key given twice keeps its first position and its last value, as `JSON.parse` does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Map(Vec<(String, String)>);

impl Map {
    /// An empty map.
    pub(crate) fn new() -> Map {
        Map(Vec::new())
    }

    /// Sets `key` to `value`.
    pub(crate) fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`.
    ///
    /// ```
    /// let job = jobglass::parse_job(r#"{"metadata":{"owner":"ada"}}"#).unwrap();
    /// assert_eq!(job.metadata.get("owner"), Some("ada"));
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The entries, in the order the server sent them.
    ///
    /// ```
    /// let job = jobglass::parse_job(r#"{"metadata":{"b":"2","a":"1"}}"#).unwrap();
    /// assert_eq!(job.metadata.iter().collect::<Vec<_>>(), [("b", "2"), ("a", "1")]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many keys.
    ///
    /// ```
    /// let job = jobglass::parse_job(r#"{"metadata":{"a":"1","a":"2"}}"#).unwrap();
    /// assert_eq!(job.metadata.len(), 1); // a repeated key keeps its last value
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// let job = jobglass::parse_job(r#"{"metadata":null}"#).unwrap();
    /// assert!(job.metadata.is_empty());
    /// ```
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
    pub(crate) fn new() -> Extra {
        Extra(Map::new())
    }

    /// Keeps `value` under `key`, as received.
    pub(crate) fn keep(&mut self, key: impl Into<String>, value: Json) {
        self.0.insert(key.into(), value.text().to_owned());
    }

    /// The JSON text kept under `key`.
    ///
    /// ```
    /// let job = jobglass::parse_job(r#"{"key":"/sn/app/1","retry_policy":{"max":3}}"#).unwrap();
    /// assert_eq!(job.extra.get("retry_policy"), Some(r#"{"max":3}"#));
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key)
    }

    /// The entries (key, JSON text), in order.
    ///
    /// ```
    /// let job = jobglass::parse_job(r#"{"x":1,"y":[true]}"#).unwrap();
    /// assert_eq!(job.extra.iter().collect::<Vec<_>>(), [("x", "1"), ("y", "[true]")]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter()
    }

    /// How many keys.
    ///
    /// ```
    /// assert_eq!(jobglass::parse_job(r#"{"x":1}"#).unwrap().extra.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(jobglass::parse_job(r#"{"status":"RUNNING"}"#).unwrap().extra.is_empty());
    /// ```
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
