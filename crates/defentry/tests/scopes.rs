//! Scope typing: calling a route through the client of another scope does
//! not compile (the expected compiler messages are in `compile_fail/`). Bless
//! new messages with `TRYBUILD=overwrite cargo test -p defentry --test scopes`.

#[test]
fn routes_of_another_scope_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}

/// The route of both scopes is on both clients; these compile.
#[allow(dead_code)]
fn both_scopes_have_list_alarms(
    crm: &defentry::CrmClient,
    app: &defentry::AppClient,
    public: &defentry::PublicClient,
) {
    let _ = crm.list_alarms();
    let _ = app.list_alarms();
    let _ = crm.create_account();
    let _ = app.get_alarm();
    let _ = public.crm_login();
    let _ = public.create_sso_token();
}
