//! Hex and base64 (RFC 4648): strict where a mistake would go unnoticed, lenient where partners
//! differ (base64 padding and line wrapping).

/// Why a hex or base64 text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside the alphabet, at this byte offset.
    InvalidChar {
        /// Byte offset in the input text.
        offset: usize,
    },
    /// An odd number of hex digits, or a base64 text with one character in its last quantum.
    InvalidLength,
    /// `=` in the middle, too much of it, or too little for the length.
    InvalidPadding,
    /// The last base64 character carries bits that no encoder would set.
    NonZeroTrailingBits,
    /// The decoded size would exceed the caller's limit.
    TooLarge {
        /// The decoded size the text would have.
        at_least: usize,
    },
}

const HEX: &[u8; 16] = b"0123456789abcdef";
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INVALID: u8 = 0xff;
const SKIP: u8 = 0xfe;

/// Decoding table: the 6-bit value of a base64 character, [`SKIP`] for the ignored whitespace,
/// [`INVALID`] for everything else (`=` included; padding is handled before the table).
// Indexing in a const initializer is checked at compile time: it cannot panic at run time.
#[allow(clippy::indexing_slicing)]
const B64_DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[B64[i] as usize] = i as u8;
        i += 1;
    }
    table[b' ' as usize] = SKIP;
    table[b'\t' as usize] = SKIP;
    table[b'\r' as usize] = SKIP;
    table[b'\n' as usize] = SKIP;
    table
};

/// Lowercase hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            if let Some(&c) = HEX.get(usize::from(nibble)) {
                out.push(char::from(c));
            }
        }
    }
    out
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes hex, either case; no whitespace, no `0x`.
///
/// # Errors
/// [`DecodeError::InvalidLength`] for an odd length, [`DecodeError::InvalidChar`] for a non-hex
/// character.
pub fn hex_decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let b = text.as_bytes();
    if b.len() % 2 != 0 {
        return Err(DecodeError::InvalidLength);
    }
    let mut out = Vec::with_capacity(b.len() / 2);
    for (i, pair) in b.chunks_exact(2).enumerate() {
        let digit = |k: usize| {
            pair.get(k)
                .and_then(|&c| hex_value(c))
                .ok_or(DecodeError::InvalidChar { offset: 2 * i + k })
        };
        out.push(digit(0)? << 4 | digit(1)?);
    }
    Ok(out)
}

fn b64_char(sextet: u32) -> char {
    B64.get((sextet & 0x3f) as usize)
        .map_or('A', |&c| char::from(c))
}

/// Appends standard base64 with `=` padding to `out`.
pub fn base64_encode_into(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        if let [a, b, d] = *c {
            let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(d);
            out.push(b64_char(n >> 18));
            out.push(b64_char(n >> 12));
            out.push(b64_char(n >> 6));
            out.push(b64_char(n));
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.push(b64_char(n >> 18));
            out.push(b64_char(n >> 12));
            out.push_str("==");
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.push(b64_char(n >> 18));
            out.push(b64_char(n >> 12));
            out.push(b64_char(n >> 6));
            out.push('=');
        }
        _ => {}
    }
}

/// Standard base64 with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    base64_encode_into(bytes, &mut out);
    out
}

