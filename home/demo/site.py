"""The site's frame: home page, about pages, contact and legal pages, site settings."""

import datetime

from wagtail.models import Page, Site

from cms.models import SiteSettings
from cms.site_address import (
    DEFAULT_SITE_NAME,
    parse_public_address,
    public_base_url,
    sync_default_site,
)
from home.models import ContactPage, HomePage, LegalPage, StandardPage
from news.models import EventIndexPage, NewsIndexPage
from projects.models import ProjectIndexPage

from .helpers import get_or_create_child, heading, paragraph, quote, root_page

HOME_INTRO = (
    "Depuis 2015, l'École du management par l'innovation du Département du Val-d'Oise "
    "forme les cadres du service public local à repenser leurs services avec les usagers "
    "et les agents. Ouverte à toutes les collectivités depuis 2021, elle est devenue une "
    "école inter-collectivités."
)

TRAININGS = [
    {
        "name": "Découverte",
        "duration": "Environ 4 heures",
        "format": "Cours en ligne ouvert (Celo), à suivre à son rythme",
        "summary": "Un premier aperçu de l'innovation publique et de la pensée design, "
        "pour savoir ce que l'EMI peut apporter à votre équipe.",
    },
    {
        "name": "Courte",
        "duration": "4 à 6 semaines",
        "format": "4 cours en ligne et 8 heures en présentiel",
        "summary": "« Innovation publique et pensée design » : se familiariser avec le design "
        "de service en améliorant un service concret rendu aux usagers.",
    },
    {
        "name": "Longue",
        "duration": "Environ 9 mois",
        "format": "12 jours d'enseignement et 12 jours de projet en équipe",
        "summary": "Des experts métiers et un projet de terrain porté par votre collectivité, "
        "pour changer durablement de pratiques managériales.",
    },
]


def load_site_settings(report):
    site = Site.objects.get(is_default_site=True)
    settings, created = SiteSettings.objects.get_or_create(site=site)
    if created:
        report.created_item("paramètres du site (contact, mentions légales, chiffres historiques)")
    return settings


