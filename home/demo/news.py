"""News, post-jury announcement, agenda, trainings and the open call for the long training.

Facts come from the source documents (the three trainings, the alumni meeting of
17 November 2023, the Mois de l'innovation publique, the collectivités engaged); the
sentences are written for this site. Upcoming events and the open call are placed
relative to today, so that the demo stays current whenever it is loaded. Idempotent:
pages are looked up by slug under their parent and never overwritten.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from cms.models import Collectivity
from home.models import HomePage
from news.models import (
    CallForCandidatesPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    EventSectionPage,
    NewsIndexPage,
    NewsPage,
    NewsSectionPage,
    PostJuryAnnouncementPage,
    PostJuryDeclinedTopic,
    PostJuryRetainedTopic,
    TopicProposalPage,
    TrainingIndexPage,
    TrainingPage,
)

from .helpers import get_or_create_child, heading, paragraph

PARIS = ZoneInfo("Europe/Paris")


def days_from_today(days, hour, minute=0):
    """A time of day, `days` days from today (Paris time)."""
    today = timezone.localdate(timezone.now(), PARIS)
    day = today + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def _section(section_class, short_name, fallback):
    """The collectivité's section under the index, or the index when it has none yet."""
    collectivity = Collectivity.objects.filter(short_name=short_name).first()
    if collectivity is None:
        return fallback
    section = section_class.objects.child_of(fallback).filter(collectivity=collectivity).first()
    return section.specific if section else fallback


# --- Trainings -----------------------------------------------------------------------------

TRAININGS = [
    {
        "slug": "decouverte",
        "title": "Formation Découverte",
        "kind": "decouverte",
        "summary": "Le cours en ligne ouvert (Celo) sur l'innovation et la pensée design : "
        "environ quatre heures pour avoir un premier aperçu de ce que propose l'EMI.",
        "duration": "Environ 4 heures",
        "learning_format": "Cours en ligne ouvert (Celo), à suivre à son rythme",
        "audience": "Tout agent d'une collectivité curieux de l'innovation publique, sans "
        "prérequis.",
        "programme": [
            ("Innover dans le service public", "", "Pourquoi et comment repenser un service."),
            ("La pensée design", "", "Partir des usages, imaginer, tester, recommencer."),
        ],
    },
    {
        "slug": "courte",
        "title": "Formation Courte : innovation publique et pensée design",
        "kind": "courte",
        "summary": "Quatre cours en ligne et huit heures en présentiel, sur quatre à six "
        "semaines, pour se familiariser avec le design de service en améliorant un service "
        "concret rendu aux usagers.",
        "duration": "4 à 6 semaines",
        "learning_format": "4 cours en ligne et 8 heures en présentiel",
        "audience": "Cadres et agents qui veulent expérimenter la démarche sur un service "
        "de leur équipe.",
        "programme": [
            ("Cours en ligne 1 à 4", "4 cours", "Les bases du design de service."),
            ("Ateliers en présentiel", "8 heures", "Un projet concret d'amélioration."),
        ],
    },
    {
        "slug": "longue",
        "title": "Formation Longue",
        "kind": "longue",
        "summary": "Neuf mois environ : douze jours d'enseignement par des experts métiers et "
        "douze jours de travail en équipe sur un projet de terrain porté par votre "
        "collectivité, pour changer durablement de pratiques.",
        "duration": "Environ 9 mois",
        "learning_format": "12 jours d'enseignement et 12 jours de projet en équipe",
        "audience": "Cadres des collectivités engagées avec l'EMI, désignés avec leur "
        "direction générale.",
        "programme": [
            ("Design de service", "", "Comprendre les usagers et concevoir avec eux."),
            ("Excellence opérationnelle", "", "Logistique, délais, simplification."),
            ("Contrôle de gestion", "", "Des indicateurs de pilotage utiles."),
            ("Qualité de vie au travail et conduite du changement", "", ""),
            ("Mesure d'impact", "", "Enseignée depuis la troisième session."),
            ("Projet en équipe", "12 jours", "Du sujet proposé par un service au jury."),
        ],
    },
]


