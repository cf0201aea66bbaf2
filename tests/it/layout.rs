//! The document engine: block markup → layout model → PDF. A sample using every block kind is
//! laid out (snapshot of the model, pagination rules, nothing outside the printable area) and
//! rendered (read back with poppler's pdftotext and pdfinfo, checked with qpdf, rendered to PNG
//! under `$CARGO_TARGET_DIR/documents/` for the eye).

use std::path::PathBuf;
use std::process::Command;

use accroche_core::documents::fonts::FontStyle;
use accroche_core::documents::layout::{
    dump, layout, outside_printable_area, Footer, Header, Layout, LayoutInput, Logo, Primitive,
    SignatureImage, TextRun, PRINTABLE,
};
use accroche_core::documents::markup::{self, Block};
use accroche_core::documents::render::{pdf, PdfMeta};
use accroche_core::Error;
use accroche_tests::morning;

/// Every block kind, with French typography to honour; invented people only.
const SAMPLE: &str = r#"# Contrat de parcours aménagé de formation initiale (PAFI)

## Article 1 — Objet du contrat

Le présent contrat est conclu entre le lycée, l’élève **Léa Moreau-Fictive**, ses représentants légaux et les partenaires désignés ci-dessous. Il fixe les objectifs du parcours, son emploi du temps, les activités proposées et les engagements de chacun ; il est établi pour une durée déterminée et peut être révisé à tout moment à la demande d’une des parties : l’élève reste inscrite au lycée pendant toute la durée du parcours.
L’œuvre commune de l’équipe éducative et de la famille est de permettre à l’élève de *retrouver le sens des apprentissages* et de construire un projet de formation réaliste. Le référent décrochage scolaire en assure le suivi régulier, en lien avec le professeur principal et le conseiller principal d’éducation.

### Objectifs fixés avec l’élève

1. Reprendre une scolarité régulière en classe de seconde professionnelle.
2. Découvrir deux métiers du secteur de la restauration lors de stages d’observation ; l’élève tiendra un carnet de bord qu’elle présentera lors des bilans.
10. Préparer, avec le psychologue de l’éducation nationale, une orientation choisie pour la rentrée suivante.

- Un entretien de suivi a lieu toutes les deux semaines avec le référent.
- La famille est informée de chaque étape
  et participe aux bilans intermédiaires.
- L’élève peut demander à tout moment à revoir son emploi du temps : « je veux changer » suffit !

> **Confidentialité.** Les informations échangées dans le cadre de ce parcours relèvent du secret partagé : elles ne sont communiquées qu’aux personnes qui en ont besoin pour accompagner l’élève.
>
> Ce document ne doit pas être transmis à des tiers.

## Article 2 — Calendrier et activités

::: table 18,22,40,20
| Date | Lieu | Activité | Tuteur |
| 02/11/2026 | Lycée | Entretien d’accueil et signature du contrat | M. Benhamou |
| 03/11/2026 | Restaurant « Le Fictif » | Découverte du service en salle | Mme Garnier |
| 04/11/2026 | Lycée | Cours de français et de mathématiques | Mme Roussel |
| 05/11/2026 | CIO | Entretien avec la psychologue de l’éducation nationale | Mme Lefèvre |
| 06/11/2026 | Lycée | Atelier **remobilisation** : estime de soi | M. Benhamou |
| 09/11/2026 | Boulangerie Essai | Observation du fournil, hygiène et sécurité | M. Caron |
| 10/11/2026 | Lycée | Cours d’enseignement professionnel | M. Dubreuil |
| 11/11/2026 | — | Férié | — |
| 12/11/2026 | Mission locale | Présentation de l’offre de service | Mme Haddad |
| 13/11/2026 | Lycée | Bilan intermédiaire avec la famille | M. Benhamou |
| 16/11/2026 | Restaurant « Le Fictif » | Mise en place, accueil des clients | Mme Garnier |
| 17/11/2026 | Lycée | Cours de français et de mathématiques | Mme Roussel |
| 18/11/2026 | Lycée | Accompagnement personnalisé : méthodes de travail | Mme Roussel |
| 19/11/2026 | CFA Exemple | Journée portes ouvertes, rencontre des apprentis | M. Perrin |
| 20/11/2026 | Lycée | Atelier remobilisation : projet professionnel | M. Benhamou |
| 23/11/2026 | Boulangerie Essai | Fabrication des viennoiseries, travail en équipe et respect des consignes de sécurité | M. Caron |
| 24/11/2026 | Lycée | Cours d’enseignement professionnel | M. Dubreuil |
| 25/11/2026 | Lycée | Entretien de suivi | M. Benhamou |
| 26/11/2026 | Restaurant « Le Fictif » | Service du midi | Mme Garnier |
| 27/11/2026 | Lycée | Bilan du mois avec l’élève et sa famille | M. Benhamou |
| 30/11/2026 | Lycée | Cours de français et de mathématiques | Mme Roussel |
| 01/12/2026 | CIO | Préparation des vœux d’orientation | Mme Lefèvre |
| 02/12/2026 | Lycée | Atelier remobilisation : prise de parole | M. Benhamou |
| 03/12/2026 | Boulangerie Essai | Bilan de stage avec le tuteur | M. Caron |
| 04/12/2026 | Lycée | Bilan final et décision de la suite du parcours | M. Benhamou |
:::

