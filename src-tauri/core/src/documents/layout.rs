//! Layout: [`Block`]s plus the establishment's header and the document's footer, set on A4
//! pages as pure data — pages of primitives (text runs, lines, rectangles, images, QR modules)
//! at absolute positions in millimetres, from the page's top-left corner, y downwards.
//!
//! The model is what tests snapshot ([`dump`]) and check ([`outside_printable_area`]); the
//! renderer ([`super::render`]) draws it without deciding anything. Lines are broken and
//! justified here, measured on the embedded font ([`super::fonts`]), bold and italic included.
//!
//! Rules kept here: French spacing (a no-break space before `; : ! ?` and inside `« »`), no
//! break inside a word (unless the word alone is wider than the line), headings kept with the
//! next block, no paragraph leaving a single line at a page's foot or head, tables broken
//! between rows with their header repeated, signature boxes and bar charts never split.
//!
//! Two kinds of pages: a document's ([`layout`]: letterhead, reference, fingerprint and QR
//! code at the foot) and a report's ([`report`]: a cover page, one line and the page number at
//! the foot; the yearly bilan). Must not know about templates, the case file or PDF syntax.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::fonts::{self, FontStyle, ASCENT, DESCENT, MM_PER_PT};
use super::markup::{BarChart, Block, ColumnAlign, Inline, Signatory, Span, Table, Timetable};
use crate::{Error, Result};

/// Page width (A4 portrait), mm.
pub const PAGE_WIDTH: f32 = 210.0;
/// Page height (A4 portrait), mm.
pub const PAGE_HEIGHT: f32 = 297.0;
/// The printable area: nothing is drawn outside it (margins 20 mm left and right, 15 mm top
/// and bottom).
pub const PRINTABLE: Area = Area {
    x: 20.0,
    y: 15.0,
    width: 170.0,
    height: 267.0,
};

const LEFT: f32 = PRINTABLE.x;
const RIGHT: f32 = PRINTABLE.x + PRINTABLE.width;
const TOP: f32 = PRINTABLE.y;
const BOTTOM: f32 = PRINTABLE.y + PRINTABLE.height;
const WIDTH: f32 = PRINTABLE.width;
/// Boxes (tables, notices, signatures) are drawn this far inside the margins, so that their
/// stroke stays in the printable area.
const INSET: f32 = 0.2;
/// Side of the footer's QR code, mm.
const QR_SIZE: f32 = 18.0;
/// Where the body stops: above the footer's rule.
const BODY_BOTTOM: f32 = BOTTOM - QR_SIZE - 6.0;
/// Body text size, pt.
const BODY_SIZE: f32 = 10.0;

/// A rectangle of the page, mm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// The establishment, printed at the top of every page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    /// The establishment's name.
    pub name: String,
    /// Its UAI.
    pub uai: String,
    /// Its postal address (lines separated by `\n`).
    pub address: String,
    /// Its logo, printed on the first page.
    pub logo: Option<Logo>,
}

/// An image given as file bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Logo {
    /// `image/png` or `image/jpeg` (the bytes decide: a mismatch is not an error).
    pub mime: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// What identifies the document, printed at the foot of every page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Footer {
    /// The document's reference (e.g. `PAFI-2026-0012`).
    pub reference: String,
    /// The start of its fingerprint, printed as "Empreinte : …".
    pub fingerprint_short: String,
    /// What the QR code encodes (`REF;sha256=<hex>`); empty, no QR code.
    pub qr_payload: String,
}

/// A signature drawn in a signature box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureImage {
    /// The drawn signature, PNG (transparency kept).
    pub png: Vec<u8>,
    /// Printed in the box instead of "Le … à …", e.g. "signé le 22/11/2026 à 10:00".
    pub signed_line: String,
}

/// Everything a document's pages are made from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutInput {
    /// The establishment's header.
    pub header: Header,
    /// The document's content.
    pub blocks: Vec<Block>,
    /// The footer.
    pub footer: Footer,
    /// A draft: "BROUILLON" across every page.
    pub draft: bool,
    /// Signatures by slot: the n-th signature box of the document (0-based, in reading order)
    /// shows `signatures[n]` when it is `Some`.
    pub signatures: Vec<Option<SignatureImage>>,
}

/// The encoding of an image's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG (baseline or progressive).
    Jpeg,
}

/// An image the pages refer to by index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageAsset {
    /// How the bytes are encoded.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// A run of text in one face, on one baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextRun {
    /// Left end of the baseline, mm.
    pub x: f32,
    /// The baseline, mm from the top.
    pub y: f32,
    /// The text (spaces included).
    pub text: String,
    /// The face.
    pub style: FontStyle,
    /// Size, pt.
    pub size: f32,
    /// Width as drawn, word spacing included, mm.
    pub width: f32,
    /// Extra width added after each space (justification), mm.
    pub word_spacing: f32,
    /// Grey level: 0 black, 1 white.
    pub gray: f32,
    /// Rotation, degrees counter-clockwise around (`x`, `y`).
    pub angle: f32,
}

/// A drawing instruction at an absolute position (mm, from the top-left corner).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Primitive {
    /// Text.
    Text(TextRun),
    /// A straight line.
    Line {
        /// Start, x.
        x1: f32,
        /// Start, y.
        y1: f32,
        /// End, x.
        x2: f32,
        /// End, y.
        y2: f32,
        /// Thickness, mm.
        thickness: f32,
        /// Grey level.
        gray: f32,
    },
    /// A stroked rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Stroke thickness, mm.
        thickness: f32,
        /// Grey level.
        gray: f32,
    },
    /// A filled rectangle.
    Fill {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Grey level.
        gray: f32,
    },
    /// An image, scaled into its box.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Index in [`Layout::images`].
        image: usize,
    },
    /// A QR code drawn as black squares.
    Qr {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Side, mm (the modules only; the quiet zone is the white around it).
        size: f32,
        /// One string per row, `#` for a dark module, `.` for a light one.
        modules: Vec<String>,
    },
}

impl Primitive {
    /// The smallest rectangle holding what this primitive paints: (left, top, right, bottom).
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        match self {
            Primitive::Text(t) => {
                let s = t.size * MM_PER_PT;
                let (up, down) = (ASCENT * s, DESCENT * s);
                let (sin, cos) = t.angle.to_radians().sin_cos();
                let corners = [(0.0, -up), (t.width, -up), (0.0, down), (t.width, down)];
                let pts = corners.map(|(u, v)| (t.x + u * cos + v * sin, t.y - u * sin + v * cos));
                let xs = pts.map(|p| p.0);
                let ys = pts.map(|p| p.1);
                (
                    xs.iter().copied().fold(f32::MAX, f32::min),
                    ys.iter().copied().fold(f32::MAX, f32::min),
                    xs.iter().copied().fold(f32::MIN, f32::max),
                    ys.iter().copied().fold(f32::MIN, f32::max),
                )
            }
            Primitive::Line {
                x1,
                y1,
                x2,
                y2,
                thickness,
                ..
            } => {
                // Butt caps: the stroke widens the line across its direction only.
                let (dx, dy) = (x2 - x1, y2 - y1);
                let len = (dx * dx + dy * dy).sqrt().max(f32::EPSILON);
                let (ox, oy) = (
                    (dy / len * thickness / 2.0).abs(),
                    (dx / len * thickness / 2.0).abs(),
                );
                (
                    x1.min(*x2) - ox,
                    y1.min(*y2) - oy,
                    x1.max(*x2) + ox,
                    y1.max(*y2) + oy,
                )
            }
            Primitive::Rect {
                x,
                y,
                width,
                height,
                thickness,
                ..
            } => {
                let h = thickness / 2.0;
                (x - h, y - h, x + width + h, y + height + h)
            }
            Primitive::Fill {
                x,
                y,
                width,
                height,
                ..
            }
            | Primitive::Image {
                x,
                y,
                width,
                height,
                ..
            } => (*x, *y, x + width, y + height),
            Primitive::Qr { x, y, size, .. } => (*x, *y, x + size, y + size),
        }
    }

    fn shift(&mut self, dy: f32) {
        match self {
            Primitive::Text(t) => t.y += dy,
            Primitive::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Primitive::Rect { y, .. }
            | Primitive::Fill { y, .. }
            | Primitive::Image { y, .. }
            | Primitive::Qr { y, .. } => *y += dy,
        }
    }
}

