//! Expanded keys and the `cipher` backends that run blocks through them.

use crate::vperm::{self, ExpandedKey, RoundKeys};
use cipher::consts::{U1, U16, U4};
use cipher::inout::InOut;
use cipher::{
    Block, BlockCipherDecBackend, BlockCipherEncBackend, BlockSizeUser, ParBlocks,
    ParBlocksSizeUser,
};
use zeroize::Zeroize;

/// Blocks decrypted at once. CBC decryption hands over independent blocks; run round by round,
/// their dependency chains overlap. Measured in Node 20 (1 MiB CBC decrypt): one block at a
/// time 77 ns/block, two 65, four 58, eight 59 (see the README).
type DecParBlocks = U4;

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
}

impl DecKeys {
    pub(crate) fn new(words: &ExpandedKey) -> Self {
        Self(vperm::decryption_keys(words))
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

// `inline(always)`: left out of line, the block function sat behind a call with its tables
// rebuilt on every block, and CBC decryption in V8 took 107 ns a block instead of 81.
impl BlockCipherEncBackend for EncKeys {
    #[inline(always)]
    fn encrypt_block(&self, mut block: InOut<'_, '_, Block<Self>>) {
        let out = vperm::encrypt_block(&self.0, &block.get_in().0);
        block.get_out().0 = out;
    }
}

impl BlockCipherDecBackend for DecKeys {
    #[inline(always)]
    fn decrypt_block(&self, mut block: InOut<'_, '_, Block<Self>>) {
        let [out] = vperm::decrypt_blocks(&self.0, [block.get_in().0]);
        block.get_out().0 = out;
    }

    #[inline(always)]
    fn decrypt_par_blocks(&self, mut blocks: InOut<'_, '_, ParBlocks<Self>>) {
        let input = blocks.get_in().0.map(|b| b.0);
        let output = vperm::decrypt_blocks(&self.0, input);
        for (out, block) in blocks.get_out().0.iter_mut().zip(output) {
            out.0 = block;
        }
    }
}
