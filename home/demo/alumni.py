"""The alumni network: its pages, alumni of several cohorts, mentors, clubs, stories.

What the alumni asked for at their first meeting (17 November 2023, seeds/001): a
directory they keep up to date themselves, mentors "activables à la demande", thematic
clubs (ecological transition, impact measurement), shared experience. The people are
fictional; their privacy choices vary on purpose (public, members only, hidden phone,
one who has not consented yet and so appears nowhere).

Idempotent: everything is looked up first (accounts by address, pages by slug) and
never overwritten. Demo accounts have no usable password, except in development
(DEBUG) for one alumna whose login is printed.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from alumni import membership
from alumni.models import (
    AlumniIndexPage,
    AlumniProfile,
    ClubEventLink,
    ClubIndexPage,
    ClubMembership,
    ClubPage,
    MentorRequest,
    StoryIndexPage,
    StoryPage,
    Visibility,
)
from alumni.setup import ensure_alumni_setup, story_workflow
from alumni.signals import muted
from alumni.stories import STORY_CONSENT_VERSION, convert_text
from cms.models import Collectivity
from home.models import HomePage
from news.models import EventPage, EventType
from projects.models import Cohort, ProjectPage

from .helpers import get_or_create_child, heading, paragraph

DEMO_PASSWORD = "demo-emi-2026"
DEMO_LOGIN = "camille.lefevre@demo.emi.localhost"
DOMAIN = "demo.emi.localhost"

M, P, H = Visibility.MEMBERS, Visibility.PUBLIC, Visibility.HIDDEN

# Each alumnus: identity, where they come from (collectivité short name, cohort as
# (host short name, number)), what they share and with whom, mentoring.
ALUMNI = [
    {
        "email": DEMO_LOGIN,
        "first_name": "Camille",
        "last_name": "Lefèvre",
        "job_title": "Cheffe du service accueil et relation aux usagers",
        "collectivity": "Val-d'Oise",
        "cohort": ("Val-d'Oise", 10),
        "themes": ["design de service", "relation aux usagers", "conduite du changement"],
        "bio": "Promotion 10. Notre équipe a revu l'accueil des associations avec elles : "
        "je partage volontiers nos grilles d'entretien et nos erreurs.",
        "phone": "01 34 25 00 10",
        "linkedin_url": "https://www.linkedin.com/in/camille-lefevre-demo",
        "public_listing": True,
        "visibility": {
            "job_title": P,
            "collectivity": P,
            "cohort": P,
            "projects": P,
            "themes": P,
            "bio": P,
            "email": M,
            "phone": H,
            "linkedin_url": P,
        },
        "mentor": (["design de service", "conduite du changement"], 2, False),
    },
    {
        "email": f"karim.mansouri@{DOMAIN}",
        "first_name": "Karim",
        "last_name": "Mansouri",
        "job_title": "Responsable de la logistique des collèges",
        "collectivity": "Somme",
        "cohort": ("Somme", 1),
        "themes": ["excellence opérationnelle", "restauration scolaire"],
        "bio": "Première promotion de la Somme : nous avons cartographié les livraisons "
        "des cuisines de collège et supprimé les ruptures de stock.",
        "phone": "03 22 71 00 00",
        "public_listing": True,
        "visibility": {
            "job_title": P,
            "collectivity": P,
            "cohort": P,
            "themes": P,
            "bio": M,
            "email": M,
            "phone": M,
            "linkedin_url": M,
            "projects": P,
        },
        "mentor": (["excellence opérationnelle", "logistique"], 1, False),
    },
    {
        "email": f"sophie.garnier@{DOMAIN}",
        "first_name": "Sophie",
        "last_name": "Garnier",
        "job_title": "Chargée de mission évaluation",
        "collectivity": "Indre-et-Loire",
        "cohort": ("Indre-et-Loire", 1),
        "themes": ["mesure d'impact", "évaluation des politiques publiques"],
        "bio": "Formation courte en 2021. J'aide les équipes à choisir deux ou trois "
        "indicateurs qui comptent, plutôt que vingt.",
        "public_listing": False,
        "visibility": {},
        "mentor": (["mesure d'impact"], 2, True),
    },
    {
        "email": f"julien.roche@{DOMAIN}",
        "first_name": "Julien",
        "last_name": "Roche",
        "job_title": "Adjoint au directeur des routes",
        "collectivity": "Val-d'Oise",
        "cohort": ("Val-d'Oise", 11),
        "themes": ["transition écologique", "achats publics"],
        "bio": "",
        "phone": "06 12 34 56 78",
        "public_listing": False,
        "visibility": {"phone": M},
    },
    {
        "email": f"nadia.haddad@{DOMAIN}",
        "first_name": "Nadia",
        "last_name": "Haddad",
        "job_title": "Responsable du service environnement",
        "collectivity": "Val-d'Oise",
        "cohort": ("Val-d'Oise", 11),
        "themes": ["transition écologique", "sobriété énergétique"],
        "bio": "J'anime le club transition écologique : venez avec vos projets, même petits.",
        "public_listing": True,
        "visibility": {"job_title": P, "collectivity": P, "themes": P, "bio": P},
    },
    {
        "email": f"elodie.petit@{DOMAIN}",
        "first_name": "Élodie",
        "last_name": "Petit",
        "job_title": "Contrôleuse de gestion",
        "collectivity": "Val-d'Oise",
        "cohort": ("Val-d'Oise", 10),
        "themes": ["mesure d'impact", "contrôle de gestion"],
        "bio": "La mesure d'impact n'est pas un jugement : c'est ce qui permet de "
        "défendre un projet devant les élus.",
        "public_listing": False,
        "visibility": {"bio": M},
        "mentor": (["mesure d'impact", "indicateurs de pilotage"], 3, False),
    },
    {
        "email": f"marc.dubreuil@{DOMAIN}",
        "first_name": "Marc",
        "last_name": "Dubreuil",
        "job_title": "Directeur adjoint des systèmes d'information",
        "collectivity": "Indre-et-Loire",
        "cohort": ("Indre-et-Loire", 1),
        "themes": ["outils numériques", "achats publics"],
        "bio": "",
        "public_listing": True,
        "visibility": {
            "job_title": P,
            "collectivity": P,
            "cohort": P,
            "themes": P,
            "email": H,
            "linkedin_url": H,
        },
    },
    {
        # Invited, has not consented yet: listed nowhere until they do.
        "email": f"thomas.girard@{DOMAIN}",
        "first_name": "Thomas",
        "last_name": "Girard",
        "job_title": "Chef de projet",
        "collectivity": "Somme",
        "cohort": ("Somme", 1),
        "themes": [],
        "bio": "",
        "public_listing": False,
        "visibility": {},
        "consent": False,
    },
]

CLUBS = [
    {
        "slug": "transition-ecologique",
        "title": "Club transition écologique",
        "theme": "Transition écologique",
        "summary": "Des services publics plus sobres et des projets qui intègrent "
        "l'écologie dès le départ : on partage ce qui marche, entre collectivités.",
        "description": "<p>Né d'une demande des alumni en 2023 : intégrer la transition "
        "écologique et solidaire dans chaque projet, pas seulement dans un module. Le club "
        "se réunit en ligne une fois par trimestre, autour d'un projet présenté par un "
        "membre.</p><ul><li>Retours d'expérience sur des achats plus sobres</li><li>Un "
        "atelier « débogage » de projet à chaque séance</li></ul>",
        "coordinators": ["nadia.haddad", "camille.lefevre"],
        "members": ["nadia.haddad", "camille.lefevre", "julien.roche", "marc.dubreuil"],
        "keyword": "écolog",
    },
    {
        "slug": "mesure-d-impact",
        "title": "Club mesure d'impact",
        "theme": "Mesure d'impact",
        "summary": "Choisir les bons indicateurs, mesurer sans juger, et raconter les "
        "résultats aux élus comme aux équipes.",
        "description": "<p>La mesure des résultats n'est « pas toujours faite », disaient "
        "les alumni, et parfois vécue comme un jugement. Le club outille les équipes pour "
        "mesurer tôt, simplement, et en parler.</p>",
        "coordinators": ["elodie.petit"],
        "members": ["elodie.petit", "sophie.garnier", "karim.mansouri"],
        "keyword": "impact",
    },
]

STORIES = [
    {
        "slug": "le-design-de-service-a-l-accueil",
        "title": "Ce que le design de service a changé à notre accueil",
        "author": "camille.lefevre",
        "project_cohort": ("Val-d'Oise", 10),
        "text": "Avant l'EMI, nous pensions connaître nos usagers. Les entretiens menés "
        "pendant la formation nous ont montré l'inverse : les associations ne savaient "
        "jamais où en était leur dossier.\n\n"
        "Ce que nous avons changé :\n\n"
        "- un **dossier unique**, vérifié une seule fois ;\n"
        "- un circuit de signature raccourci ;\n"
        "- un point d'étape *systématique* avec l'association.\n\n"
        "Le plus dur n'a pas été l'outil, mais de garder la dynamique après le jury.",
        "published": True,
    },
    {
        "slug": "mesurer-sans-juger",
        "title": "Mesurer l'impact, sans que ce soit un jugement",
        "author": "elodie.petit",
        "text": "Dans mon service, « mesure d'impact » sonnait comme « contrôle ». Le module "
        "de l'EMI m'a appris à poser la question autrement : qu'est-ce qui a changé pour "
        "les usagers ?\n\n"
        "Nous avons gardé trois indicateurs, mesurés dès le début du projet. Les équipes "
        "les présentent elles-mêmes aux élus.",
        "published": True,
    },
    {
        "slug": "un-club-pour-garder-la-dynamique",
        "title": "Un club pour garder la dynamique après l'EMI",
        "author": "julien.roche",
        "text": "Après le jury, chacun retourne dans son service et la dynamique retombe. "
        "Le club transition écologique nous donne un rendez-vous régulier pour avancer "
        "ensemble, entre collectivités.",
        "published": False,
    },
]

# (requester, mentor, message, status)
MENTOR_REQUESTS = [
    (
        "julien.roche",
        "camille.lefevre",
        "Bonjour Camille, nous lançons des entretiens avec les usagers des routes "
        "départementales. Pourrais-tu me montrer vos grilles d'entretien ?",
        MentorRequest.Status.ACCEPTED,
    ),
    (
        "marc.dubreuil",
        "elodie.petit",
        "Bonjour Élodie, je cherche deux ou trois indicateurs pour suivre le déploiement "
        "d'un nouvel outil numérique. Aurais-tu une heure à m'accorder ?",
        MentorRequest.Status.PENDING,
    ),
]


def _key(email):
    return email.split("@", 1)[0]


def load_pages(report):
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        raise RuntimeError("La page d'accueil manque : chargez d'abord la section « Site ».")
    index = AlumniIndexPage.objects.first()
    if index is None:
        index = get_or_create_child(
            home,
            AlumniIndexPage,
            "alumni",
            report,
            title="Alumni",
            show_in_menus=True,
            intro="Le réseau des anciens élèves de l'EMI : se connaître, partager ses "
            "projets et ses outils, trouver un parrain ou une marraine, rejoindre un club.",
            body=[
                heading("Un réseau voulu par les alumni"),
                paragraph(
                    "<p>Lors de leur première rencontre, le 17 novembre 2023, les alumni "
                    "ont demandé un annuaire qu'ils mettent à jour eux-mêmes, un vivier de "
                    "parrains activables à la demande et des groupes thématiques. Les "
                    "voici.</p>"
                ),
            ],
        )
    else:
        report.existing_item("alumni")
    stories = StoryIndexPage.objects.child_of(index).first() or get_or_create_child(
        index,
        StoryIndexPage,
        "temoignages",
        report,
        title="Témoignages",
        intro="Ce que l'EMI a changé, raconté par celles et ceux qui l'ont suivie. Chaque "
        "témoignage est relu par l'équipe de l'EMI avant publication.",
    )
    clubs = ClubIndexPage.objects.child_of(index).first() or get_or_create_child(
        index,
        ClubIndexPage,
        "clubs",
        report,
        title="Clubs",
        intro="Des groupes thématiques, animés par des alumni volontaires, qui se "
        "retrouvent en ligne ou dans les collectivités.",
    )
    return index, stories, clubs


def _cohort(host_and_number):
    if not host_and_number:
        return None
    host, number = host_and_number
    return (
        Cohort.objects.filter(host_collectivity__short_name=host, number=number)
        .order_by("-start_date")
        .first()
    )


def _collectivity(short_name):
    return Collectivity.objects.filter(short_name=short_name).first()


def load_alumni(report):
    User = get_user_model()
    profiles = {}
    demo_user_created = False
    for data in ALUMNI:
        email = data["email"]
        user = User.objects.filter(username=email).first()
        if user is not None and hasattr(user, "alumni_profile"):
            report.existing_item(email)
            profiles[_key(email)] = user.alumni_profile
            continue
        if user is None:
            user = User(
                username=email,
                email=email,
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            if settings.DEBUG and email == DEMO_LOGIN:
                user.set_password(DEMO_PASSWORD)
                demo_user_created = True
            else:
                user.set_unusable_password()
            user.save()
        cohort = _cohort(data.get("cohort"))
        now = timezone.now()
        consented = data.get("consent", True)
        profile = AlumniProfile(
            user=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            collectivity=_collectivity(data["collectivity"]),
            cohort=cohort,
            bio=data["bio"],
            email=email,
            phone=data.get("phone", ""),
            linkedin_url=data.get("linkedin_url", ""),
            public_listing=data["public_listing"],
            consent_at=now if consented else None,
            consent_version="2026-11" if consented else "",
            invited_at=now,
        )
        for name, visibility in data["visibility"].items():
            setattr(profile, f"{name}_visibility", visibility)
        mentor = data.get("mentor")
        if mentor:
            profile.is_mentor = True
            profile.mentor_capacity = mentor[1]
            profile.mentor_paused = mentor[2]
        profile.save()
        profile.themes.set(data["themes"])
        if mentor:
            profile.mentor_themes.set(mentor[0])
        if cohort is not None:
            projects = ProjectPage.objects.live().filter(cohort=cohort).order_by("pk")[:1]
            profile.projects.set(projects)
        membership.activate(profile)
        profiles[_key(email)] = profile
        report.created_item(f"alumni {profile.full_name} ({email})")
    if settings.DEBUG:
        if demo_user_created:
            report.write(
                f"  Compte alumni de démonstration (développement uniquement), sur "
                f"/alumni/connexion/ : {DEMO_LOGIN} / {DEMO_PASSWORD}"
            )
        elif User.objects.filter(username=DEMO_LOGIN).exists():
            report.write(
                f"  Compte alumni de démonstration : {DEMO_LOGIN} (mot de passe "
                f"{DEMO_PASSWORD}, sauf s'il a été changé)."
            )
    return profiles


def load_clubs(club_index, profiles, report):
    now = timezone.now()
    for data in CLUBS:
        club = ClubPage.objects.child_of(club_index).filter(slug=data["slug"]).first()
        if club is not None:
            report.existing_item(data["slug"])
            continue
        club = ClubPage(
            title=data["title"],
            slug=data["slug"],
            theme=data["theme"],
            summary=data["summary"],
            description=data["description"],
        )
        club.coordinators.set([profiles[key] for key in data["coordinators"] if key in profiles])
        events = EventPage.objects.live().filter(
            event_type=EventType.CLUB, end__gte=now, title__icontains=data["keyword"]
        )
        for order, event in enumerate(events.order_by("start")[:5]):
            club.event_links.add(ClubEventLink(event=event, sort_order=order))
        club_index.add_child(instance=club)
        club.save_revision().publish()
        for key in data["members"]:
            if key in profiles:
                ClubMembership.objects.get_or_create(club=club, profile=profiles[key])
        report.created_item(f"club « {club.title} » ({club.url})")


def load_stories(story_index, profiles, report):
    for data in STORIES:
        if story_index.get_children().filter(slug=data["slug"]).exists():
            report.existing_item(data["slug"])
            continue
        author = profiles.get(data["author"])
        if author is None:
            continue
        project = None
        if data.get("project_cohort"):
            project = (
                ProjectPage.objects.live()
                .filter(cohort=_cohort(data["project_cohort"]))
                .order_by("pk")
                .first()
            )
        created = timezone.now() - datetime.timedelta(days=30 if data["published"] else 2)
        story = StoryPage(
            title=data["title"],
            slug=data["slug"],
            body=convert_text(data["text"]).html,
            author=author,
            owner=author.user,
            related_project=project,
            live=False,
            publication_consent_at=created,
            publication_consent_version=STORY_CONSENT_VERSION,
            created_at=created,
        )
        story_index.add_child(instance=story)
        revision = story.save_revision(user=author.user)
        if data["published"]:
            revision.publish()
            label = "publié"
        else:
            # Awaiting review, through the real workflow, as if submitted on the site.
            story_workflow(story_index).start(story, author.user)
            label = "en attente de relecture"
        report.created_item(f"témoignage « {story.title} » ({label})")


def load_mentor_requests(profiles, report):
    for requester_key, mentor_key, message, status in MENTOR_REQUESTS:
        requester, mentor = profiles.get(requester_key), profiles.get(mentor_key)
        if requester is None or mentor is None:
            continue
        if MentorRequest.objects.filter(requester=requester, mentor=mentor).exists():
            report.existing_item(f"{requester_key} → {mentor_key}")
            continue
        MentorRequest.objects.create(
            requester=requester,
            mentor=mentor,
            message=message,
            status=status,
            answered_at=timezone.now() if status != MentorRequest.Status.PENDING else None,
        )
        report.created_item(f"demande de parrainage {requester.full_name} → {mentor.full_name}")


def load(report):
    index, story_index, club_index = load_pages(report)
    ensure_alumni_setup()
    # Demo content is not news for anyone: no email on publication or submission.
    with muted():
        profiles = load_alumni(report)
        load_clubs(club_index, profiles, report)
        load_stories(story_index, profiles, report)
        load_mentor_requests(profiles, report)
    return index
