//! The public surface: which backend is compiled in, key-length handling, what `Debug` and
//! `AlgorithmName` print, `Clone`, and (inside WebAssembly) that dropping a cipher wipes its
//! round keys.
//!
//! The wipe is observed, not inferred from the `ZeroizeOnDrop` marker trait: the crate
//! implements that marker by hand, so a check of it passes with every wipe removed. Natively
//! there is no such test: reading memory after it is freed would need `unsafe` (forbidden
//! here, and undefined behaviour). Inside WebAssembly, linear memory is an ordinary
//! JavaScript buffer that can be read after the drop: see `mod wipe` below.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal_vpaes::cipher::{AlgorithmName, BlockCipherEncrypt, KeyInit};
use pinseal_vpaes::{Aes192, Aes192Dec, Aes192Enc, BACKEND};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn the_wasm_build_uses_simd128_and_native_builds_the_portable_backend() {
    // In wasm the engine enables simd128 per function and always uses that backend; a wasm
    // build that fell back to the portable backend must fail here rather than pass slowly.
    let expected = if cfg!(target_arch = "wasm32") {
        "simd128"
    } else {
        "portable"
    };
    assert_eq!(BACKEND, expected, "backend compiled in");
}

#[test]
fn keys_of_the_wrong_length_are_rejected() {
    for len in [0usize, 1, 15, 16, 23, 25, 32, 64] {
        let key = vec![7u8; len];
        assert!(
            Aes192::new_from_slice(&key).is_err(),
            "{len}-byte key (Aes192)"
        );
        assert!(
            Aes192Enc::new_from_slice(&key).is_err(),
            "{len}-byte key (Aes192Enc)"
        );
        assert!(
            Aes192Dec::new_from_slice(&key).is_err(),
            "{len}-byte key (Aes192Dec)"
        );
    }
    assert!(Aes192::new_from_slice(&[7u8; 24]).is_ok(), "24-byte key");
}

#[test]
fn debug_never_shows_key_material() {
    let key = [0x41u8; 24];
    let shown = [
        format!("{:?}", Aes192::new(&key.into())),
        format!("{:?}", Aes192Enc::new(&key.into())),
        format!("{:?}", Aes192Dec::new(&key.into())),
    ];
    assert_eq!(
        shown,
        ["Aes192 { .. }", "Aes192Enc { .. }", "Aes192Dec { .. }"]
    );
}

#[test]
fn algorithm_names() {
    struct Name<T>(core::marker::PhantomData<T>);
    impl<T: AlgorithmName> core::fmt::Display for Name<T> {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            T::write_alg_name(f)
        }
    }
    assert_eq!(Name::<Aes192>(Default::default()).to_string(), "Aes192");
    assert_eq!(
        Name::<Aes192Enc>(Default::default()).to_string(),
        "Aes192Enc"
    );
    assert_eq!(
        Name::<Aes192Dec>(Default::default()).to_string(),
        "Aes192Dec"
    );
}

#[test]
fn clones_encrypt_alike() {
    let a = Aes192::new(&[3u8; 24].into());
    let b = a.clone();
    drop(a);
    let mut block = [9u8; 16].into();
    b.encrypt_block(&mut block);
    let mut again = [9u8; 16].into();
    Aes192Enc::new(&[3u8; 24].into()).encrypt_block(&mut again);
    assert_eq!(block, again, "a clone encrypts like a fresh cipher");
}

/// Dropping each type wipes its round keys, seen in WebAssembly linear memory.
///
/// The cipher is put in a `Box`, whose address (`&*b as *const T as usize`, no `unsafe`) is an
/// offset into linear memory; `wasm_bindgen::memory()` reads it from JavaScript. The round keys
/// are stored in the engine's own basis, so the test does not compute them: it reads the
/// cipher's bytes while it lives, and calls "round keys" the 16-byte chunks that change with
/// the key (two ciphers of the same key have the same bytes, one of another key differs in
/// those chunks). After the drop, no 16-byte window anywhere in the freed block may equal one
/// of them. The allocator writes its free-list links over the start of the freed block and may
/// reuse it, which can only erase key bytes, never make a wipe look missed; the buffer the
/// bytes are read into is allocated before the drop, so nothing is allocated in between.
///
/// Checked to fail (on a scratch copy): with the `Drop` impls of the round keys emptied, all
/// four tests fail, e.g. "Aes192: 24 of 26 round keys survive the drop in its freed 416-byte
/// block" (12 of 13 for `Aes192Enc`, 13 of 13 for `Aes192Dec`, in Node).
#[cfg(target_arch = "wasm32")]
mod wipe {
    use js_sys::{Uint8Array, WebAssembly};
    use pinseal_vpaes::cipher::KeyInit;
    use pinseal_vpaes::{Aes192, Aes192Dec, Aes192Enc};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const KEY: [u8; 24] = [
        0x8e, 0x73, 0xb0, 0xf7, 0xda, 0x0e, 0x64, 0x52, 0xc8, 0x10, 0xf3, 0x2b, 0x80, 0x90, 0x79,
        0xe5, 0x62, 0xf8, 0xea, 0xd2, 0x52, 0x2c, 0x6b, 0x7b,
    ];
    const OTHER_KEY: [u8; 24] = [
        0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f,
        0x3c, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
    ];