/// One page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// What is drawn, in painting order.
    pub primitives: Vec<Primitive>,
}

impl Page {
    /// The page's text runs in painting order, one line per baseline (for tests and search).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut baseline = None;
        for p in &self.primitives {
            if let Primitive::Text(t) = p {
                match baseline {
                    Some(y) if f32::abs(y - t.y) < 0.01 => {}
                    Some(_) => out.push('\n'),
                    None => {}
                }
                baseline = Some(t.y);
                out.push_str(&t.text);
            }
        }
        out
    }
}

/// A laid-out document: A4 pages of primitives, and the images they show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    /// Page width, mm.
    pub width: f32,
    /// Page height, mm.
    pub height: f32,
    /// Where drawing is allowed.
    pub printable: Area,
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The images, referred to by [`Primitive::Image::image`].
    pub images: Vec<ImageAsset>,
}

/// A primitive painting outside the printable area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overflow {
    /// The page, 1-based.
    pub page: usize,
    /// The primitive.
    pub primitive: Primitive,
}

/// Every primitive of `layout` that paints outside its printable area (0.05 mm tolerance).
pub fn outside_printable_area(layout: &Layout) -> Vec<Overflow> {
    let a = layout.printable;
    let eps = 0.05;
    let mut out = Vec::new();
    for (i, page) in layout.pages.iter().enumerate() {
        for p in &page.primitives {
            let (l, t, r, b) = p.bounds();
            if l < a.x - eps || t < a.y - eps || r > a.x + a.width + eps || b > a.y + a.height + eps
            {
                out.push(Overflow {
                    page: i + 1,
                    primitive: p.clone(),
                });
            }
        }
    }
    out
}

/// A compact, stable text form of a layout (0.1 mm), one primitive a line: what snapshot tests
/// compare, so that a change of layout shows in review.
pub fn dump(layout: &Layout) -> String {
    let mut out = String::new();
    for (i, img) in layout.images.iter().enumerate() {
        let _ = writeln!(
            out,
            "image #{i}: {:?} {}x{} px, {} bytes",
            img.format,
            img.width_px,
            img.height_px,
            img.bytes.len()
        );
    }
    for (i, page) in layout.pages.iter().enumerate() {
        let _ = writeln!(out, "page {}", i + 1);
        for p in &page.primitives {
            let _ = match p {
                Primitive::Text(t) => {
                    let mut extra = String::new();
                    if t.word_spacing > 0.0 {
                        let _ = write!(extra, " ws={:.2}", t.word_spacing);
                    }
                    if t.gray > 0.0 {
                        let _ = write!(extra, " gray={:.2}", t.gray);
                    }
                    if t.angle != 0.0 {
                        let _ = write!(extra, " angle={:.0}", t.angle);
                    }
                    writeln!(
                        out,
                        "  text {:.1},{:.1} w={:.1} {:?} {}{} {:?}",
                        t.x, t.y, t.width, t.style, t.size, extra, t.text
                    )
                }
                Primitive::Line { x1, y1, x2, y2, .. } => {
                    writeln!(out, "  line {x1:.1},{y1:.1} -> {x2:.1},{y2:.1}")
                }
                Primitive::Rect {
                    x,
                    y,
                    width,
                    height,
                    ..
                } => writeln!(out, "  rect {x:.1},{y:.1} {width:.1}x{height:.1}"),
                Primitive::Fill {
                    x,
                    y,
                    width,
                    height,
                    gray,
                } => writeln!(
                    out,
                    "  fill {x:.1},{y:.1} {width:.1}x{height:.1} gray={gray:.2}"
                ),
                Primitive::Image {
                    x,
                    y,
                    width,
                    height,
                    image,
                } => writeln!(out, "  image {x:.1},{y:.1} {width:.1}x{height:.1} #{image}"),
                Primitive::Qr {
                    x,
                    y,
                    size,
                    modules,
                    ..
                } => writeln!(
                    out,
                    "  qr {x:.1},{y:.1} {size:.1} mm, {}x{} modules",
                    modules.len(),
                    modules.len()
                ),
            };
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Images

/// Reads the format and pixel size of PNG or JPEG bytes.
pub(crate) fn sniff_image(bytes: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
        let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
        return (w > 0 && h > 0).then_some((ImageFormat::Png, w, h));
    }
    let (_, w, h) = jpeg_frame(bytes)?;
    Some((ImageFormat::Jpeg, w, h))
}

/// The number of colour components and the pixel size of a JPEG, from its frame header.
pub(crate) fn jpeg_frame(bytes: &[u8]) -> Option<(u8, u32, u32)> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let seg = bytes.get(at + 4..at + 2 + len)?;
            let h = u32::from(u16::from_be_bytes([*seg.get(1)?, *seg.get(2)?]));
            let w = u32::from(u16::from_be_bytes([*seg.get(3)?, *seg.get(4)?]));
            let components = *seg.get(5)?;
            return (w > 0 && h > 0).then_some((components, w, h));
        }
        at += 2 + len;
    }
    None
}

/// The largest box of the image's proportions inside `max_w` × `max_h`.
fn fit(img: &ImageAsset, max_w: f32, max_h: f32) -> (f32, f32) {
    let ratio = img.width_px as f32 / img.height_px as f32;
    if max_w / max_h > ratio {
        (max_h * ratio, max_h)
    } else {
        (max_w, max_w / ratio)
    }
}

// ---------------------------------------------------------------------------------------------
// Text setting

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    italic: bool,
    /// Line height as a multiple of the size.
    leading: f32,
    gray: f32,
    align: Align,
}

impl Style {
    fn new(size: f32) -> Self {
        Style {
            size,
            bold: false,
            italic: false,
            leading: 1.35,
            gray: 0.0,
            align: Align::Left,
        }
    }
    fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
    fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    fn leading(mut self, leading: f32) -> Self {
        self.leading = leading;
        self
    }
    fn gray(mut self, gray: f32) -> Self {
        self.gray = gray;
        self
    }
    /// Line height, mm.
    fn line_height(&self) -> f32 {
        self.size * self.leading * MM_PER_PT
    }
    /// The baseline's distance from the top of a line, mm.
    fn baseline(&self) -> f32 {
        let s = self.size * MM_PER_PT;
        (self.line_height() - (ASCENT + DESCENT) * s) / 2.0 + ASCENT * s
    }
}

#[derive(Debug, Clone)]
struct Piece {
    face: FontStyle,
    text: String,
    width: f32,
}

/// Text between two breakable spaces, possibly in several faces.
#[derive(Debug, Clone)]
struct Word {
    pieces: Vec<Piece>,
    width: f32,
    /// Width of the space that follows it, in its last face.
    space: f32,
}

/// French spacing: the space before `; ! ? »` and after `«` becomes a narrow no-break space,
/// the one before `:` a no-break space, so that the sign never starts a line.
fn french_spacing(chars: &mut [(char, FontStyle)]) {
    for i in 0..chars.len() {
        if chars[i].0 != ' ' {
            continue;
        }
        let next = chars.get(i + 1).map(|c| c.0);
        let prev = i.checked_sub(1).map(|p| chars[p].0);
        if matches!(next, Some(';' | '!' | '?' | '»')) || prev == Some('«') {
            chars[i].0 = '\u{202F}';
        } else if next == Some(':') {
            chars[i].0 = '\u{00A0}';
        }
    }
}

fn make_word(chars: &[(char, FontStyle)], size: f32) -> Result<Word> {
    let mut pieces: Vec<Piece> = Vec::new();
    for &(c, face) in chars {
        match pieces.last_mut() {
            Some(p) if p.face == face => p.text.push(c),
            _ => pieces.push(Piece {
                face,
                text: c.to_string(),
                width: 0.0,
            }),
        }
    }
    let mut width = 0.0;
    for p in &mut pieces {
        p.width = fonts::text_width(p.face, &p.text, size)?;
        width += p.width;
    }
    let last = pieces.last().map_or(FontStyle::Regular, |p| p.face);
    Ok(Word {
        pieces,
        width,
        space: fonts::text_width(last, " ", size)?,
    })
}

