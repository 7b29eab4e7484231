"""``bench --site SITE hoso-longan …``: the app's bench commands (Frappe reads ``hoso_longan.commands.commands``).

- ``issue-demo-certificates``: a demo-PKI certificate (NOT FOR PRODUCTION) and a Signing Certificate for
  every enabled staff user of the site, an organisational certificate registered as each school's School
  Seal Certificate, and the demo root as the site's trust anchor; refused unless the site allows tests
  (``allow_tests`` in site_config), so it never reaches a real school's site.
"""

from __future__ import annotations

import click
from frappe.commands import get_site, pass_context


@click.group("hoso-longan")
def hoso_longan():
	"""Hồ sơ số: sample data and test certificates."""


@hoso_longan.command("issue-demo-certificates")
@click.option("--user", "users", multiple=True, help="Only these users (e-mail); default: every staff user")
@pass_context
def issue_demo_certificates(context, users):
	"""Issue demo certificates to the site's staff users (test sites only)."""
	import frappe

	from hoso_longan.services.demo_certificates import issue_for_site

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		issued = issue_for_site(list(users) or None)
		frappe.db.commit()
	finally:
		frappe.destroy()
	for user, name in issued.items():
		click.echo(f"{user}: {name}")
	click.echo(f"{len(issued)} chứng thư thử nghiệm (KHÔNG DÙNG THẬT); mật khẩu tệp .p12: demo")


commands = [hoso_longan]
