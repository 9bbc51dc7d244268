"""The project bank: cohorts and projects built from the source documents' facts.

Two origins:
- EMI cohorts in several collectivités (Val-d'Oise, Somme, Indre-et-Loire): the subjects
  are typical of what the long and short trainings work on (service design, delays,
  agent experience, eco-responsible services);
- the first inter-departmental innovation forum (Amiens, 28 November 2019): its eight
  prize-winning projects, titles and collectivités as published, plus one project
  presented there and not retained by the jury.

What became of each project after the jury (status, indicators, user feedback) is
illustrative demo content, written for this site. Idempotent: a project is looked up by
its slug in its collectivité's section and never overwritten.
"""

import datetime

from django.utils import timezone

from cms.collectivities import SpaceReport, ensure_collectivity_space
from cms.models import Collectivity
from projects.models import (
    Cohort,
    ProjectFeedback,
    ProjectImpactIndicator,
    ProjectMilestone,
    ProjectPage,
    ProjectSectionPage,
    ProjectStatus,
    ProjectTeamMember,
    ProjectUserQuote,
)

D = Collectivity.KIND_DEPARTEMENT
AMIENS_FORUM = "Forum interdépartemental de l'innovation, Amiens, 2019"
AMIENS_JURY = datetime.date(2019, 11, 28)

# The Amiens forum's five Départements; Somme and Val-d'Oise are already EMI members.
COLLECTIVITIES = [
    ("Département du Val-d'Oise", "Val-d'Oise", 2015, "https://www.valdoise.fr/"),
    ("Département de la Somme", "Somme", 2021, "https://www.somme.fr/"),
    ("Département d'Indre-et-Loire", "Indre-et-Loire", 2021, "https://www.touraine.fr/"),
    ("Département du Nord", "Nord", None, "https://lenord.fr/"),
    ("Département de l'Oise", "Oise", None, "https://www.oise.fr/"),
    ("Département du Pas-de-Calais", "Pas-de-Calais", None, "https://www.pasdecalais.fr/"),
]

# (key, host's short name, number, training, start, end, jury)
COHORTS = [
    ("vdo-10", "Val-d'Oise", 10, "longue", (2022, 10, 3), (2023, 6, 30), (2023, 6, 15)),
    ("vdo-11", "Val-d'Oise", 11, "longue", (2023, 10, 2), (2024, 6, 28), (2024, 6, 13)),
    ("vdo-13", "Val-d'Oise", 13, "longue", (2026, 10, 5), (2027, 6, 30), None),
    ("somme-1", "Somme", 1, "longue", (2021, 11, 8), (2022, 9, 30), (2022, 9, 22)),
    ("il-1", "Indre-et-Loire", 1, "courte", (2021, 3, 15), (2021, 4, 23), (2021, 4, 23)),
]


def d(year, month, day):
    return datetime.date(year, month, day)


def solution(title, description, outcome="", note=""):
    return {
        "type": "solution",
        "value": {
            "title": title,
            "description": f"<p>{description}</p>",
            "outcome": outcome,
            "outcome_note": note,
        },
    }