def load_home(report):
    """Replace Wagtail's welcome page by the EMI home page and point the site at it."""
    root = root_page()
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        home = get_or_create_child(
            root,
            HomePage,
            "accueil",
            report,
            title="Innover pour le service public local",
            intro=HOME_INTRO,
            seo_title="École du management par l'innovation — Département du Val-d'Oise",
            search_description="L'EMI forme les cadres des collectivités à l'innovation "
            "publique : formations, projets, réseau des alumni.",
            trainings=[{"type": "training", "value": t} for t in TRAININGS],
            body=[
                heading("Une école pour repenser l'action publique"),
                paragraph(
                    "<p>L'EMI aide les cadres à porter un nouveau regard sur leurs missions : "
                    "partir des usages, associer toutes les parties prenantes, oser la "
                    "créativité et tester avant de généraliser. Chaque promotion conduit des "
                    "projets réels, proposés par les services et choisis par un jury.</p>"
                ),
            ],
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        address = parse_public_address()
        Site.objects.create(
            hostname=address.hostname,
            port=address.port,
            root_page=home,
            is_default_site=True,
            site_name=DEFAULT_SITE_NAME,
        )
        report.created_item(f"site par défaut ({public_base_url()}/)")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = DEFAULT_SITE_NAME
        site.save()
        report.created_item("le site pointe vers la page d'accueil EMI")
    # Every absolute URL names the public address (WAGTAILADMIN_BASE_URL).
    for change in sync_default_site():
        report.created_item(f"adresse du site : {change}")
    # Wagtail's own welcome page has no use once the EMI home page exists.
    for welcome in Page.objects.filter(depth=2, content_type__model="page"):
        welcome.delete()
        report.created_item("page de bienvenue de Wagtail supprimée")
    return home


def load_about_pages(home, report):
    about = get_or_create_child(
        home,
        StandardPage,
        "l-emi",
        report,
        title="L'EMI",
        show_in_menus=True,
        intro="Une école interne devenue inter-collectivités, pour accroître et diffuser "
        "l'innovation dans le service public local.",
        body=[
            heading("Une école née au Val-d'Oise"),
            paragraph(
                "<p>Le Département du Val-d'Oise a créé l'École du management par "
                "l'innovation en mars 2015 pour ses propres cadres. Elle s'inscrit dans une "
                "démarche plus large : la plateforme participative La Butinerie, le colloque "
                "annuel Futurs composés et le laboratoire d'innovation publique ZIP95.</p>"
            ),
            heading("Ouverte à toutes les collectivités"),
            paragraph(
                "<p>Depuis mars 2021, des sessions sont organisées pour d'autres "
                "collectivités : départements, communes, agglomérations et caisses "
                "d'allocations familiales. Quatorze collectivités ont déjà engagé une ou "
                "plusieurs sessions.</p>"
            ),
            quote(
                "Un réseau, c'est d'abord des personnes.",
                "Atelier des alumni, 17 novembre 2023",
            ),
        ],
    )
    get_or_create_child(
        about,
        StandardPage,
        "methode",
        report,
        title="Notre méthode",
        intro="Partir des usages, associer les parties prenantes, créer et expérimenter.",
        body=[
            heading("Les modules de la formation longue"),
            paragraph(
                "<ul><li>Design de service : comprendre les usagers et co-concevoir avec "
                "eux.</li><li>Excellence opérationnelle : logistique, délais, simplification "
                "des processus.</li><li>Contrôle de gestion et indicateurs de pilotage."
                "</li><li>Qualité de vie au travail et conduite du changement.</li><li>Mesure "
                "d'impact des politiques publiques, enseignée depuis la troisième session."
                "</li></ul>"
            ),
            heading("Un projet réel pour chaque équipe"),
            paragraph(
                "<p>Les services proposent des sujets ; un premier tri a lieu lors des "
                "« appetizers », puis un jury retient les projets que les équipes "
                "conduiront pendant la formation, jusqu'à leur restitution devant les "
                "commanditaires et les élus.</p>"
            ),
        ],
    )
    return about


def load_contact(home, report):
    contact = home.get_children().filter(slug="contact").first()
    if contact is not None:
        return contact.specific
    contact = ContactPage(
        title="Contact",
        slug="contact",
        intro="<p>Une question sur les formations, un projet à proposer, une collectivité "
        "qui souhaite rejoindre l'EMI ? Écrivez à l'équipe de la mission innovation du "
        "Département du Val-d'Oise.</p>",
        subject="Message reçu depuis le site de l'EMI",
    )
    fields = [
        ("Nom", "singleline", True, ""),
        ("Email", "email", True, "Nous l'utilisons uniquement pour vous répondre."),
        ("Objet", "singleline", True, ""),
        ("Message", "multiline", True, ""),
    ]
    for order, (label, field_type, required, help_text) in enumerate(fields):
        contact.form_fields.add(
            contact.form_fields.model(
                sort_order=order,
                label=label,
                field_type=field_type,
                required=required,
                help_text=help_text,
            )
        )
    home.add_child(instance=contact)
    contact.save_revision().publish()
    report.created_item("page de contact (/contact/)")
    return contact


LEGAL_PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        LegalPage.KIND_LEGAL_NOTICE,
        [
            heading("Propriété intellectuelle"),
            paragraph(
                "<p>Les textes de ce site sont publiés par le Département du Val-d'Oise. "
                "Ils peuvent être cités en mentionnant la source. Les photographies et "
                "logos restent la propriété de leurs auteurs.</p>"
            ),
            heading("Liens vers d'autres sites"),
            paragraph(
                "<p>Le site ne charge aucun contenu de sites tiers. Les liens vers d'autres "
                "sites sont signalés ; leur contenu n'engage pas le Département.</p>"
            ),
        ],
    ),
    (
        "accessibilite",
        "Déclaration d'accessibilité",
        LegalPage.KIND_ACCESSIBILITY,
        [
            paragraph(
                "<p>Le Département du Val-d'Oise s'engage à rendre ce site accessible "
                "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. "
                "Cette déclaration s'applique au site de l'École du management par "
                "l'innovation.</p>"
            ),
            heading("État de conformité"),
            paragraph(
                "<p>Le site n'a pas encore fait l'objet d'un audit de conformité au "
                "référentiel général d'amélioration de l'accessibilité (RGAA) : il est donc "
                "déclaré non conforme. Il est conçu et testé pour respecter les critères "
                "WCAG 2.1 de niveau AA (tests automatisés à chaque modification).</p>"
            ),
            heading("Contenus non accessibles"),
            paragraph(
                "<p>Certains documents joints (PDF) publiés par les collectivités peuvent ne "
                "pas être accessibles. Sur demande, nous vous en transmettons une version "
                "accessible.</p>"
            ),
            heading("Retour d'information et contact"),
            paragraph(
                "<p>Si vous ne parvenez pas à accéder à un contenu ou à un service, écrivez-"
                'nous depuis la <a href="/contact/">page contact</a> : nous vous '
                "proposerons une alternative accessible.</p>"
            ),
            heading("Voies de recours"),
            paragraph(
                "<p>Si vous n'avez pas obtenu de réponse satisfaisante, vous pouvez écrire "
                "au Défenseur des droits, contacter le délégué du Défenseur des droits de "
                "votre région, ou envoyer un courrier gratuit à : Défenseur des droits, "
                "Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
            ),
            heading("Schéma pluriannuel"),
            paragraph(
                "<p>Le Département publie un schéma pluriannuel de mise en accessibilité de "
                "trois ans et un plan annuel. Pour ce site : audit RGAA complet la première "
                "année, correction des non-conformités et formation des contributeurs des "
                "collectivités la deuxième, contrôle de chaque nouveau gabarit la troisième."
                "</p>"
            ),
        ],
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        LegalPage.KIND_PERSONAL_DATA,
        [
            paragraph(
                "<p>Le Département du Val-d'Oise est responsable des traitements de données "
                "personnelles réalisés sur ce site. Nous ne collectons que ce qui est "
                "nécessaire, et ce site ne dépose aucun cookie de mesure d'audience ni de "
                "cookie tiers.</p>"
            ),
            heading("Ce que nous collectons, pourquoi et combien de temps"),
            {"type": "retention_table", "value": None},
            heading("Vos droits"),
            paragraph(
                "<p>Vous pouvez accéder à vos données, les rectifier, les effacer, vous "
                "opposer à leur traitement ou en demander la limitation. Écrivez-nous depuis "
                'la <a href="/contact/">page contact</a>. Les alumni téléchargent leurs données '
                "et suppriment leur compte eux-mêmes depuis « Mon profil ». Si vous estimez "
                "que vos droits ne "
                "sont pas respectés, vous pouvez adresser une réclamation à la CNIL.</p>"
            ),
        ],
    ),
]


