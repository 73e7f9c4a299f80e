//! Every patient screen, in every language, at 1280×800 and in large-text mode (the same
//! panel at 1.25× zoom: 1024×640 points), with and without the demo panel on the idle screen:
//! every text lies inside the window and no two texts overlap (issue 18 part 6). The texts are
//! the labels egui reports (their bounds, as a screen reader gets them).

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use myna_kiosk::reception::view::{DemoPanel, Language, Screen, View};
use myna_kiosk::ui::egui::{Rect, Role, pos2};
use myna_kiosk::ui::{self, LARGE_TEXT_ZOOM, RenderOptions, show_view};

use crate::ui_support::{State, every_screen, i18n, settle, system_fonts, testable};

/// A harness of `size` points at `ppp` pixels per point (large text: the zoom).
fn harness(size: [f32; 2], ppp: f32) -> Harness<'static, State> {
    let fonts = system_fonts();
    Harness::builder()
        .with_size(size)
        .with_pixels_per_point(ppp)
        .with_context_setup(move |ctx| ui::install(ctx, fonts))
        .build_ui_state(
            |ui, state: &mut State| {
                show_view(ui, &state.view, i18n(), state.options, &mut state.events)
            },
            State {
                view: View::default(),
                options: RenderOptions::default(),
                events: Vec::new(),
            },
        )
}

fn demo_panel() -> DemoPanel {
    DemoPanel {
        profiles: (0..16)
            .map(|i| (format!("profile-{i}"), "a card for the demo".to_owned()))
            .collect(),
        inserted: None,
    }
}

/// The texts on screen that leave the window or overlap another, described.
fn problems(h: &Harness<'static, State>, window: Rect, demo: bool) -> Vec<String> {
    // The demo panel (staff's, 300 points on the right) scrolls its list of cards.
    let patient = Rect::from_min_max(
        window.min,
        pos2(window.max.x - if demo { 300.0 } else { 0.0 }, window.max.y),
    );
    let labels: Vec<(String, Rect)> = h
        .query_all_by(|n| n.role() == Role::Label)
        .filter(|n| n.rect().min.x < patient.max.x)
        // A label's text is its accesskit value.
        .map(|n| {
            let node = n.accesskit_node();
            let text = node.value().or_else(|| node.label()).unwrap_or_default();
            (text, n.rect())
        })
        .filter(|(text, _)| !text.trim().is_empty())
        .collect();
    let mut found = Vec::new();
    if labels.is_empty() {
        found.push("no texts found to check".to_owned());
    }
    for (i, (text, rect)) in labels.iter().enumerate() {
        if !window.expand(1.0).contains_rect(*rect) {
            found.push(format!("{text:?} leaves the window: {rect:?}"));
        }
        for (other, other_rect) in &labels[i + 1..] {
            let overlap = rect.intersect(*other_rect);
            if overlap.is_positive() && overlap.area() > 4.0 {
                found.push(format!("{text:?} overlaps {other:?}"));
            }
        }
    }
    found
}

#[test]
fn every_patient_text_is_inside_the_window_and_overlaps_no_other() {
    let modes = [
        ("1280×800", [1280.0, 800.0], 1.0),
        (
            "large text",
            [1280.0 / LARGE_TEXT_ZOOM, 800.0 / LARGE_TEXT_ZOOM],
            LARGE_TEXT_ZOOM,
        ),
    ];
    let mut all = Vec::new();
    for language in Language::ALL {
        if !testable(language) {
            continue;
        }
        for (mode, size, ppp) in modes {
            let window = Rect::from_min_max(pos2(0.0, 0.0), pos2(size[0], size[1]));
            let mut h = harness(size, ppp);
            let mut cases: Vec<(Screen, bool)> = every_screen()
                .into_iter()
                .map(|(s, _, _)| (s, false))
                .collect();
            cases.push((Screen::Idle, true));
            for (screen, demo) in cases {
                let state = h.state_mut();
                state.view = View {
                    language,
                    screen: screen.clone(),
                    demo: demo.then(demo_panel),
                    ..View::default()
                };
                state.view.assist.large_text = ppp > 1.0;
                settle(&mut h);
                for problem in problems(&h, window, demo) {
                    let panel = if demo { " with the demo panel" } else { "" };
                    all.push(format!(
                        "{} {mode}{panel}, {screen:?}: {problem}",
                        language.tag()
                    ));
                }
            }
        }
    }
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}
