"""Education's Student, with Vietnamese names and without a mandatory e-mail address.

- The name fields are read as Frappe's Vietnamese translation labels them (``first_name`` = Họ,
  ``middle_name`` = Tên đệm, ``last_name`` = Tên), so the full name is họ, tên đệm, tên, in NFC
  (``core.records.vietnamese.join_name``; docs/names.md).
- Education creates a User for every new student and fails without an e-mail; most Vietnamese pupils have
  none. A student with an address gets a Website User (the /hoc_ba portal, never the desk); one without
  gets no account until a guardian or the school adds an address.
"""

from __future__ import annotations

import frappe
from education.education.doctype.student.student import Student

from hoso_longan.core.records.vietnamese import join_name, normalise_text
from hoso_longan.setup import roles as R


class VietnameseStudent(Student):
	def set_title(self):
		for field in ("first_name", "middle_name", "last_name"):
			self.set(field, normalise_text(self.get(field)) or None)
		self.student_name = join_name(self.first_name, self.middle_name, self.last_name)

	def validate_user(self):
		email = (self.student_email_id or "").strip()
		if not email or self.user:
			return
		if frappe.db.get_single_value("Education Settings", "user_creation_skip"):
			return
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": self.first_name,
					"middle_name": self.middle_name,
					"last_name": self.last_name,
					"gender": self.gender,
					"send_welcome_email": 1,
					"user_type": "Website User",
				}
			)
			user.append("roles", {"role": R.STUDENT})
			# Queue the welcome e-mail: sent now, Frappe commits the transaction, which would half-save a
			# roster import (services/roster_import.py) or any batch that creates students.
			user.flags.delay_emails = True
			user.insert(ignore_permissions=True)
		self.user = email
