"""What the alumni network keeps: until the person deletes their account, which they do
themselves from « Mon profil » (alumni.gdpr); no purge by date."""

from cms.retention import RetentionRule, register


def register_rules():
    register(
        RetentionRule(
            key="alumni_directory",
            category="Annuaire des alumni",
            data="Profil et coordonnées choisies par la personne",
            purpose="Animation du réseau",
            duration="Jusqu'à la suppression du compte",
            manual="la personne supprime son compte depuis « Mon profil ».",
            order=60,
        )
    )
    register(
        RetentionRule(
            key="alumni_mentoring_stories",
            category="Parrainages et témoignages des alumni",
            data="Message de la demande, texte et image du témoignage",
            purpose="Mise en relation, publication après modération",
            duration="Jusqu'à la suppression du compte (un témoignage publié peut être "
            "conservé sous « ancien membre » si la personne le choisit)",
            manual="supprimés avec le compte, depuis « Mon profil ».",
            order=70,
        )
    )
