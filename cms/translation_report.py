"""Which French admin strings still need the project's override (locale/fr/LC_MESSAGES).

Wagtail's French catalogues are complete on paper, but some entries are empty or fuzzy
(then English shows), some msgids of the source are missing from them, and many
translations hedge on gender ("Déverrouillé(e)", "Ajouter un(e) …") or keep English
("Status :"). This lists every such entry of the catalogues of the installed Wagtail
apps that the project's own catalogue does not override yet, so that the list is
reproducible: `python manage.py admin_translation_report`.

polib (requirements-dev.txt) reads the catalogues; it is only needed by this report and
by the tests.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings

DOMAINS = ("django", "djangojs")

# "(e)", "(s)", "(le)", "(tte)"…, "ce/cette", "il/elle": gender or number left open.
HEDGED = re.compile(r"\((?:e|s|es|le|la|elle|ne|tte|x)\)|\bce/cette\b|\bil/elle\b|\ble/la\b", re.I)
# English words that never belong in a French sentence of the admin.
ENGLISH = re.compile(
    r"\b(?:the|and|ago|seconds?|hours?|status|created|updated|deleted|you|your|"
    r"this|with|timeline|embed)\b",
    re.I,
)
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")

KIND_LABELS = {
    "missing": "absente du catalogue français",
    "untranslated": "non traduite",
    "fuzzy": "traduction approximative (fuzzy)",
    "hedged": "écriture entre parenthèses",
    "english": "mots anglais",
}


@dataclass(frozen=True)
class Finding:
    catalogue: str
    domain: str
    msgid: str
    msgstr: str
    kind: str
    overridden: bool

    @property
    def label(self):
        return KIND_LABELS[self.kind]


def _polib():
    try:
        # Imported here: polib is a development dependency.
        import polib
    except ImportError as error:  # pragma: no cover - dev dependency
        raise RuntimeError(
            "Ce rapport lit les catalogues avec polib : pip install -r requirements-dev.txt"
        ) from error
    return polib


def _texts(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def wagtail_catalogues(language="fr"):
    """(app label, domain, French .po path, English .po path) of each installed Wagtail app."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wagtail"):
            continue
        for domain in DOMAINS:
            french = Path(config.path) / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            english = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if french.exists() or english.exists():
                found.append((config.name, domain, french, english))
    return found


def project_catalogue(domain, language="fr"):
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


def _project_msgids(domain, language):
    path = project_catalogue(domain, language)
    if not path.exists():
        return set()
    polib = _polib()
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(path))
        if entry.translated() and "fuzzy" not in entry.flags
    }


def _problem(entry):
    if entry.obsolete:
        return None
    if "fuzzy" in entry.flags:
        return "fuzzy"
    texts = _texts(entry)
    if not entry.translated() or not all(texts):
        return "untranslated"
    joined = " ".join(texts)
    if HEDGED.search(joined):
        return "hedged"
    if ENGLISH.search(PLACEHOLDERS.sub(" ", joined)):
        return "english"
    return None


def findings(language="fr"):
    """Every problem entry of Wagtail's catalogues, overridden by the project or not."""
    polib = _polib()
    overrides = {domain: _project_msgids(domain, language) for domain in DOMAINS}
    result = []
    for app_name, domain, french, english in wagtail_catalogues(language):
        french_entries = {}
        if french.exists():
            for entry in polib.pofile(str(french)):
                french_entries[(entry.msgctxt, entry.msgid)] = entry
                kind = _problem(entry)
                if kind:
                    result.append(
                        Finding(
                            app_name,
                            domain,
                            entry.msgid,
                            " | ".join(_texts(entry)),
                            kind,
                            (entry.msgctxt, entry.msgid) in overrides[domain],
                        )
                    )
        if english.exists():
            for entry in polib.pofile(str(english)):
                key = (entry.msgctxt, entry.msgid)
                if entry.obsolete or not entry.msgid or key in french_entries:
                    continue
                result.append(
                    Finding(app_name, domain, entry.msgid, "", "missing", key in overrides[domain])
                )
    return result


def pending(language="fr"):
    """The problems the project's catalogue does not fix yet."""
    return [finding for finding in findings(language) if not finding.overridden]
