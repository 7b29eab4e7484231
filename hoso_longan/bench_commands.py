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


@hoso_longan.command("load-sample")
@click.option("--schools", type=int, default=1, show_default=True, help="Number of schools of the province")
@click.option("--offices", type=int, default=None, help="Intermediate offices (default: one per ten schools)")
@click.option("--password", default=None, help="Password of every sample account (test sites only)")
@click.option("--seed", type=int, default=2025, show_default=True)
@click.option("--workers", type=int, default=1, show_default=True, help="Processes loading schools at once")
@pass_context
def load_sample(context, schools, offices, password, seed, workers):
	"""Load a deterministic sample province: units, schools, staff, students, a year of records."""
	import time

	import frappe

	from hoso_longan.services.sample_data import load_sample as load

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	started = time.monotonic()

	def progress(done, total, description):
		click.echo(f"[{done}/{total}] {time.monotonic() - started:7.1f} s  {description}")

	try:
		frappe.set_user("Administrator")
		summary = load(
			schools=schools, password=password, seed=seed, offices=offices, progress=progress, workers=workers
		)
	finally:
		frappe.destroy()
	rate = summary.students / max(summary.seconds, 0.001)
	click.echo(
		f"{summary.schools} trường, {summary.students} học sinh trong {summary.seconds:.1f} s "
		f"({rate:.0f} học sinh/s)"
	)
	width = max(len(row["role"]) for row in summary.accounts)
	for row in summary.accounts:
		click.echo(f"{row['role']:<{width}}  {row['email']:<32}  {row['name']}")
	if password:
		click.echo("Mật khẩu: như --password")


@hoso_longan.command("remove-sample")
@pass_context
def remove_sample(context):
	"""Remove the sample province and everything it loaded (nothing else)."""
	import frappe

	from hoso_longan.services.sample_data import remove_sample as remove

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		deleted = remove()
	finally:
		frappe.destroy()
	for doctype, count in deleted.items():
		if count:
			click.echo(f"{doctype}: {count}")


commands = [hoso_longan]
