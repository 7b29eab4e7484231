"""JSON (de)serialisation of the record dataclasses, canonical JSON and the content hash.

Every record serialises to plain JSON (the structure embedded in the PDF and accepted by ``hoso-longan
render``); text is NFC-normalised on the way in and out so that a name typed on a Mac (NFD) and on Windows
(NFC) hash the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union

from hoso_longan.core.records.vietnamese import nfc

T = TypeVar("T")


def _normalise(value: Any) -> Any:
	if isinstance(value, str):
		return nfc(value)
	if isinstance(value, dict):
		return {nfc(str(key)): _normalise(item) for key, item in value.items()}
	if isinstance(value, list | tuple):
		return [_normalise(item) for item in value]
	return value


def to_data(record: Any) -> Any:
	"""Plain JSON data of a record dataclass (NFC strings, lists for tuples)."""
	if dataclasses.is_dataclass(record) and not isinstance(record, type):
		return {field.name: to_data(getattr(record, field.name)) for field in dataclasses.fields(record)}
	if isinstance(record, dict):
		return {nfc(str(key)): to_data(item) for key, item in record.items()}
	if isinstance(record, list | tuple):
		return [to_data(item) for item in record]
	return _normalise(record)


@cache
def _hints(cls: type) -> dict[str, Any]:
	return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any, where: str) -> Any:
	if value is None:
		return None
	origin = typing.get_origin(hint)
	if origin in (Union, types.UnionType):
		options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
		if len(options) == 1:
			return _convert(options[0], value, where)
		return _normalise(value)  # scalar unions such as float | str (a score or Đ/CĐ)
	if origin in (list, tuple):
		(item_hint, *_) = typing.get_args(hint) or (Any,)
		if not isinstance(value, list | tuple):
			raise ValueError(f"{where}: expected a list, got {type(value).__name__}")
		return [_convert(item_hint, item, f"{where}[{index}]") for index, item in enumerate(value)]
	if origin is dict:
		_, item_hint = typing.get_args(hint) or (str, Any)
		if not isinstance(value, dict):
			raise ValueError(f"{where}: expected an object, got {type(value).__name__}")
		return {nfc(str(key)): _convert(item_hint, item, f"{where}.{key}") for key, item in value.items()}
	if dataclasses.is_dataclass(hint):
		return from_data(hint, value, where)
	return _normalise(value)


def from_data(cls: type[T], data: dict, where: str | None = None) -> T:
	"""Build dataclass ``cls`` from plain JSON data; unknown keys are an error (a typo is not data)."""
	where = where or cls.__name__
	if not isinstance(data, dict):
		raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
	hints = _hints(cls)
	names = {field.name for field in dataclasses.fields(cls) if field.init}
	unknown = sorted(set(data) - names)
	if unknown:
		raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
	kwargs = {name: _convert(hints[name], data[name], f"{where}.{name}") for name in names if name in data}
	try:
		return cls(**kwargs)
	except TypeError as error:
		raise ValueError(f"{where}: {error}") from None


def canonical_json(data: Any) -> bytes:
	"""Sorted keys, no insignificant white space, UTF-8 (not \\u escapes): the bytes that are hashed."""
	return json.dumps(
		_normalise(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
	).encode("utf-8")


def content_hash(data: Any) -> str:
	"""SHA-256 (hex) of the canonical JSON of ``data`` (a record dataclass or its plain data)."""
	if dataclasses.is_dataclass(data) and not isinstance(data, type):
		data = to_data(data)
	return hashlib.sha256(canonical_json(data)).hexdigest()
