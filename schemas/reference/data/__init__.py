"""The reference data files. A package only so that the wheel ships the CSV files in it."""
