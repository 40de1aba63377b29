//! The CRM flow of the Defentry docs: log in as the service account, create an
//! account, watch an email and a phone, list the account's alarms, close one,
//! log out.
//!
//! ```sh
//! DEFENTRY_API_DOMAIN=https://api.example.com \
//! DEFENTRY_USERNAME=acme-backend-integration@partner.com DEFENTRY_PASSWORD=… \
//! [DEFENTRY_FORMAT=legacy] [DEFENTRY_ALARM_ID=7] \
//! cargo run -p defentry --example quickstart
//! ```
//!
//! Against the replay mock: `cargo xtask mock --port 4010`, then
//! `DEFENTRY_API_DOMAIN=http://127.0.0.1:4010 DEFENTRY_USERNAME=u DEFENTRY_PASSWORD=p DEFENTRY_ALARM_ID=7`.

use std::process::ExitCode;

use defentry::types::{AccountCreate, EmailWatchlistItemCreate, PhoneWatchlistItemCreate};
use defentry::{Config, CrmClient, Error, Format};

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let domain = env("DEFENTRY_API_DOMAIN")?;
    let base_url = if domain.contains("://") {
        domain
    } else {
        format!("https://{domain}")
    };
    let format = match std::env::var("DEFENTRY_FORMAT").as_deref() {
        Ok("standardized") | Err(_) => Format::default(),
        Ok(name) => Format::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!(
                "DEFENTRY_FORMAT must be one of {} (or standardized), not {name}",
                names.join(", ")
            )
        })?,
    };
    let config = Config::new(&base_url)?.with_format(format);
    println!("API {base_url}, {format:?} format");

    let crm = CrmClient::login(
        &config,
        &env("DEFENTRY_USERNAME")?,
        env("DEFENTRY_PASSWORD")?,
        true,
    )
    .await?;
    println!("logged in as the service account (keep_logged)");

    let account = AccountCreate::builder()
        .first_name("John".to_owned())
        .last_name("Doe".to_owned())
        .email("john.doe@example.com")
        .phone("+46701234567".to_owned())
        .country_code("SE".to_owned())
        .lang_code("SV".to_owned())
        .plan_id(1_i64)
        .type_("SINGLE".to_owned());
    let created = crm.create_account().body(account).send().await?;
    let account_id = &created.data.id;
    println!("created account {account_id}");

    let email = crm
        .add_account_email_watchlist_item()
        .account_id(account_id)
        .body(EmailWatchlistItemCreate {
            email: "john.doe@example.com".into(),
        })
        .send()
        .await?;
    println!("watching john.doe@example.com (HTTP {})", email.status());
    let phone = crm
        .add_account_phone_watchlist_item()
        .account_id(account_id)
        .body(PhoneWatchlistItemCreate {
            phone: "+46701234567".into(),
        })
        .send()
        .await?;
    println!("watching +46701234567 (HTTP {})", phone.status());

    // The alarm list's body is not documented: it is returned unparsed.
    let alarms = crm
        .list_account_alarms()
        .account_id(account_id)
        .send()
        .await?;
    println!(
        "listed the account's alarms (HTTP {}, body not documented)",
        alarms.status()
    );

    match std::env::var("DEFENTRY_ALARM_ID").ok() {
        Some(alarm_id) => {
            // A GET that changes state: the retry policy never repeats it.
            let closed = crm
                .close_account_alarm()
                .account_id(account_id)
                .alarm_id(alarm_id.as_str())
                .send()
                .await?;
            println!("closed alarm {alarm_id} (HTTP {})", closed.status());
        }
        None => println!(
            "set DEFENTRY_ALARM_ID to close an alarm (the list's shape is not documented, so none is picked)"
        ),
    }

    crm.logout().await?;
    println!("logged out");
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match error.downcast_ref::<Error>() {
                Some(Error::Api(api)) => eprintln!("quickstart: {api} (code {})", api.code),
                _ => eprintln!("quickstart: {error}"),
            }
            ExitCode::FAILURE
        }
    }
}
