//! Synthetic My Number Card fronts: the values printed (birth date, expiry, security code,
//! synthetic name and address) and the card rendered at 856×540 (10 px/mm), the three fields
//! inside the bands of `myna_face::ocr::layout` (UNCONFIRMED positions: the table there is the
//! one source of them; this module only keeps its print inside them).

use std::path::{Path, PathBuf};

use myna_face::Picture;
use myna_face::ocr::layout::{self, Band, CARD_HEIGHT, CARD_WIDTH, Field};
use myna_protocol::wareki;
use rand::{Rng, RngExt};
use time::Date;
use time::macros::date;

use crate::raster::{Canvas, Extent, Font, Rgb};
use crate::{SynthError, rng};

/// Debian's fonts-noto-cjk (installed by scripts/install-deps.sh); face 0 of each collection is
/// the Japanese one. Each card is printed in one of them, chosen by the seed (the card's own
/// typeface is UNCONFIRMED, docs/card-front-ocr.md §3).
pub const FONTS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
];

/// Pixels kept clear between a field's print and its band's edge: a finger in a virtual
/// photograph may touch this margin but never the print (`photograph::Conditions::keep_clear`).
pub const BAND_MARGIN: f32 = 10.0;

/// How the birth date is printed: the era form (Japanese nationals) or the Western one
/// (foreign residents; docs/card-front-ocr.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthPrint {
    Era,
    Western,
}

/// The values printed on one card front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFront {
    pub birth: Date,
    pub birth_print: BirthPrint,
    /// Expiry (printed in the Western form).
    pub expiry: Date,
    /// The 4-digit security code.
    pub code: u16,
    /// One-digit months, days and era years padded with a space (`令和 5年 1月 2日生`), or not.
    pub pad_digits: bool,
    /// Synthetic name and address lines (decoys: never inside a band).
    pub name: String,
    pub address: [String; 2],
    /// 男 or 女 (a decoy next to the birth date).
    pub sex: &'static str,
}

const SURNAMES: [&str; 16] = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
];
const GIVEN_NAMES: [&str; 16] = [
    "太郎", "花子", "健", "翔太", "陽菜", "結衣", "大輔", "美咲", "直樹", "由美", "一郎", "恵子",
    "拓也", "愛", "誠", "裕子",
];
/// Foreign residents' names as printed in Latin letters.
const LATIN_NAMES: [&str; 8] = [
    "SMITH JOHN",
    "NGUYEN VAN AN",
    "SILVA MARIA",
    "WANG FANG",
    "KIM MINJUN",
    "SANTOS ANA",
    "TRAN THI LAN",
    "GARCIA LUIS",
];
const PREFECTURES: [&str; 8] = [
    "東京都",
    "大阪府",
    "北海道",
    "神奈川県",
    "愛知県",
    "福岡県",
    "京都府",
    "埼玉県",
];
const CITIES: [&str; 8] = [
    "中央区",
    "北区",
    "南市",
    "港区",
    "緑区",
    "青葉区",
    "若葉市",
    "桜町",
];
const TOWNS: [&str; 8] = [
    "本町", "栄町", "旭町", "幸町", "緑町", "東町", "花園", "新田",
];
const BUILDINGS: [&str; 5] = [
    "",
    "サンハイツ",
    "コーポ青木",
    "グリーンマンション",
    "第二松風荘",
];

impl CardFront {
    /// Plausible random values: born 1925–2020 (mostly 昭和 and 平成, some 令和, a few 大正),
    /// about one card in ten printed in the Western form, expiring 2025–2036 on the birthday
    /// (an adult card runs to the tenth birthday after issue).
    pub fn random(seed: u64) -> Self {
        let mut r = rng(seed, 1);
        let first = date!(1925 - 01 - 01).to_julian_day();
        let last = date!(2020 - 12 - 31).to_julian_day();
        let birth =
            Date::from_julian_day(r.random_range(first..=last)).unwrap_or(date!(1980 - 02 - 17));
        let birth_print = if r.random_bool(0.1) {
            BirthPrint::Western
        } else {
            BirthPrint::Era
        };
        let expiry_year = r.random_range(2025..=2036);
        // On the birthday; 29 February becomes the 28th in a common year.
        let expiry = birth
            .replace_year(expiry_year)
            .or_else(|_| {
                birth
                    .replace_day(28)
                    .and_then(|d| d.replace_year(expiry_year))
            })
            .unwrap_or(birth);
        let name = match birth_print {
            BirthPrint::Western => pick(&mut r, &LATIN_NAMES).to_string(),
            BirthPrint::Era => format!(
                "{}　{}",
                pick(&mut r, &SURNAMES),
                pick(&mut r, &GIVEN_NAMES)
            ),
        };
        let address = [
            format!(
                "{}{}{}{}丁目{}番{}号",
                pick(&mut r, &PREFECTURES),
                pick(&mut r, &CITIES),
                pick(&mut r, &TOWNS),
                r.random_range(1..=9),
                r.random_range(1..=30),
                r.random_range(1..=20)
            ),
            match *pick(&mut r, &BUILDINGS) {
                "" => String::new(),
                b => format!("{b}{}号室", r.random_range(101..=512)),
            },
        ];
        Self {
            birth,
            birth_print,
            expiry,
            code: r.random_range(0..=9999),
            pad_digits: r.random_bool(0.5),
            name,
            address,
            sex: if r.random_bool(0.5) { "男" } else { "女" },
        }
    }

