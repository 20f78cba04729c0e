//! KS generation, byte-identical to the server and the official PHP and Python clients.
//!
//! Time and randomness are inputs: callers pass the absolute expiry and the random values.

use super::{KsBody, parse, v1, v2};

/// The generator whose exact output to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// `kSessionBase::generateKsV1/V2` (what startWidgetSession returns): 9 v1 fields, PHP
    /// query encoding, `_m`/`_d` written when set, `_u` omitted when the user is null.
    Server,
    /// The official PHP client `generateSession/V2`: 7 v1 fields, PHP query encoding.
    PhpClient,
    /// The official Python client: 7 v1 fields, Python `urlencode` (`~` raw), user `None` as
    /// `"None"`, keeps a privilege named `0`.
    PythonClient,
}

/// The session to encode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KsSpec {
    /// Partner id.
    pub partner_id: i64,
    /// Session type: 0 USER, 2 ADMIN.
    pub ks_type: i64,
    /// User id; `None` is PHP null.
    pub user_id: Option<String>,
    /// Privileges string, e.g. `view:*,widget:1`.
    pub privileges: String,
    /// Absolute expiry, unix seconds.
    pub expiry: i64,
    /// Master partner id (server only).
    pub master_partner_id: Option<String>,
    /// Additional data (server only).
    pub additional_data: Option<String>,
}

impl KsSpec {
    /// The shape `session.startWidgetSession` returns: USER, user `0`, `view:*,widget:1`.
    pub fn widget(partner_id: i64, expiry: i64) -> KsSpec {
        KsSpec {
            partner_id,
            ks_type: 0,
            user_id: Some("0".to_string()),
            privileges: "view:*,widget:1".to_string(),
            expiry,
            master_partner_id: None,
            additional_data: None,
        }
    }
}

/// The random part of a KS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Randomness {
    /// v1 field 4 as text (server: `microtime(true)`; clients: a small integer).
    V1Rand(String),
    /// v2 16-byte random prefix.
    V2Random([u8; 16]),
}

/// Something the server will read differently from what the spec asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GenerateWarning {
    /// v1: a `;` in a value shifts the later fields when the server splits the info.
    SemicolonShiftsFields {
        /// Which value contains the `;`.
        field: &'static str,
    },
    /// The server will read this member back differently.
    ReadBackDiffers {
        /// Member name.
        field: &'static str,
        /// What was asked for.
        wanted: Option<String>,
        /// What the server reads.
        server_reads: Option<String>,
    },
    /// The server's parser would crash on this KS (v2 name with `[...]`).
    ServerWouldReject(String),
}

impl std::fmt::Display for GenerateWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateWarning::SemicolonShiftsFields { field } => write!(
                f,
                "the {field} contains ';': in a v1 KS the server splits on every ';', so the later fields shift (use version 2)"
            ),
            GenerateWarning::ReadBackDiffers {
                field,
                wanted,
                server_reads,
            } => {
                let show = |v: &Option<String>| {
                    v.as_ref().map_or("null".to_string(), |s| format!("{s:?}"))
                };
                write!(
                    f,
                    "the server will read the {field} as {}, not {}",
                    show(server_reads),
                    show(wanted)
                )
            }
            GenerateWarning::ServerWouldReject(why) => {
                write!(f, "the server would reject this KS: {why}")
            }
        }
    }
}

/// A generated KS and the warnings about how the server will read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The KS string.
    pub ks: String,
    /// What the server will read differently from the spec.
    pub warnings: Vec<GenerateWarning>,
}

fn v1_info(spec: &KsSpec, generator: Generator, rand: &str) -> String {
    let user = match (generator, spec.user_id.as_deref()) {
        (_, Some(u)) => u.to_string(),
        (Generator::PythonClient, None) => "None".to_string(),
        (_, None) => String::new(),
    };
    let pid = spec.partner_id.to_string();
    let mut fields = vec![
        pid.clone(),
        pid,
        spec.expiry.to_string(),
        spec.ks_type.to_string(),
        rand.to_string(),
        user,
        spec.privileges.clone(),
    ];
    if generator == Generator::Server {
        fields.push(spec.master_partner_id.clone().unwrap_or_default());
        fields.push(spec.additional_data.clone().unwrap_or_default());
    }
    fields.join(";")
}

/// Generates a KS. The version follows `randomness`: `V1Rand` gives v1, `V2Random` gives v2.
/// The KS is read back as the server would, and what it would read differently is warned of.
pub fn generate(
    spec: &KsSpec,
    admin_secret: &str,
    generator: Generator,
    randomness: &Randomness,
) -> Generated {
    let ks = encode(spec, admin_secret, generator, randomness);
    let warnings = read_back_warnings(spec, admin_secret, generator, &ks);
    Generated { ks, warnings }
}

/// The KS [`generate`] makes, without reading it back: for a caller that issues KS from
/// specs it built itself (the server's own startWidgetSession and startSession shapes).
pub fn encode(
    spec: &KsSpec,
    admin_secret: &str,
    generator: Generator,
    randomness: &Randomness,
) -> String {
    match randomness {
        Randomness::V1Rand(rand) => v1::encode(admin_secret, &v1_info(spec, generator, rand)),
        Randomness::V2Random(random) => {
            let dialect = match generator {
                Generator::PythonClient => v2::QueryDialect::Python,
                _ => v2::QueryDialect::Php,
            };
            let (m, d) = match generator {
                Generator::Server => (
                    spec.master_partner_id.as_deref(),
                    spec.additional_data.as_deref(),
                ),
                _ => (None, None),
            };
            let q = v2::build_query(
                dialect,
                &spec.privileges,
                spec.expiry,
                spec.ks_type,
                spec.user_id.as_deref(),
                m,
                d,
            );
            v2::encode(admin_secret, &spec.partner_id.to_string(), random, &q)
        }
    }
}

fn read_back_warnings(
    spec: &KsSpec,
    admin_secret: &str,
    generator: Generator,
    ks: &str,
) -> Vec<GenerateWarning> {
    let mut out = Vec::new();
    let parsed = match parse(ks) {
        Ok(p) => p,
        Err(e) => return vec![GenerateWarning::ServerWouldReject(e.to_string())],
    };
    if matches!(parsed.body, KsBody::V1(_)) {
        for (field, value) in [
            ("user id", spec.user_id.as_deref()),
            ("privileges", Some(spec.privileges.as_str())),
        ] {
            if value.is_some_and(|v| v.contains(';')) {
                out.push(GenerateWarning::SemicolonShiftsFields { field });
            }
        }
    }
    let seen = parsed.inspect(Some(admin_secret));
    let Some(fields) = seen.fields else {
        let why = seen.v2_rejected.map(|r| r.to_string()).unwrap_or_default();
        out.push(GenerateWarning::ServerWouldReject(why));
        return out;
    };
    let user_wanted = match (generator, &spec.user_id) {
        (Generator::PythonClient, None) => Some("None".to_string()),
        (_, u) => u.clone(),
    };
    let expect_user = match (&parsed.body, user_wanted) {
        (KsBody::V1(_), None) => Some(String::new()),
        (_, u) => u,
    };
    let mut check = |field: &'static str, wanted: Option<String>, got: &Option<String>| {
        if &wanted != got {
            out.push(GenerateWarning::ReadBackDiffers {
                field,
                wanted,
                server_reads: got.clone(),
            });
        }
    };
    check("user id", expect_user, &fields.user);
    let canonical_privs = if spec.privileges == "all:*" {
        "*".to_string()
    } else {
        spec.privileges.clone()
    };
    check("privileges", Some(canonical_privs), &fields.privileges);
    out
}
