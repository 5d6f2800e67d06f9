#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine of this kind, from the package registries only.
# Idempotent: each step checks first and skips what is already there, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-split-cli cuts the lazy routes out of the main wasm (scripts/build-web.sh).
WASM_SPLIT_VERSION=0.2.4
WASM_SPLIT_SHA256=f6c1f994b196e31969f4cdbe37d051362659567efc0f5c90cb931a8a5cdc530f
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# --- Debian packages: the browser for tests, brotli for precompression, fonts so Chinese renders, a venv for
#     schemathesis (scripts/api-check.sh) --------------------------------------------------------------------
apt_packages=(chromium chromium-driver brotli sqlite3 fonts-noto-cjk wrk curl patch python3-venv)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  say "apt: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "apt: all packages present"
fi

# --- PostgreSQL, for the second store's test suite and the load benchmark (scripts/pg-throwaway.sh runs its
# own throwaway clusters). Best effort: where it cannot be installed, scripts/test.sh says SKIP loudly. -----
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "postgresql: present"
else
  say "apt: installing postgresql"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null; }; then
    say "postgresql could not be installed: the PostgreSQL store suite will be SKIPPED"
  fi
fi

# --- The wasm32 target: rustup first, Debian's Rust with its std source as the fallback ------------------
# The release web build compiles std itself (wasm_release_env in env.sh), so it needs the std source too.
if rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' &&
  rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  say "wasm32 target and std source: present"
elif [ -f .wasm-toolchain ]; then
  say "wasm32 target: Debian's rustc-web, as set up before"
elif timeout 120 rustup target add wasm32-unknown-unknown && timeout 120 rustup component add rust-src; then
  say "wasm32 target and std source: added by rustup"
else
  say "wasm32 target: rustup failed, using Debian's rustc-web (see shared/toolchain.md)"
  apt-get install -y -qq rustc-web cargo-web rust-web-src lld-22 >/dev/null
  rustup toolchain link debian-web /usr
  echo "debian-web" > .wasm-toolchain
fi

# --- Cargo tools at exact versions ---------------------------------------------------------------------
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "cargo: installing wasm-bindgen-cli $bindgen_version (about 2 minutes)"
  # Without --locked: its own lock names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --quiet
else
  say "wasm-bindgen-cli $bindgen_version: present"
fi
# wasm-split-cli, with our patch (scripts/wasm-split-within.patch) applied to the crate as crates.io serves it
# (checked against its checksum), built from a folder named after the patch's content. It has no --version: cargo's
# list of installed packages names that folder, so a changed patch is installed again.
patch_id=$(sha256sum < scripts/wasm-split-within.patch | cut -c1-12)
split_src="${CARGO_HOME:-$HOME/.cargo}/yidi-src/wasm_split_cli_support-$WASM_SPLIT_VERSION-within-$patch_id"
if ! cargo install --list | grep -qF "wasm_split_cli_support v$WASM_SPLIT_VERSION ($split_src)"; then
  say "cargo: installing wasm-split-cli $WASM_SPLIT_VERSION with our patch (about 4 minutes on 2 cores)"
  rm -rf "$split_src" && mkdir -p "$split_src"
  crate="$split_src/../wasm_split_cli_support-$WASM_SPLIT_VERSION.crate"
  curl -sSfL --retry 3 -o "$crate" \
    "https://static.crates.io/crates/wasm_split_cli_support/wasm_split_cli_support-$WASM_SPLIT_VERSION.crate"
  echo "$WASM_SPLIT_SHA256  $crate" | sha256sum -c --quiet
  tar xzf "$crate" -C "$split_src" --strip-components=1
  patch -s -p1 -d "$split_src" < scripts/wasm-split-within.patch
  cargo install --path "$split_src" --features build-binary --locked --quiet --force
else
  say "wasm-split-cli $WASM_SPLIT_VERSION with our patch: present"
fi

# --- npm packages from committed lock files --------------------------------------------------------------
npm_install() {
  local dir=$1
  local stamp="$dir/node_modules/.yidi-lock.sha256"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum < "$dir/package-lock.json")" ]; then
    say "npm: installing $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    sha256sum < "$dir/package-lock.json" > "$stamp"
  else
    say "npm: $dir up to date"
  fi
}
npm_install tools
npm_install e2e
say "done"
