"""The reason-code catalogue: every code any rule (R1-R30) can produce reads as a sentence
in Kazakh, Russian and English."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from domain.errors import DomainError
from domain.messages import (
    CATALOGUE,
    LANGUAGES,
    STATUS_OF_CODE,
    STATUS_WORDS,
    message,
    params_of,
    translated,
)

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"
CODE_SHAPE = re.compile(r"[A-Z][A-Z0-9_]+")
# Upper-case with at least one underscore: shaped like a reason code wherever it appears.
STRICT_CODE_SHAPE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
DOMAIN_ERROR_LITERAL = re.compile(r"DomainError\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']")
# Code-shaped strings that are known not to be reason codes (add with a reason, sparingly).
NOT_CODES: frozenset[str] = frozenset()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _source_files() -> list[Path]:
    return sorted(p for p in DOMAIN_DIR.rglob("*.py") if p.name != "messages.py")


def _is_dunder_all(node: ast.AST) -> bool:
    return isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and any(
        isinstance(t, ast.Name) and t.id == "__all__"
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
    )


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _codes_in(tree: ast.AST) -> set[str]:
    """Reason codes used in one module, found several ways so none slips through:

    * the first argument of ``DomainError(...)`` (any upper-case word);
    * any string returned (``return "AGE_TOO_YOUNG"``, ``return "X" if a else None``);
    * any ``code=`` keyword argument (``CheckResult(code="DOC_MISSING")``);
    * any other string literal shaped like ``WORD_WORD`` (helper calls, module constants),
      except ``__all__`` entries and docstrings.
    """
    codes: set[str] = set()
    skip: set[int] = _docstrings(tree)
    for node in ast.walk(tree):
        if _is_dunder_all(node):
            skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "DomainError" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    codes.add(first.value)
            for kw in node.keywords:
                value = kw.value
                if (
                    kw.arg == "code"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and CODE_SHAPE.fullmatch(value.value)
                ):
                    codes.add(value.value)
        elif isinstance(node, ast.Return) and node.value is not None:
            for sub in ast.walk(node.value):
                if (
                    isinstance(sub, ast.Constant)
                    and isinstance(sub.value, str)
                    and CODE_SHAPE.fullmatch(sub.value)
                ):
                    codes.add(sub.value)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and STRICT_CODE_SHAPE.fullmatch(node.value)
        ):
            codes.add(node.value)
    return codes - NOT_CODES


def _all_codes_in_domain() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        codes = _codes_in(ast.parse(text)) | set(DOMAIN_ERROR_LITERAL.findall(text))
        for code in codes:
            found.setdefault(code, set()).add(path.name)
    return found


def test_r1_r30_every_entry_has_all_three_languages() -> None:
    for code, entry in CATALOGUE.items():
        assert CODE_SHAPE.fullmatch(code), code
        assert set(entry) == set(LANGUAGES), code
        for lang in LANGUAGES:
            assert entry[lang].strip(), (code, lang)


def test_r1_r30_translations_are_not_copies() -> None:
    cyrillic = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
    for code, entry in CATALOGUE.items():
        assert entry["kk"] != entry["ru"], code
        assert cyrillic.search(entry["ru"]) and cyrillic.search(entry["kk"]), code
        assert not cyrillic.search(entry["en"]), code


def test_r1_r30_format_fields_agree_across_languages() -> None:
    for code, entry in CATALOGUE.items():
        fields = {lang: _fields(template) for lang, template in entry.items()}
        assert len(set(map(frozenset, fields.values()))) == 1, (code, fields)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_r1_r30_every_message_renders(code: str) -> None:
    params = {name: "X" for name in _fields(CATALOGUE[code]["en"])}
    for lang in LANGUAGES:
        text = DomainError(code, **params).message(lang)
        assert "{" not in text and "}" not in text, (code, lang, text)


def test_r1_r30_every_code_in_domain_is_catalogued() -> None:
    missing = {
        code: sorted(files)
        for code, files in _all_codes_in_domain().items()
        if code not in CATALOGUE
    }
    assert not missing, f"codes without a catalogue entry: {missing}"


def test_r1_r30_the_code_scanner_finds_codes() -> None:
    """Guards the test above against silently scanning nothing."""
    found = _all_codes_in_domain()
    for code in [
        "IIN_FORMAT",  # DomainError("...") literal
        "PHONE_NOT_MOBILE",
        "AGE_TOO_YOUNG",  # returned string
        "GROUP_LANGUAGE_MISMATCH",
        "DOC_NUMBER_MISSING",  # helper call argument
        "EPID_CERT_TOO_OLD",
        "VACCINATION_DECISION_REQUIRED",  # module constant
    ]:
        assert code in found, code


def test_r1_r30_scanner_recognises_each_pattern() -> None:
    tree = ast.parse(
        '"""DOCSTRING_NOT_A_CODE"""\n'
        '__all__ = ["EXPORTED_NAME"]\n'
        "def f(a):\n"
        '    """ALSO_NOT_A_CODE"""\n'
        "    if a:\n"
        '        raise DomainError("PLAIN")\n'
        '    g(code="KWCODE")\n'
        '    h(a, "HELPER_CODE")\n'
        '    return "RET" if a else None\n'
        'CONST_CODE = "CONST_CODE"\n'
    )
    assert _codes_in(tree) == {"PLAIN", "KWCODE", "HELPER_CODE", "RET", "CONST_CODE"}


# ------------------------------------------------------------------ status values as words


def test_a_status_is_said_as_a_word_of_the_sentences_language() -> None:
    """ "(статус: lapsed)" in a Russian sentence reads as an error; "истекло" does not."""
    assert message("REFERRAL_NOT_ACTIVE", "ru", status="lapsed") == (
        "Направление уже не действует (статус: истекло)."
    )
    assert message("REFERRAL_NOT_ACTIVE", "kk", status="lapsed") == (
        "Жолдама енді жарамсыз (мәртебесі: мерзімі өтті)."
    )
    assert message("REFERRAL_NOT_ACTIVE", "en", status="lapsed") == (
        "This referral is no longer active (it is lapsed)."
    )
    assert "открыто" not in message("OFFER_NOT_OPEN", "ru", status="expired")
    assert "истёк срок ответа" in message("OFFER_NOT_OPEN", "ru", status="expired")
    assert "кезекте" in message("APPLICATION_NOT_EDITABLE", "kk", status="queued")
    # a value this version does not know (a newer server's) is shown as it is
    assert "archived" in message("REFERRAL_NOT_ACTIVE", "ru", status="archived")


def test_every_status_word_is_in_every_language_and_every_status_code_has_a_status() -> None:
    for code, kind in STATUS_OF_CODE.items():
        assert code in CATALOGUE, code
        assert all("status" in _fields(t) for t in CATALOGUE[code].values()), code
        assert kind in STATUS_WORDS, kind
    for kind, statuses in STATUS_WORDS.items():
        for status, words in statuses.items():
            assert set(words) == set(LANGUAGES), (kind, status)
            assert all(w and w == w.strip() for w in words.values()), (kind, status)
            assert words["ru"] != status and words["kk"] != status, (kind, status)
        for language in LANGUAGES:  # one word, one status: a sentence reads back
            said = [words[language] for words in statuses.values()]
            assert len(said) == len(set(said)), (kind, language)


@pytest.mark.parametrize("code", sorted(STATUS_OF_CODE))
def test_a_sentence_with_a_status_reads_back_and_is_said_in_another_language(code: str) -> None:
    for status in STATUS_WORDS[STATUS_OF_CODE[code]]:
        for source in LANGUAGES:
            said = message(code, source, status=status)
            assert params_of(code, source, said) == {"status": status}
            for lang in LANGUAGES:
                assert translated(code, said, source, lang) == message(code, lang, status=status)


def test_a_sentence_read_back_keeps_its_other_values_and_an_older_raw_status() -> None:
    said = message("CODE_WRONG", "kk", left=2)
    assert params_of("CODE_WRONG", "kk", said) == {"left": "2"}
    assert translated("CODE_WRONG", said, "kk", "ru") == "Неверный код. Осталось попыток: 2."
    # a server before status words wrote the raw value: said again, it becomes a word
    older = "Жолдама енді жарамсыз (мәртебесі: enrolled)."
    assert translated("REFERRAL_NOT_ACTIVE", older, "kk", "kk") == (
        "Жолдама енді жарамсыз (мәртебесі: қабылданды)."
    )
    assert translated("REFERRAL_NOT_ACTIVE", older, "kk", "ru") == (
        "Направление уже не действует (статус: зачислен)."
    )
    # not a sentence of the code (another code's, or edited): kept as it is
    assert params_of("REFERRAL_NOT_ACTIVE", "kk", "Басқа сөйлем.") is None
    assert translated("REFERRAL_NOT_ACTIVE", "Басқа сөйлем.", "kk", "ru") == "Басқа сөйлем."
    assert translated("NO_SUCH_CODE", "text", "kk", "ru") == "text"