    /// 照合番号B as the chip expects it: the birth date in the era form `YYMMDD` (元年 = 01),
    /// the expiry year, the security code: 14 digits.
    ///
    /// UNCONFIRMED for Western-printed birth dates (foreign residents): no source says what the
    /// chip expects; converted to the era form here as issue 20 asks (docs/card-front-ocr.md §1).
    pub fn expected_code_b(&self) -> String {
        let yymmdd = wareki::era_yymmdd(self.birth).unwrap_or_default();
        format!("{yymmdd}{:04}{:04}", self.expiry.year(), self.code)
    }

    fn number(&self, n: i32) -> String {
        if self.pad_digits && n < 10 {
            format!(" {n}")
        } else {
            n.to_string()
        }
    }

    /// The birth date line as printed: `昭和55年 2月17日生`, `令和元年 5月 1日生`, `1980年 2月17日生`.
    pub fn birth_line(&self) -> String {
        let year = match (self.birth_print, wareki::era_year(self.birth)) {
            (BirthPrint::Era, Some((era, 1))) => format!("{}元", era.kanji()),
            (BirthPrint::Era, Some((era, n))) => format!("{}{}", era.kanji(), self.number(n)),
            _ => self.birth.year().to_string(),
        };
        format!("{year}年{}日生", self.month_day(self.birth))
    }

    /// The expiry line as printed: `2035年 2月17日まで有効`.
    pub fn expiry_line(&self) -> String {
        format!(
            "{}年{}日まで有効",
            self.expiry.year(),
            self.month_day(self.expiry)
        )
    }

    /// `2月17`: the month, 月 and the day.
    fn month_day(&self, date: Date) -> String {
        format!(
            "{}月{}",
            self.number(i32::from(u8::from(date.month()))),
            self.number(i32::from(date.day()))
        )
    }

    /// The security code as printed: four digits.
    pub fn code_line(&self) -> String {
        format!("{:04}", self.code)
    }

    /// What is printed in `field`'s band.
    pub fn printed(&self, field: Field) -> String {
        match field {
            Field::BirthDate => self.birth_line(),
            Field::Expiry => self.expiry_line(),
            Field::SecurityCode => self.code_line(),
        }
    }
}

fn pick<'a, T>(r: &mut impl Rng, from: &'a [T]) -> &'a T {
    &from[r.random_range(0..from.len())]
}

/// A rendered card and where the ink of each field went.
pub struct RenderedCard {
    pub picture: Picture,
    /// The ink box of each field printed, in card pixels.
    pub ink: Vec<(Field, Extent)>,
}

/// The fonts and the photos a card is printed with, loaded once.
pub struct Renderer {
    fonts: Vec<Font>,
    photos: Vec<PathBuf>,
}

impl Renderer {
    /// Opens the [`FONTS`]; the photos are the PNG files under `faces_dir` (the face fixtures,
    /// scripts/fetch-models.sh): none found gives a drawn silhouette instead.
    pub fn load(faces_dir: &Path) -> Result<Self, SynthError> {
        let fonts = FONTS
            .iter()
            .map(|p| Font::open(Path::new(p), 0))
            .collect::<Result<Vec<_>, _>>()?;
        let mut photos = Vec::new();
        collect_pngs(faces_dir, &mut photos);
        photos.sort();
        Ok(Self { fonts, photos })
    }

