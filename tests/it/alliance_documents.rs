//! Alliance documents: contract, convention de partenariat, charte, compte-rendu — read back with pdftotext.
