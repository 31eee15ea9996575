//! The public surface: which backend is compiled in, key-length handling, what `Debug` and
//! `AlgorithmName` print, and the traits pinseal relies on (`Clone`, `ZeroizeOnDrop`).

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
    // The wasm tests run with `+simd128` (.cargo/config.toml): a wasm build that fell back to
    // the portable backend must fail here rather than pass slowly.
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
fn clones_encrypt_alike_and_types_zeroize_on_drop() {
    fn zeroize_on_drop<T: pinseal_vpaes::cipher::zeroize::ZeroizeOnDrop>() {}
    zeroize_on_drop::<Aes192>();
    zeroize_on_drop::<Aes192Enc>();
    zeroize_on_drop::<Aes192Dec>();
    let a = Aes192::new(&[3u8; 24].into());
    let b = a.clone();
    drop(a);
    let mut block = [9u8; 16].into();
    b.encrypt_block(&mut block);
    let mut again = [9u8; 16].into();
    Aes192Enc::new(&[3u8; 24].into()).encrypt_block(&mut again);
    assert_eq!(block, again, "a clone encrypts like a fresh cipher");
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
