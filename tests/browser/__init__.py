"""Browser tests of the HTML view (a package, so its conftest does not shadow tests/conftest.py)."""
