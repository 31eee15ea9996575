//! Expanded keys and the `cipher` backends that run blocks through them.

use crate::vperm::{self, ExpandedKey, RoundKeys};
use cipher::consts::{U1, U16, U2};
use cipher::inout::InOut;
use cipher::{
    Block, BlockCipherDecBackend, BlockCipherEncBackend, BlockSizeUser, ParBlocks,
    ParBlocksSizeUser,
};
use zeroize::Zeroize;

/// Blocks decrypted at once. CBC decryption hands over independent blocks; run round by round,
/// their dependency chains overlap. Two, as in [`crate::cbc`] (whose comment has the figures):
/// with the rounds written out, four keep too many vectors alive for x86-64's registers.
type DecParBlocks = U2;

/// Encryption round keys; wiped on drop.
#[derive(Clone)]
pub(crate) struct EncKeys(RoundKeys);

/// Decryption round keys; wiped on drop.
#[derive(Clone)]
pub(crate) struct DecKeys(RoundKeys);

impl EncKeys {
    pub(crate) fn new(words: &ExpandedKey) -> Self {
        Self(vperm::encryption_keys(words))
    }

    /// The round keys, for the engine's CBC entry points.
    pub(crate) fn keys(&self) -> &RoundKeys {
        &self.0
    }
}

impl DecKeys {
    pub(crate) fn new(words: &ExpandedKey) -> Self {
        Self(vperm::decryption_keys(words))
    }

    /// The round keys, for the engine's CBC entry points.
    pub(crate) fn keys(&self) -> &RoundKeys {
        &self.0
    }
}

impl Drop for EncKeys {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for DecKeys {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl BlockSizeUser for EncKeys {
    type BlockSize = U16;
}

impl BlockSizeUser for DecKeys {
    type BlockSize = U16;
}

// Encryption takes one block at a time: CBC encryption is sequential anyway.
impl ParBlocksSizeUser for EncKeys {
    type ParBlocksSize = U1;
}

impl ParBlocksSizeUser for DecKeys {
    type ParBlocksSize = DecParBlocks;
}

// The `cipher` traits' backends: a call into the engine per block (or per two blocks). The
// engine's own CBC entry points (`crate::cbc`) are the fast path; these serve generic modes.
impl BlockCipherEncBackend for EncKeys {
    #[inline]
    fn encrypt_block(&self, mut block: InOut<'_, '_, Block<Self>>) {
        let mut bytes = block.get_in().0;
        vperm::encrypt_bytes(&self.0, &mut bytes);
        block.get_out().0 = bytes;
    }
}

impl BlockCipherDecBackend for DecKeys {
    #[inline]
    fn decrypt_block(&self, mut block: InOut<'_, '_, Block<Self>>) {
        let mut bytes = block.get_in().0;
        vperm::decrypt_bytes(&self.0, [&mut bytes]);
        block.get_out().0 = bytes;
    }

    #[inline]
    fn decrypt_par_blocks(&self, mut blocks: InOut<'_, '_, ParBlocks<Self>>) {
        let [mut a, mut b] = blocks.get_in().0.map(|b| b.0);
        vperm::decrypt_bytes(&self.0, [&mut a, &mut b]);
        for (out, block) in blocks.get_out().0.iter_mut().zip([a, b]) {
            out.0 = block;
        }
    }
}
