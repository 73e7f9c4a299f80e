//! The staff desk end to end without a window: the worker thread loop with the demo's in-process
//! gateway and a real store, a virtual card, and staff members added with a real PBKDF2 hash, on a
//! manual clock (the auto-lock and the lock-out run out without sleeping); and
//! `myna-kiosk staff add/list/remove` on a real store.

use crate::common;

use std::num::NonZeroU32;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use myna_kiosk::app::{VirtualReader, start_demo_gateway};
use myna_kiosk::clock::ManualClock;
use myna_kiosk::config::StaffConfig;
use myna_kiosk::reception::desk::{
    LoginMessage, LoginResult, StaffPage, StaffPin, StaffReason, StaffScreen, StaffUi,
};
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::staff_auth::hash_pin;
use myna_kiosk::reception::view::{Notice, Screen, UiEvent, View};
use myna_kiosk::reception::worker::Worker;
use time::OffsetDateTime;

/// Waits for the first view that `done` accepts; panics with the last one after 15 s.
fn until(views: &mpsc::Receiver<View>, done: impl Fn(&View) -> bool) -> View {
    let mut last = None;
    while let Ok(view) = views.recv_timeout(Duration::from_secs(15)) {
        if done(&view) {
            return view;
        }
        last = Some(view);
    }
    panic!("no such view; last: {last:?}");
}

fn login_message(view: &View) -> Option<LoginMessage> {
    match view.staff.as_ref().map(|s| &s.screen) {
        Some(StaffScreen::Login { message, .. }) => *message,
        _ => None,
    }
}

#[test]
fn referral_sign_in_lock_out_lists_and_auto_lock() {
    let gateway = start_demo_gateway(&common::fixtures()).unwrap();
    let iterations = NonZeroU32::new(10_000).unwrap();
    for (id, pin) in [("suzuki", "24681012"), ("tanaka", "13579111")] {
        let store = &gateway.offline.store;
        let hash = hash_pin(
            &StaffPin::parse(pin).unwrap(),
            iterations,
            store.staff_pepper(),
        )
        .unwrap();
        store.staff_set(id, None, &hash).unwrap();
    }
    let reader = VirtualReader::default();
    let staff = StaffConfig {
        max_failures: 2,
        lockout_minutes: 5,
        max_lockouts: 3,
        idle_lock_seconds: 10,
        call_command: vec![],
        call_repeat_seconds: 60,
    };
    let clock = ManualClock::frozen();
    let worker = Worker::new(reader.clone(), gateway.client)
        .with_offline(gateway.offline)
        .with_staff(&staff)
        .with_clock(clock.clone());
    let (tx, rx) = mpsc::channel();
    let (view_tx, views) = mpsc::channel();
    let thread = std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
    let send = |input| tx.send(input).unwrap();
    let staff_ui = |ui| Input::Ui(UiEvent::Staff(ui));

    // A card with a locked PIN: the patient is sent to staff, and a case waits.
    reader.put(Some(
        myna_kiosk::sim::load_card(&common::profile("pin-locked"), OffsetDateTime::now_utc())
            .unwrap(),
    ));
    send(Input::CardInserted);
    until(&views, |v| v.screen == Screen::Notice(Notice::PinLocked));

    // suzuki: two wrong PINs lock suzuki out; the right PIN is then not even checked.
    send(staff_ui(StaffUi::Open));
    until(&views, |v| v.staff.is_some());
    send(staff_ui(StaffUi::SelectMember(0)));
    let type_pin = |pin: &str| {
        for d in pin.bytes() {
            send(staff_ui(StaffUi::Digit(d - b'0')));
        }
        send(staff_ui(StaffUi::Submit));
    };
    type_pin("11111111");
    until(&views, |v| {
        login_message(v) == Some(LoginMessage::Result(LoginResult::Wrong { tries_left: 1 }))
    });
    type_pin("22222222");
    until(&views, |v| {
        login_message(v) == Some(LoginMessage::Result(LoginResult::LockedOut { minutes: 5 }))
    });
    type_pin("24681012");
    let view = until(&views, |v| {
        matches!(login_message(v), Some(LoginMessage::Result(_)))
    });
    assert_eq!(
        login_message(&view),
        Some(LoginMessage::Result(LoginResult::LockedOut { minutes: 5 }))
    );

    // tanaka is not locked out, signs in and sees the case with its reason.
    send(staff_ui(StaffUi::SelectMember(1)));
    type_pin("13579111");
    let view = until(&views, |v| {
        matches!(
            v.staff.as_ref().map(|s| &s.screen),
            Some(StaffScreen::Cases { .. })
        )
    });
    let Some(StaffScreen::Cases { member, cases }) = view.staff.map(|s| s.screen) else {
        unreachable!()
    };
    assert_eq!(member, "tanaka");
    assert_eq!(
        cases.iter().map(|c| c.reason).collect::<Vec<_>>(),
        [StaffReason::PinLocked]
    );
    send(staff_ui(StaffUi::Page(StaffPage::Today)));
    until(&views, |v| {
        matches!(
            v.staff.as_ref().map(|s| &s.screen),
            Some(StaffScreen::Today {
                visits: Some(Ok(_)),
                ..
            })
        )
    });
    send(staff_ui(StaffUi::Page(StaffPage::Outbox)));
    send(staff_ui(StaffUi::RetryOutbox));
    until(&views, |v| {
        matches!(
            v.staff.as_ref().map(|s| &s.screen),
            Some(StaffScreen::Outbox { entries: Some(Ok(rows)), retried: Some(0), .. }) if rows.is_empty()
        )
    });
    // Left alone, the desk locks itself and its lists leave the screen: not after 9 s, after 10.
    let patience = Duration::from_secs(15);
    clock.pass(Duration::from_secs(9), patience).unwrap();
    assert!(
        views.try_iter().all(|v| v.staff.is_some()),
        "the desk locked itself before its 10 s"
    );
    clock.pass(Duration::from_secs(1), patience).unwrap();
    until(&views, |v| v.staff.is_none());

    // suzuki's lock-out ends 5 minutes after it began: the right PIN is checked again.
    clock.pass(Duration::from_secs(5 * 60), patience).unwrap();
    send(staff_ui(StaffUi::Open));
    send(staff_ui(StaffUi::SelectMember(0)));
    type_pin("24681012");
    let view = until(&views, |v| {
        matches!(
            v.staff.as_ref().map(|s| &s.screen),
            Some(StaffScreen::Cases { .. })
        )
    });
    assert!(
        matches!(view.staff.map(|s| s.screen), Some(StaffScreen::Cases { member, .. }) if member == "suzuki")
    );
    drop(tx);
    thread.join().unwrap();
}

