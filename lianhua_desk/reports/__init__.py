"""PDF (reportlab) and Excel documents: the annual report, roster sheet, subsidy
statement, mediation agreement and case-file cover, periodic statistics.

Each document module has `write(ctx, ..., out)`; the data comes from
`services.reports`, which takes every figure from `services.stats.year_stats`.
"""
