"""The statutory law the tracker applies: pure Python, no Django import.

Everything here is specified by ``shared/foi-law.md``; tests cite that file row by row.
"""