# Each project: its collectivité (short name), slug, and page fields; the keys
# "milestones", "indicators", "quotes", "team", "feedback" and "themes" hold the rest.
PROJECTS = [
    # --- EMI, Val-d'Oise, promotion 10 ------------------------------------------------
    {
        "collectivity": "Val-d'Oise",
        "slug": "subventions-associations-plus-rapides",
        "title": "Payer plus vite les subventions aux associations",
        "cohort": "vdo-10",
        "status": ProjectStatus.DEPLOYE,
        "summary": "Les associations attendaient près de trois mois le versement d'une "
        "subvention votée. Un dossier unique et un circuit de validation raccourci ont "
        "divisé ce délai par deux.",
        "problem": "<p>Entre le vote d'une subvention et son versement, une association "
        "attendait en moyenne 78 jours. Les petites structures avançaient les frais ou "
        "renonçaient à des actions. Quatre services différents vérifiaient les mêmes "
        "pièces, souvent redemandées plusieurs fois.</p>",
        "people_concerned": "Les bénévoles et salariés des associations ; les agents "
        "instructeurs et les agents comptables du Département.",
        "solutions": [
            solution(
                "Un dossier unique, vérifié une seule fois",
                "Les pièces justificatives sont déposées une fois par an et partagées "
                "entre les services instructeurs.",
                "mise-en-oeuvre",
                "Généralisé à toutes les directions en mars 2024.",
            ),
            solution(
                "Un circuit de signature raccourci",
                "La cartographie du processus a fait apparaître trois validations "
                "redondantes, supprimées après accord de la direction des finances.",
                "mise-en-oeuvre",
            ),
            solution(
                "Un suivi en ligne du dossier",
                "Les associations voient où en est leur demande sans avoir à appeler.",
                "non-mise-en-oeuvre",
                "Reporté : il dépend du futur portail des aides du Département.",
            ),
        ],
        "sponsor_role": "Directrice",
        "sponsor_service": "Direction de la vie associative et du sport",
        "themes": ["simplification administrative", "relation aux usagers"],
        "milestones": [
            (d(2022, 11, 17), "appetizer", "", "Sujet présenté et retenu pour le jury."),
            (d(2023, 6, 15), "jury", "", "Projet retenu par le jury de la promotion 10."),
            (d(2023, 9, 4), "experimentation", "", "Test avec 40 associations sportives."),
            (d(2024, 3, 1), "deploiement", "", "Circuit étendu à toutes les directions."),
            (d(2024, 12, 10), "bilan", "Bilan à un an", ""),
        ],
        "indicators": [
            (
                "Délai moyen entre le vote et le versement",
                78,
                41,
                "jours",
                d(2024, 12, 1),
                "Logiciel financier, subventions votées en 2024",
            ),
            (
                "Dossiers incomplets à la première demande",
                42,
                18,
                "%",
                d(2024, 12, 1),
                "Comptage des services instructeurs",
            ),
        ],
        "quotes": [
            (
                "Nous avons reçu la subvention avant le début de la saison : c'est la "
                "première fois que nous n'avons pas eu à avancer les frais.",
                "Trésorière d'un club sportif",
                d(2024, 10, 8),
            ),
        ],
        "team": [
            "Chef de service des subventions",
            "Responsable de l'exécution budgétaire",
            "Chargée de mission vie associative",
            "Cheffe de projet systèmes d'information",
        ],
        "feedback": [
            (
                "Président d'une association culturelle",
                "Un seul dossier par an au lieu de trois : un vrai soulagement pour nos bénévoles.",
                ProjectFeedback.STATUS_APPROVED,
            ),
            (
                "Agent instructeur",
                "Nous passons moins de temps à relancer pour des pièces manquantes et plus à "
                "conseiller les associations.",
                ProjectFeedback.STATUS_PENDING,
            ),
        ],
    },
    {
        "collectivity": "Val-d'Oise",
        "slug": "bons-de-commande-colleges",
        "title": "Dématérialiser les bons de commande des collèges",
        "cohort": "vdo-10",
        "status": ProjectStatus.NON_RETENU,
        "stopped_stage": ProjectPage.STAGE_JURY,
        "status_explanation": "Le jury a estimé que le nouveau logiciel financier, dont "
        "le déploiement était déjà programmé, couvrirait l'essentiel du besoin. L'équipe "
        "a transmis son analyse des irritants à la direction des finances, qui l'a "
        "intégrée au cahier des charges.",
        "summary": "Les gestionnaires des collèges saisissaient chaque commande deux fois. "
        "Le projet proposait un circuit entièrement numérique ; il n'a pas été retenu, "
        "un logiciel déjà programmé couvrant le besoin.",
        "problem": "<p>Chaque bon de commande des collèges était imprimé, signé, scanné "
        "puis ressaisi par le Département : jusqu'à trois semaines de délai pour de "
        "petites fournitures.</p>",
        "people_concerned": "Les gestionnaires et secrétaires des collèges ; les agents "
        "de la direction de l'éducation.",
        "solutions": [
            solution(
                "Un formulaire de commande partagé",
                "Un formulaire en ligne unique, validé par le chef d'établissement puis "
                "par le Département sans ressaisie.",
                "non-mise-en-oeuvre",
                "Repris dans le cahier des charges du nouveau logiciel financier.",
            ),
        ],
        "themes": ["simplification administrative", "collèges"],
        "milestones": [
            (d(2022, 11, 17), "appetizer", "", ""),
            (d(2023, 6, 15), "jury", "Jury : projet non retenu", ""),
        ],
        "team": ["Gestionnaire de collège", "Acheteuse publique", "Chef de bureau"],
    },
    # --- EMI, Val-d'Oise, promotion 11 ------------------------------------------------
    {
        "collectivity": "Val-d'Oise",
        "slug": "accueil-nouveaux-agents",
        "title": "Mieux accueillir les nouveaux agents du Département",
        "cohort": "vdo-11",
        "status": ProjectStatus.EXPERIMENTATION,
        "summary": "Un nouvel agent sur cinq disait ne pas savoir à qui s'adresser lors de "
        "sa première semaine. Un parcours d'arrivée conçu avec eux est testé dans deux "
        "directions.",
        "problem": "<p>Poste de travail pas prêt, badge manquant, aucun contact identifié : "
        "les premiers jours décidaient souvent de la suite. Les départs dans la première "
        "année étaient plus fréquents dans les directions sans accueil organisé.</p>",
        "people_concerned": "Les agents nouvellement recrutés ; leurs managers ; les "
        "services des ressources humaines et de l'informatique.",
        "solutions": [
            solution(
                "Un binôme pour chaque arrivant",
                "Un collègue volontaire accompagne l'arrivant pendant un mois.",
                "en-test",
            ),
            solution(
                "Une liste de préparation partagée",
                "Les services concernés cochent ce qui est prêt avant le premier jour : "
                "poste, badge, accès, rendez-vous.",
                "en-test",
            ),
        ],
        "sponsor_role": "Directeur général adjoint",
        "sponsor_service": "Pôle ressources",
        "themes": ["expérience agent", "ressources humaines"],
        "milestones": [
            (d(2023, 11, 23), "appetizer", "", ""),
            (d(2024, 6, 13), "jury", "", "Projet retenu par le jury de la promotion 11."),
            (d(2024, 10, 1), "experimentation", "Test dans deux directions", ""),
        ],
        "indicators": [
            (
                "Arrivants dont le poste était prêt le premier jour",
                61,
                89,
                "%",
                d(2025, 4, 1),
                "Questionnaire aux arrivants, deux directions pilotes",
            ),
        ],
        "quotes": [
            (
                "Le premier matin, mon binôme m'attendait à l'accueil : je me suis senti attendu.",
                "Agent arrivé à la direction des routes",
                d(2025, 2, 3),
            ),
        ],
        "team": [
            "Responsable formation",
            "Cheffe de service informatique de proximité",
            "Manager d'une équipe d'exploitation",
        ],
    },
    {
        "collectivity": "Val-d'Oise",
        "slug": "gaspillage-restaurants-colleges",
        "title": "Réduire le gaspillage dans les restaurants des collèges",
        "cohort": "vdo-11",
        "status": ProjectStatus.RETENU,
        "summary": "Près d'un tiers des repas servis dans certains collèges finissent à la "
        "poubelle. Le projet, retenu par le jury, attend le financement des balances de "
        "pesée pour son expérimentation.",
        "problem": "<p>Les équipes de cuisine préparent les repas sans savoir combien "
        "d'élèves mangeront réellement, ni quels plats reviennent intacts.</p>",
        "people_concerned": "Les élèves demi-pensionnaires et leurs familles ; les chefs "
        "de cuisine et agents de restauration des collèges.",
        "solutions": [
            solution(
                "Peser les restes chaque jour",
                "Une pesée simple par plat pour ajuster les quantités et les recettes.",
            ),
            solution(
                "Réserver son repas la veille",
                "Une réservation en ligne, facultative, pour mieux prévoir les effectifs.",
            ),
        ],
        "sponsor_role": "Chef de service",
        "sponsor_service": "Restauration scolaire, direction de l'éducation",
        "themes": ["restauration scolaire", "services éco-responsables", "collèges"],
        "milestones": [
            (d(2023, 11, 23), "appetizer", "", ""),
            (d(2024, 6, 13), "jury", "", "Projet retenu par le jury de la promotion 11."),
        ],
        "team": [
            "Chef de cuisine dans un collège",
            "Diététicienne",
            "Chargé de mission développement durable",
        ],
    },
    # --- EMI, Val-d'Oise, promotion 13 (in progress) -----------------------------------
    {
        "collectivity": "Val-d'Oise",
        "slug": "transport-eleves-handicapes",
        "title": "Simplifier l'inscription au transport des élèves en situation de handicap",
        "cohort": "vdo-13",
        "status": ProjectStatus.PROPOSE,
        "summary": "Les familles refont chaque année le même dossier pour le transport "
        "adapté de leur enfant. Sujet proposé à la promotion 13, qui le présentera au "
        "jury.",
        "problem": "<p>Chaque rentrée, plusieurs centaines de familles déposent à nouveau "
        "un dossier complet, même quand la situation de l'enfant n'a pas changé.</p>",
        "people_concerned": "Les familles d'élèves en situation de handicap ; les agents "
        "du service des transports scolaires.",
        "themes": ["relation aux usagers", "handicap"],
        "team": ["Sujet proposé par le service des transports scolaires"],
    },
    {
        "collectivity": "Val-d'Oise",
        "slug": "signaletique-espaces-solidarite",
        "title": "Une signalétique claire dans les espaces départementaux des solidarités",
        "cohort": "vdo-13",
        "status": ProjectStatus.PROPOSE,
        "summary": "Dans plusieurs espaces d'accueil, les usagers ne trouvent ni le bon "
        "guichet ni la salle d'attente. Sujet proposé à la promotion 13.",
        "problem": "<p>Les agents d'accueil passent une partie de leur journée à orienter "
        "les personnes dans les bâtiments plutôt qu'à répondre à leurs questions.</p>",
        "people_concerned": "Les usagers des espaces des solidarités ; les agents d'accueil.",
        "themes": ["accueil", "relation aux usagers"],
    },
    # --- EMI, Somme, promotion 1 ------------------------------------------------------
    {
        "collectivity": "Somme",
        "slug": "standard-solidarites",
        "title": "Raccourcir l'attente au standard des solidarités",
        "cohort": "somme-1",
        "status": ProjectStatus.DEPLOYE,
        "summary": "Quatre appels sur dix au standard des solidarités restaient sans "
        "réponse. Un tri des appels et des rappels programmés ont fait passer le taux de "
        "réponse de 61 % à 88 %.",
        "problem": "<p>Le standard recevait aux mêmes heures les appels urgents et les "
        "simples demandes d'horaires. Les personnes rappelaient plusieurs fois, ce qui "
        "saturait encore la ligne.</p>",
        "people_concerned": "Les allocataires et les familles suivies ; les standardistes "
        "et travailleurs sociaux.",
        "solutions": [
            solution(
                "Un message d'accueil qui oriente",
                "Trois choix simples dirigent vers le bon service ou vers les horaires.",
                "mise-en-oeuvre",
            ),
            solution(
                "Des rappels programmés",
                "Aux heures de pointe, l'usager laisse son numéro et il est rappelé dans "
                "la demi-journée.",
                "mise-en-oeuvre",
            ),
        ],
        "sponsor_role": "Directeur",
        "sponsor_service": "Direction de l'action sociale de proximité",
        "themes": ["accueil", "relation aux usagers", "solidarités"],
        "milestones": [
            (d(2022, 1, 20), "appetizer", "", ""),
            (d(2022, 9, 22), "jury", "", "Projet retenu par le jury de la promotion 1."),
            (d(2022, 11, 7), "experimentation", "Test sur un territoire", ""),
            (d(2023, 5, 2), "deploiement", "Déploiement sur tout le département", ""),
        ],
        "indicators": [
            (
                "Appels décrochés",
                61,
                88,
                "%",
                d(2024, 1, 15),
                "Statistiques de la téléphonie, moyenne sur trois mois",
            ),
            (
                "Usagers rappelés dans la demi-journée",
                None,
                93,
                "%",
                d(2024, 1, 15),
                "Outil de rappel programmé",
            ),
        ],
        "quotes": [
            (
                "Avant, j'appelais le matin et l'après-midi sans jamais avoir quelqu'un. "
                "Là, on m'a rappelée avant midi.",
                "Allocataire du RSA",
                d(2023, 10, 12),
            ),
        ],
        "team": [
            "Standardiste d'un service social",
            "Travailleuse sociale",
            "Responsable de la relation usagers",
        ],
        "feedback": [
            (
                "Mère de famille",
                "Le message d'accueil est clair et on ne tourne plus en rond entre les services.",
                ProjectFeedback.STATUS_APPROVED,
            ),
        ],
    },
    {
        "collectivity": "Somme",
        "slug": "guichet-assistantes-maternelles",
        "title": "Un guichet numérique pour les assistantes maternelles",
        "cohort": "somme-1",
        "status": ProjectStatus.ABANDONNE,
        "status_explanation": "Après trois mois de test, un service en ligne national a "
        "ouvert pour les mêmes démarches. Maintenir un second outil n'avait plus de sens : "
        "l'équipe a orienté les assistantes maternelles vers ce service et transmis ses "
        "fiches pratiques aux relais petite enfance.",
        "summary": "Les assistantes maternelles perdaient du temps à suivre leurs "
        "demandes d'agrément. Le guichet testé a été abandonné au profit d'un service "
        "national ouvert entre-temps.",
        "problem": "<p>Demandes d'agrément, de renouvellement ou d'extension : chaque "
        "démarche passait par un courrier différent, sans suivi.</p>",
        "people_concerned": "Les assistantes et assistants maternels ; les agents de la "
        "protection maternelle et infantile.",
        "solutions": [
            solution(
                "Un formulaire unique avec suivi",
                "Une seule démarche en ligne, avec l'état d'avancement visible.",
                "non-mise-en-oeuvre",
                "Abandonné au profit du service national.",
            ),
        ],
        "themes": ["petite enfance", "démarches en ligne"],
        "milestones": [
            (d(2022, 1, 20), "appetizer", "", ""),
            (d(2022, 9, 22), "jury", "", ""),
            (
                d(2022, 11, 14),
                "experimentation",
                "",
                "Test avec 60 assistantes maternelles volontaires.",
            ),
            (d(2023, 2, 28), "abandon", "Fin du test et abandon", ""),
        ],
        "team": ["Infirmière puéricultrice en PMI", "Gestionnaire des agréments"],
    },
    {
        "collectivity": "Somme",
        "slug": "covoiturage-agents",
        "title": "Le covoiturage entre agents des sites départementaux",
        "cohort": "somme-1",
        "status": ProjectStatus.NON_RETENU,
        "stopped_stage": ProjectPage.STAGE_APPETIZER,
        "status_explanation": "Écarté dès les appetizers : le sujet relevait du plan de "
        "mobilité des agents, déjà piloté par la direction des ressources humaines, à qui "
        "les idées recueillies ont été transmises.",
        "summary": "Mettre en relation les agents qui font les mêmes trajets. Le sujet "
        "n'a pas été retenu aux appetizers : un plan de mobilité le traitait déjà.",
        "problem": "<p>De nombreux agents font seuls en voiture les mêmes trajets vers les "
        "sites éloignés du Département.</p>",
        "people_concerned": "Les agents des sites départementaux éloignés des transports "
        "en commun.",
        "themes": ["expérience agent", "services éco-responsables"],
    },
    # --- EMI, Indre-et-Loire, formation courte ----------------------------------------
    {
        "collectivity": "Indre-et-Loire",
        "slug": "courriers-comprehensibles",
        "title": "Des courriers que les usagers comprennent du premier coup",
        "cohort": "il-1",
        "status": ProjectStatus.DEPLOYE,
        "summary": "Les courriers sur l'aide à domicile généraient des appels pour "
        "demander ce qu'ils voulaient dire. Réécrits avec des usagers, ils en suscitent "
        "près d'un tiers de moins.",
        "problem": "<p>Vocabulaire juridique, références d'articles, informations "
        "importantes en bas de page : les personnes âgées et leurs proches appelaient "
        "pour se faire expliquer les décisions.</p>",
        "people_concerned": "Les bénéficiaires de l'allocation personnalisée "
        "d'autonomie et leurs proches aidants ; les agents qui instruisent et répondent "
        "au téléphone.",
        "solutions": [
            solution(
                "Réécrire six modèles de courrier avec des usagers",
                "Tests de compréhension avec des bénéficiaires et des aidants, puis "
                "réécriture en langage clair.",
                "mise-en-oeuvre",
            ),
        ],
        "themes": ["langage clair", "relation aux usagers", "autonomie"],
        "milestones": [
            (d(2021, 3, 15), "autre", "Début de la formation courte", ""),
            (d(2021, 4, 23), "jury", "Restitution", ""),
            (d(2021, 9, 1), "deploiement", "Nouveaux courriers envoyés", ""),
        ],
        "indicators": [
            (
                "Appels pour demander une explication de courrier",
                410,
                285,
                "appels par mois",
                d(2022, 3, 31),
                "Comptage du service d'accueil téléphonique",
            ),
        ],
        "quotes": [
            (
                "J'ai compris tout de suite ce que ma mère allait recevoir, et quand.",
                "Fille d'une bénéficiaire",
                d(2021, 11, 18),
            ),
        ],
        "team": ["Instructrice de l'aide à domicile", "Cheffe de service autonomie"],
    },
    # --- Amiens forum, 28 November 2019: the eight prize winners ------------------------
    {
        "collectivity": "Nord",
        "slug": "bon-interlocuteur-social",
        "title": "Trouver le bon interlocuteur au Conseil départemental dans le domaine social",
        "status": ProjectStatus.DEPLOYE,
        "summary": "Un service numérique pour que les usagers, et les professionnels qui "
        "les accompagnent, trouvent tout de suite le bon interlocuteur des services "
        "sociaux du Département.",
        "problem": "<p>Faute de trouver le bon interlocuteur, une personne peut rester des "
        "mois sans solution alors que sa situation se débloque vite une fois le bon "
        "service identifié. L'idée est née de l'expérience vécue par une proche de "
        "l'agent qui l'a portée.</p>",
        "people_concerned": "Les usagers des services sociaux et les professionnels qui "
        "les orientent ; les agents d'accueil du Département.",
        "solutions": [
            solution(
                "Un annuaire guidé",
                "Quelques questions sur la situation et la commune mènent au service et "
                "au contact compétents.",
                "mise-en-oeuvre",
            ),
        ],
        "themes": ["accueil", "solidarités", "démarches en ligne"],
        "indicators": [
            (
                "Recherches aboutissant à un contact",
                None,
                74,
                "%",
                d(2021, 6, 30),
                "Statistiques de consultation du service",
            ),
        ],
        "quotes": [
            (
                "En tant que travailleuse sociale d'une association, je trouve le bon "
                "contact au Département en une minute.",
                "Travailleuse sociale",
                d(2021, 5, 20),
            ),
        ],
        "team": ["Juriste au service des marchés publics"],
        "feedback": [
            (
                "Usager",
                "Trois questions et j'avais le bon numéro : j'aurais aimé que "
                "cela existe plus tôt.",
                ProjectFeedback.STATUS_APPROVED,
            ),
        ],
    },
    {
        "collectivity": "Oise",
        "slug": "communication-cantines-colleges",
        "title": "Améliorer la communication des cantines des collèges avec les familles",
        "status": ProjectStatus.EXPERIMENTATION,
        "summary": "Mieux informer élèves, parents, associations et direction de "
        "l'éducation sur la restauration des collèges, pour un meilleur service et moins "
        "de gaspillage alimentaire.",
        "problem": "<p>Menus peu connus, retours des élèves jamais remontés, "
        "associations non associées : la cantine communique peu, et une partie des repas "
        "est jetée.</p>",
        "people_concerned": "Les élèves et leurs parents ; les associations ; les équipes "
        "de cuisine et la direction de l'éducation et de la jeunesse.",
        "themes": ["restauration scolaire", "services éco-responsables", "collèges"],
        "team": ["Cheffe de cuisine dans un collège"],
    },
    {
        "collectivity": "Pas-de-Calais",
        "slug": "premiere-reponse-immediate",
        "title": "Offrir une première réponse immédiate à l'usager, à l'accueil ou à distance",
        "status": ProjectStatus.DEPLOYE,
        "summary": "Un service numérique donne aux agents d'accueil, sur place comme au "
        "téléphone, les réponses aux questions les plus fréquentes pour répondre tout de "
        "suite.",
        "problem": "<p>Beaucoup de questions simples étaient transmises à un service "
        "expert, et l'usager attendait plusieurs jours une réponse qui tenait en une "
        "phrase.</p>",
        "people_concerned": "Les usagers qui se présentent ou appellent ; les agents "
        "d'accueil des maisons du Département.",
        "themes": ["accueil", "relation aux usagers"],
        "indicators": [
            (
                "Questions réglées dès le premier contact",
                35,
                62,
                "%",
                d(2021, 9, 30),
                "Enquête auprès des agents d'accueil sur un mois",
            ),
        ],
        "quotes": [
            (
                "Je suis repartie avec la réponse, sans rendez-vous à reprendre.",
                "Usagère d'une maison du Département",
                d(2021, 4, 6),
            ),
        ],
        "team": ["Agent d'accueil", "Chargée de l'innovation"],
    },
    {
        "collectivity": "Pas-de-Calais",
        "slug": "occupation-domaine-public",
        "title": "Faciliter le dépôt des demandes d'occupation du domaine public par une "
        "application",
        "status": ProjectStatus.ABANDONNE,
        "status_explanation": "À l'issue de la pré-incubation, le Département a choisi de "
        "traiter ces demandes dans un formulaire en ligne générique, commun à d'autres "
        "démarches. Une application dédiée ne se justifiait plus pour le nombre de "
        "demandes reçues.",
        "summary": "Une application pour déposer les demandes d'occupation du domaine "
        "public routier. Abandonnée au profit d'un formulaire en ligne commun à d'autres "
        "démarches.",
        "problem": "<p>Entreprises et particuliers déposaient leurs demandes par courrier, "
        "souvent incomplètes, ce qui retardait les chantiers.</p>",
        "people_concerned": "Les entreprises de travaux, les particuliers ; les agents des routes.",
        "themes": ["démarches en ligne", "routes"],
        "milestones": [
            (d(2020, 3, 2), "pre-incubation", "Fin de la pré-incubation", ""),
            (d(2020, 9, 15), "abandon", "Choix d'un formulaire générique", ""),
        ],
        "team": ["Technicien des routes", "Assistante administrative"],
    },
    {
        "collectivity": "Somme",
        "slug": "album-de-vie-ase",
        "title": "Favoriser la systématisation et la conservation de l'album de vie des "
        "mineurs confiés",
        "status": ProjectStatus.DEPLOYE,
        "summary": "Photos, souvenirs, premiers dessins : l'album de vie des enfants "
        "confiés à l'aide sociale à l'enfance est désormais constitué et conservé pour "
        "chacun d'eux.",
        "problem": "<p>Au gré des placements, les souvenirs d'enfance des mineurs confiés "
        "se perdaient. Devenus adultes, certains n'avaient aucune photo de leur "
        "enfance.</p>",
        "people_concerned": "Les enfants et adolescents confiés à l'aide sociale à "
        "l'enfance ; les familles d'accueil et les éducateurs.",
        "themes": ["protection de l'enfance", "solidarités"],
        "indicators": [
            (
                "Enfants confiés disposant d'un album de vie",
                20,
                71,
                "%",
                d(2022, 12, 31),
                "Revue des dossiers par les référents ASE",
            ),
        ],
        "quotes": [
            (
                "Quand il a changé de famille, son album l'a suivi : c'était la première "
                "chose qu'il a montrée.",
                "Assistante familiale",
                d(2022, 6, 2),
            ),
        ],
        "team": ["Éducatrice de l'aide sociale à l'enfance", "Assistante familiale"],
    },
    {
        "collectivity": "Somme",
        "slug": "cantines-restaurants-scolaires",
        "title": "Accompagner la transition de 48 cantines scolaires en restaurants scolaires",
        "status": ProjectStatus.EXPERIMENTATION,
        "summary": "Mettre en réseau 48 cantines et encourager une cuisine respectueuse "
        "de la santé des élèves et de l'environnement.",
        "problem": "<p>Chaque cuisine travaille seule, avec peu d'échanges de recettes, "
        "de fournisseurs locaux ou de pratiques contre le gaspillage.</p>",
        "people_concerned": "Les élèves ; les équipes de cuisine des collèges ; les "
        "producteurs locaux.",
        "themes": ["restauration scolaire", "services éco-responsables", "collèges"],
        "milestones": [
            (d(2020, 3, 2), "pre-incubation", "Fin de la pré-incubation", ""),
            (d(2020, 9, 1), "experimentation", "Réseau lancé avec douze collèges", ""),
        ],
        "team": ["Chef de cuisine dans un collège", "Diététicienne"],
    },
    {
        "collectivity": "Val-d'Oise",
        "slug": "sanitaires-colleges",
        "title": "Améliorer la qualité des sanitaires des collèges",
        "status": ProjectStatus.RETENU,
        "summary": "« Les toilettes fuient… les élèves aussi » : rendre les sanitaires des "
        "collèges propres et sûrs pour que les élèves ne les évitent plus.",
        "problem": "<p>Des élèves évitent de boire pour ne pas aller aux toilettes de leur "
        "collège, jugées sales ou peu sûres.</p>",
        "people_concerned": "Les collégiens ; les agents d'entretien ; les équipes de "
        "direction des collèges.",
        "themes": ["collèges", "bâtiments"],
        "team": ["Chef de projet bâtiments"],
    },
    {
        "collectivity": "Val-d'Oise",
        "slug": "accueil-petite-enfance-emploi",
        "title": "Améliorer l'offre d'accueil de la petite enfance pour les familles en "
        "recherche d'emploi",
        "status": ProjectStatus.EXPERIMENTATION,
        "summary": "Des places d'accueil ponctuel pour les parents qui cherchent un "
        "emploi ou n'ont pas accès à l'offre existante.",
        "problem": "<p>Sans solution de garde, un parent ne peut pas se rendre à un "
        "entretien ou commencer une formation ; sans emploi, il n'accède pas aux "
        "modes de garde.</p>",
        "people_concerned": "Les parents de jeunes enfants en recherche d'emploi ; les "
        "professionnels de la petite enfance et de l'insertion.",
        "themes": ["petite enfance", "insertion"],
        "team": ["Infirmière puéricultrice en PMI", "Conseillère en insertion"],
    },
    # --- Amiens forum: presented, not among the prize winners ----------------------------
    {
        "collectivity": "Nord",
        "slug": "mediation-animale-ase",
        "title": "La médiation animale lors des rencontres parents-enfants",
        "status": ProjectStatus.NON_RETENU,
        "stopped_stage": ProjectPage.STAGE_JURY,
        "status_explanation": "Présenté au forum d'Amiens, le projet ne figure pas parmi "
        "les huit lauréats. L'idée, née d'une expérimentation réussie lors d'un stage de "
        "BTS, doit d'abord être précisée avec les équipes de l'aide sociale à l'enfance "
        "(cadre des visites, assurance, formation) avant un nouveau dépôt.",
        "summary": "Proposer la présence d'un animal lors de rencontres parents-enfants "
        "difficiles dans le cadre de l'aide sociale à l'enfance. Non retenu par le jury "
        "du forum d'Amiens.",
        "problem": "<p>Certaines visites médiatisées entre parents et enfants confiés "
        "sont tendues, au point de rendre l'échange impossible.</p>",
        "people_concerned": "Les enfants confiés et leurs parents ; les travailleurs "
        "sociaux qui encadrent les visites.",
        "themes": ["protection de l'enfance"],
        "team": ["Agente d'une direction territoriale de prévention et d'action sociale"],
    },
]


