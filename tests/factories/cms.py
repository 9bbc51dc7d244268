"""Collectivités, accounts, groups, images and documents."""

import uuid

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.models import Collectivity

PASSWORD = "mot-de-passe-de-test"


class CollectivityFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Collectivité {n}")
    slug = factory.LazyAttribute(lambda collectivity: slugify(collectivity.name))

    class Meta:
        model = Collectivity
        django_get_or_create = ("slug",)


class UserFactory(DjangoModelFactory):
    """An account that logs in with PASSWORD."""

    username = factory.Sequence(lambda n: f"personne{n}@example.test")
    email = factory.LazyAttribute(lambda user: user.username)
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(user, create, groups, **kwargs):
        if create and groups:
            user.groups.add(*groups)


class GroupFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Groupe {n}")

    class Meta:
        model = Group
        django_get_or_create = ("name",)


class ImageFactory(wagtail_factories.ImageFactory):
    """An image with its alternative text (required by the site's image model), in the
    root collection unless told otherwise."""

    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Image {n}")
    alt_text = factory.LazyAttribute(lambda image: image.title)


def make_document(title, collection, content=b"%PDF-1.4\n%%EOF\n", extension="pdf", stem=None):
    """A document as the admin's upload view makes it (file size and hash recorded)."""
    document = get_document_model()(title=title, collection=collection)
    name = f"{stem or 'ressource'}-{uuid.uuid4().hex[:8]}.{extension}"
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document
