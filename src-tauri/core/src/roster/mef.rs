//! MEF codes (module élémentaire de formation, 11 characters) → the bilan's tracks.
//!
//! Owns the one table that says which dispositif a MEF belongs to, from its first three digits,
//! and how a MEF is shown when the school's own label is unknown. It must not guess: a prefix
//! that is not in the table is [`Track::Autre`], shown as "autre (MEF …)" so that the référent
//! sees the code and can fix the student by hand. Labels come from SIECLE's `Nomenclature.xml`
//! (see [`super::siecle::parse_nomenclature`]), never from here.

use crate::registry::{Coded, Track};

/// The ranges of MEF prefixes (first three digits, inclusive bounds) and the track each one maps
/// to. Anything outside these ranges is [`Track::Autre`].
///
/// | Prefix   | Dispositif                                              | Track           |
/// |----------|---------------------------------------------------------|-----------------|
/// | 100–103  | collège, 6e to 3e                                       | `College`       |
/// | 104–106  | 3e prépa-métiers / insertion, dispositif relais, ULIS   | `Segpa`         |
/// | 164–167  | SEGPA                                                   | `Segpa`         |
/// | 200      | 2nde générale et technologique                          | `SecondeGt`     |
/// | 201      | 1re générale                                            | `PremiereGt`    |
/// | 202      | terminale générale                                      | `TerminaleGt`   |
/// | 210–219  | lycée technologique (STMG, STI2D, ST2S…), 1re and Tle   | `PremiereGt`    |
/// | 240–242  | CAP                                                     | `Cap`           |
/// | 243–244  | BEP (counted with the vocational bac)                   | `BacPro`        |
/// | 247      | bac pro (digits 9–10: 31 2nde, 32 1re, 33 Tle)          | `BacPro`        |
/// | 310–312  | BTS and other post-bac sections of a lycée              | `PostBac`       |
/// | 740–742  | MLDS and complementary training                         | `Mlds`          |
/// | 753      | MLDS and complementary training                         | `Mlds`          |
///
/// The technological lycée (21x) is mapped to `PremiereGt` whatever the year: the bilan counts
/// 1re and terminale GT together, so splitting 21x by year would change no figure it prints.
/// Keep this table the only place where prefixes are interpreted.
pub const TRACK_RANGES: &[(u16, u16, Track)] = &[
    (100, 103, Track::College),
    (104, 106, Track::Segpa),
    (164, 167, Track::Segpa),
    (200, 200, Track::SecondeGt),
    (201, 201, Track::PremiereGt),
    (202, 202, Track::TerminaleGt),
    (210, 219, Track::PremiereGt),
    (240, 242, Track::Cap),
    (243, 244, Track::BacPro),
    (247, 247, Track::BacPro),
    (310, 312, Track::PostBac),
    (740, 742, Track::Mlds),
    (753, 753, Track::Mlds),
];

/// The bilan's track for a MEF code, from its first three digits (see [`TRACK_RANGES`]).
///
/// Surrounding spaces are ignored. A code whose first three characters are not digits, or whose
/// prefix is in no range, gives [`Track::Autre`]: this never fails and never guesses.
pub fn track_for_mef(mef: &str) -> Track {
    let prefix = match mef.trim().as_bytes().get(..3) {
        Some(p) if p.iter().all(u8::is_ascii_digit) => {
            p.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'))
        }
        _ => return Track::Autre,
    };
    TRACK_RANGES
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&prefix))
        .map_or(Track::Autre, |(_, _, track)| *track)
}