## Article 3 — Emploi du temps hebdomadaire

::: timetable
| | Lundi | Mardi | Mercredi | Jeudi | Vendredi |
| Matin | Classe (2NDE3) | =Stage en entreprise | Classe (2NDE3) | =Atelier remobilisation | Classe (2NDE3) |
| Après-midi | Classe (2NDE3) | =Stage en entreprise | | =Entretien de suivi | Classe (2NDE3) |
:::

## Article 4 — Signatures

Fait en quatre exemplaires originaux, un pour chaque signataire.

::: signatures
L’élève | Léa Moreau-Fictive | Lu et approuvé
Le représentant légal | Nadia Moreau-Fictive | Lu et approuvé
Le chef d’établissement | Hélène Marchetti |
Le tuteur en entreprise | Julien Garnier | Bon pour accord
:::
"#;

/// A small RGBA PNG (stored deflate), drawn pixel by pixel.
fn png(w: u32, h: u32, pixel: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = b.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(b);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &z);
    chunk(b"IEND", &[]);
    out
}

/// A handwritten-looking stroke on a transparent background.
fn signature_png() -> Vec<u8> {
    png(240, 80, |x, y| {
        let t = x as f32 / 240.0;
        let curve = 40.0 + 22.0 * (t * 13.0).sin() * (1.0 - t) + 8.0 * (t * 31.0).cos();
        if (y as f32 - curve).abs() < 2.2 && x > 8 && x < 232 {
            [20, 30, 110, 255]
        } else {
            [255, 255, 255, 0]
        }
    })
}

/// A plain logo: a blue square with a white band.
fn logo_png() -> Vec<u8> {
    png(96, 96, |x, y| {
        if (40..56).contains(&y) && (12..84).contains(&x) {
            [255, 255, 255, 255]
        } else {
            [30, 80, 150, 255]
        }
    })
}

fn sample_input(draft: bool) -> LayoutInput {
    LayoutInput {
        header: Header {
            name: "Lycée Jean-Moulin d'Essai".into(),
            uai: "0750654D".into(),
            address: "1 rue de l'Essai\n99001 Valmont-sur-Exemple".into(),
            logo: Some(Logo {
                mime: "image/png".into(),
                bytes: logo_png(),
            }),
        },
        blocks: markup::parse(SAMPLE).unwrap(),
        footer: Footer {
            reference: "PAFI-2026-0012".into(),
            fingerprint_short: "3f2a9c1b7e04".into(),
            qr_payload: format!("PAFI-2026-0012;sha256={}", "3f2a9c1b7e04d5a6".repeat(4)),
        },
        draft,
        signatures: vec![
            None,
            Some(SignatureImage {
                png: signature_png(),
                signed_line: "Signé le 22/11/2026 à 10:00".into(),
            }),
        ],
    }
}

fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            // target/debug/deps/it-… → target
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.parent()?.to_path_buf())
        })
        .unwrap();
    let dir = target.join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn runs(layout: &Layout, page: usize) -> impl Iterator<Item = &TextRun> {
    layout.pages[page]
        .primitives
        .iter()
        .filter_map(|p| match p {
            Primitive::Text(t) => Some(t),
            _ => None,
        })
}

fn normalise(s: &str) -> String {
    s.replace(['\u{202F}', '\u{00A0}'], " ")
}

