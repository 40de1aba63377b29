//! The SDKs against a deliberately hostile loopback server, one test per
//! hardening item of issue 13, in each crate where the code path exists:
//! redirects, body size limits, server text in `Display`, a failed login
//! again, echoed secrets, credential headers in `Debug`, transport errors.

mod hostile;
