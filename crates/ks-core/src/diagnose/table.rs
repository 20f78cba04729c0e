//! The table of candidate messages: every recipe (order, KS form, token form, inserts,
//! encoding) with at most two message causes, or three when every one is common. The table is
//! walked, not built: in its fixed order, whole or one cost at a time, each recipe with its
//! byte length (known without writing it) and its key, which sorts like the table's order.

use super::message_variants::{Encoding, INVISIBLE, Insert, SEPARATORS, TextLen, WHITESPACE};
use super::recipe::{Order, Parts, Recipe};
use super::value_forms::Form;
use std::ops::ControlFlow;

/// A recipe's place in the table: its choice in each dimension, outermost first.
pub(crate) type Key = [u16; 7];

/// The most message causes a recipe stands for.
pub(crate) const MAX_COST: u8 = 3;

/// How many encodings the table tries (UTF-8 and its alternatives).
const ENCODINGS: usize = 1 + Encoding::ALTERNATIVES.len();

/// The encodings in the table's order.
const ENCODING_ORDER: [Encoding; ENCODINGS] = {
    let mut out = [Encoding::Utf8; ENCODINGS];
    let mut i = 0;
    while i < Encoding::ALTERNATIVES.len() {
        out[i + 1] = Encoding::ALTERNATIVES[i];
        i += 1;
    }
    out
};

struct Dim<T> {
    choice: T,
    cost: u8,
    common: bool,
    /// The choice's length in bytes in each encoding of [`ENCODING_ORDER`] (BOM aside).
    len: [usize; ENCODINGS],
}

fn lens(text: &str) -> [usize; ENCODINGS] {
    let t = TextLen::of(text);
    ENCODING_ORDER.map(|e| e.len_of(t))
}

fn allowed(cost: u8, common: bool) -> bool {
    cost <= 2 || (cost == MAX_COST && common)
}

/// One dimension's choices, with the lists of those still open at a given spending: each
/// dimension lists its free choice first, then choices that cost a cause or more.
struct Choices<T> {
    dims: Vec<Dim<T>>,
    all: Vec<u16>,
    free: Vec<u16>,
    /// The free choices and the common ones.
    common: Vec<u16>,
}

impl<T> Choices<T> {
    fn new(dims: Vec<Dim<T>>) -> Choices<T> {
        let pick = |keep: &dyn Fn(&Dim<T>) -> bool| {
            (0..dims.len() as u16)
                .filter(|&i| keep(&dims[i as usize]))
                .collect()
        };
        Choices {
            all: pick(&|_| true),
            free: pick(&|d| d.cost == 0),
            common: pick(&|d| d.cost == 0 || d.common),
            dims,
        }
    }

    /// The choices that may still fit once `spent` of `most` causes are spent by a chain
    /// that is all common (`common`) or not: a chain of three must be all common.
    fn open(&self, spent: u8, common: bool, most: u8) -> &[u16] {
        if spent >= most {
            &self.free
        } else if most == MAX_COST && spent + 1 == MAX_COST {
            if common { &self.common } else { &self.free }
        } else {
            &self.all
        }
    }
}

fn inserts(tables: &[&[Insert]]) -> Vec<Dim<Option<Insert>>> {
    let mut out = vec![Dim {
        choice: None,
        cost: 0,
        common: true,
        len: [0; ENCODINGS],
    }];
    for t in tables {
        out.extend(t.iter().map(|i| Dim {
            choice: Some(*i),
            cost: 1,
            common: i.common,
            len: lens(i.text),
        }));
    }
    out
}

fn forms(canonical: &str, list: &[Form]) -> Vec<Dim<Option<usize>>> {
    let mut out = vec![Dim {
        choice: None,
        cost: 0,
        common: true,
        len: lens(canonical),
    }];
    // Every form stands for at least one cause (`affordable` relies on it).
    out.extend(list.iter().enumerate().map(|(i, f)| Dim {
        choice: Some(i),
        cost: f.causes.len().max(1) as u8,
        common: f.common,
        len: lens(&f.text),
    }));
    out
}

fn order(choice: Order, cost: u8, common: bool) -> Dim<Order> {
    Dim {
        choice,
        cost,
        common,
        len: [0; ENCODINGS],
    }
}

/// The dimensions of the table for one search.
pub(crate) struct Table {
    orders: [Dim<Order>; 4],
    ks: Choices<Option<usize>>,
    token: Choices<Option<usize>>,
    between: Choices<Option<Insert>>,
    ends: Choices<Option<Insert>>,
    encodings: Choices<Encoding>,
}

