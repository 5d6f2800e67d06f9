//! A QR code drawn as SVG in the page (no image download, nothing for the CSP to allow).

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// The quiet zone around the code, in modules, as scanners expect.
const QUIET: i32 = 4;

/// One SVG path of every dark module, and the side of the square it is drawn in.
fn path_of(text: &str) -> Option<(String, i32)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut d = String::with_capacity((size * size) as usize * 4);
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                d.push_str(&format!("M{} {}h1v1h-1z", x + QUIET, y + QUIET));
            }
        }
    }
    Some((d, size + 2 * QUIET))
}

/// Renders `text` as a QR code; `label` names it for screen readers.
#[component]
pub fn QrSvg(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] stale: Signal<bool>,
) -> impl IntoView {
    let drawn = Memo::new(move |_| path_of(&text.get()));
    move || {
        drawn.get().map(|(d, side)| {
            view! {
                <svg
                    class="qr"
                    class:qr--stale=move || stale.get()
                    role="img"
                    aria-label=move || label.get()
                    viewBox=format!("0 0 {side} {side}")
                    shape-rendering="crispEdges"
                >
                    <rect width=side.to_string() height=side.to_string() fill="#fff" />
                    <path d=d fill="#000" />
                </svg>
            }
        })
    }
}