/// The words of inline text set in `style`; a word wider than `max` is cut (last resort).
fn words(spans: &[Span], style: &Style, max: f32) -> Result<Vec<Word>> {
    let mut chars: Vec<(char, FontStyle)> = Vec::new();
    for span in spans {
        let face = FontStyle::of(span.bold || style.bold, span.italic || style.italic);
        for c in span.text.chars() {
            let c = match c {
                '\t' | '\n' | '\r' => ' ',
                ' ' => ' ',
                c if fonts::supports(c) => c,
                _ => '?',
            };
            chars.push((c, face));
        }
    }
    french_spacing(&mut chars);
    let mut out = Vec::new();
    for w in chars.split(|c| c.0 == ' ').filter(|w| !w.is_empty()) {
        let word = make_word(w, style.size)?;
        if word.width <= max {
            out.push(word);
            continue;
        }
        // Too wide for a whole line: cut it where it fills the line.
        let mut start = 0;
        while start < w.len() {
            let mut end = start + 1;
            while end < w.len() && make_word(&w[start..=end], style.size)?.width <= max {
                end += 1;
            }
            out.push(make_word(&w[start..end], style.size)?);
            start = end;
        }
    }
    Ok(out)
}

/// Greedy line breaking: ranges of words, each fitting `width`.
fn break_lines(words: &[Word], width: f32) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut w = 0.0;
    for i in 0..words.len() {
        if i == start {
            w = words[i].width;
            continue;
        }
        let next = w + words[i - 1].space + words[i].width;
        if next > width + 0.001 {
            lines.push((start, i));
            start = i;
            w = words[i].width;
        } else {
            w = next;
        }
    }
    if start < words.len() {
        lines.push((start, words.len()));
    }
    lines
}

/// Sets inline text in a column: one entry per line, runs with `y` = baseline from the line's
/// top. Justified text keeps its last line flush left.
fn set_text(spans: &[Span], style: &Style, x: f32, width: f32) -> Result<Vec<Vec<TextRun>>> {
    let words = words(spans, style, width)?;
    let lines = break_lines(&words, width);
    let baseline = style.baseline();
    let count = lines.len();
    let mut out = Vec::with_capacity(count);
    for (li, &(s, e)) in lines.iter().enumerate() {
        let natural: f32 = words[s..e].iter().map(|w| w.width).sum::<f32>()
            + words[s..e - 1].iter().map(|w| w.space).sum::<f32>();
        let gaps = e - s - 1;
        let extra = if style.align == Align::Justify && li + 1 < count && gaps > 0 {
            ((width - natural) / gaps as f32).max(0.0)
        } else {
            0.0
        };
        let mut cx = match style.align {
            Align::Center => x + (width - natural) / 2.0,
            Align::Right => x + width - natural,
            Align::Left | Align::Justify => x,
        };
        let mut runs: Vec<TextRun> = Vec::new();
        let mut cur: Option<TextRun> = None;
        for (k, word) in words[s..e].iter().enumerate() {
            for piece in &word.pieces {
                match &mut cur {
                    Some(r) if r.style == piece.face => {
                        r.text.push_str(&piece.text);
                        r.width += piece.width;
                    }
                    _ => {
                        runs.extend(cur.take());
                        cur = Some(TextRun {
                            x: cx,
                            y: baseline,
                            text: piece.text.clone(),
                            style: piece.face,
                            size: style.size,
                            width: piece.width,
                            word_spacing: 0.0,
                            gray: style.gray,
                            angle: 0.0,
                        });
                    }
                }
                cx += piece.width;
            }
            if s + k + 1 < e {
                if let Some(r) = &mut cur {
                    r.text.push(' ');
                    r.width += word.space + extra;
                    r.word_spacing = extra;
                }
                cx += word.space + extra;
            }
        }
        runs.extend(cur);
        out.push(runs);
    }
    Ok(out)
}

fn plain(text: &str) -> Inline {
    vec![Span {
        text: text.to_string(),
        bold: false,
        italic: false,
    }]
}

/// Sets text and returns its primitives (y from `top`) and its height.
fn set_at(
    spans: &[Span],
    style: &Style,
    x: f32,
    width: f32,
    top: f32,
) -> Result<(Vec<Primitive>, f32)> {
    let lh = style.line_height();
    let lines = set_text(spans, style, x, width)?;
    let height = lh * lines.len() as f32;
    let prims = lines
        .into_iter()
        .enumerate()
        .flat_map(|(i, runs)| {
            runs.into_iter().map(move |mut r| {
                r.y += top + lh * i as f32;
                Primitive::Text(r)
            })
        })
        .collect();
    Ok((prims, height))
}

// ---------------------------------------------------------------------------------------------
// Chunks and pagination

/// An unbreakable piece of the flow: its primitives are placed from y = 0 (its top).
#[derive(Debug, Clone, Default)]
struct Chunk {
    height: f32,
    space_before: f32,
    space_after: f32,
    keep_with_next: bool,
    /// A row of table `n`: on a new page, that table's header goes first.
    table: Option<usize>,
    page_break: bool,
    prims: Vec<Primitive>,
}

/// One chunk per line of text, with `space_before` on the first.
fn line_chunks(
    spans: &[Span],
    style: &Style,
    x: f32,
    width: f32,
    space_before: f32,
) -> Result<Vec<Chunk>> {
    let lh = style.line_height();
    Ok(set_text(spans, style, x, width)?
        .into_iter()
        .enumerate()
        .map(|(i, runs)| Chunk {
            height: lh,
            space_before: if i == 0 { space_before } else { 0.0 },
            prims: runs.into_iter().map(Primitive::Text).collect(),
            ..Chunk::default()
        })
        .collect())
}

/// Keeps a paragraph's first two lines together and its last two (no orphan, no widow).
fn no_orphans(chunks: &mut [Chunk]) {
    let n = chunks.len();
    if n >= 2 {
        chunks[0].keep_with_next = true;
        chunks[n - 2].keep_with_next = true;
    }
}

/// One cell of a grid row (table or timetable).
struct Cell<'s> {
    x: f32,
    width: f32,
    text: &'s [Span],
    style: Style,
    /// Shading, as a grey level.
    fill: Option<f32>,
}

struct Flow<'a> {
    /// Signatures by slot (see [`LayoutInput::signatures`]).
    signatures: &'a [Option<SignatureImage>],
    images: Vec<ImageAsset>,
    chunks: Vec<Chunk>,
    table_headers: Vec<Chunk>,
    next_slot: usize,
}

