# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Dashboard chart source "Year Learning Results": ``school_reports.dashboard.learning_results`` for the reader's scope."""

from hoso_longan.school_reports import dashboard

get = dashboard.chart_source(dashboard.learning_results)