#[test]
fn sample_reads_every_block_kind() {
    let blocks = markup::parse(SAMPLE).unwrap();
    let kinds: Vec<&str> = blocks
        .iter()
        .map(|b| match b {
            Block::Title { .. } => "title",
            Block::Heading { .. } => "heading",
            Block::SubHeading { .. } => "subheading",
            Block::Paragraph { .. } => "paragraph",
            Block::List { .. } => "list",
            Block::Notice { .. } => "notice",
            Block::Table(_) => "table",
            Block::Timetable(_) => "timetable",
            Block::Signatures { .. } => "signatures",
            Block::PageBreak => "pagebreak",
            Block::BarChart(_) => "barchart",
        })
        .collect();
    for kind in [
        "title",
        "heading",
        "subheading",
        "paragraph",
        "list",
        "notice",
        "table",
        "timetable",
        "signatures",
    ] {
        assert!(
            kinds.contains(&kind),
            "the sample must use every block kind: {kind} missing from {kinds:?}"
        );
    }
    let Some(Block::List { items }) = blocks.iter().find(|b| matches!(b, Block::List { .. }))
    else {
        unreachable!()
    };
    assert_eq!(
        items[2].number.as_deref(),
        Some("10."),
        "numbers are kept as written"
    );
    let Some(Block::Table(table)) = blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
        unreachable!()
    };
    let widths = table.widths.clone().unwrap();
    assert!(
        (widths.iter().sum::<f32>() - 100.0).abs() < 0.01,
        "widths are percentages"
    );
    assert_eq!(table.rows.len(), 25, "the header row is not a body row");
}

#[test]
fn sample_layout_paginates_and_stays_in_the_printable_area() {
    let layout = layout(&sample_input(false)).unwrap();
    let n = layout.pages.len();
    assert!(n >= 2, "the sample runs over several pages, got {n}");
    for (i, page) in layout.pages.iter().enumerate() {
        let text = page.text();
        assert!(
            text.contains(&format!("Page {} / {n}", i + 1)),
            "page {} shows its number:\n{text}",
            i + 1
        );
        assert!(
            text.contains("Référence : PAFI-2026-0012"),
            "every footer names the document"
        );
        assert!(
            text.contains("Empreinte : 3f2a9c1b7e04"),
            "every footer has the fingerprint"
        );
        assert!(
            page.primitives
                .iter()
                .any(|p| matches!(p, Primitive::Qr { .. })),
            "every page has the QR code"
        );
        assert!(
            !text.contains("BROUILLON"),
            "a final document has no watermark"
        );
    }
    assert!(
        normalise(&layout.pages[0].text()).contains("UAI : 0750654D"),
        "the first page has the full header"
    );
    assert!(
        layout.pages[1]
            .text()
            .contains("Lycée Jean-Moulin d'Essai — UAI 0750654D"),
        "later pages have the one-line header"
    );

    // The table starts on page 1 and breaks onto page 2, where its header is repeated.
    let header_cells = |page: usize| {
        runs(&layout, page)
            .filter(|t| t.style == FontStyle::Bold && (t.text == "Activité" || t.text == "Tuteur"))
            .count()
    };
    assert!(
        layout.pages[0].text().contains("02/11/2026"),
        "the table starts on page 1"
    );
    assert_eq!(header_cells(0), 2, "the table's header is on page 1");
    assert_eq!(
        header_cells(1),
        2,
        "the table's header is repeated on page 2"
    );
    assert!(
        layout.pages[1].text().contains("04/12/2026"),
        "the table ends on page 2"
    );

    let overflows = outside_printable_area(&layout);
    assert!(
        overflows.is_empty(),
        "nothing may be drawn outside the printable area: {overflows:#?}"
    );

    // French typography: no line starts with a sign that belongs to the previous word.
    for (p, page) in layout.pages.iter().enumerate() {
        let text = normalise(&page.text());
        for line in text.lines() {
            let first = line.trim_start().chars().next();
            assert!(
                !matches!(first, Some(';' | ':' | '!' | '?' | '»')),
                "page {}: a line starts with a detached sign: {line:?}",
                p + 1
            );
        }
    }
    let joined: String = layout.pages.iter().map(|p| p.text()).collect();
    for piece in ["«\u{202F}je", "changer\u{202F}»", "suffit\u{202F}!"] {
        assert!(
            joined.contains(piece),
            "no-break spaces inside « » and before ! ({piece:?})"
        );
    }
    assert!(
        joined.contains("parties\u{00A0}:"),
        "a no-break space before a colon"
    );

    // Justified lines end on the right margin; a paragraph's last line does not stretch.
    let right = PRINTABLE.x + PRINTABLE.width;
    let mut justified = 0;
    let mut lines: std::collections::BTreeMap<i64, Vec<&TextRun>> = Default::default();
    for t in runs(&layout, 0).filter(|t| t.size == 10.0) {
        lines.entry((t.y * 100.0) as i64).or_default().push(t);
    }
    for runs in lines.values() {
        if runs.iter().any(|t| t.word_spacing > 0.0) {
            justified += 1;
            let end = runs.iter().map(|t| t.x + t.width).fold(0.0, f32::max);
            assert!(
                (end - right).abs() < 0.05,
                "a justified line ends on the margin, not at {end}"
            );
        }
    }
    assert!(
        justified >= 5,
        "the long paragraphs are justified ({justified} lines)"
    );

    // Four signature boxes, never split, one holding the drawn signature.
    let last = layout.pages.last().unwrap();
    let boxes = last.primitives.iter().filter(|p| matches!(p, Primitive::Rect { width, height, .. } if *width > 80.0 && *height > 30.0)).count();
    assert_eq!(boxes, 4, "four signature boxes on the last page");
    assert!(
        last.primitives
            .iter()
            .any(|p| matches!(p, Primitive::Image { image: 1, .. })),
        "the signature image is in its box"
    );
    assert!(
        last.text().contains("Signé le 22/11/2026 à 10:00"),
        "the signed box says when"
    );
    assert!(
        last.text().contains("Le ……………………… à ………………………"),
        "unsigned boxes leave date and place to fill in"
    );

    insta::assert_snapshot!("sample_layout", dump(&layout));
}

