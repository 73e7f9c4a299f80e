//! The simulator's vpcd link against a stand-in vpcd listener: framing, control codes,
//! re-attaching after vpcd restarts, pulling the card after N APDUs and re-inserting it.
//! (The real pcscd + vpcd path is in real_stack.rs.)

use crate::common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use myna_kiosk::sim::vpcd::{Control, Link};
use time::OffsetDateTime;

fn send(stream: &mut TcpStream, payload: &[u8]) {
    let mut frame = (payload.len() as u16).to_be_bytes().to_vec();
    frame.extend_from_slice(payload);
    stream.write_all(&frame).unwrap();
}

/// `None` when the card side closed the connection.
fn receive(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).ok()?;
    let mut payload = vec![0u8; u16::from_be_bytes(len) as usize];
    stream.read_exact(&mut payload).ok()?;
    Some(payload)
}

fn accept(listener: &TcpListener) -> TcpStream {
    let (stream, _) = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

const SELECT_JPKI: [u8; 15] = [
    0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
];

fn start(pull_after: Option<u64>) -> (TcpListener, Link, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let card =
        myna_kiosk::sim::load_card(&common::profile("normal"), OffsetDateTime::now_utc()).unwrap();
    let link = Link::new("127.0.0.1", port, pull_after);
    let runner = link.clone();
    let thread = std::thread::spawn(move || runner.run(card, None).unwrap());
    (listener, link, thread)
}

#[test]
fn answers_atr_and_apdus_and_reattaches_after_vpcd_restarts() {
    let (listener, link, thread) = start(None);
    let port = listener.local_addr().unwrap().port();
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &[4]);
    assert_eq!(
        receive(&mut vpcd).unwrap(),
        // The `normal` profile's ATR: a My Number Card on a contact reader (src/sim/atr.rs).
        [
            0x3B, 0xC5, 0xFF, 0x81, 0x31, 0xFB, 0x45, 0x80, 0x73, 0xC6, 0x01, 0x00, 0x00
        ]
    );
    send(&mut vpcd, &[1]); // power on
    send(&mut vpcd, &SELECT_JPKI);
    assert_eq!(receive(&mut vpcd).unwrap(), [0x90, 0x00]);

    // vpcd goes away (pcscd restart) and comes back on the same port.
    drop(vpcd);
    drop(listener);
    std::thread::sleep(Duration::from_millis(300));
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &[4]);
    assert_eq!(receive(&mut vpcd).unwrap().len(), 13, "the ATR again");

    link.control(Control::Quit);
    thread.join().unwrap();
}

#[test]
fn pulls_the_card_after_n_apdus_and_reinserts_it() {
    let (listener, link, thread) = start(Some(2));
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &[4]); // control codes are not APDUs and do not count
    assert!(receive(&mut vpcd).is_some());
    send(&mut vpcd, &SELECT_JPKI);
    assert_eq!(receive(&mut vpcd).unwrap(), [0x90, 0x00]);
    send(&mut vpcd, &[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A]);
    assert_eq!(
        receive(&mut vpcd).unwrap(),
        [0x90, 0x00],
        "the Nth APDU is still answered"
    );
    send(&mut vpcd, &[0x00, 0xB0, 0x00, 0x00, 0x04]);
    assert_eq!(receive(&mut vpcd), None, "then the card is out");

    link.control(Control::Insert);
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &SELECT_JPKI);
    assert_eq!(receive(&mut vpcd).unwrap(), [0x90, 0x00]);
    link.control(Control::Quit);
    thread.join().unwrap();
}
