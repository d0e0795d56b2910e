"""Plain helpers with no models: parsing, period arithmetic, spreadsheet safety."""
