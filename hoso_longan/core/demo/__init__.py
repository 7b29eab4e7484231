"""The embedded default: the whole year-end job on a generated sample school, without Frappe.

Compute (TT22 engine) → build records → render (WeasyPrint) → sign through each chain (demo PKI) →
archive for CD/USB → verify, plus a transfer out and back in. The same functions serve the Frappe app's
background jobs, one class per job.
"""
