"""Stories an alumnus submits on the public site, moderated in the admin.

A submitted story becomes a draft StoryPage owned by its author under the story index,
and enters the index's workflow ("Modération alumni": one task for EMI moderators),
exactly as the admin's "Submit for moderation" does. Its author follows it on
/alumni/mon-profil/; a story sent back can be edited and resubmitted, which resumes the
same workflow.

The text is written with light formatting (Markdown: paragraphs, lists, links, bold
and italics) and converted by Wagtail's own rich-text conversion, the one its API uses
for Markdown input; the result is reduced to the story's features, so anything else
(headings, images, raw HTML, scripts) is dropped while the words are kept.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.markdown_db import MarkdownConverter
from wagtail.api.rich_text import APIRichText, RichTextFormatError
from wagtail.coreutils import find_available_slug
from wagtail.models import TaskState, WorkflowState

from cms.models import CustomImage

from .models import AlumniProfile, StoryIndexPage, StoryPage
from .models.stories import STORY_FEATURES, STORY_ROUTE_SLUGS
from .notifications import send_story_received, send_story_resubmitted
from .setup import stories_collection, story_workflow

STORIES_PER_HOUR = 5
RATE_WINDOW = datetime.timedelta(hours=1)
STORY_TEXT_MAX_LENGTH = 10000

STORY_CONSENT_VERSION = "2026-11"
STORY_CONSENT_TEXT = (
    "J'accepte que ce témoignage soit publié sur le site de l'EMI, signé de mon nom, une "
    "fois relu par l'équipe de l'EMI. Je pourrai demander son retrait à tout moment."
)

# What the sanitiser may drop, in words the author understands.
REMOVED_LABELS = {
    "h1": "titres",
    "h2": "titres",
    "h3": "titres",
    "h4": "titres",
    "h5": "titres",
    "h6": "titres",
    "blockquote": "citations",
    "pre": "blocs de code",
    "code": "blocs de code",
    "embed": "images",
    "img": "images",
    "hr": "séparateurs",
    "a": "liens non valables",
}


class StoryRateLimited(Exception):
    def __init__(self, retry_at):
        self.retry_at = retry_at
        local = timezone.localtime(retry_at)
        super().__init__(
            f"Vous avez déjà proposé {STORIES_PER_HOUR} témoignages en une heure : c'est le "
            f"maximum. Votre texte n'a pas été envoyé ; vous pourrez le proposer à partir "
            f"de {local:%H} h {local:%M}."
        )


@dataclass
class ConvertedText:
    html: str
    removed: list

    @property
    def removed_message(self):
        if not self.removed:
            return ""
        return (
            "Certaines mises en forme ne sont pas acceptées et ont été retirées ("
            + ", ".join(self.removed)
            + ") : votre texte, lui, est conservé."
        )


def convert_text(text):
    """Light-formatted text → the story's rich text, reduced to the allowed features."""
    # Raw HTML has no place in the text: its tags go, its words stay (as the rich-text
    # sanitiser does), instead of being shown as literal markup.
    plain = strip_tags(text or "").replace("\r\n", "\n").strip()
    try:
        html, removals = APIRichText.convert_input(
            {"format": APIRichText.FORMAT_DB_MARKDOWN, "content": plain},
            features=STORY_FEATURES,
        )
    except RichTextFormatError:
        # Only internal references (wagtail://…) can fail: keep the words as paragraphs.
        html, removals = APIRichText.convert_input(
            {"format": APIRichText.FORMAT_DB_MARKDOWN, "content": plain.replace("wagtail://", "")},
            features=STORY_FEATURES,
        )
    removed = []
    for removal in removals:
        label = REMOVED_LABELS.get(removal.tag, "mises en forme non prévues")
        if label not in removed:
            removed.append(label)
    return ConvertedText(html=html, removed=removed)


def text_for_editing(html):
    """The story's rich text back into the light formatting of the form."""
    return MarkdownConverter(STORY_FEATURES).from_database_format(html, resolved=False).strip()


def story_index():
    return StoryIndexPage.objects.first()