class _SpaceReportAdapter:
    """Feeds the collectivité service's lines into load_demo's report."""

    def __init__(self, report):
        self.report = report

    def __call__(self, kind, text):
        if kind in (SpaceReport.CREATED, SpaceReport.UPDATED):
            self.report.created_item(text)
        elif kind == SpaceReport.WARNING:
            self.report.write(f"  ! {text}")
        else:
            self.report.existing_item(text)


def load_collectivities(report):
    """Short name → the collectivité's projects section (its whole space is ensured)."""
    space_report = SpaceReport(write=_SpaceReportAdapter(report))
    sections = {}
    for name, short_name, joined_year, website in COLLECTIVITIES:
        space = ensure_collectivity_space(
            name,
            short_name=short_name,
            kind=D,
            joined_year=joined_year,
            website=website,
            report=space_report,
        )
        section = next(s for s in space.sections if isinstance(s, ProjectSectionPage))
        sections[short_name] = section
    return sections


def load_cohorts(sections, report):
    cohorts = {}
    for key, host, number, training, start, end, jury in COHORTS:
        collectivity = sections[host].collectivity
        cohort = Cohort.objects.filter(
            host_collectivity=collectivity, training_type=training, number=number
        ).first()
        if cohort is None:
            cohort = Cohort.objects.create(
                host_collectivity=collectivity,
                number=number,
                training_type=training,
                start_date=d(*start),
                end_date=d(*end),
                jury_date=d(*jury) if jury else None,
            )
            report.created_item(f"promotion « {cohort} »")
        else:
            report.existing_item(str(cohort))
        cohorts[key] = cohort
    return cohorts