impl Flow<'_> {
    fn push_block(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Title { text } => {
                let style = Style::new(16.0).bold().align(Align::Center).leading(1.25);
                let mut lines = line_chunks(text, &style, LEFT, WIDTH, 2.0)?;
                for c in &mut lines {
                    c.keep_with_next = true;
                }
                if let Some(last) = lines.last_mut() {
                    last.space_after = 6.0;
                }
                self.chunks.extend(lines);
            }
            Block::Heading { text } | Block::SubHeading { text } => {
                let heading = matches!(block, Block::Heading { .. });
                let style = if heading {
                    Style::new(12.0).bold().leading(1.25)
                } else {
                    Style::new(10.5).bold().italic().leading(1.25)
                };
                let mut lines =
                    line_chunks(text, &style, LEFT, WIDTH, if heading { 6.0 } else { 4.0 })?;
                for c in &mut lines {
                    c.keep_with_next = true;
                }
                if heading {
                    if let Some(last) = lines.last_mut() {
                        // A hairline under a heading, kept inside the chunk.
                        let y = last.height + 0.6;
                        last.prims.push(Primitive::Line {
                            x1: LEFT,
                            y1: y,
                            x2: RIGHT,
                            y2: y,
                            thickness: 0.2,
                            gray: 0.55,
                        });
                        last.height += 1.0;
                    }
                }
                if let Some(last) = lines.last_mut() {
                    last.space_after = 2.0;
                }
                self.chunks.extend(lines);
            }
            Block::Paragraph { text } => {
                let style = Style::new(BODY_SIZE).align(Align::Justify);
                let mut lines = line_chunks(text, &style, LEFT, WIDTH, 2.6)?;
                no_orphans(&mut lines);
                self.chunks.extend(lines);
            }
            Block::List { items } => self.list(items)?,
            Block::Notice { paragraphs } => self.notice(paragraphs)?,
            Block::Table(table) => self.table(table)?,
            Block::Timetable(tt) => self.timetable(tt)?,
            Block::Signatures { signatories } => {
                // The line before the boxes ("Fait à … le …") goes with them.
                if let Some(last) = self.chunks.last_mut().filter(|c| !c.page_break) {
                    last.keep_with_next = true;
                }
                self.signatures(signatories)?
            }
            Block::PageBreak => self.chunks.push(Chunk {
                page_break: true,
                ..Chunk::default()
            }),
            Block::BarChart(chart) => {
                self.keep_with_chart();
                self.bar_chart(chart)?
            }
        }
        Ok(())
    }

    fn list(&mut self, items: &[super::markup::ListItem]) -> Result<()> {
        let style = Style::new(BODY_SIZE).align(Align::Justify);
        let marker_of = |n: &Option<String>| n.clone().unwrap_or_else(|| "•".to_string());
        let mut marker_w: f32 = 0.0;
        for item in items {
            marker_w = marker_w.max(fonts::text_width(
                FontStyle::Regular,
                &marker_of(&item.number),
                style.size,
            )?);
        }
        let indent = 3.0;
        let text_x = LEFT + indent + (marker_w + 2.2).max(4.0);
        for (i, item) in items.iter().enumerate() {
            let mut lines = line_chunks(
                &item.text,
                &style,
                text_x,
                RIGHT - text_x,
                if i == 0 { 2.6 } else { 1.2 },
            )?;
            let marker = marker_of(&item.number);
            let mw = fonts::text_width(FontStyle::Regular, &marker, style.size)?;
            if let Some(first) = lines.first_mut() {
                // Numbers are right-aligned on their dot; bullets sit at the indent.
                let x = if item.number.is_some() {
                    LEFT + indent + marker_w - mw
                } else {
                    LEFT + indent
                };
                first.prims.push(Primitive::Text(TextRun {
                    x,
                    y: style.baseline(),
                    text: marker,
                    style: FontStyle::Regular,
                    size: style.size,
                    width: mw,
                    word_spacing: 0.0,
                    gray: 0.0,
                    angle: 0.0,
                }));
            }
            no_orphans(&mut lines);
            self.chunks.extend(lines);
        }
        Ok(())
    }

    fn notice(&mut self, paragraphs: &[Inline]) -> Result<()> {
        let style = Style::new(9.5).align(Align::Justify);
        let pad = 3.0;
        let lh = style.line_height();
        let (fill, border) = (0.94, 0.35);
        let mut lines: Vec<(f32, Vec<TextRun>)> = Vec::new();
        for (i, p) in paragraphs.iter().enumerate() {
            for (j, runs) in set_text(p, &style, LEFT + pad, WIDTH - 2.0 * pad)?
                .into_iter()
                .enumerate()
            {
                let gap = if i > 0 && j == 0 { 1.8 } else { 0.0 };
                lines.push((gap, runs));
            }
        }
        let n = lines.len();
        let mut chunks = Vec::with_capacity(n);
        for (i, (gap, runs)) in lines.into_iter().enumerate() {
            let top_pad = if i == 0 { pad } else { gap };
            let bottom_pad = if i + 1 == n { pad } else { 0.0 };
            let height = top_pad + lh + bottom_pad;
            let mut prims = vec![Primitive::Fill {
                x: LEFT + INSET,
                y: 0.0,
                width: WIDTH - 2.0 * INSET,
                height,
                gray: fill,
            }];
            for x in [LEFT + INSET, RIGHT - INSET] {
                prims.push(Primitive::Line {
                    x1: x,
                    y1: 0.0,
                    x2: x,
                    y2: height,
                    thickness: 0.3,
                    gray: border,
                });
            }
            for (edge, on) in [(0.0, i == 0), (height, i + 1 == n)] {
                if on {
                    prims.push(Primitive::Line {
                        x1: LEFT + INSET - 0.15,
                        y1: edge,
                        x2: RIGHT - INSET + 0.15,
                        y2: edge,
                        thickness: 0.3,
                        gray: border,
                    });
                }
            }
            prims.extend(runs.into_iter().map(|mut r| {
                r.y += top_pad;
                Primitive::Text(r)
            }));
            chunks.push(Chunk {
                height,
                space_before: if i == 0 { 4.0 } else { 0.0 },
                // A short notice stays in one piece.
                keep_with_next: n <= 8 && i + 1 < n,
                prims,
                ..Chunk::default()
            });
        }
        if n > 8 {
            no_orphans(&mut chunks);
        }
        if let Some(last) = chunks.last_mut() {
            last.space_after = 2.0;
        }
        self.chunks.extend(chunks);
        Ok(())
    }

    /// A grid row: its cells side by side, all the row's height.
    fn grid_row(
        cells: &[Cell<'_>],
        min_height: f32,
        pad: (f32, f32),
        center_v: bool,
    ) -> Result<Chunk> {
        let mut contents = Vec::with_capacity(cells.len());
        let mut height = min_height;
        for c in cells {
            let (prims, h) = set_at(c.text, &c.style, c.x + pad.0, c.width - 2.0 * pad.0, 0.0)?;
            height = height.max(h + 2.0 * pad.1);
            contents.push((prims, h));
        }
        let mut prims = Vec::new();
        for c in cells {
            if let Some(gray) = c.fill {
                prims.push(Primitive::Fill {
                    x: c.x,
                    y: 0.0,
                    width: c.width,
                    height,
                    gray,
                });
            }
        }
        for (c, (texts, h)) in cells.iter().zip(contents) {
            prims.push(Primitive::Rect {
                x: c.x,
                y: 0.0,
                width: c.width,
                height,
                thickness: 0.25,
                gray: 0.3,
            });
            let dy = if center_v { (height - h) / 2.0 } else { pad.1 };
            prims.extend(texts.into_iter().map(|mut p| {
                p.shift(dy);
                p
            }));
        }
        Ok(Chunk {
            height,
            prims,
            ..Chunk::default()
        })
    }

    fn push_grid(&mut self, header: Chunk, rows: Vec<Chunk>) {
        let id = self.table_headers.len();
        let mut header = header;
        header.keep_with_next = true;
        self.table_headers.push(header.clone());
        header.space_before = 4.0;
        self.chunks.push(header);
        let n = rows.len();
        for (i, mut row) in rows.into_iter().enumerate() {
            row.table = Some(id);
            if i + 1 == n {
                row.space_after = 2.0;
            }
            self.chunks.push(row);
        }
    }

    fn table(&mut self, table: &Table) -> Result<()> {
        let columns = table.header.len();
        let widths: Vec<f32> = match &table.widths {
            Some(w) => w
                .iter()
                .map(|p| (WIDTH - 2.0 * INSET) * p / 100.0)
                .collect(),
            None => vec![(WIDTH - 2.0 * INSET) / columns as f32; columns],
        };
        let xs: Vec<f32> = widths
            .iter()
            .scan(LEFT + INSET, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();
        let body = Style::new(9.0).leading(1.3);
        let align = |column: usize, style: Style| match table.align.get(column) {
            Some(ColumnAlign::Right) => style.align(Align::Right),
            Some(ColumnAlign::Left) | None => style,
        };
        let row = |cells: &[Inline], style: Style, fill: Option<f32>| {
            // A row with more cells than the header (possible only for blocks built by
            // hand) loses the extra ones.
            let cells: Vec<_> = cells
                .iter()
                .zip(xs.iter().zip(&widths))
                .enumerate()
                .map(|(i, (c, (x, width)))| Cell {
                    x: *x,
                    width: *width,
                    text: c,
                    style: align(i, style),
                    fill,
                })
                .collect();
            Self::grid_row(&cells, 0.0, (1.6, 1.3), false)
        };
        let header = row(&table.header, body.bold(), Some(0.88))?;
        let mut rows = table
            .rows
            .iter()
            .map(|r| row(r, body, None))
            .collect::<Result<Vec<_>>>()?;
        if table.keep_together {
            let n = rows.len();
            for r in rows.iter_mut().take(n.saturating_sub(1)) {
                r.keep_with_next = true;
            }
        }
        self.push_grid(header, rows);
        Ok(())
    }

    fn timetable(&mut self, tt: &Timetable) -> Result<()> {
        let days = tt.days.len().max(1);
        let label_w = 24.0;
        let day_w = (WIDTH - 2.0 * INSET - label_w) / days as f32;
        let x_of = |i: usize| LEFT + INSET + label_w + day_w * i as f32;
        let style = Style::new(8.5).leading(1.25).align(Align::Center);
        let corner = plain(&tt.corner);
        let day_texts: Vec<Inline> = tt.days.iter().map(|d| plain(d)).collect();
        let mut cells = vec![Cell {
            x: LEFT + INSET,
            width: label_w,
            text: &corner,
            style: style.bold(),
            fill: Some(0.88),
        }];
        for (i, d) in day_texts.iter().enumerate() {
            cells.push(Cell {
                x: x_of(i),
                width: day_w,
                text: d,
                style: style.bold(),
                fill: Some(0.88),
            });
        }
        let header = Self::grid_row(&cells, 7.0, (1.2, 1.2), true)?;
        let mut rows = Vec::new();
        for r in &tt.rows {
            let label = plain(&r.label);
            let texts: Vec<Inline> = r.slots.iter().map(|s| plain(&s.text)).collect();
            let mut cells = vec![Cell {
                x: LEFT + INSET,
                width: label_w,
                text: &label,
                style: style.bold().align(Align::Left),
                fill: None,
            }];
            for (i, (slot, text)) in r.slots.iter().zip(&texts).enumerate() {
                let (st, fill) = if slot.activity {
                    (style.bold(), Some(0.78))
                } else {
                    (style, None)
                };
                cells.push(Cell {
                    x: x_of(i),
                    width: day_w,
                    text,
                    style: st,
                    fill,
                });
            }
            rows.push(Self::grid_row(&cells, 11.0, (1.2, 1.2), true)?);
        }
        if let Some(last) = rows.last_mut() {
            last.keep_with_next = true;
        }
        self.push_grid(header, rows);
        let legend_style = Style::new(8.0).italic().gray(0.3);
        let mut legend = line_chunks(
            &plain("Cases grisées : activités du parcours ; cases blanches : temps scolaire."),
            &legend_style,
            LEFT,
            WIDTH,
            1.2,
        )?;
        if let Some(last) = legend.last_mut() {
            last.space_after = 2.0;
        }
        self.chunks.extend(legend);
        Ok(())
    }

    fn signatures(&mut self, signatories: &[Signatory]) -> Result<()> {
        let gap = 6.0;
        let box_w = (WIDTH - 2.0 * INSET - gap) / 2.0;
        let pad = 3.0;
        let area_h = 24.0;
        let inner = box_w - 2.0 * pad;
        for (row_i, pair) in signatories.chunks(2).enumerate() {
            let mut boxes = Vec::new();
            let signatures = self.signatures;
            for (col, s) in pair.iter().enumerate() {
                let slot = self.next_slot;
                self.next_slot += 1;
                let x = LEFT + INSET + col as f32 * (box_w + gap);
                let signed = signatures.get(slot).and_then(Option::as_ref);
                let mut prims = Vec::new();
                let mut y = pad;
                let quality = Style::new(9.5).bold().leading(1.25);
                let (p, h) = set_at(&plain(&s.quality), &quality, x + pad, inner, y)?;
                prims.extend(p);
                y += h;
                let normal = Style::new(9.5).leading(1.3);
                if !s.name.is_empty() {
                    let (p, h) = set_at(&plain(&s.name), &normal, x + pad, inner, y)?;
                    prims.extend(p);
                    y += h;
                }
                let small = Style::new(8.5).leading(1.3).gray(0.2);
                if !s.mention.is_empty() {
                    let mention = vec![
                        Span {
                            text: "Mention : ".into(),
                            bold: false,
                            italic: false,
                        },
                        Span {
                            text: format!("« {} »", s.mention),
                            bold: false,
                            italic: true,
                        },
                    ];
                    let (p, h) = set_at(&mention, &small, x + pad, inner, y)?;
                    prims.extend(p);
                    y += h;
                }
                let when = match signed {
                    Some(sig) => sig.signed_line.clone(),
                    None => "Le ……………………… à ………………………".to_string(),
                };
                let (p, h) = set_at(&plain(&when), &small, x + pad, inner, y + 0.5)?;
                prims.extend(p);
                y += h + 0.5;
                if let Some(sig) = signed {
                    let image = self.image(&sig.png, || {
                        format!(
                            "La signature n° {} n'est pas une image PNG ou JPEG lisible.",
                            slot + 1
                        )
                    })?;
                    let (w, h) = fit(&self.images[image], inner, area_h - 2.0);
                    prims.push(Primitive::Image {
                        x: x + pad + (inner - w) / 2.0,
                        y: y + 1.0 + (area_h - 2.0 - h) / 2.0,
                        width: w,
                        height: h,
                        image,
                    });
                }
                boxes.push((x, y + area_h, prims));
            }
            let height = boxes.iter().map(|b| b.1).fold(0.0, f32::max);
            let mut prims = Vec::new();
            for (x, _, p) in boxes {
                prims.push(Primitive::Rect {
                    x,
                    y: 0.0,
                    width: box_w,
                    height,
                    thickness: 0.3,
                    gray: 0.3,
                });
                prims.extend(p);
            }
            self.chunks.push(Chunk {
                height,
                space_before: if row_i == 0 { 4.0 } else { gap },
                space_after: 2.0,
                prims,
                ..Chunk::default()
            });
        }
        Ok(())
    }

    /// A chart goes with what precedes it: the whole table it illustrates, header included
    /// (the heading kept with the table follows), or the line introducing it. A group taller
    /// than a page still breaks, between the table's rows.
    fn keep_with_chart(&mut self) {
        let table = self.chunks.last().and_then(|c| c.table);
        for c in self.chunks.iter_mut().rev() {
            if c.page_break {
                break;
            }
            c.keep_with_next = true;
            if table.is_none() || c.table != table {
                break;
            }
        }
    }

    /// A horizontal bar chart: category labels right-aligned left of the axis, bars
    /// proportional to the counts on a round scale (ticks, light grid lines), each count at its
    /// bar's end. One chunk, never split — unless it is taller than a page, when it continues
    /// on the next with its own axis and the same scale.
    fn bar_chart(&mut self, chart: &BarChart) -> Result<()> {
        let label_style = Style::new(8.5).leading(1.2).align(Align::Right);
        let mut label_w: f32 = 0.0;
        for b in &chart.bars {
            label_w = label_w.max(fonts::text_width(
                FontStyle::Regular,
                &b.label,
                label_style.size,
            )?);
        }
        // As wide as the longest label (which wraps beyond 40 % of the line), and a quarter of
        // the line at least, so that charts one above the other share their axis.
        let label_w = (label_w + 0.5).clamp(WIDTH * 0.25, WIDTH * 0.4);
        let max = chart.bars.iter().map(|b| b.value).max().unwrap_or(0);
        let (step, end) = chart_scale(max);
        let axis_x = LEFT + INSET + label_w + 3.0;
        let count_room = fonts::text_width(
            FontStyle::Bold,
            &french_number(u64::from(max)),
            CHART_COUNT_SIZE,
        )? + 2.5;
        let plot_w = RIGHT - INSET - axis_x - count_room;
        let geometry = ChartGeometry {
            axis_x,
            plot_w,
            step,
            end,
        };
        // Rows, grouped so that no piece is taller than a page.
        let mut rows = Vec::with_capacity(chart.bars.len());
        for b in &chart.bars {
            let (labels, h) = set_at(&plain(&b.label), &label_style, LEFT + INSET, label_w, 0.0)?;
            rows.push((b.value, labels, h.max(CHART_BAR_HEIGHT)));
        }
        let room = BODY_BOTTOM - PRINTABLE.y - 40.0;
        let mut pieces: Vec<Vec<(u32, Vec<Primitive>, f32)>> = vec![Vec::new()];
        let mut height = 0.0;
        for row in rows {
            let h = row.2 + CHART_ROW_GAP;
            if height + h > room && pieces.last().is_some_and(|p| !p.is_empty()) {
                pieces.push(Vec::new());
                height = 0.0;
            }
            height += h;
            if let Some(p) = pieces.last_mut() {
                p.push(row);
            }
        }
        for piece in pieces {
            let chunk = geometry.chunk(piece)?;
            self.chunks.push(chunk);
        }
        Ok(())
    }

    fn image(&mut self, bytes: &[u8], error: impl FnOnce() -> String) -> Result<usize> {
        let (format, w, h) = sniff_image(bytes).ok_or_else(|| Error::Format(error()))?;
        self.images.push(ImageAsset {
            format,
            width_px: w,
            height_px: h,
            bytes: bytes.to_vec(),
        });
        Ok(self.images.len() - 1)
    }
}

/// Places chunks on pages between `first_top` (the first page's top differs) or `other_top`
/// and `bottom`. Returns each page's body primitives.
fn paginate(
    chunks: &[Chunk],
    headers: &[Chunk],
    first_top: f32,
    other_top: f32,
    bottom: f32,
) -> Vec<Vec<Primitive>> {
    let mut pages: Vec<Vec<Primitive>> = vec![Vec::new()];
    let mut y = first_top;
    let mut at_top = true;
    let mut pending_after = 0.0f32;
    let full_page = bottom - other_top;
    let place = |pages: &mut Vec<Vec<Primitive>>, c: &Chunk, top: f32| {
        if let Some(page) = pages.last_mut() {
            page.extend(c.prims.iter().cloned().map(|mut p| {
                p.shift(top);
                p
            }));
        }
    };
    let mut i = 0;
    while i < chunks.len() {
        let c = &chunks[i];
        if c.page_break {
            if !at_top {
                pages.push(Vec::new());
                y = other_top;
                at_top = true;
                pending_after = 0.0;
            }
            i += 1;
            continue;
        }
        let gap = if at_top {
            0.0
        } else {
            c.space_before.max(pending_after)
        };
        // The chunk and those it must stay with.
        let mut need = gap + c.height;
        let mut j = i;
        while chunks[j].keep_with_next && j + 1 < chunks.len() && !chunks[j + 1].page_break {
            j += 1;
            need += chunks[j].space_before.max(chunks[j - 1].space_after) + chunks[j].height;
        }
        let fits = |need: f32| y + need <= bottom + 0.001;
        let breaks = !at_top && (!fits(need) && (need - gap <= full_page || !fits(gap + c.height)));
        let mut gap = gap;
        if breaks {
            pages.push(Vec::new());
            y = other_top;
            gap = 0.0;
            if let Some(h) = c.table.and_then(|t| headers.get(t)) {
                place(&mut pages, h, y);
                y += h.height;
            }
        }
        place(&mut pages, c, y + gap);
        y += gap + c.height;
        pending_after = c.space_after;
        at_top = false;
        i += 1;
    }
    pages
}

// ---------------------------------------------------------------------------------------------
// Bar charts

/// Size of the counts at the bars' ends, pt.
const CHART_COUNT_SIZE: f32 = 8.5;
/// Size of the scale's figures, pt.
const CHART_TICK_SIZE: f32 = 7.0;
/// Thickness of a bar, mm.
const CHART_BAR_HEIGHT: f32 = 4.2;
/// Space between two bars, mm.
const CHART_ROW_GAP: f32 = 1.8;
/// Grey level of the bars.
pub const CHART_BAR_GRAY: f32 = 0.45;

/// A whole number the French way: digits grouped by three with a narrow no-break space
/// (`12 345`).
pub(crate) fn french_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

/// A round step for a chart's scale (1, 2 or 5 times a power of ten) making at most five
/// intervals up to `max`, and the scale's end (a multiple of the step, at least one step).
fn chart_scale(max: u32) -> (u64, u64) {
    let max = u64::from(max);
    let mut power: u64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = m * power;
            let intervals = max.div_ceil(step);
            if intervals <= 5 {
                return (step, intervals.max(1) * step);
            }
        }
        power *= 10;
    }
}

