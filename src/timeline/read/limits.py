"""Ceilings on what one file may unfold into; read as `limits.X` so tests can lower them.

Workbooks and Parquet are compressed, so a file of a few kilobytes can declare millions of rows
(or a gigabyte of text) and exhaust a shared server's memory; a CSV of 200 MB of line ends is
200 million rows. The ceilings sit well above real timelines (a million realistic events:
15 columns, 232 MB of Parquet text).
"""

MAX_ROWS = 2_000_000  # records, including those that cannot be parsed
MAX_CELLS = 64_000_000  # records x columns
MAX_UNPACKED = 512 * 2**20  # bytes of workbook XML or Parquet data once decompressed
