//! Speed of the engine inside WebAssembly, next to the `aes` crate's portable (fixslice)
//! backend, in one module with no imports. Built as a `cdylib` and driven by
//! `benches/wasm_bench.mjs`, which times each export; run `vpaes/benches/run-wasm-bench.sh`.
//!
//! Every export takes a repetition count and returns a byte of its output so that the work
//! cannot be optimised away.

// `#[no_mangle]` is an unsafe attribute; these exports are the bench's whole interface.
#![allow(unsafe_code)]

use aes::cipher::block_padding::NoPadding;
use aes::cipher::consts::{U16, U24};
use aes::cipher::{
    Array, BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt,
    BlockSizeUser, KeyInit, KeyIvInit, KeySizeUser,
};

/// An AES-192 implementation under test.
trait Aes192: KeyInit + KeySizeUser<KeySize = U24> + BlockSizeUser<BlockSize = U16> {}
impl<C: KeyInit + KeySizeUser<KeySize = U24> + BlockSizeUser<BlockSize = U16>> Aes192 for C {}

const KEY: [u8; 24] = *b"pinseal-vpaes-bench-key!";
const IV: [u8; 16] = *b"bench-iv-16bytes";
/// Bytes per CBC run.
const BULK: usize = 1 << 20;

fn single_block<C: Aes192 + BlockCipherEncrypt>(reps: u32) -> u32 {
    let cipher = C::new(&KEY.into());
    let mut block = Array::from([7u8; 16]);
    for _ in 0..reps {
        cipher.encrypt_block(&mut block);
    }
    u32::from(block.0[0])
}

fn single_block_decrypt<C: Aes192 + BlockCipherDecrypt>(reps: u32) -> u32 {
    let cipher = C::new(&KEY.into());
    let mut block = Array::from([7u8; 16]);
    for _ in 0..reps {
        cipher.decrypt_block(&mut block);
    }
    u32::from(block.0[0])
}

fn cbc_encrypt<C: Aes192 + BlockCipherEncrypt>(reps: u32) -> u32 {
    let mut buf = vec![0x5au8; BULK];
    for _ in 0..reps {
        let _ = cbc::Encryptor::<C>::new(&KEY.into(), &IV.into())
            .encrypt_padded::<NoPadding>(&mut buf, BULK);
    }
    u32::from(buf.last().copied().unwrap_or(0))
}

fn cbc_decrypt<C: Aes192 + BlockCipherDecrypt>(reps: u32) -> u32 {
    let mut buf = vec![0x5au8; BULK];
    for _ in 0..reps {
        let _ =
            cbc::Decryptor::<C>::new(&KEY.into(), &IV.into()).decrypt_padded::<NoPadding>(&mut buf);
    }
    u32::from(buf.last().copied().unwrap_or(0))
}

/// The engine's own CBC entry point (one call per message).
fn cbc_encrypt_in_place(reps: u32) -> u32 {
    let cipher = pinseal_vpaes::Aes192::new(&KEY.into());
    let mut buf = vec![0x5au8; BULK];
    for _ in 0..reps {
        let _ = cipher.encrypt_cbc(&IV, &mut buf);
    }
    u32::from(buf.last().copied().unwrap_or(0))
}

/// The engine's own CBC entry point (one call per message).
fn cbc_decrypt_in_place(reps: u32) -> u32 {
    let cipher = pinseal_vpaes::Aes192::new(&KEY.into());
    let mut buf = vec![0x5au8; BULK];
    for _ in 0..reps {
        let _ = cipher.decrypt_cbc(&IV, &mut buf);
    }
    u32::from(buf.last().copied().unwrap_or(0))
}

fn key_setup<C: Aes192>(reps: u32) -> u32 {
    let mut key = KEY;
    let mut acc = 0u32;
    for i in 0..reps {
        key[0] = i as u8;
        let cipher = core::hint::black_box(C::new(&key.into()));
        acc = acc.wrapping_add(core::mem::size_of_val(&cipher) as u32);
    }
    acc
}

macro_rules! exports {
    ($($name:ident = $f:ident::<$c:ty>;)*) => {$(
        #[doc = concat!("`", stringify!($f), "` with `", stringify!($c), "`.")]
        #[no_mangle]
        pub extern "C" fn $name(reps: u32) -> u32 {
            $f::<$c>(reps)
        }
    )*};
}

exports! {
    vpaes_block_encrypt = single_block::<pinseal_vpaes::Aes192>;
    vpaes_block_decrypt = single_block_decrypt::<pinseal_vpaes::Aes192>;
    vpaes_cbc_encrypt = cbc_encrypt::<pinseal_vpaes::Aes192>;
    vpaes_cbc_decrypt = cbc_decrypt::<pinseal_vpaes::Aes192>;
    vpaes_key_setup = key_setup::<pinseal_vpaes::Aes192>;
    aes_block_encrypt = single_block::<aes::Aes192>;
    aes_block_decrypt = single_block_decrypt::<aes::Aes192>;
    aes_cbc_encrypt = cbc_encrypt::<aes::Aes192>;
    aes_cbc_decrypt = cbc_decrypt::<aes::Aes192>;
    aes_key_setup = key_setup::<aes::Aes192>;
}

/// [`cbc_encrypt_in_place`].
#[no_mangle]
pub extern "C" fn vpaes_cbc_encrypt_in_place(reps: u32) -> u32 {
    cbc_encrypt_in_place(reps)
}

/// [`cbc_decrypt_in_place`].
#[no_mangle]
pub extern "C" fn vpaes_cbc_decrypt_in_place(reps: u32) -> u32 {
    cbc_decrypt_in_place(reps)
}

/// Which backend the engine was built with: 1 for simd128.
#[no_mangle]
pub extern "C" fn vpaes_backend_is_simd128() -> u32 {
    u32::from(pinseal_vpaes::BACKEND == "simd128")
}