/// What every piece of one chart shares.
struct ChartGeometry {
    axis_x: f32,
    plot_w: f32,
    step: u64,
    end: u64,
}

impl ChartGeometry {
    /// One piece of a chart: its rows (count, label runs from y = 0, row height), the grid,
    /// the axes and the scale under them.
    fn chunk(&self, rows: Vec<(u32, Vec<Primitive>, f32)>) -> Result<Chunk> {
        let unit = self.plot_w / self.end as f32;
        let top = 1.0;
        let cap = 0.72 * CHART_COUNT_SIZE * MM_PER_PT;
        let mut bars = Vec::new();
        let mut texts = Vec::new();
        let mut y = top;
        for (value, labels, row_h) in rows {
            let bar_top = y + (row_h - CHART_BAR_HEIGHT) / 2.0;
            let (lt, lb) = labels
                .iter()
                .map(Primitive::bounds)
                .fold((f32::MAX, f32::MIN), |(t, b), p| (t.min(p.1), b.max(p.3)));
            // Labels centred on their bar.
            let dy = if lt <= lb {
                bar_top + CHART_BAR_HEIGHT / 2.0 - (lt + lb) / 2.0
            } else {
                y
            };
            texts.extend(labels.into_iter().map(|mut p| {
                p.shift(dy);
                p
            }));
            let width = value as f32 * unit;
            if value > 0 {
                bars.push(Primitive::Fill {
                    x: self.axis_x,
                    y: bar_top,
                    width,
                    height: CHART_BAR_HEIGHT,
                    gray: CHART_BAR_GRAY,
                });
            }
            texts.push(Primitive::Text(run(
                &french_number(u64::from(value)),
                FontStyle::Bold,
                CHART_COUNT_SIZE,
                self.axis_x + width + 1.2,
                bar_top + CHART_BAR_HEIGHT / 2.0 + cap / 2.0,
                0.0,
            )?));
            y += row_h + CHART_ROW_GAP;
        }
        let bottom = y - CHART_ROW_GAP + 1.0;
        let mut prims = Vec::new();
        let ticks = self.end / self.step;
        let tick_base = bottom + 1.2 + ASCENT * CHART_TICK_SIZE * MM_PER_PT;
        for k in 0..=ticks {
            let value = k * self.step;
            let x = self.axis_x + value as f32 * unit;
            if k > 0 {
                prims.push(Primitive::Line {
                    x1: x,
                    y1: top - 0.5,
                    x2: x,
                    y2: bottom,
                    thickness: 0.15,
                    gray: 0.8,
                });
            }
            let mut t = run(
                &french_number(value),
                FontStyle::Regular,
                CHART_TICK_SIZE,
                0.0,
                tick_base,
                0.35,
            )?;
            t.x = x - t.width / 2.0;
            texts.push(Primitive::Text(t));
        }
        prims.extend(bars);
        for (x1, y1, x2, y2) in [
            (self.axis_x, top - 0.5, self.axis_x, bottom),
            (self.axis_x, bottom, self.axis_x + self.plot_w, bottom),
        ] {
            prims.push(Primitive::Line {
                x1,
                y1,
                x2,
                y2,
                thickness: 0.3,
                gray: 0.2,
            });
        }
        prims.extend(texts);
        Ok(Chunk {
            height: tick_base + DESCENT * CHART_TICK_SIZE * MM_PER_PT + 0.5,
            space_before: 3.0,
            space_after: 4.0,
            prims,
            ..Chunk::default()
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Header, footer, watermark

fn run(text: &str, style: FontStyle, size: f32, x: f32, y: f32, gray: f32) -> Result<TextRun> {
    Ok(TextRun {
        x,
        y,
        text: text.to_string(),
        style,
        size,
        width: fonts::text_width(style, text, size)?,
        word_spacing: 0.0,
        gray,
        angle: 0.0,
    })
}

/// The first page's header; returns its primitives and where the body starts.
fn first_header(
    header: &Header,
    logo: Option<usize>,
    images: &[ImageAsset],
) -> Result<(Vec<Primitive>, f32)> {
    let mut prims = Vec::new();
    let mut text_x = LEFT;
    let mut bottom = TOP;
    if let Some(i) = logo {
        let (w, h) = fit(&images[i], 32.0, 20.0);
        prims.push(Primitive::Image {
            x: LEFT,
            y: TOP,
            width: w,
            height: h,
            image: i,
        });
        text_x = LEFT + w + 5.0;
        bottom = TOP + h;
    }
    let width = RIGHT - text_x;
    let mut y = TOP;
    let (p, h) = set_at(
        &plain(&header.name),
        &Style::new(12.0).bold().leading(1.2),
        text_x,
        width,
        y,
    )?;
    prims.extend(p);
    y += h + 0.5;
    let small = Style::new(8.5).leading(1.3).gray(0.2);
    if !header.uai.is_empty() {
        let (p, h) = set_at(
            &plain(&format!("UAI : {}", header.uai)),
            &small,
            text_x,
            width,
            y,
        )?;
        prims.extend(p);
        y += h;
    }
    for line in header
        .address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let (p, h) = set_at(&plain(line), &small, text_x, width, y)?;
        prims.extend(p);
        y += h;
    }
    let rule = bottom.max(y) + 2.5;
    prims.push(Primitive::Line {
        x1: LEFT,
        y1: rule,
        x2: RIGHT,
        y2: rule,
        thickness: 0.35,
        gray: 0.25,
    });
    Ok((prims, rule + 6.0))
}

/// The one-line header of later pages: the establishment at left, the title at right.
fn later_header(header: &Header, title: &str) -> Result<(Vec<Primitive>, f32)> {
    let size = 8.0;
    let base = TOP + ASCENT * size * MM_PER_PT;
    let mut left = header.name.clone();
    if !header.uai.is_empty() {
        left.push_str(&format!(" — UAI {}", header.uai));
    }
    let l = run(&left, FontStyle::Bold, size, LEFT, base, 0.25)?;
    let mut prims = vec![];
    let mut t = run(title, FontStyle::Regular, size, 0.0, base, 0.35)?;
    if !title.is_empty() && l.width + 6.0 + t.width <= WIDTH {
        t.x = RIGHT - t.width;
        prims.push(Primitive::Text(t));
    }
    if l.width <= WIDTH {
        prims.push(Primitive::Text(l));
    } else {
        let (p, _) = set_at(
            &plain(&left),
            &Style::new(size).bold().gray(0.25),
            LEFT,
            WIDTH,
            TOP,
        )?;
        prims.extend(p.into_iter().take(1));
    }
    let rule = TOP + 5.0;
    prims.push(Primitive::Line {
        x1: LEFT,
        y1: rule,
        x2: RIGHT,
        y2: rule,
        thickness: 0.25,
        gray: 0.4,
    });
    Ok((prims, rule + 6.0))
}

fn qr_modules(payload: &str) -> Result<Vec<String>> {
    // One fixed mask pattern: choosing the "best" of the eight is most of the encoding time,
    // and any mask reads back the same.
    let segments = qrcodegen::QrSegment::make_segments(payload);
    let qr = qrcodegen::QrCode::encode_segments_advanced(
        &segments,
        qrcodegen::QrCodeEcc::Medium,
        qrcodegen::Version::MIN,
        qrcodegen::Version::MAX,
        Some(qrcodegen::Mask::new(0)),
        true,
    )
    .map_err(|_| {
        Error::Format("Le contenu du QR code est trop long pour être imprimé.".to_string())
    })?;
    let n = qr.size();
    Ok((0..n)
        .map(|y| {
            (0..n)
                .map(|x| if qr.get_module(x, y) { '#' } else { '.' })
                .collect()
        })
        .collect())
}

fn footer(footer: &Footer, page: usize, pages: usize, qr: &[String]) -> Result<Vec<Primitive>> {
    let size = 8.0;
    let qr_x = RIGHT - QR_SIZE;
    let qr_y = BOTTOM - QR_SIZE;
    let rule = qr_y - 2.5;
    let mut prims = vec![Primitive::Line {
        x1: LEFT,
        y1: rule,
        x2: RIGHT,
        y2: rule,
        thickness: 0.25,
        gray: 0.4,
    }];
    let lh = size * 1.45 * MM_PER_PT;
    let first = qr_y + ASCENT * size * MM_PER_PT + 1.0;
    let page_text = format!("Page {page} / {pages}");
    let mut p = run(&page_text, FontStyle::Bold, size + 1.0, 0.0, first, 0.0)?;
    p.x = qr_x - 5.0 - p.width;
    let max_left = p.x - 4.0 - LEFT;
    let mut y = first;
    for (label, value) in [
        ("Référence : ", &footer.reference),
        ("Empreinte : ", &footer.fingerprint_short),
    ] {
        if value.is_empty() {
            continue;
        }
        let mut spans = plain(label);
        spans.push(Span {
            text: value.clone(),
            bold: false,
            italic: false,
        });
        let mut text = format!("{label}{value}");
        // A very long reference is cut rather than run into the page number.
        while fonts::text_width(FontStyle::Regular, &text, size)? > max_left
            && text.chars().count() > 4
        {
            text.pop();
        }
        prims.push(Primitive::Text(run(
            &text,
            FontStyle::Regular,
            size,
            LEFT,
            y,
            0.2,
        )?));
        y += lh;
    }
    prims.push(Primitive::Text(run(
        "Le QR code reprend la référence et l'empreinte du document.",
        FontStyle::Italic,
        7.0,
        LEFT,
        y,
        0.45,
    )?));
    prims.push(Primitive::Text(p));
    if !qr.is_empty() {
        prims.push(Primitive::Qr {
            x: qr_x,
            y: qr_y,
            size: QR_SIZE,
            modules: qr.to_vec(),
        });
    }
    Ok(prims)
}

/// "BROUILLON" across the page, as large as the printable area allows.
fn watermark() -> Result<Primitive> {
    let text = "BROUILLON";
    let angle: f32 = 50.0;
    let (sin, cos) = angle.to_radians().sin_cos();
    let unit = fonts::text_width(FontStyle::Bold, text, 1.0)?;
    let cap = 0.72 * MM_PER_PT;
    // Bounding box of the rotated text at size 1, to fit it in the printable area.
    let bw = unit * cos + (ASCENT + DESCENT) * MM_PER_PT * sin;
    let bh = unit * sin + (ASCENT + DESCENT) * MM_PER_PT * cos;
    let size = (0.9 * WIDTH / bw)
        .min(0.9 * PRINTABLE.height / bh)
        .min(110.0);
    let w = unit * size;
    let (cx, cy) = (LEFT + WIDTH / 2.0, TOP + PRINTABLE.height / 2.0);
    // Start of the baseline so that the text's centre is the page's centre.
    let (u, v) = (-w / 2.0, cap * size / 2.0);
    Ok(Primitive::Text(TextRun {
        x: cx + u * cos + v * sin,
        y: cy - u * sin + v * cos,
        text: text.to_string(),
        style: FontStyle::Bold,
        size,
        width: w,
        word_spacing: 0.0,
        gray: 0.88,
        angle,
    }))
}

/// Lays a document out on A4 pages.
///
/// # Errors
/// [`Error::Format`] when the logo or a signature is not a readable PNG or JPEG, when a
/// signature is given for a slot the document has no box for, or when the QR payload is too
/// long.
pub fn layout(input: &LayoutInput) -> Result<Layout> {
    let mut flow = Flow {
        signatures: &input.signatures,
        images: Vec::new(),
        chunks: Vec::new(),
        table_headers: Vec::new(),
        next_slot: 0,
    };
    let logo = match &input.header.logo {
        Some(l) => Some(flow.image(&l.bytes, || {
            "Le logo de l'établissement n'est pas une image PNG ou JPEG lisible.".to_string()
        })?),
        None => None,
    };
    for block in &input.blocks {
        flow.push_block(block)?;
    }
    if let Some(slot) = input
        .signatures
        .iter()
        .enumerate()
        .skip(flow.next_slot)
        .find_map(|(i, s)| s.as_ref().map(|_| i))
    {
        return Err(Error::Format(format!(
            "La signature n° {} n'a pas de cadre dans ce document, qui en compte {}.",
            slot + 1,
            flow.next_slot
        )));
    }
    let title: String = input
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Title { text } => Some(text.iter().map(|s| s.text.as_str()).collect()),
            _ => None,
        })
        .unwrap_or_default();
    let (first_prims, first_top) = first_header(&input.header, logo, &flow.images)?;
    let (later_prims, later_top) = later_header(&input.header, &title)?;
    let bodies = paginate(
        &flow.chunks,
        &flow.table_headers,
        first_top,
        later_top,
        BODY_BOTTOM,
    );
    // No payload (a document not yet registered): no QR code.
    let qr = if input.footer.qr_payload.is_empty() {
        Vec::new()
    } else {
        qr_modules(&input.footer.qr_payload)?
    };
    let count = bodies.len();
    let mark = if input.draft {
        Some(watermark()?)
    } else {
        None
    };
    let mut pages = Vec::with_capacity(count);
    for (i, body) in bodies.into_iter().enumerate() {
        let mut prims = Vec::with_capacity(body.len() + 16);
        prims.extend(mark.clone());
        prims.extend(if i == 0 {
            first_prims.clone()
        } else {
            later_prims.clone()
        });
        prims.extend(body);
        prims.extend(footer(&input.footer, i + 1, count, &qr)?);
        pages.push(Page { primitives: prims });
    }
    Ok(Layout {
        width: PAGE_WIDTH,
        height: PAGE_HEIGHT,
        printable: PRINTABLE,
        pages,
        images: flow.images,
    })
}

// ---------------------------------------------------------------------------------------------
// Reports

/// Where a report's body stops: above its one-line footer.
const REPORT_BODY_BOTTOM: f32 = BOTTOM - 10.0;

/// The first page of a report, a page of its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cover {
    /// The report's title: large, centred, a third of the way down; also printed at the top
    /// right of later pages.
    pub title: String,
    /// Lines centred under the title (the establishment, the period, the date of the figures).
    pub lines: Vec<Inline>,
    /// Blocks at the foot of the cover (a notice on what the report holds…).
    pub foot: Vec<Block>,
}