def load_trainings(home, report):
    index = get_or_create_child(
        home,
        TrainingIndexPage,
        "formations",
        report,
        title="Formations",
        show_in_menus=True,
        intro="Trois formations pour découvrir, expérimenter puis changer durablement "
        "de pratiques, ouvertes aux agents de toutes les collectivités engagées avec l'EMI.",
    )
    trainings = {}
    for data in TRAININGS:
        trainings[data["slug"]] = get_or_create_child(
            index,
            TrainingPage,
            data["slug"],
            report,
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            duration=data["duration"],
            learning_format=data["learning_format"],
            audience=data["audience"],
            programme=[
                {
                    "type": "module",
                    "value": {"title": title, "duration": duration, "description": text},
                }
                for title, duration, text in data["programme"]
            ],
        )
    get_or_create_child(
        index,
        TopicProposalPage,
        "proposer-un-sujet",
        report,
        title="Proposer un sujet",
        intro="<p>Votre service bute sur un problème que vos usagers ou vos agents "
        "connaissent bien ? Proposez-le comme sujet de projet : une équipe de la prochaine "
        "promotion pourra le traiter pendant la formation longue.</p>",
    )
    load_open_call(trainings["longue"], report)
    return index


def load_open_call(training, report):
    existing = training.get_children().filter(slug="appel-a-candidatures").first()
    if existing is not None:
        report.existing_item("appel-a-candidatures")
        return existing.specific
    today = timezone.localdate(timezone.now(), PARIS)
    call = CallForCandidatesPage(
        title="Appel à candidatures : formation longue, prochaine promotion",
        slug="appel-a-candidatures",
        intro="<p>La prochaine promotion de la formation longue réunira des cadres de "
        "plusieurs collectivités autour de projets proposés par leurs services.</p>",
        opening_date=today - datetime.timedelta(days=21),
        closing_date=today + datetime.timedelta(days=45),
        places=24,
        eligibility="<p>Cadres de catégorie A, et agents de catégorie B ou C en situation "
        "d'encadrement, d'une collectivité engagée avec l'EMI, avec l'accord de leur "
        "hiérarchie.</p>",
        process="<p>Chaque candidature est étudiée avec la collectivité du candidat. Un "
        "entretien court précède la composition des équipes, équilibrées en âge, en "
        "ancienneté et en métiers.</p>",
        calendar=[
            {
                "type": "step",
                "value": {
                    "when": "Fin de l'appel",
                    "step": "Clôture des candidatures",
                    "details": "À 23h59, heure de Paris.",
                },
            },
            {
                "type": "step",
                "value": {"when": "Trois semaines après", "step": "Entretiens", "details": ""},
            },
            {
                "type": "step",
                "value": {
                    "when": "Le mois suivant",
                    "step": "Premier module et appetizers",
                    "details": "Présentation des sujets proposés par les services.",
                },
            },
        ],
        subject="Nouvelle candidature à la formation longue",
    )
    extra_fields = [
        ("Service ou direction", "singleline", True, "", ""),
        (
            "Votre hiérarchie a-t-elle donné son accord ?",
            "radio",
            True,
            "Oui\nPas encore",
            "",
        ),
    ]
    for order, (label, field_type, required, choices, help_text) in enumerate(extra_fields):
        call.form_fields.add(
            call.form_fields.model(
                sort_order=order,
                label=label,
                field_type=field_type,
                required=required,
                choices=choices,
                help_text=help_text,
            )
        )
    training.add_child(instance=call)
    call.save_revision().publish()
    report.created_item(f"appel à candidatures « {call.title} » ({call.url})")
    return call


# --- News -----------------------------------------------------------------------------------

