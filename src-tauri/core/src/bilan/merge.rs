//! Consolidating many schools' anonymous JSON files: sums and distributions across schools.
