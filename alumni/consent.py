"""The consent an alumnus gives to appear in the directory, versioned.

When the text changes, add a new version (never edit an old one): each profile records
the version it accepted and when, and the person is asked again on their next visit.
"""

CONSENT_TEXTS = {
    "2026-11": (
        "J'accepte que l'EMI (Département du Val-d'Oise) conserve les informations de ma "
        "fiche pour animer le réseau des alumni, et qu'elles soient montrées aux membres du "
        "réseau, ou au public, selon les choix de visibilité que j'ai faits champ par champ. "
        "Je peux les modifier, les télécharger ou supprimer mon compte à tout moment depuis "
        "« Mon profil »."
    ),
}
CURRENT_CONSENT_VERSION = "2026-11"


def current_consent_text():
    return CONSENT_TEXTS[CURRENT_CONSENT_VERSION]


def consent_text(version):
    return CONSENT_TEXTS.get(version or "", "")


def needs_consent(profile):
    """True until the profile's owner accepted the current version of the text."""
    return profile.consent_at is None or profile.consent_version != CURRENT_CONSENT_VERSION