#[test]
fn headings_are_not_left_alone_at_the_foot_of_a_page() {
    // Enough paragraphs to fill page 1, then a heading that would land at its very bottom.
    let para =
        "Texte de remplissage pour occuper la page, avec des mots ordinaires et sans surprise. "
            .repeat(6);
    for filler in 5..9 {
        let mut text = String::from("# Essai\n\n");
        for _ in 0..filler {
            text.push_str(&para);
            text.push_str("\n\n");
        }
        text.push_str("## Titre orphelin\n\nPremier paragraphe après le titre.\n");
        let input = LayoutInput {
            blocks: markup::parse(&text).unwrap(),
            footer: Footer {
                qr_payload: "X;sha256=0".into(),
                ..Footer::default()
            },
            ..LayoutInput::default()
        };
        let layout = layout(&input).unwrap();
        let page_of = |needle: &str| {
            layout
                .pages
                .iter()
                .position(|p| p.text().contains(needle))
                .unwrap()
        };
        assert_eq!(
            page_of("Titre orphelin"),
            page_of("Premier paragraphe"),
            "with {filler} paragraphs, the heading goes with the paragraph that follows"
        );
    }
}

#[test]
fn a_page_break_starts_a_new_page() {
    let text = "# Essai\n\nAvant le saut.\n\n::: pagebreak\n:::\n\nAprès le saut.\n";
    let input = LayoutInput {
        blocks: markup::parse(text).unwrap(),
        ..LayoutInput::default()
    };
    let layout = layout(&input).unwrap();
    assert_eq!(layout.pages.len(), 2, "the break makes a second page");
    assert!(layout.pages[0].text().contains("Avant le saut."));
    assert!(layout.pages[1].text().contains("Après le saut."));
    assert!(
        layout.pages[1].text().contains("Page 2 / 2"),
        "later pages keep the footer"
    );
    assert!(
        !layout.pages[0]
            .primitives
            .iter()
            .any(|p| matches!(p, Primitive::Qr { .. })),
        "no QR payload, no QR code"
    );
}

#[test]
fn overflow_check_finds_what_leaves_the_printable_area() {
    let mut layout = layout(&sample_input(false)).unwrap();
    assert!(
        outside_printable_area(&layout).is_empty(),
        "{:#?}",
        outside_printable_area(&layout)
    );
    let mut stray = runs(&layout, 0).next().unwrap().clone();
    stray.x = PRINTABLE.x + PRINTABLE.width - 5.0;
    stray.width = 20.0;
    layout.pages[0].primitives.push(Primitive::Text(stray));
    let found = outside_printable_area(&layout);
    assert_eq!(
        found.len(),
        1,
        "a run past the right margin is reported: {found:?}"
    );
    assert_eq!(found[0].page, 1);
}

#[test]
fn drafts_carry_a_watermark_on_every_page() {
    let layout = layout(&sample_input(true)).unwrap();
    for (i, _) in layout.pages.iter().enumerate() {
        let mark = runs(&layout, i)
            .find(|t| t.text == "BROUILLON")
            .expect("watermark");
        assert!(
            mark.angle > 0.0 && mark.gray > 0.8,
            "diagonal and light grey: {mark:?}"
        );
    }
    assert!(
        outside_printable_area(&layout).is_empty(),
        "the watermark fits the printable area"
    );
}

