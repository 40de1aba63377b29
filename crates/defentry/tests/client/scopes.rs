//! Scope typing: the routes of each scope are methods of its client. That
//! the route of another scope does not compile is checked by the
//! `compile_fail,E0599` examples in the crate docs ("Scopes", `src/lib.rs`);
//! these are their compiling controls.

/// The route of both scopes is on both clients, and each scope's own routes
/// on its client; these compile.
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
