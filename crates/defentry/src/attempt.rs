//! What the request loop of the hooks does after each response: return it,
//! log in again, or retry after a wait. A pure decision (no I/O, no clock,
//! no randomness: the jitter is an input), so every rule is tested as a
//! table; the loop in `hooks.rs` only carries the steps out.

use std::time::Duration;

use crate::RetryPolicy;

/// What the loop knows about the request so far.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttemptState<'a> {
    /// Attempts sent so far, the first included (a resend after a login
    /// again does not count).
    pub(crate) attempt: u32,
    /// Whether this request logged in again already (once at most).
    pub(crate) logged_in_again: bool,
    /// Whether the request can be sent again (its body could be cloned).
    pub(crate) can_resend: bool,
    /// Whether the client's credentials are a session that can log in again.
    pub(crate) has_session: bool,
    /// Whether the operation is idempotent: only those are retried.
    pub(crate) idempotent: bool,
    /// The retry policy; `None`: retries are off.
    pub(crate) retry: Option<&'a RetryPolicy>,
}

/// What the last attempt got.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Outcome {
    /// A 401, its body not read yet.
    Unauthorized,
    /// Any other response, its body read (or stopped at the limit).
    Answered {
        /// The body was larger than the limit.
        too_large: bool,
        /// Throttled or unavailable: 429, 503, or a legacy throttling 409.
        retryable: bool,
        /// The wait the response's `Retry-After` asks for.
        retry_after: Option<Duration>,
        /// A draw in `0..1` that spreads the backoff (see [`RetryPolicy`]).
        jitter: f64,
    },
}

/// What the loop does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Hand the response to progenitor.
    Return,
    /// Log in again, then send the request again.
    Relogin,
    /// Wait, then send the request again.
    Retry {
        /// How long to wait.
        after: Duration,
    },
}

/// The next step after `outcome`, given `state`.
pub(crate) fn next_step(state: &AttemptState<'_>, outcome: &Outcome) -> Step {
    match *outcome {
        Outcome::Unauthorized => {
            if state.has_session && state.can_resend && !state.logged_in_again {
                Step::Relogin
            } else {
                Step::Return
            }
        }
        Outcome::Answered {
            too_large,
            retryable,
            retry_after,
            jitter,
        } => {
            let Some(policy) = state.retry else {
                return Step::Return;
            };
            let allowed = state.idempotent
                && state.can_resend
                && state.attempt < policy.max_attempts
                && !too_large
                && retryable;
            match policy.delay_with_jitter(state.attempt, retry_after, jitter) {
                Some(after) if allowed => Step::Retry { after },
                _ => Step::Return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(2),
    };

    fn state(retry: Option<&RetryPolicy>) -> AttemptState<'_> {
        AttemptState {
            attempt: 1,
            logged_in_again: false,
            can_resend: true,
            has_session: true,
            idempotent: true,
            retry,
        }
    }

    fn answered(retryable: bool, retry_after: Option<u64>) -> Outcome {
        Outcome::Answered {
            too_large: false,
            retryable,
            retry_after: retry_after.map(Duration::from_secs),
            jitter: 1.0,
        }
    }

    fn ms(ms: u64) -> Step {
        Step::Retry {
            after: Duration::from_millis(ms),
        }
    }

    #[test]
    fn a_401_logs_in_again_once_with_a_session_and_a_resendable_request() {
        let base = state(None);
        let cases = [
            ("session", base, Step::Relogin),
            (
                "logged in again already",
                AttemptState {
                    logged_in_again: true,
                    ..base
                },
                Step::Return,
            ),
            (
                "no session (fixed token)",
                AttemptState {
                    has_session: false,
                    ..base
                },
                Step::Return,
            ),
            (
                "body cannot be cloned",
                AttemptState {
                    can_resend: false,
                    ..base
                },
                Step::Return,
            ),
            (
                "not idempotent: still logs in again",
                AttemptState {
                    idempotent: false,
                    ..base
                },
                Step::Relogin,
            ),
        ];
        for (name, state, expected) in cases {
            assert_eq!(
                next_step(&state, &Outcome::Unauthorized),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn retries_follow_the_policy() {
        let on = state(Some(&POLICY));
        let cases = [
            (
                "retries off",
                state(None),
                answered(true, None),
                Step::Return,
            ),
            (
                "not retryable (200, 404, conflict 409)",
                on,
                answered(false, None),
                Step::Return,
            ),
            ("throttled: base delay", on, answered(true, None), ms(100)),
            (
                "second retry doubles",
                AttemptState { attempt: 2, ..on },
                answered(true, None),
                ms(200),
            ),
            (
                "attempts used up",
                AttemptState { attempt: 3, ..on },
                answered(true, None),
                Step::Return,
            ),
            (
                "not idempotent (POST)",
                AttemptState {
                    idempotent: false,
                    ..on
                },
                answered(true, None),
                Step::Return,
            ),
            (
                "body cannot be cloned",
                AttemptState {
                    can_resend: false,
                    ..on
                },
                answered(true, None),
                Step::Return,
            ),
            (
                "Retry-After within max_delay",
                on,
                answered(true, Some(2)),
                ms(2000),
            ),
            (
                "Retry-After past max_delay: give up",
                on,
                answered(true, Some(3)),
                Step::Return,
            ),
            (
                "body over the limit",
                on,
                Outcome::Answered {
                    too_large: true,
                    retryable: true,
                    retry_after: None,
                    jitter: 1.0,
                },
                Step::Return,
            ),
            (
                "jitter halves the wait at most",
                on,
                Outcome::Answered {
                    too_large: false,
                    retryable: true,
                    retry_after: None,
                    jitter: 0.0,
                },
                ms(50),
            ),
        ];
        for (name, state, outcome, expected) in cases {
            assert_eq!(next_step(&state, &outcome), expected, "{name}");
        }
    }
}
