//! The renderer: a [`Layout`] drawn as PDF bytes with printpdf. It decides nothing about where
//! things go — every position comes from the layout — and knows nothing of blocks or
//! templates, so adding a document type never touches this file.
//!
//! Fonts are embedded as subsets of the four Liberation Sans faces (only the faces and glyphs
//! the document uses; glyph ids unchanged, so printpdf's widths and text extraction map stay
//! right). Justification is drawn with `TJ` offsets after each space (`Tw` does not apply to
//! the two-byte codes of an embedded font). PNG images keep their transparency; JPEG bytes
//! are embedded as they are.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDateTime, Timelike};
use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Greyscale, Line, LinePoint, Mm, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Pt, RawImage, Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use super::fonts::{self, FontStyle};
use super::layout::{jpeg_frame, ImageAsset, ImageFormat, Layout, Primitive, TextRun};
use crate::{Error, Result};

/// The PDF's document information.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfMeta {
    /// Title (shown by viewers instead of the file name).
    pub title: String,
    /// Author: the establishment or the person who issued the document.
    pub author: String,
    /// Subject, e.g. "Contrat PAFI de Léa Martin".
    pub subject: String,
    /// Creation date and time (local time), passed in: the core never reads the clock.
    pub created: NaiveDateTime,
}

const PT_PER_MM: f32 = 72.0 / 25.4;

fn pt(mm: f32) -> Pt {
    Pt(mm * PT_PER_MM)
}

/// A face parsed once for printpdf: an empty shell (no bytes, no character map, no widths)
/// that each document fills with its subset and with the characters it uses only — printpdf
/// copies fonts several times while saving, so they had better be small.
struct PdfFace {
    shell: ParsedFont,
    /// Advance of every glyph, in font units.
    widths: BTreeMap<u16, u16>,
}

fn pdf_faces() -> Result<&'static [PdfFace; 4]> {
    static FACES: OnceLock<std::result::Result<[PdfFace; 4], String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let parse = |style: FontStyle| {
                let mut warnings = Vec::new();
                let mut shell = ParsedFont::from_bytes(fonts::font_bytes(style), 0, &mut warnings)
                    .ok_or_else(|| format!("Police {} illisible.", style.postscript_name()))?;
                shell.font_name = Some(style.postscript_name().to_string());
                shell.original_bytes = Vec::new();
                shell.codepoint_to_glyph = BTreeMap::new();
                let widths = std::mem::take(&mut shell.glyph_widths);
                Ok::<_, String>(PdfFace { shell, widths })
            };
            Ok([
                parse(FontStyle::Regular)?,
                parse(FontStyle::Bold)?,
                parse(FontStyle::Italic)?,
                parse(FontStyle::BoldItalic)?,
            ])
        })
        .as_ref()
        .map_err(|e| Error::Format(e.clone()))
}