NEWS = [
    # (section short name or None for EMI, slug, title, date, summary, themes, paragraphs)
    (
        None,
        "lemi-ouverte-a-toutes-les-collectivites",
        "L'EMI ouverte à toutes les collectivités",
        datetime.date(2023, 11, 17),
        "Pour le dixième Mois de l'innovation publique, le Département du Val-d'Oise fait "
        "le point : 300 agents formés, 62 projets conduits, quatorze collectivités engagées.",
        ["innovation publique"],
        [
            "Créée en 2015 pour les cadres du Département, l'École du management par "
            "l'innovation accueille depuis mars 2021 les agents d'autres collectivités : "
            "départements, communes, agglomérations et caisses d'allocations familiales.",
            "Trois sessions sont en cours dans les Alpes-Maritimes, le Loir-et-Cher et "
            "l'Yonne, en plus de la onzième session du Val-d'Oise.",
        ],
    ),
    (
        None,
        "premiere-rencontre-des-alumni",
        "Première rencontre des alumni : ce que le réseau attend",
        datetime.date(2023, 11, 24),
        "Réunis le 17 novembre 2023, les anciens élèves ont demandé un annuaire qu'ils "
        "tiennent à jour, une banque de projets, un agenda et des clubs thématiques.",
        ["réseau des alumni", "expérience agent"],
        [
            "Lors des ateliers « world café », les emiens ont décrit le réseau qu'ils "
            "veulent : se connaître, capitaliser sur les projets, partager les pratiques et "
            "garder la dynamique après la formation.",
            "Ils ont aussi signalé des points de vigilance : la charge de modération des "
            "contenus et la sécurité des outils.",
        ],
    ),
    (
        None,
        "trois-nouvelles-sessions",
        "Trois sessions ouvertes hors du Val-d'Oise",
        datetime.date(2023, 12, 5),
        "Les Alpes-Maritimes, le Loir-et-Cher et l'Yonne ont lancé leur première session "
        "de formation avec l'EMI.",
        ["innovation publique"],
        [
            "Chaque session réunit des cadres de la collectivité autour de projets proposés "
            "par leurs propres services.",
        ],
    ),
    (
        "Val-d'Oise",
        "onzieme-session-val-d-oise",
        "La onzième session a commencé au Val-d'Oise",
        datetime.date(2023, 10, 9),
        "Une nouvelle promotion de cadres du Département entame neuf mois de formation et "
        "de projets en équipe.",
        ["expérience agent"],
        ["Les sujets seront présentés aux appetizers, puis choisis par le jury en juin."],
    ),
    (
        "Somme",
        "somme-album-de-vie",
        "Album de vie des enfants confiés : le projet se généralise dans la Somme",
        datetime.date(2026, 9, 15),
        "Lauréat du forum interdépartemental d'Amiens, le projet d'album de vie est "
        "désormais proposé à tous les mineurs confiés à l'aide sociale à l'enfance.",
        ["expérience usager", "protection de l'enfance"],
        [
            "Le projet avait été présenté par des agents du Département au premier forum "
            "interdépartemental de l'innovation, à Amiens.",
        ],
    ),
    (
        "Cergy-Pontoise",
        "cergy-pontoise-rejoint-lemi",
        "L'agglomération de Cergy-Pontoise et ses communes dans l'aventure",
        datetime.date(2022, 3, 14),
        "L'agglomération et plusieurs de ses communes constitutives engagent leurs cadres "
        "dans une session commune.",
        ["innovation publique"],
        ["Une session partagée permet aux équipes de travailler sur des projets communs."],
    ),
    (
        "Herblay-sur-Seine",
        "herblay-premier-cafe",
        "Herblay-sur-Seine accueille un café des emiens",
        datetime.date(2026, 10, 6),
        "Un moment simple pour prendre des nouvelles, échanger sur les projets et accueillir "
        "les nouveaux diplômés de la ville.",
        ["réseau des alumni"],
        ["Les alumni avaient demandé des rendez-vous ponctuels sur les sites des collectivités."],
    ),
    (
        None,
        "banque-de-projets-en-ligne",
        "La banque de projets de l'EMI est en ligne",
        datetime.date(2026, 11, 2),
        "Problème traité, solutions, ce que chaque projet est devenu et pourquoi, impact et "
        "avis des usagers : tout est désormais public.",
        ["mesure d'impact"],
        [
            "C'était la première demande des alumni : savoir quels projets chaque "
            "promotion a portés, et ce qu'ils sont devenus.",
        ],
    ),
    (
        None,
        "appel-formation-longue",
        "La formation longue recrute sa prochaine promotion",
        datetime.date(2026, 11, 3),
        "L'appel à candidatures est ouvert aux cadres des collectivités engagées avec l'EMI.",
        ["formation"],
        ["Les candidatures se font en ligne, sur la page de la formation longue."],
    ),
]