    /// How many photos the cards choose from (0: the silhouette).
    pub fn photo_count(&self) -> usize {
        self.photos.len()
    }

    /// The card front at 856×540; `seed` chooses the typeface, the colours, the photo and where
    /// exactly inside its band each field is printed.
    pub fn render(&self, card: &CardFront, seed: u64) -> Result<RenderedCard, SynthError> {
        self.render_omitting(card, seed, None)
    }

    /// The same card with `field` left unprinted (everything else identical): what the tests
    /// compare to find that field's pixels.
    pub fn render_without(
        &self,
        card: &CardFront,
        seed: u64,
        field: Field,
    ) -> Result<RenderedCard, SynthError> {
        self.render_omitting(card, seed, Some(field))
    }

    fn render_omitting(
        &self,
        card: &CardFront,
        seed: u64,
        omit: Option<Field>,
    ) -> Result<RenderedCard, SynthError> {
        let mut r = rng(seed, 2);
        let font = &self.fonts[r.random_range(0..self.fonts.len())];
        let (w, h) = (CARD_WIDTH as usize, CARD_HEIGHT as usize);
        let tint: Rgb = [
            r.random_range(236.0..250.0),
            r.random_range(236.0..250.0),
            r.random_range(240.0..252.0),
        ];
        let mut canvas = Canvas::new(w, h, tint);
        background_pattern(&mut canvas, &mut r);
        let ink_colour = {
            let v = r.random_range(20.0..60.0);
            [v, v, v + r.random_range(0.0..15.0)]
        };
        let label_colour = [
            r.random_range(90.0..150.0),
            r.random_range(90.0..130.0),
            r.random_range(110.0..160.0),
        ];

        // Headings and decoys: title, 氏名 and name, 住所 and address.
        font.draw(
            &mut canvas,
            "個人番号カード",
            (620.0, 55.0),
            22.0,
            label_colour,
        )?;
        font.draw(&mut canvas, "氏名", (35.0, 80.0), 20.0, label_colour)?;
        font.draw(&mut canvas, &card.name, (110.0, 85.0), 42.0, ink_colour)?;
        font.draw(&mut canvas, "住所", (35.0, 145.0), 20.0, label_colour)?;
        font.draw(
            &mut canvas,
            &card.address[0],
            (110.0, 145.0),
            28.0,
            ink_colour,
        )?;
        if !card.address[1].is_empty() {
            font.draw(
                &mut canvas,
                &card.address[1],
                (110.0, 190.0),
                28.0,
                ink_colour,
            )?;
        }

        photo(
            &mut canvas,
            self.photos.get(pick_index(&mut r, self.photos.len())),
            &mut r,
        )?;

        let mut ink = Vec::new();
        for band in layout::BANDS {
            let px = match band.field {
                Field::SecurityCode => r.random_range(30.0..40.0),
                _ => r.random_range(28.0..34.0),
            };
            let text = card.printed(band.field);
            let (x, baseline) = place(font, &text, px, band, &mut r)?;
            if omit == Some(band.field) {
                continue;
            }
            let e = font.draw(&mut canvas, &text, (x, baseline), px, ink_colour)?;
            ink.push((band.field, e));
        }

        // 性別 after the birth date: right of its band, or in the gap under it; never inside a
        // band (the layout's bands leave both places free).
        let birth = layout::band(Field::BirthDate);
        let (sx, sy) = if r.random_bool(0.5) {
            (
                (birth.left + birth.width) as f32 + 6.0,
                (birth.top + birth.height) as f32 - 20.0,
            )
        } else {
            (
                birth.left as f32 + r.random_range(15.0..60.0),
                (birth.top + birth.height) as f32 + 38.0,
            )
        };
        font.draw(&mut canvas, "性別", (sx, sy), 18.0, label_colour)?;
        font.draw(&mut canvas, card.sex, (sx + 40.0, sy), 26.0, ink_colour)?;

        Ok(RenderedCard {
            picture: canvas.to_picture()?,
            ink,
        })
    }
}

fn collect_pngs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_pngs(&path, out);
        } else if path.extension().is_some_and(|e| e == "png") {
            out.push(path);
        }
    }
}

fn pick_index(r: &mut impl Rng, len: usize) -> usize {
    if len == 0 { 0 } else { r.random_range(0..len) }
}

