# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Dashboard chart source "Maths Score Distribution": ``school_reports.dashboard.maths_distribution`` for the reader's scope."""

from hoso_longan.school_reports import dashboard

get = dashboard.chart_source(dashboard.maths_distribution)