def load_news(news_index, report):
    for short_name, slug, title, date, summary, themes, paragraphs in NEWS:
        parent = _section(NewsSectionPage, short_name, news_index) if short_name else news_index
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            report.existing_item(slug)
            continue
        page = NewsPage(
            title=title,
            slug=slug,
            date=date,
            summary=summary,
            body=[paragraph(f"<p>{text}</p>") for text in paragraphs],
        )
        page.tags.add(*themes)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(f"actualité « {title} » ({page.url})")


POST_JURY_SLUG = "promotion-11-sujets-retenus"


def load_post_jury(news_index, report):
    from projects.models import Cohort, ProjectPage

    if news_index.get_children().filter(slug=POST_JURY_SLUG).exists():
        report.existing_item(POST_JURY_SLUG)
        return
    cohort = Cohort.objects.filter(
        host_collectivity__short_name="Val-d'Oise", training_type="longue", number=11
    ).first()
    projects = {
        page.slug: page
        for page in ProjectPage.objects.filter(
            slug__in=["accueil-nouveaux-agents", "gaspillage-restaurants-colleges"]
        )
    }
    if cohort is None or len(projects) < 2:
        report.write("  ! annonce post-jury non créée : la banque de projets n'est pas chargée")
        return
    page = PostJuryAnnouncementPage(
        title="Promotion 11 du Val-d'Oise : les sujets retenus par le jury",
        slug=POST_JURY_SLUG,
        date=datetime.date(2024, 6, 20),
        summary="Le 13 juin 2024, le jury a retenu deux sujets pour la promotion 11 : "
        "l'accueil des nouveaux agents et le gaspillage dans les restaurants des collèges.",
        cohort=cohort,
        body=[
            heading("Un jury d'élus, de directeurs et d'anciens élèves"),
            paragraph(
                "<p>Chaque équipe a présenté le problème, les usagers rencontrés et les "
                "pistes de solution. Le jury a retenu les sujets dont les commanditaires "
                "s'engagent à porter la suite.</p>"
            ),
        ],
    )
    page.tags.add("expérience agent", "services éco-responsables")
    page.retained_topics = [
        PostJuryRetainedTopic(
            project=projects["accueil-nouveaux-agents"],
            jury_comment="Un problème vécu par chaque direction, et un test possible vite.",
            sort_order=0,
        ),
        PostJuryRetainedTopic(
            project=projects["gaspillage-restaurants-colleges"],
            jury_comment="Un enjeu écologique et budgétaire, mesurable dès la première semaine.",
            sort_order=1,
        ),
    ]
    page.declined_topics = [
        PostJuryDeclinedTopic(
            title="Un agenda partagé des salles de réunion",
            service="Direction des moyens généraux",
            reason="Un outil du marché, déjà acheté, répond au besoin : pas un sujet de projet.",
            sort_order=0,
        ),
        PostJuryDeclinedTopic(
            title="Simplifier les notes de frais des agents itinérants",
            service="Direction des finances",
            reason="Le sujet dépend d'une réforme nationale attendue ; il sera reproposé.",
            sort_order=1,
        ),
    ]
    news_index.add_child(instance=page)
    page.save_revision().publish()
    report.created_item(f"annonce post-jury « {page.title} » ({page.url})")