def rate_limit_check(user, now):
    """Raise StoryRateLimited if `user` proposed 5 stories in the past hour (database count)."""
    since = now - RATE_WINDOW
    recent = list(
        StoryPage.objects.filter(owner=user, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) >= STORIES_PER_HOUR:
        raise StoryRateLimited(recent[len(recent) - STORIES_PER_HOUR] + RATE_WINDOW)


def _store_image(image_file, alt_text, user, title):
    image = CustomImage(
        title=f"Témoignage : {title}"[:255],
        file=image_file,
        alt_text=alt_text.strip(),
        collection=stories_collection(),
        uploaded_by_user=user,
    )
    image.save()
    return image


def _slug_for(index, title, ignore_page_id=None):
    base = slugify(title)[:70].strip("-") or "temoignage"
    if base in STORY_ROUTE_SLUGS or base.isdigit():
        base = f"temoignage-{base}"
    return find_available_slug(index, base, ignore_page_id=ignore_page_id)


@transaction.atomic
def submit_story(profile, *, title, text, related_project=None, image_file=None, image_alt=""):
    """Create the draft story and start its moderation; returns (page, ConvertedText)."""
    user = profile.user
    now = timezone.now()
    # One submission at a time per person: the count and the insert happen under the
    # lock of the profile's row, so parallel requests cannot pass the limit together.
    AlumniProfile.objects.select_for_update().filter(pk=profile.pk).first()
    rate_limit_check(user, now)
    index = story_index()
    if index is None:
        raise RuntimeError("No StoryIndexPage: create /alumni/temoignages/ first.")
    converted = convert_text(text)
    image = _store_image(image_file, image_alt, user, title) if image_file else None
    page = StoryPage(
        title=title.strip(),
        slug=_slug_for(index, title),
        body=converted.html,
        related_project=related_project,
        cover_image=image,
        author=profile,
        owner=user,
        live=False,
        publication_consent_at=now,
        publication_consent_version=STORY_CONSENT_VERSION,
        created_at=now,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = story_workflow(index)
    workflow.start(page, user)

    # Queued in this transaction: the story and its acknowledgement commit together.
    send_story_received(page.pk)
    return page, converted


# --- where a story stands --------------------------------------------------------------

STATE_PUBLISHED = "publie"
STATE_IN_REVIEW = "en-relecture"
STATE_SENT_BACK = "a-modifier"
STATE_DRAFT = "brouillon"
STATE_LABELS = {
    STATE_PUBLISHED: "Publié",
    STATE_IN_REVIEW: "En attente de relecture",
    STATE_SENT_BACK: "Renvoyé pour modification",
    STATE_DRAFT: "Non publié",
}


@dataclass
class StoryStatus:
    story: StoryPage
    state: str
    comment: str = ""
    has_pending_changes: bool = False

    @property
    def label(self):
        return STATE_LABELS[self.state]

    @property
    def can_edit(self):
        return self.state in (STATE_SENT_BACK, STATE_DRAFT)


def statuses_for(profile):
    """Each story of the profile with its state and the moderator's last comment."""
    stories = list(
        StoryPage.objects.filter(author=profile)
        .order_by("-created_at", "-pk")
        .only(
            "pk",
            "title",
            "live",
            "url_path",
            "path",
            "depth",
            "has_unpublished_changes",
            "created_at",
            "first_published_at",
            "last_published_at",
        )
    )
    if not stories:
        return []
    object_ids = [str(story.pk) for story in stories]
    states = {
        state.object_id: state
        for state in WorkflowState.objects.active()
        .filter(base_content_type__model="page", base_content_type__app_label="wagtailcore")
        .filter(object_id__in=object_ids)
    }
    comments = {}
    rejected = (
        TaskState.objects.filter(
            workflow_state__in=[state.pk for state in states.values()],
            status=TaskState.STATUS_REJECTED,
        )
        .select_related("workflow_state")
        .order_by("finished_at", "pk")
    )
    for task_state in rejected:
        comments[task_state.workflow_state.object_id] = task_state.comment
    result = []
    for story in stories:
        workflow_state = states.get(str(story.pk))
        if (
            workflow_state is not None
            and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        ):
            state = STATE_SENT_BACK
        elif workflow_state is not None:
            state = STATE_IN_REVIEW
        elif story.live:
            state = STATE_PUBLISHED
        else:
            state = STATE_DRAFT
        result.append(
            StoryStatus(
                story=story,
                state=state,
                comment=comments.get(str(story.pk), "") if state == STATE_SENT_BACK else "",
                has_pending_changes=story.live and workflow_state is not None,
            )
        )
    return result


def current_workflow_state(story):
    return (
        WorkflowState.objects.active()
        .filter(base_content_type__model="page", base_content_type__app_label="wagtailcore")
        .filter(object_id=str(story.pk))
        .first()
    )


@transaction.atomic
def resubmit_story(
    story,
    profile,
    *,
    title,
    text,
    related_project,
    image,
    image_file,
    image_alt,
    remove_image=False,
):
    """Save the author's changes and send the story back into moderation."""
    user = profile.user
    story = StoryPage.objects.select_for_update().get(pk=story.pk)
    workflow_state = current_workflow_state(story)
    if workflow_state is not None and workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        raise PermissionError("story already in review")
    if story.live:
        raise PermissionError("published stories are edited by the moderators")
    converted = convert_text(text)
    story.title = title.strip()
    story.draft_title = story.title
    story.body = converted.html
    story.related_project = related_project
    if image_file:
        story.cover_image = _store_image(image_file, image_alt, user, title)
    elif remove_image:
        story.cover_image = None
    elif (
        story.cover_image_id
        and image_alt.strip()
        and image_alt.strip() != story.cover_image.alt_text
    ):
        story.cover_image.alt_text = image_alt.strip()
        story.cover_image.save(update_fields=["alt_text"])
    story.save()
    story.save_revision(user=user, log_action=True)
    if workflow_state is not None:
        workflow_state.resume(user)
    else:
        story_workflow(story.get_parent().specific).start(story, user)

    send_story_resubmitted(story.pk)  # queued in this transaction
    return story, converted


def latest_content(story):
    """The story as last saved (a moderator may have edited it in the admin)."""
    return story.get_latest_revision_as_object()


def story_image_max_size():
    return getattr(settings, "EMI_STORY_IMAGE_MAX_SIZE", 5 * 1024 * 1024)
