//! The documents' typeface: Liberation Sans (SIL OFL 1.1, `assets/fonts/`), regular, bold, italic
//! and bold italic, embedded in the binary. Owns glyph metrics (what [`super::layout`] measures
//! lines with) and the font subsets [`super::render`] embeds in each PDF.
//!
//! Widths are in thousandths of an em, truncated exactly as the PDF `/W` array stores them, so
//! a line measured here ends where a PDF viewer draws it. Must not know about pages or blocks.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// One of the four faces of the documents' typeface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FontStyle {
    /// Liberation Sans Regular.
    Regular,
    /// Liberation Sans Bold.
    Bold,
    /// Liberation Sans Italic.
    Italic,
    /// Liberation Sans Bold Italic.
    BoldItalic,
}

impl FontStyle {
    /// The four faces, in a fixed order.
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ];

    /// The face with the given weight and slant.
    pub fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    /// The PostScript name of the face, as the PDF names it.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontStyle::Regular => "LiberationSans",
            FontStyle::Bold => "LiberationSans-Bold",
            FontStyle::Italic => "LiberationSans-Italic",
            FontStyle::BoldItalic => "LiberationSans-BoldItalic",
        }
    }

    fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }
    }
}

const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-BoldItalic.ttf");

/// Millimetres per typographic point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Height of the ascender above the baseline, in em (the same for the four faces).
pub const ASCENT: f32 = 0.905;
/// Depth of the descender below the baseline, in em.
pub const DESCENT: f32 = 0.212;

/// Characters below this code point have their glyph and width in a dense table.
const DENSE: usize = 0x2200;

/// Metrics of one face: glyph ids and advances in thousandths of an em.
struct FaceMetrics {
    /// For each code point below [`DENSE`]: (glyph id, width); glyph 0 means "not in the font".
    dense: Vec<(u16, u16)>,
    /// The rarer code points, looked up once.
    sparse: HashMap<char, (u16, u16)>,
}

impl FaceMetrics {
    fn load(bytes: &'static [u8]) -> Result<Self> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| Error::Format(format!("Police intégrée illisible : {e}.")))?;
        let upm = f32::from(face.units_per_em().max(1));
        let lookup = |c: char| -> (u16, u16) {
            match face.glyph_index(c) {
                Some(gid) => {
                    let adv = f32::from(face.glyph_hor_advance(gid).unwrap_or(0));
                    // Truncated like printpdf's `/W` entries, so measure and drawing agree.
                    (gid.0, (adv * 1000.0 / upm) as u16)
                }
                None => (0, 0),
            }
        };
        let dense = (0..DENSE as u32)
            .map(|cp| char::from_u32(cp).map_or((0, 0), lookup))
            .collect();
        // A few characters beyond the dense table that documents use.
        let sparse = ['€', '…', '™', '•', '✓', '■', '□', '\u{FB01}', '\u{FB02}']
            .into_iter()
            .filter(|c| (*c as usize) >= DENSE)
            .map(|c| (c, lookup(c)))
            .collect();
        Ok(FaceMetrics { dense, sparse })
    }

    fn glyph(&self, c: char) -> (u16, u16) {
        let cp = c as usize;
        if cp < DENSE {
            self.dense[cp]
        } else {
            self.sparse.get(&c).copied().unwrap_or((0, 0))
        }
    }
}

struct Fonts {
    faces: [FaceMetrics; 4],
}

fn fonts() -> Result<&'static Fonts> {
    static FONTS: OnceLock<std::result::Result<Fonts, String>> = OnceLock::new();
    let loaded = FONTS.get_or_init(|| {
        let load = |b| FaceMetrics::load(b).map_err(|e| e.to_string());
        Ok(Fonts {
            faces: [
                load(REGULAR)?,
                load(BOLD)?,
                load(ITALIC)?,
                load(BOLD_ITALIC)?,
            ],
        })
    });
    loaded.as_ref().map_err(|e| Error::Format(e.clone()))
}

fn face(style: FontStyle) -> Result<&'static FaceMetrics> {
    Ok(&fonts()?.faces[style.index()])
}

/// The font file of a face, as embedded in the binary.
pub fn font_bytes(style: FontStyle) -> &'static [u8] {
    match style {
        FontStyle::Regular => REGULAR,
        FontStyle::Bold => BOLD,
        FontStyle::Italic => ITALIC,
        FontStyle::BoldItalic => BOLD_ITALIC,
    }
}

