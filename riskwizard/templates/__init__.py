"""The practice templates that ship with the program (JSON data files)."""
