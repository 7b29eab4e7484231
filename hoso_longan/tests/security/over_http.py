"""Requests over real HTTP for the break-in tests: through ``frappe.app.application`` (werkzeug's test Client,
in-process WSGI, real routing, API key/secret authentication). The request runs in its own thread on its own
database connection, as a web worker does: what a test sets up for it must be committed first."""

from __future__ import annotations

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client


def api_key(user: str) -> str:
	"""New API credentials for ``user``, as the value of an Authorization header ("token key:secret")."""
	doc = frappe.get_doc("User", user)
	doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


def request_as(authorization: str, method: str, path: str, **kwargs):
	"""``method`` ("get", "post", "put", "delete") on ``path`` with ``authorization`` (``api_key``'s answer),
	without cookies; ``kwargs`` go to the client (``json=``, ``data=``). Returns the response."""
	client = get_test_client(use_cookies=False)
	kwargs["headers"] = {"Authorization": authorization, **kwargs.get("headers", {})}
	return make_request(target=getattr(client, method), args=(path,), kwargs=kwargs, site=frappe.local.site)
