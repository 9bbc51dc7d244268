"""Who is a member: a user with an active alumni profile, in the group "Alumni"."""

from wagtail.users.models import UserProfile

from .models.profiles import AlumniProfile
from .setup import ALUMNI_GROUP_NAME, alumni_group

# Wagtail's own notifications about a page in moderation point to the admin, which
# alumni cannot open: they receive the network's emails instead (alumni.notifications).
WAGTAIL_NOTIFICATIONS = (
    "submitted_notifications",
    "approved_notifications",
    "rejected_notifications",
    "updated_comments_notifications",
)

_CACHE_ATTRIBUTE = "_alumni_member_profile"


def member_profile(user):
    """The user's profile if they are a member, else None (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTRIBUTE):
        profile = (
            AlumniProfile.objects.members()
            .filter(user=user)
            .select_related("collectivity", "cohort", "cohort__host_collectivity")
            .first()
        )
        setattr(user, _CACHE_ATTRIBUTE, profile)
    return getattr(user, _CACHE_ATTRIBUTE)


def forget_member_cache(user):
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_member(user):
    return member_profile(user) is not None


def can_access_admin(user):
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def silence_admin_notifications(user):
    """Alumni without admin access never get Wagtail's admin-linked emails."""
    if can_access_admin(user):
        return
    preferences = UserProfile.get_for_user(user)
    changed = [name for name in WAGTAIL_NOTIFICATIONS if getattr(preferences, name)]
    for name in changed:
        setattr(preferences, name, False)
    if changed:
        preferences.save(update_fields=changed)


def activate(profile):
    """Make the profile's owner a member (idempotent). Returns True if they were not."""
    group = alumni_group()
    user = profile.user
    was_member = profile.is_active and user.groups.filter(pk=group.pk).exists()
    if not profile.is_active:
        profile.is_active = True
        profile.save(update_fields=["is_active"])
    user.groups.add(group)
    silence_admin_notifications(user)
    forget_member_cache(user)
    return not was_member


def deactivate(profile):
    """Withdraw access to the network, keeping the profile (moderators' decision)."""
    profile.user.groups.remove(*profile.user.groups.filter(name=ALUMNI_GROUP_NAME))
    if profile.is_active:
        profile.is_active = False
        profile.save(update_fields=["is_active"])
    forget_member_cache(profile.user)
