//! What the `no_std` WebAssembly module (feature `module`) needs of its own.

#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// No input reaches a panic (library code has no unwrap, expect or unchecked indexing); should
/// one happen anyway, trap without formatting a message: no panic message formatting is linked.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
