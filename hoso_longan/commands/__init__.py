def _bench_commands() -> list:
	"""Frappe's bench looks up ``<app>.commands.commands``; they need click and frappe, present in a bench."""
	try:
		from hoso_longan.bench_commands import commands as bench
	except ImportError:
		return []
	return bench


commands = _bench_commands()
