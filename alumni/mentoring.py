"""Mentoring ("parrainage"): requests within the mentor's monthly capacity, signed answers.

A mentor says how many requests a month they accept. Requests waiting for an answer or
accepted during the current calendar month (Paris time) count; declined ones free their
place. The count happens under a lock on the mentor's row, so two requests sent at the
same moment cannot both take the last place.

The mentor answers from a link in their email (a signed token naming the request and
the answer, valid 30 days: alumni.mentor_tokens), or from their profile page. Each side
receives the other's contact details only once the mentor accepted.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .mentor_tokens import ACCEPT, ANSWERS, TOKEN_MAX_AGE, TOKEN_SALT
from .models.mentoring import MentorRequest
from .models.profiles import AlumniProfile
from .notifications import send_mentor_answer, send_mentor_request

PARIS = ZoneInfo("Europe/Paris")

FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


class MentoringError(Exception):
    """Why a request cannot be sent or answered, in French, for the person who tried."""


def month_bounds(now=None):
    """Start of the current month and of the next one, Paris time, as aware datetimes."""
    local = timezone.localtime(now or timezone.now(), PARIS)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if start.month == 12:
        end = start.replace(year=start.year + 1, month=1)
    else:
        end = start.replace(month=start.month + 1)
    return start, end


def french_date(day):
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def _load_filter(now, prefix=""):
    """The requests that take one of a mentor's monthly places: those accepted this month,
    and those still awaiting an answer (a place is held for them; declining frees it)."""
    start, end = month_bounds(now)
    accepted = Q(
        **{
            f"{prefix}status": MentorRequest.Status.ACCEPTED,
            f"{prefix}answered_at__gte": start,
            f"{prefix}answered_at__lt": end,
        }
    )
    return accepted | Q(**{f"{prefix}status": MentorRequest.Status.PENDING})


def month_load(mentor, now=None):
    return MentorRequest.objects.filter(_load_filter(now), mentor=mentor).count()


def with_monthly_load(queryset, now=None):
    """Annotate `month_load` (see _load_filter) on each mentor, in the same query."""
    return queryset.annotate(
        month_load=Count(
            "mentor_requests_received",
            filter=_load_filter(now, prefix="mentor_requests_received__"),
            distinct=True,
        )
    )


def places_left(mentor, load):
    return max(mentor.mentor_capacity - load, 0)


def available_mentors():
    return AlumniProfile.objects.listed().filter(is_mentor=True, mentor_paused=False)


def capacity_message(mentor, now=None):
    _start, end = month_bounds(now)
    return (
        f"{mentor.full_name} a déjà accepté ce mois-ci, ou a en attente de réponse, toutes "
        f"les demandes de parrainage qu'il ou elle accepte ({mentor.mentor_capacity} par "
        "mois). Votre message n'a pas "
        f"été envoyé : vous pourrez lui écrire à partir du {french_date(end.date())}, ou "
        "choisir dès maintenant un autre parrain ou une autre marraine."
    )


@transaction.atomic
def create_request(requester, mentor, message, now=None):
    """Record a request if the mentor can take it; raises MentoringError otherwise."""
    now = now or timezone.now()
    if requester.pk == mentor.pk:
        raise MentoringError("Vous ne pouvez pas vous adresser une demande à vous-même.")
    # Serialise concurrent requests to the same mentor: the count and the insert are
    # made while holding the lock on the mentor's row.
    mentor = AlumniProfile.objects.select_for_update().get(pk=mentor.pk)
    if not available_mentors().filter(pk=mentor.pk).exists():
        raise MentoringError(
            f"{mentor.full_name} ne reçoit pas de demandes de parrainage en ce moment."
        )
    if MentorRequest.objects.filter(
        requester=requester, mentor=mentor, status=MentorRequest.Status.PENDING
    ).exists():
        raise MentoringError(
            f"Vous avez déjà une demande en attente auprès de {mentor.full_name} : "
            "attendez sa réponse avant d'en envoyer une autre."
        )
    if month_load(mentor, now) >= mentor.mentor_capacity:
        raise MentoringError(capacity_message(mentor, now))
    request = MentorRequest.objects.create(
        requester=requester, mentor=mentor, message=message.strip(), created_at=now
    )
    # Queued in this transaction: the request and its mail commit together.
    send_mentor_request(request.pk)
    return request


@dataclass
class TokenAnswer:
    request: MentorRequest
    answer: str


def read_token(token):
    """The request and the answer a link stands for; raises MentoringError if invalid."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise MentoringError(
            "Ce lien a expiré (il reste valable 30 jours). Répondez depuis la page "
            "« Mon profil » de votre espace alumni."
        ) from error
    except signing.BadSignature as error:
        raise MentoringError("Ce lien n'est pas valable : il a peut-être été tronqué.") from error
    if not isinstance(data, dict) or data.get("a") not in ANSWERS:
        raise MentoringError("Ce lien n'est pas valable : il a peut-être été tronqué.")
    request = (
        MentorRequest.objects.select_related("requester", "mentor", "requester__collectivity")
        .filter(pk=data.get("r"))
        .first()
    )
    if request is None:
        raise MentoringError(
            "Cette demande n'existe plus : la personne a peut-être supprimé son compte."
        )
    return TokenAnswer(request=request, answer=data["a"])


@transaction.atomic
def answer_request(request, answer, now=None):
    """Accept or decline a pending request; the contacts are exchanged on acceptance."""
    request = MentorRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_pending:
        raise MentoringError(
            f"Vous avez déjà répondu à cette demande : elle est "
            f"{request.get_status_display().lower()}."
        )
    if answer not in ANSWERS:
        raise ValueError(answer)
    request.status = (
        MentorRequest.Status.ACCEPTED if answer == ACCEPT else MentorRequest.Status.DECLINED
    )
    request.answered_at = now or timezone.now()
    request.save(update_fields=["status", "answered_at"])
    send_mentor_answer(request.pk)  # queued in this transaction
    return request
