//! PAFI documents: the contract, the conventions and the bilan de parcours, read back with pdftotext.
