"""The Excel exchange workbook (spec/exchange-format.md), format 2
(format-1 workbooks still import: `legacy`).

`format` derives the layout from the field declarations; `export` and `template`
write it; an import runs `guard` (hostile-file checks) → `reader` (python-calamine)
→ `validate` (cells) → `plan` (match and merge) → `apply` (one transaction).
The user actions live in `services.exchange`.
"""