/// Everything a report's pages are made from. A report (the yearly bilan) is printed, not
/// registered: no reference, fingerprint, QR code, draft mark or signatures, but a cover page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportInput {
    /// The establishment: its letterhead on the cover, one line atop later pages.
    pub header: Header,
    /// The first page.
    pub cover: Cover,
    /// The content, from the second page on.
    pub blocks: Vec<Block>,
    /// Printed at the foot of every page, left of "Page N / M" (cut with « … » if too long).
    pub footer: String,
}

/// The height a sequence of chunks takes on a page, spaces between them included, as
/// [`paginate`] stacks them.
fn stack_height(chunks: &[Chunk]) -> f32 {
    let mut height = 0.0;
    let mut after: Option<f32> = None;
    for c in chunks {
        if let Some(a) = after {
            height += c.space_before.max(a);
        }
        height += c.height;
        after = Some(c.space_after);
    }
    height
}

impl Flow<'_> {
    /// The cover: the title and its lines a third of the way down the body, the foot's blocks
    /// at its bottom, then a page break.
    fn cover(&mut self, cover: &Cover, top: f32, bottom: f32) -> Result<()> {
        let spacer = Chunk::default();
        let mut seq = vec![spacer.clone()];
        let title = Style::new(20.0).bold().align(Align::Center).leading(1.25);
        let text = plain(&cover.title);
        // Balanced lines: the narrowest measure that needs no more lines than the full one.
        let lines = |w: f32| set_text(&text, &title, LEFT, w).map(|l| l.len());
        let count = lines(WIDTH)?;
        let mut measure = WIDTH;
        while measure > WIDTH / 2.0 && lines(measure - 2.0)? == count {
            measure -= 2.0;
        }
        seq.extend(line_chunks(
            &text,
            &title,
            LEFT + (WIDTH - measure) / 2.0,
            measure,
            0.0,
        )?);
        let line = Style::new(12.0).align(Align::Center).leading(1.5);
        for (i, l) in cover.lines.iter().enumerate() {
            seq.extend(line_chunks(
                l,
                &line,
                LEFT,
                WIDTH,
                if i == 0 { 12.0 } else { 0.0 },
            )?);
        }
        let middle = seq.len();
        seq.push(spacer);
        let start = self.chunks.len();
        for b in &cover.foot {
            self.push_block(b)?;
        }
        seq.extend(self.chunks.split_off(start));
        // What is left of the page goes above the title (a third) and below the lines.
        let free = (bottom - top - stack_height(&seq) - 0.5).max(0.0);
        seq[0].height = free / 3.0;
        seq[middle].height = free - free / 3.0;
        self.chunks.extend(seq);
        self.chunks.push(Chunk {
            page_break: true,
            ..Chunk::default()
        });
        Ok(())
    }
}

