app_name = "hoso_longan"
app_title = "Hồ sơ số Long An"
app_publisher = "hoso_longan developers"
app_description = "Digital school records (học bạ, sổ theo dõi và đánh giá học sinh, plans) for Vietnamese THCS/THPT schools"
app_email = "dev@hoso-longan.local"
app_license = "agpl-3.0"

required_apps = ["education"]

# Install / migrate -------------------------------------------------------------------------------------------
# Roles, role profiles, custom fields on Education, workflows and audit settings are (re)applied idempotently.
before_install = "hoso_longan.setup.install.before_install"
after_install = "hoso_longan.setup.install.after_install"
before_migrate = "hoso_longan.setup.install.check_frappe_version"
after_migrate = "hoso_longan.setup.install.after_migrate"
before_tests = "hoso_longan.setup.testing.before_tests"
setup_wizard_complete = "hoso_longan.setup.site.after_setup_wizard"

# Locks: every write path of a school record passes services.locks.guard ---------------------------------------
_LOCK_GUARD = "hoso_longan.services.locks.guard"
_LOCK_EVENTS = {
	"validate": _LOCK_GUARD,
	"before_submit": _LOCK_GUARD,
	"before_cancel": _LOCK_GUARD,
	"before_update_after_submit": _LOCK_GUARD,
	"on_trash": _LOCK_GUARD,
	"before_rename": _LOCK_GUARD,
}
_LOCKABLE = (
	"Score Sheet",
	"Conduct Assessment",
	"Annual Result",
	"Class Assessment Book",
	"Student Record Book Page",
	"Lesson Plan",
	"Education Plan",
)

doc_events = {
	**{doctype: dict(_LOCK_EVENTS) for doctype in _LOCKABLE},
	# Audit trail: the stored versions of audited records are immutable.
	"Score Sheet": {
		**_LOCK_EVENTS,
		"on_submit": "hoso_longan.services.score_summary.store_term",
		"on_cancel": [
			"hoso_longan.services.signing_chain.mark_resign_needed",
			"hoso_longan.services.score_summary.remove_term",
		],
	},
	"Version": {
		"validate": "hoso_longan.services.audit.protect_version",
		"on_trash": "hoso_longan.services.audit.protect_version_delete",
	},
	# Names in Vietnamese order: họ, tên đệm, tên (docs/names.md).
	"User": {
		"before_validate": "hoso_longan.services.names.set_username",
		"validate": [
			"hoso_longan.services.names.set_user_full_name",
			"hoso_longan.services.names.set_home_workspace",
			"hoso_longan.setup.desk.give_app_users_the_profile",
		],
	},
	# Class lists in Vietnamese alphabetical order (services/classes.py).
	"Student Group": {"before_validate": "hoso_longan.services.classes.order_new_students"},
}
# Desk: fields the server fills on save (school, homeroom teacher) show names, not ids, without a reload.
for _doctype in _LOCKABLE:
	doc_events[_doctype]["on_update"] = "hoso_longan.services.names.send_link_titles"

# Education's Student with Vietnamese names and without a mandatory e-mail (overrides/student.py).
override_doctype_class = {
	"Student": "hoso_longan.overrides.student.VietnameseStudent",
	# The official PDF of a signed or locked record cannot be removed, detached or changed.
	"File": "hoso_longan.overrides.file.RecordFile",
}
# The setup wizard offers Vietnam's time zone (overrides/setup_wizard.py); the app's reports and workspaces
# refuse a reader in Vietnamese, naming the report or workspace (overrides/refusals.py).
_REFUSALS = "hoso_longan.overrides.refusals"
override_whitelisted_methods = {
	"frappe.geo.country_info.get_country_timezone_info": "hoso_longan.overrides.setup_wizard.get_country_timezone_info",
	"frappe.desk.query_report.get_script": f"{_REFUSALS}.get_script",
	"frappe.desk.query_report.run": f"{_REFUSALS}.run",
	"frappe.desk.query_report.export_query": f"{_REFUSALS}.export_query",
	"frappe.desk.desk_page.getpage": f"{_REFUSALS}.getpage",
}

# Permissions: assignment-based access on top of role permissions and unit scoping -----------------------------
_P = "hoso_longan.permissions"
has_permission = {
	"Score Sheet": f"{_P}.has_permission",
	"Conduct Assessment": f"{_P}.has_permission",
	"Class Assessment Book": f"{_P}.has_permission",
	"Student Record Book": f"{_P}.has_permission",
	"Student Record Book Page": f"{_P}.has_permission",
	"Annual Result": f"{_P}.has_permission",
	"Lesson Plan": f"{_P}.has_permission",
	"Education Plan": f"{_P}.has_permission",
	"Student": f"{_P}.has_student_permission",
}
permission_query_conditions = {
	"Score Sheet": f"{_P}.score_sheet_query",
	"Conduct Assessment": f"{_P}.conduct_assessment_query",
	"Class Assessment Book": f"{_P}.class_assessment_book_query",
	"Student Record Book": f"{_P}.student_record_book_query",
	"Student Record Book Page": f"{_P}.student_record_book_page_query",
	"Annual Result": f"{_P}.annual_result_query",
	"Lesson Plan": f"{_P}.lesson_plan_query",
	"Education Plan": f"{_P}.education_plan_query",
	"Teaching Assignment": f"{_P}.unit_scoped_query",
	"Subject Department": f"{_P}.unit_scoped_query",
	"Record Lock": f"{_P}.unit_scoped_query",
	"Student": f"{_P}.student_query",
}

