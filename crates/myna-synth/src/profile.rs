//! The front of a card profile's holder (`fixtures/cards/*.toml`, `[holder]`): the demo's
//! card-front camera shows the very card the demo puts on the reader, so that the code read is
//! the one its chip expects.

use std::path::Path;

use serde::Deserialize;
use time::Date;
use time::macros::format_description;

use crate::card_front::{BirthPrint, CardFront, Renderer};
use crate::photograph::{self, Conditions, Shot};
use crate::{DEVELOPMENT_SEED, SynthError};

#[derive(Deserialize)]
struct Profile {
    holder: Holder,
}

#[derive(Deserialize)]
struct Holder {
    name: String,
    address: String,
    birth_date: String,
    sex: String,
    card_expiry: String,
    security_code: String,
}

/// The card front of the profile at `path`.
pub fn holder_front(path: &Path) -> Result<CardFront, SynthError> {
    let bad = |why: String| SynthError::Profile(format!("{}: {why}", path.display()));
    let text =
        std::fs::read_to_string(path).map_err(|e| SynthError::Io(path.display().to_string(), e))?;
    let holder = toml::from_str::<Profile>(&text)
        .map_err(|e| bad(e.to_string()))?
        .holder;
    let date = |s: &str| {
        Date::parse(s, format_description!("[year]-[month]-[day]"))
            .map_err(|e| bad(format!("{s}: {e}")))
    };
    let code = holder
        .security_code
        .parse()
        .ok()
        .filter(|_| holder.security_code.len() == 4)
        .ok_or_else(|| {
            bad(format!(
                "security_code {:?}: not 4 digits",
                holder.security_code
            ))
        })?;
    // Split the address in two printed lines at about half, on a character boundary.
    let half = holder.address.chars().count().div_ceil(2);
    let first: String = holder.address.chars().take(half).collect();
    let second: String = holder.address.chars().skip(half).collect();
    Ok(CardFront {
        birth: date(&holder.birth_date)?,
        birth_print: BirthPrint::Era,
        expiry: date(&holder.card_expiry)?,
        code,
        pad_digits: true,
        name: holder.name,
        address: [first, second],
        sex: if holder.sex == "2" { "女" } else { "男" },
    })
}

/// `count` frames of `card` held to the camera, near and clean ([`Conditions::near`]), at 10 a
/// second.
pub fn front_frames(
    card: &CardFront,
    renderer: &Renderer,
    count: usize,
) -> Result<Vec<Shot>, SynthError> {
    let rendered = renderer.render(card, DEVELOPMENT_SEED)?;
    photograph::shoot_frames(
        &rendered.picture,
        DEVELOPMENT_SEED,
        &Conditions::near(),
        count,
    )
}
