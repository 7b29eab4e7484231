"""Figures the reports show, computed from plain data: score distributions (phổ điểm) and their bands."""
