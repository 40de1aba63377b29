//! Item 2: every body the SDKs read into memory stops at the configured
//! limit, while streaming; a `ByteStream` the caller streams is not limited.
//! The server counts the body bytes it managed to write: with a 1 MiB limit
//! and a 1 GiB body, far less than the body reaches the client.

use futures_util::StreamExt;

use super::server::{Hostile, Reply};
use super::{CRMCOM_BASE, FORMATS, TestResult, crmcom_config, crmcom_key, crmcom_ok};

const LIMIT: usize = 1 << 20;
const GIB: u64 = 1 << 30;
/// What the server may write before the client stops reading: the limit plus
/// socket buffers (a few MiB on loopback), far below the 1 GiB offered.
const MOST_WRITTEN: u64 = 48 << 20;

fn endless(status: u16) -> Reply {
    Reply::Endless {
        status,
        content_type: "application/json",
        total: GIB,
    }
}

#[tokio::test]
async fn defentry_stops_reading_at_the_limit() -> TestResult {
    for format in FORMATS {
        let config = |server: &Hostile| {
            defentry::Config::new(&server.url).map(|c| {
                c.with_format(format)
                    .with_max_body_bytes(LIMIT)
                    .with_retry(defentry::RetryPolicy::default())
            })
        };
        // A typed success body, an error body (throttling in the format's
        // words, so the retry policy looks at it), a login response.
        let throttled = if format == defentry::Format::Legacy {
            409
        } else {
            429
        };
        for status in [200, throttled, 500] {
            let server = Hostile::start(move |_| endless(status)).await?;
            let app = defentry::AppClient::with_token(&config(&server)?, "t")?;
            let error = app.get_delete_my_data_scan_status().send().await.err();
            match error {
                Some(
                    ref e @ defentry::Error::Failure(defentry::Failure::BodyTooLarge {
                        status: s,
                        limit,
                    }),
                ) => {
                    assert_eq!((s, limit), (status, LIMIT));
                    assert!(e.to_string().contains("1048576"), "{e}");
                }
                other => return Err(format!("{format:?} {status}: {other:?}").into()),
            }
            assert!(
                server.written() < MOST_WRITTEN,
                "{format:?} {status}: {} bytes",
                server.written()
            );
            assert_eq!(
                server.received().len(),
                1,
                "a body over the limit is not retried"
            );
        }

        let server = Hostile::start(|_| endless(200)).await?;
        let login = defentry::CrmClient::login(&config(&server)?, "svc", "pw", false).await;
        assert!(
            matches!(
                login,
                Err(defentry::Error::Failure(
                    defentry::Failure::BodyTooLarge { .. }
                ))
            ),
            "{format:?}: {:?}",
            login.err()
        );
        assert!(
            server.written() < MOST_WRITTEN,
            "{} bytes",
            server.written()
        );

        // An undocumented success body: `read_json` applies the limit ...
        let server = Hostile::start(|_| endless(200)).await?;
        let crm = defentry::CrmClient::with_token(&config(&server)?, "t")?;
        let response = crm.list_account_alarms().account_id(1).send().await?;
        let read = defentry::read_json_limited(response, LIMIT).await;
        assert!(
            matches!(
                read,
                Err(defentry::Error::Failure(defentry::Failure::BodyTooLarge {
                    status: 200,
                    ..
                }))
            ),
            "{read:?}"
        );
        assert!(
            server.written() < MOST_WRITTEN,
            "{} bytes",
            server.written()
        );

        // ... while the caller may stream it whole.
        let total = 4 * LIMIT as u64;
        let server = Hostile::start(move |_| Reply::Endless {
            status: 200,
            content_type: "application/octet-stream",
            total,
        })
        .await?;
        let crm = defentry::CrmClient::with_token(&config(&server)?, "t")?;
        let response = crm.list_account_alarms().account_id(1).send().await?;
        let mut stream = response.into_inner().into_inner();
        let mut streamed = 0u64;
        while let Some(chunk) = stream.next().await {
            streamed += chunk?.len() as u64;
        }
        assert!(streamed > total, "streamed {streamed} of {total}");
    }
    Ok(())
}

#[tokio::test]
async fn crmcom_stops_reading_at_the_limit() -> TestResult {
    let server = Hostile::start(|_| endless(200)).await?;
    let config = crmcom_config(&server)?.with_max_body_bytes(LIMIT);
    let login = crmcom::Session::login(&config, crmcom_key()).await;
    assert!(
        matches!(
            login,
            Err(crmcom::Error::Failure(crmcom::Failure::BodyTooLarge {
                status: 200,
                limit: LIMIT
            }))
        ),
        "{:?}",
        login.err()
    );
    assert!(
        server.written() < MOST_WRITTEN,
        "{} bytes",
        server.written()
    );

    let server = Hostile::start(|request| {
        if request.path.ends_with("/web_api_key/token") {
            crmcom_ok(serde_json::json!({"token": "tok"}))
        } else {
            endless(500)
        }
    })
    .await?;
    let config = crmcom_config(&server)?.with_max_body_bytes(LIMIT);
    let session = crmcom::Session::login(&config, crmcom_key()).await?;
    let got = session.get("contacts/list", &[]).await;
    assert!(
        matches!(
            got,
            Err(crmcom::Error::Failure(crmcom::Failure::BodyTooLarge {
                status: 500,
                limit: LIMIT
            }))
        ),
        "{got:?}"
    );
    assert!(
        server.written() < MOST_WRITTEN,
        "{} bytes",
        server.written()
    );
    assert_eq!(server.count(&format!("{CRMCOM_BASE}/contacts/list")), 1);
    Ok(())
}

#[tokio::test]
async fn dfns_stops_reading_at_the_limit() -> TestResult {
    for status in [200, 409] {
        let server = Hostile::start(move |_| endless(status)).await?;
        let config = dfns::Config::new(&server.url)?.with_max_body_bytes(LIMIT);
        let client = dfns::DfnsClient::with_token(&config, "t")?;
        let got = client.list_personal_access_tokens().send().await;
        assert!(
            matches!(got, Err(dfns::Error::Failure(dfns::Failure::BodyTooLarge { status: s, limit: LIMIT })) if s == status),
            "{:?}",
            got.err()
        );
        assert!(
            server.written() < MOST_WRITTEN,
            "{} bytes",
            server.written()
        );
    }
    Ok(())
}
