//! Reading stdin and files into buffers that are wiped when dropped, and writing stdout.

use std::io::{self, Read, Write};

use zeroize::Zeroizing;

use crate::failure::Failure;

const CHUNK: usize = 8192;

/// Everything `reader` gives, or `Ok(None)` once it gives more than `limit` bytes.
///
/// The buffer grows by hand, not by `Vec`'s reallocation, so that no copy of a secret (a key,
/// a plaintext, a PIN) is left unwiped in freed memory.
pub fn read_all(mut reader: impl Read, limit: usize) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(CHUNK));
    let mut chunk = Zeroizing::new([0u8; CHUNK]);
    loop {
        let n = match reader.read(chunk.as_mut()) {
            Ok(0) => return Ok(Some(buf)),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let part = chunk.get(..n).unwrap_or_default();
        let len = buf.len().saturating_add(n);
        if len > limit {
            return Ok(None);
        }
        if len > buf.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(len.max(buf.capacity() * 2)));
            bigger.extend_from_slice(&buf);
            // The old buffer is wiped as it drops here.
            buf = bigger;
        }
        buf.extend_from_slice(part);
    }
}

/// Stdin, at most `limit` bytes; `too_large` makes the failure when it holds more.
pub fn stdin(
    limit: usize,
    too_large: impl FnOnce() -> Failure,
) -> Result<Zeroizing<Vec<u8>>, Failure> {
    read_all(io::stdin().lock(), limit)
        .map_err(|e| Failure::io("cannot read stdin", &e))?
        .ok_or_else(too_large)
}

/// Writes `bytes` to stdout and flushes.
pub fn out(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::io("cannot write stdout", &e))
}

/// Writes `bytes` and a line break to stdout (two writes: a secret is never copied to append
/// the line break).
pub fn out_line(bytes: &[u8]) -> Result<(), Failure> {
    out(bytes)?;
    out(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_past_many_chunks_up_to_the_limit() {
        let data: Vec<u8> = (0..50_000u32).map(|i| i as u8).collect();
        let got = read_all(&data[..], 50_000).unwrap().unwrap();
        assert_eq!(got.as_slice(), data.as_slice());
        assert!(read_all(&data[..], 49_999).unwrap().is_none());
        assert_eq!(read_all(&b""[..], 0).unwrap().unwrap().len(), 0);
    }
}