# --- Events -----------------------------------------------------------------------------------


def _events():
    cergy = "Hôtel du Département du Val-d'Oise"
    cergy_address = "2 avenue du Parc\n95000 Cergy"
    return [
        {
            "section": None,
            "slug": "rencontre-alumni-2023",
            "title": "Rencontre des alumni : inventer les services publics de demain",
            "event_type": "rencontre-alumni",
            "start": at(2023, 11, 17, 9, 30),
            "end": at(2023, 11, 17, 16, 30),
            "summary": "La première rencontre des anciens élèves de l'EMI, en ateliers "
            "« world café », pendant le dixième Mois de l'innovation publique.",
            "place_name": cergy,
            "address": cergy_address,
            "accessible_motor": True,
        },
        {
            "section": None,
            "slug": "rencontre-alumni-prochaine",
            "title": "Rencontre annuelle des alumni",
            "event_type": "rencontre-alumni",
            "start": days_from_today(54, 9, 30),
            "end": days_from_today(54, 17, 0),
            "summary": "Présentation des projets de l'année, retours des commanditaires, "
            "ateliers entre collectivités : le rendez-vous annuel des emiens.",
            "place_name": cergy,
            "address": cergy_address,
            "registration_mode": "formulaire",
            "capacity": 120,
            "accessible_hearing": True,
            "accessible_motor": True,
            "accessibility_details": "Salle de plain-pied, boucle magnétique. Précisez tout "
            "autre besoin à l'inscription.",
        },
        {
            "section": None,
            "slug": "club-design-de-service",
            "title": "Club design de service : les parcours usagers",
            "event_type": "club",
            "start": days_from_today(9, 12, 30),
            "end": days_from_today(9, 13, 30),
            "summary": "Une heure en visioconférence pour partager un parcours usager en "
            "cours et le déboguer ensemble.",
            "attendance_mode": "en-ligne",
            "online_url": "https://visio.example.org/emi-club-design",
            "registration_mode": "formulaire",
            "capacity": 30,
            "accessible_hearing": True,
            "accessibility_details": "Sous-titrage automatique activé.",
        },
        {
            "section": None,
            "slug": "club-mesure-d-impact",
            "title": "Club mesure d'impact : choisir ses indicateurs dès le début",
            "event_type": "club",
            "start": days_from_today(23, 14, 0),
            "end": days_from_today(23, 16, 0),
            "summary": "Les alumni l'ont demandé : parler de la mesure d'impact avant le "
            "projet, et non après.",
            "attendance_mode": "mixte",
            "place_name": cergy,
            "address": cergy_address,
            "registration_mode": "formulaire",
            "capacity": 25,
        },
        {
            "section": None,
            "slug": "mois-innovation-publique-atelier",
            "title": "Mois de l'innovation publique : atelier « l'expérience agent »",
            "event_type": "atelier",
            "start": days_from_today(5, 9, 30),
            "end": days_from_today(5, 12, 0),
            "summary": "Dans le cadre du Mois de l'innovation publique, un atelier pour "
            "améliorer le quotidien des agents avec les outils du design de service.",
            "place_name": cergy,
            "address": cergy_address,
            "registration_mode": "formulaire",
            "capacity": 12,
            "full_with_waiting": 2,
        },
        {
            "section": "Garges-lès-Gonesse",
            "slug": "cafe-emiens-garges",
            "title": "Café des emiens à Garges-lès-Gonesse",
            "event_type": "cafe-rencontre",
            "start": days_from_today(14, 8, 30),
            "end": days_from_today(14, 10, 0),
            "summary": "Un café pour prendre des nouvelles des projets de la ville.",
            "place_name": "Hôtel de ville de Garges-lès-Gonesse",
            "address": "Place de l'Hôtel de Ville\n95140 Garges-lès-Gonesse",
            "status": "annule",
            "status_note": "La salle n'est plus disponible : le café est reporté au "
            "printemps, la nouvelle date sera annoncée ici.",
        },
        {
            "section": None,
            "slug": "conference-impact",
            "title": "Conférence en ligne : mesurer l'impact d'un projet public",
            "event_type": "conference-en-ligne",
            "start": days_from_today(31, 17, 30),
            "end": days_from_today(31, 19, 0),
            "summary": "Un grand témoin présente des méthodes simples pour mesurer l'impact "
            "des politiques publiques locales.",
            "attendance_mode": "en-ligne",
            "online_url": "https://visio.example.org/emi-conference",
            "registration_mode": "formulaire",
            "capacity": 200,
            "accessible_hearing": True,
            "accessible_visual": True,
        },
        {
            "section": "Somme",
            "slug": "atelier-debogage-amiens",
            "title": "Atelier de débogage de projets à Amiens",
            "event_type": "atelier",
            "start": days_from_today(40, 14, 0),
            "end": days_from_today(40, 17, 0),
            "summary": "Venez avec un projet qui bloque : d'autres emiens vous aident à "
            "trouver une issue.",
            "place_name": "Hôtel du Département de la Somme",
            "address": "43 rue de la République\n80000 Amiens",
        },
        {
            "section": "Val-d'Oise",
            "slug": "jury-promotion-13",
            "title": "Jury de la promotion 13",
            "event_type": "jury",
            "start": days_from_today(200, 9, 0),
            "end": days_from_today(200, 17, 0),
            "summary": "Les équipes de la promotion 13 présentent leurs projets au jury.",
            "place_name": cergy,
            "address": cergy_address,
        },
        {
            "section": "Val-d'Oise",
            "slug": "restitution-promotion-11",
            "title": "Restitution des projets de la promotion 11",
            "event_type": "restitution",
            "start": at(2024, 6, 27, 14, 0),
            "end": at(2024, 6, 27, 18, 0),
            "summary": "Les équipes présentent ce que leurs projets ont changé, devant les "
            "commanditaires et les élus.",
            "place_name": cergy,
            "address": cergy_address,
        },
        {
            "section": "Isère",
            "slug": "management-visuel-grenoble",
            "title": "Se laisser inspirer par le management visuel",
            "event_type": "atelier",
            "start": at(2021, 11, 26, 9, 0),
            "end": at(2021, 11, 26, 12, 0),
            "summary": "Pendant le Mois de l'innovation publique 2021, les services "
            "innovation de l'Isère et de Grenoble présentaient le management visuel.",
            "place_name": "Grenoble",
        },
    ]