fn pdf_date(d: &NaiveDateTime) -> printpdf::OffsetDateTime {
    printpdf::OffsetDateTime {
        date: printpdf::Date {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        },
        time: printpdf::Time {
            hour: d.hour() as u8,
            minute: d.minute() as u8,
            second: d.second() as u8,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

fn gray(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

fn pdf_error(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Format(format!(
        "Impossible de produire le PDF ({what}) : {detail}."
    ))
}

/// Draws `layout` as a PDF.
///
/// # Errors
/// [`Error::Format`] if an image cannot be decoded or printpdf reports an error.
pub fn pdf(layout: &Layout, meta: &PdfMeta) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "Accroche".to_string();
    info.producer = "Accroche (printpdf)".to_string();
    info.creation_date = pdf_date(&meta.created);
    info.modification_date = pdf_date(&meta.created);
    info.metadata_date = pdf_date(&meta.created);

    // Fonts: a subset of each face the layout uses.
    let mut used: BTreeMap<FontStyle, BTreeSet<char>> = BTreeMap::new();
    for page in &layout.pages {
        for p in &page.primitives {
            if let Primitive::Text(t) = p {
                used.entry(t.style).or_default().extend(t.text.chars());
            }
        }
    }
    let faces = pdf_faces()?;
    let mut font_ids: BTreeMap<FontStyle, FontId> = BTreeMap::new();
    for (n, (style, chars)) in used.iter().enumerate() {
        let face = &faces[FontStyle::ALL.iter().position(|s| s == style).unwrap_or(0)];
        let mut font = face.shell.clone();
        let mut glyphs = BTreeSet::new();
        // The usual French repertoire is always embedded, so that the documents of a batch
        // mostly carry the same font program, deflated once (`deflate_font`).
        for c in BASE_REPERTOIRE.chars().chain(chars.iter().copied()) {
            let gid = fonts::glyph_id(*style, c)?;
            if gid != 0 {
                font.codepoint_to_glyph.insert(u32::from(c), gid);
            }
            glyphs.insert(gid);
        }
        for gid in &glyphs {
            if let Some(w) = face.widths.get(gid) {
                font.glyph_widths.insert(*gid, *w);
            }
        }
        font.original_bytes = subset_cached(*style, glyphs)?;
        let id = FontId(format!("F{}", n + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(font));
        font_ids.insert(*style, id);
    }

    let images = layout
        .images
        .iter()
        .map(|img| Ok(doc.add_xobject(&image_xobject(img)?)))
        .collect::<Result<Vec<XObjectId>>>()?;

    let mut painter = Painter {
        ops: Vec::new(),
        page_h: layout.height,
        fonts: &font_ids,
        images: &images,
        qr_forms: Vec::new(),
        in_text: false,
        font: None,
        fill: None,
        stroke: None,
        thickness: None,
    };
    let mut pages = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        painter.start_page();
        for p in &page.primitives {
            painter.draw(&mut doc, p)?;
        }
        painter.end_text();
        let ops = std::mem::take(&mut painter.ops);
        pages.push(PdfPage::new(Mm(layout.width), Mm(layout.height), ops));
    }
    doc.with_pages(pages);

    // printpdf's own saving deflates every stream at the slowest setting; the document is
    // serialised without it and its streams deflated here, the fast way.
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(pdf_error("printpdf", &w.msg));
    }
    for object in lo.objects.values_mut() {
        if let Ok(stream) = object.as_stream_mut() {
            if stream.allows_compression && !stream.dict.has(b"Filter") {
                // A font program (`Length1`) is the same from one document to the next.
                let deflated = if stream.dict.has(b"Length1") {
                    deflate_font(&stream.content)
                } else {
                    zlib(&stream.content)
                };
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(deflated);
            }
        }
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| pdf_error("écriture", e))?;
    Ok(bytes)
}

/// Characters embedded whether a document uses them or not (see [`pdf`]): printable ASCII,
/// French letters and typography.
const BASE_REPERTOIRE: &str = concat!(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`",
    "abcdefghijklmnopqrstuvwxyz{|}~",
    "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»‘’“”…–—€°·\u{a0}\u{202f}",
);

/// `make(key)`, or its value from `cache` when the same key came before. A batch of documents
/// embeds the same font subsets again and again; the cache keeps the last 16 (four faces, a few
/// glyph sets each: more means documents of another kind of text).
fn memo<K, V, E>(
    cache: &'static OnceLock<std::sync::Mutex<std::collections::HashMap<K, V>>>,
    key: K,
    make: impl FnOnce(&K) -> std::result::Result<V, E>,
) -> std::result::Result<V, E>
where
    K: std::hash::Hash + Eq,
    V: Clone,
{
    let cache = cache.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|map| map.get(&key).cloned()) {
        return Ok(hit);
    }
    let value = make(&key)?;
    if let Ok(mut map) = cache.lock() {
        if map.len() >= 16 {
            map.clear();
        }
        map.insert(key, value.clone());
    }
    Ok(value)
}

type Cache<K> = OnceLock<std::sync::Mutex<std::collections::HashMap<K, Vec<u8>>>>;

/// [`fonts::subset`], remembered.
fn subset_cached(style: FontStyle, glyphs: BTreeSet<u16>) -> Result<Vec<u8>> {
    static SUBSETS: Cache<(FontStyle, BTreeSet<u16>)> = OnceLock::new();
    memo(&SUBSETS, (style, glyphs), |(style, glyphs)| {
        fonts::subset(*style, glyphs)
    })
}

/// A font program deflated, remembered: deflating them was most of the renderer's work.
fn deflate_font(program: &[u8]) -> Vec<u8> {
    static DEFLATED: Cache<Vec<u8>> = OnceLock::new();
    memo(&DEFLATED, program.to_vec(), |p| {
        Ok::<_, std::convert::Infallible>(zlib(p))
    })
    .unwrap_or_else(|never| match never {})
}

fn name(n: &str) -> DictItem {
    DictItem::Name(n.as_bytes().to_vec())
}

/// An image stream dictionary.
fn image_dict(w: usize, h: usize, space: &str, filter: &str) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(w as i64)),
        ("Height".to_string(), DictItem::Int(h as i64)),
        ("ColorSpace".to_string(), name(space)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
        ("Filter".to_string(), name(filter)),
    ])
}

/// An image as a PDF image XObject: JPEG bytes as they are; PNG decoded, its colour and its
/// alpha (as a soft mask) deflated apart.
fn image_xobject(img: &ImageAsset) -> Result<ExternalXObject> {
    let stream = match img.format {
        ImageFormat::Jpeg => {
            let (components, w, h) = jpeg_frame(&img.bytes)
                .ok_or_else(|| pdf_error("image JPEG illisible", "en-tête absent"))?;
            let space = match components {
                1 => "DeviceGray",
                4 => "DeviceCMYK",
                _ => "DeviceRGB",
            };
            ExternalStream {
                dict: image_dict(w as usize, h as usize, space, "DCTDecode"),
                content: img.bytes.clone(),
                compress: false,
            }
        }
        ImageFormat::Png => {
            let mut warnings = Vec::new();
            let raw = RawImage::decode_from_bytes(&img.bytes, &mut warnings)
                .map_err(|e| pdf_error("image PNG illisible", e))?;
            let (color, channels, alpha) = split_pixels(&raw)?;
            let (w, h) = (raw.width, raw.height);
            let space = if channels == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            let mut dict = image_dict(w, h, space, "FlateDecode");
            if let Some(alpha) = alpha {
                dict.insert(
                    "SMask".to_string(),
                    DictItem::Stream {
                        stream: ExternalStream {
                            dict: image_dict(w, h, "DeviceGray", "FlateDecode"),
                            content: zlib(&alpha),
                            compress: false,
                        },
                    },
                );
            }
            ExternalStream {
                dict,
                content: zlib(&color),
                compress: false,
            }
        }
    };
    Ok(ExternalXObject {
        stream,
        width: None,
        height: None,
        dpi: None,
    })
}

/// Decoded pixels as 8-bit colour samples (1 or 3 channels) and an alpha plane, dropped when
/// the image is opaque.
fn split_pixels(raw: &RawImage) -> Result<(Vec<u8>, usize, Option<Vec<u8>>)> {
    use printpdf::{RawImageData, RawImageFormat as F};
    let samples: std::borrow::Cow<'_, [u8]> = match &raw.pixels {
        RawImageData::U8(v) => v.as_slice().into(),
        RawImageData::U16(v) => v.iter().map(|s| (s >> 8) as u8).collect::<Vec<_>>().into(),
        RawImageData::F32(v) => v
            .iter()
            .map(|s| (s.clamp(0.0, 1.0) * 255.0) as u8)
            .collect::<Vec<_>>()
            .into(),
    };
    let (channels, has_alpha, bgr) = match raw.data_format {
        F::R8 | F::R16 => (1, false, false),
        F::RG8 | F::RG16 => (1, true, false),
        F::RGB8 | F::RGB16 | F::RGBF32 => (3, false, false),
        F::RGBA8 | F::RGBA16 | F::RGBAF32 => (3, true, false),
        F::BGR8 => (3, false, true),
        F::BGRA8 => (3, true, true),
    };
    let stride = channels + usize::from(has_alpha);
    let n = raw.width * raw.height;
    let Some(samples) = samples.get(..n * stride) else {
        return Err(pdf_error("image PNG illisible", "pixels manquants"));
    };
    if !has_alpha && !bgr {
        return Ok((samples.to_vec(), channels, None));
    }
    let mut color = vec![0u8; n * channels];
    for (dst, px) in color
        .chunks_exact_mut(channels)
        .zip(samples.chunks_exact(stride))
    {
        dst.copy_from_slice(&px[..channels]);
        if bgr {
            dst.swap(0, 2);
        }
    }
    if !has_alpha {
        return Ok((color, channels, None));
    }
    let alpha: Vec<u8> = samples
        .chunks_exact(stride)
        .map(|px| px[channels])
        .collect();
    let opaque = alpha.iter().all(|a| *a == 255);
    Ok((color, channels, (!opaque).then_some(alpha)))
}

/// A QR code as a form XObject in module units (`n` × `n`), drawn once and placed on every page.
fn qr_form(modules: &[String]) -> ExternalXObject {
    let n = modules.len();
    let mut content = String::from("0 g\n");
    for (row, line) in modules.iter().enumerate() {
        let bytes = line.as_bytes();
        let mut col = 0;
        while col < bytes.len() {
            if bytes[col] != b'#' {
                col += 1;
                continue;
            }
            let start = col;
            while col < bytes.len() && bytes[col] == b'#' {
                col += 1;
            }
            // One rectangle per run of dark modules; PDF's y axis goes up.
            let _ = writeln!(content, "{start} {} {} 1 re", n - 1 - row, col - start);
        }
    }
    content.push_str("f\n");
    let size = DictItem::Int(n as i64);
    let dict = BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Form")),
        (
            "BBox".to_string(),
            DictItem::Array(vec![DictItem::Int(0), DictItem::Int(0), size.clone(), size]),
        ),
        ("Filter".to_string(), name("FlateDecode")),
    ]);
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: zlib(content.as_bytes()),
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    }
}

/// Turns primitives into page operations, setting colours, fonts and text objects only when
/// they change (a page of text stays small, so it deflates fast).
struct Painter<'a> {
    ops: Vec<Op>,
    page_h: f32,
    fonts: &'a BTreeMap<FontStyle, FontId>,
    images: &'a [XObjectId],
    /// QR codes already drawn as form XObjects (usually one per document).
    qr_forms: Vec<(Vec<String>, XObjectId)>,
    in_text: bool,
    font: Option<(FontStyle, f32)>,
    fill: Option<f32>,
    stroke: Option<f32>,
    thickness: Option<f32>,
}

impl Painter<'_> {
    fn start_page(&mut self) {
        self.in_text = false;
        self.font = None;
        self.fill = None;
        self.stroke = None;
        self.thickness = None;
    }

    fn y(&self, top: f32) -> Pt {
        pt(self.page_h - top)
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn fill(&mut self, level: f32) {
        if self.fill != Some(level) {
            self.ops.push(Op::SetFillColor { col: gray(level) });
            self.fill = Some(level);
        }
    }

    fn stroke(&mut self, level: f32, thickness: f32) {
        if self.stroke != Some(level) {
            self.ops.push(Op::SetOutlineColor { col: gray(level) });
            self.stroke = Some(level);
        }
        if self.thickness != Some(thickness) {
            self.ops.push(Op::SetOutlineThickness { pt: pt(thickness) });
            self.thickness = Some(thickness);
        }
    }

    /// Places an XObject's unit square (or form box) scaled by (`sx`, `sy`) at a lower-left
    /// corner.
    fn place(&mut self, id: XObjectId, x: f32, bottom: f32, sx: f32, sy: f32) {
        self.end_text();
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(x)),
                translate_y: Some(self.y(bottom)),
                scale_x: Some(sx),
                scale_y: Some(sy),
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        });
    }

    fn rect(&mut self, x: f32, top: f32, width: f32, height: f32, mode: PaintMode) {
        let rectangle = Rect {
            x: pt(x),
            y: self.y(top + height),
            width: pt(width),
            height: pt(height),
            mode: Some(mode),
            winding_order: None,
        };
        self.ops.push(Op::DrawRectangle { rectangle });
    }

    fn draw(&mut self, doc: &mut PdfDocument, p: &Primitive) -> Result<()> {
        match p {
            Primitive::Text(t) => {
                let font = self
                    .fonts
                    .get(&t.style)
                    .ok_or_else(|| pdf_error("police", "face non chargée"))?
                    .clone();
                if !self.in_text {
                    self.ops.push(Op::StartTextSection);
                    self.in_text = true;
                }
                self.fill(t.gray);
                if self.font != Some((t.style, t.size)) {
                    self.ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font),
                        size: Pt(t.size),
                    });
                    self.font = Some((t.style, t.size));
                }
                let (sin, cos) = t.angle.to_radians().sin_cos();
                let y = self.y(t.y).0;
                self.ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Raw([cos, sin, -sin, cos, pt(t.x).0, y]),
                });
                self.ops.push(Op::ShowText {
                    items: text_items(t),
                });
            }
            Primitive::Line {
                x1,
                y1,
                x2,
                y2,
                thickness,
                gray: g,
            } => {
                self.end_text();
                self.stroke(*g, *thickness);
                let point = |x: f32, y: Pt| LinePoint {
                    p: Point { x: pt(x), y },
                    bezier: false,
                };
                let line = Line {
                    points: vec![point(*x1, self.y(*y1)), point(*x2, self.y(*y2))],
                    is_closed: false,
                };
                self.ops.push(Op::DrawLine { line });
            }
            Primitive::Rect {
                x,
                y,
                width,
                height,
                thickness,
                gray: g,
            } => {
                self.end_text();
                self.stroke(*g, *thickness);
                self.rect(*x, *y, *width, *height, PaintMode::Stroke);
            }
            Primitive::Fill {
                x,
                y,
                width,
                height,
                gray: g,
            } => {
                self.end_text();
                self.fill(*g);
                self.rect(*x, *y, *width, *height, PaintMode::Fill);
            }
            Primitive::Image {
                x,
                y,
                width,
                height,
                image,
            } => {
                let id = self
                    .images
                    .get(*image)
                    .ok_or_else(|| pdf_error("image", "référence inconnue"))?
                    .clone();
                // The image's unit square scaled to its box.
                self.place(id, *x, y + height, pt(*width).0, pt(*height).0);
            }
            Primitive::Qr {
                x,
                y,
                size,
                modules,
            } => {
                let id = match self.qr_forms.iter().find(|(m, _)| m == modules) {
                    Some((_, id)) => id.clone(),
                    None => {
                        let id = doc.add_xobject(&qr_form(modules));
                        self.qr_forms.push((modules.clone(), id.clone()));
                        id
                    }
                };
                let scale = pt(*size).0 / modules.len().max(1) as f32;
                self.place(id, *x, y + size, scale, scale);
            }
        }
        Ok(())
    }
}

/// A zlib stream (RFC 1950/1951) made fast rather than small: one block of fixed Huffman codes,
/// greedy matches found through a hash of the next three bytes. Pictures and QR forms, mostly
/// flat colour, shrink as well as with the best settings at a fraction of the time.
fn zlib(data: &[u8]) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, len: u32) {
            self.acc |= u64::from(value) << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, sent most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            self.put(code.reverse_bits() >> (32 - len), len);
        }
        fn literal(&mut self, sym: u32) {
            match sym {
                0..=143 => self.code(0x30 + sym, 8),
                144..=255 => self.code(0x190 + sym - 144, 9),
                256..=279 => self.code(sym - 256, 7),
                _ => self.code(0xC0 + sym - 280, 8),
            }
        }
    }
    const LEN_BASE: [u16; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const LEN_EXTRA: [u8; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    const DIST_BASE: [u16; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ];
    const DIST_EXTRA: [u8; 30] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ];
    const WINDOW: usize = 32_768;
    const HASH_BITS: u32 = 15;

    let mut bits = Bits {
        out: Vec::with_capacity(data.len() / 4 + 64),
        acc: 0,
        n: 0,
    };
    bits.out.extend_from_slice(&[0x78, 0x01]);
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let hash = |i: usize| {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let mut i = 0;
    while i < data.len() {
        let mut best = 0;
        let mut dist = 0;
        if i + 3 <= data.len() {
            let h = hash(i);
            let cand = head[h];
            head[h] = i;
            if cand != usize::MAX && i - cand <= WINDOW {
                let max = (data.len() - i).min(258);
                let word = |at: usize| {
                    let mut w = [0u8; 8];
                    w.copy_from_slice(&data[at..at + 8]);
                    u64::from_le_bytes(w)
                };
                // Eight bytes at a time, then the first differing byte.
                let mut l = 0;
                while l + 8 <= max {
                    let diff = word(cand + l) ^ word(i + l);
                    if diff != 0 {
                        l += (diff.trailing_zeros() / 8) as usize;
                        break;
                    }
                    l += 8;
                }
                if l + 8 > max {
                    while l < max && data[cand + l] == data[i + l] {
                        l += 1;
                    }
                }
                if l >= 3 {
                    best = l;
                    dist = i - cand;
                }
            }
        }
        if best == 0 {
            bits.literal(u32::from(data[i]));
            i += 1;
            continue;
        }
        let lc = LEN_BASE.partition_point(|&b| usize::from(b) <= best) - 1;
        bits.literal(257 + lc as u32);
        bits.put(
            (best - usize::from(LEN_BASE[lc])) as u32,
            u32::from(LEN_EXTRA[lc]),
        );
        let dc = DIST_BASE.partition_point(|&b| usize::from(b) <= dist) - 1;
        bits.code(dc as u32, 5);
        bits.put(
            (dist - usize::from(DIST_BASE[dc])) as u32,
            u32::from(DIST_EXTRA[dc]),
        );
        // Index the matched bytes too (but not all of a long run: enough to find it again).
        let end = i + best;
        let mut k = i + 1;
        while k < end && k + 3 <= data.len() {
            head[hash(k)] = k;
            k += if best > 32 { 8 } else { 1 };
        }
        i = end;
    }
    bits.literal(256);
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65_521;
        b %= 65_521;
    }
    bits.out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    bits.out
}

fn text_items(t: &TextRun) -> Vec<TextItem> {
    if t.word_spacing <= 0.0 || !t.text.contains(' ') {
        return vec![TextItem::Text(t.text.clone())];
    }
    // TJ offsets are in thousandths of an em; a negative one moves right.
    let offset = -(t.word_spacing * PT_PER_MM) / t.size * 1000.0;
    let mut items = Vec::new();
    let mut rest = t.text.as_str();
    while let Some(at) = rest.find(' ') {
        items.push(TextItem::Text(rest[..=at].to_string()));
        items.push(TextItem::Offset(offset));
        rest = &rest[at + 1..];
    }
    if !rest.is_empty() {
        items.push(TextItem::Text(rest.to_string()));
    }
    items
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
        lopdf::Stream::new(dict, z.to_vec())
            .decompressed_content()
            .unwrap()
    }

    #[test]
    fn zlib_streams_inflate_back() {
        let mut noise = Vec::new();
        let mut x = 12_345u32;
        for _ in 0..100_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            noise.push((x >> 16) as u8);
        }
        let flat = vec![255u8; 200_000];
        let text = "BT /F1 10 Tf <0024> Tj ET\n".repeat(3000).into_bytes();
        for data in [Vec::new(), b"ab".to_vec(), noise, flat.clone(), text] {
            assert_eq!(
                inflate(&zlib(&data)),
                data,
                "{} bytes round-trip",
                data.len()
            );
        }
        assert!(
            zlib(&flat).len() < 2_000,
            "flat colour shrinks: {}",
            zlib(&flat).len()
        );
    }
}
