// A CRM route (POST /api/v1/account) is not on the app client.
fn main() {
    let config = defentry::Config::new("https://api.example.com").unwrap();
    let app = defentry::AppClient::with_token(&config, "t").unwrap();
    let _ = app.create_account();
}
