"""Who manages registrations and topic proposals in the admin: EMI moderators.

They hold personal data, so contributors of the collectivités never see them. The group
"Modérateurs EMI" (cms.collectivities) gets every action without a per-model grant, so
that a fresh install or a new moderator works at once; anyone else needs Django's model
permissions, given explicitly.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

from cms.collectivities import MODERATORS_GROUP_NAME, is_moderator


class EMIModeratorsPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if user.is_active and is_moderator(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        moderators = get_user_model().objects.filter(
            is_active=True, groups__name=MODERATORS_GROUP_NAME
        )
        return (super().users_with_any_permission(actions) | moderators).distinct()


def register_policies():
    from wagtail.permissions import register_permission_policy

    from .models import EventRegistration, TopicProposal

    for model in (EventRegistration, TopicProposal):
        register_permission_policy(model, EMIModeratorsPermissionPolicy(model))