/// A report's footer: a rule, the given line at left, "Page N / M" at right.
fn report_footer(line: &str, page: usize, pages: usize) -> Result<Vec<Primitive>> {
    let size = 8.0;
    let rule = BOTTOM - 6.0;
    let base = BOTTOM - DESCENT * (size + 1.0) * MM_PER_PT - 0.3;
    let mut p = run(
        &format!("Page {page} / {pages}"),
        FontStyle::Bold,
        size + 1.0,
        0.0,
        base,
        0.0,
    )?;
    p.x = RIGHT - p.width;
    let room = p.x - 4.0 - LEFT;
    let mut text = line.to_string();
    if fonts::text_width(FontStyle::Regular, &text, size)? > room {
        while text.chars().count() > 1
            && fonts::text_width(FontStyle::Regular, &format!("{text}…"), size)? > room
        {
            text.pop();
        }
        text = format!("{}…", text.trim_end());
    }
    Ok(vec![
        Primitive::Line {
            x1: LEFT,
            y1: rule,
            x2: RIGHT,
            y2: rule,
            thickness: 0.25,
            gray: 0.4,
        },
        Primitive::Text(run(&text, FontStyle::Regular, size, LEFT, base, 0.25)?),
        Primitive::Text(p),
    ])
}

/// Lays a report out on A4 pages: the cover, then the blocks under a one-line header, each
/// page with the report's footer.
///
/// # Errors
/// [`Error::Format`] when the logo is not a readable PNG or JPEG.
pub fn report(input: &ReportInput) -> Result<Layout> {
    let mut flow = Flow {
        signatures: &[],
        images: Vec::new(),
        chunks: Vec::new(),
        table_headers: Vec::new(),
        next_slot: 0,
    };
    let logo = match &input.header.logo {
        Some(l) => Some(flow.image(&l.bytes, || {
            "Le logo de l'établissement n'est pas une image PNG ou JPEG lisible.".to_string()
        })?),
        None => None,
    };
    let (first_prims, first_top) = first_header(&input.header, logo, &flow.images)?;
    let (later_prims, later_top) = later_header(&input.header, &input.cover.title)?;
    flow.cover(&input.cover, first_top, REPORT_BODY_BOTTOM)?;
    for block in &input.blocks {
        flow.push_block(block)?;
    }
    let bodies = paginate(
        &flow.chunks,
        &flow.table_headers,
        first_top,
        later_top,
        REPORT_BODY_BOTTOM,
    );
    let count = bodies.len();
    let mut pages = Vec::with_capacity(count);
    for (i, body) in bodies.into_iter().enumerate() {
        let mut prims = Vec::with_capacity(body.len() + 8);
        prims.extend(if i == 0 {
            first_prims.clone()
        } else {
            later_prims.clone()
        });
        prims.extend(body);
        prims.extend(report_footer(&input.footer, i + 1, count)?);
        pages.push(Page { primitives: prims });
    }
    Ok(Layout {
        width: PAGE_WIDTH,
        height: PAGE_HEIGHT,
        printable: PRINTABLE,
        pages,
        images: flow.images,
    })
}
