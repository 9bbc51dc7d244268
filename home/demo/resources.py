"""The resource library (/ressources/): the training's modules, and the tools, kits,
courses and recorded talks that go with them.

Facts come from the source documents: the modules of the long training (seeds/002:
service design, logistics and delays, management control, quality of work life, impact
measurement; change management, from the alumni's workshops, seeds/001), the MOOC on
public innovation offered with the ESSEC since October 2016 (seeds/002), the open online
course "Celo" (seeds/000) and the first alumni meeting of 17 November 2023 (seeds/000
and 001). The tools themselves are written for this site.

Files are generated here (small PDFs and CSV grids) and stored as Wagtail documents:
members-only resources' files in the collection restricted to the alumni
(alumni.setup.members_collection), public ones in the collection "Ressources de l'EMI".

Idempotent: modules are looked up by slug, documents by title in their collection,
pages by slug under the library; nothing existing is overwritten.
"""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from alumni.library.access import misplaced_documents
from alumni.models import (
    Audience,
    ResourceFile,
    ResourceIndexPage,
    ResourcePage,
    ResourceProjectLink,
    ResourceType,
    TrainingModule,
)
from alumni.setup import grant_moderator_permissions, members_collection
from home.models import HomePage
from projects.models import ProjectPage, ProjectTheme

from .helpers import get_or_create_child
from .pdf import render_pdf

PUBLIC_COLLECTION_NAME = "Ressources de l'EMI"
PDF_HEADER = "École du management par l'innovation (EMI) · Département du Val-d'Oise"

FICHE, KIT, COURS, CONFERENCE, GUIDE = (
    ResourceType.FICHE_OUTIL,
    ResourceType.KIT,
    ResourceType.COURS_EN_LIGNE,
    ResourceType.CONFERENCE,
    ResourceType.GUIDE,
)
PUBLIC, MEMBRES = Audience.PUBLIC, Audience.MEMBRES

# (slug, name, summary): the modules of the training, in the order they are taught.
MODULES = [
    (
        "design-de-service",
        "Design de service",
        "Partir des usages réels pour concevoir un service avec ses usagers et ses agents, "
        "le tester et l'améliorer.",
    ),
    (
        "excellence-operationnelle",
        "Excellence opérationnelle : logistique et délais",
        "Cartographier un processus, supprimer les étapes qui n'apportent rien et raccourcir "
        "les délais rendus aux usagers.",
    ),
    (
        "controle-de-gestion",
        "Contrôle de gestion",
        "Connaître ce que coûte un service et suivre quelques indicateurs de pilotage utiles "
        "à la décision.",
    ),
    (
        "qualite-de-vie-au-travail",
        "Qualité de vie au travail",
        "Améliorer les conditions de travail des équipes en partant de ce qu'elles vivent, "
        "pour mieux servir les usagers.",
    ),
    (
        "mesure-d-impact",
        "Mesure d'impact",
        "Définir dès le début d'un projet ce qui doit changer pour les usagers, puis le "
        "mesurer sans en faire un jugement.",
    ),
    (
        "conduite-du-changement",
        "Conduite du changement",
        "Embarquer les équipes, la hiérarchie et les élus pour que le projet vive après le jury.",
    ),
]


def pdf_file(title, name, subtitle, blocks):
    return {"title": title, "name": name, "pdf": (subtitle, blocks)}


def csv_file(title, name, rows):
    return {"title": title, "name": name, "csv": rows}


