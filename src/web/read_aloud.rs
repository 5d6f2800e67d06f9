//! 语音阅读 (reading aloud), which the elder-friendly website specification asks of care mode
//! (docs/care-mode.md): the browser's own speech synthesis reads the page's main content, a line at a time (one
//! long utterance is cut off after about fifteen seconds in Chromium), in the page's language. Nothing leaves the
//! device: the browser speaks with its own voices.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::use_i18n;
use crate::domain::lang::Lang;
use crate::web::router::use_location;

/// The lines `main` shows, in order: the visible text of its parts but this button, without empty or repeated lines.
fn lines_of_main() -> Vec<String> {
    let Some(main) = document().get_element_by_id("main") else {
        return Vec::new();
    };
    let parts = main.children();
    let mut lines: Vec<String> = Vec::new();
    for part in (0..parts.length()).filter_map(|i| parts.item(i)) {
        if part.class_list().contains("read-aloud") {
            continue;
        }
        let Ok(part) = part.dyn_into::<web_sys::HtmlElement>() else {
            continue;
        };
        for line in part.inner_text().lines().map(str::trim) {
            if !line.is_empty() && lines.last().map(String::as_str) != Some(line) {
                lines.push(line.to_owned());
            }
        }
    }
    lines
}

/// Reads `lines` aloud; `done` runs when the last has been spoken (or speech failed).
fn speak(
    synth: &web_sys::SpeechSynthesis,
    lines: &[String],
    lang: Lang,
    done: impl FnOnce() + 'static,
) {
    synth.cancel();
    let tag = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let mut done = Some(done);
    for (i, line) in lines.iter().enumerate() {
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(line) else {
            continue;
        };
        utterance.set_lang(tag);
        utterance.set_rate(0.9);
        if i + 1 == lines.len()
            && let Some(done) = done.take()
        {
            let on_end = wasm_bindgen::closure::Closure::once_into_js(done);
            utterance.set_onend(Some(on_end.unchecked_ref()));
        }
        synth.speak(&utterance);
    }
    if let Some(done) = done {
        done();
    }
}

/// "朗读本页": shown in care mode where the browser can speak. Reads the page from its heading; pressed again, or
/// on leaving the page or care mode, it stops.
#[component]
pub fn ReadAloud(care: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let Ok(synth) = window().speech_synthesis() else {
        return ().into_any();
    };
    let speaking = RwSignal::new(false);
    let stop = {
        let synth = synth.clone();
        move || {
            synth.cancel();
            speaking.set(false);
        }
    };
    let location = use_location();
    Effect::new({
        let stop = stop.clone();
        move |previous: Option<(String, bool)>| {
            let now = (location.pathname.get(), care.get());
            if previous.is_some_and(|p| p != now) && speaking.get_untracked() {
                stop();
            }
            now
        }
    });
    let on_click = move |_| {
        if speaking.get_untracked() {
            stop();
            return;
        }
        let lines = lines_of_main();
        speaking.set(true);
        speak(&synth, &lines, i18n.lang(), move || speaking.set(false));
    };
    view! {
        <Show when=move || care.get()>
            <button type="button" class="read-aloud" aria-pressed=move || if speaking.get() { "true" } else { "false" } on:click=on_click.clone()>
                // A speaker drawn, not an emoji: not every phone (nor headless Chromium) has an emoji font.
                <svg class="read-aloud__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                    <path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor" />
                    <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
                {move || if speaking.get() { i18n.t().read_aloud_stop } else { i18n.t().read_aloud }}
            </button>
        </Show>
    }
    .into_any()
}
