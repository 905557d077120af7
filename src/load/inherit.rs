//! What a response inherits from its office's settings: the `office:` mapping of `s55.yaml`
//! (body, commissioner, chief officer, signature, force...) fills in whatever the response
//! leaves out, mapping by mapping, and the response's own values always win.

use serde_yaml::{Mapping, Value};

/// Fills `response` in from `defaults`: a key the response lacks is taken whole; a mapping
/// both give is merged the same way, one level down at a time; anything else stays the
/// response's own.
pub fn merge(response: &mut Mapping, defaults: &Mapping) {
    for (k, v) in defaults {
        match response.get_mut(k) {
            None => {
                response.insert(k.clone(), v.clone());
            }
            Some(Value::Mapping(own)) => {
                if let Value::Mapping(d) = v {
                    merge(own, d);
                }
            }
            Some(_) => {}
        }
    }
}

/// The part of `defaults` a response with these top-level values actually takes: what
/// [`merge`] would add. A build hashes it with the file, so a change to the settings renders
/// again exactly the responses that use the changed values.
pub fn applied(response: &Mapping, defaults: &Mapping) -> Mapping {
    let mut out = Mapping::new();
    for (k, v) in defaults {
        match (response.get(k), v) {
            (None, _) => {
                out.insert(k.clone(), v.clone());
            }
            (Some(Value::Mapping(own)), Value::Mapping(d)) => {
                let sub = applied(own, d);
                if !sub.is_empty() {
                    out.insert(k.clone(), Value::Mapping(sub));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap_or_default()
    }

    #[test]
    fn the_response_wins_and_fills_in_the_rest() {
        let defaults = map(
            "body: {kind: pcc, area: Kent, website: https://kent.example}\nforce: Kent Police\n",
        );
        let mut response = map("body: {area: Kent, website: https://own.example}\n");
        assert_eq!(
            applied(&response, &defaults),
            map("body: {kind: pcc}\nforce: Kent Police\n")
        );
        merge(&mut response, &defaults);
        assert_eq!(
            response,
            map(
                "body: {area: Kent, website: https://own.example, kind: pcc}\nforce: Kent Police\n"
            )
        );
    }
}
