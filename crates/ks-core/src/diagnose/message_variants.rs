//! The tables of message variants the search tries. Adding a mistake is one entry here (or
//! one small unit in `value_forms.rs`) plus its cause code in `cause.rs`.

use super::cause::{Cause, CauseCode};

/// Text inserted before, between or after the parts of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Insert {
    pub text: &'static str,
    pub kind: InsertKind,
    /// Part of the common three-cause chains.
    pub common: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InsertKind {
    Whitespace,
    Invisible,
    Separator,
}

const fn ins(text: &'static str, kind: InsertKind, common: bool) -> Insert {
    Insert { text, kind, common }
}

/// Whitespace a shell, a file or a `WriteLine` adds (`echo` without `-n`, CRLF files).
pub(crate) const WHITESPACE: [Insert; 5] = [
    ins("\n", InsertKind::Whitespace, true),
    ins("\r\n", InsertKind::Whitespace, true),
    ins(" ", InsertKind::Whitespace, false),
    ins("\t", InsertKind::Whitespace, false),
    ins("\r", InsertKind::Whitespace, false),
];

/// Invisible characters that ride along when copying from web pages and editors.
pub(crate) const INVISIBLE: [Insert; 7] = [
    ins("\u{200B}", InsertKind::Invisible, true),
    ins("\u{FEFF}", InsertKind::Invisible, false),
    ins("\u{00A0}", InsertKind::Invisible, false),
    ins("\u{00AD}", InsertKind::Invisible, false),
    ins("\u{200C}", InsertKind::Invisible, false),
    ins("\u{200D}", InsertKind::Invisible, false),
    ins("\u{2060}", InsertKind::Invisible, false),
];

/// Separators people put between KS and token.
pub(crate) const SEPARATORS: [Insert; 12] = [
    ins(":", InsertKind::Separator, false),
    ins("|", InsertKind::Separator, false),
    ins(";", InsertKind::Separator, false),
    ins(",", InsertKind::Separator, false),
    ins(".", InsertKind::Separator, false),
    ins("-", InsertKind::Separator, false),
    ins("_", InsertKind::Separator, false),
    ins("+", InsertKind::Separator, false),
    ins("=", InsertKind::Separator, false),
    ins("/", InsertKind::Separator, false),
    ins("&", InsertKind::Separator, false),
    ins("#", InsertKind::Separator, false),
];

/// Where an insert sits in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Leading,
    Between,
    Trailing,
}

impl Insert {
    /// The cause this insert stands for. `first` names the part before a `Between` insert.
    pub fn cause(&self, place: Place, first: &'static str) -> Cause {
        let (field, side) = match place {
            Place::Leading => ("message", "leading"),
            Place::Trailing => ("message", "trailing"),
            Place::Between => (first, "trailing"),
        };
        match self.kind {
            InsertKind::Whitespace => Cause::new(CauseCode::Whitespace)
                .with("field", field)
                .with("side", side)
                .with("text", self.text),
            InsertKind::Invisible => {
                let c = self.text.chars().next().unwrap_or('\u{FFFD}');
                Cause::new(CauseCode::NonAsciiChar)
                    .with("field", field)
                    .with("side", side)
                    .with("char", format!("U+{:04X}", c as u32))
                    .with("name", char_name(c))
            }
            InsertKind::Separator => Cause::new(CauseCode::Separator).with("text", self.text),
        }
    }
}

/// Names of the invisible characters the search tries.
pub fn char_name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{FEFF}' => "BYTE ORDER MARK (ZERO WIDTH NO-BREAK SPACE)",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        _ => "non-ASCII character",
    }
}

/// A text's length in each kind of code unit the encodings use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextLen {
    utf8: usize,
    utf16: usize,
    chars: usize,
}

impl TextLen {
    pub fn of(text: &str) -> TextLen {
        TextLen {
            utf8: text.len(),
            utf16: text.encode_utf16().count(),
            chars: text.chars().count(),
        }
    }
}

/// How the message text was turned into bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16LeBom,
    Utf16Be,
    Utf16BeBom,
    Utf32Le,
}

impl Encoding {
    pub const ALTERNATIVES: [Encoding; 6] = [
        Encoding::Utf16Le,
        Encoding::Utf16LeBom,
        Encoding::Utf8Bom,
        Encoding::Utf16Be,
        Encoding::Utf16BeBom,
        Encoding::Utf32Le,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16LeBom => "UTF-16LE with BOM",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf16BeBom => "UTF-16BE with BOM",
            Encoding::Utf32Le => "UTF-32LE",
        }
    }

    pub fn common(self) -> bool {
        matches!(
            self,
            Encoding::Utf16Le | Encoding::Utf16LeBom | Encoding::Utf8Bom
        )
    }

    /// The length in bytes of a text in this encoding, without the BOM.
    pub fn len_of(self, len: TextLen) -> usize {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => len.utf8,
            Encoding::Utf16Le | Encoding::Utf16LeBom | Encoding::Utf16Be | Encoding::Utf16BeBom => {
                2 * len.utf16
            }
            Encoding::Utf32Le => 4 * len.chars,
        }
    }

    /// Appends `text` in this encoding (the BOM is written by [`Encoding::bom`]).
    pub fn encode_into(self, text: &str, out: &mut Vec<u8>) {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => out.extend_from_slice(text.as_bytes()),
            Encoding::Utf16Le | Encoding::Utf16LeBom => text
                .encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_le_bytes())),
            Encoding::Utf16Be | Encoding::Utf16BeBom => text
                .encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_be_bytes())),
            Encoding::Utf32Le => text
                .chars()
                .for_each(|c| out.extend_from_slice(&(c as u32).to_le_bytes())),
        }
    }

    pub fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8Bom => b"\xEF\xBB\xBF",
            Encoding::Utf16LeBom => b"\xFF\xFE",
            Encoding::Utf16BeBom => b"\xFE\xFF",
            _ => b"",
        }
    }
}