/// Where `text` starts (x, baseline) so that its ink lies inside `band` less [`BAND_MARGIN`],
/// at a random spot: the left-hand fields near the band's left edge, the code centred under
/// the photo, each with some play.
fn place(
    font: &Font,
    text: &str,
    px: f32,
    band: Band,
    r: &mut impl Rng,
) -> Result<(f32, f32), SynthError> {
    let width = font.advance(text, px)?;
    let (left, right) = (
        band.left as f32 + BAND_MARGIN,
        (band.left + band.width) as f32 - BAND_MARGIN,
    );
    let play = (right - left - width - 4.0).max(0.0);
    let x = match band.field {
        Field::SecurityCode => left + play / 2.0 + r.random_range(-0.4..0.4) * play,
        _ => left + 2.0 + r.random_range(0.0..=play.min(40.0)),
    };
    // CJK ink spans about 0.88 em above the baseline to 0.12 below it.
    let top = band.top as f32 + BAND_MARGIN + 0.02 * px;
    let bottom = (band.top + band.height) as f32 - BAND_MARGIN - 0.14 * px;
    let (low, high) = (top + 0.88 * px, bottom);
    let baseline = if high > low {
        r.random_range(low..high)
    } else {
        low
    };
    Ok((x, baseline))
}

/// A pale pattern: a soft diagonal gradient and fine wavy lines, as security printing has.
fn background_pattern(canvas: &mut Canvas, r: &mut impl Rng) {
    let (w, h) = (canvas.width, canvas.height);
    let shade: Rgb = [
        r.random_range(-10.0..4.0),
        r.random_range(-8.0..4.0),
        r.random_range(-6.0..6.0),
    ];
    let freq = r.random_range(0.02..0.05);
    let wave = r.random_range(0.01..0.03);
    let contrast = r.random_range(3.0..8.0);
    for y in 0..h {
        for x in 0..w {
            let t = (x + y) as f32 / (w + h) as f32;
            let lines =
                ((y as f32 + 12.0 * (x as f32 * wave).sin()) * freq * std::f32::consts::TAU).sin();
            let p = &mut canvas.pixels[y * w + x];
            for c in 0..3 {
                p[c] += shade[c] * t - contrast * lines.max(0.0).powi(8);
            }
        }
    }
}

/// The photo area (x 62–80 mm, y 8–32 mm): a face fixture cropped to 3:4, or a silhouette.
fn photo(canvas: &mut Canvas, path: Option<&PathBuf>, r: &mut impl Rng) -> Result<(), SynthError> {
    let (x0, y0, pw, ph) = (620usize, 80usize, 180usize, 240usize);
    let source = match path {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| SynthError::Io(p.display().to_string(), e))?;
            let picture =
                Picture::decode(&bytes).map_err(|e| SynthError::Picture(e.to_string()))?;
            Some(Canvas::from_picture(&picture))
        }
        None => None,
    };
    match source {
        Some(src) => {
            // The largest 3:4 crop, shifted a little.
            let (sw, sh) = (src.width as f32, src.height as f32);
            let (cw, ch) = if sw / sh > 0.75 {
                (sh * 0.75, sh)
            } else {
                (sw, sw / 0.75)
            };
            let ox = (sw - cw) / 2.0 + r.random_range(-0.1..0.1) * (sw - cw);
            let oy = (sh - ch) / 2.0;
            for y in 0..ph {
                for x in 0..pw {
                    let p = src.sample(
                        ox + (x as f32 + 0.5) * cw / pw as f32,
                        oy + (y as f32 + 0.5) * ch / ph as f32,
                    );
                    canvas.pixels[(y0 + y) * canvas.width + x0 + x] = p;
                }
            }
        }
        None => {
            let ground = [200.0, 210.0, 222.0];
            let area = Extent {
                left: x0 as f32,
                top: y0 as f32,
                right: (x0 + pw) as f32,
                bottom: (y0 + ph) as f32,
            };
            canvas.fill(area, ground, |_, _| 1.0);
            let figure = [95.0, 100.0, 110.0];
            let (cx, cy) = (x0 as f32 + 90.0, y0 as f32 + 95.0);
            canvas.fill(area, figure, |x, y| {
                let head = ((x - cx) / 45.0).powi(2) + ((y - cy) / 58.0).powi(2) <= 1.0;
                let shoulders = y > cy + 70.0
                    && ((x - cx) / 85.0).powi(2) + ((y - cy - 150.0) / 80.0).powi(2) <= 1.0;
                if head || shoulders { 1.0 } else { 0.0 }
            });
        }
    }
    Ok(())
}
