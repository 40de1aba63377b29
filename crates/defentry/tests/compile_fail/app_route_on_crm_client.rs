// An app-only route (GET /api/v1/alarms/{alarmId}) is not on the CRM client.
fn main() {
    let config = defentry::Config::new("https://api.example.com").unwrap();
    let crm = defentry::CrmClient::with_token(&config, "t").unwrap();
    let _ = crm.get_alarm();
}
