// Routes that need a token are not on the public client.
fn main() {
    let config = defentry::Config::new("https://api.example.com").unwrap();
    let public = defentry::PublicClient::new(&config).unwrap();
    let _ = public.list_alarms();
}