impl Table {
    pub fn new(p: &Parts<'_>) -> Table {
        let encodings = ENCODING_ORDER
            .iter()
            .enumerate()
            .map(|(i, e)| Dim {
                choice: *e,
                cost: u8::from(i > 0),
                common: i == 0 || e.common(),
                len: [0; ENCODINGS],
            })
            .collect();
        Table {
            orders: [
                order(Order::KsToken, 0, true),
                order(Order::TokenKs, 1, true),
                order(Order::KsOnly, 1, false),
                order(Order::TokenOnly, 1, false),
            ],
            ks: Choices::new(forms(p.ks, p.ks_forms)),
            token: Choices::new(forms(p.token, p.token_forms)),
            between: Choices::new(inserts(&[&WHITESPACE, &INVISIBLE, &SEPARATORS])),
            ends: Choices::new(inserts(&[&WHITESPACE, &INVISIBLE])),
            encodings: Choices::new(encodings),
        }
    }

    /// Visits the recipes in the table's order, with their key and byte length: all of them
    /// (`cost` `None`) or those of one cost, of any length (`len` `None`) or of that one.
    /// Stops when `f` breaks, and says so.
    pub fn walk(
        &self,
        cost: Option<u8>,
        len: Option<usize>,
        mut f: impl FnMut(Key, Recipe, usize) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let most = cost.unwrap_or(MAX_COST);
        let fits = |c: u8, common: bool| c <= most && allowed(c, common);
        let bom = ENCODING_ORDER.map(|e| e.bom().len());
        for (oi, o) in self.orders.iter().enumerate() {
            for &ki in self.ks.open(o.cost, o.common, most) {
                let k = &self.ks.dims[ki as usize];
                if o.choice == Order::TokenOnly && k.choice.is_some() {
                    continue;
                }
                let (c2, m2) = (o.cost + k.cost, o.common && k.common);
                for &ti in self.token.open(c2, m2, most) {
                    let t = &self.token.dims[ti as usize];
                    if o.choice == Order::KsOnly && t.choice.is_some() {
                        continue;
                    }
                    let (c3, m3) = (c2 + t.cost, m2 && t.common);
                    if !fits(c3, m3) {
                        continue;
                    }
                    let two = matches!(o.choice, Order::KsToken | Order::TokenKs);
                    for &bi in self.between.open(c3, m3, most) {
                        let b = &self.between.dims[bi as usize];
                        if !two && b.choice.is_some() {
                            continue;
                        }
                        let (c4, m4) = (c3 + b.cost, m3 && b.common);
                        if !fits(c4, m4) {
                            continue;
                        }
                        for &li in self.ends.open(c4, m4, most) {
                            let l = &self.ends.dims[li as usize];
                            let (c5, m5) = (c4 + l.cost, m4 && l.common);
                            if !fits(c5, m5) {
                                continue;
                            }
                            for &ri in self.ends.open(c5, m5, most) {
                                let r = &self.ends.dims[ri as usize];
                                let (c6, m6) = (c5 + r.cost, m5 && r.common);
                                if !fits(c6, m6) {
                                    continue;
                                }
                                for &ei in self.encodings.open(c6, m6, most) {
                                    let e = &self.encodings.dims[ei as usize];
                                    let ei = ei as usize;
                                    let c7 = c6 + e.cost;
                                    if !fits(c7, m6 && e.common) || cost.is_some_and(|c| c != c7) {
                                        continue;
                                    }
                                    let n = bom[ei]
                                        + k.len[ei] * usize::from(o.choice != Order::TokenOnly)
                                        + t.len[ei] * usize::from(o.choice != Order::KsOnly)
                                        + b.len[ei]
                                        + l.len[ei]
                                        + r.len[ei];
                                    if len.is_some_and(|want| want != n) {
                                        continue;
                                    }
                                    let key = [oi as u16, ki, ti, bi, li, ri, ei as u16];
                                    let recipe = Recipe {
                                        cost: c7,
                                        order: o.choice,
                                        ks: k.choice,
                                        token: t.choice,
                                        lead: l.choice,
                                        between: b.choice,
                                        trail: r.choice,
                                        encoding: e.choice,
                                    };
                                    f(key, recipe, n)?;
                                }
                            }
                        }
                    }
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// Every recipe, in the table's order.
    #[cfg(test)]
    pub fn all(&self) -> Vec<(Recipe, usize)> {
        let mut out = Vec::new();
        let _ = self.walk(None, None, |_, r, len| {
            out.push((r, len));
            ControlFlow::Continue(())
        });
        out
    }
}