# Desk: corrections to Frappe's own desk on every page (public/js/desk/timeline_words.js).
app_include_js = "hoso_desk.bundle.js"  # not "desk.bundle.js": that name is Frappe's own desk

# Desk: Excel template download and score import on the Score Sheet form (services/score_import.py).
doctype_js = {"Score Sheet": "public/js/score_sheet_import.js"}

# Official PDFs and signing (services/official_pdf.py, services/record_signing.py) ----------------------------
# A workflow transition into a signed state needs the user's signature on the current official PDF.
_OFFICIAL = ("Student Record Book Page", "Class Assessment Book", "Lesson Plan", "Education Plan")
_SIGNING_GATE = "hoso_longan.services.record_signing.check_signature_gate"
_KEEP_PDF = "hoso_longan.services.official_file.check_record_fields"
doc_events.update(
	{
		doctype: {
			**doc_events[doctype],
			"validate": [_LOCK_GUARD, _SIGNING_GATE, _KEEP_PDF],
			"before_update_after_submit": [_LOCK_GUARD, _KEEP_PDF],
			"on_trash": [_LOCK_GUARD, "hoso_longan.services.official_file.check_record_delete"],
			"onload": "hoso_longan.services.official_file.kept_in_form",
		}
		for doctype in _OFFICIAL
	}
)
doctype_js.update({doctype: ["public/js/official_record.js"] for doctype in _OFFICIAL})
doctype_js["Class Assessment Book"].append("public/js/year_end.js")
doctype_list_js = {doctype: "public/js/sign_selected.js" for doctype in _OFFICIAL}
doctype_js["Education Unit"] = "public/js/year_end.js"
doctype_js["Student Group"] = "public/js/student_group.js"
has_permission["Signing Certificate"] = "hoso_longan.services.signing_certificates.has_permission"
# The school's organisational certificate (its seal): the school's principal and records administrators only.
has_permission["School Seal Certificate"] = "hoso_longan.services.school_seal.has_permission"
permission_query_conditions.update(
	{
		"Signing Certificate": "hoso_longan.services.signing_certificates.query_conditions",
		"School Seal Certificate": "hoso_longan.services.school_seal.query_conditions",
		"Signature Record": f"{_P}.unit_scoped_query",
		"Score Summary": f"{_P}.unit_scoped_query",
		"Records Deadline": f"{_P}.unit_scoped_query",
		"Archive Export": f"{_P}.unit_scoped_query",
		"Student Transfer": f"{_P}.unit_scoped_query",
	}
)

# Roster import (Nhập danh sách): students and teachers from Excel by the school's administrator
# (services/roster_import.py); only System Managers and the school's own administrator reach an import.
has_permission["Roster Import"] = f"{_P}.unit_scoped_permission"
permission_query_conditions["Roster Import"] = f"{_P}.unit_scoped_query"

# Portal: students and guardians (Website Users) read their signed học bạ at /hoc_ba.
standard_portal_menu_items = [
	{"title": "My Student Record Book", "route": "/hoc_ba", "role": "Student"},
	{"title": "My Children's Student Record Books", "route": "/hoc_ba", "role": "Guardian"},
]

# Teachers' portal (/giao-vien, services/portal/): subject teachers, homeroom teachers and heads of department
# work there, on a phone or a school PC; it is their landing page after login and their website home.
has_permission["Student Attendance"] = f"{_P}.has_permission"
permission_query_conditions["Student Attendance"] = f"{_P}.student_attendance_query"
_PORTAL_ROLES = ("Subject Teacher", "Homeroom Teacher", "Head of Department")
standard_portal_menu_items += [
	{"title": "Teachers' Portal", "route": "/giao-vien", "role": role} for role in _PORTAL_ROLES
]
role_home_page = {role: "giao-vien" for role in _PORTAL_ROLES}
add_to_apps_screen = [
	{
		"name": "hoso_longan",
		"logo": "/assets/hoso_longan/images/giao-vien.svg",
		"title": "Teachers' Portal",
		"route": "/giao-vien",
		"has_permission": "hoso_longan.services.portal.access.has_portal_access",
	}
]
page_renderer = ["hoso_longan.services.portal.page.PortalPage"]
website_route_rules = [
	{"from_route": "/giao-vien", "to_route": "giao_vien"},
	{"from_route": "/giao-vien/bang-diem", "to_route": "giao_vien/bang_diem"},
	{"from_route": "/giao-vien/chu-nhiem", "to_route": "giao_vien/chu_nhiem"},
	{"from_route": "/giao-vien/ke-hoach", "to_route": "giao_vien/ke_hoach"},
	{"from_route": "/giao-vien/ky-so", "to_route": "giao_vien/ky_so"},
]

# Frappe writes the login cookie's name as first + last name: the whole Vietnamese name instead.
after_request = ["hoso_longan.services.names.full_name_cookie"]

# Frappe runs a job in the site's default language; the app's jobs speak the language of who queued them.
before_job = ["hoso_longan.services.language.user_language_in_jobs"]

boot_session = "hoso_longan.boot.boot_session"
