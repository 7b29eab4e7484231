"""hoso_longan: digital school records for Vietnamese lower- and upper-secondary schools.

The package is a Frappe app; everything under ``hoso_longan.core`` is framework-free and runs without Frappe.
"""

__version__ = "0.1.0"