#[test]
fn markup_errors_name_the_line_in_french() {
    let cases = [
        (
            "# Titre\n\n::: tableau\n| a |\n:::\n",
            "Ligne 3 : type de bloc inconnu « ::: tableau »",
        ),
        (
            "::: table\n| a | b |\n| 1 |\n:::\n",
            "Ligne 3 : cette ligne a 1 cellule alors que l'en-tête du tableau en a 2.",
        ),
        (
            "::: table 50,50,50\n| a | b |\n:::\n",
            "Ligne 1 : 3 largeurs de colonne données pour un tableau de 2 colonnes.",
        ),
        (
            "texte\n\n::: signatures\nL'élève\n:::\n",
            "Ligne 4 : une signature s'écrit « Qualité | Nom | mention »",
        ),
        (
            "::: timetable\n| | Lundi |\n| Matin |\n:::\n",
            "Ligne 3 : cette ligne a 1 cellule alors que l'en-tête de l'emploi du temps en a 2.",
        ),
        (
            "intro\n::: pagebreak\n",
            "Ligne 2 : le bloc « ::: pagebreak » n'est pas fermé",
        ),
        (
            "#### Trop profond\n",
            "Ligne 1 : « #### » n'est pas un niveau de titre",
        ),
    ];
    for (text, expected) in cases {
        match markup::parse(text) {
            Err(Error::Format(message)) => {
                assert!(message.starts_with(expected), "for {text:?}: {message}")
            }
            other => panic!("{text:?} must be refused, got {other:?}"),
        }
    }
}

#[test]
fn a_signature_without_a_box_is_refused() {
    let mut input = sample_input(false);
    input.signatures.resize(6, None);
    input.signatures[5] = Some(SignatureImage {
        png: signature_png(),
        signed_line: "Signé".into(),
    });
    match layout(&input) {
        Err(Error::Format(m)) => assert!(m.contains("n° 6"), "{m}"),
        other => panic!("a sixth signature for four boxes must be refused: {other:?}"),
    }
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| {
        panic!("{cmd} is needed (poppler-utils, qpdf: .ci/setup-debian.sh --test): {e}")
    });
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn sample_pdf_reads_back_with_its_text_and_metadata() {
    let layout = layout(&sample_input(true)).unwrap();
    let n = layout.pages.len();
    let bytes = pdf(
        &layout,
        &PdfMeta {
            title: "Contrat PAFI — Léa Moreau-Fictive".into(),
            author: "Lycée Jean-Moulin d'Essai".into(),
            subject: "Parcours aménagé de formation initiale".into(),
            created: morning(2026, 11, 22),
        },
    )
    .unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF file");
    assert!(
        bytes.len() < 250_000,
        "fonts are subset: {} bytes",
        bytes.len()
    );
    let dir = out_dir();
    let file = dir.join("sample.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();

    let text = normalise(&tool("pdftotext", &[path, "-"]));
    for expected in [
        "Contrat de parcours aménagé de formation initiale",
        "L’œuvre commune de l’équipe éducative",
        "« je veux changer » suffit !",
        "Restaurant « Le Fictif »",
        "Le chef d’établissement",
        "Signé le 22/11/2026 à 10:00",
        "Référence : PAFI-2026-0012",
        "Empreinte : 3f2a9c1b7e04",
        &format!("Page 1 / {n}"),
        &format!("Page {n} / {n}"),
    ] {
        assert!(
            text.contains(expected),
            "pdftotext gives back {expected:?}:\n{text}"
        );
    }

    let info = tool("pdfinfo", &[path]);
    assert!(
        info.contains("Contrat PAFI — Léa Moreau-Fictive"),
        "the title is set:\n{info}"
    );
    assert!(
        info.contains("Lycée Jean-Moulin d'Essai"),
        "the author is set:\n{info}"
    );
    let created = info
        .lines()
        .find(|l| l.starts_with("CreationDate:"))
        .unwrap_or_default();
    assert!(
        created.contains("2026"),
        "the creation date is the one passed in: {created}"
    );
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse::<usize>().unwrap());
    assert_eq!(pages, Some(n), "one PDF page per layout page:\n{info}");

    let check = tool("qpdf", &["--check", path]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "qpdf --check:\n{check}"
    );

    // Pages as pictures, to be looked at.
    for old in std::fs::read_dir(&dir).unwrap().flatten() {
        if old.file_name().to_string_lossy().starts_with("sample-") {
            std::fs::remove_file(old.path()).unwrap();
        }
    }
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            path,
            dir.join("sample").to_str().unwrap(),
        ],
    );
    let pngs = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("sample-"))
        .count();
    assert_eq!(pngs, n, "one picture per page in {}", dir.display());
}