/// Whether the face has a glyph for `c` (every face has the same coverage).
pub fn supports(c: char) -> bool {
    face(FontStyle::Regular).is_ok_and(|f| f.glyph(c).0 != 0)
}

/// The glyph id of `c` in a face (0, the "missing glyph" box, if it has none).
pub fn glyph_id(style: FontStyle, c: char) -> Result<u16> {
    Ok(face(style)?.glyph(c).0)
}

/// The advance of `text` in thousandths of an em (characters the font lacks count as zero).
pub fn text_units(style: FontStyle, text: &str) -> Result<u32> {
    let f = face(style)?;
    Ok(text.chars().map(|c| u32::from(f.glyph(c).1)).sum())
}

/// The width of `text` set in `style` at `size` points, in millimetres.
pub fn text_width(style: FontStyle, text: &str, size: f32) -> Result<f32> {
    Ok(text_units(style, text)? as f32 / 1000.0 * size * MM_PER_PT)
}

/// A copy of a face keeping only the outlines of `glyphs` (and the glyphs they are built from),
/// with every glyph id unchanged: the other glyphs are left empty and those after the last one
/// kept are dropped. Keeps the tables a PDF TrueType font program needs (ISO 32000-1, 9.9:
/// `head hhea loca maxp cvt prep glyf hmtx fpgm`) plus `OS/2` and a name-less `post`; drops
/// `cmap` (a CID font is reached by glyph id), layout tables and names.
///
/// # Errors
/// [`Error::Format`] if the font file is not the TrueType file expected.
pub fn subset(style: FontStyle, glyphs: &BTreeSet<u16>) -> Result<Vec<u8>> {
    subset_truetype(font_bytes(style), glyphs)
        .map_err(|e| Error::Format(format!("Police {} : {e}", style.postscript_name())))
}

fn be16(d: &[u8], at: usize) -> std::result::Result<u16, String> {
    d.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or_else(|| "fichier tronqué".to_string())
}

fn be32(d: &[u8], at: usize) -> std::result::Result<u32, String> {
    d.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| "fichier tronqué".to_string())
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

