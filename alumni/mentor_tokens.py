"""The signed links of a mentor's email: a token naming a request and the answer.

Its own module so that the mentoring rules (alumni.mentoring, which read the tokens)
and the emails (alumni.notifications, which write them) both import it.
"""

from django.core import signing

TOKEN_SALT = "alumni.mentoring.answer"
TOKEN_MAX_AGE = 30 * 24 * 3600
ACCEPT = "accepter"
DECLINE = "decliner"
ANSWERS = (ACCEPT, DECLINE)


def answer_token(request, answer):
    return signing.dumps({"r": request.pk, "a": answer}, salt=TOKEN_SALT, compress=True)
