//! The kiosk window takes the keyboard focus itself (issue 18 part 7). A dedicated kiosk often
//! runs its one window on an X display with no window manager; there nobody gives the window
//! the input focus, a touch does not either, and digits typed on a keyboard or ten-key go
//! nowhere: a blind patient would type their PIN into nothing. So the app asks for the focus
//! at start, when it is shown again, and when a visit begins without it: through the window
//! manager where there is one (`ViewportCommand::Focus`, which winit sends as
//! `_NET_ACTIVE_WINDOW`), and directly with `SetInputFocus` on X11, which works without one.

use std::time::{Duration, Instant};

use eframe::egui;

/// How often, and how many times in a row, the focus is asked for until the window has it.
const RETRY: Duration = Duration::from_millis(250);
const TRIES: u32 = 40;

/// Follows the window's state frame by frame and asks for the focus when it should have it.
#[derive(Debug)]
pub(crate) struct FocusKeeper {
    /// When to ask next; `None` while nothing is to be done.
    next: Option<Instant>,
    tries: u32,
    shown: bool,
    idle: bool,
}

impl Default for FocusKeeper {
    fn default() -> Self {
        FocusKeeper {
            // At start: ask at once.
            next: Some(Instant::now()),
            tries: 0,
            shown: true,
            idle: true,
        }
    }
}

impl FocusKeeper {
    /// Call once a frame; `idle` is whether the idle screen is shown (a visit begins when it
    /// goes).
    pub(crate) fn follow(&mut self, ctx: &egui::Context, frame: &eframe::Frame, idle: bool) {
        let (focused, minimized) = ctx.input(|i| {
            let viewport = i.viewport();
            (
                viewport.focused.unwrap_or(false),
                viewport.minimized.unwrap_or(false),
            )
        });
        let now = Instant::now();
        if minimized {
            self.shown = false;
            return;
        }
        let shown_again = !std::mem::replace(&mut self.shown, true);
        let visit_began = std::mem::replace(&mut self.idle, idle) && !idle;
        if shown_again || visit_began {
            self.next = Some(now);
            self.tries = 0;
        }
        if focused {
            self.next = None;
            return;
        }
        let Some(next) = self.next else { return };
        if now < next {
            ctx.request_repaint_after(next - now);
            return;
        }
        if self.tries >= TRIES {
            tracing::warn!(
                "the kiosk window could not take the keyboard focus: typed digits will not \
                 reach it (see docs/operators.md, the kiosk display)"
            );
            self.next = None;
            return;
        }
        self.tries += 1;
        take(ctx, frame);
        self.next = Some(now + RETRY);
        ctx.request_repaint_after(RETRY);
    }
}

/// Asks for the focus: from a window manager, and from the X server itself.
fn take(ctx: &egui::Context, frame: &eframe::Frame) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
    #[cfg(target_os = "linux")]
    if let Some(window) = x11_window(frame)
        && let Err(e) = x11::set_input_focus(window)
    {
        // Not mapped yet (BadMatch) or no X server: asked again on the next try.
        tracing::debug!("SetInputFocus: {e}");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = frame;
}

/// The X11 window id of the kiosk window, when it is one.
#[cfg(target_os = "linux")]
fn x11_window(frame: &eframe::Frame) -> Option<u32> {
    use raw_window_handle::{HasWindowHandle, RawWindowHandle};
    match frame.window_handle().ok()?.as_raw() {
        RawWindowHandle::Xlib(handle) => u32::try_from(handle.window).ok(),
        RawWindowHandle::Xcb(handle) => Some(handle.window.get()),
        _ => None,
    }
}

#[cfg(target_os = "linux")]
mod x11 {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, InputFocus};

    /// `SetInputFocus` on `window` over a connection of our own to `$DISPLAY` (focus returns to
    /// the parent, the root, if the window goes away).
    pub(super) fn set_input_focus(window: u32) -> Result<(), String> {
        let (conn, _) = x11rb::connect(None).map_err(|e| e.to_string())?;
        conn.set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME)
            .map_err(|e| e.to_string())?
            .check()
            .map_err(|e| e.to_string())?;
        conn.flush().map_err(|e| e.to_string())
    }
}
