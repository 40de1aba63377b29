//! Item 6: `ApiError`'s `Debug` hides headers that can carry credentials,
//! and shows the others.

use serde_json::json;

use super::server::{Hostile, Reply};
use super::{FORMATS, TestResult};

#[tokio::test]
async fn defentry_api_error_debug_hides_credential_headers() -> TestResult {
    for format in FORMATS {
        let server = Hostile::start(|_| {
            Reply::json(401, &json!({"message": "Unauthenticated."}))
                .with_header("Set-Cookie", "laravel_session=cookie-secret-1; HttpOnly")
                .with_header("Set-Cookie", "XSRF-TOKEN=cookie-secret-2")
                .with_header(
                    "WWW-Authenticate",
                    "Bearer realm=\"api\", token=\"challenge-secret\"",
                )
                .with_header("X-Request-Id", "req-77")
        })
        .await?;
        let config = defentry::Config::new(&server.url)?.with_format(format);
        let app = defentry::AppClient::with_token(&config, "t")?;
        let error = app
            .get_delete_my_data_scan_status()
            .send()
            .await
            .err()
            .ok_or("no error")?;
        let debug = format!("{error:?}");
        for secret in ["cookie-secret-1", "cookie-secret-2", "challenge-secret"] {
            assert!(!debug.contains(secret), "{format:?}: {secret} in {debug}");
        }
        assert!(
            debug.contains("req-77"),
            "{format:?}: other headers stay: {debug}"
        );
        let api = error.api().ok_or("not an ApiError")?;
        assert_eq!(
            api.headers.get_all("set-cookie").iter().count(),
            2,
            "still readable"
        );
    }
    Ok(())
}
