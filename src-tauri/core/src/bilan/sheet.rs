//! The bilan as a spreadsheet (XLSX, one sheet per table, numbers as numbers) and as CSV.