def _milestones(data):
    """The project's own steps; Amiens projects start with the forum's jury and, for the
    prize winners, the three-month pre-incubation that followed."""
    steps = list(data.get("milestones", []))
    if "cohort" in data:
        return steps
    kinds = {kind for _date, kind, _label, _text in steps}
    winner = data["status"] != ProjectStatus.NON_RETENU
    if winner and "pre-incubation" not in kinds:
        steps.insert(0, (d(2020, 3, 2), "pre-incubation", "Fin de la pré-incubation", ""))
    steps.insert(
        0,
        (
            AMIENS_JURY,
            "jury",
            "Forum d'Amiens : projet lauréat" if winner else "Forum d'Amiens : non retenu",
            "Quinze équipes de cinq Départements ont présenté leur projet ; huit lauréats.",
        ),
    )
    return steps


def _build_project(data, cohorts):
    emi = "cohort" in data
    page = ProjectPage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        problem=data["problem"],
        people_concerned=data.get("people_concerned", ""),
        solutions=data.get("solutions", []),
        status=data["status"],
        stopped_stage=data.get("stopped_stage", ""),
        status_explanation=data.get("status_explanation", ""),
        origin=ProjectPage.ORIGIN_EMI if emi else ProjectPage.ORIGIN_OTHER,
        cohort=cohorts[data["cohort"]] if emi else None,
        other_programme="" if emi else AMIENS_FORUM,
        jury_date=None if emi else AMIENS_JURY,
        sponsor_role=data.get("sponsor_role", ""),
        sponsor_service=data.get("sponsor_service", ""),
        search_description=data["summary"],
    )
    page.themes.add(*data.get("themes", []))
    page.milestones = [
        ProjectMilestone(date=date, kind=kind, label=label, description=text, sort_order=i)
        for i, (date, kind, label, text) in enumerate(_milestones(data))
    ]
    page.impact_indicators = [
        ProjectImpactIndicator(
            label=label,
            baseline=baseline,
            value=value,
            unit=unit,
            measured_on=measured_on,
            source=source,
            sort_order=i,
        )
        for i, (label, baseline, value, unit, measured_on, source) in enumerate(
            data.get("indicators", [])
        )
    ]
    page.user_quotes = [
        ProjectUserQuote(quote=text, role=role, date=date, sort_order=i)
        for i, (text, role, date) in enumerate(data.get("quotes", []))
    ]
    page.team_members = [
        ProjectTeamMember(role=role, sort_order=i) for i, role in enumerate(data.get("team", []))
    ]
    return page


def load_projects(sections, cohorts, report):
    projects = []
    for data in PROJECTS:
        section = sections[data["collectivity"]]
        existing = ProjectPage.objects.child_of(section).filter(slug=data["slug"]).first()
        if existing is not None:
            report.existing_item(data["slug"])
            projects.append(existing)
            continue
        page = _build_project(data, cohorts)
        section.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(
            f"projet « {page.title} » ({page.get_status_display().lower()}, {page.url})"
        )
        for role, text, status in data.get("feedback", []):
            approved = status == ProjectFeedback.STATUS_APPROVED
            ProjectFeedback.objects.create(
                project=page,
                role=role,
                text=text,
                consent=True,
                status=status,
                moderated_at=timezone.now() if approved else None,
            )
        projects.append(page)
    return projects


def load(report):
    sections = load_collectivities(report)
    cohorts = load_cohorts(sections, report)
    return load_projects(sections, cohorts, report)