def csv_bytes(rows):
    """A CSV grid as spreadsheets in France open it: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def file_content(spec):
    if "csv" in spec:
        return csv_bytes(spec["csv"])
    subtitle, blocks = spec["pdf"]
    return render_pdf(
        spec["title"], blocks, subtitle=subtitle, header=PDF_HEADER, footer=spec["title"]
    )


# --- The resources ---------------------------------------------------------------------------

# Each resource: page fields, plus "modules" (slugs), "themes" (names of the project bank's
# themes), "projects" (slugs of demo projects where the tool served) and "files".
RESOURCES = [
    {
        "slug": "fiche-outil-parcours-usager",
        "title": "Fiche outil : le parcours usager",
        "resource_type": FICHE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2023, 1, 16),
        "modules": ["design-de-service"],
        "themes": ["relation aux usagers", "accueil"],
        "projects": ["standard-solidarites", "signaletique-espaces-solidarite"],
        "summary": "Dessiner, étape par étape, ce que vit un usager avant, pendant et après "
        "sa démarche, pour repérer les moments où le service le perd. La fiche tient sur "
        "deux pages et s'utilise en atelier, avec des agents de terrain.",
        "body": "<p>Le parcours usager est souvent le premier outil de la formation : avant "
        "d'imaginer une solution, l'équipe décrit ce que vit réellement la personne qui "
        "s'adresse au service, du moment où elle a un besoin à celui où elle obtient une "
        "réponse.</p><h3>Quand s'en servir</h3><ul><li>au lancement d'un projet, pour "
        "partager un constat ;</li><li>après des entretiens ou des observations, pour les "
        "mettre en commun ;</li><li>avant de tester une solution, pour choisir l'étape à "
        "améliorer en premier.</li></ul><p>Les projets cités plus bas s'en sont servis pour "
        "revoir un accueil téléphonique ou physique.</p>",
        "files": [
            pdf_file(
                "Fiche outil : le parcours usager",
                "fiche-outil-parcours-usager.pdf",
                "Module design de service",
                [
                    "# À quoi sert le parcours usager ?",
                    "Le parcours usager décrit, dans l'ordre, les étapes que traverse une "
                    "personne pour obtenir un service : s'informer, déposer une demande, "
                    "attendre, relancer, recevoir une réponse. Pour chaque étape, on note ce "
                    "que fait l'usager, ce qu'il ressent et ce que fait le service, souvent "
                    "sans qu'il le voie.",
                    "# Comment faire",
                    "- Choisir un usager type et une démarche précise (par exemple : une "
                    "famille qui cherche une place d'accueil pour un jeune enfant).",
                    "- Lister les étapes de bout en bout, y compris celles qui se passent hors "
                    "du service : recherche sur internet, appel à un proche, déplacement.",
                    "- Pour chaque étape, noter les actions de l'usager, ses contacts avec le "
                    "service, ses questions et son état d'esprit (serein, inquiet, agacé).",
                    "- Repérer les « moments de vérité » : ceux où l'usager abandonne, "
                    "rappelle ou se trompe de guichet.",
                    "- Vérifier le parcours avec de vrais usagers et les agents qui les "
                    "reçoivent, puis choisir une ou deux étapes à améliorer.",
                    "# Matériel",
                    "Un grand mur ou un tableau blanc, des feuillets repositionnables de trois "
                    "couleurs (usager, service, irritants), deux heures d'atelier et, "
                    "idéalement, des citations recueillies en entretien.",
                    "# Points de vigilance",
                    "- Partir de ce qui a été observé ou entendu, pas de ce que le service "
                    "imagine.",
                    "- Ne pas chercher l'exhaustivité : un parcours lisible vaut mieux qu'un "
                    "parcours complet.",
                    "- Garder la trace des irritants écartés : ils nourrissent souvent un "
                    "projet suivant.",
                ],
            )
        ],
    },
    {
        "slug": "fiche-outil-entretien-usager",
        "title": "Fiche outil : l'entretien avec un usager",
        "resource_type": FICHE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2023, 2, 6),
        "modules": ["design-de-service"],
        "themes": ["relation aux usagers", "langage clair"],
        "projects": ["courriers-comprehensibles", "transport-eleves-handicapes"],
        "summary": "Préparer, mener et restituer un entretien individuel avec un usager : "
        "une trame de questions ouvertes, les relances utiles et les erreurs à éviter.",
        "body": "<p>Les alumni le rappellent souvent : « nous pensions connaître nos "
        "usagers ». Quelques entretiens bien menés suffisent à faire apparaître ce que les "
        "tableaux de bord ne disent pas. Cette fiche propose une trame d'une heure, à "
        "adapter au public rencontré.</p><ul><li>cinq à huit entretiens par profil d'usager "
        "suffisent pour un premier constat ;</li><li>deux agents par entretien : l'un pose "
        "les questions, l'autre note les mots exacts ;</li><li>une restitution le jour "
        "même, tant que les souvenirs sont frais.</li></ul>",
        "files": [
            pdf_file(
                "Fiche outil : l'entretien avec un usager",
                "fiche-outil-entretien-usager.pdf",
                "Module design de service",
                [
                    "# Avant l'entretien",
                    "- Écrire en une phrase ce que l'on cherche à comprendre.",
                    "- Rencontrer des usagers variés, y compris ceux qui ont renoncé à la "
                    "démarche.",
                    "- Expliquer à la personne pourquoi on la rencontre, combien de temps "
                    "cela durera et ce que deviendront ses réponses.",
                    "# Pendant l'entretien",
                    "Commencer large (« Racontez-moi la dernière fois que vous avez… »), puis "
                    "suivre le fil de la personne. Les meilleures relances sont courtes : "
                    "« C'est-à-dire ? », « Comment avez-vous fait ? », « Qu'est-ce qui vous a "
                    "manqué ? ». Ne jamais proposer de solution pendant l'entretien : on est "
                    "là pour écouter.",
                    "# Après l'entretien",
                    "- Relire les notes à deux et souligner les citations exactes.",
                    "- Classer ce qui a été entendu : besoins, irritants, astuces de "
                    "contournement.",
                    "- Ne conserver aucune donnée personnelle inutile ; rendre anonymes les "
                    "citations partagées.",
                    "# Erreurs fréquentes",
                    "- Poser des questions fermées dont on connaît déjà la réponse.",
                    "- N'interroger que les usagers satisfaits, plus faciles à joindre.",
                    "- Confondre ce que les gens disent faire et ce qu'ils font vraiment : "
                    "compléter par l'observation.",
                ],
            )
        ],
    },
    {
        "slug": "fiche-outil-cartographie-processus",
        "title": "Fiche outil : cartographier un processus pour réduire les délais",
        "resource_type": FICHE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2023, 3, 13),
        "modules": ["excellence-operationnelle"],
        "themes": ["simplification administrative"],
        "projects": ["subventions-associations-plus-rapides", "bons-de-commande-colleges"],
        "summary": "Représenter toutes les étapes d'une procédure, qui les réalise et combien "
        "de temps elles prennent, pour distinguer le temps utile du temps d'attente. L'outil "
        "de base du module excellence opérationnelle.",
        "body": "<p>Dans la plupart des procédures administratives, un dossier attend bien "
        "plus longtemps qu'il n'est traité. La cartographie rend visibles ces attentes, les "
        "allers-retours et les contrôles en double, que personne ne voit en entier depuis "
        "son propre poste.</p><p>C'est ainsi qu'une équipe de la promotion 10 du Val-d'Oise "
        "a repéré trois validations redondantes dans le versement des subventions aux "
        "associations.</p>",
        "files": [
            pdf_file(
                "Fiche outil : cartographier un processus",
                "fiche-outil-cartographie-processus.pdf",
                "Module excellence opérationnelle : logistique et délais",
                [
                    "# Le principe",
                    "Une cartographie de processus suit un dossier réel, du premier contact "
                    "de l'usager jusqu'à la réponse finale. Chaque étape est décrite par un "
                    "verbe, un acteur, une durée de traitement et une durée d'attente. Le "
                    "délai total est la somme des deux ; on ne le réduit vraiment qu'en "
                    "s'attaquant aux attentes.",
                    "# Les étapes",
                    "- Choisir un processus aux bornes claires : « de la réception de la "
                    "demande au versement ».",
                    "- Réunir les agents de chaque service concerné : chacun connaît son "
                    "maillon, personne ne connaît toute la chaîne.",
                    "- Dessiner les étapes en colonnes, une par acteur, avec les flèches de "
                    "transmission.",
                    "- Mesurer sur dix à vingt dossiers récents le temps de traitement et le "
                    "temps d'attente de chaque étape.",
                    "- Marquer les étapes sans valeur pour l'usager : ressaisies, validations "
                    "en double, pièces redemandées.",
                    "# Les questions à poser",
                    "- Cette étape change-t-elle quelque chose pour l'usager ?",
                    "- Pourquoi le dossier attend-il ici ? Qui pourrait le faire avancer ?",
                    "- Que se passerait-il si l'on supprimait cette signature ?",
                    "# Ce qu'on en tire",
                    "Une carte de la situation actuelle et une carte de la situation visée, "
                    "validées par les chefs de service concernés, et deux ou trois "
                    "indicateurs de délai à suivre après les changements.",
                ],
            )
        ],
    },
    {
        "slug": "fiche-outil-cout-complet",
        "title": "Fiche outil : calculer le coût complet d'un service",
        "resource_type": FICHE,
        "audience": MEMBRES,
        "resource_date": datetime.date(2024, 1, 22),
        "modules": ["controle-de-gestion"],
        "themes": ["simplification administrative"],
        "projects": ["subventions-associations-plus-rapides"],
        "summary": "Estimer ce que coûte réellement une prestation, personnel, locaux et "
        "outils compris, pour comparer deux organisations ou chiffrer le gain d'un projet "
        "devant le jury. Réservée aux membres du réseau.",
        "body": "<p>Le jury et les commanditaires posent toujours la même question : combien "
        "cela coûte-t-il, et combien cela fait-il gagner ? Cette fiche, issue du module "
        "contrôle de gestion, propose une méthode simple pour y répondre sans tableur de "
        "cent lignes.</p><p>Elle s'appuie sur un exemple chiffré et se travaille de "
        "préférence avec le contrôleur de gestion de sa collectivité.</p>",
        "files": [
            pdf_file(
                "Fiche outil : le coût complet d'un service",
                "fiche-outil-cout-complet.pdf",
                "Module contrôle de gestion · réservé aux membres du réseau des alumni",
                [
                    "# Pourquoi un coût complet ?",
                    "Le budget d'un service ne montre que ses dépenses directes. Le coût "
                    "complet y ajoute le temps passé par les agents de tous les services qui "
                    "interviennent, les locaux, les outils et une part des fonctions support. "
                    "C'est le seul chiffre qui permette de comparer deux façons de rendre le "
                    "même service.",
                    "# La méthode en quatre temps",
                    "- Définir l'unité d'œuvre : un dossier instruit, un repas servi, un "
                    "appel traité.",
                    "- Recenser le temps passé par chaque catégorie d'agents sur une période "
                    "représentative, et le valoriser au coût moyen chargé.",
                    "- Ajouter les coûts directs (fournitures, affranchissement, logiciels) et "
                    "une quote-part des locaux et des fonctions support.",
                    "- Diviser le total par le nombre d'unités d'œuvre de la période.",
                    "# Exemple",
                    "Un service instruit 1 200 dossiers par an. Les agents y consacrent en "
                    "tout 2,1 équivalents temps plein, soit environ 105 000 € par an ; les "
                    "frais directs et la quote-part de structure s'élèvent à 27 000 €. Un "
                    "dossier coûte donc environ 110 €. Supprimer une ressaisie de vingt "
                    "minutes par dossier libère près de 400 heures par an.",
                    "# Points de vigilance",
                    "- Un coût complet est une estimation : écrire les hypothèses à côté du "
                    "chiffre.",
                    "- Du temps libéré n'est pas une économie budgétaire tant qu'il n'est pas "
                    "réaffecté : le dire clairement aux élus.",
                    "- Associer le contrôle de gestion de la collectivité dès le départ.",
                ],
            )
        ],
    },
    {
        "slug": "kit-mesure-d-impact",
        "title": "Kit mesure d'impact",
        "resource_type": KIT,
        "audience": MEMBRES,
        "resource_date": datetime.date(2024, 3, 18),
        "modules": ["mesure-d-impact"],
        "themes": ["relation aux usagers", "expérience agent"],
        "projects": [
            "subventions-associations-plus-rapides",
            "accueil-nouveaux-agents",
            "gaspillage-restaurants-colleges",
        ],
        "summary": "Tout ce qu'il faut pour mesurer l'impact d'un projet dès son lancement : "
        "le guide de la démarche, une grille d'indicateurs à compléter et un questionnaire "
        "aux usagers. Réservé aux membres du réseau.",
        "body": "<p>Les alumni l'ont dit lors de leur première rencontre : la mesure des "
        "résultats n'est « pas toujours faite », et elle est parfois vécue comme un "
        "jugement. Ce kit aide à la préparer tôt, dès la définition du projet, plutôt qu'au "
        "moment du bilan.</p><h3>Ce que contient le kit</h3><ul><li>le guide de la "
        "démarche, en cinq étapes ;</li><li>la grille d'indicateurs, au format tableur, "
        "avec des exemples tirés de la banque de projets ;</li><li>un questionnaire court, "
        "à adapter, pour recueillir l'avis des usagers.</li></ul><p>Le club mesure d'impact "
        "des alumni s'en sert comme support de ses séances.</p>",
        "files": [
            pdf_file(
                "Kit mesure d'impact – guide de la démarche",
                "kit-mesure-impact-guide.pdf",
                "Module mesure d'impact · réservé aux membres du réseau des alumni",
                [
                    "# Mesurer pour décider, pas pour juger",
                    "La mesure d'impact répond à une question simple : qu'est-ce qui a changé "
                    "pour les usagers, et pour les agents, grâce au projet ? Elle sert à "
                    "décider de la suite (généraliser, ajuster, arrêter) et à rendre compte "
                    "aux élus. Elle ne note pas les équipes.",
                    "# Étape 1 : écrire le changement attendu",
                    "En une phrase, avant de chercher des solutions : « Les associations "
                    "reçoivent leur subvention avant le début de leur saison. » Ce changement "
                    "doit pouvoir être constaté par quelqu'un d'extérieur au projet.",
                    "# Étape 2 : choisir trois indicateurs au plus",
                    "- un indicateur de résultat pour l'usager (délai, taux de réponse, "
                    "satisfaction) ;",
                    "- un indicateur de moyens pour le service (temps passé, coût) ;",
                    "- si possible, un indicateur d'effet sur les agents ou sur l'environnement.",
                    "# Étape 3 : mesurer le point de départ",
                    "Sans valeur de départ, aucun impact ne peut être démontré. Relever la "
                    "situation avant tout changement, sur une période représentative, et "
                    "noter la source utilisée.",
                    "# Étape 4 : mesurer de nouveau, de la même façon",
                    "Reprendre la même source et la même méthode trois, six puis douze mois "
                    "après la mise en œuvre. Compléter les chiffres par l'avis des usagers : "
                    "le questionnaire du kit en donne une base.",
                    "# Étape 5 : raconter les résultats",
                    "Présenter l'évolution, les hypothèses et ce qui n'a pas marché. Laisser "
                    "l'équipe présenter elle-même ses résultats aux élus et à la direction : "
                    "c'est la meilleure façon que la mesure ne soit pas vécue comme un "
                    "contrôle.",
                ],
            ),
            csv_file(
                "Kit mesure d'impact – grille d'indicateurs",
                "kit-mesure-impact-grille-indicateurs.csv",
                [
                    [
                        "Indicateur",
                        "Ce qu'il montre",
                        "Type",
                        "Unité",
                        "Valeur de départ",
                        "Date de la mesure de départ",
                        "Cible",
                        "Source",
                        "Fréquence de mesure",
                        "Responsable",
                    ],
                    [
                        "Délai moyen entre le vote et le versement d'une subvention",
                        "L'attente des associations",
                        "Résultat pour l'usager",
                        "jours",
                        "78",
                        "31/01/2023",
                        "40",
                        "Logiciel financier",
                        "Trimestrielle",
                        "Service des subventions",
                    ],
                    [
                        "Dossiers incomplets à la première demande",
                        "La clarté des pièces demandées",
                        "Résultat pour l'usager",
                        "%",
                        "42",
                        "31/01/2023",
                        "20",
                        "Comptage des services instructeurs",
                        "Trimestrielle",
                        "Service des subventions",
                    ],
                    [
                        "Arrivants dont le poste était prêt le premier jour",
                        "La qualité de l'accueil des nouveaux agents",
                        "Effet sur les agents",
                        "%",
                        "61",
                        "30/09/2024",
                        "90",
                        "Questionnaire aux arrivants",
                        "Semestrielle",
                        "Direction des ressources humaines",
                    ],
                    [
                        "Part des repas servis qui reviennent intacts",
                        "Le gaspillage alimentaire",
                        "Effet sur l'environnement",
                        "%",
                        "30 (estimation)",
                        "",
                        "15",
                        "Pesées en fin de service",
                        "Mensuelle",
                        "Chef de cuisine",
                    ],
                    [
                        "Temps d'instruction par dossier",
                        "L'effort du service",
                        "Moyens",
                        "minutes",
                        "",
                        "",
                        "",
                        "Relevé sur dix dossiers",
                        "Annuelle",
                        "Chef de projet",
                    ],
                    [
                        "Usagers satisfaits de la démarche",
                        "Le ressenti des usagers",
                        "Résultat pour l'usager",
                        "%",
                        "",
                        "",
                        "",
                        "Questionnaire aux usagers du kit",
                        "Semestrielle",
                        "Chef de projet",
                    ],
                ],
            ),
            pdf_file(
                "Kit mesure d'impact – questionnaire aux usagers",
                "kit-mesure-impact-questionnaire-usagers.pdf",
                "Module mesure d'impact · réservé aux membres du réseau des alumni",
                [
                    "# Pourquoi ce questionnaire",
                    "Il complète les indicateurs chiffrés par la parole des usagers. Les "
                    "mêmes questions sont posées avant le changement, puis trois à six mois "
                    "après, à des usagers différents mais comparables. Adapter le nom de la "
                    "démarche sans changer la formulation des questions, pour que les "
                    "réponses restent comparables.",
                    "# Les questions (trois minutes)",
                    "- 1. Avez-vous obtenu ce que vous étiez venu chercher ? (Oui / En partie "
                    "/ Non)",
                    "- 2. Combien de fois avez-vous dû contacter le service pour cette "
                    "démarche ? (Une fois / Deux fois / Trois fois ou plus)",
                    "- 3. Les informations reçues étaient-elles faciles à comprendre ? (Note "
                    "de 1 à 5)",
                    "- 4. Le délai de réponse vous a-t-il semblé raisonnable ? (Note de 1 à 5)",
                    "- 5. Qu'est-ce qui vous a le plus aidé ? (Réponse libre)",
                    "- 6. Que faudrait-il changer en priorité ? (Réponse libre)",
                    "# Recueillir les réponses",
                    "- Dire à la personne que ses réponses sont anonymes et à quoi elles "
                    "serviront.",
                    "- Viser au moins trente réponses par période pour pouvoir comparer.",
                    "- Reporter les résultats dans la grille d'indicateurs du kit, ligne "
                    "« Usagers satisfaits de la démarche ».",
                ],
            ),
        ],
    },
    {
        "slug": "kit-atelier-ideation",
        "title": "Kit atelier d'idéation",
        "resource_type": KIT,
        "audience": PUBLIC,
        "resource_date": datetime.date(2023, 11, 23),
        "modules": ["design-de-service"],
        "themes": ["expérience agent", "relation aux usagers"],
        "projects": ["accueil-nouveaux-agents"],
        "summary": "Le déroulé minute par minute d'un atelier de deux heures pour imaginer "
        "des solutions avec des usagers et des agents, et la grille pour choisir celles à "
        "tester. Conçu pour les équipes projet comme pour les ateliers de « débogage » entre "
        "alumni.",
        "body": "<p>Après l'enquête vient le moment d'imaginer. Ce kit donne ce qu'il faut "
        "pour animer un atelier d'idéation sans être facilitateur professionnel : un "
        "déroulé éprouvé et une grille de priorisation au format tableur.</p><p>Il a servi "
        "aux équipes de la promotion 11 du Val-d'Oise et peut être repris tel quel dans un "
        "club ou un atelier entre collectivités.</p>",
        "files": [
            pdf_file(
                "Kit atelier d'idéation – déroulé de l'atelier",
                "kit-ideation-deroule.pdf",
                "Module design de service",
                [
                    "# Avant l'atelier",
                    "- Formuler le défi sous forme de question, « Comment pourrions-nous… ? », "
                    "à partir des constats de l'enquête.",
                    "- Inviter huit à douze personnes : des agents de plusieurs services et, "
                    "si possible, deux ou trois usagers.",
                    "- Préparer les murs, les feutres, les feuillets et un minuteur visible "
                    "de tous.",
                    "# Déroulé en deux heures",
                    "- 0 h 00 – Accueil et règles du jeu : aucune critique pendant la "
                    "production d'idées, la quantité d'abord.",
                    "- 0 h 10 – Rappel des constats : trois citations d'usagers et le "
                    "parcours usager affiché au mur.",
                    "- 0 h 25 – Production individuelle en silence : une idée par feuillet, "
                    "pendant huit minutes.",
                    "- 0 h 35 – Partage des idées et regroupement par familles.",
                    "- 0 h 55 – Pause.",
                    "- 1 h 05 – Enrichissement en sous-groupes : chaque groupe reprend une "
                    "famille d'idées et la rend concrète.",
                    "- 1 h 35 – Priorisation avec la grille du kit : utilité pour les "
                    "usagers, faisabilité, coût.",
                    "- 1 h 50 – Choix de deux idées à tester et des personnes qui s'en chargent.",
                    "# Après l'atelier",
                    "Envoyer aux participants, dans la semaine, une photo des murs, les idées "
                    "retenues et la date du premier test. Garder les idées écartées : elles "
                    "pourront servir à un autre projet ou à une nouvelle promotion.",
                ],
            ),
            csv_file(
                "Kit atelier d'idéation – grille de priorisation",
                "kit-ideation-grille-priorisation.csv",
                [
                    [
                        "Idée",
                        "Utilité pour les usagers (1 à 5)",
                        "Faisabilité (1 à 5)",
                        "Coût (1 = élevé, 5 = faible)",
                        "Délai pour tester",
                        "Total",
                        "Décision",
                    ],
                    ["Un binôme pour chaque arrivant", "5", "4", "5", "1 mois", "14", "À tester"],
                    [
                        "Une liste de préparation partagée entre services",
                        "4",
                        "4",
                        "4",
                        "2 semaines",
                        "12",
                        "À tester",
                    ],
                    [
                        "Un livret d'accueil refondu",
                        "3",
                        "5",
                        "4",
                        "1 mois",
                        "12",
                        "À discuter",
                    ],
                    [
                        "Une application mobile d'accueil",
                        "3",
                        "2",
                        "1",
                        "6 mois",
                        "6",
                        "Écartée pour l'instant",
                    ],
                ],
            ),
        ],
    },
    {
        "slug": "kit-qualite-de-vie-au-travail",
        "title": "Kit qualité de vie au travail : le diagnostic en équipe",
        "resource_type": KIT,
        "audience": MEMBRES,
        "resource_date": datetime.date(2024, 5, 13),
        "modules": ["qualite-de-vie-au-travail"],
        "themes": ["expérience agent", "ressources humaines"],
        "projects": ["accueil-nouveaux-agents", "covoiturage-agents"],
        "summary": "Un questionnaire anonyme et un guide d'animation pour faire le point avec "
        "une équipe sur ses conditions de travail, puis choisir ensemble deux actions "
        "concrètes. Réservé aux membres du réseau.",
        "body": "<p>Le module qualité de vie au travail part d'une conviction : des agents "
        "qui travaillent dans de bonnes conditions rendent un meilleur service. Ce kit "
        "permet à un encadrant d'ouvrir la discussion avec son équipe sans la transformer "
        "en séance de plaintes.</p><ul><li>un guide d'animation pour une réunion d'une "
        "heure et demie ;</li><li>un questionnaire anonyme de douze affirmations, au format "
        "tableur, à remplir avant la réunion.</li></ul>",
        "files": [
            pdf_file(
                "Kit qualité de vie au travail – guide d'animation",
                "kit-qvt-guide-animation.pdf",
                "Module qualité de vie au travail · réservé aux membres du réseau des alumni",
                [
                    "# L'esprit de la démarche",
                    "Il ne s'agit pas de mesurer le bonheur au travail, mais de repérer ce "
                    "qui, dans l'organisation quotidienne, fatigue inutilement l'équipe ou "
                    "l'empêche de bien faire son travail : interruptions, outils inadaptés, "
                    "consignes contradictoires, manque de reconnaissance.",
                    "# Préparer",
                    "- Diffuser le questionnaire anonyme une semaine avant la réunion, en "
                    "garantissant que personne ne verra les réponses individuelles.",
                    "- Faire la synthèse des réponses en pourcentages, sans commentaire.",
                    "- Demander à un collègue d'une autre équipe d'animer, pour que "
                    "l'encadrant puisse participer.",
                    "# Animer (1 h 30)",
                    "- Présenter les résultats et laisser l'équipe réagir : qu'est-ce qui "
                    "surprend ? qu'est-ce qui manque ?",
                    "- Choisir ensemble les trois sujets qui pèsent le plus.",
                    "- Pour chaque sujet, distinguer ce qui est entre les mains de l'équipe "
                    "et ce qui relève d'un autre niveau.",
                    "- Retenir deux actions concrètes, avec un responsable et une date de "
                    "point d'étape.",
                    "# Suivre",
                    "Refaire le questionnaire six mois plus tard, avec les mêmes "
                    "affirmations. Présenter les évolutions à l'équipe avant toute autre "
                    "instance.",
                ],
            ),
            csv_file(
                "Kit qualité de vie au travail – questionnaire d'équipe",
                "kit-qvt-questionnaire.csv",
                [
                    [
                        "N°",
                        "Affirmation",
                        "Pas du tout d'accord",
                        "Plutôt pas d'accord",
                        "Plutôt d'accord",
                        "Tout à fait d'accord",
                        "Commentaire libre",
                    ],
                    *[
                        [str(number), statement, "", "", "", "", ""]
                        for number, statement in enumerate(
                            [
                                "Je sais ce que l'on attend de moi dans mon travail.",
                                "Je dispose des outils nécessaires pour bien faire mon travail.",
                                "Je peux me concentrer sans être interrompu en permanence.",
                                "Les consignes que je reçois sont cohérentes entre elles.",
                                "Je peux proposer des améliorations, et elles sont examinées.",
                                "Mon travail est reconnu par ma hiérarchie.",
                                "Je peux compter sur mes collègues en cas de difficulté.",
                                "Ma charge de travail est compatible avec ma vie personnelle.",
                                "Mes locaux sont adaptés à mon activité.",
                                "Je vois à quoi sert mon travail pour les usagers.",
                                "J'ai été bien accueilli à mon arrivée dans le service.",
                                "Je recommanderais mon service à un collègue qui cherche un poste.",
                            ],
                            start=1,
                        )
                    ],
                ],
            ),
        ],
    },
    {
        "slug": "kit-conduite-du-changement",
        "title": "Kit conduite du changement : embarquer les équipes",
        "resource_type": KIT,
        "audience": MEMBRES,
        "resource_date": datetime.date(2024, 9, 16),
        "modules": ["conduite-du-changement"],
        "themes": ["expérience agent", "simplification administrative"],
        "projects": ["subventions-associations-plus-rapides", "accueil-nouveaux-agents"],
        "summary": "La carte des parties prenantes et un modèle de plan de communication "
        "pour préparer l'après-jury : convaincre la hiérarchie, associer les équipes de "
        "terrain et tenir les élus informés. Réservé aux membres du réseau.",
        "body": "<p>Beaucoup de projets s'essoufflent après le jury, faute de relais dans les "
        "services : les alumni citent le manque d'« alliés », des encadrants peu formés à "
        "ces démarches et une acculturation qui prend du temps. Ce kit aide à anticiper ces "
        "freins dès la conception du projet.</p><ul><li>la carte des parties prenantes, à "
        "remplir en équipe ;</li><li>un modèle de plan de communication, au format "
        "tableur, pour les six mois qui suivent le jury.</li></ul>",
        "files": [
            pdf_file(
                "Kit conduite du changement – carte des parties prenantes",
                "kit-changement-carte-parties-prenantes.pdf",
                "Module conduite du changement · réservé aux membres du réseau des alumni",
                [
                    "# Pourquoi cartographier les parties prenantes",
                    "Un projet change les habitudes de personnes qui ne l'ont pas choisi. "
                    "Les identifier tôt, comprendre ce qu'elles y gagnent ou y perdent et "
                    "décider comment les associer évite bien des résistances au moment du "
                    "déploiement.",
                    "# Comment remplir la carte",
                    "- Lister toutes les personnes et tous les groupes concernés : usagers, "
                    "agents de terrain, encadrants, commanditaire, autres directions, élus, "
                    "partenaires.",
                    "- Placer chacun sur deux axes : son influence sur le projet (de faible à "
                    "forte) et son intérêt pour le projet (de réservé à favorable).",
                    "- Pour chaque case, choisir une attitude : associer étroitement, "
                    "consulter, informer ou simplement rester attentif.",
                    "- Nommer, dans l'équipe, un responsable de chaque relation importante.",
                    "# Les quatre attitudes",
                    "- Influence forte, intérêt favorable : en faire des alliés et leur "
                    "confier un rôle visible.",
                    "- Influence forte, intérêt réservé : les rencontrer tôt, écouter leurs "
                    "objections, les associer au test.",
                    "- Influence faible, intérêt favorable : en faire des ambassadeurs auprès "
                    "de leurs collègues.",
                    "- Influence faible, intérêt réservé : les informer régulièrement, sans "
                    "les surcharger.",
                    "# Après le jury",
                    "Revoir la carte avec le commanditaire pour inscrire le projet dans ses "
                    "objectifs, et la mettre à jour à chaque étape : les positions changent à "
                    "mesure que le projet avance.",
                ],
            ),
            csv_file(
                "Kit conduite du changement – plan de communication",
                "kit-changement-plan-communication.csv",
                [
                    [
                        "Public",
                        "Ce qu'il doit savoir ou faire",
                        "Message clé",
                        "Canal",
                        "Porteur",
                        "Quand",
                        "Retour attendu",
                    ],
                    [
                        "Commanditaire",
                        "Valider les objectifs après le jury",
                        "Le projet répond à vos priorités de l'année",
                        "Rendez-vous",
                        "Chef de projet",
                        "Dans le mois qui suit le jury",
                        "Objectifs validés par écrit",
                    ],
                    [
                        "Encadrants des services concernés",
                        "Libérer du temps pour le test",
                        "Le test dure six semaines et mobilise deux agents par service",
                        "Réunion de direction",
                        "Commanditaire",
                        "Avant le test",
                        "Noms des agents volontaires",
                    ],
                    [
                        "Agents de terrain",
                        "Comprendre ce qui change pour eux",
                        "Ce que vous nous avez dit a été entendu ; voici ce que nous testons",
                        "Réunion d'équipe et note courte",
                        "Équipe projet",
                        "Au lancement du test",
                        "Questions et inquiétudes recueillies",
                    ],
                    [
                        "Usagers",
                        "Savoir que la démarche change",
                        "Une démarche plus simple à partir du 1er du mois",
                        "Courrier, site internet, accueil",
                        "Service communication",
                        "Deux semaines avant",
                        "Nombre d'appels au standard",
                    ],
                    [
                        "Élus",
                        "Connaître les résultats",
                        "Ce que le projet a changé, en trois chiffres",
                        "Note au cabinet",
                        "Direction générale",
                        "Au bilan à six mois",
                        "Décision de généraliser",
                    ],
                ],
            ),
        ],
    },
    {
        "slug": "fiche-outil-indicateurs-de-pilotage",
        "title": "Fiche outil : trois indicateurs de pilotage plutôt que vingt",
        "resource_type": FICHE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2024, 2, 12),
        "modules": ["controle-de-gestion", "mesure-d-impact"],
        "themes": ["simplification administrative"],
        "projects": ["subventions-associations-plus-rapides"],
        "summary": "Choisir quelques indicateurs qui aident vraiment à décider, les définir "
        "sans ambiguïté et les suivre dans un tableau de bord d'une page. À la croisée du "
        "contrôle de gestion et de la mesure d'impact.",
        "body": "<p>Les alumni ont relevé des redondances entre l'excellence opérationnelle, "
        "le contrôle de gestion et la mesure d'impact, notamment sur les indicateurs. Cette "
        "fiche fait le lien entre les trois modules : un même indicateur, bien défini, sert "
        "à piloter le service et à montrer l'impact du projet.</p>",
        "files": [
            pdf_file(
                "Fiche outil : trois indicateurs de pilotage",
                "fiche-outil-indicateurs-pilotage.pdf",
                "Modules contrôle de gestion et mesure d'impact",
                [
                    "# Un bon indicateur",
                    "- Il répond à une question que se pose un décideur.",
                    "- Il se calcule à partir d'une source qui existe déjà, ou qui coûte peu "
                    "à créer.",
                    "- Il bouge quand la situation change, et seulement dans ce cas.",
                    "- Tout le monde le comprend de la même façon : sa définition tient en "
                    "une phrase.",
                    "# La fiche d'identité de l'indicateur",
                    "Pour chaque indicateur retenu, écrire son nom, sa définition exacte, son "
                    "mode de calcul, sa source, sa fréquence, la personne qui le produit et "
                    "sa valeur de départ. Cette fiche évite les débats sans fin sur des "
                    "chiffres qui ne mesurent pas la même chose.",
                    "# Le tableau de bord d'une page",
                    "Trois indicateurs, leur valeur de départ, leur cible et leurs trois "
                    "dernières mesures, chacun avec une phrase de commentaire. Si le tableau "
                    "de bord ne tient pas sur une page, c'est qu'il contient trop "
                    "d'indicateurs.",
                    "# Exemple",
                    "Pour le versement des subventions aux associations : le délai moyen "
                    "entre le vote et le versement (en jours), la part de dossiers "
                    "incomplets à la première demande (en %) et le temps d'instruction par "
                    "dossier (en minutes).",
                ],
            )
        ],
    },
    {
        "slug": "fiche-outil-management-visuel",
        "title": "Fiche outil : le point d'équipe en management visuel",
        "resource_type": FICHE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2022, 11, 28),
        "modules": ["qualite-de-vie-au-travail", "excellence-operationnelle"],
        "themes": ["expérience agent"],
        "projects": ["standard-solidarites"],
        "summary": "Un tableau mural et un rendez-vous de quinze minutes par semaine pour que "
        "l'équipe voie où en est son activité, signale ses difficultés et suive ses "
        "améliorations.",
        "body": "<p>Le management visuel rend l'activité d'une équipe lisible par tous, d'un "
        "coup d'œil : ce qui est fait, ce qui bloque, ce qui s'améliore. Le point d'équipe "
        "hebdomadaire, debout devant le tableau, remplace une partie des réunions et des "
        "courriels.</p><p>Plusieurs collectivités en ont fait un outil de qualité de vie au "
        "travail : les difficultés sont dites tôt et traitées ensemble. Le Mois de "
        "l'innovation publique propose chaque année des ateliers pour s'en inspirer.</p>",
        "files": [
            pdf_file(
                "Fiche outil : le point d'équipe en management visuel",
                "fiche-outil-management-visuel.pdf",
                "Modules qualité de vie au travail et excellence opérationnelle",
                [
                    "# Le tableau",
                    "- Colonne 1 : les chiffres de la semaine (demandes reçues, demandes "
                    "traitées, délai moyen).",
                    "- Colonne 2 : les difficultés rencontrées, écrites par n'importe quel "
                    "membre de l'équipe.",
                    "- Colonne 3 : les actions décidées, avec un nom et une date.",
                    "- Colonne 4 : les réussites et les remerciements.",
                    "# Le point d'équipe (quinze minutes, debout)",
                    "- Lire les chiffres : qu'est-ce qui a changé depuis la semaine dernière ?",
                    "- Passer en revue les difficultés : les régler tout de suite si c'est "
                    "possible, sinon décider qui s'en occupe.",
                    "- Vérifier les actions en cours et retirer celles qui sont terminées.",
                    "- Finir par une réussite de la semaine.",
                    "# Conditions de réussite",
                    "Le tableau appartient à l'équipe, pas à l'encadrant. Une difficulté "
                    "affichée n'est jamais reprochée à celui qui l'a signalée. Un tableau qui "
                    "n'est plus tenu à jour doit être retiré plutôt que laissé au mur.",
                ],
            )
        ],
    },
    {
        "slug": "guide-conduire-un-projet-emi",
        "title": "Guide méthodologique : conduire un projet EMI, de l'appetizer au jury",
        "resource_type": GUIDE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2024, 9, 2),
        "modules": [
            "design-de-service",
            "excellence-operationnelle",
            "mesure-d-impact",
            "conduite-du-changement",
        ],
        "themes": ["relation aux usagers", "expérience agent"],
        "projects": ["subventions-associations-plus-rapides", "bons-de-commande-colleges"],
        "summary": "Les grandes étapes d'un projet de la formation longue, de la présentation "
        "du sujet à la soutenance devant le jury, avec les outils des modules à mobiliser à "
        "chaque étape et le rôle du commanditaire, des référents et de l'équipe.",
        "body": "<p>La formation longue de l'EMI dure environ neuf mois : douze jours "
        "d'enseignement dispensés par des experts métiers et douze jours de travail en "
        "groupe sur un projet de terrain porté par une collectivité. Ce guide donne le fil "
        "rouge du projet et indique, à chaque étape, l'outil des modules qui aide le plus."
        "</p><h3>À qui il s'adresse</h3><ul><li>aux équipes projet, pour se repérer dans le "
        "calendrier ;</li><li>aux commanditaires, pour savoir quand leur décision est "
        "attendue ;</li><li>aux collectivités qui envisagent d'accueillir une session.</li>"
        "</ul>",
        "files": [
            pdf_file(
                "Guide méthodologique : conduire un projet EMI",
                "guide-conduire-un-projet-emi.pdf",
                "De l'appetizer au jury, et après",
                [
                    "# 1. Le sujet et l'appetizer",
                    "Chaque projet part d'un problème concret rencontré par un service et "
                    "porté par un commanditaire, directeur ou directrice. Lors de "
                    "l'appetizer, les sujets sont présentés aux élèves, qui forment les "
                    "équipes. Un sujet bien posé décrit un problème vécu par les usagers ou "
                    "les agents, pas une solution déjà choisie.",
                    "- Rôle du commanditaire : présenter le sujet, dire ce qui est "
                    "négociable et ce qui ne l'est pas, désigner un interlocuteur disponible.",
                    "- Conseil des alumni : composer les groupes en amont, en équilibrant "
                    "âges, anciennetés et tempéraments, plutôt qu'au moment du choix des "
                    "sujets.",
                    "# 2. Comprendre : enquête et diagnostic",
                    "Les premières semaines sont consacrées au terrain : entretiens avec des "
                    "usagers, observation du travail des agents, analyse des données "
                    "existantes. Outils : l'entretien avec un usager, le parcours usager, la "
                    "cartographie de processus.",
                    "# 3. Définir ce qui doit changer",
                    "L'équipe reformule le problème à partir de ce qu'elle a appris et écrit "
                    "le changement attendu. C'est le bon moment pour choisir les indicateurs "
                    "de la mesure d'impact et relever leur valeur de départ, plutôt qu'à la "
                    "fin du projet.",
                    "# 4. Imaginer et tester",
                    "L'atelier d'idéation produit des pistes, que l'équipe classe puis teste "
                    "à petite échelle : un formulaire simplifié sur quelques dossiers, un "
                    "nouvel accueil pendant une demi-journée. Un test raté coûte peu et "
                    "apprend beaucoup.",
                    "# 5. Chiffrer et préparer le déploiement",
                    "Le coût complet de la situation actuelle et de la solution proposée, le "
                    "temps gagné par les usagers et les agents, les moyens nécessaires. La "
                    "carte des parties prenantes et le plan de communication préparent "
                    "l'après-jury.",
                    "# 6. La soutenance devant le jury",
                    "L'équipe présente le problème, ce qu'elle a appris du terrain, la "
                    "solution testée et ses premiers résultats, puis répond aux questions. Le "
                    "jury retient ou non le projet ; dans les deux cas, ses raisons sont "
                    "notées dans la banque de projets, pour qu'une autre équipe puisse "
                    "reprendre le sujet.",
                    "# 7. Après le jury",
                    "Le commanditaire inscrit le projet dans ses objectifs, l'équipe mesure "
                    "ses indicateurs à trois, six et douze mois et partage ses résultats avec "
                    "le réseau des alumni. Un parrain ou une marraine du réseau peut aider à "
                    "franchir les étapes difficiles.",
                    "# Les rôles en résumé",
                    "- L'équipe projet : des cadres de services différents, qui conduisent "
                    "le projet ensemble.",
                    "- Le commanditaire : il porte le sujet, arbitre et décide du déploiement.",
                    "- Les référents : ils conseillent l'équipe sur la méthode (design, "
                    "excellence opérationnelle) tout au long du projet.",
                    "- Les intervenants des modules : ils apportent les outils, et gagnent à "
                    "connaître les projets avant leur module.",
                ],
            )
        ],
    },
    {
        "slug": "guide-excellence-operationnelle",
        "title": "Guide méthodologique : l'excellence opérationnelle au service des usagers",
        "resource_type": GUIDE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2022, 10, 10),
        "modules": ["excellence-operationnelle"],
        "themes": ["simplification administrative"],
        "projects": ["subventions-associations-plus-rapides", "standard-solidarites"],
        "summary": "Ce que recouvre l'excellence opérationnelle (lean, démarches qualité, "
        "modèle EFQM), ce qu'elle peut apporter à une collectivité et comment l'appliquer "
        "sans perdre de vue les usagers ni les agents.",
        "body": "<p>L'excellence opérationnelle est l'une des originalités de l'EMI : à côté "
        "du design de service, qui part des usages, elle apporte des méthodes éprouvées "
        "pour rendre l'exécution plus fiable et plus rapide. Ce guide en présente les "
        "principes, adaptés au service public local.</p>",
        "files": [
            pdf_file(
                "Guide méthodologique : l'excellence opérationnelle",
                "guide-excellence-operationnelle.pdf",
                "Module excellence opérationnelle : logistique et délais",
                [
                    "# De quoi parle-t-on ?",
                    "L'excellence opérationnelle désigne la capacité d'une organisation à "
                    "exécuter ce qu'elle a décidé de façon fiable, régulière et sans "
                    "gaspillage. Elle se reconnaît à ses résultats : des délais tenus, moins "
                    "d'erreurs, des coûts maîtrisés. Elle s'appuie sur des démarches "
                    "connues : le lean, les démarches de qualité globale, le six sigma ou le "
                    "modèle EFQM.",
                    "# Ce que cela change dans une collectivité",
                    "- Des délais plus courts pour les usagers, parce que les attentes et "
                    "les allers-retours disparaissent.",
                    "- Des agents moins occupés par les relances et les ressaisies, qui "
                    "peuvent se consacrer au conseil.",
                    "- Des décisions fondées sur des mesures, grâce à des indicateurs de "
                    "pilotage simples.",
                    "# Les principes à retenir",
                    "- Partir de ce qui a de la valeur pour l'usager : toute étape qui ne lui "
                    "apporte rien doit être questionnée.",
                    "- Aller voir sur le terrain : les processus réels diffèrent souvent des "
                    "procédures écrites.",
                    "- Associer les agents qui font le travail : ils connaissent les "
                    "irritants et, souvent, les solutions.",
                    "- Améliorer par petites étapes, mesurer, puis recommencer.",
                    "# Les pièges",
                    "L'excellence opérationnelle n'est pas une course à la productivité. "
                    "Appliquée sans les équipes, elle est vécue comme un contrôle et produit "
                    "l'inverse de l'effet recherché. Associée au design de service et à "
                    "l'attention portée à la qualité de vie au travail, elle donne au "
                    "contraire des résultats durables.",
                ],
            )
        ],
    },
    {
        "slug": "mooc-innovation-publique",
        "title": "MOOC Innovation publique du Département du Val-d'Oise et de l'ESSEC",
        "resource_type": COURS,
        "audience": PUBLIC,
        "resource_date": datetime.date(2016, 10, 1),
        "modules": ["design-de-service", "conduite-du-changement"],
        "themes": ["relation aux usagers"],
        "projects": [],
        "summary": "Un cours en ligne ouvert à tous, proposé depuis octobre 2016 par le "
        "Département du Val-d'Oise avec l'ESSEC, pour découvrir les démarches d'innovation "
        "publique à partir d'expériences de terrain.",
        "body": "<p>Fruit du partenariat entre le Département du Val-d'Oise et l'ESSEC, ce "
        "MOOC (cours en ligne ouvert et massif) présente les démarches d'innovation "
        "publique telles qu'elles se pratiquent dans le Val-d'Oise : partir des usagers, "
        "associer les agents, expérimenter avant de généraliser.</p><p>Il s'inscrit dans "
        "l'écosystème d'innovation du Département, avec le laboratoire d'innovation "
        "publique ZIP95, créé en 2013 avec l'ESSEC et l'université de Cergy-Pontoise, et La "
        "Butinerie, la plateforme où les agents proposent leurs idées.</p>",
        "external_url": "https://www.essec.edu/fr/mooc/innovation-publique/",
        "external_label": "Découvrir le MOOC sur le site de l'ESSEC",
        "files": [],
    },
    {
        "slug": "celo-innovation-et-pensee-design",
        "title": "Celo : le cours en ligne ouvert de l'EMI sur l'innovation et la pensée design",
        "resource_type": COURS,
        "audience": PUBLIC,
        "resource_date": datetime.date(2021, 3, 1),
        "modules": ["design-de-service"],
        "themes": ["relation aux usagers"],
        "projects": [],
        "summary": "Environ quatre heures, à suivre à son rythme, pour avoir un premier "
        "aperçu de ce que propose l'EMI : innover dans le service public, partir des usages, "
        "imaginer, tester. C'est la formation Découverte.",
        "body": "<p>Le Celo est la porte d'entrée de l'EMI. Ouvert à tout agent curieux de "
        "l'innovation publique, sans prérequis, il présente en quelques séquences courtes "
        "la pensée design et les démarches enseignées dans les formations courte et "
        "longue.</p><ul><li>durée : environ quatre heures ;</li><li>format : en ligne, à "
        "son rythme ;</li><li>pour aller plus loin : la formation courte « Innovation "
        "publique et pensée design », quatre cours en ligne et huit heures en présentiel "
        "sur quatre à six semaines.</li></ul>",
        "external_url": "https://formation.emi.example.org/celo/",
        "external_label": "Suivre le Celo",
        "files": [],
    },
    {
        "slug": "conference-rencontre-alumni-2023",
        "title": "Conférence : ce que l'EMI a transformé (rencontre des alumni, 17 novembre 2023)",
        "resource_type": CONFERENCE,
        "audience": PUBLIC,
        "resource_date": datetime.date(2023, 11, 17),
        "modules": ["conduite-du-changement", "mesure-d-impact"],
        "themes": ["expérience agent"],
        "projects": [],
        "summary": "L'intervention d'ouverture de la première rencontre des alumni, "
        "« Inventer les services publics de demain » : huit ans d'EMI, ce que la formation "
        "a changé dans les pratiques, et ce qui reste à construire ensemble.",
        "body": "<p>Enregistrée lors de la première rencontre du réseau des alumni, le 17 "
        "novembre 2023, pendant la dixième édition du Mois de l'innovation publique, cette "
        "intervention de la mission innovation du Département a ouvert une journée "
        "d'ateliers « world café » consacrés au partage d'expériences entre collectivités."
        "</p><p>La transcription complète figure sur cette page ; la vidéo n'est chargée "
        "que si vous le demandez.</p>",
        "video_url": "https://www.youtube.com/watch?v=EMIalumni23",
        "transcript": "<p>Bonjour à toutes et à tous, et merci d'être venus si nombreux, du "
        "Val-d'Oise et de bien plus loin. C'est la première fois que nous réunissons les "
        "anciens élèves de l'EMI, et nous avons choisi de le faire pendant le Mois de "
        "l'innovation publique : vous êtes, chacune et chacun, la preuve que l'innovation "
        "publique n'est pas un slogan.</p>"
        "<p>Quelques chiffres, d'abord. L'école a été créée en 2015 pour les cadres du "
        "Département. Depuis, environ trois cents agents ont été formés et soixante-deux "
        "projets ont été conduits, au fil d'une vingtaine de sessions. Depuis mars 2021, "
        "l'EMI est ouverte aux autres collectivités : quatorze d'entre elles ont déjà "
        "engagé une ou plusieurs sessions, qu'il s'agisse de Départements, de communes ou "
        "d'une agglomération.</p>"
        "<p>Mais ce qui compte le plus, ce sont les changements de pratiques. Vous nous "
        "l'avez dit : vous prenez davantage le temps d'analyser le contexte, vous partez "
        "des besoins des usagers et des constats du terrain, vous travaillez plus "
        "facilement avec d'autres directions. Certains d'entre vous ont simplifié des "
        "processus internes, d'autres ont enfin défini des indicateurs de pilotage.</p>"
        "<p>Nous savons aussi ce qui reste difficile. Après le jury, il manque souvent des "
        "relais dans les services ; la mesure des résultats n'est pas toujours faite, et "
        "elle est parfois vécue comme un jugement. Les habitudes sont longues à changer, et "
        "chacun a besoin, de temps en temps, d'un regard extérieur pour lever le nez du "
        "guidon.</p>"
        "<p>C'est tout l'objet de cette journée. Dans les ateliers de cet après-midi, nous "
        "vous demandons de nous dire ce que doit être ce réseau : un annuaire que vous "
        "tiendrez à jour vous-mêmes, une banque de projets, des clubs thématiques, des "
        "parrains et des marraines disponibles pour les nouvelles promotions ? C'est à vous "
        "de le construire, et nous vous y aiderons.</p>"
        "<p>Je vous souhaite une très belle journée d'échanges. Merci.</p>",
        "files": [],
    },
]


# --- Loaders ---------------------------------------------------------------------------------


def load_modules(report):
    """Slug → TrainingModule, created in the order they are taught."""
    modules = {}
    for position, (slug, name, summary) in enumerate(MODULES, start=1):
        module = TrainingModule.objects.filter(slug=slug).first()
        if module is None:
            module = TrainingModule.objects.filter(name=name).first()
        if module is not None:
            report.existing_item(slug)
        else:
            module = TrainingModule.objects.create(
                name=name, slug=slug, summary=summary, sort_order=position * 10
            )
            report.created_item(f"module de formation « {name} »")
        modules[slug] = module
    return modules


def load_index(report):
    index = ResourceIndexPage.objects.first()
    if index is not None:
        report.existing_item("ressources")
        return index
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        raise RuntimeError("La page d'accueil manque : chargez d'abord la section « Site ».")
    return get_or_create_child(
        home,
        ResourceIndexPage,
        "ressources",
        report,
        title="Ressources",
        show_in_menus=True,
        intro="Les outils, kits, cours en ligne et conférences de la formation, classés "
        "par module de l'EMI et par thématique, avec les projets où ils ont servi.",
    )


def public_collection(report):
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PUBLIC_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=PUBLIC_COLLECTION_NAME)
        report.created_item(f"collection de documents « {PUBLIC_COLLECTION_NAME} »")
    else:
        report.existing_item(PUBLIC_COLLECTION_NAME)
    return collection


def get_or_create_document(spec, collection, report):
    """The document of this title in the collection, created from `spec` if missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=spec["title"], collection=collection).first()
    if document is not None:
        report.existing_item(spec["title"])
        return document
    content = ContentFile(file_content(spec))
    document = Document(title=spec["title"], collection=collection)
    document.file.save(spec["name"], content, save=False)
    document._set_document_file_metadata()  # size and hash, as the admin's upload records
    document.save()
    report.created_item(f"document « {document.title} » ({collection.name})")
    return document


