"""How many of each thing the benchmark dataset holds, and the words its texts are made of.

The reference size is 10,000 projects; every other count scales with the number of
projects asked for, with a floor so that a tiny dataset still has each kind twice.
"""

from dataclasses import dataclass

REFERENCE_PROJECTS = 10_000
# Counts at the reference size (issue 14, "Benchmark suite").
AT_REFERENCE = {
    "collectivities": 100,
    "cohorts": 40,
    "news": 2_000,
    "events": 2_000,
    "alumni": 5_000,
    "stories": 1_000,
    "resources": 1_000,
    "images": 10,
}
FLOOR = 2
REGISTRATIONS_PER_EVENT = 4

# Every bench object is recognised by these prefixes (idempotence: what exists is kept).
PREFIX = "banc"
NAME_PREFIX = "Collectivité d'essai"

THEMES = [
    "accueil",
    "collèges",
    "solidarités",
    "petite enfance",
    "routes",
    "insertion",
    "autonomie",
    "mobilités",
    "numérique",
    "environnement",
    "culture",
    "habitat",
]
SUBJECTS = [
    "l'accueil des usagers",
    "la restauration scolaire",
    "les délais d'instruction",
    "le parcours des aidants",
    "l'entretien des routes",
    "le retour à l'emploi",
    "les démarches en ligne",
    "la protection de l'enfance",
    "le covoiturage des agents",
    "les archives départementales",
]
ACTIONS = ["Simplifier", "Repenser", "Accélérer", "Mesurer", "Rendre lisible", "Partager"]


@dataclass(frozen=True)
class Plan:
    projects: int
    collectivities: int
    cohorts: int
    news: int
    events: int
    alumni: int
    stories: int
    resources: int
    images: int

    @classmethod
    def for_projects(cls, projects):
        scale = projects / REFERENCE_PROJECTS
        counts = {name: max(FLOOR, round(n * scale)) for name, n in AT_REFERENCE.items()}
        return cls(projects=projects, **counts)

    def rows(self):
        """(label, count) in French, for the command's summary."""
        return [
            ("projets", self.projects),
            ("collectivités", self.collectivities),
            ("promotions", self.cohorts),
            ("actualités", self.news),
            ("événements", self.events),
            ("alumni", self.alumni),
            ("témoignages", self.stories),
            ("ressources", self.resources),
            ("images", self.images),
        ]


def title(kind, number):
    """A French title that search can find: an action, a subject, the kind and a number."""
    action = ACTIONS[number % len(ACTIONS)]
    subject = SUBJECTS[(number // len(ACTIONS)) % len(SUBJECTS)]
    return f"{action} {subject} — {kind} d'essai {number:05d}"


def slug(kind, number):
    return f"{kind}-{PREFIX}-{number:05d}"


def paragraph(number):
    subject = SUBJECTS[number % len(SUBJECTS)]
    return (
        f"<p>Les agents du service ont observé {subject} pendant trois semaines, "
        f"interrogé {10 + number % 40} usagers et testé deux prototypes avant de "
        "proposer une nouvelle organisation.</p>"
    )
