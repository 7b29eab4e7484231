# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Dashboard chart source "Digitisation by Unit": ``school_reports.dashboard.progress_by_unit`` for the reader's scope."""

from hoso_longan.school_reports import dashboard

get = dashboard.chart_source(dashboard.progress_by_unit)
