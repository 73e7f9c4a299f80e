use super::*;

#[test]
fn roles() {
    assert_eq!("admin".parse(), Ok(Role::Admin));
    assert_eq!("staff".parse(), Ok(Role::Staff));
    assert_eq!(
        "root".parse::<Role>(),
        Err(StaffError::BadRole("root".into()))
    );
    assert_eq!(Role::default(), Role::Staff);
    for role in [Role::Staff, Role::Admin] {
        assert_eq!(role.code().parse(), Ok(role));
    }
}

#[test]
fn hash_parts_are_written_and_read_back() {
    let iterations = NonZeroU32::new(1000).unwrap();
    let (salt, hash) = ([7u8; SALT_LEN], [9u8; HASH_LEN]);
    let encoded = encode_hash("pbkdf2-sha256", iterations, &salt, &hash);
    assert_eq!(
        encoded,
        "pbkdf2-sha256$1000$BwcHBwcHBwcHBwcHBwcHBw$CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk"
    );
    assert_eq!(
        HashParts::parse(&encoded),
        Ok(HashParts {
            scheme: "pbkdf2-sha256",
            iterations,
            salt: salt.to_vec(),
            hash: hash.to_vec(),
        })
    );
    for bad in [
        "",
        "pbkdf2-sha256$1000$abc",
        "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "pbkdf2-sha256$x$BwcHBwcHBwcHBwcHBwcHBw$CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk",
        "pbkdf2-sha256$1000$$CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk",
        "pbkdf2-sha256$1000$BwcHBwcHBwcHBwcHBwcHBw$AAAA",
        "pbkdf2-sha256$1000$BwcHBwcHBwcHBwcHBwcHBw==$CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk",
        &format!("{encoded}$x"),
    ] {
        assert_eq!(HashParts::parse(bad), Err(StaffError::BadHash), "{bad}");
    }
}

#[test]
fn lock_out_after_failures_and_release_after_the_time() {
    let lock = LockOut::new(3, Duration::from_secs(300), 3);
    let t0 = OffsetDateTime::now_utc();
    let at = |secs: i64| t0 + time::Duration::seconds(secs);
    let mut suzuki = LockState::default();
    assert_eq!(lock.check(&mut suzuki, t0), None);
    assert_eq!(lock.record(&mut suzuki, false, t0), Attempt::Wrong);
    assert_eq!(lock.tries_left(&suzuki), 2);
    assert_eq!(lock.record(&mut suzuki, false, t0), Attempt::Wrong);
    assert_eq!(lock.tries_left(&suzuki), 1);
    assert_eq!(
        lock.record(&mut suzuki, false, t0),
        Attempt::LockedOut { seconds: 300 }
    );
    assert_eq!(
        lock.check(&mut suzuki, at(61)),
        Some(Attempt::LockedOut { seconds: 239 })
    );
    assert_eq!(lock.check(&mut suzuki, at(301)), None);
    assert_eq!(suzuki.failures, 0, "a fresh count");
    assert_eq!(suzuki.lockouts, 1, "the lock-out is remembered");
    assert_eq!(lock.record(&mut suzuki, false, at(302)), Attempt::Wrong);
    assert_eq!(lock.tries_left(&suzuki), 2);
    // A success resets everything.
    assert_eq!(lock.record(&mut suzuki, true, at(303)), Attempt::Accepted);
    assert_eq!(suzuki, LockState::default());
    assert_eq!(lock.record(&mut suzuki, false, at(304)), Attempt::Wrong);
    assert_eq!(lock.tries_left(&suzuki), 2);
}

#[test]
fn lock_outs_grow_and_the_last_one_needs_an_admin() {
    let lock = LockOut::new(2, Duration::from_secs(300), 3);
    let mut t = OffsetDateTime::now_utc();
    let mut sato = LockState::default();
    let lock_out = |sato: &mut LockState, t: OffsetDateTime| {
        assert_eq!(lock.check(sato, t), None);
        assert_eq!(lock.record(sato, false, t), Attempt::Wrong);
        assert_eq!(lock.tries_left(sato), 1);
        lock.record(sato, false, t)
    };
    assert_eq!(lock_out(&mut sato, t), Attempt::LockedOut { seconds: 300 });
    t += time::Duration::minutes(5);
    assert_eq!(lock_out(&mut sato, t), Attempt::LockedOut { seconds: 600 });
    assert_eq!(
        lock.check(&mut sato, t + time::Duration::minutes(9)),
        Some(Attempt::LockedOut { seconds: 60 })
    );
    t += time::Duration::minutes(10);
    assert_eq!(lock_out(&mut sato, t), Attempt::NeedsAdmin);
    // No time ends it; the right secret is not even checked.
    assert_eq!(
        lock.check(&mut sato, t + time::Duration::days(365)),
        Some(Attempt::NeedsAdmin)
    );
    assert!(sato.needs_admin && sato.locked_until.is_none());
    assert_eq!(
        lock.duration(40),
        Duration::from_secs(300).saturating_mul(u32::MAX)
    );
}

#[test]
fn lock_out_escalates_then_needs_an_admin() {
    let policy = LockOut {
        max_failures: 2,
        lockout: Duration::from_secs(60),
        max_lockouts: 3,
    };
    let mut state = LockState::default();
    let t0 = OffsetDateTime::UNIX_EPOCH;
    assert_eq!(policy.record(&mut state, false, t0), Attempt::Wrong);
    assert_eq!(
        policy.record(&mut state, false, t0),
        Attempt::LockedOut { seconds: 60 }
    );
    assert!(policy.check(&mut state, t0).is_some());
    let t1 = t0 + Duration::from_secs(61);
    assert_eq!(policy.check(&mut state, t1), None);
    assert_eq!(policy.record(&mut state, false, t1), Attempt::Wrong);
    assert_eq!(
        policy.record(&mut state, false, t1),
        Attempt::LockedOut { seconds: 120 }
    );
    let t2 = t1 + Duration::from_secs(121);
    assert_eq!(policy.check(&mut state, t2), None);
    policy.record(&mut state, false, t2);
    assert_eq!(policy.record(&mut state, false, t2), Attempt::NeedsAdmin);
    assert_eq!(
        policy.check(&mut state, t2 + Duration::from_secs(86_400)),
        Some(Attempt::NeedsAdmin)
    );
    // A success clears everything.
    let mut state = LockState {
        failures: 1,
        lockouts: 1,
        ..LockState::default()
    };
    assert_eq!(policy.record(&mut state, true, t2), Attempt::Accepted);
    assert_eq!(state, LockState::default());
}

#[test]
fn a_policy_of_zero_still_allows_one_try() {
    let lock = LockOut::new(0, Duration::from_secs(60), 0);
    assert_eq!((lock.max_failures, lock.max_lockouts), (1, 1));
    let mut state = LockState::default();
    assert_eq!(
        lock.check(&mut state, OffsetDateTime::UNIX_EPOCH),
        None,
        "never locked before a try"
    );
    assert_eq!(
        lock.record(&mut state, true, OffsetDateTime::UNIX_EPOCH),
        Attempt::Accepted
    );
}