def load_events(event_index, report):
    for data in _events():
        data = dict(data)
        short_name = data.pop("section")
        waiting = data.pop("full_with_waiting", 0)
        parent = _section(EventSectionPage, short_name, event_index) if short_name else event_index
        existing = parent.get_children().filter(slug=data["slug"]).first()
        if existing is not None:
            report.existing_item(data["slug"])
            continue
        page = EventPage(**data)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(f"événement « {page.title} » ({page.url})")
        if waiting:
            _fill_with_demo_registrations(page, waiting)


def _fill_with_demo_registrations(event, waiting):
    """A full event: demo registrations (example.org, no email sent), then a waiting list."""
    for number in range(1, event.capacity + waiting + 1):
        EventRegistration.objects.create(
            event=event,
            name=f"Participant·e de démonstration {number}",
            email=f"participant{number}@example.org",
            status=EventRegistration.Status.CONFIRMED
            if number <= event.capacity
            else EventRegistration.Status.WAITING,
        )


def load(report):
    home = HomePage.objects.filter(depth=2).first()
    news_index = NewsIndexPage.objects.first()
    event_index = EventIndexPage.objects.first()
    load_trainings(home, report)
    load_news(news_index, report)
    load_post_jury(news_index, report)
    load_events(event_index, report)
    _grant_moderators_on_trainings()


def _grant_moderators_on_trainings():
    """EMI moderators edit /formations/ like the other indexes (cms grants it per index)."""
    from cms.collectivities import ensure_editorial_roles

    ensure_editorial_roles()