fn subset_truetype(font: &[u8], glyphs: &BTreeSet<u16>) -> std::result::Result<Vec<u8>, String> {
    let num_tables = usize::from(be16(font, 4)?);
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(num_tables);
    for i in 0..num_tables {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font
            .get(rec..rec + 4)
            .and_then(|t| t.try_into().ok())
            .ok_or("répertoire des tables tronqué")?;
        let off = be32(font, rec + 8)? as usize;
        let len = be32(font, rec + 12)? as usize;
        let data = font.get(off..off + len).ok_or("table hors du fichier")?;
        tables.push((tag, data));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let head = table(b"head").ok_or("table head absente")?;
    let maxp = table(b"maxp").ok_or("table maxp absente")?;
    let loca = table(b"loca").ok_or("table loca absente (police non TrueType)")?;
    let glyf = table(b"glyf").ok_or("table glyf absente (police non TrueType)")?;
    let long_loca = be16(head, 50)? == 1;
    let num_glyphs = usize::from(be16(maxp, 4)?);
    let offsets: Vec<usize> = (0..=num_glyphs)
        .map(|g| {
            if long_loca {
                be32(loca, 4 * g).map(|o| o as usize)
            } else {
                be16(loca, 2 * g).map(|o| 2 * usize::from(o))
            }
        })
        .collect::<std::result::Result<_, _>>()?;
    let outline = |g: usize| -> &[u8] {
        match (offsets.get(g), offsets.get(g + 1)) {
            (Some(&a), Some(&b)) if a <= b => glyf.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    };

    // The glyphs to keep: those asked for, .notdef, and the components of composite glyphs.
    let mut keep: BTreeSet<u16> = BTreeSet::new();
    let mut todo: Vec<u16> = glyphs.iter().copied().chain([0]).collect();
    while let Some(g) = todo.pop() {
        if usize::from(g) >= num_glyphs || !keep.insert(g) {
            continue;
        }
        let data = outline(usize::from(g));
        if data.len() < 10 || be16(data, 0)? & 0x8000 == 0 {
            continue;
        }
        let mut at = 10;
        loop {
            let flags = be16(data, at)?;
            todo.push(be16(data, at + 2)?);
            at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            at += if flags & 0x0008 != 0 {
                2
            } else if flags & 0x0040 != 0 {
                4
            } else if flags & 0x0080 != 0 {
                8
            } else {
                0
            };
            if flags & 0x0020 == 0 {
                break;
            }
        }
    }

    // Glyphs after the last one kept are dropped; ids are unchanged.
    let count = keep.last().map_or(1, |g| usize::from(*g) + 1);
    let mut new_glyf = Vec::new();
    let mut starts = Vec::with_capacity(count + 1);
    for g in 0..count {
        starts.push(new_glyf.len());
        if keep.contains(&(g as u16)) {
            new_glyf.extend_from_slice(outline(g));
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    starts.push(new_glyf.len());
    // Short offsets (halved, 16 bits) when the outlines fit in 128 KiB.
    let short_loca = new_glyf.len() < 0x2_0000;
    let new_loca: Vec<u8> = if short_loca {
        starts
            .iter()
            .flat_map(|o| ((o / 2) as u16).to_be_bytes())
            .collect()
    } else {
        starts
            .iter()
            .flat_map(|o| (*o as u32).to_be_bytes())
            .collect()
    };

    let hhea = table(b"hhea").ok_or("table hhea absente")?;
    let hmtx = table(b"hmtx").ok_or("table hmtx absente")?;
    let long_metrics = usize::from(be16(hhea, 34)?);
    let kept_long = long_metrics.min(count);
    let hmtx_len = 4 * kept_long + 2 * (count - kept_long);
    let new_hmtx = hmtx.get(..hmtx_len).ok_or("table hmtx tronquée")?.to_vec();
    let mut new_hhea = hhea.to_vec();
    new_hhea
        .get_mut(34..36)
        .ok_or("table hhea tronquée")?
        .copy_from_slice(&(kept_long as u16).to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp
        .get_mut(4..6)
        .ok_or("table maxp tronquée")?
        .copy_from_slice(&(count as u16).to_be_bytes());

    let mut new_head = head.to_vec();
    new_head
        .get_mut(8..12)
        .ok_or("table head tronquée")?
        .copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)
        .ok_or("table head tronquée")?
        .copy_from_slice(&u16::from(!short_loca).to_be_bytes());

    // `post` version 3: the metrics without the glyph names.
    let mut new_post = vec![0u8; 32];
    new_post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    if let Some(post) = table(b"post").and_then(|p| p.get(4..16)) {
        new_post[4..16].copy_from_slice(post);
    }

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for (tag, data) in &tables {
        let kept = match tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            b"head" => new_head.clone(),
            b"post" => new_post.clone(),
            b"hhea" => new_hhea.clone(),
            b"hmtx" => new_hmtx.clone(),
            b"maxp" => new_maxp.clone(),
            b"cvt " | b"fpgm" | b"prep" | b"OS/2" => data.to_vec(),
            _ => continue,
        };
        out_tables.push((*tag, kept));
    }
    out_tables.sort_by_key(|t| t.0);

    let n = out_tables.len();
    let mut entry_selector = 0u16;
    while (2usize << entry_selector) <= n {
        entry_selector += 1;
    }
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&((n as u16) * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * n;
    let mut head_at = None;
    for (tag, data) in &out_tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &out_tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn covers_french_typography() {
        for c in "éèêàçœŒ«»—’€\u{202F}\u{00A0}ÉÀÇ".chars() {
            assert!(
                supports(c),
                "the font must have a glyph for {c:?} (U+{:04X})",
                c as u32
            );
        }
    }

    #[test]
    fn subset_keeps_glyph_ids_and_parses() {
        let used: BTreeSet<u16> = "Élève œuvré"
            .chars()
            .map(|c| glyph_id(FontStyle::Regular, c).unwrap())
            .collect();
        let bytes = subset(FontStyle::Regular, &used).unwrap();
        assert!(
            bytes.len() < 40_000,
            "a subset stays small: {} bytes",
            bytes.len()
        );
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        let e = ttf_parser::GlyphId(glyph_id(FontStyle::Regular, 'É').unwrap());
        assert!(
            face.outline_glyph(e, &mut NullPen).is_some(),
            "a used glyph keeps its outline at its id"
        );
        let full = ttf_parser::Face::parse(font_bytes(FontStyle::Regular), 0).unwrap();
        assert_eq!(
            face.glyph_hor_advance(e),
            full.glyph_hor_advance(e),
            "metrics are kept"
        );
        let z = ttf_parser::GlyphId(glyph_id(FontStyle::Regular, 'Z').unwrap());
        assert!(
            face.outline_glyph(z, &mut NullPen).is_none(),
            "an unused glyph is emptied"
        );
    }

    struct NullPen;
    impl ttf_parser::OutlineBuilder for NullPen {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
}
