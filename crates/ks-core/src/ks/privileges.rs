//! `kSessionBase::parsePrivileges` for v1 privilege strings.

use super::fields::Privilege;

/// Splits `privileges` on `,`, each item on its first `:`, the value on `/`; merges repeated
/// names (PHP `array_merge`, first position kept). Nothing is trimmed: ` view:*` keeps its
/// space, as on the server. A null or empty string gives one privilege with an empty name.
pub fn parse_privileges(privileges: Option<&str>) -> Vec<Privilege> {
    let mut out: Vec<Privilege> = Vec::new();
    for item in privileges.unwrap_or("").split(',') {
        let (name, values) = match item.split_once(':') {
            Some((n, v)) => (n, v.split('/').map(str::to_string).collect()),
            None => (item, Vec::new()),
        };
        match out.iter_mut().find(|p| p.name == name) {
            Some(existing) => existing.values.extend(values),
            None => out.push(Privilege {
                name: name.to_string(),
                values,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_repeated_names_and_keeps_spaces() {
        let got = parse_privileges(Some("edit:0_abc,edit:0_def, view:*/x"));
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].values, vec!["0_abc", "0_def"]);
        assert_eq!(got[1].name, " view");
        assert_eq!(got[1].values, vec!["*", "x"]);
    }

    #[test]
    fn empty_gives_one_empty_name() {
        assert_eq!(
            parse_privileges(None),
            vec![Privilege {
                name: String::new(),
                values: vec![]
            }]
        );
    }
}
