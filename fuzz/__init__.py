"""Fuzz targets for khparse (atheris, coverage-guided; see fuzz/fuzz_readers.py and `make fuzz`)."""
