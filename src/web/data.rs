//! The shared data files (`/data/*.json`) as the pages read them.

use super::tasks::yield_to_browser;

/// Fetches the data file at `url` and reads it with `read`; `None` when it cannot be fetched or read. Then gives
/// the browser its turn: reading a file and the page's update from it are each a short task of their own.
pub async fn read_data_file<T>(url: &str, read: impl FnOnce(&str) -> Option<T>) -> Option<T> {
    let read = fetch_text(url).await.and_then(|text| read(&text));
    yield_to_browser().await;
    read
}

async fn fetch_text(url: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}
