//! 409 `filing_in_effect`: a new filing refused because the person already has one of its kind in effect.
//!
//! Anyone may type someone else's ID number, so the answer must not turn the ID number into a way of learning a
//! stranger's filing number: the number comes back only to whoever also gives the filed name and mobile number.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::extract::say;
use super::store::StoredFiling;
use crate::domain::category::FilingKind;
use crate::domain::filing::{FilingNumber, Person, same_name_and_phone};
use crate::domain::lang::Lang;

/// The refusal, ready to answer.
pub struct InEffect {
    kind: FilingKind,
    /// The filing in effect, shown only to its own person.
    number: Option<FilingNumber>,
    lang: Lang,
}

/// The refusal of a new filing for `asker` (as they typed it) while `standing` is in effect; without an asker
/// the number is never shown.
pub fn refusal(standing: &StoredFiling, asker: Option<&Person>, lang: Lang) -> InEffect {
    let own = asker.is_some_and(|asker| same_name_and_phone(asker, &standing.request.person));
    InEffect {
        kind: standing.request.category.kind(),
        number: own.then(|| standing.number.clone()),
        lang,
    }
}

impl InEffect {
    fn message(&self) -> String {
        let lang = self.lang;
        let (zh, en) = (self.kind.name(Lang::Zh), self.kind.name(Lang::En));
        match &self.number {
            Some(number) => say(
                lang,
                &format!(
                    "这个身份证号码已有一条{zh}备案有效（备案号 {number}），同一人同类备案只能有一条有效。需要改就医地或日期的，请变更这条备案；不再需要的，先取消再重新备案。"
                ),
                &format!(
                    "A {en} filing is already in effect for this ID number (filing number {number}), and a person can hold only one of each kind. To change the place or dates, change that filing; if it is no longer needed, cancel it and file again."
                ),
            ),
            None => say(
                lang,
                &format!(
                    "这个身份证号码已有一条{zh}备案有效，同一人同类备案只能有一条有效。请用那条备案的备案号查询，再变更或取消；找不到备案号的，请联系参保地医保经办机构。"
                ),
                &format!(
                    "A {en} filing is already in effect for this ID number, and a person can hold only one of each kind. Look it up with its filing number to change or cancel it; without the number, call the insured place's medical insurance office."
                ),
            ),
        }
    }
}

#[derive(Serialize)]
struct Body {
    error: Detail,
    #[serde(skip_serializing_if = "Option::is_none")]
    filing: Option<Number>,
}

/// The API's one error shape.
#[derive(Serialize)]
struct Detail {
    code: &'static str,
    message: String,
    field: Option<&'static str>,
}

#[derive(Serialize)]
struct Number {
    number: String,
}

impl IntoResponse for InEffect {
    fn into_response(self) -> Response {
        let body = Body {
            error: Detail {
                code: "filing_in_effect",
                message: self.message(),
                field: None,
            },
            filing: self.number.as_ref().map(|number| Number {
                number: number.to_string(),
            }),
        };
        let mut response = (StatusCode::CONFLICT, Json(body)).into_response();
        // It may name a filing of the person's: no shared cache keeps it.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::store::contract;

    fn standing() -> StoredFiling {
        let filed = contract::new_filing("k", 1);
        StoredFiling {
            number: FilingNumber::from_random(7),
            request: filed.request,
            valid_until: None,
            settles_directly: true,
            locked_until: None,
            created_at: filed.at,
            cancelled: false,
            history: vec![],
            version: 1,
            points: vec![],
            points_service: None,
        }
    }

    async fn body(refusal: InEffect) -> serde_json::Value {
        let response = refusal.into_response();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn the_number_goes_to_the_filed_name_and_phone_only() {
        let standing = standing();
        let number = standing.number.to_string();
        let mut asker = standing.request.person.clone();
        asker.phone = format!(" {} ", asker.phone);
        let own = body(refusal(&standing, Some(&asker), Lang::En)).await;
        assert_eq!(own["error"]["code"], "filing_in_effect");
        assert_eq!(own["error"]["field"], serde_json::Value::Null);
        assert_eq!(own["filing"]["number"], number.as_str());
        assert!(own["error"]["message"].as_str().unwrap().contains(&number));
        assert!(
            own["error"]["message"]
                .as_str()
                .unwrap()
                .contains("long-term")
        );

        asker.phone = "13700001111".into();
        let other_phone = body(refusal(&standing, Some(&asker), Lang::Zh)).await;
        let mut stranger = standing.request.person.clone();
        stranger.name = "李四".into();
        let other_name = body(refusal(&standing, Some(&stranger), Lang::Zh)).await;
        let nobody = body(refusal(&standing, None, Lang::Zh)).await;
        for withheld in [&other_phone, &other_name, &nobody] {
            assert_eq!(withheld["error"]["code"], "filing_in_effect");
            assert!(withheld.get("filing").is_none(), "{withheld}");
            assert!(!withheld.to_string().contains(&number), "{withheld}");
            assert!(
                withheld["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("长期备案有效")
            );
        }
        assert_eq!(other_phone, other_name, "one answer whatever was wrong");
    }
}