fn kiosk(config: &std::path::Path, args: &[&str], stdin: &str) -> (i32, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .arg("--config")
        .arg(config)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{stdin}").unwrap();
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), text)
}

#[test]
fn staff_members_are_added_listed_and_removed_by_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let keygen = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .args(["keygen", "--kiosk-id", "t", "--out"])
        .arg(d)
        .output()
        .unwrap();
    assert!(keygen.status.success());
    let config = d.join("kiosk.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\npath = \"{}\"\ndata_key = \"{}\"\n",
            d.join("kiosk.sqlite").display(),
            d.join("data.key").display()
        ),
    )
    .unwrap();
    let (code, out) = kiosk(
        &config,
        &["staff", "add", "suzuki", "--pin-stdin"],
        "24681012",
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = kiosk(&config, &["staff", "add", "tanaka", "--pin-stdin"], "1234");
    assert_eq!(code, 64, "{out}");
    assert!(out.contains("6-12 digits"), "{out}");
    let (code, out) = kiosk(&config, &["staff", "list"], "");
    assert_eq!((code, out.trim()), (0, "suzuki\tstaff"));
    // Only a PBKDF2 hash is stored: the PIN is nowhere in the database.
    let bytes = std::fs::read(d.join("kiosk.sqlite")).unwrap();
    let wal = std::fs::read(d.join("kiosk.sqlite-wal")).unwrap_or_default();
    for file in [&bytes, &wal] {
        assert!(!file.windows(8).any(|w| w == b"24681012"));
    }
    // Roles and the admin's unlock from the command line (audited).
    let (code, out) = kiosk(
        &config,
        &["staff", "add", "sato", "--pin-stdin", "--role", "admin"],
        "13579111",
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = kiosk(
        &config,
        &["staff", "add", "kato", "--pin-stdin", "--role", "root"],
        "13579111",
    );
    assert_eq!(code, 2, "{out}");
    let (code, out) = kiosk(&config, &["staff", "list"], "");
    assert_eq!((code, out.trim()), (0, "sato\tadmin\nsuzuki\tstaff"));
    {
        let store =
            myna_kiosk::store::Store::open(&d.join("kiosk.sqlite"), &d.join("data.key")).unwrap();
        let state = myna_kiosk::reception::staff_auth::LockState {
            lockouts: 3,
            needs_admin: true,
            ..Default::default()
        };
        store.staff_set_lock_state("suzuki", &state).unwrap();
    }
    let (code, out) = kiosk(&config, &["staff", "list"], "");
    assert_eq!(
        (code, out.trim()),
        (0, "sato\tadmin\nsuzuki\tstaff, locked")
    );
    let (code, out) = kiosk(&config, &["staff", "unlock", "suzuki"], "");
    assert_eq!(code, 0, "{out}");
    let (code, out) = kiosk(&config, &["staff", "unlock", "nobody"], "");
    assert_eq!(code, 1, "{out}");
    let (code, out) = kiosk(&config, &["staff", "list"], "");
    assert_eq!((code, out.trim()), (0, "sato\tadmin\nsuzuki\tstaff"));
    let (code, _) = kiosk(&config, &["staff", "remove", "sato"], "");
    assert_eq!(code, 0);
    let (code, out) = kiosk(&config, &["staff", "remove", "nobody"], "");
    assert_eq!(code, 1, "{out}");
    let (code, _) = kiosk(&config, &["staff", "remove", "suzuki"], "");
    assert_eq!(code, 0);
    let (code, out) = kiosk(&config, &["staff", "list"], "");
    assert_eq!((code, out.trim()), (0, ""));
    let (code, out) = kiosk(&config, &["audit", "verify"], "");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_lock_out_survives_a_restart_of_the_kiosk() {
    use myna_kiosk::reception::desk::{DeskEffect, DeskEvent};
    use myna_kiosk::reception::worker::Offline;
    use myna_kiosk::store::Store;
    let gateway = start_demo_gateway(&common::fixtures()).unwrap();
    let hash = hash_pin(
        &StaffPin::parse("24681012").unwrap(),
        NonZeroU32::new(10_000).unwrap(),
        gateway.offline.store.staff_pepper(),
    )
    .unwrap();
    gateway
        .offline
        .store
        .staff_set("suzuki", None, &hash)
        .unwrap();
    let staff = StaffConfig {
        max_failures: 2,
        lockout_minutes: 5,
        max_lockouts: 3,
        idle_lock_seconds: 60,
        call_command: vec![],
        call_repeat_seconds: 60,
    };
    let reopen = |offline: &Offline| Offline {
        store: Store::open(
            offline.store.path(),
            &gateway.dir.path().join("keys/data.key"),
        )
        .unwrap(),
        ..*offline
    };
    let check = |worker: &mut Worker<VirtualReader, _>, pin: &str| {
        let effect = DeskEffect::VerifyPin {
            member: "suzuki".into(),
            pin: StaffPin::parse(pin).unwrap(),
        };
        match worker.run_desk(effect) {
            Some(DeskEvent::Login { result, .. }) => result,
            other => panic!("{other:?}"),
        }
    };
    let second = reopen(&gateway.offline);
    let mut worker = Worker::new(VirtualReader::default(), gateway.client)
        .with_offline(gateway.offline)
        .with_staff(&staff);
    assert_eq!(
        check(&mut worker, "11111111"),
        LoginResult::Wrong { tries_left: 1 }
    );
    assert_eq!(
        check(&mut worker, "11111111"),
        LoginResult::LockedOut { minutes: 5 }
    );
    drop(worker);

    // The kiosk restarts on the same store: suzuki is still locked out, even with the right PIN.
    let client = myna_kiosk::app::start_demo_gateway(&common::fixtures())
        .unwrap()
        .client;
    let mut worker = Worker::new(VirtualReader::default(), client)
        .with_offline(second)
        .with_staff(&staff);
    assert_eq!(
        check(&mut worker, "24681012"),
        LoginResult::LockedOut { minutes: 5 }
    );
}

/// Runs `event` through the desk and every effect through the worker until nothing is left.
fn drive<G: myna_kiosk::reception::worker::Gateway>(
    desk: &mut myna_kiosk::reception::desk::Desk,
    worker: &mut Worker<VirtualReader, G>,
    event: myna_kiosk::reception::desk::DeskEvent,
) {
    let mut events = vec![event];
    while let Some(event) = events.pop() {
        for effect in desk.step(event) {
            events.extend(worker.run_desk(effect));
        }
    }
}

fn desk_sign_in<G: myna_kiosk::reception::worker::Gateway>(
    desk: &mut myna_kiosk::reception::desk::Desk,
    worker: &mut Worker<VirtualReader, G>,
    member: usize,
    pin: &str,
) {
    use myna_kiosk::reception::desk::DeskEvent;
    for ui in [StaffUi::Open, StaffUi::SelectMember(member)]
        .into_iter()
        .chain(pin.bytes().map(|d| StaffUi::Digit(d - b'0')))
        .chain([StaffUi::Submit])
    {
        drive(desk, worker, DeskEvent::Ui(ui));
    }
}

/// A member locked out for good is unlocked by an admin at the desk (as `staff unlock` does,
/// in the admin's name), then signs in again; a plain member's unlock is refused by the worker
/// even if the desk were bypassed; the audit chain verifies.
#[test]
fn an_admin_unlocks_a_member_at_the_desk() {
    use myna_kiosk::reception::desk::{Desk, DeskEffect, DeskEvent, LockedMember};
    use myna_kiosk::reception::staff_auth::Role;
    let gateway = start_demo_gateway(&common::fixtures()).unwrap();
    let store = &gateway.offline.store;
    for (id, role, pin) in [
        ("sato", Role::Admin, "13579111"),
        ("suzuki", Role::Staff, "24681012"),
    ] {
        let hash = hash_pin(
            &StaffPin::parse(pin).unwrap(),
            NonZeroU32::new(10_000).unwrap(),
            store.staff_pepper(),
        )
        .unwrap();
        store.staff_set(id, Some(role), &hash).unwrap();
    }
    let db = gateway.offline.store.path().to_owned();
    // One wrong PIN is the last lock-out: only an admin unlocks.
    let staff = StaffConfig {
        max_failures: 1,
        lockout_minutes: 5,
        max_lockouts: 1,
        idle_lock_seconds: 60,
        call_command: vec![],
        call_repeat_seconds: 60,
    };
    let mut worker = Worker::new(VirtualReader::default(), gateway.client)
        .with_offline(gateway.offline)
        .with_staff(&staff);
    let login = |desk: &Desk| match desk.view().map(|v| v.screen) {
        Some(StaffScreen::Login { message, .. }) => message,
        other => panic!("{other:?}"),
    };
    let mut desk = Desk::default();
    desk_sign_in(&mut desk, &mut worker, 1, "11111111");
    assert_eq!(
        login(&desk),
        Some(LoginMessage::Result(LoginResult::NeedsAdmin))
    );
    desk_sign_in(&mut desk, &mut worker, 1, "24681012");
    assert_eq!(
        login(&desk),
        Some(LoginMessage::Result(LoginResult::NeedsAdmin))
    );

    // suzuki is no admin: the worker refuses an unlock in that name, and nothing changes.
    let refused = worker.run_desk(DeskEffect::Unlock {
        actor: "suzuki".into(),
        member: "suzuki".into(),
    });
    assert!(
        matches!(&refused, Some(DeskEvent::Unlocked(Err(e))) if e.contains("not an admin")),
        "{refused:?}"
    );

    // sato, the admin, signs in, sees suzuki locked out for good and unlocks.
    drive(&mut desk, &mut worker, DeskEvent::Ui(StaffUi::Close));
    desk_sign_in(&mut desk, &mut worker, 0, "13579111");
    assert!(desk.is_open() && desk.view().unwrap().admin);
    drive(
        &mut desk,
        &mut worker,
        DeskEvent::Ui(StaffUi::Page(StaffPage::Unlock)),
    );
    let Some(StaffScreen::Unlock { form, .. }) = desk.view().map(|v| v.screen) else {
        panic!("{:?}", desk.view())
    };
    assert_eq!(
        form.locked,
        Some(Ok(vec![LockedMember {
            name: "suzuki".into(),
            needs_admin: true,
            until: None,
        }]))
    );
    drive(
        &mut desk,
        &mut worker,
        DeskEvent::Ui(StaffUi::Unlock("suzuki".into())),
    );
    let Some(StaffScreen::Unlock { form, .. }) = desk.view().map(|v| v.screen) else {
        panic!("{:?}", desk.view())
    };
    assert_eq!(form.done, Some(Ok("suzuki".into())));
    assert_eq!(form.locked, Some(Ok(vec![])), "the list loaded again");

    // suzuki signs in again with the right PIN.
    drive(&mut desk, &mut worker, DeskEvent::Ui(StaffUi::Close));
    desk_sign_in(&mut desk, &mut worker, 1, "24681012");
    assert!(desk.is_open() && !desk.view().unwrap().admin);
    drive(
        &mut desk,
        &mut worker,
        DeskEvent::Ui(StaffUi::Page(StaffPage::Unlock)),
    );
    assert!(matches!(
        desk.view().map(|v| v.screen),
        Some(StaffScreen::Cases { .. })
    ));
    drop(worker);

    // One unlock in the audit log, by a staff member (the name sealed), and the chain verifies.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let unlocks: Vec<String> = conn
        .prepare("SELECT actor FROM audit WHERE action = 'staff_unlocked'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(unlocks, ["staff"]);
    let store =
        myna_kiosk::store::Store::open(&db, &gateway.dir.path().join("keys/data.key")).unwrap();
    store.verify_audit().unwrap();
}