/// Decodes standard base64. Padding is optional but, when present, must be right and last;
/// space, tab, CR and LF are ignored anywhere (Java MIME encoders wrap lines). The size is
/// checked against `max_len` before anything is allocated.
///
/// # Errors
/// [`DecodeError::InvalidChar`], [`DecodeError::InvalidLength`], [`DecodeError::InvalidPadding`],
/// [`DecodeError::NonZeroTrailingBits`], or [`DecodeError::TooLarge`] over `max_len`.
pub fn base64_decode(text: &str, max_len: usize) -> Result<Vec<u8>, DecodeError> {
    let b = text.as_bytes();
    // First pass: count the significant characters and the padding, and find bad characters.
    let mut chars = 0usize;
    let mut pad = 0usize;
    for (offset, &c) in b.iter().enumerate() {
        if c == b'=' {
            pad += 1;
            continue;
        }
        match B64_DECODE.get(usize::from(c)).copied().unwrap_or(INVALID) {
            SKIP => {}
            INVALID => return Err(DecodeError::InvalidChar { offset }),
            _ if pad > 0 => return Err(DecodeError::InvalidPadding),
            _ => chars += 1,
        }
    }
    let tail = chars % 4;
    if tail == 1 {
        return Err(DecodeError::InvalidLength);
    }
    if pad > 0 && (tail == 0 || pad != 4 - tail) {
        return Err(DecodeError::InvalidPadding);
    }
    let len = chars / 4 * 3 + tail.saturating_sub(1);
    if len > max_len {
        return Err(DecodeError::TooLarge { at_least: len });
    }
    // Second pass: decode.
    let mut out = Vec::with_capacity(len);
    let mut acc: u32 = 0;
    let mut n = 0u32;
    for &c in b {
        let v = B64_DECODE.get(usize::from(c)).copied().unwrap_or(INVALID);
        if v >= SKIP {
            continue; // whitespace (and '=', already checked to be at the end)
        }
        acc = acc << 6 | u32::from(v);
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        2 => {
            if acc & 0x0f != 0 {
                return Err(DecodeError::NonZeroTrailingBits);
            }
            out.push((acc >> 4) as u8);
        }
        3 => {
            if acc & 0x03 != 0 {
                return Err(DecodeError::NonZeroTrailingBits);
            }
            out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]);
        }
        _ => {}
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_section_10_both_ways() {
        for (plain, enc) in RFC4648 {
            assert_eq!(base64_encode(plain.as_bytes()), enc);
            assert_eq!(base64_decode(enc, 100).unwrap(), plain.as_bytes());
            // padding optional
            assert_eq!(
                base64_decode(enc.trim_end_matches('='), 100).unwrap(),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn whitespace_is_ignored_anywhere() {
        let data: Vec<u8> = (0..=255).collect();
        let enc = base64_encode(&data);
        let wrapped: String = enc
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("\r\n");
        assert_eq!(base64_decode(&wrapped, 1000).unwrap(), data);
        assert_eq!(base64_decode(" Zm9v\tYmFy\n", 100).unwrap(), b"foobar");
    }

    #[test]
    fn rejections() {
        use DecodeError::*;
        let cases: &[(&str, DecodeError)] = &[
            ("Zm9v-_", InvalidChar { offset: 4 }),
            ("Zg=a", InvalidPadding),
            ("Zg=Zg==", InvalidPadding),
            ("Zg===", InvalidPadding),
            ("Zm9v=", InvalidPadding),
            ("Zm8==", InvalidPadding),
            ("Z", InvalidLength),
            ("Zm9vY", InvalidLength),
            ("Zh==", NonZeroTrailingBits),
            ("Zm9=", NonZeroTrailingBits),
            ("Zm9vé", InvalidChar { offset: 4 }),
            ("Zm\u{0}9v", InvalidChar { offset: 2 }),
            ("Zm9v\u{b}", InvalidChar { offset: 4 }),
        ];
        for (text, want) in cases {
            assert_eq!(base64_decode(text, 100), Err(*want), "{text:?}");
        }
    }

    #[test]
    fn too_large_is_decided_before_decoding() {
        let enc = base64_encode(&[0u8; 48]);
        assert_eq!(base64_decode(&enc, 48).unwrap().len(), 48);
        assert_eq!(
            base64_decode(&enc, 47),
            Err(DecodeError::TooLarge { at_least: 48 })
        );
        assert_eq!(
            base64_decode("Zm8", 1),
            Err(DecodeError::TooLarge { at_least: 2 })
        );
    }

    #[test]
    fn round_trip_all_lengths() {
        let mut seed = 0x2545_f491u32;
        for len in 0..=300usize {
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    (seed >> 24) as u8
                })
                .collect();
            let enc = base64_encode(&data);
            assert_eq!(enc.len(), len.div_ceil(3) * 4);
            assert_eq!(
                base64_decode(&enc, usize::MAX).unwrap(),
                data,
                "length {len}"
            );
            assert_eq!(hex_decode(&hex_encode(&data)).unwrap(), data);
        }
    }

    #[test]
    fn matches_node_buffer_base64() {
        // Expected values from Node: Buffer.from([...]).toString('base64').
        assert_eq!(base64_encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(base64_encode(&[0, 0, 0, 0]), "AAAAAA==");
        assert_eq!(base64_encode(b"pinseal\xff"), "cGluc2VhbP8=");
    }

    #[test]
    fn hex() {
        assert_eq!(hex_encode(&[0x00, 0xab, 0xff]), "00abff");
        assert_eq!(hex_decode("00ABff").unwrap(), [0x00, 0xab, 0xff]);
        assert_eq!(hex_decode("abc"), Err(DecodeError::InvalidLength));
        assert_eq!(
            hex_decode("0g"),
            Err(DecodeError::InvalidChar { offset: 1 })
        );
        assert_eq!(hex_decode(" 00"), Err(DecodeError::InvalidLength));
        assert_eq!(
            hex_decode("0x00"),
            Err(DecodeError::InvalidChar { offset: 1 })
        );
    }
}
