# Sourced by the scripts: puts the project's tools on PATH and chooses the wasm toolchain.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/tools/node_modules/binaryen/bin:$HOME/.cargo/bin:$PATH"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Only where setup had to fall back to Debian's Rust for wasm (shared/toolchain.md): build std for wasm.
wasm_env() {
  if [ -f "$ROOT/.wasm-toolchain" ]; then
    export RUSTUP_TOOLCHAIN="$(cat "$ROOT/.wasm-toolchain")" RUSTC_BOOTSTRAP=1 \
      CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld
  fi
}
