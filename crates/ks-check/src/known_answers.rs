//! Known-answer cases: widget KS (v1 and v2) as startWidgetSession issues them, tokens as
//! appToken.add issues them, and the correct tokenHash. `ksdiag vectors` prints them;
//! `ksdiag check` feeds them to the user's program.

use ks_core::digest::{HashType, token_hash};
use ks_core::ks::{Generator, KsSpec, Randomness, generate};

/// splitmix64: tiny, fixed forever, so the same seed gives the same cases everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        out
    }
}

/// One known-answer case.
#[derive(Debug, Clone)]
pub struct KnownAnswer {
    /// A widget KS, v1 (even cases) or v2 (odd cases).
    pub ks: String,
    /// 32 lowercase hex characters, like the server's tokens.
    pub token: String,
    /// The app token's hashType.
    pub hash_type: HashType,
    /// lowercase_hex(H(ks + token)).
    pub hash: String,
}

/// The deterministic sequence of cases for a seed.
pub struct Cases {
    rng: SplitMix,
    i: u64,
}

impl Cases {
    /// The sequence for `seed`, from its start.
    pub fn new(seed: u64) -> Cases {
        Cases {
            rng: SplitMix(seed),
            i: 0,
        }
    }

    /// The next case, with `fixed` as its hash type, or the four in turn.
    pub fn next_case(&mut self, fixed: Option<HashType>) -> KnownAnswer {
        self.case(fixed, false)
    }

    /// A v1 user KS whose user id has `>`, `?` and `~`: a KS from session.start as some
    /// applications hash it, whose standard base64 has `+` and `/` (a widget KS, ASCII
    /// digits and letters only, has neither).
    fn next_user_case(&mut self, fixed: Option<HashType>) -> KnownAnswer {
        self.case(fixed, true)
    }

    fn case(&mut self, fixed: Option<HashType>, user: bool) -> KnownAnswer {
        let (rng, i) = (&mut self.rng, self.i);
        self.i += 1;
        let partner_id = 100_000 + (rng.next() % 4_900_000) as i64;
        let created = 1_700_000_000 + (rng.next() % 80_000_000) as i64;
        let secret = hex::encode(rng.bytes::<16>());
        let token = hex::encode(rng.bytes::<16>());
        let mut spec = KsSpec::widget(partner_id, created + 86_400);
        if user {
            spec.user_id = Some(format!("viewer>{}?~", rng.next() % 1_000_000));
            spec.privileges = "sview:*".into();
        }
        let randomness = if user || i % 2 == 0 {
            Randomness::V1Rand(format!("{created}.{:04}", rng.next() % 10_000))
        } else {
            Randomness::V2Random(rng.bytes::<16>())
        };
        let ks = generate(&spec, &secret, Generator::Server, &randomness).ks;
        let hash_type = fixed.unwrap_or(HashType::ALL[(i % 4) as usize]);
        let hash = token_hash(hash_type, &ks, &token).as_str().to_string();
        KnownAnswer {
            ks,
            token,
            hash_type,
            hash,
        }
    }
}

/// What breaks naive code, one case each, looked for among the first cases of the sequence.
const SPECIAL: [fn(&KnownAnswer) -> bool; 4] = [
    // A digest whose first byte is 0: BigInteger and `%x` lose characters.
    |c| c.hash.starts_with("00"),
    // A v1 KS with '+', '/' and '=' padding: URL and form encoding change it.
    |c| {
        !c.ks.starts_with("djJ8") && c.ks.contains('+') && c.ks.contains('/') && c.ks.ends_with('=')
    },
    // A v2 KS with '-' and '_' (URL-safe base64) and '=' padding.
    |c| c.ks.starts_with("djJ8") && c.ks.contains('-') && c.ks.contains('_') && c.ks.ends_with('='),
    // A digest with a first byte below 0x10 but not 0.
    |c| c.hash.starts_with('0') && !c.hash.starts_with("00"),
];

/// How far to look for each special case (a zero first byte is 1 in 256).
const SEARCH: u64 = 4096;

/// `count` cases of `hash_type` for `ksdiag check`: the special cases first (when `count`
/// leaves room), then the sequence.
pub fn check_cases(seed: u64, hash_type: HashType, count: usize) -> Vec<KnownAnswer> {
    let mut out = Vec::with_capacity(count);
    // Each hash type gets its own sequence, so adding one type does not change the others.
    let type_seed = seed ^ (hash_type.digest_len() as u64).wrapping_mul(0x0100_0000_01b3);
    for (k, special) in SPECIAL.iter().enumerate() {
        if out.len() >= count {
            return out;
        }
        let mut search = Cases::new(type_seed.wrapping_add(1 + k as u64));
        if let Some(c) = (0..SEARCH)
            .map(|_| match k {
                1 => search.next_user_case(Some(hash_type)),
                _ => search.next_case(Some(hash_type)),
            })
            .find(special)
        {
            out.push(c);
        }
    }
    let mut rest = Cases::new(type_seed);
    while out.len() < count {
        out.push(rest.next_case(Some(hash_type)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_cases_include_what_breaks_naive_code() {
        for h in HashType::ALL {
            let cases = check_cases(1, h, 10);
            assert_eq!(cases.len(), 10);
            for (k, special) in SPECIAL.iter().enumerate() {
                assert!(cases.iter().any(special), "{h}: special case {k}");
            }
            assert!(cases.iter().all(|c| c.hash_type == h));
            assert_eq!(
                cases.iter().map(|c| &c.hash).collect::<Vec<_>>(),
                check_cases(1, h, 10)
                    .iter()
                    .map(|c| &c.hash)
                    .collect::<Vec<_>>()
            );
        }
    }
}