def load_legal_pages(home, report):
    for slug, title, kind, body in LEGAL_PAGES:
        get_or_create_child(
            home,
            LegalPage,
            slug,
            report,
            title=title,
            kind=kind,
            body=body,
            last_reviewed=datetime.date(2026, 11, 1),
        )


def load_indexes(home, report):
    """The indexes that projects, news and events hang from (one each)."""
    get_or_create_child(
        home,
        ProjectIndexPage,
        "projets",
        report,
        title="Projets",
        show_in_menus=True,
        intro="La banque de projets de l'EMI : les sujets portés par chaque promotion, "
        "ce qu'ils sont devenus et pourquoi, leur impact et l'avis des usagers.",
    )
    get_or_create_child(
        home,
        NewsIndexPage,
        "actualites",
        report,
        title="Actualités",
        show_in_menus=True,
        introduction="Les nouvelles de l'EMI et des collectivités qui la font vivre.",
    )
    get_or_create_child(
        home,
        EventIndexPage,
        "agenda",
        report,
        title="Agenda",
        show_in_menus=True,
        introduction="Rencontres des alumni, ateliers thématiques, jurys et restitutions.",
    )


def load_home_calls_to_action(home, about, contact, report):
    if home.calls_to_action:
        return
    home.calls_to_action = [
        {"type": "button", "value": {"label": "Découvrir l'EMI", "page": about.pk}},
        {"type": "button", "value": {"label": "Nous contacter", "page": contact.pk}},
    ]
    home.save_revision().publish()
    report.created_item("boutons d'appel à l'action de l'accueil")


def load(report):
    home = load_home(report)
    load_site_settings(report)
    about = load_about_pages(home, report)
    load_indexes(home, report)
    contact = load_contact(home, report)
    load_legal_pages(home, report)
    load_home_calls_to_action(home, about, contact, report)
    return home