def build_resource(data, modules, collections, report):
    page = ResourcePage(
        title=data["title"],
        slug=data["slug"],
        resource_type=data["resource_type"],
        audience=data["audience"],
        resource_date=data["resource_date"],
        summary=data["summary"],
        body=data["body"],
        external_url=data.get("external_url", ""),
        external_label=data.get("external_label", ""),
        video_url=data.get("video_url", ""),
        transcript=data.get("transcript", ""),
        search_description=data["summary"],
    )
    page.modules = [modules[slug] for slug in data["modules"]]
    # The project bank's own vocabulary: a theme missing from it is left out, not created.
    page.themes.add(*ProjectTheme.objects.filter(name__in=data["themes"]).order_by("name"))
    collection = collections[data["audience"]]
    documents = [get_or_create_document(spec, collection, report) for spec in data["files"]]
    page.files = [
        ResourceFile(document=document, sort_order=position)
        for position, document in enumerate(documents)
    ]
    projects = ProjectPage.objects.live().filter(slug__in=data["projects"])
    by_slug = {project.slug: project for project in projects}
    page.project_links = [
        ResourceProjectLink(project=by_slug[slug], sort_order=position)
        for position, slug in enumerate(s for s in data["projects"] if s in by_slug)
    ]
    misplaced = misplaced_documents(documents, data["audience"])
    if misplaced:
        raise ValidationError(misplaced)
    return page


def load_resources(index, modules, collections, report):
    pages = []
    for data in RESOURCES:
        existing = ResourcePage.objects.child_of(index).filter(slug=data["slug"]).first()
        if existing is not None:
            report.existing_item(data["slug"])
            pages.append(existing)
            continue
        page = build_resource(data, modules, collections, report)
        index.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(
            f"ressource « {page.title} » ({page.get_resource_type_display().lower()}, "
            f"{page.get_audience_display().lower()}, {page.url})"
        )
        pages.append(page)
    return pages


def load(report):
    modules = load_modules(report)
    index = load_index(report)
    # The moderators' rights on the library need the index (alumni.setup).
    grant_moderator_permissions()
    public = public_collection(report)
    # Collections are kept sorted by name: adding one moves its siblings' tree paths, so
    # the members' collection is fetched after, with its current path.
    collections = {PUBLIC: public, MEMBRES: members_collection()}
    return load_resources(index, modules, collections, report)
