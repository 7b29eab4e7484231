# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""What the desk's sidebar lists for each of the app's Role Profiles, through the call the desk makes
(``frappe.desk.desktop.get_workspace_sidebar_items`` as the user, which is also the boot's list of workspaces
the router knows): only the app's workspaces for the user's roles, none of ERPNext's or Education's. The
defect seen: an office's staff had "Home", "Education", "Quality", "Website", "Tools"… beside their own.

And what a user who types another workspace's address is answered: refused in Vietnamese, with their own
workspace to go back to (public/js/desk/refused_page.js draws the page).
"""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.boot import linked_from
from hoso_longan.setup.desk import MODULE_PROFILE, blocked_modules, keep_module_profile
from hoso_longan.tests.factories import create_world
from hoso_longan.tests.test_report_refusals import desk_call
from hoso_longan.tests.test_role_profiles import _profile_user

SIDEBAR = "frappe.desk.desktop.get_workspace_sidebar_items"
TEACHERS = {"Giáo viên"}
LEADERSHIP = "Lãnh đạo nhà trường"
ADMINISTRATION = "Quản trị hồ sơ số"
# Role Profile → the workspaces its users' sidebar lists.
EXPECTED = {
	"School Subject Teacher": TEACHERS,
	"School Homeroom Teacher": TEACHERS,
	"School Head of Department": TEACHERS,
	"School Principal": {LEADERSHIP, ADMINISTRATION},
	"School Vice Principal": {LEADERSHIP, *TEACHERS},
	"School Records Administrator": {ADMINISTRATION, LEADERSHIP},
	"School Office Staff": {"Văn thư"},
	"Province Department Staff": {"Quản lý giáo dục"},
	"Local Education Office Staff": {"Quản lý giáo dục"},
}
# Workspaces of the other apps an office's staff saw before.
OTHER_APPS = {"Home", "Education", "Quality", "Support", "Users", "Website", "Tools", "Integrations", "Build"}


class TestDeskSidebar(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.w = w = create_world()
		s = w.suffix.lower()
		units = {"Province Department Staff": w.province, "Local Education Office Staff": w.office1}
		cls.users = {
			profile: _profile_user(f"sb{index}-{s}@hoso.test", profile, units.get(profile, w.school_a))
			for index, profile in enumerate(EXPECTED)
		}

	def setUp(self):
		frappe.local.lang = "vi"

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()

	def sidebar(self, user: str) -> list[frappe._dict]:
		frappe.set_user(user)
		return [frappe._dict(page) for page in desk_call(SIDEBAR)["pages"]]

	def test_each_role_profile_sees_only_its_own_workspaces_of_the_app(self):
		app_modules = set(frappe.get_module_list("hoso_longan"))
		for profile, expected in EXPECTED.items():
			with self.subTest(profile=profile):
				pages = self.sidebar(self.users[profile])
				self.assertEqual({page.name for page in pages}, expected)
				self.assertTrue(all(page.module in app_modules and page.public for page in pages), pages)
				self.assertFalse(OTHER_APPS & {page.name for page in pages})

	def test_the_search_bar_offers_only_what_the_sidebar_leads_to(self):
		"""The boot's ``can_search`` and ``all_reports`` are what the search bar lists. Frappe's own lists hold
		every DocType a desk user may read ("Quality Goal", "Address", "Note") and every report without roles
		(ERPNext's "UAE VAT 201")."""
		from frappe.boot import get_bootinfo

		app_modules = set(frappe.get_module_list("hoso_longan"))
		for profile, user in self.users.items():
			with self.subTest(profile=profile):
				frappe.set_user(user)
				frappes_own = frappe.get_user().load_user()
				boot = get_bootinfo()
				doctypes, reports = linked_from(page.name for page in boot.allowed_workspaces)
				for doctype in boot.user.can_search:
					module = frappe.db.get_value("DocType", doctype, "module")
					self.assertTrue(doctype in doctypes or module in app_modules, (doctype, module))
				for report in boot.user.all_reports:
					module = frappe.db.get_value("Report", report, "module")
					self.assertTrue(report in reports or module in app_modules, (report, module))
				self.assertTrue({"Quality Goal", "Address", "Note"} <= set(frappes_own.can_search))
				self.assertFalse({"Quality Goal", "Address", "Note"} & set(boot.user.can_search))
				self.assertFalse({"Quality Goal", "Address", "Note"} - set(boot.user.can_read))
				# What the workspace leads to stays searchable.
				self.assertIn("Class Assessment Book", boot.user.can_search)
				self.assertEqual(
					{report for report in reports if report in frappes_own.all_reports},
					reports & set(boot.user.all_reports),
				)

	def test_a_user_without_the_apps_module_profile_keeps_frappes_search(self):
		frappe.set_user("Administrator")
		from frappe.boot import get_bootinfo

		self.assertIn("Quality Goal", get_bootinfo().user.can_search)

	def test_each_user_lands_on_a_workspace_of_their_sidebar(self):
		for profile, user in self.users.items():
			with self.subTest(profile=profile):
				home = frappe.db.get_value("User", user, "default_workspace")
				self.assertIn(home, {page.name for page in self.sidebar(user)})

	def test_the_profile_blocks_every_other_apps_module_and_none_of_the_apps(self):
		blocked = frappe.get_all(
			"Block Module", filters={"parenttype": "Module Profile", "parent": MODULE_PROFILE}, pluck="module"
		)
		self.assertEqual(sorted(blocked), blocked_modules())
		self.assertTrue({"Setup", "Education", "Core", "Website", "Quality Management"} <= set(blocked))
		self.assertFalse(set(frappe.get_module_list("hoso_longan")) & set(blocked))
		for user in self.users.values():
			self.assertEqual(frappe.db.get_value("User", user, "module_profile"), MODULE_PROFILE)

	def test_a_user_whose_blocks_fell_behind_the_profile_gets_them_back_at_migrate(self):
		user = self.users["Local Education Office Staff"]
		frappe.db.delete("Block Module", {"parenttype": "User", "parent": user, "module": "Setup"})
		frappe.clear_cache(user=user)
		self.assertIn("Home", {page.name for page in self.sidebar(user)})  # ERPNext's, of module Setup
		frappe.set_user("Administrator")
		keep_module_profile()
		self.assertEqual({page.name for page in self.sidebar(user)}, {"Quản lý giáo dục"})

	def test_a_user_taken_off_the_apps_profiles_loses_its_module_profile_and_a_chosen_one_stays(self):
		s = self.w.suffix.lower()
		user = _profile_user(f"sb-off-{s}@hoso.test", "School Office Staff", self.w.school_a)
		doc = frappe.get_doc("User", user)
		doc.role_profile_name = None
		doc.save(ignore_permissions=True)
		self.assertFalse(doc.module_profile)
		self.assertFalse(doc.block_modules)
		chosen = "Chosen " + s
		if not frappe.db.exists("Module Profile", chosen):
			frappe.get_doc(
				{
					"doctype": "Module Profile",
					"module_profile_name": chosen,
					"block_modules": [{"module": "Stock"}],
				}
			).insert(ignore_permissions=True)
		doc.module_profile = chosen
		doc.save(ignore_permissions=True)
		doc.role_profile_name = "School Office Staff"
		doc.save(ignore_permissions=True)
		self.assertEqual(doc.module_profile, chosen)
		self.assertEqual([row.module for row in doc.block_modules], ["Stock"])

	def refused(self, user: str, address: str) -> tuple[str, dict]:
		frappe.set_user(user)
		with self.assertRaises(frappe.PermissionError) as refusal:
			desk_call("frappe.desk.desk_page.getpage", name=address)
		return str(refusal.exception), frappe.local.response.get("hoso_refused")

	def test_a_teacher_typing_the_offices_workspace_is_refused_and_sent_to_their_own(self):
		message, refused = self.refused(self.users["School Subject Teacher"], "quản-lý-giáo-dục")
		self.assertIn("Bạn không có quyền mở trang “Quản lý giáo dục”: trang này dành cho", message)
		self.assertEqual(
			refused,
			{"workspace": "Quản lý giáo dục", "home": {"title": "Giáo viên", "route": "/app/giáo-viên"}},
		)

	def test_an_office_typing_erpnext_home_is_refused_in_vietnamese_and_sent_to_its_own(self):
		message, refused = self.refused(self.users["Province Department Staff"], "home")
		home = frappe._("Home")
		self.assertEqual(message, f"Bạn không có quyền mở trang “{home}”.")
		self.assertEqual(refused["home"], {"title": "Quản lý giáo dục", "route": "/app/quản-lý-giáo-dục"})

	def test_a_principal_opens_their_own_workspaces_as_frappe_answers(self):
		frappe.set_user(self.users["School Principal"])
		for address in ("lãnh-đạo-nhà-trường", "quản-trị-hồ-sơ-số"):
			# the desk routes them as workspaces; asked as a Page, Frappe's own answer (no refusal)
			with self.assertRaises(frappe.DoesNotExistError):
				desk_call("frappe.desk.desk_page.getpage", name=address)
			self.assertNotIn("hoso_refused", frappe.local.response)