    /// Copies `out.len()` bytes of linear memory at `addr` into `out` (no allocation).
    fn read(addr: usize, out: &mut [u8]) {
        let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let len = u32::try_from(out.len()).expect("small");
        let addr = u32::try_from(addr).expect("a wasm32 address");
        Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), addr, len).copy_to(out);
    }

    fn live_bytes<T>(b: &T) -> Vec<u8> {
        let mut out = vec![0u8; core::mem::size_of::<T>()];
        read(b as *const T as usize, &mut out);
        out
    }

    /// Builds ciphers with `make` and checks that the drop of one wipes every chunk of its
    /// bytes that depends on the key (`round_keys` such 16-byte chunks at least: 13 per
    /// direction of AES-192).
    fn drop_wipes<T>(name: &str, round_keys: usize, make: impl Fn(&[u8; 24]) -> T) {
        let len = core::mem::size_of::<T>();
        let cipher = Box::new(make(&KEY));
        let same = Box::new(make(&KEY));
        let other = Box::new(make(&OTHER_KEY));
        let addr = &*cipher as *const T as usize;
        let live = live_bytes(&*cipher);
        assert_eq!(
            live,
            live_bytes(&*same),
            "{name}: two ciphers of one key differ in memory: not reading the cipher?"
        );
        let keys: Vec<&[u8]> = live
            .chunks_exact(16)
            .zip(live_bytes(&*other).chunks_exact(16))
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a)
            .collect();
        assert!(
            keys.len() >= round_keys,
            "{name}: {} chunks of its {len} bytes depend on the key, want {round_keys}: not reading the cipher?",
            keys.len()
        );
        // A zero round key would match a wiped block (not the case for these keys).
        assert!(
            keys.iter().all(|k| k.iter().any(|&b| b != 0)),
            "{name}: a round key is all zero"
        );

        let mut after = vec![0u8; len]; // allocated before the drop
        drop(cipher);
        read(addr, &mut after);

        let survivors = keys
            .iter()
            .filter(|k| after.windows(16).any(|w| w == **k))
            .count();
        wasm_bindgen_test::console_log!(
            "{name}: {len}-byte block, {} key chunks; after the drop {} non-zero bytes, {survivors} key chunks",
            keys.len(),
            after.iter().filter(|&&b| b != 0).count()
        );
        assert_eq!(
            survivors,
            0,
            "{name}: {survivors} of {} round keys survive the drop in its freed {len}-byte block",
            keys.len()
        );
        // A drop wipes its own cipher only.
        assert_eq!(
            live_bytes(&*same),
            live,
            "{name}: dropping one cipher changed another"
        );
    }

    #[test]
    fn dropping_aes192_wipes_both_key_schedules() {
        drop_wipes("Aes192", 26, |k| Aes192::new(k.into()));
    }

    #[test]
    fn dropping_aes192enc_wipes_its_round_keys() {
        drop_wipes("Aes192Enc", 13, |k| Aes192Enc::new(k.into()));
    }

    #[test]
    fn dropping_aes192dec_wipes_its_round_keys() {
        drop_wipes("Aes192Dec", 13, |k| Aes192Dec::new(k.into()));
    }

    /// A clone owns a copy of the round keys, wiped when the clone drops (the original, still
    /// alive, keeps its own).
    #[test]
    fn dropping_a_clone_wipes_the_clone() {
        let original = Aes192::new(&KEY.into());
        drop_wipes("Aes192 clone", 26, |k| {
            if *k == KEY {
                original.clone()
            } else {
                Aes192::new(k.into())
            }
        });
    }
}

/// Names the engine the wasm tests run in (`engine: ...`), which `scripts/test-wasm.sh` checks
/// against the engine it asked for, so that a run claimed as Firefox or WebKit cannot silently
/// be Node or Chromium.
#[cfg(target_arch = "wasm32")]
mod engine {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen(inline_js = r#"
export function engine() {
  const node = typeof process === 'object' && process.versions && process.versions.node;
  return node ? `Node ${process.version}` : `${navigator.userAgent}`;
}
"#)]
    extern "C" {
        fn engine() -> String;
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn engine_is_named() {
        let name = engine();
        wasm_bindgen_test::console_log!("engine: {name}");
        assert!(
            name.starts_with("Node v") || name.contains("Mozilla/5.0"),
            "unknown engine {name:?}"
        );
    }
}
