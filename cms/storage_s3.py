"""The two S3 storages of cms.storage, used when AWS_STORAGE_BUCKET_NAME is set.

django-storages reads the connection from the settings (AWS_S3_ENDPOINT_URL, the keys,
AWS_S3_REGION_NAME, AWS_S3_ADDRESSING_STYLE); what decides who may read a file is set
here and cannot be loosened by a setting:

- private files (originals, documents, private renditions) go under
  AWS_PRIVATE_MEDIA_LOCATION (in AWS_PRIVATE_STORAGE_BUCKET_NAME if set, a bucket of
  their own), with the "private" ACL; their storage gives no URL at all, not even a
  signed one: the site reads them and serves them itself, after its checks;
- public renditions go under AWS_PUBLIC_MEDIA_LOCATION with the "public-read" ACL and
  an unsigned URL (AWS_S3_CUSTOM_DOMAIN when a CDN or the bucket's own domain serves
  them); their names are random and never reused, so they are cached for a year.

AWS_S3_OBJECT_ACLS=0 sends no ACL at all, for buckets where ACLs are disabled ("bucket
owner enforced"): the bucket's policy must then allow public reads of the public prefix
only.
"""

from django.conf import settings
from storages.backends.s3 import S3Storage

PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"


def _acl(value):
    return value if getattr(settings, "AWS_S3_OBJECT_ACLS", True) else None


class PrivateS3Storage(S3Storage):
    """Private files: private ACL, no URL."""

    def __init__(self, **kwargs):
        bucket = getattr(settings, "AWS_PRIVATE_STORAGE_BUCKET_NAME", "") or (
            settings.AWS_STORAGE_BUCKET_NAME
        )
        kwargs.setdefault("bucket_name", bucket)
        kwargs.setdefault("location", getattr(settings, "AWS_PRIVATE_MEDIA_LOCATION", "private"))
        kwargs.setdefault("default_acl", _acl("private"))
        kwargs.setdefault("querystring_auth", False)
        kwargs.setdefault("custom_domain", None)
        kwargs.setdefault("file_overwrite", False)
        kwargs.setdefault("object_parameters", {"CacheControl": "private, no-store"})
        super().__init__(**kwargs)

    def url(self, name, parameters=None, expire=None, http_method=None):
        # Never an address of the bucket, signed or not: the site serves these itself.
        raise NotImplementedError("Ce fichier n'a pas d'adresse publique.")


class PublicS3Storage(S3Storage):
    """Public renditions: public-read ACL, unsigned URL, cached for a year."""

    def __init__(self, **kwargs):
        kwargs.setdefault("bucket_name", settings.AWS_STORAGE_BUCKET_NAME)
        kwargs.setdefault("location", getattr(settings, "AWS_PUBLIC_MEDIA_LOCATION", "media"))
        kwargs.setdefault("default_acl", _acl("public-read"))
        kwargs.setdefault("querystring_auth", False)
        kwargs.setdefault("custom_domain", getattr(settings, "AWS_S3_CUSTOM_DOMAIN", None) or None)
        kwargs.setdefault("file_overwrite", False)
        kwargs.setdefault("object_parameters", {"CacheControl": PUBLIC_CACHE_CONTROL})
        super().__init__(**kwargs)
