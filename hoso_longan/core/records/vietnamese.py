"""Vietnamese text: NFC normalisation, names, and collation of class lists.

Class lists (danh sách lớp) are sorted the Vietnamese way: by the given name (tên), then the middle names
(tên đệm), then the family name (họ), each compared letter by letter in the Vietnamese alphabet
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) with the tones compared only when the letters are
equal, in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ).
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters that Vietnamese does not use (f j w z) keep their Latin place, for names of foreign origin.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET, start=1)}

# Combining marks that make a different letter (ă â ê ô ơ ư) versus the five tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
	"""The NFC form of ``text``: one code point per Vietnamese letter-with-tone where Unicode has one."""
	return unicodedata.normalize("NFC", text)


def normalise_text(text: str | None) -> str | None:
	"""NFC, stripped, inner runs of white space collapsed to one space; ``None`` stays ``None``."""
	if text is None:
		return None
	return _SPACES.sub(" ", nfc(text)).strip()


def split_full_name(full_name: str) -> tuple[str, str, str]:
	"""(họ, tên đệm, tên): family name is the first word, given name the last, middle names between."""
	words = normalise_text(full_name).split(" ")
	if len(words) == 1:
		return "", "", words[0]
	return words[0], " ".join(words[1:-1]), words[-1]


def join_name(family: str | None, middle: str | None, given: str | None) -> str:
	"""The full name in Vietnamese order (họ, tên đệm, tên), NFC, single-spaced.

	Frappe and Education store a person's name in three fields; this app reads them as Frappe's own
	Vietnamese translation labels them: ``first_name`` = Họ, ``middle_name`` = Tên đệm, ``last_name`` = Tên.
	"""
	return " ".join(part for part in (normalise_text(p or "") for p in (family, middle, given)) if part)


def name_parts(full_name: str) -> dict[str, str]:
	"""A full name as Frappe's three name fields (first_name = họ, middle_name = tên đệm, last_name = tên)."""
	family, middle, given = split_full_name(full_name)
	if not family:  # a single word is a given name
		return {"first_name": given, "middle_name": "", "last_name": ""}
	return {"first_name": family, "middle_name": middle, "last_name": given}


def _word_key(word: str) -> tuple[tuple[int, ...], int]:
	"""Letters of a syllable as alphabet ranks, and the syllable's tone (wherever the mark was placed)."""
	letters: list[int] = []
	tone = 0
	for char in nfc(word.lower()):
		decomposed = unicodedata.normalize("NFD", char)
		base = "".join(mark for mark in decomposed if mark not in _TONE_RANK)
		for mark in decomposed:
			if mark in _TONE_RANK:
				tone = _TONE_RANK[mark]
		letter = unicodedata.normalize("NFC", base)
		if letter in _LETTER_RANK:
			letters.append(_LETTER_RANK[letter])
		elif letter.isalnum():
			# Digits and other scripts after the alphabet, by code point, so the key is total.
			letters.append(100 + ord(letter))
	return tuple(letters), tone


def _part_key(part: str) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
	"""Letters of all syllables first, their tones second: tones decide only between equal spellings."""
	keys = [_word_key(word) for word in part.split(" ") if word]
	return tuple(letters for letters, _ in keys), tuple(tone for _, tone in keys)


def vietnamese_sort_key(full_name: str) -> tuple:
	"""Sort key for a class list: tên, then tên đệm, then họ; a final tie-break on the NFC text."""
	family, middle, given = split_full_name(full_name)
	return (_part_key(given), _part_key(middle), _part_key(family), nfc(full_name))


def upper_name(full_name: str) -> str:
	"""The name in capitals as printed on the học bạ cover (NFC, so Đ and tones stay one code point)."""
	return nfc(normalise_text(full_name).upper())
