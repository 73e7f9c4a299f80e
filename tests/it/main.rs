//! The integration tests: one test binary, one module per area (helpers are the `*_support`,
//! `common` and `kiosk_loop` modules). Tests that must run a process of their own re-run this
//! binary with an exact test name (`crate::child_test`).
#![allow(clippy::unwrap_used)] // test helpers as well as tests may unwrap: a failure is the test failing

mod common;
mod gateway_support;
mod kiosk_loop;
mod phone_support;
mod store_support;
mod ui_support;

mod audio_guide;
mod card_broken;
mod card_hostile;
mod card_in_memory;
mod check_in_memory;
mod clinic_hostile_files;
mod clinic_results;
mod clinic_xml;
mod demo_headless;
mod docs_references;
mod documents_rules;
mod end_to_end;
mod face;
mod face_visit;
mod faults_card_pulled;
mod fixtures_realism;
mod flow;
mod flow_face;
mod flow_phone;
mod flow_properties;
mod gateway;
mod gateway_attacks;
mod gateway_face;
mod gateway_failures;
mod gateway_insurance;
mod logging;
mod offline;
mod offline_checks;
mod offline_store_refused;
mod opensc;
mod outbox_replay_crash;
mod phone_in_memory;
mod phone_real_stack;
mod reader_recovery;
mod real_stack;
mod result_file_mode;
mod secrets_debug;
mod secrets_new_paths;
mod sim_card;
mod staff_checks;
mod staff_desk;
mod store;
mod store_audit;
mod store_bad_files;
mod store_crash;
mod store_full_disk;
mod store_keyed;
mod store_locked;
mod store_open_race;
mod ui;
mod ui_face;
mod ui_keyboard;
mod ui_languages;
mod ui_phone;
mod ui_staff;
mod vpcd_link;