/// How a MEF is shown to the référent: the school's own label when it is known (from
/// `Nomenclature.xml`), else the track with the code ("2de GT (MEF 20010010110)"), and for a
/// prefix the table does not know, "autre (MEF 25012345678)".
pub fn mef_display(mef: &str, label: Option<&str>) -> String {
    if let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) {
        return label.to_owned();
    }
    let code = mef.trim();
    match track_for_mef(code) {
        Track::Autre => format!("autre (MEF {code})"),
        track => format!("{} (MEF {code})", track.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_maps_both_bounds_and_nothing_outside() {
        for (first, last, track) in TRACK_RANGES {
            for prefix in [*first, *last] {
                let mef = format!("{prefix}10010110");
                assert_eq!(
                    track_for_mef(&mef),
                    *track,
                    "the bound {prefix} of its range must map to {track:?}"
                );
            }
        }
        // Prefixes just outside the ranges: no range may silently swallow a neighbour.
        for prefix in [
            99, 107, 163, 168, 203, 209, 220, 239, 245, 246, 248, 250, 309, 313, 739, 743, 752, 754,
        ] {
            let mef = format!("{prefix:03}10010110");
            assert_eq!(
                track_for_mef(&mef),
                Track::Autre,
                "prefix {prefix:03} is in no range and must be Autre, not guessed"
            );
        }
    }

    #[test]
    fn ranges_do_not_overlap() {
        for (i, a) in TRACK_RANGES.iter().enumerate() {
            assert!(a.0 <= a.1, "range {a:?} is upside down");
            for b in &TRACK_RANGES[i + 1..] {
                assert!(
                    a.1 < b.0 || b.1 < a.0,
                    "ranges {a:?} and {b:?} overlap: the table would depend on its order"
                );
            }
        }
    }

    #[test]
    fn real_mef_codes_map_to_their_dispositif() {
        let cases = [
            ("10010012110", Track::College, "6e"),
            ("10310019110", Track::College, "3e"),
            ("10510019110", Track::Segpa, "dispositif relais"),
            ("16710010110", Track::Segpa, "3e SEGPA"),
            ("20010010110", Track::SecondeGt, "2nde GT"),
            ("20111010110", Track::PremiereGt, "1re générale"),
            ("20211010110", Track::TerminaleGt, "terminale générale"),
            ("21133101110", Track::PremiereGt, "1re STMG"),
            (
                "21233101110",
                Track::PremiereGt,
                "terminale STMG, grouped with 1re",
            ),
            ("24020010210", Track::Cap, "CAP"),
            ("24410010110", Track::BacPro, "BEP"),
            ("24731213310", Track::BacPro, "2nde pro"),
            ("31122305210", Track::PostBac, "BTS"),
            ("74010000010", Track::Mlds, "MLDS"),
            ("75310000010", Track::Mlds, "complementary training"),
            (
                "25012345678",
                Track::Autre,
                "other vocational (25x) is not in the table",
            ),
        ];
        for (mef, track, what) in cases {
            assert_eq!(track_for_mef(mef), track, "{mef} ({what})");
        }
    }

    #[test]
    fn malformed_codes_are_autre_without_panicking() {
        for mef in ["", "2", "20", "A0010010110", "2x0", "  ", "€€€", "é00"] {
            assert_eq!(
                track_for_mef(mef),
                Track::Autre,
                "{mef:?} has no three-digit prefix and must be Autre"
            );
        }
        assert_eq!(
            track_for_mef("  20010010110 "),
            Track::SecondeGt,
            "SIECLE pads values with spaces: they must not hide the prefix"
        );
    }

    #[test]
    fn display_prefers_the_school_label_then_the_track_then_the_code() {
        assert_eq!(
            mef_display("20010010110", Some(" 2nde générale et technologique ")),
            "2nde générale et technologique",
            "the school's own label wins, trimmed"
        );
        assert_eq!(
            mef_display("20010010110", None),
            "2de GT (MEF 20010010110)",
            "without a label, the track label and the code"
        );
        assert_eq!(
            mef_display("20010010110", Some("  ")),
            "2de GT (MEF 20010010110)",
            "a blank label counts as no label"
        );
        assert_eq!(
            mef_display("25012345678", None),
            "autre (MEF 25012345678)",
            "an unknown prefix shows the code rather than a guess"
        );
    }
}
