"""Moving a practice file's contents in and out: documented JSON (later CSV/XLSX, OSCAL)."""
